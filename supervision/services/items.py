"""Writes of supervision items: register, assign, report, close, extensions, urges, comments.

Who may do each is declared once on the models (``Item.workflow``, ``ExtensionRequest.workflow``)
and asked here through ``require`` / ``transition_perform``.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from office.attachments import attachment_create, check_uploads
from office.classification import refuse_classified
from office.dates import check_dates
from office.models import OrgUnit
from office.notifications import notify
from office.selectors import (
    office_directors,
    office_leaders,
    unit_liaisons,
    units_outside_scope,
)
from office.sequences import next_number
from office.texts import check_texts
from office.workdays import add_working_days
from office.workflow import TransitionForbidden, permitted, require, transition_perform

from ..choices import OPEN_STATUSES, ExtensionStatus, ItemStatus, Urgency
from ..models import (
    HANDLING_STATUSES,
    Attachment,
    ExtensionRequest,
    Item,
    LeaderComment,
    ProgressReport,
    Urge,
)
from ..rules import (
    deadline_error,
    instructing_leader_name,
    instruction_errors,
    leader_outside_error,
)

SERIES = "supervision"
# An extension is decided while the item is being handled, or awaits the completion review.
DECIDABLE_STATUSES = (
    ItemStatus.ASSIGNED,
    ItemStatus.IN_PROGRESS,
    ItemStatus.COMPLETION_REQUESTED,
)


def proposed_deadline(*, source_kind: str, urgency: str, start: date) -> date:
    """The default deadline: the time limit for the source and urgency, in working days."""
    limits = settings.SUPERVISION_TIME_LIMITS.get(source_kind, {})
    days = limits.get(urgency) or limits.get(Urgency.NORMAL, 15)
    return add_working_days(start, days)


@dataclass
class ItemData:
    """What a person types to register an item (a form, an import row or another app)."""

    title: str
    source_kind: str
    lead_unit: OrgUnit | None = None
    deadline: date | None = None
    urgency: str = Urgency.NORMAL
    source_reference: str = ""
    instruction_text: str = ""
    instructing_leader: str = ""
    instruction_date: date | None = None
    # The leader picked among the users (None: the name above is someone outside the system).
    instructing_leader_user: object = None
    responsible_person: str = ""
    report_cycle: str = "once"
    cooperating_units: list = field(default_factory=list)


def check_units_in_scope(actor, units) -> None:
    outside = units_outside_scope(actor, units)
    if outside:
        raise ValidationError(
            {"lead_unit": _("%(unit)s is outside your office.") % {"unit": outside[0]}}
        )


@transaction.atomic
def item_register(
    *, actor, data: ItemData, today: date | None = None, parent: Item | None = None, origin=None
) -> Item:
    """立项: create an item with the next number of the office's yearly series."""
    return _register(actor=actor, data=data, today=today, parent=parent, origin=origin)


def check_instructing_leader(actor, leader_user) -> None:
    """Only a leader of the actor's office may be named (a form or an API call naming another
    county's leader is refused here too)."""
    error = leader_outside_error(leader_user, office_leaders(actor))
    if error:
        raise ValidationError({"instructing_leader_user": error})


def _check_item_data(data: ItemData, *, is_group: bool) -> None:
    check_texts(Item, instruction_text=data.instruction_text)
    # Only a split parent goes without a lead unit: its units' items carry the work.
    if not is_group and data.lead_unit is None:
        raise ValidationError({"lead_unit": _("Choose the lead unit.")})
    errors = instruction_errors(
        source_kind=data.source_kind,
        instruction_text=data.instruction_text,
        instructing_leader=data.instructing_leader,
        instruction_date=data.instruction_date,
        instructing_leader_user=data.instructing_leader_user,
    )
    if errors:
        raise ValidationError(errors)


