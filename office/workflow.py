"""The one workflow helper.

A model declares its transitions once::

    class Item(models.Model):
        status = models.CharField(choices=ItemStatus.choices, ...)
        workflow = Workflow(
            Transition("assign", _("Assign"), source=["registered"], target="assigned",
                       roles=[Role.STAFF]),
            ...
        )

and every writer calls ``transition_perform(obj=item, name="assign", actor=user)``, which
checks the source state and who may act, saves the new state and writes a TransitionLog row.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import TransitionLog


class TransitionError(ValidationError):
    """An illegal transition: the record is not in a state the action starts from."""


class TransitionForbidden(TransitionError):
    """The actor may not perform this transition on this record."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    source: Iterable[str]
    target: str
    roles: Iterable[str] = ()
    # Extra rule beyond roles, e.g. "only the item's own unit": (actor, obj) -> bool.
    check: Callable | None = None
    comment_required: bool = False
    style: str = "primary"

    def permits(self, actor, obj) -> bool:
        if actor is None or not actor.is_authenticated or not actor.is_active:
            return False
        if self.roles and not actor.has_role(*self.roles):
            return False
        return self.check is None or bool(self.check(actor, obj))


@dataclass
class Workflow:
    transitions: tuple[Transition, ...] = field(default_factory=tuple)
    state_field: str = "status"

    def __init__(self, *transitions: Transition, state_field: str = "status"):
        self.transitions = transitions
        self.state_field = state_field

    def get(self, name: str) -> Transition:
        for candidate in self.transitions:
            if candidate.name == name:
                return candidate
        raise TransitionError(_("Unknown action: %(name)s") % {"name": name})

    def state_of(self, obj) -> str:
        return getattr(obj, self.state_field)

    def available(self, obj, actor) -> list[Transition]:
        """Transitions the actor may perform on obj now (for buttons)."""
        state = self.state_of(obj)
        return [t for t in self.transitions if state in t.source and t.permits(actor, obj)]


def _workflow_of(obj) -> Workflow:
    workflow = getattr(type(obj), "workflow", None)
    if not isinstance(workflow, Workflow):
        raise TypeError(f"{type(obj).__name__} declares no workflow")
    return workflow


def _state_label(obj, workflow: Workflow, state: str) -> str:
    choices = dict(type(obj)._meta.get_field(workflow.state_field).flatchoices)
    return str(choices.get(state, state))


@transaction.atomic
def transition_perform(*, obj, name: str, actor, comment: str = "", **changes) -> TransitionLog:
    """Move ``obj`` along transition ``name``; extra keyword arguments are saved with it."""
    workflow = _workflow_of(obj)
    transition = workflow.get(name)
    # Re-read the state under a row lock so two people acting at once cannot both succeed.
    locked = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
    source = workflow.state_of(locked)
    if source not in transition.source:
        raise TransitionError(
            _("Cannot %(action)s: the record is %(state)s.")
            % {"action": transition.label, "state": _state_label(obj, workflow, source)}
        )
    if not transition.permits(actor, locked):
        raise TransitionForbidden(
            _("You may not %(action)s this record.") % {"action": transition.label}
        )
    if transition.comment_required and not comment.strip():
        raise TransitionError(_("Please give a reason."))
    setattr(obj, workflow.state_field, transition.target)
    for attr, value in changes.items():
        setattr(obj, attr, value)
    obj._change_reason = str(transition.label)
    # Only what the transition changes: never overwrite someone else's edit of other fields.
    obj.save(update_fields=[workflow.state_field, *changes])
    return TransitionLog.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        transition=transition.name,
        source_state=source,
        target_state=transition.target,
        actor=actor,
        comment=comment,
    )


def transition_history(obj) -> list[TransitionLog]:
    """The transition log of one record, newest first, with the states' labels attached
    (``source_label``, ``target_label``, ``action_label``) for people to read."""
    workflow = _workflow_of(obj)
    logs = list(
        TransitionLog.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        ).select_related("actor")
    )
    actions = {t.name: t.label for t in workflow.transitions}
    for log in logs:
        log.source_label = _state_label(obj, workflow, log.source_state)
        log.target_label = _state_label(obj, workflow, log.target_state)
        log.action_label = actions.get(log.transition, log.transition)
    return logs
