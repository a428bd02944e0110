"""Supervision's demo data for ``manage.py seed_demo``.

Two parts, both in the office of the demo user ``staff`` (the first county's office):

* **The report year's ledger**: 137 items assigned by higher levels and 1,791 items instructed
  by the county (leaders' instructions, meeting decisions, documents, key work), numbered
  督〔year〕1号… in registration order over the year's working days, each carried through
  assignment, progress reports, completion, closure (on time or late), sometimes an
  extension, a send-back, an urge or a cancellation — as things stood at the end of the year
  (or yesterday, when the report year is the current one). Nearly two thousand items through
  the services one by one, each with its notifications, would take minutes and fill every
  inbox with old news, so this part writes its rows with bulk_create: items with a history
  row, their reports and transition logs (through the core's ``office.demo.DatedRows``, which
  checks each transition against the item's workflow), and the number sequence left at the
  last number. Nobody is notified of history.
* **The current year's ledger**, when the report year is a past one: the same kind of ledger
  up to yesterday at a fifth of a full year's counts (``CURRENT_YEAR_SHARE``, about four
  hundred items), so the dashboard, its trend and the ledger read like a live office.
* **Live items around today**: about thirty items of the current year, made through the real
  services as the demo users would (registered with past dates by passing ``today=``), so the
  list shows every colour now: blue, yellow, red, completion requested, a pending extension, a
  leader's comment, an urge and an instruction split between three units. Their timestamps are
  moved back to the day each step happened (``office.demo.DemoClock.dated``), so the history
  reads in order.

* **云溪县**, the second county: its own smaller ledger (a quarter of the counts, and less
  punctual) for the report year and the current year, written the same way by its demo users
  (b_staff, b_director, b_liaison), so the city office's comparison shows two counties.

Each part runs only when its year has no item in that office yet, so a second run creates
nothing. The report year's data is generated from a fixed random seed (the year): the same
year gives the same ledger.
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from office.demo import DatedRows, DemoClock, WorkingDays, aware
from office.models import NumberSequence, OrgUnit, OrgUnitKind, User
from office.selectors import office_leaders
from office.workdays import add_working_days

from .choices import ExtensionStatus, ItemStatus, ReportCycle, SourceKind, Urgency
from .models import ExtensionRequest, Item, LeaderComment, ProgressReport, Urge
from .rules import leader_named
from .services import (
    SERIES,
    ItemData,
    comment_add,
    extension_decide,
    extension_request,
    item_accept,
    item_assign,
    item_cancel,
    item_close,
    item_register,
    item_register_split,
    item_send_back,
    item_urge,
    proposed_deadline,
    report_submit,
)

HIGHER_LEVEL_COUNT = 137
# The 1,791 instructed items by source: mostly leaders' written instructions.
INSTRUCTED_COUNTS = {
    SourceKind.INSTRUCTION: 1105,
    SourceKind.MEETING: 322,
    SourceKind.DOCUMENT: 215,
    SourceKind.KEY_WORK: 149,
}
# The current year, when it is not the report year, has a ledger of its own up to yesterday, at
# this share of a full year's counts (about four hundred items by late November), so the
# dashboard and its trend read like a live office; the live items follow it.
CURRENT_YEAR_SHARE = 0.2
LIAISONS = ("unit_liaison", "liaison_fgj", "liaison_jyj", "liaison_czj")

# --- What the titles and texts are made of ----------------------------------------------------


@dataclass(frozen=True)
class Domain:
    """A line of county work and its tasks, each with the departments (by the last segment of
    their code) that usually lead it; a township leads the share given."""

    name: str
    weight: int
    township_share: float
    subjects: tuple[tuple[str, str], ...]  # (task, space-separated department codes)

    def departments(self, subject: str) -> list[str]:
        return dict(self.subjects)[subject].split()


DOMAINS = (
    Domain("乡村振兴", 16, 0.6, (
        ("巩固拓展脱贫攻坚成果", "XZJ"), ("高标准农田建设", "NYJ"),
        ("农村人居环境整治", "NYJ ZJJ"), ("村级集体经济发展壮大", "NYJ"),
        ("特色农业产业园建设", "NYJ"), ("防止返贫动态监测帮扶", "XZJ MZJ"),
        ("撂荒地整治复耕", "NYJ ZRZYJ"),
    )),
    Domain("项目建设", 16, 0.25, (
        ("重点项目建设", "FGJ"), ("项目前期工作", "FGJ ZRZYJ"), ("城市更新项目建设", "ZJJ"),
        ("农村公路提档升级", "JTJ"), ("专项债券项目建设", "FGJ CZJ"),
        ("小型水利工程建设", "SLJ"), ("重点项目征地拆迁", "ZRZYJ ZJJ"),
    )),
    Domain("安全生产", 12, 0.5, (
        ("道路交通安全隐患排查整治", "GAJ JTJ"), ("森林防灭火工作", "YJJ ZRZYJ"),
        ("汛期地质灾害防范", "ZRZYJ YJJ"), ("城镇燃气安全专项整治", "ZJJ"),
        ("自建房安全专项整治", "ZJJ"), ("非煤矿山安全生产检查", "YJJ"),
        ("消防安全隐患整改", "YJJ"),
    )),
    Domain("信访稳定", 11, 0.6, (
        ("信访积案化解", "SFJ"), ("重复信访治理", "SFJ GAJ"), ("矛盾纠纷排查化解", "SFJ"),
        ("群众来信来访办理", "MZJ RSJ ZJJ"), ("12345热线工单办理", "SJJ ZJJ RSJ"),
        ("重点群体稳控", "GAJ"),
    )),
    Domain("环境保护", 11, 0.45, (
        ("生态环境保护督察反馈问题整改", "HBJ"), ("河湖长制工作落实", "SLJ"),
        ("大气污染防治", "HBJ"), ("农村生活污水治理", "HBJ ZJJ"),
        ("秸秆禁烧和综合利用", "NYJ HBJ"), ("饮用水水源地保护", "HBJ SLJ"),
        ("长江流域禁捕退捕", "NYJ"),
    )),
    Domain("招商引资", 8, 0.2, (
        ("招商引资签约项目落地", "SWJ"), ("营商环境优化提升", "FGJ SJJ"),
        ("民营企业纾困解难", "FGJ"), ("重点企业服务保障", "FGJ SWJ"),
        ("园区标准化厂房招商", "SWJ"),
    )),
    Domain("民生实事", 14, 0.3, (
        ("民生实事项目", "FGJ"), ("城乡居民医保参保缴费", "YBJ"), ("义务教育学校改扩建", "JYJ"),
        ("老旧小区改造", "ZJJ"), ("居家和社区养老服务", "MZJ"), ("稳就业保就业", "RSJ"),
        ("农民工工资清欠", "RSJ"), ("城乡低保动态管理", "MZJ"),
    )),
    Domain("疫情防控", 5, 0.35, (
        ("传染病疫情防控", "WJW"), ("重点场所卫生防疫", "WJW SJJ"), ("爱国卫生运动", "WJW"),
        ("基层医疗卫生服务能力提升", "WJW"),
    )),
    Domain("财政审计", 4, 0.2, (
        ("审计查出问题整改", "AUD"), ("政府债务风险防范化解", "CZJ"),
        ("财政资金绩效管理", "CZJ"), ("国有资产清查", "CZJ"),
    )),
    Domain("文化旅游", 3, 0.3, (
        ("全域旅游示范区创建", "WGLJ"), ("文物安全检查", "WGLJ"), ("文明城市创建", "WGLJ ZJJ"),
        ("公共文化服务体系建设", "WGLJ"),
    )),
)  # fmt: skip

ACTIONS = (
    "加快推进", "扎实推进", "切实抓好", "认真做好", "深入开展", "持续推进", "抓紧落实",
    "统筹推进", "全力做好", "限期完成", "全面落实", "着力推进", "进一步做好", "集中开展",
)  # fmt: skip
INSTRUCTION_TITLES = (
    "关于{task}的批示件办理", "{leader}同志关于{subject}工作的批示", "关于{subject}有关问题的批示件办理",
)  # fmt: skip
LEADERS = (("王建国", 6), ("刘晓东", 5), ("周振华", 4), ("赵雅琴", 3), ("陈立平", 1))
HIGHER_ISSUERS = ("省委督查室", "市委督查室", "市政府督查室", "市委办公室")
INSTRUCTION_TEXTS = (
    "请{unit}抓紧研究，{task}，有关情况及时报告。",
    "此件反映的问题要高度重视。请{unit}牵头，{coop}配合，{task}，限期办结并书面报告。",
    "请{unit}主要负责同志亲自过问，{task}，确保按时保质完成。",
    "同意。请{unit}按程序抓紧推进，{task}，县委督查室跟踪督办。",
    "群众反映的问题要一件一件抓落实。请{unit}{task}，举一反三，建立长效机制。",
)
PROGRESS_TEXTS = (
    "已召开专题会议研究部署，成立工作专班，明确分管领导和具体责任人，制定工作方案和时间表。",
    "已完成现场摸排，梳理问题清单{n}项，已整改{m}项，其余正在按计划推进。",
    "按照时间节点推进，目前已完成总体工作量的{p}%左右，下一步将加强调度，确保按期完成。",
    "已协调相关部门召开推进会，解决资金、用地等具体问题{m}个，工作推进顺利。",
    "已形成阶段性成果，正在开展自查和资料整理，同步推进剩余{n}项工作。",
)
COMPLETION_TEXTS = (
    "{subject}工作已全部办理完毕：问题已整改到位，相关佐证材料已整理归档，申请办结。",
    "经实地核查，{subject}各项任务已按要求完成，建立了长效管理机制，申请销号。",
    "{subject}各项任务已落实，办理情况已向县委分管领导汇报，申请办结。",
)
SEND_BACK_REASONS = (
    "佐证材料不全，请补充整改前后对比照片和验收资料后重新报送。",
    "办理情况过于笼统，未回应批示提出的具体要求，请补充完善。",
    "现场核查发现仍有部分问题未整改到位，请继续办理。",
)
CANCEL_REASONS = (
    "因工作调整，该事项并入全县专项行动统筹推进，经请示县委领导同意撤销。",
    "上级已明确暂缓实施，经请示县委领导同意撤销。",
    "与已立项事项重复，合并办理，本事项撤销。",
)
URGE_TEXT = "该事项已超过办理时限，请抓紧办理，于3个工作日内报送办理情况，逾期将予以通报。"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN_NAMES = (
    "建军", "志强", "海燕", "晓东", "国庆", "丽华", "明", "伟", "静", "勇", "春梅", "文杰",
    "红霞", "永刚", "秀英", "立新", "俊峰", "玉兰", "德明", "小平",
)  # fmt: skip

# How the ledger's items end, as fractions (the rest close on time).
CANCEL_SHARE = 0.015
LATE_SHARE = 0.09
EXTENSION_SHARE = 0.04
SEND_BACK_SHARE = 0.04
# Items registered in the year's last weeks that are still open at its end.
OPEN_AT_YEAR_END_SHARE = 0.08
LAST_WEEKS = 40  # working days
CYCLE_STEP = {ReportCycle.WEEKLY: 5, ReportCycle.BIWEEKLY: 10, ReportCycle.MONTHLY: 21}

# --- Entry point ------------------------------------------------------------------------------


def seed(*, year: int, password: str, stdout) -> Counter:
    """Create what is missing of supervision's demo data; returns label -> count created."""
    created = Counter()
    users = {u.username: u for u in User.objects.filter(username__in=_DEMO_USERNAMES)}
    staff, director = users.get("staff"), users.get("director")
    if staff is None or director is None or staff.office is None:
        stdout.write("督查督办：找不到演示用户 staff 或 director，跳过。")
        return created
    office = staff.office
    today = timezone.localdate()
    with transaction.atomic():
        # Both decided before either part runs: when the report year is the current year,
        # the ledger's items would otherwise make the live part think it had already run.
        ledger_missing = not Item.objects.filter(owning_office=office, year=year).exists()
        live_missing = not Item.objects.filter(owning_office=office, year=today.year).exists()
        if year > today.year:
            stdout.write(f"督查督办：{year} 年尚未到来，不生成年度台账。")
        elif ledger_missing:
            created.update(Ledger(office=office, year=year, users=users, today=today).create())
        if live_missing:
            if year < today.year:
                created.update(
                    Ledger(
                        office=office,
                        year=today.year,
                        users=users,
                        today=today,
                        share=CURRENT_YEAR_SHARE,
                    ).create()
                )
            created.update(LiveItems(office=office, users=users, today=today).create())
        created.update(seed_county_b(year=year, today=today, stdout=stdout))
    return created