def _register(
    *,
    actor,
    data: ItemData,
    today: date | None,
    parent: Item | None = None,
    origin=None,
    is_group: bool = False,
    part: int = 0,
) -> Item:
    # The one "may register": the model permission the register page asks too.
    if not actor.has_perm("supervision.add_item"):
        raise TransitionForbidden(_("Only office staff can register supervision items."))
    today = today or timezone.localdate()
    office = actor.office
    units = [u for u in [data.lead_unit, *data.cooperating_units] if u is not None]
    check_units_in_scope(actor, units)
    check_instructing_leader(actor, data.instructing_leader_user)
    _check_item_data(data, is_group=is_group)
    refuse_classified(
        actor=actor,
        where="supervision.item_register",
        title=data.title,
        instruction_text=data.instruction_text,
        source_reference=data.source_reference,
    )
    deadline = data.deadline or proposed_deadline(
        source_kind=data.source_kind, urgency=data.urgency, start=today
    )
    if deadline_error(deadline, today):
        raise ValidationError({"deadline": deadline_error(deadline, today)})
    item = Item(
        owning_office=office,
        year=today.year,
        # A split instruction's part carries its number (no number of its own is used up).
        sequence=parent.sequence
        if part
        else next_number(office=office, series=SERIES, year=today.year),
        part=part,
        parent=parent,
        is_group=is_group,
        title=data.title.strip(),
        source_kind=data.source_kind,
        source_reference=data.source_reference,
        instruction_text=data.instruction_text,
        instructing_leader_user=data.instructing_leader_user,
        instructing_leader=instructing_leader_name(
            data.instructing_leader_user, data.instructing_leader
        ),
        instruction_date=data.instruction_date,
        urgency=data.urgency,
        lead_unit=data.lead_unit,
        responsible_person=data.responsible_person,
        registered_on=today,
        deadline=deadline,
        report_cycle=data.report_cycle,
        created_by=actor,
    )
    if origin is not None:
        item.origin = origin
    item.full_clean(exclude=["sequence"])
    item.save()
    item.cooperating_units.set([u for u in data.cooperating_units if u != data.lead_unit])
    return item


@transaction.atomic
def item_register_split(
    *, actor, data: ItemData, units: list[OrgUnit], today: date | None = None
) -> Item:
    """One instruction concerning several units: a parent and one item per unit, in one go.

    The instruction uses one number of the year's series (督〔2026〕30号), carried by the
    parent; the units' items are its parts, 督〔2026〕30号-1, -2 …, and use none. In every
    count (the dashboard, the annual figures, the on-time rates, the circulars) the parts
    are counted and the parent is not: each unit's part is worked on, closed on time or
    late, and ranked; the parent only groups them (``Item.objects.leaves()``).
    """
    if len(units) < 2:
        raise ValidationError({"lead_units": _("Choose at least two units to split an item.")})
    parent_data = ItemData(**{**data.__dict__, "lead_unit": None, "cooperating_units": []})
    parent = _register(actor=actor, data=parent_data, today=today, is_group=True)
    for part, unit in enumerate(units, start=1):
        child = ItemData(**{**data.__dict__, "lead_unit": unit, "cooperating_units": []})
        _register(actor=actor, data=child, today=today, parent=parent, part=part)
    return parent


@transaction.atomic
def item_assign(
    *,
    actor,
    item: Item,
    today: date | None = None,
    comment: str = "",
    tell_leader: bool = True,
) -> Item:
    """交办: hand the item to its lead unit, whose liaisons are told at once."""
    if item.is_group:
        require(actor, "assign_units", item)
        registered = [c for c in _lock_children(item) if c.status == ItemStatus.REGISTERED]
        for child in registered:
            item_assign(actor=actor, item=child, today=today, comment=comment, tell_leader=False)
        item.refresh_from_db()
        # One notice for the instruction, not one per unit.
        _tell_leader(item, _assigned_title(item), _("To %(units)s.") % {"units": _units(item)})
        return item
    if item.lead_unit is None:
        raise ValidationError(_("Choose the lead unit before assigning."))
    transition_perform(
        obj=item,
        name="assign",
        actor=actor,
        comment=comment,
        assigned_on=today or timezone.localdate(),
    )
    notify(
        recipients=unit_liaisons(item.lead_unit),
        title=_("New supervision item %(number)s: %(title)s")
        % {"number": item.number, "title": item.title},
        body=_("Deadline %(deadline)s.") % {"deadline": item.deadline},
        url=item.get_absolute_url(),
    )
    if tell_leader:
        _tell_leader(
            item,
            _assigned_title(item),
            _("To %(unit)s, deadline %(deadline)s.")
            % {"unit": item.lead_unit, "deadline": item.deadline},
        )
    _sync_group(item.parent)
    return item


