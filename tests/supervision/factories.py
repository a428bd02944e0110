"""factory_boy factories of supervision records. They write rows directly, for setting up a
scene; the behaviour under test always goes through the pages and the services."""

from datetime import timedelta

import factory
from django.utils import timezone

from supervision.choices import ItemStatus, ReportCycle, SourceKind, Urgency
from supervision.models import Item, ProgressReport


class ItemFactory(factory.django.DjangoModelFactory):
    """An item assigned to a unit. Pass ``lead_unit``; the owning office follows from it."""

    class Meta:
        model = Item
        skip_postgeneration_save = True

    owning_office = factory.LazyAttribute(lambda item: item.lead_unit.office)
    year = factory.LazyAttribute(lambda item: item.registered_on.year)
    # Far above what the services number, so a registered item never collides with these.
    sequence = factory.Sequence(lambda n: 5000 + n)
    title = factory.Sequence(lambda n: f"督办事项{n}")
    source_kind = SourceKind.HIGHER_LEVEL
    urgency = Urgency.NORMAL
    registered_on = factory.LazyFunction(timezone.localdate)
    assigned_on = factory.LazyAttribute(lambda item: item.registered_on)
    deadline = factory.LazyAttribute(lambda item: item.registered_on + timedelta(days=30))
    report_cycle = ReportCycle.ONCE
    status = ItemStatus.ASSIGNED

    @factory.post_generation
    def cooperating_units(self, create, extracted, **kwargs):
        if create and extracted:
            self.cooperating_units.set(extracted)


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    item = factory.SubFactory(ItemFactory)
    unit = factory.LazyAttribute(lambda report: report.item.lead_unit)
    text = "按计划推进"
    percent = 50
    reported_on = factory.LazyAttribute(lambda report: report.item.registered_on)