# 云溪县, the second county: a smaller ledger of its own for the report year and the current
# year, less punctual than 青川县, so the city office's comparison shows two different counties.
# Its demo users act in the roles the ledger knows (its liaison as the township's contact).
COUNTY_B_USERS = {"staff": "b_staff", "director": "b_director", "unit_liaison": "b_liaison"}
COUNTY_B_SHARE = 0.25
COUNTY_B_LATE_SHARE = 0.2
COUNTY_B_LEADERS = (("钱正阳", 4), ("孙立新", 3), ("林海涛", 2))


def seed_county_b(*, year: int, today: date, stdout) -> Counter:
    """云溪县's ledgers, each only when its year has no item in that office yet."""
    created = Counter()
    found = {u.username: u for u in User.objects.filter(username__in=COUNTY_B_USERS.values())}
    users = {role: found.get(name) for role, name in COUNTY_B_USERS.items()}
    if users["staff"] is None or users["director"] is None or users["staff"].office is None:
        stdout.write("督查督办：找不到云溪县的演示用户 b_staff 或 b_director，跳过。")
        return created
    users = {role: user for role, user in users.items() if user is not None}
    office = users["staff"].office
    years = {year: COUNTY_B_SHARE} if year <= today.year else {}
    if year < today.year:
        years[today.year] = COUNTY_B_SHARE * CURRENT_YEAR_SHARE
    for ledger_year, share in years.items():
        if Item.objects.filter(owning_office=office, year=ledger_year).exists():
            continue
        ledger = Ledger(
            office=office,
            year=ledger_year,
            users=users,
            today=today,
            share=share,
            late_share=COUNTY_B_LATE_SHARE,
            leaders=COUNTY_B_LEADERS,
            seed=ledger_year + 1,
        )
        created.update({f"云溪县{label}": n for label, n in ledger.create().items()})
    return created


