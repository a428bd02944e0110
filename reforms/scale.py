"""Reforms' part of ``manage.py seed_scale`` (the registry's ``scale=`` slot): in each
generated county and year, about thirty key reform tasks with three or four milestones each
(a past year's tasks nearly all completed; the current year's under way, one in four behind
plan), the lead units' milestone reports and the office's acceptances in the transition log,
the tasks' history rows and cooperating units; a dozen pilots over the workflow's states and
levels; and some thirty honours by level.

Rows are written with COPY (``ScaleContext.copy``) from ids reserved up front, one county at a
time, as ``supervision.scale`` does. The numbers scale with ``ctx.items_per_year`` (2,000
supervision items a year come with about 30 reform tasks).
"""

from collections import Counter
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from office.models import TransitionLog

from .choices import (
    Level,
    MilestoneStatus,
    PilotKind,
    PilotStatus,
    Recipient,
    ReformArea,
    TaskStatus,
)
from .models import Honour, KeyTask, Milestone, MilestoneReport, Pilot

TITLES = (
    "深化{unit}“放管服”改革",
    "推进{unit}数字化改革",
    "深化{unit}财政预算管理改革",
    "推进{unit}农村集体产权制度改革",
    "深化{unit}综合行政执法改革",
    "推进{unit}基层治理体系改革",
    "深化{unit}教育评价改革",
    "推进{unit}医药卫生体制改革",
)
PLANS = (
    (("出台实施方案", 20, 3, 31), ("完成重点环节改革", 40, 7, 31), ("全面推开并总结", 40, 11, 30)),
    (("制定实施方案", 15, 2, 28), ("完成试点探索", 25, 5, 31), ("扩面推开", 30, 8, 31),
     ("总结评估", 30, 11, 30)),
)  # fmt: skip
LEVELS = [Level.NATIONAL] * 2 + [Level.PROVINCIAL] * 5 + [Level.MUNICIPAL] * 6 + [Level.COUNTY] * 4
PILOT_STEPS = (
    PilotStatus.APPLIED,
    PilotStatus.APPROVED,
    PilotStatus.IN_PROGRESS,
    PilotStatus.EVALUATED,
    PilotStatus.PROMOTED,
)
# A county registers about 2,000 supervision items a year and has about 30 key reform tasks.
ITEMS_PER_TASK = 70


