"""The item pages: the ledger (台账), registration (立项), editing (修改), the detail page with its
one timeline and the action forms, the leaders' red list, and attachment downloads.

Every read goes through ``.restrict(user)``; every write goes through ``supervision.services``
(or ``supervision.editing``), so an item out of scope is a 404 and a refused action changes
nothing.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from office.roles import OFFICE_ROLES, Role
from office.views.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    RestrictedMixin,
)
from office.workdays import working_days_between

from .. import services
from ..choices import OPEN_STATUSES, Colour, ExtensionStatus, ItemStatus, SourceKind, Urgency
from ..colours import ColourContext, colour_of, filter_by_colour, item_row
from ..filtersets import ItemFilterSet, RedListFilterSet
from ..forms import (
    AssignForm,
    CancelForm,
    CloseForm,
    CommentForm,
    CompletionForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    ItemEditForm,
    ItemRegisterForm,
    ReportForm,
    SendBackForm,
    UrgeForm,
)
from ..models import Attachment, Item, ProgressReport, is_lead_unit_liaison
from ..services import editing
from ..tables import ItemTable, RedListTable

# --- The ledger and the red list ---------------------------------------------------------------


class ItemListView(ObjectListView):
    model = Item
    table_class = ItemTable
    filterset_class = ItemFilterSet
    create_url_name = "supervision:item_add"
    template_name = "supervision/item_list.html"
    title = gettext_lazy("Supervision ledger")

    def get_base_queryset(self):
        return (
            Item.objects.select_related("lead_unit", "parent")
            .prefetch_related("cooperating_units")
            # distinct: a liaison's scope joins the cooperating units, which would repeat rows.
            .annotate(children_count=Count("children", distinct=True))
        )

    def get_export_filename(self, export_format):
        return f"{_('Supervision ledger')}-{timezone.localdate():%Y%m%d}.{export_format}"


class RedListView(ObjectListView):
    """The leaders' red list: every open item past its deadline, the most overdue first."""

    model = Item
    table_class = RedListTable
    filterset_class = RedListFilterSet
    template_name = "supervision/item_red_list.html"
    title = gettext_lazy("Red list: overdue items")

    def get_queryset(self):
        today = timezone.localdate()
        # Past the deadline first (an index range), then the colour rule decides.
        overdue = (
            super()
            .get_queryset()
            .open()
            .leaves()
            .filter(deadline__lt=today)
            .select_related("lead_unit")
        )
        return filter_by_colour(overdue, Colour.RED, today)

    def get_export_filename(self, export_format):
        return f"{_('Red list')}-{timezone.localdate():%Y%m%d}.{export_format}"


# --- Registration ------------------------------------------------------------------------------


class ItemRegisterView(ObjectEditView):
    """立项: one item, or a parent with one item per unit; optionally assigned at once."""

    model = Item
    form_class = ItemRegisterForm
    template_name = "supervision/item_form.html"
    list_url_name = "supervision:item_list"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {"source_kind": self.request.GET.get("source_kind", SourceKind.INSTRUCTION)}

    def save(self, form):
        actor = self.request.user
        data = form.item_data()
        if form.cleaned_data["split"]:
            units = list(form.cleaned_data["lead_units"])
            item = services.item_register_split(actor=actor, data=data, units=units)
        else:
            item = services.item_register(actor=actor, data=data)
        if form.cleaned_data["assign_now"]:
            services.item_assign(actor=actor, item=item)
            self.success_message = _("%(number)s registered and assigned.") % {
                "number": item.number
            }
        else:
            self.success_message = _("%(number)s registered.") % {"number": item.number}
        return item

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Register a supervision item")
        return context