_DEMO_USERNAMES = ("staff", "director", "leader", *LIAISONS)


def _unit_label(unit: OrgUnit) -> str:
    return unit.short_name or unit.name


def _code_segment(unit: OrgUnit) -> str:
    return unit.code.rsplit("-", 1)[-1]


# --- The report year's ledger ------------------------------------------------------------------


@dataclass
class Event:
    """One step of an item's life in the ledger, on a working day (a calendar index)."""

    day: int
    order: int  # the order of steps on the same day
    kind: str
    percent: int = 0
    text: str = ""


EVENT_ORDER = {"assign": 0, "extension": 1, "report": 3, "urge": 4, "complete": 5,
               "send_back": 6, "close": 7, "cancel": 8}  # fmt: skip
# Office hours each kind of step usually happens at.
EVENT_HOUR = {"assign": 9, "extension": 10, "report": 15, "urge": 9, "complete": 16,
              "send_back": 17, "close": 17, "cancel": 11}  # fmt: skip


@dataclass
class Plan:
    item: Item
    actor: User  # who acts for the lead unit: its liaison, or office staff for them
    subject: str
    events: list[Event] = field(default_factory=list)
    cooperating: list[OrgUnit] = field(default_factory=list)
    extension: tuple[date, date, int] | None = None  # (old deadline, new deadline, request day)


