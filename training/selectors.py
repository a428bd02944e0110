"""Reads of the training app. ``study_materials`` is also read by other apps (architecture: an
app imports another app's services and selectors only)."""

import calendar
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.db.models import Avg, Case, Count, F, OuterRef, QuerySet, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from office.models import OrgUnit, OrgUnitKind, User

from .choices import DigestStatus, PairStatus, SessionStatus, Tier
from .models import (
    MentoringPair,
    MentoringReview,
    SelfStudyNote,
    StudyMaterial,
    StudySession,
    TheoryDigest,
    TierChange,
)
from .models import (
    SectionScore as SectionScoreModel,
)

# The units whose people are the office's own staff (its sections and the office itself).
STAFF_UNIT_KINDS = (OrgUnitKind.COUNTY_OFFICE, OrgUnitKind.CITY_OFFICE, OrgUnitKind.SECTION)


def study_materials(user, action: str = "view") -> QuerySet[StudyMaterial]:
    """The study library as ``user`` may see (or, with ``action="change"``, pick from) it:
    the meetings app's 第一议题 ledger and the training app's sessions both choose from here."""
    return StudyMaterial.objects.restrict(user, action)


def office_staff(office: OrgUnit | None) -> QuerySet[User]:
    """The people who work in ``office`` (its own unit and its sections): who attends its
    study sessions, who may be paired or put in a tier."""
    if office is None:
        return User.objects.none()
    return User.objects.filter(
        org_unit__office=office, org_unit__kind__in=STAFF_UNIT_KINDS, is_active=True
    ).order_by("org_unit__sort_order", "org_unit__path", "name", "username")


# --- Where a material was studied --------------------------------------------------------------


@dataclass(frozen=True)
class Study:
    day: date | None
    where: str
    title: str
    url: str


def material_studies(material: StudyMaterial, user) -> list[Study]:
    """Every record the user may see that studied ``material``: this app's sessions, and
    whatever another app links to the library (the meetings app's 第一议题 ledger) — found
    through the model's reverse relations, so the library imports no other app."""
    found = [
        Study(
            session.held_on, session.get_kind_display(), session.topic, session.get_absolute_url()
        )
        for session in StudySession.objects.restrict(user)
        .filter(materials=material)
        .exclude(status=SessionStatus.CANCELLED)
    ]
    for relation in StudyMaterial._meta.related_objects:
        model = relation.related_model
        if model._meta.app_label == "training" or not hasattr(model.objects, "restrict"):
            continue
        if not user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
            continue
        records = model.objects.restrict(user).filter(**{relation.field.name: material})
        if any(field.name == "meeting" for field in model._meta.fields):
            records = records.select_related("meeting")
        for record in records[:50]:
            found.append(
                Study(
                    _record_day(record),
                    str(model._meta.verbose_name),
                    _record_title(record),
                    record.get_absolute_url() if hasattr(record, "get_absolute_url") else "",
                )
            )
    return sorted(found, key=lambda study: study.day or date.min, reverse=True)


def _record_title(record) -> str:
    meeting = getattr(record, "meeting", None)
    return f"{meeting}：{getattr(record, 'title', record)}" if meeting else str(record)


def _record_day(record) -> date | None:
    # An agenda item was studied when its meeting began, not when it was typed in.
    meeting = getattr(record, "meeting", None)
    if meeting is not None and getattr(meeting, "starts_at", None) is not None:
        return timezone.localdate(meeting.starts_at)
    for name in ("held_on", "date", "studied_on", "meeting_date", "starts_at", "created_at"):
        value = getattr(record, name, None)
        if value is not None:
            return value.date() if hasattr(value, "date") and callable(value.date) else value
    return None


# --- 第一议题: one ledger, counted once ---------------------------------------------------------
#
# A 第一议题 study is the study item a held meeting of the standing committee or the office's
# affairs meeting opens with: the meetings app's ledger keeps it (meeting, topic, materials,
# measures). The training app does not record it a second time (no data entered twice): its
# figure ``training.first_topic_studies`` and its first-topic page read that ledger, so the
# two apps' first-topic counts are one number. Study sessions of the training app are the
# Thursday collective study, special topics and reading meetings.


def first_topic_studies(user) -> QuerySet:
    """The 第一议题 studies of held meetings as ``user`` may see them (every year)."""
    from meetings.selectors import first_topic_studies as meetings_first_topic_studies

    return meetings_first_topic_studies(user)


def first_topic_count(office: OrgUnit, year: int) -> int:
    """The year's 第一议题 studies of ``office``: the meetings app's own count, so the two
    apps' figures cannot disagree."""
    from meetings.selectors import first_topic_count as meetings_first_topic_count

    return meetings_first_topic_count(office, year)


# --- Figures -------------------------------------------------------------------------------------


def held_sessions(office: OrgUnit, year: int, *kinds: str) -> QuerySet[StudySession]:
    """Sessions held (attendance confirmed) in ``year``, of the given kinds (all when none)."""
    sessions = StudySession.objects.for_office(office).filter(
        status=SessionStatus.HELD, held_on__year=year
    )
    return sessions.filter(kind__in=kinds) if kinds else sessions


def published_digests(office: OrgUnit, year: int) -> QuerySet[TheoryDigest]:
    return TheoryDigest.objects.for_office(office).filter(year=year, status=DigestStatus.PUBLISHED)


