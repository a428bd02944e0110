"""The training pages. Their lists share a row of tabs (``SECTIONS``) under the one menu entry
the app registers, each shown to whoever has its permission."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from office.workflow import permitted

SECTIONS = (
    (_("Study sessions"), "training:session_list", "training.view_studysession"),
    (_("Study library"), "training:material_list", "training.view_studymaterial"),
    (_("First-topic studies"), "training:first_topic_list", "meetings.view_agendaitem"),
    (_("Theory study digests"), "training:digest_list", "training.view_theorydigest"),
    (_("Mentoring pairs"), "training:pair_list", "training.view_mentoringpair"),
    (_("Drills and competitions"), "training:competition_list", "training.view_competition"),
    (_("Section target assessment"), "training:assessment_list", "training.view_assessment"),
    (_("Grassroots training"), "training:course_list", "training.view_grassrootscourse"),
    (_("My self-study notes"), "training:note_list", "training.add_selfstudynote"),
    (_("Staff tiers"), "training:tier_list", "training.view_tierchange"),
)


class SectionTabsMixin:
    """Adds the tabs of the app's sections the user may open."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        current = f"training:{self.request.resolver_match.url_name}"
        context["training_tabs"] = [
            {"label": label, "url_name": url_name, "active": url_name == current}
            for label, url_name, permission in SECTIONS
            if user.has_perm(permission)
        ]
        return context


class RuleEditMixin:
    """An edit page guarded by a workflow rule (``rule``): whoever may not is refused (403)
    before the form is shown or saved, as the record's page hides its edit button."""

    rule = "edit"

    def rule_subject(self, obj):
        return obj

    def dispatch(self, request, *args, **kwargs):

        if request.user.is_authenticated and "pk" in kwargs:
            obj = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
            if request.user.has_perm(self.get_permission_required()[0]) and not permitted(
                request.user, self.rule, self.rule_subject(obj)
            ):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class RemovedGoesToListMixin:
    """A removal's confirmation: after the record is gone, back to its list (its own page
    no longer exists); a refusal stays on the record's page with the reason."""

    list_url_name = ""

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        self.check_may(self.object)
        name = str(self.object)
        try:
            self.perform(self.object)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(self.object.get_absolute_url())
        messages.success(request, self.success_message % {"name": name})
        return HttpResponseRedirect(self.removed_url())

    def removed_url(self) -> str:
        return reverse(self.list_url_name)