class Ledger:
    """The report year's items, generated and written in bulk."""

    def __init__(
        self,
        *,
        office: OrgUnit,
        year: int,
        users: dict,
        today: date,
        share: float = 1.0,
        late_share: float = LATE_SHARE,
        leaders=LEADERS,
        seed: int | None = None,
    ):
        self.office, self.year, self.users = office, year, users
        self.share, self.late_share, self.leaders = share, late_share, leaders
        self.staff, self.director = users["staff"], users["director"]
        # Seeded for demo data that is the same on every run; nothing secret.
        self.rng = random.Random(year if seed is None else seed)  # nosec B311
        self.calendar = WorkingDays(date(year, 1, 1), date(year + 1, 7, 31))
        # The year's work is pushed to a close by its end; what stays open goes on into the
        # next year and is finished there, so nothing from a past year is left hanging today.
        self.is_past = year < today.year
        end = date(year, 12, 31) if self.is_past else today - timedelta(days=1)
        self.year_end = self.calendar.at_or_before(end)
        self.horizon = self.calendar.at_or_before(
            min(today - timedelta(days=1), date(year + 1, 7, 31))
        )
        self.units = list(
            OrgUnit.objects.filter(
                office=office,
                is_active=True,
                kind__in=[OrgUnitKind.TOWNSHIP, OrgUnitKind.DEPARTMENT],
            ).select_related("head")
        )
        self.townships = [u for u in self.units if u.kind == OrgUnitKind.TOWNSHIP]
        self.by_code = {_code_segment(u): u for u in self.units}
        self.actors = {u.org_unit_id: u for name, u in users.items() if name in LIAISONS}
        self.responsible = {unit.pk: self._responsible_person(unit) for unit in self.units}
        self.county = office.parent.short_name.removesuffix("委") if office.parent else "本县"
        self.deadlines: dict[tuple, date] = {}

    def create(self) -> Counter:
        if self.horizon < 0 or not self.units:
            return Counter()
        plans = [self._plan(source, day) for source, day in self._registrations()]
        return self._write(plans)

    # -- Planning --

    def _registrations(self) -> list[tuple[str, int]]:
        """(source, registration day) of every item, in registration order."""
        sources = [SourceKind.HIGHER_LEVEL] * round(HIGHER_LEVEL_COUNT * self.share)
        for source, count in INSTRUCTED_COUNTS.items():
            sources += [source] * round(count * self.share)
        self.rng.shuffle(sources)
        # Over the year's working days so far, fewer around the Spring Festival and at the
        # year's end (the core's office-year rhythm).
        picked = self.calendar.spread(self.rng, len(sources), last=self.year_end)
        return list(zip(sources, picked, strict=True))

    def _plan(self, source: str, registered: int) -> Plan:
        rng = self.rng
        domain = rng.choices(DOMAINS, weights=[d.weight for d in DOMAINS])[0]
        subject = rng.choice(domain.subjects)[0]
        departments = [self.by_code[c] for c in domain.departments(subject) if c in self.by_code]
        lead = self._lead_unit(domain, departments)
        cooperating = self._cooperating(departments, lead)
        if lead.kind == OrgUnitKind.TOWNSHIP and rng.random() < 0.5:
            subject = _unit_label(lead) + subject
        task = rng.choice(ACTIONS) + subject
        urgency = rng.choices(
            [Urgency.NORMAL, Urgency.URGENT, Urgency.HARD],
            weights=[70, 22, 8] if source == SourceKind.HIGHER_LEVEL else [80, 12, 8],
        )[0]
        registered_on = self.calendar.days[registered]
        deadline = self._proposed_deadline(source, urgency, registered_on)
        assigned = registered if rng.random() < 0.7 else registered + 1
        if self.is_past:
            assigned = min(assigned, self.year_end)
        item = Item(
            owning_office=self.office,
            year=self.year,
            source_kind=source,
            urgency=urgency,
            lead_unit=lead,
            responsible_person=self.responsible[lead.pk],
            registered_on=registered_on,
            deadline=deadline,
            report_cycle=self._cycle(registered, deadline),
            created_by=self.staff,
        )
        self._describe(item, task, subject, lead, cooperating)
        plan = Plan(
            item=item,
            actor=self.actors.get(lead.pk, self.staff),
            subject=subject,
            cooperating=cooperating,
        )
        self._plan_events(plan, assigned)
        return plan

    def _proposed_deadline(self, source: str, urgency: str, start: date) -> date:
        # Many items share a start day, source and urgency: ask the calendar once for each.
        key = (source, urgency, start)
        if key not in self.deadlines:
            self.deadlines[key] = proposed_deadline(
                source_kind=source, urgency=urgency, start=start
            )
        return self.deadlines[key]

    def _lead_unit(self, domain: Domain, departments: list[OrgUnit]) -> OrgUnit:
        if self.townships and (not departments or self.rng.random() < domain.township_share):
            return self.rng.choice(self.townships)
        return self.rng.choice(departments or self.units)

    def _cooperating(self, departments: list[OrgUnit], lead: OrgUnit) -> list[OrgUnit]:
        """A quarter of the items have one or two cooperating units: the task's other
        departments, or townships."""
        if self.rng.random() >= 0.25:
            return []
        candidates = [u for u in departments + self.townships if u != lead]
        return self.rng.sample(candidates, k=min(len(candidates), self.rng.choice((1, 1, 2))))

    def _cycle(self, registered: int, deadline: date) -> str:
        span = self.calendar.at_or_after(deadline) - registered
        cycles = [ReportCycle.ONCE, ReportCycle.WEEKLY, ReportCycle.BIWEEKLY, ReportCycle.MONTHLY]
        if span <= 15:
            weights = [85, 15, 0, 0]
        elif span <= 30:
            weights = [55, 20, 25, 0]
        else:
            weights = [15, 0, 40, 45]
        return self.rng.choices(cycles, weights=weights)[0]

    def _describe(self, item, task: str, subject: str, lead: OrgUnit, cooperating: list) -> None:
        """Title, source reference and instruction of the item, by its source."""
        rng, year = self.rng, self.year
        month = item.registered_on.month
        if item.source_kind == SourceKind.HIGHER_LEVEL:
            issuer = rng.choice(HIGHER_ISSUERS)
            item.title = f"{issuer}交办：{task}"
            item.source_reference = f"{issuer}督办通知〔{year}〕{rng.randint(1, 120)}号"
        elif item.source_kind == SourceKind.INSTRUCTION:
            leaders = self.leaders
            leader = rng.choices([n for n, _ in leaders], weights=[w for _, w in leaders])[0]
            item.title = rng.choice(INSTRUCTION_TITLES).format(
                task=task, subject=subject, leader=leader
            )
            item.instructing_leader = leader
            instructed = self.calendar.index.get(item.registered_on, 0) - rng.randint(0, 2)
            item.instruction_date = self.calendar.days[max(instructed, 0)]
            item.instruction_text = rng.choice(INSTRUCTION_TEXTS).format(
                unit=_unit_label(lead),
                task=task,
                coop="、".join(_unit_label(u) for u in cooperating) or "相关部门",
            )
            item.source_reference = f"{leader}同志批示（{item.instruction_date:%Y-%m-%d}）"
        elif item.source_kind == SourceKind.MEETING:
            meeting = f"县委常委会{year}年第{month * 2 - 1 + rng.randint(0, 1)}次会议"
            item.title = f"{meeting}议定事项：{task}"
            item.source_reference = f"{meeting}纪要"
        elif item.source_kind == SourceKind.DOCUMENT:
            prefix = self.county[:1] + rng.choice(("委发", "委办发", "府发", "府办发"))
            reference = f"{prefix}〔{year}〕{rng.randint(1, 60)}号"
            item.title = f"贯彻落实{reference}文件：{task}"
            item.source_reference = reference
        else:
            number = rng.randint(1, 80)
            item.title = f"{year}年县委重点工作第{number}项：{task}"
            item.source_reference = f"{year}年县委重点工作任务清单第{number}项"

    def _plan_events(self, plan: Plan, assigned: int) -> None:
        """The item's steps from assignment to its end, cut at the horizon."""
        rng, item, calendar = self.rng, plan.item, self.calendar
        events = [Event(assigned, 0, "assign")]
        deadline = calendar.at_or_after(item.deadline)
        roll = rng.random()
        if roll < CANCEL_SHARE:
            cancelled = assigned + rng.randint(2, 10)
            if self.is_past:
                cancelled = min(cancelled, max(self.year_end, assigned))
            if rng.random() < 0.5 and assigned + 1 < cancelled:
                events.append(self._report(assigned + 1, 20, plan))
            events.append(Event(cancelled, 0, "cancel", text=rng.choice(CANCEL_REASONS)))
            return self._finish(plan, events)
        late = roll < CANCEL_SHARE + self.late_share
        if rng.random() < EXTENSION_SHARE and deadline - 3 > assigned:
            requested = deadline - rng.randint(1, 3)
            new_deadline = calendar.days[deadline + 10]
            plan.extension = (item.deadline, new_deadline, requested)
            events.append(Event(requested, 0, "extension"))
            item.deadline, deadline = new_deadline, deadline + 10
        if late:
            closed = deadline + rng.randint(1, 15)
            completed = max(closed - rng.randint(0, 2), deadline + 1)
        else:
            closed = rng.randint(min(assigned + 2, deadline), deadline)
            completed = max(closed - rng.randint(0, 1), assigned + 1)
        if self.is_past and closed > self.year_end and not self._stays_open(item):
            # The year-end push: what can be closed before the year is out is closed.
            closed = max(self.year_end - rng.randint(0, 3), assigned + 1)
            completed = max(closed - rng.randint(0, 1), assigned + 1)
        completed, closed = min(completed, closed), max(completed, closed)
        first_completion = completed
        if rng.random() < SEND_BACK_SHARE and completed - 3 > assigned:
            # Sent back once: a first completion report a few days earlier.
            first_completion = completed - rng.randint(2, min(5, completed - assigned - 1))
        events += self._reports_until(plan, assigned, first_completion)
        if completed > deadline:
            events.append(Event(deadline + 1, 0, "urge", text=URGE_TEXT))
        events.append(self._completion(first_completion, plan))
        if first_completion < completed:
            reason = rng.choice(SEND_BACK_REASONS)
            events.append(Event(first_completion + 1, 0, "send_back", text=reason))
            events.append(self._completion(completed, plan))
        events.append(Event(closed, 0, "close", text=rng.choice(("同意办结销号。", ""))))
        if plan.extension and plan.extension[2] >= first_completion:
            # Asked for after the work was reported done: no extension after all.
            item.deadline = plan.extension[0]
            plan.extension = None
            events = [e for e in events if e.kind != "extension"]
        return self._finish(plan, events)

    def _stays_open(self, item: Item) -> bool:
        recent = self.calendar.index[item.registered_on] > self.year_end - LAST_WEEKS
        return recent and self.rng.random() < OPEN_AT_YEAR_END_SHARE

    def _reports_until(self, plan: Plan, assigned: int, completed: int) -> list[Event]:
        """The cycle's progress reports between acceptance and the completion report."""
        step = CYCLE_STEP.get(plan.item.report_cycle)
        first = assigned + self.rng.randint(1, 3)
        if first >= completed or (step is None and self.rng.random() < 0.5):
            return []
        days = list(range(first, completed, step or completed))
        events, percent = [], 0
        for n, day in enumerate(days):
            # Roughly in step with the time used, and never going backwards.
            share = 100 * (n + 1) / (len(days) + 1)
            percent = max(percent, int(share * self.rng.uniform(0.7, 0.95)))
            events.append(self._report(day, percent, plan))
        return events

    def _report(self, day: int, percent: int, plan: Plan) -> Event:
        text = self.rng.choice(PROGRESS_TEXTS).format(
            n=self.rng.randint(3, 12), m=self.rng.randint(1, 3), p=percent
        )
        return Event(day, 0, "report", percent=max(percent, 5), text=text)

    def _completion(self, day: int, plan: Plan) -> Event:
        text = self.rng.choice(COMPLETION_TEXTS).format(subject=plan.subject)
        return Event(day, 0, "complete", percent=100, text=text)

    def _finish(self, plan: Plan, events: list[Event]) -> None:
        if plan.extension and plan.extension[2] + 1 > self.horizon:
            # Not asked for (and approved) by the horizon: the deadline is still the old one.
            plan.item.deadline = plan.extension[0]
            plan.extension = None
            events = [e for e in events if e.kind != "extension"]
        for event in events:
            event.order = EVENT_ORDER[event.kind]
        plan.events = sorted(
            (e for e in events if e.day <= self.horizon), key=lambda e: (e.day, e.order)
        )

    def _responsible_person(self, unit: OrgUnit) -> str:
        if unit.head is not None:
            return unit.head.name
        # Seeded so each unit keeps its made-up name from run to run; nothing secret.
        rng = random.Random(unit.code or unit.pk)  # nosec B311
        return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)

    # -- Writing --

    def _write(self, plans: list[Plan]) -> Counter:
        sequence, _created = NumberSequence.objects.select_for_update().get_or_create(
            office=self.office, series=SERIES, year=self.year
        )
        first = sequence.last + 1
        for number, plan in enumerate(plans, start=first):
            plan.item.sequence = number
        rows = DatedRows()
        for plan in plans:
            self._replay(plan, rows)
        items = Item.objects.bulk_create([plan.item for plan in plans], batch_size=500)
        for plan in plans:
            plan.item._history_date = aware(plan.item.registered_on, 8, 45)
        Item.history.bulk_history_create(items, batch_size=500, default_user=self.staff)
        Item.cooperating_units.through.objects.bulk_create(
            [
                Item.cooperating_units.through(item_id=plan.item.pk, orgunit_id=unit.pk)
                for plan in plans
                for unit in plan.cooperating
            ],
            batch_size=500,
        )
        rows.save()
        sequence.last = first + len(plans) - 1
        sequence.save(update_fields=["last"])
        return Counter({"督办事项": len(items), "督办反馈": rows.count(ProgressReport)})

    def _replay(self, plan: Plan, rows: DatedRows) -> None:
        """Walk the item through its events as the services would have, collecting the rows
        they would have written and leaving the item in the state they would have left."""
        item = plan.item
        item.status = ItemStatus.REGISTERED
        for event in plan.events:
            day = self.calendar.days[event.day]
            moment = aware(day, EVENT_HOUR[event.kind], self.rng.randint(0, 40))
            handler = getattr(self, f"_on_{event.kind}")
            handler(plan, event, day, moment, rows)

    def _on_assign(self, plan, event, day, moment, rows):
        plan.item.assigned_on = day
        rows.transition(plan.item, "assign", actor=self.staff, moment=moment)

    def _on_extension(self, plan, event, day, moment, rows):
        old, new, _requested = plan.extension
        decided = self.calendar.days[event.day + 1]
        rows.add(
            ExtensionRequest(
                item=plan.item,
                requested_by=plan.actor,
                current_deadline=old,
                requested_deadline=new,
                reason="工作量大、涉及部门多，需协调解决的问题较多，申请延期10个工作日。",
                status=ExtensionStatus.APPROVED,
                decided_by=self.director,
                decided_at=aware(decided, 11, 0),
                decision_comment="同意延期，请按新的时限办结。",
            ),
            moment,
        )

    def _on_report(self, plan, event, day, moment, rows, *, completion=False):
        item = plan.item
        if item.status == ItemStatus.ASSIGNED:
            accepted = moment - timedelta(minutes=1)  # 签收 just before the first report
            rows.transition(item, "accept", actor=plan.actor, moment=accepted)
        report = ProgressReport(
            item=item,
            unit=item.lead_unit,
            author=plan.actor,
            text=event.text,
            percent=event.percent,
            is_completion=completion,
            reported_on=day,
        )
        rows.add(report, moment)
        item.progress, item.last_report_on = event.percent, day

    def _on_complete(self, plan, event, day, moment, rows):
        self._on_report(plan, event, day, moment, rows, completion=True)
        rows.transition(
            plan.item,
            "request_completion",
            actor=plan.actor,
            moment=moment + timedelta(minutes=1),
            comment=event.text[:500],
        )

    def _on_send_back(self, plan, event, day, moment, rows):
        rows.transition(
            plan.item, "send_back", actor=self.director, moment=moment, comment=event.text
        )

    def _on_close(self, plan, event, day, moment, rows):
        plan.item.closed_on = day
        rows.transition(plan.item, "close", actor=self.director, moment=moment, comment=event.text)

    def _on_cancel(self, plan, event, day, moment, rows):
        plan.item.cancel_reason = event.text
        rows.transition(plan.item, "cancel", actor=self.director, moment=moment, comment=event.text)

    def _on_urge(self, plan, event, day, moment, rows):
        if plan.item.status in (ItemStatus.ASSIGNED, ItemStatus.IN_PROGRESS):
            rows.add(Urge(item=plan.item, actor=self.staff, message=event.text), moment)


