from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count, Q
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _

from office import services
from office.filtersets import OrgUnitFilterSet
from office.forms import OrgUnitForm
from office.models import OrgUnit
from office.tables import OrgUnitTable

from .detail import ObjectDetailView
from .generic import ObjectConfirmView, ObjectEditView, ObjectListView


class OrgUnitListView(ObjectListView):
    model = OrgUnit
    table_class = OrgUnitTable
    filterset_class = OrgUnitFilterSet
    create_url_name = "orgunit_add"

    def get_base_queryset(self):
        return OrgUnit.objects.select_related("parent", "office").annotate(
            member_count=Count("members", filter=Q(members__is_active=True))
        )


class OrgUnitDetailView(ObjectDetailView):
    model = OrgUnit
    detail_fields = (
        "name",
        "short_name",
        "kind",
        "parent",
        "head",
        "office",
        "code",
        "phone",
        "is_active",
    )
    edit_url_name = "orgunit_edit"
    template_name = "office/orgunit_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["children"] = self.object.children.restrict(user).order_by("sort_order", "name")
        context["members"] = self.object.members.restrict(user).order_by("username")
        return context


class OrgUnitEditView(ObjectEditView):
    model = OrgUnit
    form_class = OrgUnitForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save(self, form):
        return services.org_unit_save(actor=self.request.user, unit=form.save(commit=False))


class OrgUnitDeactivateView(ObjectConfirmView):
    model = OrgUnit
    question = _("Deactivate the unit %(name)s?")
    confirm_label = _("Deactivate")
    success_message = _("%(name)s has been deactivated.")

    def perform(self, obj):
        services.org_unit_deactivate(actor=self.request.user, unit=obj)


LOOKUP_LIMIT = 30


@login_required
@permission_required("office.view_orgunit", raise_exception=True)
def orgunit_lookup(request):
    """The units given work (townships, departments, sections) the user may see whose name
    holds ?q=, for a unit picker that loads its choices as one types (``UnitAutocomplete``):
    a city office's picker would otherwise carry every unit of every county in its page."""
    query = request.GET.get("q", "").strip()[:50]
    units = (
        OrgUnit.objects.restrict(request.user)
        .responsible_units()
        .filter(is_active=True)
        .select_related("office")
        .order_by("path", "sort_order", "name")
    )
    if query:
        units = units.filter(Q(name__icontains=query) | Q(short_name__icontains=query))
    results = [
        {
            "value": unit.pk,
            "text": f"{unit.name}（{unit.office.short_name or unit.office.name}）"
            if unit.office
            else unit.name,
        }
        for unit in units[:LOOKUP_LIMIT]
    ]
    return JsonResponse({"results": results})
