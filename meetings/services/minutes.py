"""Minutes (纪要): drafted, approved by the director and then locked; a change after
approval is a new version with its reason."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from office.classification import refuse_classified
from office.texts import check_texts
from office.workflow import require, transition_perform

from ..choices import MeetingStatus
from ..models import Meeting, MinutesVersion


@transaction.atomic
def minutes_save(*, actor, meeting: Meeting, text: str, reason: str = "") -> MinutesVersion:
    """Draft the minutes (a draft is rewritten in place); once approved, a new version needs
    a reason."""
    require(actor, "minutes", meeting)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the minutes.")})
    check_texts(MinutesVersion, text=text, reason=reason)
    refuse_classified(actor=actor, where="meetings.minutes_save", text=text, reason=reason)
    latest = meeting.minutes.order_by("-number").first()
    if latest is not None and latest.approved_at is None:
        latest.text = text
        latest.save(update_fields=["text"])
        return latest
    if latest is not None and not (reason or "").strip():
        raise ValidationError(
            {"reason": _("The approved minutes are locked: give the reason for a new version.")}
        )
    version = MinutesVersion.objects.create(
        meeting=meeting,
        number=(latest.number + 1) if latest else 1,
        text=text,
        reason=(reason or "").strip(),
        created_by=actor,
    )
    return version


@transaction.atomic
def minutes_approve(*, actor, meeting: Meeting, comment: str = "") -> MinutesVersion:
    """The director approves the latest version; the first approval moves the meeting on."""
    latest = meeting.minutes.order_by("-number").first()
    if latest is None:
        raise ValidationError(_("There are no minutes to approve yet."))
    if latest.approved_at is not None:
        raise ValidationError(_("This version of the minutes is approved already."))
    if meeting.status == MeetingStatus.HELD:
        transition_perform(obj=meeting, name="approve_minutes", actor=actor, comment=comment)
    else:
        require(actor, "approve_minutes_version", meeting)
    latest.approved_by = actor
    latest.approved_at = timezone.now()
    latest.save(update_fields=["approved_by", "approved_at"])
    return latest
