"""Mentoring pairs (老带新), self-study notes (optional, by section only) and the staff tiers
(the director's alone)."""

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from office.views.detail import ActionPanel, Event, ObjectDetailView
from office.views.generic import ObjectConfirmView, ObjectEditView, ObjectListView
from office.workflow import may

from .. import services
from ..choices import Tier
from ..filtersets import NoteFilterSet, PairFilterSet, TierFilterSet
from ..forms import EndForm, NoteForm, PairEditForm, PairForm, ReviewForm, TierForm
from ..models import MentoringPair, SelfStudyNote, TierChange
from ..selectors import current_tiers, notes_by_section, tier_counts
from ..tables import NoteTable, PairTable, TierTable
from . import RemovedGoesToListMixin, RuleEditMixin, SectionTabsMixin


class PairListView(SectionTabsMixin, ObjectListView):
    model = MentoringPair
    table_class = PairTable
    filterset_class = PairFilterSet
    create_url_name = "training:pair_add"
    template_name = "training/list.html"
    title = gettext_lazy("Mentoring pairs")

    def get_base_queryset(self):
        return (
            MentoringPair.objects.select_related("mentor", "mentee")
            .annotate(reviews_count=Count("reviews"))
            .order_by("-started_on", "-id")
        )


class PairCreateView(ObjectEditView):
    model = MentoringPair
    form_class = PairForm
    list_url_name = "training:pair_list"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save(self, form):
        return services.pair_create(actor=self.request.user, **form.cleaned_data)


class PairEditView(RuleEditMixin, ObjectEditView):
    """The director corrects a pairing's mentor, dates and goals."""

    model = MentoringPair
    form_class = PairEditForm

    def get_base_queryset(self):
        return MentoringPair.objects.select_related("mentor", "mentee", "owning_office")

    def save(self, form):
        return services.pair_update(actor=self.request.user, pair=self.object, **form.cleaned_data)


class PairDeleteView(RemovedGoesToListMixin, ObjectConfirmView):
    """The director removes a pairing made by mistake (the history keeps it)."""

    model = MentoringPair
    permission_action = "delete"
    rule = "remove"
    list_url_name = "training:pair_list"
    question = gettext_lazy("Remove the pairing %(name)s? Its reviews go with it.")
    confirm_label = gettext_lazy("Remove")
    success_message = gettext_lazy("%(name)s has been removed.")

    def perform(self, obj):
        services.pair_delete(actor=self.request.user, pair=obj)


def _review(view, pair, data):
    services.pair_review(actor=view.request.user, pair=pair, **data)
    return _("Review recorded.")


def _end(view, pair, data):
    services.pair_end(actor=view.request.user, pair=pair, **data)
    return _("The pairing has ended.")


class PairDetailView(ObjectDetailView):
    model = MentoringPair
    template_name = "training/pair_detail.html"
    url_prefix = "training:pair"
    edit_url_name = "training:pair_edit"
    detail_fields = (
        "mentor",
        "mentee",
        "started_on",
        "goals",
        "review_every_months",
        "status",
        "ended_on",
        "assessment",
    )
    workflow_fields = ("status", "ended_on", "assessment")
    action_panels = (
        ActionPanel(
            "review",
            ReviewForm,
            _review,
            gettext_lazy("Record a review"),
            gettext_lazy("Save"),
            icon="chat-left-text",
        ),
        ActionPanel(
            "end",
            EndForm,
            _end,
            gettext_lazy("End with an assessment"),
            gettext_lazy("End"),
            icon="flag",
            primary_for=lambda user: False,
        ),
    )
    timeline_sources = ("review_events",)
    timeline_title = gettext_lazy("Reviews and history")

    def get_base_queryset(self):
        return MentoringPair.objects.select_related("mentor", "mentee")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_remove"] = self.request.user.has_perm("training.delete_mentoringpair") and may(
            self.request.user, "remove", self.object
        )
        return context

    def review_events(self):
        return [
            Event(
                review.created_at,
                "review",
                "chat-left-text",
                "green",
                _("Review of %(day)s") % {"day": f"{review.held_on:%Y-%m-%d}"},
                review.author,
                review.text,
            )
            for review in self.object.reviews.select_related("author")
        ]


class NoteListView(SectionTabsMixin, ObjectListView):
    """My own notes (nobody else's), and how many notes each section wrote this year."""

    model = SelfStudyNote
    table_class = NoteTable
    filterset_class = NoteFilterSet
    create_url_name = "training:note_add"
    template_name = "training/note_list.html"
    title = gettext_lazy("My self-study notes")

    def get_base_queryset(self):
        return SelfStudyNote.objects.filter(owner=self.request.user).select_related("material")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = timezone.localdate().year
        context.update(year=year, by_section=notes_by_section(self.request.user, year))
        return context


class NoteCreateView(ObjectEditView):
    model = SelfStudyNote
    form_class = NoteForm
    list_url_name = "training:note_list"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save(self, form):
        return services.note_create(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return self.object.get_absolute_url()


class NoteEditView(ObjectEditView):
    """Change one's own note (another's is not found)."""

    model = SelfStudyNote
    form_class = NoteForm
    list_url_name = "training:note_list"

    def get_base_queryset(self):
        return SelfStudyNote.objects.filter(owner=self.request.user)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save(self, form):
        data = form.cleaned_data
        return services.note_update(
            actor=self.request.user, note=self.object, read_on=data["read_on"],
            title=data["title"], note_text=data["note"], material=data["material"],
        )  # fmt: skip


class NoteDeleteView(ObjectConfirmView):
    model = SelfStudyNote
    permission_action = "delete"
    question = gettext_lazy("Remove your note %(name)s?")
    confirm_label = gettext_lazy("Remove")
    success_message = gettext_lazy("%(name)s has been removed.")

    def get_base_queryset(self):
        return SelfStudyNote.objects.filter(owner=self.request.user)

    def perform(self, obj):
        services.note_delete(actor=self.request.user, note=obj)


class TierListView(SectionTabsMixin, ObjectListView):
    """Each person's tier now, the counts by tier, and every change with its reason."""

    model = TierChange
    table_class = TierTable
    filterset_class = TierFilterSet
    create_url_name = "training:tier_add"
    template_name = "training/tier_list.html"
    title = gettext_lazy("Staff tiers")

    def get_queryset(self):
        return current_tiers(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = tier_counts(self.request.user)
        context.update(
            counts=[(label, counts.get(value, 0)) for value, label in Tier.choices],
            changes=TierChange.objects.restrict(self.request.user)
            .select_related("person", "changed_by")
            .order_by("-changed_on", "-id")[:100],
        )
        return context


class TierChangeView(ObjectEditView):
    model = TierChange
    form_class = TierForm
    list_url_name = "training:tier_list"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save(self, form):
        return services.tier_change(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        from django.urls import reverse

        return reverse("training:tier_list")
