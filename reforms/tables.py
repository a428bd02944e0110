"""Tables of the reform lists (pages and their Excel exports)."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from office.tones import badge, state_badge

from .choices import STATE_TONES, TaskState
from .models import Honour, KeyTask, Pilot


def progress_bar(progress: int, expected: int | None = None, tone: str = "blue"):
    """The progress, with a tick where the plan expects it to be by now."""
    marker = ""
    if expected:
        marker = format_html(
            '<span class="reform-expected" style="left:{}%" title="{}"></span>',
            min(expected, 100),
            _("Expected by today: %(n)d%%") % {"n": expected},
        )
    return format_html(
        '<div class="reform-progress" data-progress="{}">'
        '<div class="progress progress-sm"><div class="progress-bar bg-{}" style="width:{}%">'
        "</div></div>{}</div>"
        '<span class="small text-secondary">{}%</span>',
        progress,
        tone,
        progress,
        marker,
        progress,
    )


def state_label(state: str):
    return badge(TaskState(state).label, STATE_TONES.get(state, "grey"), state=state)


class TaskTable(tables.Table):
    title = tables.Column(linkify=True)
    area = tables.Column()
    lead_leader = tables.Column(default="—")
    lead_unit = tables.Column()
    progress = tables.Column(verbose_name=_("progress"))
    expected = tables.Column(verbose_name=_("expected by today"), visible=False)
    state = tables.Column(verbose_name=_("against plan"))
    year = tables.Column(visible=False)
    goal = tables.Column(visible=False)
    cooperating_units = tables.ManyToManyColumn(
        verbose_name=_("cooperating units"), visible=False, separator="、"
    )

    class Meta:
        model = KeyTask
        fields = ()
        sequence = ("title", "area", "lead_leader", "lead_unit", "progress", "state")
        attrs = {"class": "table table-vcenter card-table"}
        order_by = ("area",)

    def render_progress(self, value, record):
        tone = STATE_TONES.get(record.state, "blue")
        return progress_bar(value, record.expected, tone)

    def value_progress(self, value):
        return value

    def render_state(self, value):
        return state_label(value)

    def value_state(self, value):
        return str(TaskState(value).label)


class PilotTable(tables.Table):
    name = tables.Column(linkify=True)
    kind = tables.Column()
    level = tables.Column()
    approving_body = tables.Column()
    lead_unit = tables.Column()
    approved_on = tables.DateColumn(format="Y-m-d", default="—")
    status = tables.Column()
    approval_document = tables.Column(visible=False)
    task = tables.Column(visible=False)
    period_start = tables.DateColumn(format="Y-m-d", visible=False)
    period_end = tables.DateColumn(format="Y-m-d", visible=False)
    evaluation = tables.Column(visible=False)

    class Meta:
        model = Pilot
        fields = ()
        attrs = {"class": "table table-vcenter card-table"}

    def render_status(self, value, record):
        return state_badge(record)

    def value_status(self, value, record):
        return record.get_status_display()


class HonourTable(tables.Table):
    title = tables.Column(linkify=True)
    level = tables.Column()
    awarding_body = tables.Column()
    awarded_on = tables.DateColumn(format="Y-m-d")
    honoured = tables.Column(verbose_name=_("honoured"), accessor="honoured", orderable=False)
    advanced_unit = tables.BooleanColumn(yesno="✔,")

    class Meta:
        model = Honour
        fields = ()
        attrs = {"class": "table table-vcenter card-table"}
