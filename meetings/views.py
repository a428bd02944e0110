"""The meeting pages: the list (search, filters, Excel), request and edit, the detail page
with its actions, agenda, checklist, minutes and decisions and one timeline, the 第一议题
study ledger and the decisions list. Every write goes through ``meetings.services``."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from office.dates import date_range_error
from office.models import OrgUnit
from office.roles import OFFICE_ROLES, Role
from office.views.detail import ActionPanel, Event, ObjectDetailView, SubmitButton
from office.views.generic import (
    ObjectEditView,
    ObjectListView,
    RestrictedMixin,
    ViewPermissionMixin,
)
from office.workflow import may
from training.selectors import study_materials

from . import services
from .choices import AgendaKind, MeetingStatus
from .conf import setting
from .filtersets import DecisionFilterSet, MeetingFilterSet, StudyLedgerFilterSet
from .forms import (
    AgendaItemForm,
    AnswerForm,
    CommentForm,
    DecideForm,
    DecisionForm,
    EmptyForm,
    MeetingForm,
    MinutesForm,
    NoticeForm,
    ReasonForm,
    SignInForm,
    SubmitForm,
    SupervisionForm,
    TaskForm,
    office_people,
)
from .models import AgendaItem, Decision, Material, Meeting
from .rules import carries_first_topic
from .selectors import open_decisions_before
from .tables import DecisionTable, MeetingTable, StudyLedgerTable

# --- Lists -------------------------------------------------------------------------------------


class MeetingListView(ObjectListView):
    model = Meeting
    template_name = "meetings/list.html"
    extra_context = {"meetings_tab": "meetings"}
    table_class = MeetingTable
    filterset_class = MeetingFilterSet
    create_url_name = "meetings:meeting_add"
    title = gettext_lazy("Meetings")

    def get_base_queryset(self):
        return Meeting.objects.select_related("organiser_unit", "chair")

    def get_export_filename(self, export_format):
        return f"{_('Meetings')}-{timezone.localdate():%Y%m%d}.{export_format}"


class StudyLedgerView(ObjectListView):
    """第一议题台账."""

    model = AgendaItem
    template_name = "meetings/list.html"
    extra_context = {"meetings_tab": "study"}
    table_class = StudyLedgerTable
    filterset_class = StudyLedgerFilterSet
    title = gettext_lazy("First-topic study ledger")

    def get_base_queryset(self):
        return (
            AgendaItem.objects.filter(kind=AgendaKind.STUDY)
            .select_related("meeting")
            .prefetch_related("study_materials")
        )

    def get_export_filename(self, export_format):
        return f"{_('First-topic study ledger')}-{timezone.localdate():%Y%m%d}.{export_format}"


class DecisionListView(ObjectListView):
    model = Decision
    template_name = "meetings/list.html"
    extra_context = {"meetings_tab": "decisions"}
    table_class = DecisionTable
    filterset_class = DecisionFilterSet
    title = gettext_lazy("Meeting decisions")

    def get_base_queryset(self):
        return Decision.objects.select_related("meeting", "lead_unit", "supervision_item")

    def get_export_filename(self, export_format):
        return f"{_('Meeting decisions')}-{timezone.localdate():%Y%m%d}.{export_format}"


# --- Request and edit ----------------------------------------------------------------------------


class MeetingRequestView(ObjectEditView):
    model = Meeting
    form_class = MeetingForm
    list_url_name = "meetings:meeting_list"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save(self, form):
        data = form.meeting_data()
        if self.object is None:
            meeting = services.meeting_request(actor=self.request.user, data=data)
            self.success_message = _("Meeting requested as a draft: check it and submit it.")
            return meeting
        return services.meeting_update(actor=self.request.user, meeting=self.object, data=data)

    def get(self, request, *args, **kwargs):
        self._refuse_if_not_editable()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._refuse_if_not_editable()
        return super().post(request, *args, **kwargs)

    def _refuse_if_not_editable(self):
        from django.core.exceptions import PermissionDenied

        if self.object is not None and not may(self.request.user, "edit", self.object):
            raise PermissionDenied

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object is None:
            context["title"] = _("Request a meeting")
        return context


# --- Actions -------------------------------------------------------------------------------------


def _submit(view, meeting, data):
    services.meeting_submit(
        actor=view.request.user, meeting=meeting, exception_reason=data["exception_reason"]
    )
    return _("Submitted for approval.")


def _decide(view, meeting, data):
    if data["approve"]:
        services.meeting_approve(actor=view.request.user, meeting=meeting, comment=data["comment"])
        return _("Meeting approved; the requester is notified.")
    services.meeting_reject(actor=view.request.user, meeting=meeting, comment=data["comment"])
    return _("Meeting rejected; the requester is notified.")


def _revise(view, meeting, data):
    services.meeting_revise(actor=view.request.user, meeting=meeting)
    return _("The meeting is a draft again: edit it and submit it.")


def _agenda(view, meeting, data):
    ids = data["study_materials"]
    materials = list(study_materials(view.request.user, "change").filter(pk__in=ids))
    if len(materials) != len(set(ids)):
        raise ValidationError(_("Choose study materials from the list."))
    services.agenda_item_add(
        actor=view.request.user,
        meeting=meeting,
        kind=data["kind"],
        title=data["title"],
        minutes=data["minutes"],
        presenter_name=data["presenter_name"],
        study_materials=materials,
        files=data["materials"],
    )
    return _("Agenda item added.")


def _review(view, meeting, data):
    services.agenda_review_add(
        actor=view.request.user, meeting=meeting, decisions=open_decisions_before(meeting)
    )
    return _("回头看 item added to the agenda.")


def _task(view, meeting, data):
    task = get_object_or_404(meeting.tasks, pk=data["task"])
    if data["done"]:
        services.task_done(actor=view.request.user, task=task)
        return _("Task done: %(task)s") % {"task": task.title}
    services.task_reopen(actor=view.request.user, task=task)
    return _("Task reopened: %(task)s") % {"task": task.title}


def _notice(view, meeting, data):
    people = office_people(view.request.user).filter(pk__in=data["attendees"])
    rows = services.notice_send(actor=view.request.user, meeting=meeting, attendees=list(people))
    return _("Notice sent to %(count)s people.") % {"count": len(rows)}


def _answer(view, meeting, data):
    services.attendance_answer(
        actor=view.request.user,
        meeting=meeting,
        confirm=data["confirm"],
        reason=data["leave_reason"],
        substitute=data["substitute"],
    )
    return _("Attendance confirmed.") if data["confirm"] else _("Leave requested.")


def _sign_in(view, meeting, data):
    count = services.sign_in_record(
        actor=view.request.user,
        meeting=meeting,
        present_ids=data["present"],
        shown_present_ids=data["was_present"],
    )
    return _("Sign-in recorded: %(count)s present.") % {"count": count}


def _ready(view, meeting, data):
    services.meeting_mark_ready(actor=view.request.user, meeting=meeting)
    return _("The meeting is ready.")


def _hold(view, meeting, data):
    services.meeting_hold(actor=view.request.user, meeting=meeting, comment=data["comment"])
    return _("Recorded as held: draft the minutes and record the decisions.")


def _minutes(view, meeting, data):
    version = services.minutes_save(
        actor=view.request.user, meeting=meeting, text=data["text"], reason=data["reason"]
    )
    return _("Minutes saved (version %(number)s).") % {"number": version.number}


def _approve_minutes(view, meeting, data):
    services.minutes_approve(actor=view.request.user, meeting=meeting, comment=data["comment"])
    return _("Minutes approved and locked.")


def _decision(view, meeting, data):
    services.decision_add(
        actor=view.request.user, meeting=meeting, text=data["text"], lead_unit=data["lead_unit"]
    )
    return _("Decision recorded.")


def _supervise(view, meeting, data):
    decision = get_object_or_404(meeting.decisions, pk=data["decision"])
    item = services.decision_to_supervision(
        actor=view.request.user, decision=decision, deadline=data["deadline"]
    )
    return _("Supervision item %(number)s opened from the decision.") % {"number": item.number}


def _cancel(view, meeting, data):
    services.meeting_cancel(actor=view.request.user, meeting=meeting, reason=data["reason"])
    return _("Meeting cancelled.")


def _approver(user) -> bool:
    return user.has_role(Role.DIRECTOR, Role.SECTION_HEAD)


def _office(user) -> bool:
    return user.has_role(*OFFICE_ROLES) or user.sees_own_unit_only


def _folded(user) -> bool:
    return False


MEETING_ACTIONS = (
    ActionPanel(
        "submit",
        SubmitForm,
        _submit,
        gettext_lazy("Submit for approval"),
        gettext_lazy("Submit"),
        "send",
        intro=gettext_lazy("The meeting is checked against the rules on submission."),
    ),
    ActionPanel(
        "decide",
        DecideForm,
        _decide,
        gettext_lazy("Approve the meeting"),
        icon="check2-square",
        rules=("approve",),
        primary_for=_approver,
        buttons=(
            SubmitButton(gettext_lazy("Approve"), "success", "check-lg", "approve", "1"),
            SubmitButton(gettext_lazy("Reject"), "outline-danger", "x-lg", "approve", "0"),
        ),
    ),
    ActionPanel(
        "revise",
        EmptyForm,
        _revise,
        gettext_lazy("Revise and resubmit"),
        gettext_lazy("Revise"),
        "arrow-counterclockwise",
        "outline-primary",
    ),
    ActionPanel(
        "agenda",
        AgendaItemForm,
        _agenda,
        gettext_lazy("Add an agenda item"),
        gettext_lazy("Add the item"),
        "list-ol",
        primary_for=_folded,
    ),
    ActionPanel("review", EmptyForm, _review, gettext_lazy("回头看"), rules=("agenda",)),
    ActionPanel("task", TaskForm, _task, gettext_lazy("Checklist"), rules=("checklist",)),
    ActionPanel(
        "notice",
        NoticeForm,
        _notice,
        gettext_lazy("Send the meeting notice"),
        gettext_lazy("Send the notice"),
        "envelope",
        primary_for=_folded,
    ),
    ActionPanel(
        "answer",
        AnswerForm,
        _answer,
        gettext_lazy("Your attendance"),
        icon="person-check",
        buttons=(
            SubmitButton(gettext_lazy("I will attend"), "success", "check-lg", "confirm", "1"),
            SubmitButton(gettext_lazy("Ask for leave"), "outline-warning", "", "confirm", "0"),
        ),
    ),
    ActionPanel("sign_in", SignInForm, _sign_in, gettext_lazy("Sign-in"), path="sign-in/"),
    ActionPanel(
        "ready",
        EmptyForm,
        _ready,
        gettext_lazy("Preparation complete"),
        gettext_lazy("Mark ready"),
        "check2-all",
        "success",
        rules=("mark_ready",),
        intro=gettext_lazy(
            "Only when every mandatory task is done and the agenda is complete (第一议题 first "
            "where the meeting type carries it)."
        ),
    ),
    ActionPanel(
        "hold",
        CommentForm,
        _hold,
        gettext_lazy("Record the meeting as held"),
        gettext_lazy("Record as held"),
        "calendar-check",
        primary_for=_office,
    ),
    ActionPanel(
        "minutes",
        MinutesForm,
        _minutes,
        gettext_lazy("Draft the minutes"),
        gettext_lazy("Save the minutes"),
        "journal-text",
    ),
    ActionPanel(
        "approve_minutes",
        CommentForm,
        _approve_minutes,
        gettext_lazy("Approve the minutes"),
        gettext_lazy("Approve and lock"),
        "lock",
        "success",
        rules=("approve_minutes", "approve_minutes_version"),
        path="minutes/approve/",
    ),
    ActionPanel(
        "decision",
        DecisionForm,
        _decision,
        gettext_lazy("Record a decision"),
        gettext_lazy("Record the decision"),
        "check2-circle",
        rules=("decide",),
        primary_for=_folded,
    ),
    ActionPanel(
        "supervise",
        SupervisionForm,
        _supervise,
        gettext_lazy("To supervision"),
        rules=("decide",),
    ),
    ActionPanel(
        "cancel",
        ReasonForm,
        _cancel,
        gettext_lazy("Cancel the meeting"),
        gettext_lazy("Cancel the meeting"),
        "x-octagon",
        "danger",
        confirm=gettext_lazy("Cancel this meeting? The attendees are told."),
        primary_for=_folded,
    ),
)
# Panels shown inside their own section (a button per task, per decision), not as a form.
INLINE_PANELS = {"task", "supervise", "sign_in", "review"}


class MeetingDetailView(ObjectDetailView):
    model = Meeting
    template_name = "meetings/meeting_detail.html"
    edit_url_name = "meetings:meeting_edit"
    url_prefix = "meetings:meeting"
    action_panels = MEETING_ACTIONS
    timeline_title = gettext_lazy("History")
    timeline_sources = ("minutes_events", "decision_events", "attendance_events")
    workflow_fields = ("status", "breaches", "exception_reason", "decision_comment")
    detail_fields = (
        "meeting_type",
        "organiser_unit",
        "chair",
        "starts_at",
        "planned_minutes",
        "place",
        "expected_attendance",
        "attendance_levels",
        "reason",
        "requested_by",
    )

    def get_base_queryset(self):
        return Meeting.objects.select_related(
            "organiser_unit", "chair", "requested_by", "owning_office"
        ).prefetch_related("required_leaders")

    def get_fields(self):
        rows = super().get_fields()
        meeting = self.object
        start = timezone.localtime(meeting.starts_at)
        end = timezone.localtime(meeting.ends_at)
        time_text = (
            f"{start:%Y-%m-%d %H:%M} – {end:%H:%M}"
            if end.date() == start.date()
            else (f"{start:%Y-%m-%d %H:%M} – {end:%Y-%m-%d %H:%M}")
        )
        rows = [(label, time_text if label == Meeting._meta.get_field("starts_at").verbose_name
                 else value) for label, value in rows]  # fmt: skip
        leaders = "、".join(str(u) for u in meeting.required_leaders.all())
        rows.insert(3, (_("leaders required to attend"), leaders))
        return rows

    def action_panels_for(self, user):
        panels = super().action_panels_for(user)
        for panel in panels:
            prepare = getattr(panel.form, "prepare", None)
            if prepare:
                prepare(self, self.object)
        self.inline = {p.spec.name: p for p in panels if p.spec.name in INLINE_PANELS}
        return [p for p in panels if p.spec.name not in INLINE_PANELS]

    def get_context_data(self, **kwargs):
        meeting = self.object
        agenda = list(
            meeting.agenda_items.order_by("position").prefetch_related(
                "study_materials", Prefetch("materials", queryset=Material.objects.order_by("pk"))
            )
        )
        tasks = list(meeting.tasks.select_related("owner", "done_by").order_by("position", "pk"))
        decisions = list(
            meeting.decisions.select_related("lead_unit", "supervision_item", "agenda_item")
        )
        minutes = list(meeting.minutes.select_related("created_by", "approved_by"))
        attendances = list(meeting.attendances.select_related("user", "user__org_unit"))
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        used = sum(item.minutes for item in agenda)
        context.update(
            title=meeting.title,
            status_badge=True,
            agenda=agenda,
            agenda_used=used,
            agenda_left=meeting.planned_minutes - used,
            first_topic=carries_first_topic(meeting.meeting_type),
            tasks=tasks,
            today=today,
            open_mandatory=[t for t in tasks if t.mandatory and t.is_open],
            decisions=decisions,
            minutes_versions=minutes,
            attendances=attendances,
            answered=sum(1 for a in attendances if a.answer != "pending"),
            signed_in=sum(1 for a in attendances if a.signed_in_at),
            sign_in_panel=self.inline.get("sign_in"),
            sign_in_today=today == timezone.localtime(meeting.starts_at).date(),
            task_panel=self.inline.get("task"),
            review_panel=self.inline.get("review"),
            open_decisions=list(open_decisions_before(meeting)[:20])
            if self.inline.get("review")
            else [],
            supervise_panel=self.inline.get("supervise"),
            may_supervise=self.request.user.has_perm("supervision.add_item"),
        )
        return context

    def minutes_events(self) -> list[Event]:
        events = []
        for version in self.object.minutes.select_related("created_by", "approved_by"):
            events.append(
                Event(
                    version.created_at,
                    "minutes",
                    "journal-text",
                    "blue",
                    _("Minutes version %(number)s drafted") % {"number": version.number},
                    version.created_by,
                    version.reason,
                )
            )
        return events

    def attendance_events(self) -> list[Event]:
        rows = list(self.object.attendances.select_related("user", "notified_by"))
        events = []
        batches: dict = {}
        for row in rows:
            batches.setdefault(row.notified_at.replace(second=0, microsecond=0), []).append(row)
        for moment, batch in batches.items():
            names = "、".join(str(row.user) for row in batch)
            events.append(
                Event(
                    moment,
                    "notice",
                    "envelope",
                    "azure",
                    _("Notice sent"),
                    batch[0].notified_by,
                    names,
                )  # fmt: skip
            )
        for row in rows:
            if row.answered_at is None:
                continue
            leave = row.answer == "leave"
            text = row.leave_reason + (
                f"（{_('substitute')}：{row.substitute}）" if row.substitute else ""
            )
            events.append(
                Event(
                    row.answered_at,
                    "answer",
                    "person-dash" if leave else "person-check",
                    "yellow" if leave else "green",
                    _("Asked for leave") if leave else _("Confirmed attendance"),
                    row.user,
                    text,
                )
            )
        return events

    def decision_events(self) -> list[Event]:
        return [
            Event(
                decision.created_at,
                "decision",
                "check2-circle",
                "purple",
                _("Decision recorded"),
                decision.created_by,
                decision.text,
            )
            for decision in self.object.decisions.select_related("created_by")
        ]


def annotate_counts(queryset):
    return queryset.annotate(agenda_count=Count("agenda_items"))


__all__ = ["OrgUnit"]


# --- Calendar ------------------------------------------------------------------------------------


class CalendarView(RestrictedMixin, ViewPermissionMixin, TemplateView):
    """The office's meetings by week or by month (no drafts, nothing cancelled or rejected)."""

    model = Meeting
    template_name = "meetings/calendar.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        try:
            day = date.fromisoformat(self.request.GET.get("day", ""))
        except ValueError:
            day = today
        if date_range_error(day):
            day = today
        mode = "month" if self.request.GET.get("view") == "month" else "week"
        if mode == "week":
            start = day - timedelta(days=day.weekday())
            end = start + timedelta(days=6)
            previous, following = start - timedelta(days=7), start + timedelta(days=7)
        else:
            first = day.replace(day=1)
            start = first - timedelta(days=first.weekday())
            last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
            end = last + timedelta(days=6 - last.weekday())
            previous = (first - timedelta(days=1)).replace(day=1)
            following = last + timedelta(days=1)
        meetings = (
            self.get_queryset()
            .filter(starts_at__date__range=(start, end))
            .exclude(
                status__in=[MeetingStatus.DRAFT, MeetingStatus.CANCELLED, MeetingStatus.REJECTED]
            )
            .select_related("chair", "organiser_unit")
            .order_by("starts_at")
        )
        by_day: dict = {}
        for meeting in meetings:
            by_day.setdefault(timezone.localtime(meeting.starts_at).date(), []).append(meeting)
        free = setting("MEETINGS_NO_MEETING_WEEKDAYS")
        days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
        weeks = [
            [
                {
                    "day": d,
                    "meetings": by_day.get(d, []),
                    "no_meeting_day": d.weekday() in free,
                    "today": d == today,
                    "other_month": mode == "month" and d.month != day.month,
                }
                for d in days[i : i + 7]
            ]
            for i in range(0, len(days), 7)
        ]
        return {
            **super().get_context_data(**kwargs),
            "title": _("Meeting calendar"),
            "mode": mode,
            "weeks": weeks,
            "start": start,
            "end": end,
            "day": day,
            "previous": previous,
            "following": following,
            "weekday_names": ["一", "二", "三", "四", "五", "六", "日"],
            "meetings_tab": "calendar",
        }