class ItemEditView(ObjectEditView):
    """修改: the office corrects the fields the item's status leaves open (``editing``);
    a closed or cancelled item is final."""

    model = Item
    form_class = ItemEditForm
    template_name = "supervision/item_edit.html"
    list_url_name = "supervision:item_list"

    def get_base_queryset(self):
        return Item.objects.select_related("lead_unit", "parent")

    def get(self, request, *args, **kwargs):
        return self.refuse_if_final() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refuse_if_final() or super().post(request, *args, **kwargs)

    def refuse_if_final(self):
        if editing.editable_fields(self.object):
            return None
        messages.error(self.request, _("A closed or cancelled item cannot be edited."))
        return redirect(self.object)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save(self, form):
        return editing.item_update(
            actor=self.request.user, item=self.object, data=form.cleaned_data
        )

    def locked_fields(self) -> list[tuple[str, object]]:
        """What the item's status no longer lets the office change, shown read-only."""
        item = self.object
        open_fields = editing.editable_fields(item)
        rows = []
        for name in editing.REGISTRATION_FIELDS:
            if name in open_fields or (item.is_group and name in editing.GROUP_LOCKED_FIELDS):
                continue
            display = getattr(item, f"get_{name}_display", None)
            if name == "cooperating_units":
                value = "、".join(str(unit) for unit in item.cooperating_units.all())
            else:
                value = display() if callable(display) else getattr(item, name)
            if isinstance(value, date):
                value = value.isoformat()
            rows.append((Item._meta.get_field(name).verbose_name, value))
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Edit %(name)s") % {"name": self.object.number},
            locked_fields=self.locked_fields(),
        )
        return context


@login_required
def proposed_deadline(request):
    """The deadline the service would propose, as a small fragment for the register form."""
    source_kind = request.GET.get("source_kind", "")
    urgency = request.GET.get("urgency") or Urgency.NORMAL
    context = {}
    if source_kind in SourceKind.values and urgency in Urgency.values:
        today = timezone.localdate()
        deadline = services.proposed_deadline(source_kind=source_kind, urgency=urgency, start=today)
        context = {"deadline": deadline, "working_days": working_days_between(today, deadline)}
    return render(request, "supervision/partials/proposed_deadline.html", context)


# --- Detail ------------------------------------------------------------------------------------


@dataclass
class Event:
    """One line of the item's timeline."""

    time: datetime
    kind: str
    icon: str
    tone: str
    title: str
    actor: object = None
    text: str = ""
    attachments: list = field(default_factory=list)
    changes: list = field(default_factory=list)


# Fields a transition changes: the transition log tells those changes better than the diff.
WORKFLOW_FIELDS = ("status", "assigned_on", "closed_on", "cancel_reason")


def item_actions(item: Item, user, today, pending_extension=None) -> set[str]:
    """What the user may do on the item now: the forms the detail page shows."""
    is_office = user.has_role(*OFFICE_ROLES)
    is_director = user.has_role(Role.DIRECTOR)
    actions = set()
    if user.has_role(Role.LEADER, Role.DIRECTOR):
        actions.add("comment")
    if item.is_group:
        statuses = {child.status for child in item.children.all()}
        if is_office and ItemStatus.REGISTERED in statuses:
            actions.add("assign")
        if is_director and item.status != ItemStatus.CANCELLED and statuses & set(OPEN_STATUSES):
            actions.add("cancel")
        return actions
    actions.update(t.name for t in Item.workflow.available(item, user))
    actions.discard("accept")  # a unit accepts by filing its first report
    actions.discard("request_completion")  # done by the completion report form
    handling = item.status in (ItemStatus.ASSIGNED, ItemStatus.IN_PROGRESS)
    if handling and is_lead_unit_liaison(user, item):
        actions.update({"report", "complete"})
        if today <= item.deadline and pending_extension is None:
            actions.add("extension")
    if is_director and pending_extension is not None:
        actions.add("decide")
    if is_office and item.is_open:
        actions.add("urge")
    return actions


