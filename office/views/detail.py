"""The generic detail page: a record's fields, the actions the user may take on it, and one
timeline of everything that happened to it.

An app declares, and gets the page:

    class ItemDetailView(ObjectDetailView):
        model = Item
        action_panels = (
            ActionPanel("assign", AssignForm, assign, _("Assign to the lead unit"), _("Assign")),
            ...
        )
        timeline_sources = ("report_events", "urge_events")

    urlpatterns = [path("<int:pk>/", ItemDetailView.as_view(), name="item_detail"),
                   *action_urls(ItemDetailView, "item")]

Each panel names the rule of the model's workflow that decides who may use it (``office.workflow
.may``), so the page shows a form only to whoever the service will let act, and the service
refuses whoever posts anyway. A refusal is a message, changes nothing, and keeps what was typed.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView
from django.views.generic.detail import SingleObjectMixin
from simple_history.models import ModelChange

from office.texts import limit_form_texts
from office.workflow import may, transition_history

from .generic import RestrictedMixin, ViewPermissionMixin, display_value

# --- The timeline ------------------------------------------------------------------------------


@dataclass
class Event:
    """One line of a record's timeline."""

    time: datetime
    kind: str
    icon: str
    tone: str
    title: str
    actor: object = None
    text: str = ""
    # Files, each with ``name``, ``size`` and ``get_absolute_url`` (a scoped download).
    attachments: list = field(default_factory=list)
    changes: list = field(default_factory=list)


def _m2m_snapshots(records) -> dict[str, dict[int, list[dict]]]:
    """{field: {history_id: [through row, ...]}} of the many-to-many fields simple-history
    keeps for these records, as diff_against compares them (sorted by the related record)."""
    if not records:
        return {}
    snapshots = {}
    for m2m_field in getattr(records[0], "_history_m2m_fields", ()):
        through = getattr(records[0], m2m_field.name).model
        reverse = m2m_field.m2m_reverse_field_name()
        compared = [
            f.name
            for f in through._meta.fields
            if f.editable and f.name not in ["id", "m2m_history_id", "history"]
        ]
        rows: dict[int, list[dict]] = {}
        queryset = through._default_manager.filter(
            history_id__in=[record.history_id for record in records]
        ).order_by("history_id", reverse)
        for row in queryset.values("history_id", *compared):
            history_id = row.pop("history_id")
            rows.setdefault(history_id, []).append(row)
        snapshots[m2m_field.name] = rows
    return snapshots


def history_events(model, history, hidden_fields=()) -> list[Event]:
    """The record's change history as events. Fields a transition changes are hidden: the
    transition's own event tells that change better than the diff."""
    hidden = {str(model._meta.get_field(name).verbose_name) for name in hidden_fields}
    events = []
    for record in reversed(history):
        if record.history_type == "+":
            events.append(
                Event(
                    record.history_date,
                    "created",
                    "plus-circle",
                    "secondary",
                    _("Created"),
                    record.history_user,
                )
            )
            continue
        # A JSON field holds data for the program (a circular's figures as published), not
        # something a person changed: the record's own pages show it readably.
        changes = [
            c for c in record.changes if str(c["field"]) not in hidden and not c.get("is_data")
        ]
        if changes:
            events.append(
                Event(
                    record.history_date,
                    "change",
                    "pencil",
                    "secondary",
                    record.history_change_reason or _("Changed"),
                    record.history_user,
                    changes=changes,
                )
            )
    return events


def transition_events(transitions) -> list[Event]:
    """A transition as a sentence when its rule says how ("交办至城关镇"), otherwise as the
    action and the states it moved between ("办结销号：申请办结 → 已办结")."""
    return [
        Event(
            log.created_at,
            "transition",
            "arrow-right-circle",
            "azure",
            getattr(log, "sentence", "")
            or f"{log.action_label}：{log.source_label} → {log.target_label}",
            log.actor,
            log.comment,
        )
        for log in transitions
    ]


# --- Actions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SubmitButton:
    """A button of an action's form; several when one form decides two ways."""

    label: str
    style: str = "primary"
    icon: str = ""
    name: str = ""
    value: str = ""


@dataclass(frozen=True)
class ActionPanel:
    """An action on the detail page: its form, the service call, and how it looks.

    ``perform(view, obj, data)`` calls the app's service and returns the success message.
    ``rules`` are the workflow rules whose ``may`` shows the panel (default: its name);
    ``subject(obj)`` gives the record the rule is asked of when it is not the page's own
    (e.g. the pending extension request of an item), or None when there is none."""

    name: str
    form_class: type
    perform: Callable
    heading: str
    button: str = ""
    icon: str = "circle"
    style: str = "primary"
    intro: str = ""
    confirm: str = ""
    rules: tuple[str, ...] = ()
    subject: Callable | None = None
    # The intro for a subject, e.g. what an extension request asks for.
    describe: Callable | None = None
    # Whether the panel is what this user is there to do (open) or folded away.
    primary_for: Callable = lambda user: True
    buttons: tuple[SubmitButton, ...] = ()
    # The URL below the record's, e.g. "send-back/"; a subject's id may be part of it.
    path: str = ""
    url_args: Callable | None = None

    @property
    def may_rules(self) -> tuple[str, ...]:
        return self.rules or (self.name,)

    @property
    def submit_buttons(self) -> tuple[SubmitButton, ...]:
        return self.buttons or (SubmitButton(self.button, self.style),)

    def subject_of(self, obj):
        return obj if self.subject is None else self.subject(obj)

    def allowed(self, user, obj) -> bool:
        subject = self.subject_of(obj)
        return subject is not None and any(may(user, rule, subject) for rule in self.may_rules)


