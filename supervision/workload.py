"""Supervision's part of the director's week (office.workload): open items whose deadline
falls in the period, counted under the section of the staff member who registered them."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from office.registry import WorkItem, WorkloadSource

from .choices import OPEN_STATUSES
from .models import Item


def items_due(office, start, end) -> list[WorkItem]:
    rows = Item.objects.filter(
        owning_office=office,
        status__in=OPEN_STATUSES,
        is_group=False,  # a split instruction's parts are the work, not the group
        deadline__range=(start, end),
    ).values_list("pk", "title", "deadline", "created_by__org_unit_id")
    kind = _("Supervision")
    return [
        WorkItem(unit_id, title, deadline, reverse("supervision:item_detail", args=[pk]), kind)
        for pk, title, deadline, unit_id in rows
    ]


WORKLOAD = [WorkloadSource("supervision.items", gettext_lazy("Supervision items"), items_due)]
