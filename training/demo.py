"""The training app's demo: the report year's study (every Thursday less holidays,
a special topic and reading meetings, with attendance), twelve digests, mentoring
pairs, the three tiers; and live items around today. Everything goes through the services,
back-dated with office.demo's DemoClock."""

import random
from collections import Counter
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone, translation

from office.demo import DemoClock
from office.models import OrgUnit, User
from office.roles import Role
from office.workdays import add_working_days

from . import services
from .choices import Attendance, SessionKind, Tier
from .models import (
    Assessment,
    Competition,
    DigestArticle,
    GrassrootsCourse,
    MentoringPair,
    MentoringReview,
    SessionAttendance,
    StudyMaterial,
    StudySession,
    TheoryDigest,
    TierChange,
)
from .selectors import competition_results, office_staff

SPEECHES = [
    ("在中央经济工作会议上的重要讲话", "speech", "新华社"),
    ("关于深化改革开放的重要论述", "speech", "《求是》"),
    ("在全国两会期间的重要讲话", "speech", "人民日报"),
    ("关于乡村全面振兴的重要指示", "instruction", "新华社"),
    ("在省份考察时的重要讲话", "speech", "新华社"),
    ("关于党的建设的重要论述", "speech", "《求是》"),
    ("关于新质生产力的重要论述", "speech", "人民日报"),
    ("关于文化传承发展的重要讲话", "speech", "《求是》"),
    ("关于城市工作的重要论述", "speech", "新华社"),
    ("关于防汛救灾工作的重要指示", "instruction", "新华社"),
    ("在全国生态环境保护大会上的讲话", "speech", "人民日报"),
    ("关于基层治理的重要指示", "instruction", "新华社"),
]
READINGS = [
    ("县域“风口”产业培育的实践与思考", "article", "《学习时报》"),
    ("城市更新与城市提质的县域路径", "article", "《半月谈》"),
    ("文旅融合赋能乡村振兴", "article", "《人民论坛》"),
]
SPECIAL_TOPICS = ["学习贯彻全会精神专题学习", "党纪学习教育专题学习", "“三服务”能力提升专题学习"]
READING_TOPICS = ["“读书活动”交流会（上半年）", "“读书活动”交流会（下半年）"]
STAMPED = {
    StudyMaterial: "created_at",
    StudyMaterial.history.model: "history_date",
    StudySession: "created_at",
    StudySession.history.model: "history_date",
    SessionAttendance.history.model: "history_date",
    TheoryDigest: "created_at",
    TheoryDigest.history.model: "history_date",
    DigestArticle.history.model: "history_date",
    MentoringPair: "created_at",
    MentoringPair.history.model: "history_date",
    MentoringReview: "created_at",
    TierChange: "created_at",
    TierChange.history.model: "history_date",
    Competition: "created_at",
    Competition.history.model: "history_date",
    Assessment: "created_at",
    Assessment.history.model: "history_date",
    GrassrootsCourse: "created_at",
    GrassrootsCourse.history.model: "history_date",
}


def seed(*, year: int, password: str, stdout) -> Counter:
    created = Counter()
    users = {
        u.username: u
        for u in User.objects.filter(username__in=("staff", "director", "section_head"))
    }
    staff, director = users.get("staff"), users.get("director")
    if staff is None or director is None or staff.office is None:
        stdout.write("学习与队伍建设：找不到演示用户 staff 或 director，跳过。")
        return created
    office = staff.office
    today = timezone.localdate()
    created.update(seed_newcomers(staff, password))
    # The demo's texts (a digest's title, a session's topic) are stored in Chinese.
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        if (
            year <= today.year
            and not StudySession.objects.filter(owning_office=office, held_on__year=year).exists()
        ):
            created.update(ReportYear(users, year, today).create())
        if (
            year != today.year
            and not StudySession.objects.filter(
                owning_office=office, held_on__year=today.year
            ).exists()
        ):
            created.update(LiveYear(users, today.year, today).create())
        created.update(seed_second_county(year, today))
    return created


# Two newcomers of the office, each paired with an experienced colleague (老带新).
NEWCOMERS = {
    "newcomer_wang": ("王晓雨", "综合科科员（新进）"),
    "newcomer_liu": ("刘子涵", "秘书科科员（新进）"),
}


def seed_newcomers(staff, password: str) -> Counter:
    created = Counter()
    staff_group = Group.objects.get(name=Role.STAFF)
    section = staff.org_unit
    for username, (name, position) in NEWCOMERS.items():
        if User.objects.filter(username=username).exists():
            continue
        user = User.objects.create_user(
            username=username, password=password, name=name, position=position, org_unit=section
        )
        user.groups.add(staff_group)
        created["新进人员"] += 1
    return created