# --- Live items around today --------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One thing done to a live item, ``day`` working days from today (negative: before)."""

    day: int
    action: str  # report, complete, close, send_back, extension, reject_extension, urge, ...
    percent: int = 0
    text: str = ""
    by: str = ""  # username, when not the lead unit's liaison
    to: int = 0  # extension: the new deadline, in working days from today


@dataclass(frozen=True)
class LiveSpec:
    title: str
    source: str
    unit: str  # a liaison's username (their unit), or OTHER_TOWNSHIP / OTHER_DEPARTMENT
    registered: int  # working days from today
    deadline: int | None  # working days from today; None: the proposed deadline
    cycle: str = ReportCycle.ONCE
    urgency: str = Urgency.NORMAL
    leader: str = ""
    instruction: str = ""
    steps: tuple[Step, ...] = ()
    assign: bool = True
    split: tuple[str, ...] = ()  # units of a split instruction (one child item each)


W, B, M = ReportCycle.WEEKLY, ReportCycle.BIWEEKLY, ReportCycle.MONTHLY
HL, INS, MTG, DOC, KEY = (
    SourceKind.HIGHER_LEVEL,
    SourceKind.INSTRUCTION,
    SourceKind.MEETING,
    SourceKind.DOCUMENT,
    SourceKind.KEY_WORK,
)
CGZ, FGJ, JYJ, CZJ = LIAISONS
# Units without a demo liaison, where office staff act for the unit.
OTHER_TOWNSHIP, OTHER_DEPARTMENT = "other_township", "other_department"


