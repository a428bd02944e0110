"""Reads of documents: the quota (只减不增), who may sign, what waits on whom, the figures."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce

from office.models import OrgUnit, User
from office.roles import Role
from office.selectors import office_leaders

from .choices import IN_FORCE, DocStatus, DocType, ManuscriptKind, ManuscriptStatus
from .models import (
    Countersignature,
    IncomingDocument,
    Manuscript,
    OfficialDocument,
    ResearchVisit,
)


def signer_choices(user):
    """Who ``user``'s office may name to sign a document off: its county leaders and its
    director(s)."""
    leaders = office_leaders(user).values("pk")
    directors = User.objects.restrict(user, "change").filter(
        is_active=True, groups__name=Role.DIRECTOR
    )
    return User.objects.filter(Q(pk__in=leaders) | Q(pk__in=directors.values("pk"))).order_by(
        "org_unit__path", "name"
    )


def countersign_unit_choices(user):
    """Units that may countersign ``user``'s office's documents (会签): its county's townships,
    departments and sections, nothing outside it."""
    return (
        OrgUnit.objects.restrict(user, "change")
        .responsible_units()
        .filter(is_active=True)
        .order_by("kind", "sort_order", "name")
    )


def leader_choices(user):
    return office_leaders(user)


# --- The quota --------------------------------------------------------------------------------


# What each annual figure counts, as a filter: the figure and the list its link opens apply
# the same one, so the list has exactly as many rows as the figure says.


def issued_q(year: int) -> Q:
    """Issued in ``year`` and in force (archived ones too; a voided one keeps its number but
    no longer counts)."""
    return Q(status__in=IN_FORCE, issued_on__year=year)


def delivered_q(year: int) -> Q:
    return Q(status=ManuscriptStatus.DELIVERED, delivered_on__year=year)


def published_q(year: int) -> Q:
    return Q(kind=ManuscriptKind.SIGNED_ARTICLE, published_on__year=year)


def visited_q(year: int) -> Q:
    return Q(start_date__year=year)


def adopted_q(year: int) -> Q:
    return Q(status="adopted", adopted_on__year=year)


def issued_in(office, year: int):
    """The office's documents issued in ``year`` and in force (plain-header and 便笺 ones
    included)."""
    return OfficialDocument.objects.for_office(office).filter(issued_q(year))


def issued_by_type(office, year: int) -> dict[str, int]:
    rows = issued_in(office, year).values("doc_type").annotate(n=Count("pk"))
    return {row["doc_type"]: row["n"] for row in rows}


@dataclass(frozen=True)
class QuotaRow:
    doc_type: str
    label: str
    this_year: int
    last_year: int

    @property
    def remaining(self) -> int:
        return self.last_year - self.this_year

    @property
    def over(self) -> bool:
        return self.this_year > self.last_year

    @property
    def percent(self) -> int:
        """How full the meter is: this year's count against last year's."""
        if self.last_year == 0:
            return 100 if self.this_year else 0
        return min(round(100 * self.this_year / self.last_year), 100)

    @property
    def tone(self) -> str:
        if self.over:
            return "red"
        return "yellow" if self.percent >= 90 else "green"


def quota_rows(office, year: int) -> list[QuotaRow]:
    """Per type with any document in either year, and the total last."""
    now, before = issued_by_type(office, year), issued_by_type(office, year - 1)
    rows = [
        QuotaRow(value, str(label), now.get(value, 0), before.get(value, 0))
        for value, label in DocType.choices
        if now.get(value) or before.get(value)
    ]
    total = QuotaRow("", "", sum(now.values()), sum(before.values()))
    return [*rows, total]


def quota_exceeded_by(document, year: int) -> bool:
    """Whether issuing ``document`` in ``year`` puts the office's count of the year over last
    year's (只减不增 is about the yearly count; the meter shows each type beside it). An office
    with no document of the year before on record has no baseline yet (its first year in the
    system): nothing to hold the year to."""
    before = issued_in(document.owning_office, year - 1).count()
    if not before:
        return False
    return issued_in(document.owning_office, year).count() + 1 > before


# --- What waits on whom -----------------------------------------------------------------------


def awaiting_sign_off(user):
    return OfficialDocument.objects.restrict(user).filter(status=DocStatus.SIGNING, signer=user)


def awaiting_countersign(user):
    """The documents whose turn to countersign (会签) is the user's unit's: a pending
    countersignature of the unit with no pending one before it."""
    if not user.has_role(Role.UNIT_LIAISON) or user.org_unit_id is None:
        return OfficialDocument.objects.none()
    pending = Countersignature.objects.filter(document=OuterRef("pk"), signed_on__isnull=True)
    earlier = Countersignature.objects.filter(
        document=OuterRef("document"), signed_on__isnull=True, position__lt=OuterRef("position")
    )
    turn = pending.filter(unit=user.org_unit_id).exclude(Exists(earlier))
    return (
        OfficialDocument.objects.restrict(user)
        .filter(status=DocStatus.COUNTERSIGNING)
        .filter(Exists(turn))
        .order_by("created_at")
    )


def awaiting_legal_review(user):
    if not user.has_role(Role.LEGAL_ADVISER):
        return OfficialDocument.objects.none()
    return OfficialDocument.objects.restrict(user).filter(status=DocStatus.LEGAL_REVIEW)


def awaiting_check(user):
    if not user.has_role(Role.SECTION_HEAD, Role.DIRECTOR):
        return OfficialDocument.objects.none()
    return OfficialDocument.objects.restrict(user).filter(status=DocStatus.CHECKING)


def awaiting_reading(user):
    return IncomingDocument.objects.restrict(user).filter(
        circulation__reader=user, circulation__read_at__isnull=True, status="circulating"
    )


# --- Annual figures ---------------------------------------------------------------------------


def delivered_manuscripts(office, year: int):
    return Manuscript.objects.for_office(office).filter(delivered_q(year))


def manuscript_figures(office, year: int) -> dict:
    rows = delivered_manuscripts(office, year).aggregate(
        count=Count("pk"),
        characters=Coalesce(Sum("characters"), 0),
        commissioned=Count("pk", filter=Q(kind=ManuscriptKind.COMMISSIONED)),
    )
    published = Manuscript.objects.for_office(office).filter(published_q(year)).count()
    return {**rows, "signed_published": published}


def visits_in(office, year: int):
    return ResearchVisit.objects.for_office(office).filter(visited_q(year))


# --- Information reports ----------------------------------------------------------------------


def quarter_of(day) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def info_ranking(office, year: int, quarter: int) -> list[dict]:
    """Units by their points of the quarter, highest first (units, never individuals)."""
    from .models import InfoPiece
    from .rules import info_points

    first_month = 3 * (quarter - 1) + 1
    pieces = (
        InfoPiece.objects.for_office(office)
        .filter(
            submitted_on__year=year,
            submitted_on__month__gte=first_month,
            submitted_on__month__lt=first_month + 3,
        )
        .select_related("unit")
        .defer("text")
    )
    units = {}
    for piece in pieces:
        row = units.setdefault(
            piece.unit_id, {"unit": piece.unit, "submitted": 0, "adopted": 0, "points": 0}
        )
        row["submitted"] += 1
        row["adopted"] += piece.status == "adopted"
        row["points"] += info_points(piece)
    return sorted(units.values(), key=lambda row: (-row["points"], row["unit"].name))


def adopted_in(office, year: int):
    from .models import InfoPiece

    return InfoPiece.objects.for_office(office).filter(adopted_q(year))


# --- The confidential ledger's yearly clearance (清查) ----------------------------------------


def clearance_records(office, year: int):
    """The records the yearly clearance goes through: every one received by the year's end
    and not destroyed before the year began, with its copies' loans (who holds what, read
    or not, back or not)."""
    from django.db.models import Prefetch

    from .models import ConfidentialLoan, ConfidentialRecord

    return (
        ConfidentialRecord.objects.for_office(office)
        .filter(received_on__year__lte=year)
        .exclude(destroyed_on__year__lt=year)
        .prefetch_related(
            Prefetch("loans", queryset=ConfidentialLoan.objects.select_related("holder"))
        )
        .order_by("received_on", "id")
    )
