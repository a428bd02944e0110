"""What the training app contributes to the home page, the annual figures and the search.

The figures count sessions whose attendance the organiser confirmed (held), not sessions
planned or cancelled; digests that were published; pairs that ran during the year. Nothing
ranks people: the app has no figure per person.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from office.registry import (
    YEAR,
    AnnualFigure,
    DashboardWidget,
    SearchSource,
    TodoEntry,
    TodoProvider,
    list_link,
)
from office.roles import LEADER_ROLES

from .choices import DigestStatus, SessionKind, SessionStatus
from .models import Competition, GrassrootsCourse, StudyMaterial, StudySession, TheoryDigest
from .reminders import pairs_due_for
from .selectors import first_topic_count as first_topic_studies_count
from .selectors import held_sessions, pairs_active_in, published_digests

# --- Annual figures ------------------------------------------------------------------------------


def study_sessions_count(year, office) -> int:
    return held_sessions(office, year).count()


def group_study_count(year, office) -> int:
    return held_sessions(office, year, SessionKind.THURSDAY).count()


def first_topic_count(year, office) -> int:
    return first_topic_studies_count(office, year)


def digests_count(year, office) -> int:
    return published_digests(office, year).count()


def mentoring_pairs_count(year, office) -> int:
    return pairs_active_in(office, year).count()


def grassroots_courses_count(year, office) -> int:
    return GrassrootsCourse.objects.for_office(office).filter(held_on__year=year).count()


def competitions_count(year, office) -> int:
    return Competition.objects.for_office(office).filter(held_on__year=year).count()


ANNUAL_FIGURES = [
    AnnualFigure(
        "training.study_sessions",
        gettext_lazy("Collective study sessions held"),
        compute=study_sessions_count,
        description=gettext_lazy(
            "The office's collective studies held in the year (the Thursday collective "
            "study, special topics, reading meetings), counted once the organiser confirmed "
            "attendance; planned and cancelled sessions are not counted. First-topic studies "
            "are counted from the meetings' ledger, in their own figure."
        ),
        unit=gettext_lazy("sessions"),
        order=80,
        chapter="learning",
        sentence=gettext_lazy("held %(value)s study sessions"),
        headline=True,
        link=list_link("training:session_list", status="held", year=YEAR),
    ),
    AnnualFigure(
        "training.group_study_sessions",
        gettext_lazy("Thursday collective studies held"),
        compute=group_study_count,
        description=gettext_lazy(
            "The weekly Thursday collective studies held in the year (the Thursdays less "
            "holidays, and any moved to the next working day)."
        ),
        unit=gettext_lazy("sessions"),
        order=81,
        chapter="learning",
        sentence=gettext_lazy("%(value)s of them the Thursday collective study"),
        link=list_link("training:session_list", status="held", kind="thursday", year=YEAR),
    ),
    AnnualFigure(
        "training.first_topic_studies",
        gettext_lazy("First-topic studies held"),
        compute=first_topic_count,
        description=gettext_lazy(
            "The 第一议题 studies of the year: the study item a held meeting opened with, "
            "from the meetings app's ledger (recorded once, so the same number as the "
            "meetings' figure)."
        ),
        unit=gettext_lazy("sessions"),
        order=82,
        chapter="learning",
        sentence=gettext_lazy("%(value)s first-topic studies of the office"),
        link=list_link("training:first_topic_list", year=YEAR),
    ),
    AnnualFigure(
        "training.digests",
        gettext_lazy("Monthly theory digests"),
        compute=digests_count,
        description=gettext_lazy(
            "Issues of the theory study digest of the year that were published (drafts "
            "are not counted); twelve when no month is missing."
        ),
        unit=gettext_lazy("issues"),
        order=83,
        chapter="learning",
        sentence=gettext_lazy("compiled %(value)s theory study digests"),
        link=list_link("training:digest_list", status="published", year=YEAR),
    ),
    AnnualFigure(
        "training.mentoring_pairs",
        gettext_lazy("Mentoring pairs"),
        compute=mentoring_pairs_count,
        description=gettext_lazy(
            "Mentor and newcomer pairs that ran during the year: begun by its end and not "
            "ended before it began."
        ),
        unit=gettext_lazy("pairs"),
        order=84,
        chapter="learning",
        sentence=gettext_lazy("paired %(value)s newcomers with experienced colleagues"),
        link=list_link("training:pair_list", active_in=YEAR),
    ),
    AnnualFigure(
        "training.competitions",
        gettext_lazy("Drills and competitions"),
        compute=competitions_count,
        description=gettext_lazy(
            "大练兵大比武 held in the year in drafting, handling affairs or organising meetings."
        ),
        unit=gettext_lazy("events"),
        order=85,
        chapter="learning",
        sentence=gettext_lazy("held %(value)s drills and competitions"),
        link=list_link("training:competition_list", year=YEAR),
    ),
    AnnualFigure(
        "training.grassroots_courses",
        gettext_lazy("Courses for grassroots party offices"),
        compute=grassroots_courses_count,
        description=gettext_lazy(
            "Courses the office gave in the year to the party offices of townships and departments."
        ),
        unit=gettext_lazy("courses"),
        order=86,
        chapter="coordination",
        sentence=gettext_lazy(
            "ran %(value)s training courses for township and department party offices"
        ),
        link=list_link("training:course_list", year=YEAR),
    ),
]

# --- To-dos --------------------------------------------------------------------------------------


def organiser_todos(user) -> list[TodoEntry]:
    """Sessions the user organised that took place and wait for attendance to be confirmed."""
    if not user.has_perm("training.change_studysession"):
        return []
    today = timezone.localdate()
    sessions = (
        StudySession.objects.restrict(user, "change")
        .filter(organiser=user, status=SessionStatus.PLANNED, held_on__lte=today)
        .order_by("held_on")[:5]
    )
    return [
        TodoEntry(
            str(session),
            reverse("training:session_attendance", args=[session.pk]),
            session.held_on,
            str(_("Confirm attendance")),
        )
        for session in sessions
    ]


def digest_todos(user) -> list[TodoEntry]:
    """Draft digests waiting to be published, for those who publish them."""
    if not user.has_role("section_head", "director"):
        return []
    drafts = TheoryDigest.objects.restrict(user, "change").filter(status=DigestStatus.DRAFT)
    return [
        TodoEntry(str(digest), digest.get_absolute_url(), None, str(_("Digest to publish")))
        for digest in drafts.order_by("year", "month")[:3]
    ]


def review_todos(user) -> list[TodoEntry]:
    today = timezone.localdate()
    return [
        TodoEntry(str(pair), pair.get_absolute_url(), due, str(_("Mentoring review due")))
        for pair, due in pairs_due_for(user, today)
    ]


TODOS = [
    TodoProvider("training.attendance", organiser_todos),
    TodoProvider("training.digests", digest_todos),
    TodoProvider("training.reviews", review_todos),
]

# --- The leaders' and the director's card --------------------------------------------------------


def study_widget_context(user, today) -> dict | None:
    if not user.has_perm("training.view_studysession"):
        return None
    office = user.office
    if office is None:
        return None
    year = today.year
    held = held_sessions(office, year)
    digests = list(
        TheoryDigest.objects.restrict(user).filter(year=year).values_list("month", "status")
    )
    published = {month for month, status in digests if status == DigestStatus.PUBLISHED}
    upcoming = (
        StudySession.objects.restrict(user)
        .filter(status=SessionStatus.PLANNED, held_on__gte=today)
        .order_by("held_on")
        .first()
    )
    sessions_url = reverse("training:session_list")
    return {
        "year": year,
        "held": held.count(),
        "thursday": held.filter(kind=SessionKind.THURSDAY).count(),
        "first_topic": first_topic_studies_count(office, year),
        "held_url": f"{sessions_url}?status=held&year={year}",
        "thursday_url": f"{sessions_url}?status=held&kind=thursday&year={year}",
        "first_topic_url": list_link("training:first_topic_list", year=YEAR)(year),
        "digests": len(published),
        "missing": [m for m in range(1, today.month) if m not in published],
        "digest_year_url": reverse("training:digest_year", args=[year]),
        "upcoming": upcoming,
    }


WIDGETS = [
    DashboardWidget(
        "training.study",
        gettext_lazy("Study this year"),
        template="training/widgets/study.html",
        context=study_widget_context,
        roles=LEADER_ROLES,
        order=60,
    )
]

# --- Search --------------------------------------------------------------------------------------


SEARCH = [
    SearchSource(
        "training.materials",
        gettext_lazy("Study materials"),
        StudyMaterial,
        fields=("source", "summary", "full_text"),
        title=lambda material: material.title,
        detail=lambda material: f"{material.issued_on:%Y-%m-%d} {material.source}",
    ),
    SearchSource(
        "training.sessions",
        gettext_lazy("Study sessions"),
        StudySession,
        fields=("notes",),
        detail=lambda session: session.get_kind_display(),
    ),
    SearchSource(
        "training.digests",
        gettext_lazy("Theory study digests"),
        TheoryDigest,
        fields=("foreword",),
        title=lambda digest: digest.title,
        detail=lambda digest: digest.get_status_display(),
    ),
]