def _reports(*pairs) -> tuple[Step, ...]:
    return tuple(Step(day, "report", percent, _LIVE_PROGRESS[n % 3]) for n, (day, percent)
                 in enumerate(pairs))  # fmt: skip


_LIVE_PROGRESS = (
    "已召开专题会议研究部署，明确分管领导和责任股室，制定了工作方案和时间表。",
    "按方案推进，已完成主体工作，正在逐项核对问题清单。",
    "剩余工作正在收尾，同步整理佐证材料。",
)

# What the list should show today: the comment on each says which colour or state it is for.
# fmt: off
LIVE_SPECS = (
    # Red (overdue), with an urge and a leader's comment.
    LiveSpec("关于城关镇老旧小区改造进度滞后问题的批示件办理", INS, CGZ, -30, -5,
             leader="周振华",
             instruction="老旧小区改造是群众最关心的民生实事，请城关镇倒排工期、挂图作战，"
                         "确保年底前全面完工。",
             steps=_reports((-27, 20), (-15, 50)) + (
                 Step(-3, "urge", text="该事项已超期，请于3个工作日内报送办理情况和完工时间。",
                      by="staff"),
                 Step(0, "comment", text="进度还是太慢，请城关镇主要负责同志亲自盯，"
                                         "每周向我报告一次。", by="leader"),
             )),
    LiveSpec("贯彻落实青委发〔{year}〕21号文件：加快推进重点项目前期工作", DOC, FGJ, -40, -2,
             cycle=M,
             steps=_reports((-35, 30), (-15, 60)) + (
                 Step(-6, "extension", text="用地预审需省级审批，申请延期。", to=8),
                 Step(-5, "reject_extension", text="该项目已列入省重点，时限不能后延，"
                                                   "请集中力量攻坚。", by="director"),
             )),
    LiveSpec("县委重点工作：扎实推进高标准农田建设", KEY, OTHER_TOWNSHIP, -45, -10, cycle=B,
             steps=_reports((-40, 25), (-30, 40), (-20, 55))),
    LiveSpec("县委常委会议定事项：义务教育学校改扩建项目开工", MTG, JYJ, -20, -1),
    LiveSpec("市委督查室交办：农民工工资清欠专项行动", HL, CZJ, -9, -1, urgency=Urgency.URGENT,
             steps=_reports((-6, 60)) + (
                 Step(0, "urge", text="市委督查室今日再次催办，请今天下班前报送清欠台账。",
                      by="director"),
             )),
    # Blue (deadline within three working days), one with a pending extension.
    LiveSpec("关于城关镇农贸市场周边交通秩序整治的批示件办理", INS, CGZ, -14, 1, leader="刘晓东",
             instruction="请城关镇会同县交通运输局、县公安局抓紧整治，还群众一个畅通有序的"
                         "出行环境。",
             steps=_reports((-10, 40), (-3, 75))),
    LiveSpec("市委督查室交办：冬春季森林防灭火隐患排查", HL, FGJ, -4, 2, urgency=Urgency.URGENT,
             steps=_reports((-2, 50))),
    LiveSpec("县委常委会议定事项：校园食品安全专项检查", MTG, JYJ, -18, 0, cycle=W,
             steps=_reports((-13, 30), (-8, 55), (-3, 80))),
    LiveSpec("贯彻落实青府发〔{year}〕9号文件：财政资金绩效评价", DOC, CZJ, -25, 2, cycle=B,
             steps=_reports((-20, 20), (-10, 45), (-1, 60)) + (
                 Step(0, "extension", text="评价涉及项目42个，第三方机构现场核查尚需时间，"
                                           "申请延期至下月。", to=12),
             )),
    # Yellow: a weekly report missing, or progress behind the time used.
    LiveSpec("县委重点工作：城关镇城市更新项目征地拆迁", KEY, CGZ, -25, 20, cycle=W,
             steps=_reports((-22, 15), (-17, 35), (-12, 45))),
    LiveSpec("县委常委会议定事项：园区标准化厂房招商", MTG, FGJ, -15, 10, cycle=W,
             steps=_reports((-13, 25), (-9, 50))),
    LiveSpec("关于县城学校大班额问题的批示件办理", INS, JYJ, -20, 8, leader="王建国",
             instruction="大班额问题要拿出硬措施，请县教育局制定化解方案，按时序推进。",
             steps=_reports((-15, 10))),
    LiveSpec("市政府督查室交办：撂荒地整治复耕", HL, OTHER_DEPARTMENT, -12, 6),
    # Completion requested: waiting for the director.
    LiveSpec("关于城关镇背街小巷路灯维修的批示件办理", INS, CGZ, -12, 8, leader="周振华",
             instruction="请城关镇一周内完成排查，月底前全部修复。",
             steps=_reports((-8, 50)) + (
                 Step(-1, "complete", text="辖区背街小巷路灯已全部修复并亮灯，"
                                           "建立了巡查维护制度，申请办结。"),
             )),
    LiveSpec("省委督查室交办：营商环境问题线索核查整改", HL, FGJ, -16, 5, cycle=W,
             steps=_reports((-11, 40), (-6, 70)) + (
                 Step(0, "complete", text="6条问题线索已全部核查整改，整改情况已反馈企业，"
                                          "企业表示满意，申请办结。"),
             )),
    LiveSpec("贯彻落实青委办发〔{year}〕15号文件：学生资助政策落实情况自查", DOC, JYJ, -22, 6,
             steps=_reports((-18, 40)) + (
                 Step(-6, "complete", text="自查工作已完成，申请办结。"),
                 Step(-5, "send_back", text="自查报告未附问题清单和整改台账，请补充后重新报送。",
                      by="director"),
                 Step(-3, "report", 90, "已按要求补充问题清单和整改台账。"),
                 Step(0, "complete", text="已补充问题清单（共5项）和整改台账，5项问题均已整改，"
                                          "申请办结。"),
             )),
    # Normal: on track.
    LiveSpec("县委重点工作：政府债务风险防范化解", KEY, CZJ, -5, 25, cycle=W,
             steps=_reports((-2, 20))),
    LiveSpec("县委常委会议定事项：城关镇农村生活污水治理", MTG, CGZ, -3, 17,
             steps=_reports((-1, 15))),
    LiveSpec("县委重点工作：教师队伍建设三年行动", KEY, JYJ, -8, 30, cycle=M,
             steps=_reports((-3, 25))),
    LiveSpec("关于重点项目建设用地保障的批示件办理", INS, FGJ, 0, None, leader="刘晓东",
             instruction="请县发改局牵头，会同县自然资源局梳理用地需求，提出保障方案。"),
    LiveSpec("市委督查室交办：自建房安全专项整治回头看", HL, OTHER_TOWNSHIP, 0, None, assign=False),
    # An instruction concerning three units, split into one item each.
    LiveSpec("关于做好今冬明春群众安全温暖过冬工作的批示件办理", INS, "", -6, 9, cycle=W,
             leader="王建国",
             instruction="请城关镇、县发改局、县教育局各负其责，做好困难群众、在校学生"
                         "安全温暖过冬各项保障工作。",
             split=(CGZ, FGJ, JYJ),
             steps=(Step(-4, "report", 30, "已完成困难群众摸底，发放过冬物资首批。", by=CGZ),
                    Step(-2, "report", 25, "煤电油气保供方案已印发，正在落实储备。", by=FGJ))),
    # Closed lately (on time and late) and one cancelled.
    LiveSpec("市委督查室交办：秋冬季大气污染防治", HL, CGZ, -20, -2,
             steps=_reports((-15, 50)) + (
                 Step(-5, "complete", text="各项防治措施已落实，空气质量达标，申请办结。"),
                 Step(-4, "close", text="同意办结销号。", by="director"),
             )),
    LiveSpec("关于农村留守儿童关爱服务的批示件办理", INS, JYJ, -10, 5, leader="赵雅琴",
             instruction="请县教育局会同县民政局完善留守儿童档案，落实结对关爱。",
             steps=_reports((-7, 60)) + (
                 Step(-2, "complete", text="已完成全县留守儿童建档和结对关爱，申请办结。"),
                 Step(-1, "close", text="同意办结销号。", by="director"),
             )),
    LiveSpec("县委常委会议定事项：重点企业服务保障", MTG, FGJ, -35, -12,
             steps=_reports((-30, 40), (-15, 70)) + (
                 Step(-8, "complete", text="已完成对20户重点企业的走访服务，解决问题13个，"
                                           "申请办结。"),
                 Step(-7, "close", text="超期办结，请总结教训。", by="director"),
             )),
    LiveSpec("贯彻落实青府办发〔{year}〕11号文件：国有资产清查", DOC, CZJ, -15, 15,
             steps=(Step(-10, "cancel", text="根据县委常委会议精神，该项工作并入全县国有资产"
                                             "管理专项行动统筹推进，经请示县委领导同意撤销。",
                         by="director"),)),
)
# fmt: on


