"""Tables of documents' ledgers; each exports to Excel as it shows (and a few columns more)."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from office.tones import state_badge

from .models import (
    ConfidentialRecord,
    IncomingDocument,
    InfoPiece,
    InfoTopic,
    Manuscript,
    OfficialDocument,
    ResearchVisit,
)
from .rules import info_points


class StatusColumn(tables.Column):
    def render(self, record, value):
        return state_badge(record)

    def value(self, record, value):
        return record.get_status_display()


class OfficialDocumentTable(tables.Table):
    number = tables.Column(verbose_name=_("document number"), default="—")
    title = tables.Column(linkify=True)
    doc_type = tables.Column()
    drafter = tables.Column(default="—")
    signer = tables.Column(default="—")
    status = StatusColumn()
    issued_on = tables.DateColumn(format="Y-m-d", default="—")
    issuer = tables.Column(visible=False)
    main_recipients = tables.Column(visible=False)
    is_normative = tables.BooleanColumn(visible=False)

    class Meta:
        model = OfficialDocument
        fields = ()
        sequence = ("number", "title", "doc_type", "drafter", "signer", "status", "issued_on")
        attrs = {"class": "table table-vcenter card-table"}


class ManuscriptTable(tables.Table):
    title = tables.Column(linkify=True)
    kind = tables.Column()
    author = tables.Column(default="—")
    assigned_on = tables.DateColumn(format="Y-m-d")
    due_date = tables.DateColumn(format="Y-m-d", default="—")
    characters = tables.Column()
    status = StatusColumn()
    journal = tables.Column(default="—")
    commissioning_body = tables.Column(visible=False)
    delivered_on = tables.DateColumn(format="Y-m-d", visible=False)
    published_on = tables.DateColumn(format="Y-m-d", visible=False)

    class Meta:
        model = Manuscript
        fields = ()
        sequence = (
            "title",
            "kind",
            "author",
            "assigned_on",
            "due_date",
            "characters",
            "status",
            "journal",
        )
        attrs = {"class": "table table-vcenter card-table"}


class VisitTable(tables.Table):
    topic = tables.Column(linkify=True)
    visiting_body = tables.Column()
    level = tables.Column()
    start_date = tables.DateColumn(format="Y-m-d")
    end_date = tables.DateColumn(format="Y-m-d")
    places = tables.Column(visible=False)

    class Meta:
        model = ResearchVisit
        fields = ()
        sequence = ("topic", "visiting_body", "level", "start_date", "end_date")
        attrs = {"class": "table table-vcenter card-table"}


class IncomingTable(tables.Table):
    title = tables.Column(linkify=True)
    sender = tables.Column()
    sender_number = tables.Column(default="—")
    received_on = tables.DateColumn(format="Y-m-d")
    mode = tables.Column()
    status = StatusColumn()

    class Meta:
        model = IncomingDocument
        fields = ()
        sequence = ("title", "sender", "sender_number", "received_on", "mode", "status")
        attrs = {"class": "table table-vcenter card-table"}


class ConfidentialTable(tables.Table):
    title = tables.Column(linkify=True)
    number = tables.Column(default="—")
    sender = tables.Column()
    classification = tables.Column()
    received_on = tables.DateColumn(format="Y-m-d")
    copy_numbers = tables.Column()
    out = tables.Column(verbose_name=_("copies out"), orderable=False, empty_values=())
    status = StatusColumn()

    class Meta:
        model = ConfidentialRecord
        fields = ()
        sequence = (
            "title", "number", "sender", "classification", "received_on", "copy_numbers",
            "out", "status",
        )  # fmt: skip
        attrs = {"class": "table table-vcenter card-table"}

    def render_out(self, record):
        out, overdue = record.out_count, record.overdue_count
        if not out:
            return "—"
        if overdue:
            return format_html(
                '{} <span class="badge bg-red-lt confidential-overdue">{}</span>',
                out,
                _("%(count)s overdue") % {"count": overdue},
            )
        return out

    def value_out(self, record):
        return record.out_count


class InfoTable(tables.Table):
    title = tables.Column(linkify=True)
    unit = tables.Column()
    submitted_on = tables.DateColumn(format="Y-m-d")
    status = StatusColumn()
    adopted_by = tables.Column(default="—")
    points = tables.Column(verbose_name=_("points"), accessor="pk", orderable=False)

    class Meta:
        model = InfoPiece
        fields = ()
        sequence = ("title", "unit", "submitted_on", "status", "adopted_by", "points")
        attrs = {"class": "table table-vcenter card-table"}

    def render_points(self, record):
        return info_points(record)

    def value_points(self, record):
        return info_points(record)


class InfoTopicTable(tables.Table):
    """The higher level's topics and requests; each title opens the pieces that answer it."""

    title = tables.Column(linkify=True)
    kind = tables.Column()
    requested_by = tables.Column()
    due_date = tables.DateColumn(format="Y-m-d", default="—")
    answers = tables.Column(verbose_name=_("pieces answering it"), orderable=False)

    class Meta:
        model = InfoTopic
        fields = ()
        sequence = ("title", "kind", "requested_by", "due_date", "answers")
        attrs = {"class": "table table-vcenter card-table"}
