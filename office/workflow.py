"""The one workflow helper, and the one place that decides who may act on a record.

A model declares its rules once::

    class Item(models.Model):
        status = models.CharField(choices=ItemStatus.choices, ...)
        workflow = Workflow(
            Transition("assign", _("Assign"), source=["registered"], target="assigned",
                       roles=OFFICE_ROLES),
            Action("urge", _("Urge"), roles=OFFICE_ROLES, source=OPEN_STATUSES),
            ...
        )

A ``Transition`` moves the record to another state; an ``Action`` (a report, an urge, a
comment) leaves the state alone. Both say who may (roles and an optional ``check``) and when
(source states and an optional ``when``). Then:

- the service calls ``require(actor, "urge", item)`` (or ``transition_perform``, which does),
  so a refusal changes nothing;
- the detail page, the API and the templates' buttons ask ``may(actor, "urge", item)``;
- both also ask the record's scope: the city office views the counties' records but acts only
  on its own, and a unit liaison only on their unit's.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import TransitionLog
from .models.scoping import in_scope, user_scope
from .texts import check_texts


class TransitionError(ValidationError):
    """An illegal transition: the record is not in a state the action starts from."""


class TransitionForbidden(TransitionError):
    """The actor may not perform this action on this record."""


class _Rule:
    """Who may (roles, check) and when (source states, when) for one action."""

    name: str
    label: str
    source: Iterable[str]
    roles: Iterable[str]
    check: Callable | None
    when: Callable | None
    # Performed by the system on behalf of a rule (a split item following its units), never
    # offered to a person.
    system: bool
    # What a person who may not do it is told; a generic sentence when empty.
    refusal: str
    # Where the actor may do it: "office" (the record's own office, the default) or "view"
    # (wherever they may see the record: a comment on a practice shared in the city).
    reach: str

    def permits(self, actor, obj) -> bool:
        """Whether ``actor`` is someone who may do this to ``obj`` (not whether it is time)."""
        if self.system:
            return False
        if actor is None or not actor.is_authenticated or not actor.is_active:
            return False
        if self.roles and not actor.has_role(*self.roles):
            return False
        return self.check is None or bool(self.check(actor, obj))

    def applies_to(self, obj, state, today=None) -> bool:
        """Whether the record is in a state this action starts from. ``when(obj, today)``
        gets the day explicitly, so a service back-dated to another day decides as on it."""
        if self.source and state not in self.source:
            return False
        return self.when is None or bool(self.when(obj, today or timezone.localdate()))


@dataclass(frozen=True)
class Transition(_Rule):
    name: str
    label: str
    source: Iterable[str]
    # None: the target is given when performed (a system transition that follows others).
    target: str | None
    roles: Iterable[str] = ()
    # Extra rule beyond roles, e.g. "only the item's own unit": (actor, obj) -> bool.
    check: Callable | None = None
    comment_required: bool = False
    style: str = "primary"
    when: Callable | None = None
    system: bool = False
    refusal: str = ""
    reach: str = "office"
    # How the timeline tells it, as a sentence: (obj) -> str, e.g. "交办至城关镇".
    sentence: Callable | None = None


@dataclass(frozen=True)
class Action(_Rule):
    """An action that leaves the state alone: a report, an urge, a comment, an edit."""

    name: str
    label: str
    roles: Iterable[str] = ()
    check: Callable | None = None
    source: Iterable[str] = ()
    when: Callable | None = None
    system: bool = False
    refusal: str = ""
    reach: str = "office"


@dataclass
class Workflow:
    transitions: tuple[Transition, ...] = field(default_factory=tuple)
    actions: tuple[Action, ...] = field(default_factory=tuple)
    state_field: str = "status"
    tones: dict = field(default_factory=dict)

    def __init__(
        self, *rules: Transition | Action, state_field: str = "status", tones: dict | None = None
    ):
        self.transitions = tuple(r for r in rules if isinstance(r, Transition))
        self.actions = tuple(r for r in rules if isinstance(r, Action))
        self.state_field = state_field
        # state -> tone (office.tones): the shade of the state's badge and chart slice.
        self.tones = {str(state): tone for state, tone in (tones or {}).items()}

    def tone_of(self, state) -> str:
        return self.tones.get(str(state), "grey")

    @property
    def rules(self) -> tuple:
        return (*self.transitions, *self.actions)

    def get(self, name: str) -> Transition | Action:
        for candidate in self.rules:
            if candidate.name == name:
                return candidate
        raise TransitionError(_("Unknown action: %(name)s") % {"name": name})

    def state_of(self, obj) -> str:
        return getattr(obj, self.state_field)

    def may(self, actor, name: str, obj, today=None) -> bool:
        """Whether the actor may do ``name`` to ``obj`` now: who, when, and where."""
        rule = self.get(name)
        return (
            rule.applies_to(obj, self.state_of(obj), today)
            and rule.permits(actor, obj)
            and reaches(rule, actor, obj)
        )

    def available(self, obj, actor) -> list:
        """Rules the actor may perform on obj now (for buttons), transitions first."""
        return [rule for rule in self.rules if self.may(actor, rule.name, obj)]

    def require(self, actor, name: str, obj, today=None) -> Transition | Action:
        """Refuse, with the reason, unless the actor may do ``name`` to ``obj`` now."""
        rule = self.get(name)
        state = self.state_of(obj)
        if not rule.permits(actor, obj) or not reaches(rule, actor, obj):
            raise TransitionForbidden(
                rule.refusal or _("You may not %(action)s this record.") % {"action": rule.label}
            )
        if (
            rule.reach == "office"
            and actor.sees_own_unit_only
            and not in_scope(actor, obj, "change")
        ):
            raise TransitionForbidden(_("This record is outside your unit."))
        if not rule.applies_to(obj, state, today):
            raise TransitionError(
                _("Cannot %(action)s: the record is %(state)s.")
                % {"action": rule.label, "state": _state_label(obj, self, state)}
            )
        return rule


def office_id_of(obj):
    """The id of the office that owns ``obj``, read along its ``scope_office_field``."""
    *path, last = type(obj).scope_office_field.split("__")
    for name in path:
        obj = getattr(obj, name)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id")


def acts_in_office(actor, obj) -> bool:
    """Whether the actor acts where the record lives. Office-side people act on their own
    office's records only: the city office compares and supervises the counties' records
    but does not change them. A unit's people are bound by the rule's own check (their unit)
    and, in ``require``, by their scope."""
    if actor is None or not actor.is_authenticated:
        return False
    if actor.is_superuser:
        return True
    scope = user_scope(actor)
    if scope is None:
        return False
    if scope.unit is not None:
        return True
    return office_id_of(obj) == scope.office.pk


def reaches(rule, actor, obj) -> bool:
    """Whether the actor is where the rule may be done: in the record's own office, or, for a
    rule of ``reach="view"``, anywhere the record is in their view scope."""
    if rule.reach == "view":
        return in_scope(actor, obj, "view")
    return acts_in_office(actor, obj)


def may(actor, name: str, obj, today=None) -> bool:
    """``may(user, "urge", item)``: the one question every view, API and button asks."""
    return _workflow_of(obj).may(actor, name, obj, today)


def permitted(actor, name: str, obj) -> bool:
    """Whether the actor is someone who may do ``name`` to ``obj`` at all, whatever its state
    (a page may then let the service explain why not now)."""
    rule = _workflow_of(obj).get(name)
    return rule.permits(actor, obj) and reaches(rule, actor, obj)


def require(actor, name: str, obj, today=None):
    """The services' form of ``may``: raise TransitionForbidden / TransitionError."""
    return _workflow_of(obj).require(actor, name, obj, today)