def _moment(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _columns(model) -> list:
    return list(model._meta.concrete_fields)


def _write(ctx, model, dicts: list[dict], *, serial: str = "") -> int:
    """COPY rows given as {attname: value} (a field left out is NULL; ``serial``, the
    history table's key, is numbered by the database)."""
    fields = [f for f in _columns(model) if f.attname != serial]
    return ctx.copy(
        model,
        [f.column for f in fields],
        (tuple(row.get(f.attname) for f in fields) for row in dicts),
    )


def generate(ctx) -> Counter:
    created = Counter()
    milestone_type = ContentType.objects.get_for_model(Milestone).pk
    for county in ctx.counties:
        for year in ctx.years:
            created.update(_County(ctx, county, year, milestone_type).write())
    return created


class _County:
    def __init__(self, ctx, county, year, milestone_type):
        self.ctx, self.county, self.year = ctx, county, year
        self.rng, self.today = ctx.rng, ctx.today
        self.milestone_type = milestone_type
        self.staff = county.users.get("staff", [None])[0]
        self.leaders = county.users.get("leader", [])
        self.tasks, self.milestones, self.reports, self.logs = [], [], [], []
        self.history, self.cooperating = [], []

    def write(self) -> Counter:
        if date(self.year, 1, 20) > self.today:
            return Counter()
        count = max(3, self.ctx.items_per_year // ITEMS_PER_TASK)
        task_ids = self.ctx.reserve_ids(KeyTask, count)
        for index, pk in enumerate(task_ids):
            self._task(index, pk)
        milestone_ids = iter(self.ctx.reserve_ids(Milestone, len(self.milestones)))
        for milestone in self.milestones:
            milestone["id"] = next(milestone_ids)
        report_ids = iter(self.ctx.reserve_ids(MilestoneReport, len(self.reports)))
        for report in self.reports:
            report["id"] = next(report_ids)
            report["milestone_id"] = report.pop("milestone")["id"]
        log_ids = iter(self.ctx.reserve_ids(TransitionLog, len(self.logs)))
        for log in self.logs:
            log["id"] = next(log_ids)
            log["object_id"] = log.pop("milestone")["id"]
        _write(self.ctx, KeyTask, self.tasks)
        _write(self.ctx, Milestone, self.milestones)
        _write(self.ctx, MilestoneReport, self.reports)
        _write(self.ctx, TransitionLog, self.logs)
        _write(self.ctx, KeyTask.history.model, self.history, serial="history_id")
        through = KeyTask.cooperating_units.through
        self.ctx.copy(through, ("keytask_id", "orgunit_id"), self.cooperating)
        pilots = self._pilots(task_ids)
        honours = self._honours()
        return Counter(
            {
                "改革任务": len(self.tasks),
                "改革节点": len(self.milestones),
                "节点报告": len(self.reports),
                "改革试点": pilots,
                "荣誉": honours,
            }
        )

    def _task(self, index: int, pk: int) -> None:
        rng, units = self.rng, self.county.units
        unit = units[rng.randrange(len(units))]
        plan = PLANS[index % len(PLANS)]
        # One task in four falls behind: its last milestone due by today is not accepted.
        behind = index % 4 == 0 and self.year == self.today.year
        dues = [date(self.year, month, day) for _title, _weight, month, day in plan]
        last_past = max((due for due in dues if due < self.today), default=None)
        milestones = []
        for (title, weight, month, _day), due in zip(plan, dues, strict=True):
            done = due < self.today and not (behind and due == last_past)
            # A past year closes with most tasks done; one in ten ends short of its last step.
            if self.year < self.today.year and index % 10 == 9 and month >= 11:
                done = False
            milestones.append(self._milestone(pk, title, weight, due, done, unit))
        progress = sum(m["weight"] for m in milestones if m["status"] == MilestoneStatus.ACCEPTED)
        completed = progress >= 100
        registered = date(self.year, 1, 20)
        task = {
            "id": pk,
            "owning_office_id": self.county.office.pk,
            "year": self.year,
            "title": TITLES[index % len(TITLES)].format(unit=unit.short_name or unit.name)
            + f"（{index + 1}）",
            "area": ReformArea.values[index % len(ReformArea.values)],
            "lead_leader_id": self.leaders[index % len(self.leaders)].pk if self.leaders else None,
            "lead_unit_id": unit.pk,
            "goal": "按期完成改革任务，形成可复制推广的经验。",
            "status": TaskStatus.COMPLETED if completed else TaskStatus.IN_PROGRESS,
            "progress": progress,
            "completed_on": max(m["accepted_on"] for m in milestones) if completed else None,
            "created_by_id": self.staff.pk if self.staff else None,
        }
        self.tasks.append(task)
        self.history.append(
            {
                **{k: v for k, v in task.items() if k != "progress"},
                "history_date": _moment(registered),
                "history_type": "+",
                "history_user_id": task["created_by_id"],
            }
        )
        other = units[(units.index(unit) + 1) % len(units)]
        if other != unit:
            self.cooperating.append((pk, other.pk))

    def _milestone(self, task_id, title, weight, due, done, unit) -> dict:
        reported = due - timedelta(days=self.rng.randrange(1, 6))
        milestone = {
            "task_id": task_id,
            "title": title,
            "due_date": due,
            "weight": weight,
            "status": MilestoneStatus.ACCEPTED if done else MilestoneStatus.PENDING,
            "reported_on": reported if done else None,
            "accepted_on": reported + timedelta(days=1) if done else None,
        }
        self.milestones.append(milestone)
        if done:
            liaison = self.county.liaisons.get(unit.pk)
            self.reports.append(
                {
                    "milestone": milestone,
                    "author_id": liaison.pk if liaison else None,
                    "text": "已按计划完成，相关材料见附件。",
                    "reported_on": reported,
                    "created_at": _moment(reported),
                }
            )
            for name, source, target, day, actor in (
                ("report", MilestoneStatus.PENDING, MilestoneStatus.REPORTED, reported, liaison),
                ("accept", MilestoneStatus.REPORTED, MilestoneStatus.ACCEPTED,
                 reported + timedelta(days=1), self.staff),
            ):  # fmt: skip
                self.logs.append(
                    {
                        "milestone": milestone,
                        "content_type_id": self.milestone_type,
                        "transition": name,
                        "source_state": source,
                        "target_state": target,
                        "actor_id": actor.pk if actor else None,
                        "comment": "",
                        "created_at": _moment(day, 11),
                    }
                )
        return milestone

    def _pilots(self, task_ids) -> int:
        rng, units = self.rng, self.county.units
        count = max(2, self.ctx.items_per_year // 160)
        rows = []
        for index, pk in enumerate(self.ctx.reserve_ids(Pilot, count)):
            applied = date(self.year, 1 + index % 10, 5 + index % 20)
            if applied >= self.today:
                break
            level = LEVELS[rng.randrange(len(LEVELS))]
            step = PILOT_STEPS[min(index % 5, 4 if self.year < self.today.year else 3)]
            approved = applied + timedelta(days=40) if step != PilotStatus.APPLIED else None
            if approved and approved >= self.today:
                approved, step = None, PilotStatus.APPLIED
            unit = units[rng.randrange(len(units))]
            rows.append(
                {
                    "id": pk,
                    "owning_office_id": self.county.office.pk,
                    "name": f"{unit.short_name or unit.name}改革试点（{self.year}-{index + 1}）",
                    "kind": PilotKind.DEMONSTRATION if index % 3 == 0 else PilotKind.PILOT,
                    "level": level,
                    "approving_body": "上级改革办",
                    "approval_document": f"改革办〔{self.year}〕{index + 1}号" if approved else "",
                    "applied_on": applied,
                    "approved_on": approved,
                    "lead_unit_id": unit.pk,
                    "task_id": task_ids[index % len(task_ids)],
                    "period_start": applied,
                    "period_end": date(self.year + 2, 12, 31),
                    "status": step,
                    "evaluation": "评估等次为良好。" if step in PILOT_STEPS[3:] else "",
                    "created_by_id": self.staff.pk if self.staff else None,
                }
            )
        return _write(self.ctx, Pilot, rows)

    def _honours(self) -> int:
        rng, units = self.rng, self.county.units
        count = max(3, self.ctx.items_per_year // 65)
        rows = []
        for index, pk in enumerate(self.ctx.reserve_ids(Honour, count)):
            awarded = date(self.year, 1 + index % 12, 1 + index % 28)
            if awarded >= self.today:
                break
            person = index % 5 == 4
            rows.append(
                {
                    "id": pk,
                    "owning_office_id": self.county.office.pk,
                    "title": f"先进集体（{self.year}-{index + 1}）",
                    "level": LEVELS[rng.randrange(len(LEVELS) - 4)],  # no county honours
                    "awarding_body": "上级表彰机关",
                    "awarded_on": awarded,
                    "recipient": Recipient.PERSON if person else Recipient.UNIT,
                    "unit_id": None if person else units[rng.randrange(len(units))].pk,
                    "person": f"干部{index + 1}" if person else "",
                    "advanced_unit": False,
                    "created_by_id": self.staff.pk if self.staff else None,
                }
            )
        return _write(self.ctx, Honour, rows)