@transaction.atomic
def item_accept(*, actor, item: Item, comment: str = "", today: date | None = None) -> Item:
    """签收: the lead unit acknowledges the item it was assigned and starts handling it. Only
    then may it report on it; the office that registered it is told when the acknowledgement
    comes after the time limit."""
    today = today or timezone.localdate()
    _lock(item)
    _refuse_group(item)
    require(actor, "accept", item, today)
    check_texts(comment=comment)
    refuse_classified(actor=actor, where="supervision.item_accept", comment=comment)
    acknowledge_by = item.acknowledge_by
    transition_perform(obj=item, name="accept", actor=actor, comment=comment.strip())
    if acknowledge_by is not None and today > acknowledge_by and item.created_by_id:
        registrar = item.created_by
        if registrar.is_active:
            notify(
                recipients=[registrar],
                title=_("%(unit)s acknowledged %(number)s late (time limit %(date)s)")
                % {"unit": item.lead_unit, "number": item.number, "date": acknowledge_by},
                url=item.get_absolute_url(),
            )
    return item


def _assigned_title(item: Item) -> str:
    return _("Your instruction was assigned: %(number)s %(title)s") % {
        "number": item.number,
        "title": item.title,
    }


def _units(item: Item) -> str:
    return "、".join(str(child.lead_unit) for child in item.children.select_related("lead_unit"))


def _tell_leader(item: Item, title: str, body: str = "") -> None:
    """The leader who gave the instruction follows it: told when it is assigned and closed
    (and reminded once when it turns red, by the reminder engine)."""
    leader = item.instructing_leader_user
    if leader is None or not leader.is_active:
        return
    notify(recipients=[leader], title=title[:200], body=body, url=item.get_absolute_url())


def _refuse_group(item: Item) -> None:
    """A split parent has no unit of its own: reports, extensions and urges go to the units'
    items (a report on it would have no unit, an urge would reach nobody)."""
    if item.is_group:
        raise ValidationError(
            _(
                "This item is split into one item per unit: report, ask for an extension "
                "or urge on the item of the unit concerned."
            )
        )


def _lock(item: Item) -> Item:
    """Re-read the item under a row lock, into the caller's instance, so a check on its state
    holds until the transaction ends (two people acting at once cannot both pass it)."""
    item.refresh_from_db(from_queryset=Item.objects.select_for_update())
    return item


def _lock_children(parent: Item) -> list[Item]:
    """A split item's units' items, locked in one order, before the parent (which
    ``_sync_group`` locks last, as after any one unit's transition), so two services never
    wait on each other."""
    return list(parent.children.select_for_update().order_by("pk"))


@transaction.atomic
def report_submit(
    *,
    actor,
    item: Item,
    text: str,
    percent: int,
    files=(),
    completion: bool = False,
    today: date | None = None,
) -> ProgressReport:
    """反馈: a progress report, or with completion=True the completion report (申请办结)."""
    today = today or timezone.localdate()
    _lock(item)
    _refuse_group(item)
    if item.status == ItemStatus.ASSIGNED and permitted(actor, "report", item):
        # The 签收 is its own step: a report no longer stands in for it.
        raise ValidationError(_("Acknowledge the item (签收) before reporting on it."))
    if item.status not in HANDLING_STATUSES:
        raise ValidationError(_("Reports can only be filed on an item that is being handled."))
    require(actor, "report", item, today)
    if not text.strip():
        raise ValidationError({"text": _("Describe the progress.")})
    check_texts(ProgressReport, text=text)
    if not 0 <= percent <= 100:
        raise ValidationError({"percent": _("Enter a percentage between 0 and 100.")})
    refuse_classified(actor=actor, where="supervision.report_submit", text=text)
    check_uploads(files, actor=actor, where="supervision.report_submit")
    report = ProgressReport.objects.create(
        item=item,
        unit=item.lead_unit,
        author=actor,
        text=text.strip(),
        percent=100 if completion else percent,
        is_completion=completion,
        reported_on=today,
    )
    for upload in files:
        attachment_create(Attachment, upload=upload, report=report)
    Item.objects.filter(pk=item.pk).update(progress=report.percent, last_report_on=today)
    item.progress, item.last_report_on = report.percent, today
    if completion:
        transition_perform(
            obj=item, name="request_completion", actor=actor, comment=text.strip()[:500]
        )
    return report


