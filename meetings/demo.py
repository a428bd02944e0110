"""Meetings' demo data for ``manage.py seed_demo``, in the office of the demo user ``staff``.

* **The report year**: 36 standing committee meetings (each opening with 第一议题 on a
  distinct study material), 46 secretary's special meetings, the plenary sessions, the
  Party congress the seed names, and enough office affairs, leading group, work and video
  meetings to pass 100 organised — each carried through request, approval, preparation,
  holding and approved minutes, a few as rule exceptions and a few cancelled. Written in bulk
  (with a history row each, their transitions through ``office.demo.DatedRows``, which checks
  each against the declared workflow). The standing committee's decisions are linked to the
  supervision items that supervision's demo opened from those meetings ("县委常委会<year>年
  第N次会议"), most of them closed by now.
* **Live meetings around today**, through the real services: this week's calendar (no
  meeting on the no-meeting days), one approved meeting with an open checklist, one
  awaiting approval that breaks a rule, and one held and minuted last week with a decision
  handed to supervision.

The county secretary (``secretary``) chairs the standing committee and the secretary's special
meetings, the other county leaders (``leader``, ``leader_org``) are required to attend them.

* **云溪县** (``b_staff``, ``b_director``, ``b_leader``, ``b_liaison``): a smaller report year
  (24 standing committee and 30 secretary's special meetings, no Party congress), so the
  city's comparison shows two different counties.

Each part runs only when its year has no meeting in that office yet.
"""

import random
from collections import Counter
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from office.demo import DatedRows, DemoClock, WorkingDays
from office.models import OrgUnit, OrgUnitKind, User

from . import services
from .choices import AgendaKind, MeetingStatus, MeetingType
from .conf import setting
from .models import (
    AgendaItem,
    Attendance,
    ChecklistTask,
    ChecklistTemplate,
    Decision,
    Meeting,
    MinutesVersion,
)
from .rules import attendance_cap, length_cap, no_meeting_day
from .services.checklist import task_deadline

CHAIRED_BY_SECRETARY = (MeetingType.STANDING_COMMITTEE, MeetingType.SECRETARY_SPECIAL)

COUNTS = {
    MeetingType.STANDING_COMMITTEE: 36,
    MeetingType.SECRETARY_SPECIAL: 46,
    MeetingType.PLENARY: 2,
    MeetingType.PARTY_CONGRESS: 1,
    MeetingType.OFFICE_AFFAIRS: 12,
    MeetingType.LEADING_GROUP: 10,
    MeetingType.WORK_CONFERENCE: 7,
    MeetingType.VIDEO_CONFERENCE: 5,
}
CANCELLED = 3
# 云溪县, a smaller county: fewer meetings of every kind, no Party congress that year.
COUNTS_B = {
    MeetingType.STANDING_COMMITTEE: 24,
    MeetingType.SECRETARY_SPECIAL: 30,
    MeetingType.PLENARY: 2,
    MeetingType.OFFICE_AFFAIRS: 12,
    MeetingType.LEADING_GROUP: 6,
    MeetingType.WORK_CONFERENCE: 5,
    MeetingType.VIDEO_CONFERENCE: 4,
}
CANCELLED_B = 1
# The current year up to a fortnight ago (the live meetings take the last two weeks), when the
# report year is a past one: the report year's meetings in proportion to the days gone, a
# tenth fewer (精文减会), so the leaders' comparison with last year reads like a live office.
CURRENT_YEAR_SHARE = 0.9
LIVE_DAYS = 15
# The demo users of each county by the part they play (office.demo.DEMO_USERS).
COUNTY_A_USERS = {
    "staff": "staff",
    "director": "director",
    "leader": "leader",
    "secretary": "secretary",
    "leader_org": "leader_org",
    "section_head": "section_head",
    "unit_liaison": "unit_liaison",
}
COUNTY_B_USERS = {
    "staff": "b_staff",
    "director": "b_director",
    "leader": "b_leader",
    "unit_liaison": "b_liaison",
}
SPECIAL_TOPICS = (
    "乡村振兴重点项目推进", "副中心城市建设", "招商引资重大项目", "安全生产形势研判",
    "防汛减灾准备", "森林草原防灭火", "重点民生实事", "营商环境优化", "教育高质量发展",
    "医疗卫生服务能力提升", "城乡人居环境整治", "生态环境问题整改", "重大风险防范化解",
    "信访积案化解", "巩固拓展脱贫攻坚成果", "县域经济运行分析",
)  # fmt: skip
LEADING_GROUPS = ("全面深化改革委员会", "乡村振兴领导小组", "财经委员会", "安全生产委员会",
                  "国防动员委员会")  # fmt: skip