class ItemDetailView(ObjectDetailView):
    model = Item
    template_name = "supervision/item_detail.html"
    edit_url_name = "supervision:item_edit"

    def get_base_queryset(self):
        return Item.objects.select_related(
            "lead_unit", "parent", "created_by", "owning_office"
        ).prefetch_related("cooperating_units")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item, user = self.object, self.request.user
        today = timezone.localdate()
        colours = ColourContext.for_day(today)
        pending = item.extensions.filter(status=ExtensionStatus.PENDING).first()
        children = []
        if item.is_group:
            children = list(
                item.children.restrict(user).select_related("lead_unit").order_by("sequence")
            )
            for child in children:
                child.colour = colour_of(item_row(child), colours)
        actions = item_actions(item, user, today, pending)
        panels = self.action_panels(actions, pending)
        context.update(
            title=item.number,
            today=today,
            colour=colour_of(item_row(item), colours),
            working_days_left=working_days_between(today, item.deadline),
            days_overdue=(today - item.deadline).days,
            children=children,
            # A unit's liaison sees its own item of a split instruction but not the parent.
            parent_visible=item.parent_id is not None
            and Item.objects.restrict(user).filter(pk=item.parent_id).exists(),
            # Closed and cancelled items are final: no edit button to a refusal.
            edit_url_name=context["edit_url_name"] if editing.editable_fields(item) else "",
            pending_extension=pending,
            timeline=self.timeline(context["history"], context["transitions"]),
            primary_panels=[panel for panel in panels if panel.primary],
            secondary_panels=[panel for panel in panels if not panel.primary],
        )
        return context

    def action_panels(self, actions, pending) -> list["Panel"]:
        """The forms of the allowed actions, in order, refilled with what was typed before a
        refusal. What the user is there to do comes first and open; the rest (e.g. the office
        acting for a unit) is folded away."""
        user, item = self.request.user, self.object
        panels = []
        for spec in ACTION_PANELS:
            if spec.name not in actions:
                continue
            draft = self.request.session.pop(draft_key(item, spec.name), None)
            args = [item.pk, pending.pk] if spec.name == "decide" else [item.pk]
            panels.append(
                Panel(
                    spec=spec,
                    form=spec.view.form_class(initial=draft),
                    url=reverse(spec.view.url_name, args=args),
                    primary=spec.is_primary_for(user),
                    open=draft is not None,
                    intro=extension_summary(pending) if spec.name == "decide" else spec.intro,
                )
            )
        return panels

    def timeline(self, history, transitions) -> list[Event]:
        item = self.object
        reports = list(
            item.reports.select_related("author").prefetch_related(
                Prefetch("attachments", queryset=Attachment.objects.order_by("pk"))
            )
        )
        report_texts = {report.text[:500] for report in reports}
        events = [
            *self.history_events(history),
            *self.transition_events(transitions, report_texts),
        ]
        for report in reports:
            events.append(
                Event(
                    report.created_at,
                    "completion" if report.is_completion else "report",
                    "flag" if report.is_completion else "chat-square-text",
                    "green" if report.is_completion else "blue",
                    (_("Completion report") if report.is_completion else _("Progress report"))
                    + f" · {report.percent}%",
                    report.author,
                    report.text,
                    attachments=list(report.attachments.all()),
                )
            )
        for urge in item.urges.select_related("actor"):
            events.append(
                Event(
                    urge.created_at,
                    "urge",
                    "megaphone",
                    "orange",
                    _("Urged"),
                    urge.actor,
                    urge.message,
                )
            )
        for extension in item.extensions.select_related("requested_by", "decided_by"):
            events.extend(extension_events(extension))
        for comment in item.comments.select_related("author"):
            events.append(
                Event(
                    comment.created_at,
                    "comment",
                    "person-badge",
                    "purple",
                    _("Leader's comment"),
                    comment.author,
                    comment.text,
                )
            )
        # Oldest first: the item's story from registration to closure. Python's sort is
        # stable, so events of the same instant keep the order they were gathered in.
        return sorted(events, key=lambda event: event.time)

    def history_events(self, history) -> list[Event]:
        workflow_labels = {str(Item._meta.get_field(name).verbose_name) for name in WORKFLOW_FIELDS}
        events = []
        for record in reversed(history):
            if record.history_type == "+":
                events.append(
                    Event(
                        record.history_date,
                        "created",
                        "plus-circle",
                        "secondary",
                        _("Registered"),
                        record.history_user,
                    )
                )
                continue
            changes = record.changes
            if not self.object.is_group:
                changes = [c for c in changes if str(c["field"]) not in workflow_labels]
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

    def transition_events(self, transitions, report_texts) -> list[Event]:
        return [
            Event(
                log.created_at,
                "transition",
                "arrow-right-circle",
                "azure",
                f"{log.action_label}: {log.source_label} → {log.target_label}",
                log.actor,
                # The completion report's text is its own event already.
                ""
                if log.transition == "request_completion" and log.comment in report_texts
                else log.comment,
            )
            for log in transitions
        ]


