"""Writes of a meeting: request, edit, submit (with the 精文减会 checks), approve or reject,
revise, mark ready, record as held, cancel."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from office.classification import refuse_classified
from office.dates import check_dates
from office.models import OrgUnit, User
from office.notifications import notify
from office.selectors import office_directors, units_outside_scope
from office.texts import check_texts
from office.workflow import TransitionForbidden, require, transition_perform

from ..choices import MeetingStatus
from ..models import AnnualPlan, ChecklistTask, Meeting
from ..rules import check_meeting, first_topic_error, minutes_between, time_errors
from .checklist import checklist_create


@dataclass
class MeetingData:
    """What a person types to request a meeting (a form, the API or the demo)."""

    meeting_type: str
    title: str
    organiser_unit: OrgUnit
    chair: User
    starts_at: datetime
    ends_at: datetime
    place: str
    expected_attendance: int
    reason: str
    attendance_levels: str = ""
    required_leaders: list = field(default_factory=list)


FIELDS = (
    "meeting_type",
    "title",
    "organiser_unit",
    "chair",
    "starts_at",
    "ends_at",
    "place",
    "expected_attendance",
    "reason",
    "attendance_levels",
)


def _check(actor, data: MeetingData, where: str) -> None:
    outside = units_outside_scope(actor, [data.organiser_unit])
    if outside:
        raise ValidationError(
            {"organiser_unit": _("%(unit)s is outside your office.") % {"unit": outside[0]}}
        )
    office_id = actor.office.pk if actor.office else None
    people = [data.chair, *data.required_leaders]
    if any(
        person.org_unit_id is None or person.org_unit.office_id != office_id for person in people
    ):
        raise ValidationError({"chair": _("Choose people of your own office's county.")})
    errors = time_errors(data.starts_at, data.ends_at)
    if errors:
        raise ValidationError(errors)
    check_dates(
        starts_at=timezone.localtime(data.starts_at).date(),
        ends_at=timezone.localtime(data.ends_at).date(),
    )
    if data.expected_attendance is None or data.expected_attendance < 1:
        raise ValidationError({"expected_attendance": _("A meeting has at least one attendee.")})
    check_texts(Meeting, reason=data.reason)
    refuse_classified(
        actor=actor,
        where=where,
        title=data.title,
        place=data.place,
        reason=data.reason,
        attendance_levels=data.attendance_levels,
    )


def _apply(meeting: Meeting, data: MeetingData) -> None:
    for name in FIELDS:
        value = getattr(data, name)
        setattr(meeting, name, value.strip() if isinstance(value, str) else value)
    meeting.planned_minutes = minutes_between(data.starts_at, data.ends_at)


@transaction.atomic
def meeting_request(*, actor, data: MeetingData) -> Meeting:
    """A unit liaison or the office requests a meeting; it starts as a draft."""
    if not actor.has_perm("meetings.add_meeting"):
        raise TransitionForbidden(_("You may not request meetings."))
    _check(actor, data, "meetings.meeting_request")
    meeting = Meeting(owning_office=actor.office, requested_by=actor)
    _apply(meeting, data)
    meeting.full_clean()
    meeting._history_user = actor
    meeting.save()
    meeting.required_leaders.set(data.required_leaders)
    return meeting


@transaction.atomic
def meeting_update(*, actor, meeting: Meeting, data: MeetingData) -> Meeting:
    require(actor, "edit", meeting)
    _check(actor, data, "meetings.meeting_update")
    _apply(meeting, data)
    meeting.full_clean()
    meeting._history_user = actor
    meeting._change_reason = _("Edited")
    meeting.save()
    meeting.required_leaders.set(data.required_leaders)
    return meeting


def meeting_checks(meeting: Meeting) -> list:
    """The 精文减会 checks of the meeting as it stands (breaches, then suggestions)."""
    return check_meeting(
        meeting,
        list(meeting.required_leaders.all()),
        meetings_qs=Meeting.objects.all(),
        plans_qs=AnnualPlan.objects.all(),
    )


@transaction.atomic
def meeting_submit(*, actor, meeting: Meeting, exception_reason: str = "") -> Meeting:
    """Submit for approval. Every breach is recorded with its rule; a breach needs a written
    reason, and then only the director approves."""
    require(actor, "submit", meeting)
    found = meeting_checks(meeting)
    breaches = [b for b in found if b.level == "breach"]
    exception_reason = (exception_reason or "").strip()
    if breaches and not exception_reason:
        lines = "；".join(f"【{b.label}】{b.message}" for b in breaches)
        raise ValidationError(
            {
                "exception_reason": _(
                    "This meeting breaks the rules: %(lines)s Give a written reason to submit "
                    "it as an exception; only the director can approve it."
                )
                % {"lines": lines}
            }
        )
    check_texts(Meeting, exception_reason=exception_reason)
    refuse_classified(
        actor=actor, where="meetings.meeting_submit", exception_reason=exception_reason
    )
    transition_perform(
        obj=meeting,
        name="submit",
        actor=actor,
        comment=exception_reason,
        breaches=[b.as_dict() for b in found],
        exception_reason=exception_reason if breaches else "",
    )
    approvers = office_directors(meeting.owning_office)
    notify(
        recipients=approvers,
        title=_("Meeting awaiting approval: %(title)s") % {"title": meeting.title},
        body=_("%(count)s rule breaches, exception requested.") % {"count": len(breaches)}
        if breaches
        else "",
        url=meeting.get_absolute_url(),
    )
    return meeting


@transaction.atomic
def meeting_approve(*, actor, meeting: Meeting, comment: str = "", today: date | None = None):
    refuse_classified(actor=actor, where="meetings.meeting_approve", comment=comment)
    transition_perform(
        obj=meeting, name="approve", actor=actor, comment=comment, decision_comment=comment
    )
    checklist_create(meeting=meeting, owner=meeting.requested_by or actor)
    _tell_requester(meeting, _("Meeting approved: %(title)s"), comment)
    return meeting


@transaction.atomic
def meeting_reject(*, actor, meeting: Meeting, comment: str):
    refuse_classified(actor=actor, where="meetings.meeting_reject", comment=comment)
    transition_perform(
        obj=meeting, name="reject", actor=actor, comment=comment, decision_comment=comment
    )
    _tell_requester(meeting, _("Meeting rejected: %(title)s"), comment)
    return meeting


def _tell_requester(meeting, title, comment) -> None:
    notify(
        recipients=[meeting.requested_by],
        title=title % {"title": meeting.title},
        body=comment,
        url=meeting.get_absolute_url(),
    )


@transaction.atomic
def meeting_revise(*, actor, meeting: Meeting):
    transition_perform(obj=meeting, name="revise", actor=actor, breaches=[], exception_reason="")
    return meeting


def ready_errors(meeting: Meeting) -> list[str]:
    """Why the meeting cannot be marked ready yet (empty when it can)."""
    errors = []
    open_tasks = [
        t.title for t in ChecklistTask.objects.filter(meeting=meeting, mandatory=True, done_on=None)
    ]
    if open_tasks:
        errors.append(
            _("Mandatory preparation tasks are still open: %(tasks)s.")
            % {"tasks": "、".join(open_tasks)}
        )
    agenda = list(meeting.agenda_items.order_by("position").prefetch_related("study_materials"))
    if not agenda:
        errors.append(_("The meeting has no agenda yet."))
    error = first_topic_error(meeting, agenda)
    if error:
        errors.append(error)
    return errors


@transaction.atomic
def meeting_mark_ready(*, actor, meeting: Meeting):
    require(actor, "mark_ready", meeting)
    errors = ready_errors(meeting)
    if errors:
        raise ValidationError(" ".join(errors))
    transition_perform(obj=meeting, name="mark_ready", actor=actor)
    return meeting


@transaction.atomic
def meeting_hold(*, actor, meeting: Meeting, comment: str = ""):
    refuse_classified(actor=actor, where="meetings.meeting_hold", comment=comment)
    transition_perform(obj=meeting, name="hold", actor=actor, comment=comment)
    return meeting


@transaction.atomic
def meeting_cancel(*, actor, meeting: Meeting, reason: str):
    refuse_classified(actor=actor, where="meetings.meeting_cancel", reason=reason)
    transition_perform(obj=meeting, name="cancel", actor=actor, comment=reason)
    if meeting.status == MeetingStatus.CANCELLED:
        notify(
            recipients=[meeting.chair, *meeting.required_leaders.all()],
            title=_("Meeting cancelled: %(title)s") % {"title": meeting.title},
            body=reason,
            url=meeting.get_absolute_url(),
        )
    return meeting