CONFERENCES = ("全县经济工作会议", "全县农村工作会议", "全县组织工作会议", "全县宣传思想工作会议",
               "全县政法工作会议", "全县纪检监察工作会议", "全县统战工作会议")  # fmt: skip
SPEECH_SUBJECTS = (
    "在中央政治局集体学习时", "在参加江苏代表团审议时", "在中央经济工作会议上", "在中央农村工作会议上",
    "关于防汛救灾工作", "关于安全生产工作", "在二十届中央纪委全会上", "在全国生态环境保护大会上",
    "关于学习贯彻党的创新理论", "在中央全面深化改革委员会会议上", "关于乡村全面振兴", "在四川考察时",
    "关于意识形态工作", "关于粮食安全", "在主题教育工作会议上", "关于统一战线工作",
)  # fmt: skip


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def _materials(office, actor, count: int, year: int, offset: int = 0) -> list:
    """``count`` study materials of ``year`` in the shared study library (made here when the
    library has fewer: the training app may not have seeded it yet)."""
    StudyMaterial = apps.get_model("training", "StudyMaterial")
    have = list(
        StudyMaterial.objects.filter(owning_office=office, issued_on__year=year).order_by(
            "issued_on", "pk"
        )
    )
    for n in range(len(have), count + offset):
        subject = SPEECH_SUBJECTS[n % len(SPEECH_SUBJECTS)]
        issued = date(year, 1, 1) + timedelta(days=(n * 9) % 360)
        have.append(
            StudyMaterial.objects.create(
                owning_office=office,
                title=f"习近平总书记{subject}的重要讲话精神（{year}年第{n + 1}篇）",
                kind="speech",
                issued_on=issued,
                source=f"《求是》{year}年第{n % 24 + 1}期",
                created_by=actor,
            )
        )
    return have[offset : offset + count]


def _county_users(roles: dict) -> dict:
    """The county's demo users by part; None when its staff, director or leader is missing."""
    found = {u.username: u for u in User.objects.filter(username__in=roles.values())}
    users = {part: found[name] for part, name in roles.items() if name in found}
    if any(part not in users for part in ("staff", "director", "leader")):
        return {}
    if users["staff"].office is None:
        return {}
    return users


def seed(*, year: int, password: str, stdout) -> Counter:
    created = Counter()
    users = _county_users(COUNTY_A_USERS)
    if not users:
        stdout.write("会议：找不到演示用户 staff、director 或 leader，跳过。")
        return created
    office = users["staff"].office
    today = timezone.localdate()
    with transaction.atomic():
        year_missing = not Meeting.objects.filter(
            owning_office=office, starts_at__year=year
        ).exists()
        live_missing = (
            not Meeting.objects.filter(owning_office=office, starts_at__year=today.year).exists()
            or year == today.year
        )
        if year < today.year and year_missing:
            created.update(ReportYear(office=office, year=year, users=users).create())
        if year < today.year and live_missing:
            created.update(current_year(office, users, today))
        if (
            live_missing
            and not Meeting.objects.filter(
                owning_office=office, starts_at__date__gte=today - timedelta(days=14)
            ).exists()
        ):
            created.update(LiveMeetings(office=office, users=users, today=today).create())
    created.update(seed_second_county(year=year, today=today))
    return created