def _workflow_of(obj) -> Workflow:
    workflow = getattr(type(obj), "workflow", None)
    if not isinstance(workflow, Workflow):
        raise TypeError(f"{type(obj).__name__} declares no workflow")
    return workflow


def _state_label(obj, workflow: Workflow, state: str) -> str:
    choices = dict(type(obj)._meta.get_field(workflow.state_field).flatchoices)
    return str(choices.get(state, state))


@transaction.atomic
def transition_perform(
    *, obj, name: str, actor, comment: str = "", target: str | None = None, **changes
) -> TransitionLog:
    """Move ``obj`` along transition ``name``; extra keyword arguments are saved with it.

    A system transition (``actor`` None) is performed on behalf of a rule, e.g. a split item
    following its units; its ``target`` may be given when the declaration leaves it open."""
    workflow = _workflow_of(obj)
    transition = workflow.get(name)
    if not isinstance(transition, Transition):
        raise TypeError(f"{name} is not a transition")
    # Re-read the state under a row lock so two people acting at once cannot both succeed.
    locked = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
    if transition.system:
        _check_system_move(obj, workflow, transition, workflow.state_of(locked))
    else:
        workflow.require(actor, name, locked)
    if transition.comment_required and not comment.strip():
        raise TransitionError(_("Please give a reason."))
    check_texts(TransitionLog, comment=comment)
    source = workflow.state_of(locked)
    target = transition.target or target
    if target is None:
        raise TypeError(f"{name} needs a target")
    setattr(obj, workflow.state_field, target)
    for attr, value in changes.items():
        setattr(obj, attr, value)
    obj._change_reason = str(transition.label)
    # simple-history names the actor of the change (the request's user is not always there:
    # the API, a task or the importer call services too).
    obj._history_user = actor
    # Only what the transition changes: never overwrite someone else's edit of other fields.
    obj.save(update_fields=[workflow.state_field, *changes])
    return TransitionLog.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        transition=transition.name,
        source_state=source,
        target_state=target,
        actor=actor,
        comment=comment,
    )


def _check_system_move(obj, workflow, transition, source) -> None:
    if not transition.applies_to(obj, source, None):
        raise TransitionError(
            _("Cannot %(action)s: the record is %(state)s.")
            % {"action": transition.label, "state": _state_label(obj, workflow, source)}
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
    transitions = {t.name: t for t in workflow.transitions}
    for log in logs:
        log.source_label = _state_label(obj, workflow, log.source_state)
        log.target_label = _state_label(obj, workflow, log.target_state)
        transition = transitions.get(log.transition)
        log.action_label = transition.label if transition else log.transition
        log.sentence = str(transition.sentence(obj)) if transition and transition.sentence else ""
    return logs