@dataclass
class Panel:
    spec: ActionPanel
    form: object
    url: str
    primary: bool
    open: bool
    intro: str = ""


def draft_key(obj, action: str) -> str:
    """Where what was typed into a refused form waits for the page to show it again."""
    return f"draft:{obj._meta.label_lower}:{obj.pk}:{action}"


class ObjectActionView(RestrictedMixin, ViewPermissionMixin, SingleObjectMixin, View):
    """POST one action's form; the service decides. A refusal is a message, changes nothing,
    and keeps what was typed for the form on the detail page."""

    panel: ActionPanel = None
    # Acting changes the record: the city office, which only reads the counties' records,
    # gets a 404 like anyone out of scope.
    restrict_action = "change"

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        form = limit_form_texts(
            self.panel.form_class(
                request.POST, request.FILES, **form_user_kwargs(self.panel, request.user)
            )
        )
        try:
            if not form.is_valid():
                raise ValidationError(form_error_messages(form))
            with transaction.atomic():
                message = self.panel.perform(self, obj, form.cleaned_data)
        except ValidationError as error:  # TransitionError is one too
            messages.error(request, " ".join(error.messages))
            request.session[draft_key(obj, self.panel.name)] = {
                key: value for key, value in request.POST.items() if key != "csrfmiddlewaretoken"
            }
        else:
            messages.success(request, message)
        return redirect(obj)


def form_user_kwargs(panel: ActionPanel, user) -> dict:
    """A form whose choices depend on who fills it in (the units or leaders of the user's
    office) declares ``takes_user = True`` and gets ``user=`` when it is made."""
    return {"user": user} if getattr(panel.form_class, "takes_user", False) else {}


def form_error_messages(form) -> list[str]:
    """A form's errors as sentences that name their field, for a message at the top."""
    return [
        _("%(field)s: %(error)s") % {"field": form[name].label, "error": error}
        if name in form.fields
        else error
        for name, errors in form.errors.items()
        for error in errors
    ]


def action_url_name(view_class, panel: ActionPanel) -> str:
    """E.g. "supervision:item_assign" for url_prefix "supervision:item"."""
    return f"{view_class.url_prefix}_{panel.name}"


def action_urls(view_class) -> list:
    """The POST route of each action panel a detail view declares: ``<pk>/<path>``, named
    by the url_prefix without its namespace (the app's urls.py gives that)."""
    prefix = view_class.url_prefix.rpartition(":")[2]
    return [
        path(
            f"<int:pk>/{panel.path or panel.name.replace('_', '-') + '/'}",
            ObjectActionView.as_view(
                model=view_class.model,
                panel=panel,
                restrict_action=_panel_reach(view_class.model, panel),
            ),
            name=f"{prefix}_{panel.name}",
        )
        for panel in view_class.action_panels
    ]


def _panel_reach(model, panel: ActionPanel) -> str:
    """A panel whose every rule reaches wherever the record is seen (``reach="view"``, a
    comment on a practice shared in the city) looks the record up among those the user sees;
    any other among those they may change."""
    workflow = getattr(model, "workflow", None)
    if workflow is None or panel.subject is not None:
        return "change"
    rules = [workflow.get(name) for name in panel.may_rules]
    return "view" if all(rule.reach == "view" for rule in rules) else "change"


# --- The page ----------------------------------------------------------------------------------


