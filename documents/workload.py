"""Documents' part of the director's week (office.workload): manuscripts not yet delivered
whose due date falls in the period, counted under their drafter's section."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from office.registry import WorkItem, WorkloadSource

from .choices import ManuscriptStatus
from .models import Manuscript


def manuscripts_due(office, start, end) -> list[WorkItem]:
    rows = (
        Manuscript.objects.filter(owning_office=office, due_date__range=(start, end))
        .exclude(status=ManuscriptStatus.DELIVERED)
        .values_list("pk", "title", "due_date", "author__org_unit_id")
    )
    kind = _("Manuscript")
    return [
        WorkItem(unit_id, title, due, reverse("documents:manuscript_detail", args=[pk]), kind)
        for pk, title, due, unit_id in rows
    ]


WORKLOAD = [WorkloadSource("documents.manuscripts", gettext_lazy("Manuscripts"), manuscripts_due)]
