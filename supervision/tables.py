"""Tables of supervision items: the ledger (台账) and the leaders' red list.

The colour is computed, never stored: each table works out the day's colour context once and
colours every row from the fields already loaded, so a page costs no query per row.
"""

import django_tables2 as tables
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from office.tones import state_badge

from .choices import Colour
from .colours import ColourContext, colour_of, item_row
from .models import Circular, Item
from .templatetags.supervision_tags import colour_badge, progress_bar, status_badge


class ColouredItemTable(tables.Table):
    """Shared by the item tables: the day's colour context, computed once per table."""

    # A tick per row for the office's batch work (批量办理); the boxes belong to the page's
    # batch form (their ``form`` attribute), so the table needs no form around it.
    select = tables.Column(
        verbose_name=_("Select"),
        accessor="pk",
        orderable=False,
        empty_values=(),
        visible=False,
        exclude_from_export=True,
        attrs={"th": {"class": "w-1"}, "td": {"class": "w-1"}},
    )

    def __init__(self, *args, today=None, batch=False, **kwargs):
        self.today = today or timezone.localdate()
        self._colour_context = None
        super().__init__(*args, **kwargs)
        if batch:
            self.columns.show("select")

    # In the Excel ledger a date is a date (sortable, shown as 2026-03-31), not text.
    def value_deadline(self, record):
        return record.deadline

    def value_registered_on(self, record):
        return record.registered_on

    def render_select(self, record):
        return format_html(
            '<input type="checkbox" class="form-check-input m-0 batch-select" form="batch-form"'
            ' name="items" value="{}" aria-label="{}">',
            record.pk,
            record.number,
        )

    def colour_for(self, record) -> str:
        if self._colour_context is None:
            self._colour_context = ColourContext.for_day(self.today)
        return colour_of(item_row(record), self._colour_context)


class ItemTable(ColouredItemTable):
    """The ledger. For a unit's liaison (``own_unit_id``) each row says whether the unit
    leads the item or cooperates on it, and the cooperating units show."""

    number = tables.Column(
        verbose_name=_("number"),
        accessor="pk",
        order_by=("year", "sequence", "part"),
        linkify=False,
    )
    # A title keeps room to be read on a tablet; the table scrolls sideways instead.
    title = tables.Column(verbose_name=_("title"), attrs={"td": {"class": "cell-title"}})
    # Short values that read wrong when broken (a date over two lines, 上级/交办).
    source_kind = tables.Column(attrs={"td": {"class": "text-nowrap"}})
    lead_unit = tables.Column(default="—")
    deadline = tables.DateColumn(format="Y-m-d", attrs={"td": {"class": "text-nowrap"}})
    status = tables.Column(attrs={"td": {"class": "text-nowrap"}})
    progress = tables.Column()
    colour = tables.Column(
        verbose_name=_("colour"), accessor="pk", orderable=False, empty_values=()
    )
    # In the Excel ledger only: what a ledger on paper has and the page leaves out.
    urgency = tables.Column(visible=False)
    instructing_leader = tables.Column(visible=False)
    instruction_text = tables.Column(visible=False)
    cooperating_units = tables.Column(
        verbose_name=_("cooperating units"), accessor="pk", visible=False, orderable=False
    )
    responsible_person = tables.Column(visible=False)
    registered_on = tables.DateColumn(format="Y-m-d", visible=False)
    # What the unit last reported (ItemListView annotates it): the ledger's 最新进展.
    latest_progress = tables.Column(
        verbose_name=_("latest progress"), visible=False, orderable=False, default=""
    )

    class Meta:
        model = Item
        fields = (
            "select",
            "number",
            "title",
            "source_kind",
            "lead_unit",
            "deadline",
            "status",
            "progress",
            "colour",
        )
        order_by = ("-number",)
        attrs = {"class": "table table-hover table-sm align-middle item-table"}
        row_attrs = {"data-item": lambda record: record.number}

    def __init__(self, *args, own_unit_id=None, **kwargs):
        self.own_unit_id = own_unit_id
        super().__init__(*args, **kwargs)
        if own_unit_id is not None:
            self.columns.show("cooperating_units")

    def render_lead_unit(self, record):
        if self.own_unit_id is None:
            return record.lead_unit or "—"
        if record.lead_unit_id == self.own_unit_id:
            return format_html(
                '<span class="badge bg-blue-lt me-1 unit-role" data-role="lead">{}</span>{}',
                _("We lead"),
                record.lead_unit,
            )
        return format_html(
            '<span class="badge bg-secondary-lt me-1 unit-role" data-role="cooperate">{}</span>{}',
            _("We cooperate"),
            record.lead_unit or "—",
        )

    def value_lead_unit(self, record):
        return str(record.lead_unit or "")

    def render_number(self, record):
        return format_html(
            '<a href="{}" class="text-nowrap">{}</a>', record.get_absolute_url(), record.number
        )

    def value_number(self, record):
        return record.number

    def render_title(self, record):
        if record.is_group:
            return format_html(
                '{} <span class="badge bg-azure-lt ms-1" title="{}">{}</span>',
                record.title,
                _("split into units"),
                _("%(count)d units") % {"count": record.children_count},
            )
        if record.parent_id:
            return format_html(
                '{} <div class="small text-secondary">{} {}</div>',
                record.title,
                _("part of"),
                record.parent.number,
            )
        return record.title

    def value_title(self, record):
        return record.title

    def render_status(self, record):
        return status_badge(record.status)

    def value_status(self, record):
        return record.get_status_display()

    def render_progress(self, record):
        if record.is_group:
            return "—"
        return progress_bar(record.progress)

    def value_progress(self, record):
        return record.progress

    def render_colour(self, record):
        if record.is_group or not record.is_open:
            return "—"
        return colour_badge(self.colour_for(record))

    def value_colour(self, record):
        """Filled for every row of the Excel ledger: a closed item says so, a split item says
        its units carry the colour, an item on time says it is normal."""
        if record.is_group:
            return str(_("see the units' items"))
        if not record.is_open:
            return record.get_status_display()
        return str(Colour(self.colour_for(record)).label)

    def export_rows(self, exclude_columns=()):
        """The Excel ledger's cells, read in chunks with .values() (supervision/exports.py):
        the same as as_values(), without rendering every cell through django-tables2."""
        from .exports import ledger_rows

        return ledger_rows(self, self.today, exclude_columns)

    def value_cooperating_units(self, record):
        return "、".join(unit.name for unit in record.cooperating_units.all())

    def render_cooperating_units(self, record):
        return self.value_cooperating_units(record)


