"""Reforms' demo data for ``manage.py seed_demo``, made through the services as the demo users
would, back-dated with office.demo's DemoClock:

* **The report year**: key reform tasks, every one completed (each milestone reported by the
  lead unit and accepted by the office on its date); reform pilots and demonstrations, of
  which exactly 10 were approved that year at municipal level or above (and a few at county
  level); honours: 17 national, 13 provincial and 2 municipal, one of those the office's own
  "全市全面深化改革先进单位" — the seed's figures, coming out of the records.
* **The current year**: tasks in progress around today, some on track and some behind plan,
  a milestone report waiting for the office, a returned one; pilots in each status; honours
  so far.

The second county, 云溪县 (office.demo.COUNTY_B, its people b_staff, b_director, b_liaison and
b_leader), gets a smaller year of its own (``YUNXI``), so the city's comparison shows two
different counties.

Each part runs only when its year has no task in that office yet, so a second run creates
nothing.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone, translation

from office.demo import DemoClock
from office.models import OrgUnit, OrgUnitKind, User
from office.selectors import office_leaders

from .choices import Level, PilotKind, Recipient, ReformArea
from .models import KeyTask, Milestone, MilestoneReport, Pilot, PilotAttachment
from .rules import PlannedMilestone
from .services import (
    HonourData,
    PilotData,
    TaskData,
    honour_create,
    milestone_accept,
    milestone_report,
    milestone_return,
    pilot_approve,
    pilot_create,
    pilot_evaluate,
    pilot_move,
    task_create,
)

# A task led by the first township (the demo's unit_liaison works there), not a department.
TOWNSHIP = "township"
# (title, area, code segment of the lead department, goal)
TASKS = [
    ("深化“放管服”改革，优化营商环境", ReformArea.ECONOMY, "FGJ", "企业开办压缩至1个工作日。"),
    ("推进国有企业改革三年行动", ReformArea.ECONOMY, "CZJ", "完成县属国企公司制改制。"),
    ("深化财政预算管理制度改革", ReformArea.ECONOMY, "CZJ", "全面实施预算绩效管理。"),
    ("推进河湖长制和生态补偿机制改革", ReformArea.ECONOMY, "FGJ", "建立流域横向生态补偿机制。"),
    ("深化农村集体产权制度改革", ReformArea.RURAL, "NYJ", "完成经营性资产股份合作制改革。"),
    ("推进农村宅基地制度改革", ReformArea.RURAL, "NYJ", "建立宅基地有偿退出机制。"),
    ("深化供销合作社综合改革", ReformArea.RURAL, "NYJ", "建成为农服务中心10个。"),
    ("推进县域医共体建设", ReformArea.SOCIAL, "JYJ", "实现乡镇卫生院全覆盖。"),
    ("深化县管校聘管理改革", ReformArea.SOCIAL, "JYJ", "完成教师交流轮岗。"),
    ("推进社会治理网格化改革", ReformArea.SOCIAL, TOWNSHIP, "建成县乡村三级综治中心。"),
    ("深化综合行政执法改革", ReformArea.DEMOCRACY, "FGJ", "组建五支综合执法队伍。"),
    ("推进乡镇街道管理体制改革", ReformArea.DEMOCRACY, "CZJ", "赋予乡镇县级管理权限清单。"),
    ("深化文化市场综合执法改革", ReformArea.CULTURE, "JYJ", "完成文化市场执法队伍整合。"),
    ("推进新时代文明实践中心建设", ReformArea.CULTURE, "JYJ", "实现县乡村三级全覆盖。"),
    ("深化基层党建引领基层治理改革", ReformArea.PARTY, "FGJ", "建立“红色网格”工作机制。"),
    ("推进纪检监察体制改革", ReformArea.PARTY, "CZJ", "完成派驻机构全覆盖。"),
]
PLAN = (
    ("出台实施方案", 20, 3, 31),
    ("完成重点环节改革", 40, 7, 31),
    ("全面推开并总结评估", 40, 11, 30),
)

# 10 pilots approved at municipal level or above in the report year, and 3 at county level.
PILOTS = [
    ("全国农村宅基地制度改革试点", PilotKind.PILOT, Level.NATIONAL, "农业农村部", "NYJ"),
    ("国家级电子商务进农村综合示范县", PilotKind.DEMONSTRATION, Level.NATIONAL, "商务部", "FGJ"),
    ("全省县域医共体建设试点", PilotKind.PILOT, Level.PROVINCIAL, "省卫生健康委", "JYJ"),
    ("全省营商环境创新试点", PilotKind.PILOT, Level.PROVINCIAL, "省发展改革委", "FGJ"),
    ("全省乡村振兴示范县", PilotKind.DEMONSTRATION, Level.PROVINCIAL, "省委农办", "NYJ"),
    (
        "全省社会信用体系建设示范县",
        PilotKind.DEMONSTRATION,
        Level.PROVINCIAL,
        "省发展改革委",
        "FGJ",
    ),
    ("全市综合行政执法改革试点", PilotKind.PILOT, Level.MUNICIPAL, "市委编办", "CZJ"),
    ("全市县管校聘改革试点", PilotKind.PILOT, Level.MUNICIPAL, "市教育局", "JYJ"),
    ("全市基层治理示范县", PilotKind.DEMONSTRATION, Level.MUNICIPAL, "市委政法委", "FGJ"),
    ("全市预算绩效管理改革试点", PilotKind.PILOT, Level.MUNICIPAL, "市财政局", "CZJ"),
    ("县级“一窗通办”改革试点", PilotKind.PILOT, Level.COUNTY, "县委深改委", "FGJ"),
    ("县级网格化治理示范点", PilotKind.DEMONSTRATION, Level.COUNTY, "县委深改委", "FGJ"),
    ("县级农村人居环境整治示范村", PilotKind.DEMONSTRATION, Level.COUNTY, "县委深改委", "NYJ"),
]
HONOUR_TITLES = {
    Level.NATIONAL: ("全国{n}先进集体", "国务院有关部委"),
    Level.PROVINCIAL: ("全省{n}先进集体", "省委、省政府有关部门"),
}
HONOUR_SUBJECTS = (
    "农村改革", "营商环境建设", "脱贫攻坚", "文明城市创建", "平安建设", "法治政府建设",
    "生态文明建设", "医药卫生体制改革", "教育综合改革", "民族团结进步", "双拥模范",
    "信访工作", "统计工作", "扫黑除恶", "社会信用", "农业综合开发", "政务公开",
)  # fmt: skip
NATIONAL, PROVINCIAL = 17, 13
EVIDENCE = b"%PDF-1.4 demo evidence"


@dataclass(frozen=True)
class County:
    """What one county's demo holds: its people, and how much of each list it gets."""

    staff: str
    # Its liaisons, who report their units' milestones; the first one's unit leads the
    # township's task.
    liaisons: tuple[str, ...]
    tasks: int  # the report year's tasks, the first of TASKS
    pilots: tuple[int, ...]  # the report year's pilots, indices into PILOTS
    honours: tuple[int, int, int]  # national, provincial, municipal in the report year
    live_tasks: int
    live_pilots: int
    live_honours: tuple[int, int]


