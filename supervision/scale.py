"""Supervision's part of ``manage.py seed_scale`` (the registry's ``scale=`` slot): about
2,000 items a year in each generated county, numbered in registration order, with the mix of
the real ledgers — most of a past year's items closed (four in five on time), a few
cancelled, a handful still overdue; the current year's items spread over the stages up to
today — and their progress reports, extension requests, cooperating units, history rows,
transition logs, the liaisons' notifications and the reminders already sent.

Rows are written with COPY (``ScaleContext.copy``) from ids reserved up front, one county at a
time; the number sequences are left at the last number so a new registration follows on.
"""

from collections import Counter
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from office.models import Notification, NumberSequence, Reminder, TransitionLog

from .choices import CYCLE_DAYS, ExtensionStatus, ItemStatus, ReportCycle, SourceKind, Urgency
from .models import ExtensionRequest, Item, ProgressReport, item_number

SOURCES = (
    [SourceKind.HIGHER_LEVEL] * 7
    + [SourceKind.INSTRUCTION] * 40
    + [SourceKind.MEETING] * 20
    + [SourceKind.DOCUMENT] * 18
    + [SourceKind.KEY_WORK] * 15
)
URGENCIES = [Urgency.NORMAL] * 16 + [Urgency.URGENT] * 3 + [Urgency.HARD]
CYCLES = (
    [ReportCycle.ONCE] * 10
    + [ReportCycle.WEEKLY] * 2
    + [ReportCycle.BIWEEKLY] * 3
    + [ReportCycle.MONTHLY] * 5
)
TERMS = (15, 20, 30, 30, 30, 45, 60, 60, 90, 120)
TASKS = (
    "推进{unit}老旧小区改造",
    "落实{unit}安全生产专项整治",
    "督促{unit}完成信访积案化解",
    "加快{unit}重点项目建设进度",
    "做好{unit}防汛抗旱准备",
    "整改{unit}巡察反馈问题",
    "完成{unit}营商环境评价指标提升",
    "开展{unit}耕地保护专项检查",
)
LEADER_NAMES = ("周振华", "王建国", "李德明", "赵文军", "陈宏伟")

ITEM_COLUMNS = (
    "id",
    "owning_office_id",
    "year",
    "sequence",
    "part",
    "parent_id",
    "is_group",
    "title",
    "source_kind",
    "source_reference",
    "instruction_text",
    "instructing_leader",
    "instruction_date",
    "urgency",
    "lead_unit_id",
    "responsible_person",
    "registered_on",
    "assigned_on",
    "deadline",
    "report_cycle",
    "status",
    "progress",
    "last_report_on",
    "closed_on",
    "cancel_reason",
    "created_by_id",
)
# The history table has the item's columns but the two excluded ones, plus its own.
HISTORY_COLUMNS = tuple(c for c in ITEM_COLUMNS if c not in ("progress", "last_report_on")) + (
    "history_id",
    "history_date",
    "history_type",
    "history_user_id",
)