class ReportYear:
    """The report year's study, played day by day as the office did it."""

    live = False

    def __init__(self, users, year: int, today: date):
        self.staff, self.director = users["staff"], users["director"]
        self.head = users.get("section_head") or self.director
        self.year, self.today = year, today
        self.clock = DemoClock(STAMPED, today=today)
        self.rng = random.Random(year)  # noqa: S311 - demo data, not security
        self.people = list(office_staff(self.staff.office))
        self.created = Counter()

    def create(self) -> Counter:
        materials = self.materials()
        self.sessions(materials)
        self.digests()
        self.mentoring()
        if not TierChange.objects.filter(owning_office=self.staff.office).exists():
            self.tiers()
        if not self.live:
            self.competition()
            self.assessment()
        self.courses()
        return self.created

    def competition(self):
        """大练兵大比武 in 办文、办事、办会: each person in a category, two judges, and the
        best of each category commended."""
        day = add_working_days(date(self.year, 9, 15), 0)
        with self.clock.dated(day, self.director):
            competition = services.competition_create(
                actor=self.director,
                title=f"{self.year}年度“办文办事办会”大练兵大比武",
                held_on=day,
                description="公文起草、信息报送、会务保障三个项目，现场比武、评委打分。",
            )
        judges = [self.director, self.head]
        categories = ["writing", "affairs", "meetings"]
        entrants = [p for p in self.people if p.pk not in {j.pk for j in judges}]
        for index, person in enumerate(entrants):
            category = categories[index % 3]
            with self.clock.dated(day, self.director):
                entry = services.competition_entry_add(
                    actor=self.director, competition=competition, person=person, category=category
                )
                for judge in judges:
                    services.competition_score(
                        actor=judge, entry=entry, score=self.rng.randint(72, 96)
                    )
        commendations = ["example", "benchmark", "pioneer"]
        for category, commendation in zip(categories, commendations, strict=True):
            best = next(
                (e for e in competition_results(competition) if e.category == category), None
            )
            if best is not None:
                with self.clock.dated(day, self.director):
                    services.competition_commend(
                        actor=self.director, entry=best, commendation=commendation
                    )
        self.created["大练兵大比武"] += 1

    def courses(self):
        """Courses for the townships' and departments' party offices, with feedback."""
        county = OrgUnit.objects.filter(office=self.staff.office).order_by("sort_order", "pk")
        units = [*county.filter(kind="township")[:5], *county.filter(kind="department")[:3]]
        topics = [("党办业务培训：公文处理与信息报送", 4), ("党办业务培训：会务保障与督查督办", 10)]
        for title, month in topics:
            day = add_working_days(date(self.year, month, 15), 0)
            if day > self.today:
                continue
            with self.clock.dated(day, self.director):
                course = services.course_create(
                    actor=self.director, title=f"{self.year}年{title}", held_on=day,
                    location="县委党校", content="讲解规范要求，结合案例逐项演练。",
                )  # fmt: skip
                for index, unit in enumerate(units):
                    services.course_enrol(
                        actor=self.director, course=course, unit=unit, people=2 + index % 2
                    )
                for unit in units[:3]:
                    services.course_feedback(
                        actor=self.director, course=course, unit=unit, rating=5,
                        feedback="内容实用，希望增加案例分析。",
                    )  # fmt: skip
            self.created["基层党办培训"] += 1

    def assessment(self):
        """The year's 科室目标考核: the director's score on the quality of the work; the rest
        computed from the year's records (documents, manuscripts, meetings, supervision,
        study)."""
        day = date(self.year, 12, 20)
        with self.clock.dated(day, self.director):
            assessment = services.assessment_create(
                actor=self.director,
                year=self.year,
                title=f"{self.year}年度科室目标考核评比",
                criteria=[
                    services.CriterionData("工作质量", 20),
                    services.CriterionData("办文", 20, "documents_drafted"),
                    services.CriterionData("文稿撰写", 10, "manuscripts"),
                    services.CriterionData("办会保障", 15, "meetings_served"),
                    services.CriterionData("督查督办按时办结", 20, "supervision_on_time"),
                    services.CriterionData("学习出勤", 15, "study_attendance"),
                ],
            )
        sections = OrgUnit.objects.filter(office=self.staff.office, kind="section")
        for criterion in assessment.criteria.filter(source="manual"):
            for section in sections:
                with self.clock.dated(day, self.director):
                    services.section_score_set(
                        actor=self.director,
                        criterion=criterion,
                        section=section,
                        score=self.rng.randint(80, 98),
                    )
        self.created["科室目标考核"] += 1

    def waits_for_attendance(self, day: date) -> bool:
        """Live: the last week's sessions wait for their organiser; later ones are planned."""
        return day > self.today or (self.live and day > self.today - timedelta(days=7))

    def materials(self) -> list[StudyMaterial]:
        found = []
        for month in range(1, 13):
            title, kind, source = SPEECHES[month - 1]
            day = date(self.year, month, min(5 + month, 28))
            if day > self.today:
                break
            with self.clock.dated(day, self.staff):
                found.append(
                    services.material_create(
                        actor=self.staff,
                        data={
                            "title": f"习近平总书记{title}",
                            "kind": kind,
                            "issued_on": day,
                            "source": f"{source} {self.year}年{month}月",
                            "summary": f"{title}的主要精神和工作要求摘要。",
                            "full_text": "",
                        },
                    )
                )
            if month in (3, 6, 9):
                rtitle, rkind, rsource = READINGS[month // 3 - 1]
                with self.clock.dated(day, self.staff):
                    found.append(
                        services.material_create(
                            actor=self.staff,
                            data={
                                "title": rtitle,
                                "kind": rkind,
                                "issued_on": day + timedelta(days=3),
                                "source": rsource,
                                "summary": f"{rtitle}：要点摘编。",
                                "full_text": "",
                            },
                        )
                    )
        self.created["学习资料"] += len(found)
        return found

    def _confirm(self, session, organiser, *, leave_share=0.08):
        entries = []
        for person in self.people:
            if self.rng.random() < leave_share:
                entries.append(services.AttendanceEntry(person, Attendance.LEAVE, "因公出差"))
            else:
                entries.append(services.AttendanceEntry(person, Attendance.PRESENT))
        with self.clock.dated(session.held_on, organiser):
            services.session_attendance_confirm(
                actor=organiser, session=session, entries=entries, notes="学习后开展了交流研讨。"
            )

    def sessions(self, materials):
        jan_first = date(self.year, 1, 1)
        with self.clock.dated(jan_first - timedelta(days=3), self.staff):
            services.thursday_schedule_create(
                actor=self.staff,
                year=self.year,
                move_to_next_working_day=self.live,
                topic="周四集体学习",
                location="县委办三楼会议室",
            )
        thursdays = StudySession.objects.filter(
            owning_office=self.staff.office, kind=SessionKind.THURSDAY, held_on__year=self.year
        ).order_by("held_on")
        speeches = [m for m in materials if m.kind in ("speech", "instruction")]
        for session in thursdays:
            if self.waits_for_attendance(session.held_on):
                continue
            # The latest speech issued before the session is what it studies.
            issued = [m for m in speeches if m.issued_on < session.held_on][-1:]
            with self.clock.dated(session.held_on - timedelta(days=2), self.staff):
                services.session_update(
                    actor=self.staff,
                    session=session,
                    data={
                        "kind": session.kind,
                        "topic": f"周四集体学习：{issued[0].title}" if issued else session.topic,
                        "held_on": session.held_on,
                        "location": session.location,
                        "speaker": "",
                        "notes": "",
                        "start_time": None,
                    },
                    materials=issued,
                )
            self._confirm(session, self.staff)
            self.created["周四集体学习"] += 1
        # 第一议题 is not recorded here: the meetings' agenda opens with it, studying these
        # materials of the shared library (selectors.first_topic_studies).
        for index, topic in enumerate(SPECIAL_TOPICS + READING_TOPICS):
            kind = SessionKind.SPECIAL if index < len(SPECIAL_TOPICS) else SessionKind.READING
            day = add_working_days(date(self.year, 2 + index * 2, 10), 0)
            if self.waits_for_attendance(day):
                continue
            with self.clock.dated(day, self.head):
                session = services.session_create(
                    actor=self.head,
                    data={"kind": kind, "topic": topic, "held_on": day, "speaker": str(self.head)},
                    materials=[m for m in materials if m.kind == "article"][:1],
                )
            self._confirm(session, self.head)
            self.created["专题学习和读书活动"] += 1

    # The months an issue of the digest comes out.
    digest_months = range(1, 13)

    def digests(self):
        for month in self.digest_months:
            last = date(self.year, month, 28)
            if last > self.today:
                break
            if self.live and month == self.today.month - 1:
                # Last month's issue: compiled, waiting to be published.
                with self.clock.dated(last, self.staff):
                    services.digest_compile(actor=self.staff, year=self.year, month=month)
                self.created["待印发文摘"] += 1
                break
            with self.clock.dated(last, self.staff):
                digest = services.digest_compile(actor=self.staff, year=self.year, month=month)
                services.digest_article_add(
                    actor=self.staff,
                    digest=digest,
                    data={
                        "focus_area": ["industry", "urban", "rural", "culture"][month % 4],
                        "title": f"{self.year}年{month}月县域发展观察",
                        "source": "县委办信息科",
                        "text": "围绕“风口”产业、城市提质、乡村振兴、文旅文创等重点热点焦点选编。",
                    },
                )
            with self.clock.dated(last, self.director):
                services.digest_publish(actor=self.director, digest=digest)
            self.created["理论学习文摘"] += 1

    def mentoring(self):
        """Each newcomer paired with an experienced colleague (the live year goes on with the
        report year's pairs: their next review is what falls due)."""
        if self.live and MentoringPair.objects.filter(owning_office=self.staff.office).exists():
            return
        newcomers = [p for p in self.people if p.username in NEWCOMERS]
        pairs = list(zip((self.head, self.staff), newcomers, strict=False))
        for index, (mentor, mentee) in enumerate(pairs):
            start = add_working_days(date(self.year, 2 + index, 1), 0)
            with self.clock.dated(start, self.director):
                pair = services.pair_create(
                    actor=self.director,
                    mentor=mentor,
                    mentee=mentee,
                    started_on=start,
                    goals="熟悉办文办事办会流程，独立起草常规公文，掌握会务保障要点。",
                    review_every_months=3,
                )
            for quarter in (3, 6):
                review_day = add_working_days(start + timedelta(days=quarter * 30), 0)
                if review_day.year != self.year or review_day > self.today:
                    continue
                with self.clock.dated(review_day, mentor):
                    services.pair_review(
                        actor=mentor,
                        pair=pair,
                        held_on=review_day,
                        text="本阶段进步明显，下一步加强综合文稿训练。",
                    )
            self.created["老带新结对"] += 1

    def tiers(self):
        tiers = [Tier.CORE, Tier.POTENTIAL, Tier.DEVELOPING]
        day = add_working_days(date(self.year, 3, 1), 0)
        for index, person in enumerate(self.people):
            with self.clock.dated(day, self.director):
                services.tier_change(
                    actor=self.director,
                    person=person,
                    tier=tiers[index % 3],
                    reason="年度队伍梯次评定。",
                    changed_on=day,
                )
            self.created["队伍梯次"] += 1


class SecondCountyYear(ReportYear):
    """云溪县, a smaller office with its own figures, so the city view compares two counties:
    the Thursday study and the library as in 青川县, a digest every other month (6), one
    pairing, the courses, the assessment; no competition this year."""

    digest_months = range(2, 13, 2)

    def create(self) -> Counter:
        materials = self.materials()
        self.sessions(materials)
        self.digests()
        self.mentoring()
        self.assessment()
        self.courses()
        return self.created

    def mentoring(self):
        start = add_working_days(date(self.year, 3, 2), 0)
        with self.clock.dated(start, self.director):
            services.pair_create(
                actor=self.director,
                mentor=self.director,
                mentee=self.staff,
                started_on=start,
                goals="熟悉县委办文办会流程，半年内独立承担会务保障。",
                review_every_months=6,
            )
        self.created["老带新结对"] += 1


# The second county's demo users (office.demo): its staff member and its director.
SECOND_COUNTY_USERS = {"staff": "b_staff", "director": "b_director"}


def seed_second_county(year: int, today: date) -> Counter:
    """云溪县's report year, once (a second run finds its sessions and makes nothing)."""
    found = {u.username: u for u in User.objects.filter(username__in=SECOND_COUNTY_USERS.values())}
    users = {role: found.get(name) for role, name in SECOND_COUNTY_USERS.items()}
    if None in users.values() or users["staff"].office is None or year > today.year:
        return Counter()
    office = users["staff"].office
    if StudySession.objects.filter(owning_office=office, held_on__year=year).exists():
        return Counter()
    return SecondCountyYear(users, year, today).create()


class LiveYear(ReportYear):
    """This year up to today, as it stands: sessions of the last week wait for the organiser
    to confirm attendance, last month's digest is a draft to publish, a pairing's review is
    due; the rest of the year's Thursdays are planned (moved off holidays)."""

    live = True