class LiveItems:
    """The current year's live items, made through the services as the demo users."""

    def __init__(self, *, office: OrgUnit, users: dict, today: date):
        self.office, self.users, self.today = office, users, today
        # Everything happens this year: an item registered "40 working days ago" in January
        # is registered on the year's first working day instead.
        self.first_day = add_working_days(date(today.year, 1, 1), 0)
        self.units = {name: user.org_unit for name, user in users.items() if name in LIAISONS}
        others = (
            OrgUnit.objects.filter(
                office=office,
                is_active=True,
                kind__in=[OrgUnitKind.TOWNSHIP, OrgUnitKind.DEPARTMENT],
            )
            .exclude(pk__in=[u.pk for u in self.units.values()])
            .order_by("path")
        )
        townships = [u for u in others if u.kind == OrgUnitKind.TOWNSHIP]
        departments = {_code_segment(u): u for u in others if u.kind == OrgUnitKind.DEPARTMENT}
        if townships:
            self.units[OTHER_TOWNSHIP] = townships[0]
        if departments:
            self.units[OTHER_DEPARTMENT] = departments.get("NYJ") or next(
                iter(departments.values())
            )
        self.clock = DemoClock(LIVE_STAMPED, today=today)

    def create(self) -> Counter:
        if self.first_day > self.today:
            return Counter()  # New Year's Day: nothing of this year has happened yet
        specs = [s for s in LIVE_SPECS if all(u in self.units for u in s.split or (s.unit,))]
        specs.sort(key=lambda s: s.registered)  # numbers in registration order
        items = [(spec, self._register(spec)) for spec in specs]
        reports = 0
        for spec, item in items:
            for step in spec.steps:
                reports += self._perform(spec, item, step)
        count = sum(1 + item.children.count() for _spec, item in items)
        return Counter({"督办事项": count, "督办反馈": reports})

    def day(self, offset: int) -> date:
        return min(max(add_working_days(self.today, offset), self.first_day), self.today)

    def actor(self, spec_unit: str, by: str = "") -> User:
        username = by or spec_unit
        return self.users.get(username) or self.users["staff"]

    def _register(self, spec: LiveSpec) -> Item:
        registered = self.day(spec.registered)
        deadline = None
        if spec.deadline is not None:
            deadline = max(add_working_days(self.today, spec.deadline), registered)
        data = ItemData(
            title=spec.title.format(year=self.today.year),
            source_kind=spec.source,
            lead_unit=None if spec.split else self.units[spec.unit],
            deadline=deadline,
            urgency=spec.urgency,
            instruction_text=spec.instruction,
            instructing_leader=spec.leader,
            # The demo's leader (周振华) is a user: their instructions pick them, so their
            # home page shows 我的批示 and they are told as the items move.
            instructing_leader_user=leader_named(office_leaders(self.users["staff"]), spec.leader),
            instruction_date=registered if spec.leader else None,
            report_cycle=spec.cycle,
        )
        staff = self.users["staff"]
        with self.clock.dated(registered, staff):
            if spec.split:
                units = [self.units[u] for u in spec.split]
                item = item_register_split(actor=staff, data=data, units=units, today=registered)
            else:
                data.responsible_person = self._responsible(data.lead_unit)
                item = item_register(actor=staff, data=data, today=registered)
            if spec.assign:
                item_assign(actor=staff, item=item, today=registered)
        return item

    @staticmethod
    def _responsible(unit: OrgUnit) -> str:
        return unit.head.name if unit.head_id else ""

    def _perform(self, spec: LiveSpec, item: Item, step: Step) -> int:
        """Do one step; returns the number of reports it filed."""
        day = self.day(step.day)
        if spec.split:  # a step on a split item is done on the child of the actor's unit
            item = item.children.get(lead_unit=self.units[step.by])
        item.refresh_from_db()
        actor = self.actor(spec.unit, step.by)
        with self.clock.dated(day, actor):
            if step.action in ("report", "complete"):
                if item.status == ItemStatus.ASSIGNED:
                    # The unit acknowledges (签收) the item before its first report.
                    item_accept(actor=actor, item=item, today=day)
                report_submit(
                    actor=actor,
                    item=item,
                    text=step.text,
                    percent=step.percent,
                    completion=step.action == "complete",
                    today=day,
                )
                return 1
            if step.action == "close":
                item_close(actor=actor, item=item, comment=step.text, today=day)
            elif step.action == "send_back":
                item_send_back(actor=actor, item=item, reason=step.text)
            elif step.action == "cancel":
                item_cancel(actor=actor, item=item, reason=step.text)
            elif step.action == "extension":
                new_deadline = add_working_days(self.today, step.to)
                extension_request(
                    actor=actor, item=item, new_deadline=new_deadline, reason=step.text, today=day
                )
            elif step.action == "reject_extension":
                extension = item.extensions.get(status=ExtensionStatus.PENDING)
                extension_decide(actor=actor, extension=extension, approve=False,
                                 comment=step.text)  # fmt: skip
                if day < self.today:
                    ExtensionRequest.objects.filter(pk=extension.pk).update(
                        decided_at=self.clock.moment(day)
                    )
            elif step.action == "urge":
                item_urge(actor=actor, item=item, message=step.text)
            elif step.action == "comment":
                comment_add(actor=actor, item=item, text=step.text)
            else:
                raise ValueError(f"unknown demo step {step.action}")
        return 0


# The timestamp of each kind of supervision row a live step writes (the core's transition logs
# and notifications are moved by DemoClock itself).
LIVE_STAMPED = {
    ProgressReport: "created_at",
    ExtensionRequest: "created_at",
    Urge: "created_at",
    LeaderComment: "created_at",
    Item.history.model: "history_date",
}