def _moment(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def generate(ctx) -> Counter:
    created = Counter()
    item_type = ContentType.objects.get_for_model(Item).pk
    for county in ctx.counties:
        for year in ctx.years:
            created.update(_County(ctx, county, year, item_type).write())
    return created


class _County:
    def __init__(self, ctx, county, year, item_type):
        self.ctx, self.county, self.year, self.item_type = ctx, county, year, item_type
        self.rng = ctx.rng
        self.today = ctx.today
        self.staff = county.users.get("staff", [None])[0]
        self.director = county.users.get("director", [None])[0]
        # A few units get much of the work, as in the real ledgers.
        self.unit_weights = [1 + (index % 7 == 0) * 6 for index in range(len(county.units))]

    def _registrations(self) -> list[date]:
        start = date(self.year, 1, 1)
        end = min(date(self.year, 12, 31), self.today - timedelta(days=1))
        if end < start:
            return []
        days = (end - start).days + 1
        share = days / 365
        count = int(self.ctx.items_per_year * share)
        return sorted(start + timedelta(days=self.rng.randrange(days)) for _ in range(count))

    def _status(self, registered: date, deadline: date) -> str:
        rng, today = self.rng, self.today
        if deadline < today - timedelta(days=60):
            roll = rng.random()
            if roll < 0.004:
                return ItemStatus.IN_PROGRESS  # a straggler, long overdue
            return ItemStatus.CANCELLED if roll < 0.03 else ItemStatus.CLOSED
        if (today - registered).days < 3:
            return rng.choice([ItemStatus.REGISTERED, ItemStatus.ASSIGNED])
        roll = rng.random()
        if deadline < today:
            if roll < 0.75:
                return ItemStatus.CLOSED
            return ItemStatus.COMPLETION_REQUESTED if roll < 0.82 else ItemStatus.IN_PROGRESS
        if roll < 0.25:
            return ItemStatus.CLOSED
        if roll < 0.32:
            return ItemStatus.COMPLETION_REQUESTED
        if roll < 0.40:
            return ItemStatus.ASSIGNED
        return ItemStatus.IN_PROGRESS

    def write(self) -> Counter:
        ctx, rng, county = self.ctx, self.rng, self.county
        days = self._registrations()
        if not days:
            return Counter()
        # Every 50th registration is an instruction split between three units.
        slots = []
        for day in days:
            slots.append((day, 3 if rng.random() < 0.02 else 0))
        total = sum(1 + children for _day, children in slots)
        ids = iter(ctx.reserve_ids(Item, total))
        items, coop, reports, extensions, history, logs, notes, reminders = ([] for _ in range(8))
        sequence = 0
        for day, children in slots:
            sequence += 1
            lead = rng.choices(county.units, weights=self.unit_weights)[0]
            task = rng.choice(TASKS).format(unit=lead.short_name or lead.name)
            term = rng.choice(TERMS)
            deadline = day + timedelta(days=term)
            if children:
                parent_pk = next(ids)
                child_rows = []
                # The units' items are the instruction's parts: its number, -1, -2, -3.
                for part in range(1, children + 1):
                    unit = rng.choice(county.units)
                    row = self._item(next(ids), sequence, day, deadline, unit, task)
                    row["part"] = part
                    child_rows.append(row)
                statuses = {row["status"] for row in child_rows}
                group = self._item(parent_pk, sequence, day, deadline, lead, task)
                group.update(
                    is_group=True,
                    lead_unit_id=None,
                    status=statuses.pop() if len(statuses) == 1 else ItemStatus.IN_PROGRESS,
                    closed_on=max(
                        (r["closed_on"] for r in child_rows if r["closed_on"]), default=None
                    ),
                    assigned_on=day,
                    progress=0,
                    last_report_on=None,
                )
                if group["status"] != ItemStatus.CLOSED:
                    group["closed_on"] = None
                for row in child_rows:
                    row["parent_id"] = parent_pk
                rows = [group, *child_rows]
            else:
                rows = [self._item(next(ids), sequence, day, deadline, lead, task)]
            for row in rows:
                self._events(row, coop, reports, extensions, history, logs, notes, reminders)
                items.append(row)
        ctx.copy(Item, ITEM_COLUMNS, (tuple(r[c] for c in ITEM_COLUMNS) for r in items))
        ctx.copy(Item.cooperating_units.through, ("item_id", "orgunit_id"), coop)
        report_ids = ctx.reserve_ids(ProgressReport, len(reports))
        ctx.copy(
            ProgressReport,
            (
                "id",
                "item_id",
                "unit_id",
                "author_id",
                "text",
                "percent",
                "is_completion",
                "reported_on",
                "created_at",
            ),
            ((pk, *row) for pk, row in zip(report_ids, reports, strict=True)),
        )
        extension_ids = ctx.reserve_ids(ExtensionRequest, len(extensions))
        ctx.copy(
            ExtensionRequest,
            (
                "id",
                "item_id",
                "requested_by_id",
                "current_deadline",
                "requested_deadline",
                "reason",
                "status",
                "decided_by_id",
                "decided_at",
                "decision_comment",
                "created_at",
            ),
            ((pk, *row) for pk, row in zip(extension_ids, extensions, strict=True)),
        )
        ctx.copy(Item.history.model, HISTORY_COLUMNS[:-4] + HISTORY_COLUMNS[-3:], history)
        log_ids = ctx.reserve_ids(TransitionLog, len(logs))
        ctx.copy(
            TransitionLog,
            (
                "id",
                "content_type_id",
                "object_id",
                "transition",
                "source_state",
                "target_state",
                "actor_id",
                "comment",
                "created_at",
            ),
            ((pk, *row) for pk, row in zip(log_ids, logs, strict=True)),
        )
        note_ids = ctx.reserve_ids(Notification, len(notes))
        ctx.copy(
            Notification,
            ("id", "recipient_id", "title", "body", "url", "created_at", "read_at"),
            ((pk, *row[:6]) for pk, row in zip(note_ids, notes, strict=True)),
        )
        by_key = {row[6]: pk for pk, row in zip(note_ids, notes, strict=True) if row[6]}
        reminder_ids = ctx.reserve_ids(Reminder, len(reminders))
        ctx.copy(
            Reminder,
            (
                "id",
                "source",
                "object_key",
                "kind",
                "occurrence",
                "recipient_id",
                "title",
                "body",
                "url",
                "created_at",
                "notification_id",
            ),
            (
                (pk, *row[:9], by_key.get(row[9]))
                for pk, row in zip(reminder_ids, reminders, strict=True)
            ),
        )
        NumberSequence.objects.update_or_create(
            office=county.office,
            series="supervision",
            year=self.year,
            defaults={"last": sequence},
        )
        return Counter(
            {
                "督办事项": len(items),
                "进展反馈": len(reports),
                "延期申请": len(extensions),
                "事项历史": len(history),
                "流转记录": len(logs),
                "通知": len(notes),
                "提醒": len(reminders),
            }
        )

    def _item(self, pk, sequence, day, deadline, unit, task) -> dict:
        rng = self.rng
        status = self._status(day, deadline)
        assigned = (
            None if status == ItemStatus.REGISTERED else day + timedelta(days=rng.randrange(3))
        )
        closed = None
        if status == ItemStatus.CLOSED:
            if rng.random() < 0.8:
                closed = deadline - timedelta(days=rng.randrange(0, 20))
            else:
                closed = deadline + timedelta(days=rng.randrange(1, 30))
            closed = min(max(closed, assigned or day), self.today - timedelta(days=1))
        progress = {
            ItemStatus.CLOSED: 100,
            ItemStatus.COMPLETION_REQUESTED: 100,
            ItemStatus.IN_PROGRESS: rng.randrange(10, 95, 5),
        }.get(status, 0)
        source = rng.choice(SOURCES)
        leader = rng.choice(LEADER_NAMES) if source == SourceKind.INSTRUCTION else ""
        return {
            "id": pk,
            "owning_office_id": self.county.office.pk,
            "year": self.year,
            "sequence": sequence,
            "part": 0,
            "parent_id": None,
            "is_group": False,
            "title": f"{task}（{self.year}-{sequence}）",
            "source_kind": source,
            "source_reference": f"县委办发〔{self.year}〕{sequence}号"
            if source == SourceKind.DOCUMENT
            else "",
            "instruction_text": "请抓紧办理，按时反馈。" if leader else "",
            "instructing_leader": leader,
            "instruction_date": day if leader else None,
            "urgency": rng.choice(URGENCIES),
            "lead_unit_id": unit.pk,
            "responsible_person": f"{unit.short_name or unit.name}负责人",
            "registered_on": day,
            "assigned_on": assigned,
            "deadline": deadline,
            "report_cycle": rng.choice(CYCLES),
            "status": status,
            "progress": progress,
            "last_report_on": None,
            "closed_on": closed,
            "cancel_reason": "情况变化，不再办理" if status == ItemStatus.CANCELLED else "",
            "created_by_id": self.staff.pk if self.staff else None,
        }

    def _events(self, row, coop, reports, extensions, history, logs, notes, reminders):
        rng, county, today = self.rng, self.county, self.today
        pk, status = row["id"], row["status"]
        staff_id = self.staff.pk if self.staff else None
        director_id = self.director.pk if self.director else None
        unit_id = row["lead_unit_id"]
        liaison = county.liaisons.get(unit_id)
        liaison_id = liaison.pk if liaison else None
        registered, assigned = row["registered_on"], row["assigned_on"]
        if not row["is_group"] and rng.random() < 0.3:
            others = rng.sample(county.units, 2)
            for other in others[: rng.randint(1, 2)]:
                if other.pk != unit_id:
                    coop.append((pk, other.pk))

        def hist(day, kind, actor, **changes):
            snapshot = {**row, **changes}
            history.append(
                tuple(snapshot[c] for c in HISTORY_COLUMNS[:-4]) + (_moment(day), kind, actor)
            )

        hist(
            registered,
            "+",
            staff_id,
            status=ItemStatus.REGISTERED,
            assigned_on=None,
            closed_on=None,
        )
        if row["is_group"] or assigned is None:
            return
        hist(assigned, "~", staff_id, status=ItemStatus.ASSIGNED, closed_on=None)
        logs.append(
            (
                self.item_type,
                pk,
                "assign",
                ItemStatus.REGISTERED,
                ItemStatus.ASSIGNED,
                staff_id,
                "",
                _moment(assigned),
            )
        )
        read = _moment(assigned, 16) if (today - assigned).days > 7 else None
        url = f"/supervision/items/{pk}/"
        if liaison_id:
            notes.append(
                (
                    liaison_id,
                    f"新交办督办事项：{row['title']}"[:200],
                    "",
                    url,
                    _moment(assigned),
                    read,
                    None,
                )
            )
        if status == ItemStatus.ASSIGNED:
            return
        accepted = assigned + timedelta(days=1)
        logs.append(
            (
                self.item_type,
                pk,
                "accept",
                ItemStatus.ASSIGNED,
                ItemStatus.IN_PROGRESS,
                liaison_id,
                "",
                _moment(accepted),
            )
        )
        end = row["closed_on"] or min(today - timedelta(days=1), row["deadline"])
        span = max((end - accepted).days, 1)
        cycle = CYCLE_DAYS.get(row["report_cycle"])
        count = min(span // cycle, 6) if cycle else rng.randint(0, 1)
        last = None
        for index in range(1, count + 1):
            day = accepted + timedelta(days=min(span, (cycle or span // 2 or 1) * index))
            if day >= today:
                break
            percent = min(95, int(100 * index / (count + 1)))
            reports.append(
                (
                    pk,
                    unit_id,
                    liaison_id,
                    f"第{index}次进展：按计划推进，已完成{percent}%。",
                    percent,
                    False,
                    day,
                    _moment(day, 15),
                )
            )
            last = day
        if rng.random() < 0.06 and row["deadline"] > accepted:
            asked = accepted + timedelta(days=max(span // 2, 1))
            new_deadline = row["deadline"] + timedelta(days=30)
            pending = status == ItemStatus.IN_PROGRESS and rng.random() < 0.2
            extensions.append(
                (
                    pk,
                    liaison_id,
                    row["deadline"],
                    new_deadline,
                    "工作量大，申请延期一个月。",
                    ExtensionStatus.PENDING if pending else ExtensionStatus.APPROVED,
                    None if pending else director_id,
                    None if pending else _moment(asked, 17),
                    "",
                    _moment(asked),
                )
            )
        if status in (ItemStatus.COMPLETION_REQUESTED, ItemStatus.CLOSED):
            done = row["closed_on"] or min(row["deadline"], today - timedelta(days=1))
            done = max(done, accepted)
            reports.append(
                (
                    pk,
                    unit_id,
                    liaison_id,
                    "已完成全部工作，申请销号。",
                    100,
                    True,
                    done,
                    _moment(done, 11),
                )
            )
            last = done
            logs.append(
                (
                    self.item_type,
                    pk,
                    "request_completion",
                    ItemStatus.IN_PROGRESS,
                    ItemStatus.COMPLETION_REQUESTED,
                    liaison_id,
                    "",
                    _moment(done, 11),
                )
            )
        if status == ItemStatus.CLOSED:
            hist(row["closed_on"], "~", director_id)
            logs.append(
                (
                    self.item_type,
                    pk,
                    "close",
                    ItemStatus.COMPLETION_REQUESTED,
                    ItemStatus.CLOSED,
                    director_id,
                    "",
                    _moment(row["closed_on"], 16),
                )
            )
        elif status == ItemStatus.CANCELLED:
            hist(end, "~", director_id)
            logs.append(
                (
                    self.item_type,
                    pk,
                    "cancel",
                    ItemStatus.IN_PROGRESS,
                    ItemStatus.CANCELLED,
                    director_id,
                    row["cancel_reason"],
                    _moment(end, 16),
                )
            )
        else:
            hist(accepted, "~", liaison_id, status=ItemStatus.IN_PROGRESS, closed_on=None)
        row["last_report_on"] = last
        # The reminders the scan sent: the day before the deadline, and overdue when late.
        if liaison_id and row["deadline"] < today:
            key = f"{pk}:due"
            due = row["deadline"].isoformat()
            title = f"即将到期（{due}）：{item_number(row['year'], row['sequence'], row['part'])}"
            notes.append(
                (
                    liaison_id,
                    title,
                    "",
                    url,
                    _moment(row["deadline"] - timedelta(days=1), 8),
                    _moment(row["deadline"], 9),
                    key,
                )
            )
            reminders.append(
                (
                    "supervision.item",
                    str(pk),
                    "blue",
                    due,
                    liaison_id,
                    title,
                    "",
                    url,
                    _moment(row["deadline"] - timedelta(days=1), 8),
                    key,
                )
            )
