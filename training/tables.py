"""Tables of the training lists (each exports to Excel as it is filtered)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from office.tones import state_badge

from .models import (
    Assessment,
    Competition,
    GrassrootsCourse,
    MentoringPair,
    SelfStudyNote,
    StudyMaterial,
    StudySession,
    TheoryDigest,
    TierChange,
)

# Dates and short labels stay on one line on a tablet.
NOWRAP = {"td": {"class": "text-nowrap"}}


class MaterialTable(tables.Table):
    title = tables.Column(linkify=True)
    kind = tables.Column()
    issued_on = tables.DateColumn(format="Y-m-d", attrs=NOWRAP)
    source = tables.Column()
    studied = tables.Column(verbose_name=_("times studied"), orderable=True)
    summary = tables.Column(visible=False)

    class Meta:
        model = StudyMaterial
        fields = ("title", "kind", "issued_on", "source", "studied", "summary")
        attrs = {"class": "table table-vcenter card-table table-hover"}


class StatusTable(tables.Table):
    def render_status(self, record, value):
        return state_badge(record)

    def value_status(self, record, value):
        return record.get_status_display()


class SessionTable(StatusTable):
    held_on = tables.DateColumn(format="Y-m-d", attrs=NOWRAP)
    kind = tables.Column(attrs=NOWRAP)
    topic = tables.Column(linkify=True)
    speaker = tables.Column(attrs=NOWRAP)
    status = tables.Column(attrs=NOWRAP)
    present = tables.Column(verbose_name=_("present"), orderable=False)
    on_leave = tables.Column(verbose_name=_("on leave"), orderable=False)
    location = tables.Column(visible=False)
    notes = tables.Column(visible=False)

    class Meta:
        model = StudySession
        fields = ("held_on", "kind", "topic", "speaker", "status", "present", "on_leave")
        sequence = ("held_on", "kind", "topic", "speaker", "status", "present", "on_leave")
        attrs = {"class": "table table-vcenter card-table table-hover"}


class FirstTopicTable(tables.Table):
    """The 第一议题 studies of held meetings (the meetings app's ledger, read here)."""

    day = tables.DateTimeColumn(
        verbose_name=_("date"), accessor="meeting__starts_at", format="Y-m-d", attrs=NOWRAP
    )
    meeting = tables.Column(verbose_name=_("meeting"), linkify=True)
    title = tables.Column(verbose_name=_("topic"))
    study_materials = tables.ManyToManyColumn(verbose_name=_("materials"), separator="；")
    measures = tables.Column(verbose_name=_("measures adopted"), visible=False)

    class Meta:
        fields = ("day", "meeting", "title", "study_materials", "measures")
        attrs = {"class": "table table-vcenter card-table table-hover"}


class DigestTable(StatusTable):
    issue = tables.Column(verbose_name=_("issue"), accessor="month", order_by=("year", "month"))
    title = tables.Column(linkify=True)
    status = tables.Column()
    articles_count = tables.Column(verbose_name=_("articles"), orderable=False)
    published_at = tables.DateTimeColumn(format="Y-m-d", attrs=NOWRAP)

    class Meta:
        model = TheoryDigest
        fields = ("issue", "title", "status", "articles_count", "published_at")
        attrs = {"class": "table table-vcenter card-table table-hover"}

    def render_issue(self, record):
        return f"{record.year}-{record.month:02d}"

    value_issue = render_issue


class PairTable(StatusTable):
    pair = tables.Column(
        verbose_name=_("mentoring pair"),
        accessor="pk",
        linkify=lambda record: record.get_absolute_url(),
        order_by=("mentor__name",),
    )
    started_on = tables.DateColumn(format="Y-m-d", attrs=NOWRAP)
    status = tables.Column()
    reviews_count = tables.Column(verbose_name=_("reviews"), orderable=False)
    goals = tables.Column(visible=False)

    class Meta:
        model = MentoringPair
        fields = ("pair", "started_on", "status", "reviews_count", "goals")
        attrs = {"class": "table table-vcenter card-table table-hover"}

    def render_pair(self, record):
        return str(record)

    value_pair = render_pair


class NoteTable(tables.Table):
    read_on = tables.DateColumn(format="Y-m-d", attrs=NOWRAP)
    title = tables.Column()
    material = tables.Column(linkify=True)
    note = tables.Column()
    actions = tables.Column(
        verbose_name="", accessor="pk", orderable=False, exclude_from_export=True
    )

    class Meta:
        model = SelfStudyNote
        fields = ("read_on", "title", "material", "note", "actions")
        attrs = {"class": "table table-vcenter card-table"}

    def render_actions(self, value):
        # A plain render (a template column would run the context processors on every row).
        return format_html(
            '<span class="text-nowrap"><a href="{}">{}</a> · '
            '<a href="{}" class="text-danger">{}</a></span>',
            reverse("training:note_edit", args=[value]),
            _("Edit"),
            reverse("training:note_delete", args=[value]),
            _("Remove"),
        )


class TierTable(tables.Table):
    person = tables.Column()
    unit = tables.Column(verbose_name=_("unit"), accessor="person__org_unit")
    tier = tables.Column()
    changed_on = tables.DateColumn(format="Y-m-d", verbose_name=_("since"), attrs=NOWRAP)
    reason = tables.Column()

    class Meta:
        model = TierChange
        fields = ("person", "unit", "tier", "changed_on", "reason")
        attrs = {"class": "table table-vcenter card-table"}


class CompetitionTable(tables.Table):
    held_on = tables.DateColumn(format="Y-m-d", attrs=NOWRAP)
    title = tables.Column(linkify=True)
    max_score = tables.Column()
    entries_count = tables.Column(verbose_name=_("entries"), orderable=False)

    class Meta:
        model = Competition
        fields = ("held_on", "title", "max_score", "entries_count")
        attrs = {"class": "table table-vcenter card-table table-hover"}


class AssessmentTable(tables.Table):
    year = tables.Column()
    title = tables.Column(linkify=True)

    class Meta:
        model = Assessment
        fields = ("year", "title")
        attrs = {"class": "table table-vcenter card-table table-hover"}


class CourseTable(tables.Table):
    held_on = tables.DateColumn(format="Y-m-d", attrs=NOWRAP)
    title = tables.Column(linkify=True)
    units = tables.Column(verbose_name=_("units"), orderable=False)
    people = tables.Column(verbose_name=_("participants"), orderable=False, default=0)

    class Meta:
        model = GrassrootsCourse
        fields = ("held_on", "title", "units", "people")
        attrs = {"class": "table table-vcenter card-table table-hover"}