def current_year(office, users, today) -> Counter:
    """This year's meetings until a fortnight ago (CURRENT_YEAR_SHARE)."""
    until = today - timedelta(days=LIVE_DAYS)
    if until.year != today.year:
        return Counter()
    share = (until - date(today.year, 1, 1)).days / 365 * CURRENT_YEAR_SHARE
    counts = {kind: round(count * share) for kind, count in COUNTS.items()}
    counts[MeetingType.PARTY_CONGRESS] = 0  # held once in five years, and that was last year
    routine = counts[MeetingType.LEADING_GROUP] + counts[MeetingType.VIDEO_CONFERENCE]
    report = ReportYear(
        office=office,
        year=today.year,
        users=users,
        counts=counts,
        cancelled=min(CANCELLED, routine),
        until=until,
    )
    return report.create()


def seed_second_county(*, year: int, today) -> Counter:
    """云溪县's report year: a smaller year than 青川县's, so the city's comparison shows two
    different counties. Only while that year has no meeting in its office."""
    users = _county_users(COUNTY_B_USERS)
    if not users or year >= today.year:
        return Counter()
    office = users["staff"].office
    with transaction.atomic():
        if Meeting.objects.filter(owning_office=office, starts_at__year=year).exists():
            return Counter()
        report = ReportYear(
            office=office, year=year, users=users, counts=COUNTS_B, cancelled=CANCELLED_B
        )
        return report.create()


