"""Mentoring reviews for the core reminder engine: when a pairing's next review falls due,
the mentor and the newcomer are told once (the occurrence is the due date)."""

from collections.abc import Iterable
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from office.reminders import Due

from .models import MentoringPair
from .selectors import active_pairs_with_last_review, review_due


class MentoringReviews:
    key = "training.mentoring_review"

    def collect(self, now: datetime) -> Iterable[Due]:
        today = timezone.localdate(now)
        for pair in active_pairs_with_last_review():
            due = review_due(pair, pair.last_review)
            if due > today:
                continue
            title = _("Mentoring review due (%(date)s): %(pair)s") % {
                "date": due.isoformat(),
                "pair": pair,
            }
            for person in (pair.mentor, pair.mentee):
                yield Due(
                    person,
                    str(pair.pk),
                    "review",
                    due.isoformat(),
                    title[:200],
                    url=pair.get_absolute_url(),
                )


def pairs_due_for(user, today: date) -> list[tuple[MentoringPair, date]]:
    """The active pairings the user is in whose review is due (for the to-do list)."""
    pairs = active_pairs_with_last_review().filter(
        pk__in=MentoringPair.objects.restrict(user).values("pk")
    )
    found = []
    for pair in pairs:
        if user.pk not in (pair.mentor_id, pair.mentee_id):
            continue
        due = review_due(pair, pair.last_review)
        if due <= today:
            found.append((pair, due))
    return found
