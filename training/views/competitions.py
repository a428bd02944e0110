"""Drills and competitions (大练兵大比武) and the section target assessment (科室目标考核评比).

A competition's page shows each category's results (the judges' average) with the
commendations; the assessment's page shows every section's score on each target, the formula
and the weighted total, sections ranked (sections, never people).
"""

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView

from office.models import OrgUnit
from office.views.detail import ActionPanel, ObjectDetailView
from office.views.generic import (
    ObjectEditView,
    ObjectListView,
    RestrictedMixin,
    ViewPermissionMixin,
)

from .. import services
from ..assessment_sources import SOURCES
from ..choices import CompetitionCategory
from ..filtersets import AssessmentFilterSet, CompetitionFilterSet
from ..forms import (
    AssessmentForm,
    CommendForm,
    CompetitionForm,
    EntryForm,
    LimitedChoices,
    ScoreForm,
    SectionScoreForm,
)
from ..models import Assessment, Competition
from ..selectors import assessment_results, competition_results
from ..tables import AssessmentTable, CompetitionTable
from . import SectionTabsMixin


class LimitedPanelsMixin:
    """Narrows the choices of the page's action forms to its record."""

    def action_panels_for(self, user):
        panels = super().action_panels_for(user)
        for panel in panels:
            if isinstance(panel.form, LimitedChoices):
                panel.form.limit_to(self.object)
        return panels


def _own_entry(competition, entry):
    if entry.competition_id != competition.pk:
        raise ValidationError(_("Pick an entry of this competition."))
    return entry


class CompetitionListView(SectionTabsMixin, ObjectListView):
    model = Competition
    table_class = CompetitionTable
    filterset_class = CompetitionFilterSet
    create_url_name = "training:competition_add"
    template_name = "training/list.html"
    title = gettext_lazy("Drills and competitions")

    def get_base_queryset(self):
        return Competition.objects.annotate(entries_count=Count("entries")).order_by(
            "-held_on", "-id"
        )


class CompetitionCreateView(ObjectEditView):
    model = Competition
    form_class = CompetitionForm
    list_url_name = "training:competition_list"

    def save(self, form):
        return services.competition_create(actor=self.request.user, **form.cleaned_data)


def _enter(view, competition, data):
    services.competition_entry_add(actor=view.request.user, competition=competition, **data)
    return _("Participant entered.")


def _score(view, competition, data):
    entry = _own_entry(competition, data["entry"])
    services.competition_score(actor=view.request.user, entry=entry, score=data["score"])
    return _("Score recorded.")


def _commend(view, competition, data):
    entry = _own_entry(competition, data["entry"])
    services.competition_commend(
        actor=view.request.user, entry=entry, commendation=data["commendation"]
    )
    return _("Commendation recorded.")


class CompetitionDetailView(LimitedPanelsMixin, ObjectDetailView):
    model = Competition
    template_name = "training/competition_detail.html"
    url_prefix = "training:competition"
    detail_fields = ("title", "held_on", "max_score", "description")
    action_panels = (
        ActionPanel("score", ScoreForm, _score, gettext_lazy("Score an entry"), gettext_lazy("Save"), icon="star"),
        ActionPanel(
            "enter", EntryForm, _enter, gettext_lazy("Enter a participant"), gettext_lazy("Enter"),
            icon="person-plus", primary_for=lambda user: False,
        ),
        ActionPanel(
            "commend", CommendForm, _commend, gettext_lazy("Commend"), gettext_lazy("Save"),
            icon="award", primary_for=lambda user: False,
        ),
    )  # fmt: skip

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        results = list(competition_results(self.object))
        context["categories"] = [
            (label, [entry for entry in results if entry.category == value])
            for value, label in CompetitionCategory.choices
            if any(entry.category == value for entry in results)
        ]
        return context


class AssessmentListView(SectionTabsMixin, ObjectListView):
    model = Assessment
    table_class = AssessmentTable
    filterset_class = AssessmentFilterSet
    create_url_name = "training:assessment_add"
    template_name = "training/list.html"
    title = gettext_lazy("Section target assessment")


class AssessmentCreateView(ObjectEditView):
    model = Assessment
    form_class = AssessmentForm
    list_url_name = "training:assessment_list"

    def save(self, form):
        data = form.cleaned_data
        return services.assessment_create(
            actor=self.request.user,
            year=data["year"],
            title=data["title"],
            criteria=data["criteria"],
        )


def _section_score(view, assessment, data):
    if data["criterion"].assessment_id != assessment.pk:
        raise ValidationError(_("Pick a target of this assessment."))
    services.section_score_set(
        actor=view.request.user,
        criterion=data["criterion"],
        section=data["section"],
        score=data["score"],
    )
    return _("Score recorded.")


class AssessmentDetailView(LimitedPanelsMixin, ObjectDetailView):
    model = Assessment
    template_name = "training/assessment_detail.html"
    url_prefix = "training:assessment"
    detail_fields = ("title", "year")
    action_panels = (
        ActionPanel(
            "score", SectionScoreForm, _section_score, gettext_lazy("Enter a section's score"),
            gettext_lazy("Save"), icon="pencil-square",
        ),
    )  # fmt: skip

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        criteria = list(self.object.criteria.all())
        context.update(
            criteria=criteria,
            formulas=[
                (criterion, SOURCES[criterion.source].formula)
                for criterion in criteria
                if criterion.source in SOURCES
            ],
            rows=assessment_results(self.object),
        )
        return context


class AssessmentSourceView(ViewPermissionMixin, RestrictedMixin, DetailView):
    """The records behind one section's computed figure on one target: the documents its
    people drafted, the manuscripts they wrote, the meetings they served, each linked to
    its page in its app."""

    model = Assessment
    template_name = "training/assessment_source.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assessment = self.object
        criterion = get_object_or_404(assessment.criteria, pk=self.kwargs["criterion"])
        source = SOURCES.get(criterion.source)
        if source is None or source.records is None:
            raise Http404
        section = get_object_or_404(
            OrgUnit, pk=self.kwargs["section"], office=assessment.owning_office
        )
        records = source.records(assessment.owning_office, assessment.year, section)
        context.update(
            criterion=criterion,
            section=section,
            formula=source.formula,
            records=[source.row(record) for record in records],
        )
        return context