class ObjectDetailView(RestrictedMixin, ViewPermissionMixin, DetailView):
    template_name = "generic/object_detail.html"
    # Never "user": a User's page would hide the signed-in user from base.html.
    context_object_name = "object"
    # Field names shown in the fields panel; empty means every concrete editable field.
    detail_fields: tuple[str, ...] = ()
    edit_url_name = ""
    history_limit = 50
    # The actions of the page, and the start of their URL names ("supervision:item").
    action_panels: tuple[ActionPanel, ...] = ()
    url_prefix = ""
    # Methods of the view that add events to the timeline: (self) -> list[Event].
    timeline_sources: tuple[str, ...] = ()
    timeline_title = gettext_lazy("Change history")
    # Fields a transition changes: its own event tells those changes.
    workflow_fields: tuple[str, ...] = ("status",)

    def get_fields(self):
        obj = self.object
        names = self.detail_fields or [
            f.name for f in obj._meta.concrete_fields if f.editable and f.name != "id"
        ]
        rows = []
        for name in names:
            model_field = obj._meta.get_field(name)
            display = getattr(obj, f"get_{name}_display", None)
            value = display() if callable(display) else getattr(obj, name)
            rows.append((model_field.verbose_name, value))
        return rows

    def get_history(self):
        history = getattr(self.object, "history", None)
        if history is None:
            return []
        records = list(history.select_related("history_user")[: self.history_limit])
        # A fixed number of queries however long the history: the many-to-many snapshots of
        # every record in one query per field, the related names in one query per model.
        m2m_rows = _m2m_snapshots(records)
        pairs = []
        for newer, older in zip(records, records[1:] + [None], strict=False):
            changes = []
            if older is not None:
                changes = newer.diff_against(older, excluded_fields=list(m2m_rows)).changes
                for field, rows in m2m_rows.items():
                    old, new = rows.get(older.history_id, []), rows.get(newer.history_id, [])
                    if old != new:
                        changes.append(ModelChange(field, old, new))
            pairs.append((newer, changes))
        names = self._related_names([change for _record, changes in pairs for change in changes])
        for record, changes in pairs:
            record.changes = [self._readable_change(change, names) for change in changes]
        return records

    def _related_names(self, changes) -> dict:
        """{(model, pk): record} of every unit, user... the changes name, one query a model."""
        wanted: dict = {}
        for change in changes:
            field = self.model._meta.get_field(change.field)
            if not field.is_relation:
                continue
            for value in (change.old, change.new):
                if value in (None, ""):
                    continue
                if field.many_to_many:
                    ids = [row[field.m2m_reverse_field_name()] for row in value]
                elif field.many_to_one:
                    ids = [value]
                else:
                    continue
                wanted.setdefault(field.related_model, set()).update(ids)
        names = {}
        for model, ids in wanted.items():
            for obj in model._base_manager.filter(pk__in=ids):
                names[(model, obj.pk)] = obj
        return names

    def _readable_change(self, change, names=None) -> dict:
        """A history change as people read it: the field's name, choice labels, unit names."""
        model_field = self.model._meta.get_field(change.field)
        return {
            "field": model_field.verbose_name,
            "old": display_value(model_field, change.old, names),
            "new": display_value(model_field, change.new, names),
            "is_data": model_field.get_internal_type() == "JSONField",
        }

    def get_transitions(self):
        if getattr(type(self.object), "workflow", None) is None:
            return []
        return list(transition_history(self.object))

    def timeline(self) -> list:
        events = [
            *history_events(self.model, self.get_history(), self.hidden_history_fields()),
            *transition_events(self.get_transitions()),
        ]
        for source in self.timeline_sources:
            events.extend(getattr(self, source)())
        # Oldest first: the record's story from creation on. Python's sort is stable, so
        # events of the same instant keep the order they were gathered in.
        return sorted(events, key=lambda event: event.time)

    def hidden_history_fields(self) -> tuple[str, ...]:
        return self.workflow_fields if self.get_transitions() else ()

    def action_panels_for(self, user) -> list[Panel]:
        """The forms of the allowed actions, in order, refilled with what was typed before a
        refusal. What the user is there to do comes first and open; the rest is folded."""
        obj = self.object
        panels = []
        for spec in self.action_panels:
            if not spec.allowed(user, obj):
                continue
            subject = spec.subject_of(obj)
            draft = self.request.session.pop(draft_key(obj, spec.name), None)
            args = spec.url_args(obj, subject) if spec.url_args else [obj.pk]
            panels.append(
                Panel(
                    spec=spec,
                    form=limit_form_texts(
                        spec.form_class(initial=draft, **form_user_kwargs(spec, user))
                    ),
                    url=reverse(action_url_name(self, spec), args=args),
                    primary=spec.primary_for(user),
                    open=draft is not None,
                    intro=spec.describe(subject) if spec.describe else spec.intro,
                )
            )
        return panels

    def may_edit(self) -> bool:
        workflow = getattr(type(self.object), "workflow", None)
        user = self.request.user
        if workflow is not None and any(rule.name == "edit" for rule in workflow.rules):
            return may(user, "edit", self.object)
        return user.has_perm(f"{self.model._meta.app_label}.change_{self.model._meta.model_name}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        panels = self.action_panels_for(self.request.user)
        context.update(
            title=str(self.object),
            fields=self.get_fields(),
            timeline=self.timeline(),
            timeline_title=self.timeline_title,
            primary_panels=[panel for panel in panels if panel.primary],
            secondary_panels=[panel for panel in panels if not panel.primary],
            edit_url_name=self.edit_url_name if self.edit_url_name and self.may_edit() else "",
            verbose_name=self.model._meta.verbose_name,
        )
        return context
