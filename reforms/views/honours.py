"""Honours: the list, entry and editing, and the honour's page with its evidence."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from office.views.detail import ObjectDetailView
from office.views.generic import ObjectEditView, ObjectListView

from .. import services
from ..choices import Recipient
from ..filtersets import HonourFilterSet
from ..forms import HonourForm
from ..models import Honour
from ..tables import HonourTable


class HonourListView(ObjectListView):
    model = Honour
    table_class = HonourTable
    filterset_class = HonourFilterSet
    create_url_name = "reforms:honour_add"
    template_name = "reforms/list.html"
    title = gettext_lazy("Honours")

    def get_base_queryset(self):
        return Honour.objects.select_related("unit")

    def get_export_filename(self, export_format):
        return f"{_('Honours')}-{timezone.localdate():%Y%m%d}.{export_format}"


class HonourEditView(ObjectEditView):
    model = Honour
    form_class = HonourForm
    template_name = "reforms/honour_form.html"
    list_url_name = "reforms:honour_list"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save(self, form):
        actor, data = self.request.user, form.honour_data()
        files = form.cleaned_data["attachments"]
        if self.object is None:
            return services.honour_create(actor=actor, data=data, files=files)
        return services.honour_update(actor=actor, honour=self.object, data=data, files=files)


class HonourDetailView(ObjectDetailView):
    model = Honour
    template_name = "reforms/honour_detail.html"
    edit_url_name = "reforms:honour_edit"
    timeline_title = gettext_lazy("History")
    detail_fields = ("level", "awarding_body", "awarded_on", "recipient", "unit", "person",
                     "advanced_unit")  # fmt: skip

    # The fields that fit whom the honour went to.
    unfitting_fields = {
        Recipient.UNIT: ("person", "advanced_unit"),
        Recipient.PERSON: ("unit", "advanced_unit"),
        Recipient.OFFICE: ("unit", "person"),
    }

    def get_base_queryset(self):
        return Honour.objects.select_related("unit", "owning_office").prefetch_related(
            "attachments"
        )

    def get_fields(self):
        hidden = {
            Honour._meta.get_field(name).verbose_name
            for name in self.unfitting_fields.get(self.object.recipient, ())
        }
        return [(label, value) for label, value in super().get_fields() if label not in hidden]