def extension_events(extension) -> list[Event]:
    events = [
        Event(
            extension.created_at,
            "extension",
            "calendar-plus",
            "yellow",
            _("Extension requested: %(old)s → %(new)s")
            % {"old": extension.current_deadline, "new": extension.requested_deadline},
            extension.requested_by,
            extension.reason,
        )
    ]
    if extension.decided_at:
        approved = extension.status == ExtensionStatus.APPROVED
        events.append(
            Event(
                extension.decided_at,
                "decision",
                "check2-circle" if approved else "x-circle",
                "green" if approved else "red",
                _("Extension approved") if approved else _("Extension rejected"),
                extension.decided_by,
                extension.decision_comment,
            )
        )
    return events


# --- Actions -----------------------------------------------------------------------------------


def draft_key(item, action: str) -> str:
    return f"supervision:item:{item.pk}:{action}"


class ItemActionView(RestrictedMixin, SingleObjectMixin, View):
    """POST one action's form; the service decides. A refusal is a message, changes nothing,
    and keeps what was typed for the form on the detail page."""

    model = Item
    action = ""
    form_class = None
    url_name = ""

    def post(self, request, *args, **kwargs):
        item = self.get_object()
        form = self.form_class(request.POST, request.FILES)
        try:
            if not form.is_valid():
                raise ValidationError(
                    [
                        _("%(field)s: %(error)s") % {"field": form[name].label, "error": error}
                        if name in form.fields
                        else error
                        for name, errors in form.errors.items()
                        for error in errors
                    ]
                )
            with transaction.atomic():
                message = self.perform(item, form.cleaned_data)
        except ValidationError as error:  # TransitionError is one too
            messages.error(request, " ".join(error.messages))
            request.session[draft_key(item, self.action)] = {
                key: value for key, value in request.POST.items() if key != "csrfmiddlewaretoken"
            }
        else:
            messages.success(request, message)
        return redirect(item)

    def perform(self, item, data) -> str:
        raise NotImplementedError


class AssignView(ItemActionView):
    action, form_class = "assign", AssignForm
    url_name = "supervision:item_assign"

    def perform(self, item, data):
        services.item_assign(actor=self.request.user, item=item, comment=data["comment"])
        return _("%(number)s assigned.") % {"number": item.number}


class ReportView(ItemActionView):
    action, form_class = "report", ReportForm
    url_name = "supervision:item_report"

    def perform(self, item, data):
        services.report_submit(
            actor=self.request.user,
            item=item,
            text=data["text"],
            percent=data["percent"],
            files=data["attachments"],
        )
        return _("Progress report filed.")


class CompleteView(ItemActionView):
    action, form_class = "complete", CompletionForm
    url_name = "supervision:item_complete"

    def perform(self, item, data):
        services.report_submit(
            actor=self.request.user,
            item=item,
            text=data["text"],
            percent=100,
            files=data["attachments"],
            completion=True,
        )
        return _("Completion report submitted; the office will review it.")


class ExtensionRequestView(ItemActionView):
    action, form_class = "extension", ExtensionRequestForm
    url_name = "supervision:item_extension"

    def perform(self, item, data):
        services.extension_request(
            actor=self.request.user,
            item=item,
            new_deadline=data["new_deadline"],
            reason=data["reason"],
        )
        return _("Extension requested.")


class ExtensionDecideView(ItemActionView):
    action, form_class = "decide", ExtensionDecisionForm
    url_name = "supervision:item_extension_decide"

    def perform(self, item, data):
        extension = get_object_or_404(item.extensions, pk=self.kwargs["extension_pk"])
        services.extension_decide(
            actor=self.request.user,
            extension=extension,
            approve=data["approve"],
            comment=data["comment"],
        )
        return _("Extension approved.") if data["approve"] else _("Extension rejected.")


class CloseView(ItemActionView):
    action, form_class = "close", CloseForm
    url_name = "supervision:item_close"

    def perform(self, item, data):
        services.item_close(actor=self.request.user, item=item, comment=data["comment"])
        return _("%(number)s closed and struck off.") % {"number": item.number}


class SendBackView(ItemActionView):
    action, form_class = "send_back", SendBackForm
    url_name = "supervision:item_send_back"

    def perform(self, item, data):
        services.item_send_back(actor=self.request.user, item=item, reason=data["reason"])
        return _("%(number)s sent back to the unit.") % {"number": item.number}