class RedListTable(ColouredItemTable):
    """Overdue open items, the most overdue first, with how long they are overdue."""

    number = tables.Column(
        verbose_name=_("number"), accessor="pk", order_by=("year", "sequence", "part")
    )
    # A title keeps room to be read on a tablet; the table scrolls sideways instead.
    title = tables.Column(verbose_name=_("title"), attrs={"td": {"class": "cell-title"}})
    lead_unit = tables.Column(default="—")
    responsible_person = tables.Column(attrs={"td": {"class": "text-nowrap"}})
    deadline = tables.DateColumn(format="Y-m-d", attrs={"td": {"class": "text-nowrap"}})
    days_overdue = tables.Column(
        verbose_name=_("days overdue"), accessor="deadline", order_by=("-deadline",)
    )
    status = tables.Column()
    progress = tables.Column()

    class Meta:
        model = Item
        fields = (
            "select",
            "number",
            "title",
            "lead_unit",
            "responsible_person",
            "deadline",
            "days_overdue",
            "status",
            "progress",
        )
        order_by = ("deadline",)
        attrs = {"class": "table table-hover table-sm align-middle red-list-table"}
        row_attrs = {"data-item": lambda record: record.number}

    def render_number(self, record):
        return format_html(
            '<a href="{}" class="text-nowrap">{}</a>', record.get_absolute_url(), record.number
        )

    def value_number(self, record):
        return record.number

    def render_days_overdue(self, record):
        days = self.overdue_days(record)
        return format_html(
            '<span class="badge bg-red text-red-fg">{}</span>',
            ngettext("%(days)d day", "%(days)d days", days) % {"days": days},
        )

    def value_days_overdue(self, record):
        return self.overdue_days(record)

    def overdue_days(self, record) -> int:
        return (self.today - record.deadline).days

    def render_deadline(self, value):
        return date_format(value, "Y-m-d")

    def render_status(self, record):
        return status_badge(record.status)

    def value_status(self, record):
        return record.get_status_display()

    def render_progress(self, record):
        return progress_bar(record.progress)

    def value_progress(self, record):
        return record.progress


class CircularTable(tables.Table):
    title = tables.Column(linkify=True)
    period_start = tables.DateColumn(format="Y-m-d")
    period_end = tables.DateColumn(format="Y-m-d")
    published_at = tables.DateTimeColumn(format="Y-m-d H:i", default="—")

    class Meta:
        model = Circular
        fields = ("title", "period_start", "period_end", "status", "published_at")
        order_by = ("-period_end",)
        empty_text = _("No circulars yet.")

    def render_status(self, value, record):
        return state_badge(record)

    def value_status(self, value):
        return value