@transaction.atomic
def item_close(*, actor, item: Item, comment: str = "", today: date | None = None) -> Item:
    """办结销号: the director accepts the completion report."""
    transition_perform(
        obj=item,
        name="close",
        actor=actor,
        comment=comment,
        closed_on=today or timezone.localdate(),
    )
    _lapse_extensions(item, _("The item was closed; the request lapsed."))
    _sync_group(item.parent)
    _tell_lead_unit(item, _("Item %(number)s has been closed.") % {"number": item.number}, comment)
    _tell_leader(
        item,
        _("Your instruction was carried out and closed: %(number)s %(title)s")
        % {"number": item.number, "title": item.title},
        comment,
    )
    return item


@transaction.atomic
def item_send_back(*, actor, item: Item, reason: str) -> Item:
    """退回: the completion report is not accepted; the unit works on. Its progress goes back
    to what its last progress report said, so the ledger no longer shows the item as done."""
    check_texts(reason=reason)
    last_progress = item.reports.filter(is_completion=False).order_by("-created_at", "-pk").first()
    transition_perform(
        obj=item,
        name="send_back",
        actor=actor,
        comment=reason,
        progress=last_progress.percent if last_progress else 0,
    )
    _tell_lead_unit(item, _("Item %(number)s was sent back.") % {"number": item.number}, reason)
    return item


@transaction.atomic
def item_cancel(*, actor, item: Item, reason: str) -> Item:
    check_texts(reason=reason)
    if item.is_group:
        # The same rule as for one item: the director, with a reason.
        require(actor, "cancel", item)
        if not reason.strip():
            raise ValidationError(_("Please give a reason."))
        children = _lock_children(item)
        _refuse_awaiting_review(children)
        for child in children:
            if child.status in OPEN_STATUSES:
                item_cancel(actor=actor, item=child, reason=reason)
        item.refresh_from_db()
        return item
    transition_perform(obj=item, name="cancel", actor=actor, comment=reason, cancel_reason=reason)
    _lapse_extensions(item, _("The item was cancelled; the request lapsed."))
    _sync_group(item.parent)
    return item


def _refuse_awaiting_review(children: list[Item]) -> None:
    """A unit's completion report waits for the director's decision: cancelling the split item
    would drop it unread, so the director decides on it first."""
    waiting = [c for c in children if c.status == ItemStatus.COMPLETION_REQUESTED]
    if waiting:
        names = "、".join(f"{c.number}（{c.lead_unit}）" for c in waiting)
        raise ValidationError(
            _(
                "These units' items await the review of their completion report: %(items)s. "
                "Close them or send them back before cancelling the split item."
            )
            % {"items": names}
        )


def _lapse_extensions(item: Item, comment: str) -> None:
    """A closed or cancelled item keeps its deadline: a request still pending lapses, so it
    can never be approved afterwards (moving a closed item's deadline and its on-time figure).
    No director decided it, so no one is named."""
    for extension in item.extensions.filter(status=ExtensionStatus.PENDING):
        transition_perform(
            obj=extension,
            name="lapse",
            actor=None,
            comment=comment,
            decided_at=timezone.now(),
            decision_comment=comment,
        )


def _sync_group(parent: Item | None) -> None:
    """A split parent only groups its children: its status follows theirs."""
    if parent is None or not parent.is_group:
        return
    _lock(parent)
    states = set(parent.children.values_list("status", flat=True))
    if states <= {ItemStatus.CANCELLED}:
        status = ItemStatus.CANCELLED
    elif states <= {ItemStatus.CLOSED, ItemStatus.CANCELLED}:
        status = ItemStatus.CLOSED
    elif states == {ItemStatus.REGISTERED}:
        status = ItemStatus.REGISTERED
    elif states <= {ItemStatus.REGISTERED, ItemStatus.ASSIGNED}:
        status = ItemStatus.ASSIGNED
    else:
        status = ItemStatus.IN_PROGRESS
    if status != parent.status:
        transition_perform(
            obj=parent,
            name="follow_units",
            actor=None,
            target=status,
            closed_on=timezone.localdate() if status == ItemStatus.CLOSED else None,
        )


def _tell_lead_unit(item: Item, title: str, body: str = "") -> None:
    notify(
        recipients=unit_liaisons(item.lead_unit),
        title=title,
        body=body,
        url=item.get_absolute_url(),
    )