# 青川县: the seed's county, the seed's figures.
QINGCHUAN = County(
    staff="staff",
    liaisons=("unit_liaison", "liaison_fgj", "liaison_jyj", "liaison_czj"),
    tasks=len(TASKS),
    pilots=tuple(range(len(PILOTS))),
    honours=(NATIONAL, PROVINCIAL, 2),
    live_tasks=12,
    live_pilots=8,
    live_honours=(6, 5),
)
# 云溪县: a smaller county: 8 tasks, 6 pilots at municipal level or above (and one county
# pilot), honours 5 / 9 / 1.
YUNXI = County(
    staff="b_staff",
    liaisons=("b_liaison",),
    tasks=8,
    pilots=(0, 2, 3, 6, 7, 9, 10),
    honours=(5, 9, 1),
    live_tasks=6,
    live_pilots=4,
    live_honours=(2, 3),
)
COUNTIES = (QINGCHUAN, YUNXI)


def seed(*, year: int, password: str, stdout) -> Counter:
    created = Counter()
    names = {name for county in COUNTIES for name in (county.staff, *county.liaisons)}
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    today = timezone.localdate()
    for county in COUNTIES:
        staff = users.get(county.staff)
        if staff is None or staff.office is None:
            stdout.write(f"全面深化改革：找不到演示用户 {county.staff}，跳过。")
            continue
        # The history's change reasons are stored as said: in the office's language.
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            demo = Demo(county=county, users=users, today=today)
            tasks = KeyTask.objects.filter(owning_office=staff.office)
            if year < today.year and not tasks.filter(year=year).exists():
                created.update(demo.report_year(year))
            if not tasks.filter(year=today.year).exists():
                created.update(demo.live_year())
    return created


STAMPED = {
    MilestoneReport: "created_at",
    PilotAttachment: "created_at",
    KeyTask.history.model: "history_date",
    Milestone.history.model: "history_date",
    Pilot.history.model: "history_date",
}


