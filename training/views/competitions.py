"""Drills and competitions (大练兵大比武) and the section target assessment (科室目标考核评比).

A competition's page shows each category's results (the judges' average) with the
commendations; the assessment's page shows every section's score on each target, the formula
and the weighted total, sections ranked (sections, never people).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView

from office.models import OrgUnit
from office.views.detail import ActionPanel, ObjectDetailView
from office.views.generic import (
    ObjectConfirmView,
    ObjectEditView,
    ObjectListView,
    RestrictedMixin,
    ViewPermissionMixin,
)
from office.workflow import may, permitted

from .. import services
from ..assessment_sources import SOURCES
from ..choices import CompetitionCategory
from ..filtersets import AssessmentFilterSet, CompetitionFilterSet
from ..forms import (
    AssessmentEditForm,
    AssessmentForm,
    CommendForm,
    CompetitionForm,
    EntryForm,
    LimitedChoices,
    ScoreEditForm,
    ScoreForm,
    SectionScoreForm,
)
from ..models import Assessment, Competition, SectionScore
from ..selectors import assessment_results, competition_results
from ..tables import AssessmentTable, CompetitionTable
from . import RemovedGoesToListMixin, RuleEditMixin, SectionTabsMixin


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


class AssessmentEditView(RuleEditMixin, ObjectEditView):
    """The director changes the title and the targets (weights still adding up to 100)."""

    model = Assessment
    form_class = AssessmentEditForm

    def save(self, form):
        data = form.cleaned_data
        return services.assessment_update(
            actor=self.request.user,
            assessment=self.object,
            title=data["title"],
            criteria=data["criteria"],
        )


class AssessmentDeleteView(RemovedGoesToListMixin, ObjectConfirmView):
    model = Assessment
    permission_action = "delete"
    rule = "remove"
    list_url_name = "training:assessment_list"
    question = gettext_lazy("Remove %(name)s with its targets and scores?")
    confirm_label = gettext_lazy("Remove")
    success_message = gettext_lazy("%(name)s has been removed.")

    def perform(self, obj):
        services.assessment_delete(actor=self.request.user, assessment=obj)


class ScoreEditView(RuleEditMixin, ObjectEditView):
    """Correct a section's score the director entered."""

    model = SectionScore
    form_class = ScoreEditForm
    rule = "score"

    def rule_subject(self, obj):
        return obj.criterion.assessment

    def get_base_queryset(self):
        return SectionScore.objects.select_related("criterion__assessment", "section")

    def save(self, form):
        return services.section_score_update(
            actor=self.request.user, row=self.object, score=form.cleaned_data["score"]
        )


class ScoreDeleteView(RemovedGoesToListMixin, ObjectConfirmView):
    model = SectionScore
    permission_action = "delete"
    question = gettext_lazy("Remove the score %(name)s?")
    confirm_label = gettext_lazy("Remove")
    success_message = gettext_lazy("%(name)s has been removed.")

    def get_base_queryset(self):
        return SectionScore.objects.select_related("criterion__assessment", "section")

    def check_may(self, obj) -> None:
        if not permitted(self.request.user, "score", obj.criterion.assessment):
            raise PermissionDenied

    def removed_url(self) -> str:
        return self.object.get_absolute_url()

    def perform(self, obj):
        services.section_score_delete(actor=self.request.user, row=obj)


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
    edit_url_name = "training:assessment_edit"
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
        user = self.request.user
        if user.has_perm("training.change_sectionscore") and may(user, "score", self.object):
            context["entered_scores"] = (
                SectionScore.objects.filter(criterion__assessment=self.object)
                .select_related("criterion", "section")
                .order_by("criterion__position", "section__sort_order", "section__path")
            )
        context["can_remove"] = user.has_perm("training.delete_assessment") and may(
            user, "remove", self.object
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