@transaction.atomic
def extension_request(
    *, actor, item: Item, new_deadline: date, reason: str, today: date | None = None
) -> ExtensionRequest:
    """An extension must be asked for before the deadline passes."""
    today = today or timezone.localdate()
    _lock(item)
    _refuse_group(item)
    if item.status not in (ItemStatus.ASSIGNED, ItemStatus.IN_PROGRESS):
        raise ValidationError(_("Only an item that is being handled can be extended."))
    if today > item.deadline:
        raise ValidationError(
            _("The deadline has passed: an extension must be requested before it.")
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    refuse_classified(actor=actor, where="supervision.extension_request", reason=reason)
    if new_deadline <= item.deadline:
        raise ValidationError(
            {"new_deadline": _("The new deadline must be after the current one.")}
        )
    check_dates(new_deadline=new_deadline)
    if item.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise ValidationError(_("An extension request for this item is already pending."))
    item.__dict__.pop("pending_extension", None)
    require(actor, "request_extension", item, today)
    check_texts(ExtensionRequest, reason=reason)
    request = ExtensionRequest.objects.create(
        item=item,
        requested_by=actor,
        current_deadline=item.deadline,
        requested_deadline=new_deadline,
        reason=reason.strip(),
    )
    notify(
        recipients=office_directors(item.owning_office),
        title=_("Extension requested for %(number)s") % {"number": item.number},
        body=reason,
        url=item.get_absolute_url(),
    )
    return request


@transaction.atomic
def extension_decide(
    *, actor, extension: ExtensionRequest, approve: bool, comment: str = ""
) -> ExtensionRequest:
    # The item first, then the request: the order of the item's own services.
    item = Item.objects.select_for_update().get(pk=extension.item_id)
    extension.refresh_from_db(from_queryset=ExtensionRequest.objects.select_for_update())
    extension.item = item
    if extension.status != ExtensionStatus.PENDING:
        raise ValidationError(_("This request has already been decided."))
    if item.status not in DECIDABLE_STATUSES:
        raise ValidationError(
            _("The item is %(status)s: an extension can no longer be decided.")
            % {"status": item.get_status_display()}
        )
    if not approve and not comment.strip():
        raise ValidationError({"comment": _("Give the reason for the rejection.")})
    if approve:
        # A request made before dates were bounded must not carry 9999-12-31 onto the item.
        check_dates(new_deadline=extension.requested_deadline)
    require(actor, "approve" if approve else "reject", extension)
    transition_perform(
        obj=extension,
        name="approve" if approve else "reject",
        actor=actor,
        comment=comment,
        decided_by=actor,
        decided_at=timezone.now(),
        decision_comment=comment,
    )
    if approve:
        item.deadline = extension.requested_deadline
        item._change_reason = _("Extension approved")
        item._history_user = actor
        item.save(update_fields=["deadline"])
    verdict = _("approved") if approve else _("rejected")
    _tell_lead_unit(
        item,
        _("Extension for %(number)s %(verdict)s") % {"number": item.number, "verdict": verdict},
        comment,
    )
    return extension


@transaction.atomic
def item_urge(*, actor, item: Item, message: str) -> Urge:
    """催办 by hand: a message to the lead unit, recorded on the item."""
    _lock(item)
    _refuse_group(item)
    if not item.is_open:
        raise ValidationError(_("This item is no longer open."))
    require(actor, "urge", item)
    if not message.strip():
        raise ValidationError({"message": _("Write the urging message.")})
    refuse_classified(actor=actor, where="supervision.item_urge", message=message)
    check_texts(Urge, message=message)
    urge = Urge.objects.create(item=item, actor=actor, message=message.strip())
    _tell_lead_unit(
        item,
        _("Urged: %(number)s %(title)s") % {"number": item.number, "title": item.title},
        message,
    )
    return urge


@transaction.atomic
def comment_add(*, actor, item: Item, text: str) -> LeaderComment:
    """A leader's comment: it changes no state, it tells the lead unit."""
    require(actor, "comment", item)
    if not text.strip():
        raise ValidationError({"text": _("Write the comment.")})
    refuse_classified(actor=actor, where="supervision.comment_add", text=text)
    check_texts(LeaderComment, text=text)
    comment = LeaderComment.objects.create(item=item, author=actor, text=text.strip())
    _tell_lead_unit(
        item,
        _("%(leader)s commented on %(number)s") % {"leader": actor, "number": item.number},
        text,
    )
    return comment