def pairs_active_in(office: OrgUnit, year: int) -> QuerySet[MentoringPair]:
    """Pairs that ran during ``year``: started by its end, not ended before it began."""
    return (
        MentoringPair.objects.for_office(office)
        .filter(started_on__year__lte=year)
        .exclude(ended_on__year__lt=year)
    )


@dataclass(frozen=True)
class MonthIssue:
    month: int
    digest: TheoryDigest | None


def digest_year(user, year: int) -> list[MonthIssue]:
    """The twelve months of ``year``, each with its digest or None where it is missing."""
    digests = {
        digest.month: digest for digest in TheoryDigest.objects.restrict(user).filter(year=year)
    }
    return [MonthIssue(month, digests.get(month)) for month in range(1, 13)]


# 中坚层、潜力层、发展层, in that order.
TIER_ORDER = Case(
    *(When(tier=value, then=Value(index)) for index, value in enumerate(Tier.values)),
    default=Value(9),
)


def current_tiers(user) -> QuerySet[TierChange]:
    """Each person's latest tier change (their tier now), as the user may see them."""
    latest = TierChange.objects.filter(person=OuterRef("person")).order_by("-changed_on", "-id")
    return (
        TierChange.objects.restrict(user)
        .annotate(latest_id=Subquery(latest.values("id")[:1]))
        .filter(id=F("latest_id"))
        .select_related("person__org_unit")
        .order_by(TIER_ORDER, "person__org_unit__sort_order", "person__name")
    )


def tier_counts(user) -> dict[str, int]:
    rows = current_tiers(user).order_by().values("tier").annotate(n=Count("id"))
    return {row["tier"]: row["n"] for row in rows}


def notes_by_section(user, year: int) -> list[tuple[str, int]]:
    """How many self-study notes each section wrote in ``year``: sections, never people."""
    rows = (
        SelfStudyNote.objects.restrict(user)
        .filter(read_on__year=year)
        .values("section__name")
        .annotate(n=Count("id"))
        .order_by("-n", "section__name")
    )
    return [(row["section__name"] or _("Office"), row["n"]) for row in rows]


def review_due(pair: MentoringPair, last_review: date | None) -> date:
    """The day the next review of ``pair`` falls due."""
    start = last_review or pair.started_on
    month = start.month - 1 + pair.review_every_months
    year = start.year + month // 12
    month = month % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def active_pairs_with_last_review() -> QuerySet[MentoringPair]:
    last = MentoringReview.objects.filter(pair=OuterRef("pk")).order_by("-held_on")
    return (
        MentoringPair.objects.filter(status=PairStatus.ACTIVE)
        .annotate(last_review=Subquery(last.values("held_on")[:1]))
        .select_related("mentor", "mentee")
    )


# --- Competitions and the section assessment -----------------------------------------------------


def competition_results(competition, entries=None):
    """Each entry with its judges' average and the number of judges, best first by category
    (a competition's result is its purpose; it is not a ranking by time spent). ``entries``
    instead of a competition: the same for several at once (the API list prefetches them)."""
    if entries is None:
        entries = competition.entries.all()
    return (
        entries.select_related("person")
        .annotate(average=Avg("scores__score"), judges=Count("scores"))
        .order_by("category", F("average").desc(nulls_last=True), "id")
    )


class SectionScore(NamedTuple):
    criterion: object
    score: float | None
    url: str
    figure: float | None  # the records' figure behind a computed score (a count or a rate)


@dataclass
class SectionRow:
    section: OrgUnit
    scores: list  # SectionScore per criterion
    total: float = 0.0
    rank: int = 0


def assessment_results(assessment) -> list[SectionRow]:
    """Every section of the office with its score on each target and the weighted total
    (Σ score × weight ÷ 100), ranked; computed targets read the year's records of the other
    apps (assessment_sources)."""
    from .assessment_sources import SOURCES, scores_of, source_url

    office, year = assessment.owning_office, assessment.year
    sections = list(
        OrgUnit.objects.filter(office=office, kind=OrgUnitKind.SECTION, is_active=True).order_by(
            "sort_order", "path"
        )
    )
    criteria = list(assessment.criteria.all())
    manual = {
        (row.criterion_id, row.section_id): float(row.score)
        for row in SectionScoreModel.objects.filter(criterion__assessment=assessment)
    }
    figures, scores = {}, {}
    for source in {criterion.source for criterion in criteria} - {"manual"}:
        figures[source] = SOURCES[source].figures(office, year)
        scores[source] = scores_of(SOURCES[source], figures[source])
    rows = []
    for section in sections:
        row = SectionRow(section, [])
        for criterion in criteria:
            if criterion.source == "manual":
                cell = SectionScore(criterion, manual.get((criterion.pk, section.pk)), "", None)
            else:
                source = SOURCES[criterion.source]
                cell = SectionScore(
                    criterion,
                    scores[criterion.source].get(section.pk),
                    source_url(source, assessment, criterion, section),
                    figures[criterion.source].get(section.pk, 0),
                )
            row.scores.append(cell)
            row.total += (cell.score or 0) * criterion.weight / 100
        row.total = round(row.total, 1)
        rows.append(row)
    rows.sort(key=lambda r: -r.total)
    for index, row in enumerate(rows):
        row.rank = (
            index + 1 if index == 0 or row.total != rows[index - 1].total else rows[index - 1].rank
        )
    return rows
