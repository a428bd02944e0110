"""What documents contribute to the home page, the annual figures and the search.

A manuscript counts in the year it was delivered (an undelivered draft is not yet a
manuscript the office "formed"); its characters are those of its delivered text. A document
counts in the year it was issued, plain-header documents and memos included (they count
toward the quota). A research visit counts in the year it began.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from office.registry import (
    YEAR,
    AnnualFigure,
    DashboardWidget,
    SearchSource,
    TodoEntry,
    TodoProvider,
    list_link,
)
from office.roles import Role

from .choices import ManuscriptKind, ManuscriptStatus
from .models import Manuscript, OfficialDocument
from .selectors import (
    adopted_in,
    awaiting_check,
    awaiting_countersign,
    awaiting_legal_review,
    awaiting_reading,
    awaiting_sign_off,
    issued_in,
    manuscript_figures,
    quota_rows,
    visits_in,
)

TODO_LIMIT = 10


def _manuscripts(key):
    return lambda year, office: manuscript_figures(office, year)[key] if office else 0


ANNUAL_FIGURES = [
    AnnualFigure(
        "documents.manuscripts",
        _("Manuscripts delivered"),
        compute=_manuscripts("count"),
        description=_("Manuscripts of every kind delivered in the year."),
        unit=_("pieces"),
        order=50,
        chapter="advice",
        sentence=_("delivered %(value)s manuscripts"),
        link=list_link("documents:manuscript_list", delivered_in=YEAR),
    ),
    AnnualFigure(
        "documents.manuscript_characters",
        _("Characters of the manuscripts"),
        compute=_manuscripts("characters"),
        description=_(
            "Chinese characters and punctuation of the manuscripts delivered in the year, "
            "as an office counts them (a run of Latin letters or digits counts one)."
        ),
        unit=_("characters"),
        order=51,
        chapter="advice",
        sentence=_("%(value)s characters in all"),
        link=list_link("documents:manuscript_list", delivered_in=YEAR),
    ),
    AnnualFigure(
        "documents.research_visits",
        _("Research visits from the province and city"),
        compute=lambda year, office: visits_in(office, year).count() if office else 0,
        description=_("Visits by provincial and municipal bodies that began in the year."),
        unit=_("visits"),
        order=52,
        chapter="advice",
        sentence=_("accompanied %(value)s research visits of the province and city"),
        link=list_link("documents:visit_list", year=YEAR),
    ),
    AnnualFigure(
        "documents.commissioned_articles",
        _("Commissioned articles completed"),
        compute=_manuscripts("commissioned"),
        description=_("Commissioned pieces (约稿) delivered in the year."),
        unit=_("pieces"),
        order=53,
        chapter="advice",
        sentence=_("completed %(value)s commissioned articles"),
        link=list_link("documents:manuscript_list", delivered_in=YEAR, kind="commissioned"),
    ),
    AnnualFigure(
        "documents.signed_articles_published",
        _("Signed articles published"),
        compute=_manuscripts("signed_published"),
        description=_("Signed articles whose publication date falls in the year."),
        unit=_("pieces"),
        order=54,
        chapter="advice",
        sentence=_("%(value)s signed articles published"),
        link=list_link("documents:manuscript_list", published_in=YEAR),
    ),
    AnnualFigure(
        "documents.issued",
        _("Documents issued"),
        compute=lambda year, office: issued_in(office, year).count() if office else 0,
        description=_("Official documents issued in the year, plain-header and memos included."),
        unit=_("documents"),
        order=55,
        chapter="burden",
        sentence=_("issued %(value)s documents"),
        headline=True,
        link=list_link("documents:official_list", issued_in=YEAR),
    ),
    AnnualFigure(
        "documents.issued_last_year",
        _("Documents issued the year before"),
        compute=lambda year, office: issued_in(office, year - 1).count() if office else 0,
        description=_("The same count for the year before, which the year must not exceed."),
        unit=_("documents"),
        order=56,
        chapter="burden",
        sentence=_("against %(value)s the year before"),
        link=lambda year: list_link("documents:official_list", issued_in=YEAR)(year - 1),
    ),
    AnnualFigure(
        "documents.information_adopted",
        _("Information adopted higher up"),
        compute=lambda year, office: adopted_in(office, year).count() if office else 0,
        description=_("Information pieces adopted by the city or the province in the year."),
        unit=_("pieces"),
        order=57,
        chapter="advice",
        sentence=_("%(value)s information reports adopted higher up"),
        link=list_link("documents:info_list", adopted_in=YEAR),
    ),
]


# --- To-dos -----------------------------------------------------------------------------------


def todos_for(user) -> list[TodoEntry]:
    if not user.is_authenticated or user.org_unit_id is None:
        return []
    entries = []
    for document in awaiting_sign_off(user)[:TODO_LIMIT]:
        entries.append(
            TodoEntry(document.title, document.get_absolute_url(), kind=_("To sign off"))
        )
    for document in awaiting_countersign(user)[:TODO_LIMIT]:
        entries.append(
            TodoEntry(document.title, document.get_absolute_url(), kind=_("To countersign"))
        )
    for document in awaiting_legal_review(user)[:TODO_LIMIT]:
        entries.append(
            TodoEntry(document.title, document.get_absolute_url(), kind=_("Legality review"))
        )
    for document in awaiting_check(user)[:TODO_LIMIT]:
        entries.append(TodoEntry(document.title, document.get_absolute_url(), kind=_("To check")))
    for document in awaiting_reading(user)[:TODO_LIMIT]:
        entries.append(TodoEntry(document.title, document.get_absolute_url(), kind=_("To read")))
    if user.has_role(Role.STAFF, Role.SECTION_HEAD, Role.DIRECTOR):
        pieces = (
            Manuscript.objects.restrict(user)
            .filter(author=user, kind=ManuscriptKind.COMMISSIONED, due_date__isnull=False)
            .exclude(status=ManuscriptStatus.DELIVERED)
            .defer("text")
            .order_by("due_date")[:TODO_LIMIT]
        )
        today = timezone.localdate()
        for piece in pieces:
            entries.append(
                TodoEntry(
                    piece.title,
                    piece.get_absolute_url(),
                    due=piece.due_date,
                    kind=_("Commissioned piece"),
                    tone="red" if piece.due_date < today else "azure",
                )
            )
    return entries


TODOS = [TodoProvider("documents", todos_for)]

# --- Widgets ----------------------------------------------------------------------------------


def sign_off_widget_context(user, today) -> dict | None:
    documents = list(awaiting_sign_off(user).order_by("created_at")[:TODO_LIMIT])
    return {"documents": documents} if documents else None


def quota_widget_context(user, today) -> dict | None:
    if user.office is None:
        return None
    return {"total": quota_rows(user.office, today.year)[-1], "label": _("All documents")}


WIDGETS = [
    DashboardWidget(
        "documents.sign_off",
        _("Documents awaiting your sign-off"),
        template="documents/widgets/sign_off.html",
        context=sign_off_widget_context,
        roles=(Role.LEADER, Role.DIRECTOR),
        order=15,
    ),
    DashboardWidget(
        "documents.quota",
        _("Document quota (只减不增)"),
        template="documents/widgets/quota.html",
        context=quota_widget_context,
        roles=(Role.DIRECTOR,),
        order=40,
    ),
]

# --- Search -----------------------------------------------------------------------------------


def _document_number_lookup(query: str) -> Q | None:
    """A document's number typed as on paper (青委办发〔2026〕3号) lists it first."""
    return Q(number=query.strip()) if any(ch.isdigit() for ch in query) else None


SEARCH = [
    SearchSource(
        "documents.official",
        _("Official documents"),
        OfficialDocument,
        fields=("body",),
        detail=lambda document: document.get_doc_type_display(),
        lookup=_document_number_lookup,
    ),
    SearchSource(
        "documents.manuscripts",
        _("Manuscripts"),
        Manuscript,
        fields=("text",),
        title=lambda manuscript: manuscript.title,
        detail=lambda manuscript: manuscript.get_kind_display(),
    ),
]
