"""The training pages. Their lists share a row of tabs (``SECTIONS``) under the one menu entry
the app registers, each shown to whoever has its permission."""

from django.utils.translation import gettext_lazy as _

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
