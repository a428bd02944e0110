"""Excel import of study materials (学习资料清单) into the library, on office.imports.

What is training's own: the columns, the words lists use for a material's kind, what counts
as a duplicate (the same title issued on the same day, in the file or in the library), and
adding each row through ``services.material_create``. Reading the file, the preview, the
all-or-nothing confirmation and the template are the office core's.

The column headers are the file format the office keeps its reading lists in, in Chinese:
not user interface text.
"""

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from office.imports import EXAMPLE_MARK, Column, Importer, Row, WordChoices

from . import services
from .models import MaterialKind, StudyMaterial

KIND_WORDS = {
    MaterialKind.SPEECH: ("重要讲话", "讲话"),
    MaterialKind.INSTRUCTION: ("重要指示", "指示", "批示", "重要指示批示"),
    MaterialKind.DOCUMENT: ("文件法规", "文件", "法规", "党内法规"),
    MaterialKind.ARTICLE: ("文章读物", "文章", "读物", "评论员文章"),
    MaterialKind.OTHER: ("其他",),
}
KINDS = WordChoices(KIND_WORDS)
TITLE_MAX = StudyMaterial._meta.get_field("title").max_length
SOURCE_MAX = StudyMaterial._meta.get_field("source").max_length


class MaterialImporter(Importer):
    key = "training.material"
    title = "学习资料"
    model = StudyMaterial
    permission = "training.add_studymaterial"
    columns = (
        Column(
            "title",
            "标题",
            required=True,
            missing_message=gettext_lazy("The title is missing."),
            help="一份资料一行；同一天的同名资料不能重复。",
            width=40,
            min_width="12rem",
        ),
        Column(
            "kind",
            "类别",
            choices=KINDS.options,
            help="重要讲话、重要指示、文件法规、文章读物或其他；不填视为重要讲话。",
            width=12,
            css="text-nowrap",
        ),
        Column(
            "issued_on",
            "日期",
            required=True,
            is_date=True,
            missing_message=gettext_lazy("The date is missing."),
            help="讲话发表或文件印发的日期，如 2026-03-02、2026/3/2 或 2026年3月2日。",
            width=14,
            css="text-nowrap",
        ),
        Column(
            "source",
            "出处",
            help="刊发的报刊、网站或文号，如 《求是》2026年第10期。",
            width=24,
            css="small",
            min_width="6rem",
        ),
        Column(
            "summary",
            "摘要",
            help="主要精神，可不填。",
            width=40,
            css="small",
            min_width="8rem",
            truncate=40,
        ),
        Column(
            "full_text",
            "全文",
            optional=True,
            help="全文可不填，导入后可在资料页上传文件。",
            width=40,
            css="small",
            min_width="8rem",
            truncate=40,
        ),
    )
    notes = ("确认后所有资料一次性加入本办学习资料库；有任何一行出错则一行也不导入。",)

    def check_row(self, row: Row) -> None:
        cells, values = row.cells, row.values
        values["title"] = " ".join(cells["title"].split())
        if len(values["title"]) > TITLE_MAX:
            row.error("title", _("The title is longer than 200 characters."))
        values["kind"] = self.read_choice(
            row,
            "kind",
            KINDS,
            MaterialKind.SPEECH,
            _("Unknown kind: %(value)s. Use one of %(choices)s."),
        )
        issued_on = self.read_date(row, "issued_on")
        values["issued_on"] = issued_on.isoformat() if issued_on else ""
        values["source"] = " ".join(cells.get("source", "").split())
        if len(values["source"]) > SOURCE_MAX:
            row.error(
                "source",
                _("The source is longer than %(max)d characters.") % {"max": SOURCE_MAX},
            )
        values["summary"] = cells.get("summary", "").strip()
        values["full_text"] = cells.get("full_text", "").strip()

    def check_rows(self, rows: list[Row]) -> None:
        """The same title on the same day twice in the file, or already in the library."""
        keyed = [r for r in rows if r.values["title"] and r.values["issued_on"]]
        existing = set(
            StudyMaterial.objects.filter(
                owning_office=self.actor.office, title__in={r.values["title"] for r in keyed}
            ).values_list("title", "issued_on")
        )
        first_row = {}
        for row in keyed:
            key = (row.values["title"], date.fromisoformat(row.values["issued_on"]))
            if key in existing:
                row.error("title", _("This material is already in the library."))
            if key in first_row:
                row.error(
                    "title",
                    _("Duplicate of row %(row)d of this file (same title and date).")
                    % {"row": first_row[key]},
                )
            else:
                first_row[key] = row.number

    def create(self, row: Row) -> StudyMaterial:
        values = row.values
        data = {
            "title": values["title"],
            "kind": values["kind"],
            "issued_on": date.fromisoformat(values["issued_on"]),
            "source": values["source"],
            "summary": values["summary"],
            "full_text": values["full_text"],
        }
        return services.material_create(actor=self.actor, data=data)

    def confirmed_message(self, records: list) -> str:
        return _("%(count)d materials added to the library.") % {"count": len(records)}

    def example_rows(self) -> list[list]:
        return [
            [
                f"{EXAMPLE_MARK}习近平总书记在中央经济工作会议上的重要讲话",
                "重要讲话",
                "2025-12-11",
                "新华社",
                "讲话的主要精神。",
                "",
            ]
        ]
