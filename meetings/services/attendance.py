"""Notices and attendance: the notice goes to the attendees (in-app and the channels they
chose); each confirms or asks for leave with a reason and a substitute; the organiser records
the sign-in on the day (a list to tick, or a QR code the organiser's device shows that an
attendee may scan: no forced check-ins on personal phones)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from office.classification import refuse_classified
from office.notifications import notify
from office.texts import check_texts
from office.workflow import require

from ..choices import AttendanceAnswer, MeetingStatus
from ..models import Attendance, Meeting, on_meeting_day


@transaction.atomic
def notice_send(*, actor, meeting: Meeting, attendees) -> list[Attendance]:
    """Send the notice to ``attendees`` (the chair and required leaders always); someone
    already notified is not notified twice."""
    require(actor, "notice", meeting)
    people = {p.pk: p for p in [meeting.chair, *meeting.required_leaders.all(), *attendees]}
    office_id = meeting.owning_office_id
    if any(p.org_unit_id is None or p.org_unit.office_id != office_id for p in people.values()):
        raise ValidationError({"attendees": _("Choose people of your own office's county.")})
    already = set(meeting.attendances.values_list("user_id", flat=True))
    new = [p for pk, p in people.items() if pk not in already]
    rows = Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, user=p, notified_by=actor) for p in new]
    )
    start = timezone.localtime(meeting.starts_at)
    notify(
        recipients=new,
        title=_("Meeting notice: %(title)s, %(time)s, %(place)s")
        % {"title": meeting.title, "time": f"{start:%m-%d %H:%M}", "place": meeting.place},
        body=_("Please confirm, or ask for leave with a reason and a substitute."),
        url=meeting.get_absolute_url(),
    )
    return rows


@transaction.atomic
def attendance_answer(
    *, actor, meeting: Meeting, confirm: bool, reason: str = "", substitute: str = "", today=None
) -> Attendance:
    today = today or timezone.localdate()
    if today > timezone.localtime(meeting.starts_at).date():
        raise ValidationError(_("The meeting has taken place: it can no longer be answered."))
    require(actor, "answer", meeting, today)
    row = meeting.attendances.select_for_update().get(user=actor)
    reason, substitute = (reason or "").strip(), (substitute or "").strip()
    if not confirm and not reason:
        raise ValidationError({"leave_reason": _("Give the reason for your leave.")})
    check_texts(Attendance, leave_reason=reason)
    refuse_classified(
        actor=actor, where="meetings.attendance_answer", leave_reason=reason, substitute=substitute
    )
    row.answer = AttendanceAnswer.CONFIRMED if confirm else AttendanceAnswer.LEAVE
    row.leave_reason = "" if confirm else reason
    row.substitute = "" if confirm else substitute
    row.answered_at = timezone.now()
    row._history_user = actor
    row.save(update_fields=["answer", "leave_reason", "substitute", "answered_at"])
    if not confirm and meeting.requested_by:
        notify(
            recipients=[meeting.requested_by],
            title=_("%(name)s asks for leave from %(title)s")
            % {"name": actor, "title": meeting.title},
            body=reason + (f"（{_('substitute')}：{substitute}）" if substitute else ""),
            url=meeting.get_absolute_url(),
        )
    return row


@transaction.atomic
def sign_in_record(*, actor, meeting: Meeting, present_ids, shown_present_ids=None) -> int:
    """The organiser ticks who is present; the others are not signed in. ``shown_present_ids``:
    who was ticked on the list the organiser saw (None: take the list as the whole truth).
    Whoever signed in by the QR code after the list was opened stays signed in: the organiser
    never unticked them, they were simply not there to tick yet."""
    require(actor, "sign_in", meeting)
    present = set(present_ids)
    shown = None if shown_present_ids is None else set(shown_present_ids)
    now = timezone.now()
    count = 0
    for row in meeting.attendances.select_for_update():
        signed = row.pk in present
        if row.signed_in_at is not None and shown is not None and row.pk not in shown:
            signed = True  # signed in since the list was shown
        if signed != (row.signed_in_at is not None):
            row.signed_in_at = now if signed else None
            row._history_user = actor
            row.save(update_fields=["signed_in_at"])
        count += signed
    return count


def sign_in_code(meeting: Meeting, day) -> str:
    """The code in the address the organiser's QR code shows: it names the meeting and the
    day, so it works on the meeting's day only and cannot be guessed from the meeting's id."""
    return salted_hmac("meetings.sign_in", f"{meeting.pk}:{day.isoformat()}").hexdigest()[:20]


@transaction.atomic
def sign_in_self(*, actor, meeting: Meeting, today=None) -> Attendance:
    """An attendee scanned the QR code the organiser's device shows: they are signed in, once,
    on the meeting's day, if the notice went to them."""
    today = today or timezone.localdate()
    # The commonest refusals in their own words first; then the declared rule (an attendee,
    # a meeting ready or under way, its day) decides.
    if meeting.status not in (MeetingStatus.READY, MeetingStatus.HELD):
        raise ValidationError(_("Sign-in is open only for a meeting that is ready or under way."))
    if not on_meeting_day(meeting, today):
        raise ValidationError(_("Sign-in by QR code is open on the day of the meeting only."))
    require(actor, "sign_in_self", meeting, today)
    row = meeting.attendances.select_for_update().get(user=actor)
    if row.signed_in_at is not None:
        raise ValidationError(
            _("You signed in at %(time)s already.")
            % {"time": f"{timezone.localtime(row.signed_in_at):%H:%M}"}
        )
    row.signed_in_at = timezone.now()
    row._history_user = actor
    row.save(update_fields=["signed_in_at"])
    return row
