"""Tables of meetings, the 第一议题 study ledger and the decisions."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from office.tones import state_badge

from .models import AgendaItem, Decision, Meeting


class MeetingTable(tables.Table):
    starts_at = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name=_("time"))
    title = tables.Column(linkify=True)
    meeting_type = tables.Column()
    organiser_unit = tables.Column()
    chair = tables.Column()
    planned_minutes = tables.Column(verbose_name=_("minutes"))
    expected_attendance = tables.Column(verbose_name=_("expected attendance"))
    breaches = tables.Column(verbose_name=_("exceptions"), orderable=False, empty_values=())
    status = tables.Column()
    place = tables.Column(visible=False)
    reason = tables.Column(visible=False)

    class Meta:
        model = Meeting
        fields = ()
        sequence = (
            "starts_at",
            "title",
            "meeting_type",
            "organiser_unit",
            "chair",
            "planned_minutes",
            "expected_attendance",
            "breaches",
            "status",
        )
        attrs = {"class": "table table-vcenter card-table meeting-table"}
        order_by = ("-starts_at",)

    def render_status(self, record):
        return state_badge(record, css="meeting-status")

    def render_breaches(self, record):
        return len(record.rule_breaches) or "—"

    def value_breaches(self, record):
        return "；".join(f"{b['label']}：{b['message']}" for b in record.rule_breaches)

    def value_status(self, record):
        return record.get_status_display()


class StudyLedgerTable(tables.Table):
    """第一议题台账: each study item, its materials, when and where, who relayed it, and what
    the meeting adopted."""

    meeting__starts_at = tables.DateColumn(format="Y-m-d", verbose_name=_("date"))
    meeting = tables.Column(verbose_name=_("meeting"), linkify=True)
    title = tables.Column(verbose_name=_("topic"))
    study_materials = tables.Column(
        verbose_name=_("study materials"), accessor="pk", orderable=False
    )
    presenter_name = tables.Column(verbose_name=_("relayed by"))
    measures = tables.Column(verbose_name=_("measures adopted"), default="—")

    class Meta:
        model = AgendaItem
        fields = ()
        attrs = {"class": "table table-vcenter card-table study-ledger"}
        order_by = ("-meeting__starts_at",)

    def render_study_materials(self, record):
        return "、".join(f"《{m.title}》" for m in record.study_materials.all()) or "—"

    value_study_materials = render_study_materials


class DecisionTable(tables.Table):
    meeting__starts_at = tables.DateColumn(format="Y-m-d", verbose_name=_("date"))
    meeting = tables.Column(verbose_name=_("meeting"), linkify=True)
    text = tables.Column(verbose_name=_("decision"))
    lead_unit = tables.Column(default="—")
    supervision_item = tables.Column(
        verbose_name=_("supervision"), orderable=False, empty_values=()
    )

    class Meta:
        model = Decision
        fields = ()
        attrs = {"class": "table table-vcenter card-table decision-table"}
        order_by = ("-meeting__starts_at",)

    def render_supervision_item(self, record):
        item = record.supervision_item
        if item is None:
            return _("Not yet handed over")
        return f"{item.number} · {item.get_status_display()}"

    value_supervision_item = render_supervision_item


def local(moment):
    return timezone.localtime(moment)
