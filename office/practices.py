"""The city's shared library of good practices (经验做法): the services every page, the API,
the admin's forms and the demo call.

Who may do what is declared once on ``GoodPractice.workflow``: the office side of the owning
office writes and edits; its director publishes and withdraws; and whoever may see a
published practice and works for an office or leads a county under the city comments on it
(``may_comment``, which the detail page, the API and ``practice_comment`` all ask).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from office.classification import refuse_classified
from office.models import GoodPractice, PracticeComment, PracticeStatus
from office.texts import check_texts
from office.workflow import TransitionForbidden, may, require, transition_perform

EDITABLE = ("title", "area", "summary", "text")


def may_comment(user, practice: GoodPractice) -> bool:
    """Whether ``user`` may comment on ``practice`` now: the one rule the page's form, the
    API and the service ask (the office side and county leaders of any office under the
    city, on a published practice they may see)."""
    return may(user, "comment", practice)


def may_create(user) -> bool:
    return (
        user.is_authenticated
        and user.has_perm("office.add_goodpractice")
        and not user.sees_own_unit_only
        and user.office is not None
    )


def _check(*, actor, where: str, data: dict) -> dict:
    cleaned = {name: (data.get(name) or "").strip() for name in EDITABLE}
    missing = {name: _("This field is required.") for name, value in cleaned.items() if not value}
    if missing:
        raise ValidationError(missing)
    if cleaned["area"] not in dict(GoodPractice._meta.get_field("area").flatchoices):
        raise ValidationError({"area": _("Choose an area of work.")})
    check_texts(GoodPractice, summary=cleaned["summary"], text=cleaned["text"])
    refuse_classified(
        actor=actor,
        where=where,
        title=cleaned["title"],
        summary=cleaned["summary"],
        text=cleaned["text"],
    )
    return cleaned


@transaction.atomic
def practice_create(*, actor, title: str, area: str, summary: str, text: str) -> GoodPractice:
    """A draft of the actor's own office."""
    if not may_create(actor):
        raise TransitionForbidden(_("Only an office's staff write up its practices."))
    cleaned = _check(
        actor=actor,
        where="office.practice_create",
        data={"title": title, "area": area, "summary": summary, "text": text},
    )
    practice = GoodPractice(owning_office=actor.office, author=actor, **cleaned)
    practice._history_user = actor
    practice.save()
    return practice


@transaction.atomic
def practice_update(*, actor, practice: GoodPractice, **changes) -> GoodPractice:
    require(actor, "edit", practice)
    data = {name: changes.get(name, getattr(practice, name)) for name in EDITABLE}
    cleaned = _check(actor=actor, where="office.practice_update", data=data)
    for name, value in cleaned.items():
        setattr(practice, name, value)
    practice._history_user = actor
    practice.save()
    return practice


def practice_publish(*, actor, practice: GoodPractice) -> GoodPractice:
    """Share the practice with every office under the city."""
    transition_perform(obj=practice, name="publish", actor=actor, published_at=timezone.now())
    return practice


def practice_withdraw(*, actor, practice: GoodPractice, comment: str = "") -> GoodPractice:
    """Take it back: the other offices no longer see it (nor its comments)."""
    refuse_classified(actor=actor, where="office.practice_withdraw", comment=comment)
    transition_perform(obj=practice, name="withdraw", actor=actor, comment=comment)
    return practice


@transaction.atomic
def practice_comment(*, actor, practice: GoodPractice, text: str) -> PracticeComment:
    require(actor, "comment", practice)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write a comment.")})
    check_texts(PracticeComment, text=text)
    refuse_classified(actor=actor, where="office.practice_comment", text=text)
    comment = PracticeComment(practice=practice, author=actor, text=text)
    comment._history_user = actor
    comment.save()
    return comment


def practices_shared_with(user):
    """The published practices ``user`` may read (the search box finds these)."""
    return GoodPractice.objects.restrict(user).filter(status=PracticeStatus.PUBLISHED)