class ReportYear:
    def __init__(
        self,
        *,
        office: OrgUnit,
        year: int,
        users: dict,
        counts=None,
        cancelled=CANCELLED,
        until: date | None = None,
    ):
        self.office, self.year, self.users = office, year, users
        self.counts, self.cancelled = counts or COUNTS, cancelled
        # The county secretary chairs the standing committee and the secretary's special
        # meetings; the other county leaders must attend them.
        self.secretary = users.get("secretary") or users["leader"]
        self.leaders = [
            u for part in ("leader", "leader_org") if (u := users.get(part)) and u != self.secretary
        ]
        self.rng = random.Random(year)  # nosec B311
        self.calendar = WorkingDays(date(year, 1, 1), until or date(year, 12, 31))
        self.committee = office.parent or office
        self.units = list(
            OrgUnit.objects.filter(
                office=office,
                is_active=True,
                kind__in=[OrgUnitKind.TOWNSHIP, OrgUnitKind.DEPARTMENT],
            ).order_by("path")
        ) or [office]

    def meeting_days(self, count: int) -> list[date]:
        """Working days that are not no-meeting days, spread over the year."""
        if count <= 0:
            return []
        free = setting("MEETINGS_NO_MEETING_WEEKDAYS")
        days = [d for d in self.calendar.days if d.weekday() not in free]
        step = len(days) / count
        return [
            days[min(int(i * step + self.rng.random() * step), len(days) - 1)] for i in range(count)
        ]

    def create(self) -> Counter:
        leader, director, staff = self.users["leader"], self.users["director"], self.users["staff"]
        specs = []
        for meeting_type, count in self.counts.items():
            for n, day in enumerate(self.meeting_days(count), start=1):
                specs.append((meeting_type, n, day))
        specs.sort(key=lambda spec: spec[2])
        routine = [
            i for i, spec in enumerate(specs)
            if spec[0] in (MeetingType.LEADING_GROUP, MeetingType.VIDEO_CONFERENCE)
        ]  # fmt: skip
        cancelled = set(self.rng.sample(routine, self.cancelled))
        materials = _materials(
            self.office, staff, self.counts[MeetingType.STANDING_COMMITTEE], self.year
        )
        meetings = []
        sc_number = 0
        for index, (meeting_type, n, day) in enumerate(specs):
            title, hour, minutes, attendance, chair, unit = self.describe(meeting_type, n, day)
            starts = _local(day, hour, 30 if hour == 8 else 0)
            ends = starts + timedelta(minutes=minutes)
            meeting = Meeting(
                owning_office=self.office,
                meeting_type=meeting_type,
                title=title,
                organiser_unit=unit,
                chair=chair,
                starts_at=starts,
                ends_at=ends,
                planned_minutes=minutes,
                place="县委常委会议室"
                if meeting_type != MeetingType.PLENARY
                else "县会议中心大礼堂",
                expected_attendance=attendance,
                reason="按照年度会议计划召开。",
                requested_by=staff,
                status=MeetingStatus.DRAFT,
            )
            if meeting_type == MeetingType.PARTY_CONGRESS:
                meeting.place = "县会议中心大礼堂"
            meeting._demo_cancel = index in cancelled
            if meeting_type == MeetingType.STANDING_COMMITTEE:
                sc_number += 1
                meeting._material = materials[sc_number - 1]
                meeting._number = sc_number
            meetings.append(meeting)
        # A few exceptions granted: the two largest work conferences ran over the
        # attendance cap, with the director's approval.
        for meeting in meetings:
            breaches = [length_cap(meeting), attendance_cap(meeting)]
            meeting.breaches = [b.as_dict() for b in breaches if b is not None]
            if meeting.breaches:
                meeting.exception_reason = "全县性重要会议，确需扩大范围，经主任审批同意。"
        meetings = bulk_create_with_history(meetings, Meeting, batch_size=200)
        Meeting.required_leaders.through.objects.bulk_create(
            [
                Meeting.required_leaders.through(meeting_id=meeting.pk, user_id=leader.pk)
                for meeting in meetings
                if meeting.meeting_type in CHAIRED_BY_SECRETARY
                for leader in self.leaders
            ]
        )
        rows = DatedRows()
        agenda, tasks, links = [], [], []
        for meeting in meetings:
            source = meeting
            day = timezone.localtime(meeting.starts_at).date()
            requested = self.calendar.days[max(self.calendar.at_or_after(day) - 6, 0)]
            moment = _local(requested, 10)
            rows.transition(meeting, "submit", actor=staff, moment=moment,
                            comment=meeting.exception_reason)  # fmt: skip
            if getattr(source, "_demo_cancel", False):
                rows.transition(meeting, "cancel", actor=staff, moment=moment + timedelta(days=1),
                                comment="工作安排调整，并入其他会议。")  # fmt: skip
                continue
            rows.transition(meeting, "approve", actor=director, moment=moment + timedelta(hours=5))
            # The agenda: 第一议题 first where the type carries it.
            position = 0
            budget = meeting.planned_minutes
            if hasattr(source, "_material"):
                position += 1
                item = AgendaItem(meeting=meeting, position=position, kind=AgendaKind.STUDY,
                                  title=f"传达学习{source._material.title}", presenter=leader,
                                  presenter_name=str(leader), minutes=20,
                                  measures="结合我县实际研究贯彻落实措施，明确牵头单位和完成时限。")  # fmt: skip
                rows.add(item, moment + timedelta(days=1))
                agenda.append((item, source._material))
                budget -= 20
            for kind, label in ((AgendaKind.REPORT, "情况汇报"), (AgendaKind.DECISION, "研究审议")):
                position += 1
                share = max(min(budget // 3, 60), 5)
                item = AgendaItem(meeting=meeting, position=position, kind=kind,
                                  title=f"{label}：{meeting.title}", presenter_name="相关单位负责人",
                                  minutes=share)  # fmt: skip
                rows.add(item, moment + timedelta(days=1))
                agenda.append((item, None))
            for template in self.templates(meeting.meeting_type):
                deadline = task_deadline(day, template.working_days_before)
                tasks.append(ChecklistTask(meeting=meeting, title=template.title,
                                           mandatory=template.mandatory, owner=staff,
                                           deadline=deadline, done_on=min(deadline, day),
                                           done_by=staff, position=template.position))  # fmt: skip
            held_at = meeting.starts_at
            rows.transition(
                meeting, "mark_ready", actor=staff, moment=held_at - timedelta(hours=20)
            )
            rows.transition(meeting, "hold", actor=staff, moment=meeting.ends_at)
            version = MinutesVersion(meeting=meeting, number=1, created_by=staff,
                                     text=f"{meeting.title}纪要：会议听取了有关情况汇报，研究了相关事项。",
                                     approved_by=director, approved_at=meeting.ends_at + timedelta(days=2))  # fmt: skip
            rows.add(version, meeting.ends_at + timedelta(days=1))
            rows.transition(meeting, "approve_minutes", actor=director,
                            moment=meeting.ends_at + timedelta(days=2))  # fmt: skip
            if hasattr(source, "_number"):
                links.append((meeting, source._number))
        Meeting.objects.bulk_update(meetings, ["status"], batch_size=200)
        rows.save()
        for item, material in agenda:
            if material is not None:
                item.study_materials.add(material)
        ChecklistTask.objects.bulk_create(tasks)
        decisions = self.link_decisions(links, staff)
        return Counter({"会议": len(meetings), "议题": len(agenda), "会议议定事项": decisions})

    def templates(self, meeting_type):
        if not hasattr(self, "_templates"):
            self._templates = {}
            for template in ChecklistTemplate.objects.all():
                self._templates.setdefault(template.meeting_type, []).append(template)
        return self._templates.get(meeting_type, [])

    def describe(self, meeting_type, n, day):
        leader, director = self.users["leader"], self.users["director"]
        year, rng = self.year, self.rng
        unit = self.office
        if meeting_type == MeetingType.STANDING_COMMITTEE:
            return f"县委常委会{year}年第{n}次会议", 8, 180, 25, self.secretary, unit
        if meeting_type == MeetingType.SECRETARY_SPECIAL:
            topic = SPECIAL_TOPICS[(n - 1) % len(SPECIAL_TOPICS)]
            return f"县委书记专题会议（{topic}）", 15, 90, 15, self.secretary, unit
        if meeting_type == MeetingType.PLENARY:
            return f"中共*县委十四届{10 + n}次全体会议", 9, 300, 180, leader, unit
        if meeting_type == MeetingType.PARTY_CONGRESS:
            return "中国共产党*县第十五次代表大会", 9, 1200, 300, leader, unit
        if meeting_type == MeetingType.OFFICE_AFFAIRS:
            return f"县委办公室{year}年第{n}次室务会", 8, 60, 15, director, unit
        if meeting_type == MeetingType.LEADING_GROUP:
            group = LEADING_GROUPS[(n - 1) % len(LEADING_GROUPS)]
            return (
                f"县委{group}{year}年第{(n - 1) // len(LEADING_GROUPS) + 1}次会议",
                15,
                90,
                30,
                leader,
                unit,
            )
        if meeting_type == MeetingType.WORK_CONFERENCE:
            return (
                CONFERENCES[(n - 1) % len(CONFERENCES)],
                9,
                150,
                220 if n <= 2 else 150,
                leader,
                rng.choice(self.units),
            )
        return f"全省视频会议（第{n}场）县分会场", 15, 90, 60, leader, unit

    def link_decisions(self, links, staff) -> int:
        """The standing committee's decisions: the supervision items opened from each meeting
        (supervision's demo names the meeting in their source reference)."""
        Item = Decision._meta.get_field("supervision_item").related_model
        made = []
        for meeting, number in links:
            reference = f"县委常委会{self.year}年第{number}次会议"
            items = Item.objects.filter(
                owning_office=self.office, year=self.year, source_kind="meeting",
                source_reference=f"{reference}纪要", meeting_decision__isnull=True,
            ).order_by("sequence")[:3]  # fmt: skip
            for item in items:
                made.append(Decision(meeting=meeting, text=item.title.split("：", 1)[-1], lead_unit=item.lead_unit,
                                     supervision_item=item, created_by=staff))  # fmt: skip
        rows = DatedRows()
        for decision in made:
            rows.add(decision, decision.meeting.ends_at + timedelta(days=1))
        rows.save()
        return len(made)


class LiveMeetings:
    """This week's calendar and the meetings in hand, through the services."""

    def __init__(self, *, office, users, today):
        self.office, self.users, self.today = office, users, today
        self.clock = DemoClock(
            {
                Meeting: "created_at",
                Meeting.history.model: "history_date",
                ChecklistTask.history.model: "history_date",
                MinutesVersion: "created_at",
                Decision: "created_at",
                Decision.history.model: "history_date",
                Attendance: "notified_at",
                Attendance.history.model: "history_date",
            },
            today=today,
        )

    def on(self, day, actor):
        """A step played on ``day`` (never later than today), its rows dated so."""
        return self.clock.dated(min(day, self.today), actor)

    def create(self) -> Counter:
        u = self.users
        staff, director, leader = u["staff"], u["director"], u["leader"]
        # The county secretary chairs; the deputy secretary and the other leaders attend.
        secretary = u.get("secretary") or leader
        others = [p for p in (leader, u.get("leader_org")) if p and p != secretary]
        liaison = u.get("unit_liaison")
        monday = self.today - timedelta(days=self.today.weekday())
        free = setting("MEETINGS_NO_MEETING_WEEKDAYS")
        # The week's meeting days (Tuesday, Thursday in the seed county), and next week's.
        days = [monday + timedelta(days=n) for n in range(12) if (monday + timedelta(days=n)).weekday() not in free and (monday + timedelta(days=n)).weekday() < 5]  # fmt: skip
        # Past the materials this year's meetings have studied already (the current year's
        # ledger may have taken the first ones): each is studied once.
        StudyMaterial = apps.get_model("training", "StudyMaterial")
        studied = StudyMaterial.objects.filter(
            owning_office=self.office,
            issued_on__year=self.today.year,
            meeting_agenda_items__isnull=False,
        ).distinct()
        materials = _materials(self.office, staff, 3, self.today.year, offset=studied.count())
        made = Counter()

        def request(meeting_type, title, day, hour, minutes, attendance, chair, *, unit=None,
                    actor=staff, leaders=()):  # fmt: skip
            starts = _local(day, hour)
            data = services.MeetingData(
                meeting_type=meeting_type, title=title, organiser_unit=unit or self.office,
                chair=chair, starts_at=starts, ends_at=starts + timedelta(minutes=minutes),
                place="县委常委会议室", expected_attendance=attendance,
                reason="研究部署近期重点工作。", required_leaders=list(leaders),
            )  # fmt: skip
            made["会议"] += 1
            with self.on(day - timedelta(days=8), actor):
                return services.meeting_request(actor=actor, data=data)

        def approve(meeting, ready=False, held=False):
            day = timezone.localtime(meeting.starts_at).date()
            reason = "" if not services.meeting_checks(meeting) else "工作需要，确需召开。"
            with self.on(day - timedelta(days=7), staff):
                services.meeting_submit(actor=staff, meeting=meeting, exception_reason=reason)
            with self.on(day - timedelta(days=6), director):
                services.meeting_approve(actor=director, meeting=meeting, comment="同意。")
            if ready or held:
                for task in meeting.tasks.all():
                    with self.on(task.deadline, staff):
                        services.task_done(
                            actor=staff, task=task, today=min(task.deadline, self.today)
                        )
                with self.on(day - timedelta(days=1), staff):
                    services.meeting_mark_ready(actor=staff, meeting=meeting)
            if held:
                with self.on(day, staff):
                    services.meeting_hold(actor=staff, meeting=meeting)

        # The standing committee this week: ready, 第一议题 first.
        sc = request(MeetingType.STANDING_COMMITTEE, f"县委常委会{self.today.year}年第{self.today.isocalendar()[1]}次会议", days[0], 9, 150, 25, secretary, leaders=others)  # fmt: skip
        services.agenda_item_add(actor=staff, meeting=sc, kind=AgendaKind.STUDY,
                                 title=f"传达学习{materials[0].title}", minutes=20,
                                 presenter=leader, study_materials=[materials[0]])  # fmt: skip
        services.agenda_item_add(actor=staff, meeting=sc, kind=AgendaKind.REPORT,
                                 title="县发改局汇报重点项目推进情况", minutes=15, presenter_name="县发改局局长")  # fmt: skip
        services.agenda_item_add(actor=staff, meeting=sc, kind=AgendaKind.DECISION,
                                 title="审议《关于进一步优化营商环境的实施意见》", minutes=30,
                                 presenter_name="县委办公室主任")  # fmt: skip
        approve(sc, ready=days[0] >= self.today, held=days[0] < self.today)
        # The secretary's special meeting the same week, in the afternoon.
        upcoming = [d for d in days if d >= self.today] or days
        special = request(MeetingType.SECRETARY_SPECIAL, "县委书记专题会议（防汛减灾准备）", upcoming[0], 15, 90, 15, secretary, leaders=others)  # fmt: skip
        services.agenda_item_add(actor=staff, meeting=special, kind=AgendaKind.REPORT,
                                 title="县应急局汇报防汛准备情况", minutes=20, presenter_name="县应急局局长")  # fmt: skip
        approve(special, ready=True)
        section_head = u.get("section_head")
        services.notice_send(actor=staff, meeting=special,
                             attendees=[p for p in (director, section_head) if p])  # fmt: skip
        services.attendance_answer(actor=leader, meeting=special, confirm=True)
        services.attendance_answer(actor=director, meeting=special, confirm=False,
                                   reason="同一时间参加市委会议。", substitute="县委办副主任")  # fmt: skip
        # The office affairs meeting: approved, its checklist still open.
        office_meeting = request(MeetingType.OFFICE_AFFAIRS, f"县委办公室{self.today.year}年第{self.today.month}次室务会", upcoming[min(1, len(upcoming) - 1)], 8, 60, 12, director)  # fmt: skip
        services.agenda_item_add(actor=staff, meeting=office_meeting, kind=AgendaKind.STUDY,
                                 title=f"传达学习{materials[1].title}", minutes=15,
                                 presenter=director, study_materials=[materials[1]])  # fmt: skip
        approve(office_meeting)
        first = office_meeting.tasks.order_by("position").first()
        if first:
            services.task_done(actor=staff, task=first)
        # A township's meeting on a Friday, awaiting approval with its breach shown.
        friday = monday + timedelta(days=11)
        unit = liaison.org_unit if liaison else self.office
        asking = request(MeetingType.WORK_CONFERENCE, "城关镇安全生产工作推进会", friday, 9, 210, 220, leader, unit=unit, actor=liaison or staff)  # fmt: skip
        services.meeting_submit(actor=liaison or staff, meeting=asking,
                                exception_reason="汛期前须全面部署，且需各村（社区）负责人全部参加。")  # fmt: skip
        # A draft the staff is still writing.
        request(
            MeetingType.LEADING_GROUP, "县委全面深化改革委员会会议", days[-1], 15, 90, 30, leader
        )
        # Last week's secretary's special meeting: held, minuted, a decision handed over.
        last = [d for d in (monday - timedelta(days=n) for n in range(1, 8)) if d.weekday() not in free and d.weekday() < 5]  # fmt: skip
        if last:
            past = request(MeetingType.SECRETARY_SPECIAL, "县委书记专题会议（重点民生实事推进）", last[0], 15, 90, 15, secretary, leaders=others)  # fmt: skip
            services.agenda_item_add(actor=staff, meeting=past, kind=AgendaKind.DECISION,
                                     title="研究重点民生实事推进措施", minutes=40,
                                     presenter_name="县发改局局长")  # fmt: skip
            approve(past, held=True)
            after = last[0] + timedelta(days=1)
            with self.on(after, staff):
                services.minutes_save(actor=staff, meeting=past,
                                      text="会议研究了重点民生实事推进工作，议定如下事项。")  # fmt: skip
            with self.on(after, director):
                services.minutes_approve(actor=director, meeting=past)
            with self.on(after, staff):
                decision = services.decision_add(actor=staff, meeting=past,
                                                 text="县发改局牵头，6月底前完成城区停车场建设。",
                                                 lead_unit=unit)  # fmt: skip
            with self.on(after, staff):
                services.decision_to_supervision(actor=staff, decision=decision)
            with self.on(after, staff):
                services.decision_add(
                    actor=staff, meeting=past, text="县教育局牵头，做好秋季学期学位保障。"
                )
        return made


__all__ = ["no_meeting_day"]
