"""Training for the party offices of townships and departments: courses with participants by
unit, materials and each unit's feedback (its liaison gives it)."""

from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from office.views.detail import ActionPanel, ObjectDetailView
from office.views.generic import ObjectEditView, ObjectListView

from .. import services
from ..filtersets import CourseFilterSet
from ..forms import CourseForm, EnrolForm, FeedbackForm
from ..models import GrassrootsCourse
from ..tables import CourseTable
from . import SectionTabsMixin
from .competitions import LimitedPanelsMixin


class CourseListView(SectionTabsMixin, ObjectListView):
    model = GrassrootsCourse
    table_class = CourseTable
    filterset_class = CourseFilterSet
    create_url_name = "training:course_add"
    template_name = "training/list.html"
    title = gettext_lazy("Grassroots training")

    def get_base_queryset(self):
        return GrassrootsCourse.objects.annotate(
            units=Count("participants"), people=Sum("participants__people")
        ).order_by("-held_on", "-id")


class CourseCreateView(ObjectEditView):
    model = GrassrootsCourse
    form_class = CourseForm
    list_url_name = "training:course_list"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save(self, form):
        data = dict(form.cleaned_data)
        data["materials"] = list(data["materials"])
        return services.course_create(actor=self.request.user, **data)


def _enrol(view, course, data):
    services.course_enrol(actor=view.request.user, course=course, **data)
    return _("Participants recorded.")


def _feedback(view, course, data):
    services.course_feedback(actor=view.request.user, course=course, **data)
    return _("Feedback recorded.")


class CourseDetailView(LimitedPanelsMixin, ObjectDetailView):
    model = GrassrootsCourse
    template_name = "training/course_detail.html"
    url_prefix = "training:course"
    detail_fields = ("title", "held_on", "location", "content")
    action_panels = (
        ActionPanel(
            "feedback", FeedbackForm, _feedback, gettext_lazy("Give the unit's feedback"),
            gettext_lazy("Save"), icon="chat-square-text",
            primary_for=lambda user: user.sees_own_unit_only,
        ),
        ActionPanel(
            "enrol", EnrolForm, _enrol, gettext_lazy("Record a unit's participants"),
            gettext_lazy("Save"), icon="people",
        ),
    )  # fmt: skip

    def action_panels_for(self, user):
        panels = super().action_panels_for(user)
        if user.sees_own_unit_only:
            # A liaison speaks for their own unit only.
            for panel in panels:
                if isinstance(panel.form, FeedbackForm):
                    field = panel.form.fields["unit"]
                    field.queryset = field.queryset.filter(pk=user.org_unit_id)
                    field.initial = user.org_unit_id
        return panels

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        course = self.object
        participants = list(course.participants.select_related("unit"))
        context.update(
            participants=participants,
            total_people=sum(row.people for row in participants),
            materials=course.materials.all(),
        )
        return context
