"""The agenda: study, report and decision items whose time budgets fit the planned length;
a 第一议题 study item links study materials this body has not studied before."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from office.attachments import attachment_create, check_uploads
from office.classification import refuse_classified
from office.texts import check_texts
from office.workflow import require

from ..choices import AgendaKind
from ..models import AgendaItem, Material, Meeting
from ..rules import agenda_budget_error, studied_before


@transaction.atomic
def agenda_item_add(
    *,
    actor,
    meeting: Meeting,
    kind: str,
    title: str,
    minutes: int,
    presenter=None,
    presenter_name: str = "",
    study_materials=(),
    files=(),
) -> AgendaItem:
    require(actor, "agenda", meeting)
    if minutes is None or minutes < 1:
        raise ValidationError({"minutes": _("Give the item a time budget of at least a minute.")})
    used = sum(meeting.agenda_items.values_list("minutes", flat=True))
    error = agenda_budget_error(meeting.planned_minutes, used, minutes)
    if error:
        raise ValidationError({"minutes": error})
    materials = list(study_materials)
    if materials and kind != AgendaKind.STUDY:
        raise ValidationError({"study_materials": _("Only a study item links study materials.")})
    if materials and any(m.owning_office_id != meeting.owning_office_id for m in materials):
        raise ValidationError({"study_materials": _("Choose materials of your own office.")})
    already = studied_before(meeting, materials, AgendaItem.objects.all())
    if already:
        raise ValidationError(
            {
                "study_materials": _("This body has already studied %(titles)s.")
                % {"titles": "、".join(f"《{m.title}》" for m in already)}
            }
        )
    check_texts(AgendaItem, title=title)
    refuse_classified(
        actor=actor, where="meetings.agenda_item_add", title=title, presenter_name=presenter_name
    )
    check_uploads(files, actor=actor, where="meetings.agenda_item_add", field="materials")
    position = (meeting.agenda_items.aggregate(m=Max("position"))["m"] or 0) + 1
    item = AgendaItem(
        meeting=meeting,
        position=position,
        kind=kind,
        title=title.strip(),
        presenter=presenter,
        presenter_name=presenter_name.strip() or (str(presenter) if presenter else ""),
        minutes=minutes,
    )
    item.full_clean()
    item._history_user = actor
    item.save()
    item.study_materials.set(materials)
    for upload in files:
        attachment_create(Material, upload=upload, agenda_item=item)
    return item


@transaction.atomic
def agenda_item_remove(*, actor, item: AgendaItem) -> None:
    require(actor, "agenda", item.meeting)
    item.delete()


@transaction.atomic
def agenda_measures_record(*, actor, item: AgendaItem, measures: str) -> AgendaItem:
    """What the meeting adopted after a study item (the 第一议题 ledger shows it)."""
    require(actor, "minutes", item.meeting)
    check_texts(AgendaItem, measures=measures)
    refuse_classified(actor=actor, where="meetings.agenda_measures_record", measures=measures)
    item.measures = measures.strip()
    item._history_user = actor
    item.save(update_fields=["measures"])
    return item


REVIEW_TITLE = "回头看：前次会议议定事项落实情况"


@transaction.atomic
def agenda_review_add(*, actor, meeting: Meeting, decisions, minutes: int = 10) -> AgendaItem:
    """回头看: a report item on the decisions of this body's earlier meetings still open."""
    decisions = list(decisions)
    if not decisions:
        raise ValidationError(_("No decision of an earlier meeting is still open."))
    if meeting.agenda_items.filter(title=REVIEW_TITLE).exists():
        raise ValidationError(_("The agenda has its 回头看 item already."))
    item = agenda_item_add(
        actor=actor, meeting=meeting, kind=AgendaKind.REPORT, title=REVIEW_TITLE, minutes=minutes
    )
    item.measures = "\n".join(f"{d.meeting.title}：{d.text}" for d in decisions)[:5000]
    item.save(update_fields=["measures"])
    return item