class CancelView(ItemActionView):
    action, form_class = "cancel", CancelForm
    url_name = "supervision:item_cancel"

    def perform(self, item, data):
        services.item_cancel(actor=self.request.user, item=item, reason=data["reason"])
        return _("%(number)s cancelled.") % {"number": item.number}


class UrgeView(ItemActionView):
    action, form_class = "urge", UrgeForm
    url_name = "supervision:item_urge"

    def perform(self, item, data):
        services.item_urge(actor=self.request.user, item=item, message=data["message"])
        return _("Urge sent to the lead unit.")


class CommentView(ItemActionView):
    action, form_class = "comment", CommentForm
    url_name = "supervision:item_comment"

    def perform(self, item, data):
        services.comment_add(actor=self.request.user, item=item, text=data["text"])
        return _("Comment added; the lead unit is notified.")


@dataclass(frozen=True)
class PanelSpec:
    """How an action's form appears on the detail page."""

    view: type
    heading: str
    button: str
    icon: str
    style: str = "primary"
    intro: str = ""
    confirm: str = ""

    @property
    def name(self) -> str:
        return self.view.action

    def is_primary_for(self, user) -> bool:
        if self.name in UNIT_ACTIONS:
            return user.sees_own_unit_only
        if self.name == "comment":
            return not user.has_role(*OFFICE_ROLES)
        return self.name in ("assign", "decide", "close", "send_back")


@dataclass
class Panel:
    spec: PanelSpec
    form: object
    url: str
    primary: bool
    open: bool
    intro: str = ""


UNIT_ACTIONS = ("report", "complete", "extension")

ACTION_PANELS = (
    PanelSpec(AssignView, gettext_lazy("Assign to the lead unit"), gettext_lazy("Assign"), "send"),
    PanelSpec(
        ExtensionDecideView,
        gettext_lazy("Pending extension request"),
        gettext_lazy("Decide"),
        "calendar-check",
        "warning",
    ),
    PanelSpec(
        CloseView,
        gettext_lazy("Close the item"),
        gettext_lazy("Accept completion and strike off"),
        "check2-circle",
        "success",
    ),
    PanelSpec(
        SendBackView,
        gettext_lazy("Send back to the unit"),
        gettext_lazy("Send back"),
        "arrow-counterclockwise",
        "warning",
    ),
    PanelSpec(
        ReportView,
        gettext_lazy("Report progress"),
        gettext_lazy("File the report"),
        "chat-square-text",
    ),
    PanelSpec(
        CompleteView,
        gettext_lazy("Completion report"),
        gettext_lazy("Submit for closure"),
        "flag",
        "success",
        intro=gettext_lazy(
            "When the matter is done: the office director reviews the report and closes the item."
        ),
    ),
    PanelSpec(
        ExtensionRequestView,
        gettext_lazy("Request an extension"),
        gettext_lazy("Request the extension"),
        "calendar-plus",
        "outline-primary",
        intro=gettext_lazy("Only before the deadline; the office director decides."),
    ),
    PanelSpec(
        UrgeView,
        gettext_lazy("Urge the lead unit"),
        gettext_lazy("Send the urge"),
        "megaphone",
        "warning",
    ),
    PanelSpec(
        CommentView,
        gettext_lazy("Leader's comment"),
        gettext_lazy("Add the comment"),
        "person-badge",
    ),
    PanelSpec(
        CancelView,
        gettext_lazy("Cancel the item"),
        gettext_lazy("Cancel the item"),
        "x-octagon",
        "danger",
        confirm=gettext_lazy("Cancel this item? The reason is recorded in its history."),
    ),
)


def extension_summary(extension) -> str:
    return _("Move the deadline from %(old)s to %(new)s. Reason: %(reason)s") % {
        "old": extension.current_deadline.isoformat(),
        "new": extension.requested_deadline.isoformat(),
        "reason": extension.reason,
    }


# --- Attachments -------------------------------------------------------------------------------


class AttachmentDownloadView(LoginRequiredMixin, View):
    """A report's file, for whoever may see the item (never a public media URL)."""

    def get(self, request, pk):
        reports = ProgressReport.objects.restrict(request.user)
        attachment = get_object_or_404(Attachment, pk=pk, report__in=reports)
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as missing:
            raise Http404(_("The file is missing from the storage.")) from missing
        return FileResponse(handle, as_attachment=True, filename=attachment.name)
