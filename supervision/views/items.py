"""The item pages: the ledger (台账), registration (立项), editing (修改), the detail page with its
one timeline and the action forms, the leaders' red list, and attachment downloads.

Every read goes through ``.restrict(user)``; every write goes through ``supervision.services``
(or ``supervision.editing``), so an item out of scope is a 404 and a refused action changes
nothing.
"""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from django.views import View

from office.roles import OFFICE_ROLES
from office.views.detail import (
    ActionPanel,
    Event,
    ObjectDetailView,
    SubmitButton,
    form_error_messages,
)
from office.views.generic import ObjectEditView, ObjectListView
from office.workdays import working_days_between

from .. import services
from ..choices import Colour, ExtensionStatus, ReportCycle, SourceKind, Urgency
from ..colours import ColourContext, colour_filter, colour_of, item_row
from ..filtersets import STAGE_CHOICES, ItemFilterSet, RedListFilterSet
from ..forms import (
    AcceptForm,
    AssignForm,
    BatchForm,
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
from ..models import Attachment, Item, ProgressReport
from ..services import editing
from ..services.batch import BATCH_ACTIONS, URGE
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
        latest = ProgressReport.objects.filter(item=OuterRef("pk")).order_by("-created_at", "-pk")
        # Correlated subqueries, run for the rows of the page only (and left out of the page
        # count): a join and GROUP BY over every item would cost as much as the whole ledger.
        children = (
            Item.objects.filter(parent=OuterRef("pk"))
            .order_by()
            .values("parent")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            Item.objects.select_related("lead_unit", "parent")
            .prefetch_related("cooperating_units")
            .annotate(
                children_count=Coalesce(Subquery(children), 0),
                latest_progress=Subquery(latest.values("text")[:1]),
            )
        )

    def get_export_filename(self, export_format):
        return f"{_('Supervision ledger')}-{timezone.localdate():%Y%m%d}.{export_format}"

    def get_table_kwargs(self):
        user = self.request.user
        return {
            "own_unit_id": user.org_unit_id if user.sees_own_unit_only else None,
            "batch": may_batch(user),
        }

    def stage_tabs(self) -> list[dict]:
        """全部 / 待办 / 在办 / 已办, each keeping the other filters."""
        query = self.request.GET.copy()
        query.pop("page", None)
        current = query.pop("stage", [""])[-1]
        tabs = []
        for value, label in [("", _("All")), *STAGE_CHOICES]:
            params = query.copy()
            if value:
                params["stage"] = value
            tabs.append(
                {"label": label, "url": f"?{params.urlencode()}", "active": value == current}
            )
        return tabs

    def get_context_data(self, **kwargs):
        context = {**super().get_context_data(**kwargs), "stage_tabs": self.stage_tabs()}
        if may_batch(self.request.user):
            context["batch_form"] = BatchForm(initial={"next": self.request.get_full_path()})
        if self.request.GET.get("mine") == "instructed":
            # 我的批示, opened from a leader's home: the page says so and leads back to all.
            query = self.request.GET.copy()
            query.pop("mine", None)
            query.pop("page", None)
            context["title"] = _("My instructions")
            context["all_items_url"] = f"?{query.urlencode()}"
        return context


def red_list_of(queryset, today):
    """The items of ``queryset`` that are red today: open, not a split parent, past the
    deadline (an index range, colours.py)."""
    red = colour_filter(Colour.RED, ColourContext(today=today, blue_horizon=today))
    return queryset.filter(red).select_related("lead_unit")


class RedListView(ObjectListView):
    """The leaders' red list: every open item past its deadline, the most overdue first."""

    model = Item
    table_class = RedListTable
    filterset_class = RedListFilterSet
    template_name = "supervision/item_red_list.html"
    title = gettext_lazy("Red list: overdue items")

    def get_queryset(self):
        return red_list_of(super().get_queryset(), timezone.localdate())

    def get_table_kwargs(self):
        return {"batch": may_batch(self.request.user)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if may_batch(self.request.user):
            # On the red list the office urges: the ticked items, or all of them at once.
            context["batch_form"] = BatchForm(
                actions={URGE: BATCH_ACTIONS[URGE]},
                initial={"next": self.request.get_full_path(), "action": URGE},
            )
        return context

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


# --- Actions: each calls one service; who may is the item's declared workflow ------------------


def _assign(view, item, data):
    services.item_assign(actor=view.request.user, item=item, comment=data["comment"])
    return _("%(number)s assigned.") % {"number": item.number}


def _accept(view, item, data):
    services.item_accept(actor=view.request.user, item=item, comment=data["comment"])
    return _("%(number)s acknowledged: report on it as it progresses.") % {"number": item.number}


def acknowledge_summary(item) -> str:
    """What the 签收 panel says: by when, and that reports come after it."""
    acknowledge_by = item.acknowledge_by
    if acknowledge_by is None:
        return ""
    late = (timezone.localdate() - acknowledge_by).days
    if late > 0:
        return ngettext(
            "The time limit for acknowledging was %(date)s: %(days)d day late. "
            "Acknowledge the item, then report on it.",
            "The time limit for acknowledging was %(date)s: %(days)d days late. "
            "Acknowledge the item, then report on it.",
            late,
        ) % {"date": acknowledge_by.isoformat(), "days": late}
    return _(
        "Acknowledge the item by %(date)s; progress reports are filed after the acknowledgement."
    ) % {"date": acknowledge_by.isoformat()}


def _report(view, item, data):
    services.report_submit(
        actor=view.request.user,
        item=item,
        text=data["text"],
        percent=data["percent"],
        files=data["attachments"],
    )
    return _("Progress report filed.")


def _complete(view, item, data):
    services.report_submit(
        actor=view.request.user,
        item=item,
        text=data["text"],
        percent=100,
        files=data["attachments"],
        completion=True,
    )
    return _("Completion report submitted; the office will review it.")


def _request_extension(view, item, data):
    services.extension_request(
        actor=view.request.user,
        item=item,
        new_deadline=data["new_deadline"],
        reason=data["reason"],
    )
    return _("Extension requested.")


def _decide_extension(view, item, data):
    extension = get_object_or_404(item.extensions, pk=view.kwargs["extension_pk"])
    services.extension_decide(
        actor=view.request.user,
        extension=extension,
        approve=data["approve"],
        comment=data["comment"],
    )
    return _("Extension approved.") if data["approve"] else _("Extension rejected.")


def _close(view, item, data):
    services.item_close(actor=view.request.user, item=item, comment=data["comment"])
    return _("%(number)s closed and struck off.") % {"number": item.number}


def _send_back(view, item, data):
    services.item_send_back(actor=view.request.user, item=item, reason=data["reason"])
    return _("%(number)s sent back to the unit.") % {"number": item.number}


def _cancel(view, item, data):
    services.item_cancel(actor=view.request.user, item=item, reason=data["reason"])
    return _("%(number)s cancelled.") % {"number": item.number}


def _urge(view, item, data):
    services.item_urge(actor=view.request.user, item=item, message=data["message"])
    return _("Urge sent to the lead unit.")


def _comment(view, item, data):
    services.comment_add(actor=view.request.user, item=item, text=data["text"])
    return _("Comment added; the lead unit is notified.")


def extension_summary(extension) -> str:
    return _("Move the deadline from %(old)s to %(new)s. Reason: %(reason)s") % {
        "old": extension.current_deadline.isoformat(),
        "new": extension.requested_deadline.isoformat(),
        "reason": extension.reason,
    }


def _unit_side(user) -> bool:
    """A unit's own work is what its liaison comes for; the office acting for a unit is
    folded away."""
    return user.sees_own_unit_only


def _office_side(user) -> bool:
    return True


def _leader_side(user) -> bool:
    return not user.has_role(*OFFICE_ROLES)


def _folded(user) -> bool:
    return False


ITEM_ACTIONS = (
    ActionPanel(
        "accept",
        AcceptForm,
        _accept,
        gettext_lazy("Acknowledge the item"),
        gettext_lazy("Acknowledge"),
        "check2-square",
        "success",
        describe=acknowledge_summary,
        primary_for=_unit_side,
    ),
    ActionPanel(
        "assign",
        AssignForm,
        _assign,
        gettext_lazy("Assign to the lead unit"),
        gettext_lazy("Assign"),
        "send",
        rules=("assign", "assign_units"),
        primary_for=_office_side,
    ),
    ActionPanel(
        "extension_decide",
        ExtensionDecisionForm,
        _decide_extension,
        gettext_lazy("Pending extension request"),
        icon="calendar-check",
        rules=("approve",),
        subject=lambda item: item.pending_extension,
        describe=extension_summary,
        primary_for=_office_side,
        buttons=(
            SubmitButton(gettext_lazy("Approve"), "success", "check-lg", "approve", "1"),
            SubmitButton(gettext_lazy("Reject"), "outline-danger", "x-lg", "approve", "0"),
        ),
        path="extension/<int:extension_pk>/decide/",
        url_args=lambda item, extension: [item.pk, extension.pk],
    ),
    ActionPanel(
        "close",
        CloseForm,
        _close,
        gettext_lazy("Close the item"),
        gettext_lazy("Accept completion and strike off"),
        "check2-circle",
        "success",
        # Striking an item off cannot be undone.
        confirm=gettext_lazy("Close this item and strike it off? This cannot be undone."),
        primary_for=_office_side,
    ),
    ActionPanel(
        "send_back",
        SendBackForm,
        _send_back,
        gettext_lazy("Send back to the unit"),
        gettext_lazy("Send back"),
        "arrow-counterclockwise",
        "warning",
        primary_for=_office_side,
    ),
    ActionPanel(
        "report",
        ReportForm,
        _report,
        gettext_lazy("Report progress"),
        gettext_lazy("File the report"),
        "chat-square-text",
        primary_for=_unit_side,
    ),
    ActionPanel(
        "complete",
        CompletionForm,
        _complete,
        gettext_lazy("Completion report"),
        gettext_lazy("Submit for closure"),
        "flag",
        "success",
        intro=gettext_lazy(
            "When the matter is done: the office director reviews the report and closes the item."
        ),
        rules=("report",),
        primary_for=_unit_side,
    ),
    ActionPanel(
        "extension",
        ExtensionRequestForm,
        _request_extension,
        gettext_lazy("Request an extension"),
        gettext_lazy("Request the extension"),
        "calendar-plus",
        "outline-primary",
        intro=gettext_lazy("Only before the deadline; the office director decides."),
        rules=("request_extension",),
        primary_for=_unit_side,
    ),
    ActionPanel(
        "urge",
        UrgeForm,
        _urge,
        gettext_lazy("Urge the lead unit"),
        gettext_lazy("Send the urge"),
        "megaphone",
        "warning",
        primary_for=_folded,
    ),
    ActionPanel(
        "comment",
        CommentForm,
        _comment,
        gettext_lazy("Leader's comment"),
        gettext_lazy("Add the comment"),
        "person-badge",
        primary_for=_leader_side,
    ),
    ActionPanel(
        "cancel",
        CancelForm,
        _cancel,
        gettext_lazy("Cancel the item"),
        gettext_lazy("Cancel the item"),
        "x-octagon",
        "danger",
        confirm=gettext_lazy("Cancel this item? The reason is recorded in its history."),
        primary_for=_folded,
    ),
)


# --- Detail ------------------------------------------------------------------------------------


class ItemDetailView(ObjectDetailView):
    """The item: its matter, its units' items when split, the actions the user may take, and
    one timeline from registration to closure."""

    model = Item
    template_name = "supervision/item_detail.html"
    edit_url_name = "supervision:item_edit"
    url_prefix = "supervision:item"
    action_panels = ITEM_ACTIONS
    # "办理过程"; the admin's plain "History" button reads 历史记录.
    timeline_title = pgettext_lazy("timeline", "History")
    timeline_sources = ("report_events", "urge_events", "extension_events", "comment_events")
    workflow_fields = ("status", "assigned_on", "closed_on", "cancel_reason")

    def get_base_queryset(self):
        return Item.objects.select_related(
            "lead_unit", "parent", "created_by", "owning_office"
        ).prefetch_related("cooperating_units", "children")

    def get_context_data(self, **kwargs):
        item, user = self.object, self.request.user
        today = timezone.localdate()
        colours = ColourContext.for_day(today)
        children = []
        if item.is_group:
            children = list(
                item.children.restrict(user).select_related("lead_unit").order_by("part")
            )
            for child in children:
                child.colour = colour_of(item_row(child), colours)
        context = super().get_context_data(**kwargs)
        primary, secondary = context["primary_panels"], context["secondary_panels"]
        if not any(panel.open for panel in primary + secondary):
            # The one thing this person is here to do, or the unit's 签收, is open at once.
            first = next((panel for panel in primary if panel.spec.name == "accept"), None)
            if first is None and len(primary) == 1:
                first = primary[0]
            if first is not None:
                first.open = True
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
            pending_extension=item.pending_extension,
            acknowledge_by=item.acknowledge_by,
            acknowledge_late=(today - item.acknowledge_by).days if item.acknowledge_by else 0,
        )
        return context

    def report_events(self) -> list[Event]:
        reports = list(
            self.object.reports.select_related("author").prefetch_related(
                Prefetch("attachments", queryset=Attachment.objects.order_by("pk"))
            )
        )
        return [
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
            for report in reports
        ]

    def urge_events(self) -> list[Event]:
        return [
            Event(
                urge.created_at, "urge", "megaphone", "orange", _("Urged"), urge.actor, urge.message
            )
            for urge in self.object.urges.select_related("actor")
        ]

    def comment_events(self) -> list[Event]:
        return [
            Event(
                comment.created_at,
                "comment",
                "person-badge",
                "purple",
                _("Leader's comment"),
                comment.author,
                comment.text,
            )
            for comment in self.object.comments.select_related("author")
        ]

    def extension_events(self) -> list[Event]:
        events = []
        for extension in self.object.extensions.select_related("requested_by", "decided_by"):
            events.extend(extension_events(extension))
        return events

    def timeline(self):
        events = super().timeline()
        # The completion report's text is its own event already: its transition does not
        # repeat it.
        report_texts = {e.text[:500] for e in events if e.kind == "completion"}
        for event in events:
            if event.kind == "transition" and event.text in report_texts:
                event.text = ""
        return events


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


# --- Batch work ---------------------------------------------------------------------------


def may_batch(user) -> bool:
    """The office works on several items at once; each row's service still decides."""
    return user.has_role(*OFFICE_ROLES)


class ItemBatchView(LoginRequiredMixin, View):
    """批量办理: the items ticked in the ledger or the red list and what to do with them, shown
    once for confirmation, then each through its service; each refusal is reported with its
    reason."""

    def post(self, request):
        user = request.user
        if not may_batch(user):
            raise PermissionDenied
        today = timezone.localdate()
        queryset = Item.objects.restrict(user, "change").select_related("lead_unit")
        form = BatchForm(request.POST, queryset=queryset)
        back = self.back_url(request)
        if not form.is_valid():
            messages.error(request, " ".join(form_error_messages(form)))
            return redirect(back)
        data = form.cleaned_data
        if data["everything"]:
            items = list(red_list_of(queryset, today).order_by("deadline", "pk"))
        else:
            items = sorted(data["items"], key=lambda item: (item.year, item.sequence, item.part))
        if not items:
            messages.error(request, _("Tick the items to work on first."))
            return redirect(back)
        if "confirm" not in request.POST:
            return render(
                request,
                "supervision/item_batch_confirm.html",
                {
                    "title": _("Confirm the batch"),
                    "items": items,
                    "form": form,
                    "action_label": BATCH_ACTIONS[data["action"]],
                    "cycle_label": dict(ReportCycle.choices).get(data["report_cycle"], ""),
                    "back": back,
                },
            )
        try:
            result = services.items_batch(
                actor=user,
                items=items,
                action=data["action"],
                report_cycle=data["report_cycle"],
                message=data["message"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(back)
        if result.done:
            messages.success(
                request,
                ngettext(
                    "%(action)s: %(count)d item done.",
                    "%(action)s: %(count)d items done.",
                    len(result.done),
                )
                % {"action": BATCH_ACTIONS[data["action"]], "count": len(result.done)},
            )
        for item, reason in result.refused:
            messages.error(
                request,
                _("%(number)s was left as it was: %(reason)s")
                % {"number": item.number, "reason": reason},
            )
        return redirect(back)

    @staticmethod
    def back_url(request) -> str:
        target = request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return target
        return reverse("supervision:item_list")


# --- Attachments -------------------------------------------------------------------------------