class Demo:
    def __init__(self, *, county: County, users: dict, today: date):
        self.county, self.today = county, today
        self.staff = users[county.staff]
        self.office = self.staff.office
        self.clock = DemoClock(STAMPED, today=today)
        departments = OrgUnit.objects.filter(
            office=self.office, kind=OrgUnitKind.DEPARTMENT, is_active=True
        ).order_by("path")
        self.units = {u.code.rsplit("-", 1)[-1]: u for u in departments}
        self.fallback = next(iter(self.units.values()), None)
        liaisons = [users[name] for name in county.liaisons if name in users]
        townships = OrgUnit.objects.filter(office=self.office, kind=OrgUnitKind.TOWNSHIP)
        # The township whose liaison is a demo user, so the township's task is theirs.
        self.township = (
            townships.filter(pk__in=[u.org_unit_id for u in liaisons]).order_by("path").first()
            or townships.order_by("path").first()
        )
        self.leaders = list(office_leaders(self.staff))
        self.liaisons = {u.org_unit_id: u for u in liaisons}

    def unit(self, code: str) -> OrgUnit:
        if code == TOWNSHIP and self.township is not None:
            return self.township
        return self.units.get(code) or self.fallback

    def reporter(self, unit) -> User:
        return self.liaisons.get(unit.pk, self.staff)

    def _task(self, index, title, area, code, goal, year, plan) -> KeyTask:
        unit = self.unit(code)
        others = [u for u in self.units.values() if u != unit][:1]
        data = TaskData(
            title=title,
            area=area,
            lead_unit=unit,
            year=year,
            milestones=[PlannedMilestone(t, date(year, m, d), w) for t, w, m, d in plan],
            lead_leader=self.leaders[index % len(self.leaders)] if self.leaders else None,
            goal=goal,
            cooperating_units=others,
        )
        with self.clock.dated(min(date(year, 1, 20), self.today), self.staff):
            return task_create(actor=self.staff, data=data)

    def _report(self, milestone, day, text="已按计划完成，相关材料见附件。") -> None:
        reporter = self.reporter(milestone.task.lead_unit)
        with self.clock.dated(day, reporter):
            evidence = SimpleUploadedFile("完成情况.pdf", EVIDENCE, "application/pdf")
            milestone_report(
                actor=reporter, milestone=milestone, text=text, files=[evidence], today=day
            )

    def _accept(self, milestone, day) -> None:
        with self.clock.dated(day, self.staff):
            milestone_accept(actor=self.staff, milestone=milestone, today=day)

    # --- The report year ---------------------------------------------------------------------

    def report_year(self, year: int) -> Counter:
        county = self.county
        for index, (title, area, code, goal) in enumerate(TASKS[: county.tasks]):
            task = self._task(index, title, area, code, goal, year, PLAN)
            for milestone in task.milestones.all():
                reported = milestone.due_date - timedelta(days=3 + index % 5)
                self._report(milestone, reported)
                milestone.refresh_from_db()
                self._accept(milestone, reported + timedelta(days=2))
        for index in county.pilots:
            name, kind, level, body, code = PILOTS[index]
            applied = date(year, 1 + index % 6, 10)
            pilot = self._pilot(name, kind, level, body, code, applied, year)
            self._approve(pilot, applied + timedelta(days=45), f"{body}〔{year}〕{index + 3}号")
            with self.clock.dated(applied + timedelta(days=60), self.staff):
                pilot_move(actor=self.staff, pilot=pilot, name="start")
            if index % 3 == 0:
                with self.clock.dated(date(year, 12, 10), self.staff):
                    pilot_evaluate(
                        actor=self.staff,
                        pilot=pilot,
                        evaluation="评估等次为优秀，经验做法在全市推广。",
                    )
                    pilot_move(actor=self.staff, pilot=pilot, name="promote")
        honours = self._honours(year, *county.honours)
        return Counter({"改革任务": county.tasks, "改革试点": len(county.pilots), "荣誉": honours})

    def _pilot(self, name, kind, level, body, code, applied, year) -> Pilot:
        with self.clock.dated(applied, self.staff):
            return pilot_create(
                actor=self.staff,
                data=PilotData(
                    name=name,
                    kind=kind,
                    level=level,
                    approving_body=body,
                    lead_unit=self.unit(code),
                    applied_on=applied,
                    task=KeyTask.objects.filter(owning_office=self.office, year=year)
                    .order_by("pk")
                    .first(),
                    period_start=applied,
                    period_end=date(year + 2, 12, 31),
                ),
            )

    def _approve(self, pilot, day, document) -> None:
        with self.clock.dated(min(day, self.today), self.staff):
            pilot_approve(actor=self.staff, pilot=pilot, approved_on=min(day, self.today),
                          document=document)  # fmt: skip

    def _honours(self, year, national, provincial, municipal_count=0) -> int:
        count = 0
        units = list(self.units.values()) + ([self.township] if self.township else [])
        for level, number in ((Level.NATIONAL, national), (Level.PROVINCIAL, provincial)):
            template, body = HONOUR_TITLES[level]
            for index in range(number):
                subject = HONOUR_SUBJECTS[index % len(HONOUR_SUBJECTS)]
                awarded = min(date(year, 1 + (index * 7) % 12, 8 + index % 18), self.today)
                recipient_unit = units[index % len(units)] if units else None
                self._honour(
                    HonourData(
                        title=template.format(n=subject),
                        level=level,
                        awarding_body=body,
                        awarded_on=awarded,
                        recipient=Recipient.UNIT,
                        unit=recipient_unit,
                    )
                )
                count += 1
        municipal = [
            ("全市全面深化改革先进单位", "中共市委全面深化改革委员会", 20, True),
            ("全市年度党内法规工作第一名", "中共市委办公室", 26, False),
        ]
        for title, body, day, advanced in municipal[:municipal_count]:
            self._honour(
                HonourData(
                    title=title,
                    level=Level.MUNICIPAL,
                    awarding_body=body,
                    awarded_on=min(date(year, 12, day), self.today),
                    recipient=Recipient.OFFICE,
                    advanced_unit=advanced,
                )
            )
            count += 1
        return count

    def _honour(self, data: HonourData) -> None:
        evidence = SimpleUploadedFile("荣誉证书.pdf", EVIDENCE, "application/pdf")
        with self.clock.dated(data.awarded_on, self.staff):
            honour_create(actor=self.staff, data=data, files=[evidence])

    # --- The current year --------------------------------------------------------------------

    def live_year(self) -> Counter:
        year = self.today.year
        if self.today < date(year, 1, 21):
            return Counter()
        # Milestones spread over the year; the tasks are told apart by how far they got.
        plan = (("制定实施方案", 15, 2, 28), ("完成试点探索", 25, 5, 31), ("扩面推开", 30, 8, 31),
                ("总结评估", 30, 11, 30))  # fmt: skip
        reported = 0
        for index, (title, area, code, goal) in enumerate(TASKS[: self.county.live_tasks]):
            task = self._task(index, title, area, code, goal, year, plan)
            milestones = list(task.milestones.all())
            past = [m for m in milestones if m.due_date < self.today]
            # Every fourth task is behind: its last past milestone was not done in time.
            done = past if index % 4 else past[:-1]
            for milestone in done:
                day = milestone.due_date - timedelta(days=2)
                self._report(milestone, day)
                milestone.refresh_from_db()
                self._accept(milestone, day + timedelta(days=1))
                reported += 1
            upcoming = [m for m in milestones if m.due_date >= self.today]
            if index % 4 == 1 and upcoming:
                self._report(upcoming[0], self.today - timedelta(days=1), "已提前完成，请审核。")
                reported += 1
            if index % 4 == 2 and upcoming:
                self._report(upcoming[0], self.today - timedelta(days=3), "已基本完成。")
                with self.clock.dated(self.today - timedelta(days=2), self.staff):
                    milestone_return(actor=self.staff, milestone=upcoming[0],
                                     reason="佐证材料不全，请补充会议纪要和文件。")  # fmt: skip
        statuses = ["applied", "approved", "in_progress", "evaluated"]
        for index, (name, kind, level, body, code) in enumerate(PILOTS[: self.county.live_pilots]):
            applied = date(year, 1, 15) + timedelta(days=index * 9)
            if applied > self.today:
                break
            pilot = self._pilot(f"{name}（{year}年度）", kind, level, body, code, applied, year)
            step = statuses[index % len(statuses)]
            if step != "applied":
                self._approve(pilot, applied + timedelta(days=30), f"{body}〔{year}〕{index + 1}号")
            if step in ("in_progress", "evaluated"):
                with self.clock.dated(min(applied + timedelta(days=40), self.today), self.staff):
                    pilot_move(actor=self.staff, pilot=pilot, name="start")
            if step == "evaluated":
                with self.clock.dated(self.today - timedelta(days=1), self.staff):
                    pilot_evaluate(actor=self.staff, pilot=pilot, evaluation="中期评估良好。")
        honours = self._honours(year, *self.county.live_honours)
        return Counter({"改革任务": self.county.live_tasks, "节点报告": reported, "荣誉": honours})
