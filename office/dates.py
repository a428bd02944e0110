"""The range of a date a person enters: one rule for every form, serializer, import and
service, so 9999-12-31 (or 0001-01-01) never reaches a deadline, a report or a calendar.

The office works from 2000 on and plans at most ten years ahead; anything outside is a typo.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

EARLIEST = date(2000, 1, 1)
YEARS_AHEAD = 10


def date_bounds(today: date | None = None) -> tuple[date, date]:
    """The first and last date a person may enter today."""
    today = today or timezone.localdate()
    try:
        latest = today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February, ten years on, is not a leap day
        latest = today.replace(year=today.year + YEARS_AHEAD, day=28)
    return EARLIEST, latest


def date_range_error(value: date | None, today: date | None = None) -> str:
    """What is wrong with an entered date ("" when it is fine or empty)."""
    if value is None:
        return ""
    earliest, latest = date_bounds(today)
    if earliest <= value <= latest:
        return ""
    return _("Enter a date from %(earliest)s to %(latest)s.") % {
        "earliest": earliest.isoformat(),
        "latest": latest.isoformat(),
    }


def validate_entered_date(value: date | None) -> None:
    """A validator for form fields, serializer fields and services (Django and DRF both turn
    a Django ValidationError from a validator into the field's error)."""
    message = date_range_error(value)
    if message:
        raise ValidationError(message, code="date_range")


def check_dates(today: date | None = None, **dates: date | None) -> None:
    """For services: refuse every named date outside the range, each under its field name."""
    errors = {name: date_range_error(value, today) for name, value in dates.items()}
    errors = {name: message for name, message in errors.items() if message}
    if errors:
        raise ValidationError(errors)
