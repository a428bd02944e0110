"""Training's part of ``manage.py seed_scale`` (the registry's ``scale=`` slot, issue 11): a
county office's year of study in each generated county — the library's materials, the
Thursday collective studies of the year (held ones with every colleague's attendance and the
organiser's confirmation in the workflow log, the days to come planned), the twelve monthly
theory digests with their articles, self-study notes, mentoring pairs with their reviews, a
drill (大练兵大比武) with judges' scores, the year's section assessment, and courses for the
townships' and departments' party offices.

The Thursday sessions are the working Thursdays of the year (about 50) at the default
``--items-per-year`` (2,000), and as many as ``items_per_year`` below that, so a small county
has few; the rest scales with them. Rows are written with COPY from ids reserved up front;
nothing goes through ``save()`` or a service, so nobody is notified.
"""

from collections import Counter
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from office.models import TransitionLog
from office.roles import Role

from .choices import (
    Attendance,
    CompetitionCategory,
    CriterionSource,
    DigestStatus,
    FocusArea,
    PairStatus,
    SessionKind,
    SessionStatus,
)
from .models import (
    Assessment,
    Competition,
    CompetitionEntry,
    CourseParticipation,
    Criterion,
    DigestArticle,
    GrassrootsCourse,
    JudgeScore,
    MentoringPair,
    MentoringReview,
    SectionScore,
    SelfStudyNote,
    SessionAttendance,
    StudyMaterial,
    StudySession,
    TheoryDigest,
)
from .services import digest_title, thursday_schedule_plan

SPEECHES = (
    "习近平总书记在中央经济工作会议上的重要讲话",
    "习近平总书记关于党委办公厅（室）工作的重要指示",
    "习近平总书记在全国组织工作会议上的重要讲话",
    "习近平总书记关于学习贯彻党的创新理论的重要论述",
    "《求是》评论员文章：以学铸魂",
    "习近平总书记在深入推进乡村全面振兴座谈会上的重要讲话",
)
ARTICLES = {
    FocusArea.INDUSTRY: "做强县域主导产业",
    FocusArea.URBAN: "推进城市提质扩容",
    FocusArea.RURAL: "扎实推进乡村振兴",
    FocusArea.CULTURE: "文旅融合发展观察",
}
CRITERIA = (
    ("办文质量", 25, CriterionSource.MANUAL),
    ("文稿起草", 15, CriterionSource.MANUSCRIPTS_DELIVERED),
    ("办会保障", 20, CriterionSource.MEETINGS_SERVED),
    ("督查督办按时办结", 20, CriterionSource.SUPERVISION_ON_TIME),
    ("学习出勤", 20, CriterionSource.STUDY_ATTENDANCE),
)
PER_ITEMS = 2000


def _moment(day: date, hour: int = 17) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def generate(ctx) -> Counter:
    created = Counter()
    session_type = ContentType.objects.get_for_model(StudySession).pk
    for year in ctx.years:
        # The calendar's working Thursdays, the same for every county of the run.
        thursdays = thursday_schedule_plan(year, move_to_next_working_day=False).created
        for county in ctx.counties:
            created.update(_CountyYear(ctx, county, year, thursdays, session_type).write())
    return created


class _CountyYear:
    def __init__(self, ctx, county, year, thursdays, session_type):
        self.ctx, self.county, self.year, self.session_type = ctx, county, year, session_type
        self.rng, self.today = ctx.rng, ctx.today
        self.office_id = county.office.pk
        users = county.users
        self.director = users.get(Role.DIRECTOR, [None])[0]
        self.heads = users.get(Role.SECTION_HEAD, [])
        self.staff = users.get(Role.STAFF, [])
        self.people = [p for p in (self.director, *self.heads, *self.staff) if p is not None]
        wanted = min(len(thursdays), ctx.items_per_year)
        step = len(thursdays) / wanted if wanted else 0
        self.thursdays = [thursdays[int(n * step)] for n in range(wanted)]
        # How much of a full county-year the run asks for (1 at the default 2,000 items).
        self.share = min(1.0, ctx.items_per_year / PER_ITEMS)
        self.rows: dict = {}

    def add(self, model, columns: tuple, row: tuple) -> None:
        self.rows.setdefault(model, (columns, []))[1].append(row)

    def write(self) -> Counter:
        if self.director is None or not self.staff or not self.thursdays:
            return Counter()
        materials = self._materials()
        self._sessions(materials)
        self._digests(materials)
        self._notes(materials)
        self._pairs()
        self._competition()
        self._assessment()
        self._courses(materials)
        return self._copy()

    def _ids(self, model, count: int) -> list[int]:
        return list(self.ctx.reserve_ids(model, count))

    # --- The library and the sessions -------------------------------------------------

    def _materials(self) -> list[int]:
        count = max(2, round(24 * self.share))
        ids = self._ids(StudyMaterial, count)
        columns = ("id", "owning_office_id", "title", "kind", "issued_on", "source", "summary",
                   "full_text", "created_by_id", "created_at")  # fmt: skip
        for n, pk in enumerate(ids):
            issued = date(self.year, 1, 1) + timedelta(days=int(n * 360 / count))
            title = f"{SPEECHES[n % len(SPEECHES)]}（{self.year}年第{n + 1}篇）"
            self.add(StudyMaterial, columns, (pk, self.office_id, title, "speech", issued,
                     "新华社", "讲话的主要精神和贯彻要求。", "", self.staff[0].pk,
                     _moment(issued)))  # fmt: skip
        return ids

    def _sessions(self, materials: list[int]) -> None:
        ids = self._ids(StudySession, len(self.thursdays))
        columns = ("id", "owning_office_id", "kind", "topic", "held_on", "start_time",
                   "location", "speaker", "organiser_id", "notes", "status", "created_at")  # fmt: skip
        attendance = ("session_id", "person_id", "status", "leave_reason")
        log_columns = ("content_type_id", "object_id", "transition", "source_state",
                       "target_state", "actor_id", "comment", "created_at")  # fmt: skip
        for n, (pk, day) in enumerate(zip(ids, self.thursdays, strict=True)):
            organiser = self.staff[n % len(self.staff)]
            held = day < self.today
            material = materials[min(n * len(materials) // len(ids), len(materials) - 1)]
            self.add(StudySession, columns, (pk, self.office_id, SessionKind.THURSDAY,
                     "周四集体学习", day, time(15, 0), "机关三楼会议室", self.director.name,
                     organiser.pk, "传达学习有关讲话精神。" if held else "",
                     SessionStatus.HELD if held else SessionStatus.PLANNED,
                     _moment(day - timedelta(days=7))))  # fmt: skip
            self.add(StudySession.materials.through, ("studysession_id", "studymaterial_id"),
                     (pk, material))  # fmt: skip
            if not held:
                continue
            for person in self.people:
                leave = self.rng.random() < 0.08
                self.add(SessionAttendance, attendance, (pk, person.pk,
                         Attendance.LEAVE if leave else Attendance.PRESENT,
                         "下乡调研。" if leave else ""))  # fmt: skip
            self.add(TransitionLog, log_columns, (self.session_type, pk, "confirm_attendance",
                     SessionStatus.PLANNED, SessionStatus.HELD, organiser.pk, "",
                     _moment(day)))  # fmt: skip

    # --- The monthly digest, the notes, mentoring -------------------------------------

    def _digests(self, materials: list[int]) -> None:
        months = [m for m in range(1, 13) if date(self.year, m, 1) <= self.today]
        ids = self._ids(TheoryDigest, len(months))
        columns = ("id", "owning_office_id", "year", "month", "title", "foreword", "status",
                   "published_at", "created_by_id", "created_at")  # fmt: skip
        article = ("digest_id", "focus_area", "title", "source", "text", "material_id",
                   "position")  # fmt: skip
        for pk, month in zip(ids, months, strict=True):
            first = date(self.year, month, 1)
            current = (self.year, month) == (self.today.year, self.today.month)
            status = DigestStatus.DRAFT if current else DigestStatus.PUBLISHED
            self.add(TheoryDigest, columns, (pk, self.office_id, self.year, month,
                     digest_title(self.year, month), "本期围绕县域重点工作选编。", status,
                     None if current else _moment(first + timedelta(days=27)),
                     self.heads[0].pk if self.heads else self.director.pk,
                     _moment(first)))  # fmt: skip
            for position, (area, title) in enumerate(ARTICLES.items(), start=1):
                material = materials[(month + position) % len(materials)]
                self.add(DigestArticle, article, (pk, area, f"{title}（{month}月）", "《求是》",
                         "文章摘编。", material if area == FocusArea.INDUSTRY else None,
                         position))  # fmt: skip

    def _notes(self, materials: list[int]) -> None:
        count = max(1, round(200 * self.share))
        sections = {p.pk: p.org_unit_id for p in self.people}
        columns = ("owning_office_id", "owner_id", "section_id", "read_on", "title",
                   "material_id", "note", "created_at")  # fmt: skip
        last = min(self.today, date(self.year, 12, 31))
        span = max(1, (last - date(self.year, 1, 1)).days)
        for n in range(count):
            owner = self.staff[n % len(self.staff)]
            day = date(self.year, 1, 1) + timedelta(days=self.rng.randrange(span))
            self.add(SelfStudyNote, columns, (self.office_id, owner.pk, sections[owner.pk], day,
                     "《求是》文章", materials[n % len(materials)], "学习体会。",
                     _moment(day)))  # fmt: skip

    def _pairs(self) -> None:
        mentors = self.heads or [self.director]
        count = min(len(self.staff), max(1, round(4 * self.share)))
        ids = self._ids(MentoringPair, count)
        columns = ("id", "owning_office_id", "mentor_id", "mentee_id", "started_on", "goals",
                   "review_every_months", "status", "ended_on", "assessment", "created_at")  # fmt: skip
        review = ("pair_id", "held_on", "text", "author_id", "created_at")
        started = date(self.year, 1, 10)
        for n, pk in enumerate(ids):
            mentor, mentee = mentors[n % len(mentors)], self.staff[-1 - n]
            ended = date(self.year, 12, 20) if date(self.year, 12, 20) < self.today else None
            self.add(MentoringPair, columns, (pk, self.office_id, mentor.pk, mentee.pk, started,
                     "熟悉办文办会办事，独立承担综合文稿。", 3,
                     PairStatus.ENDED if ended else PairStatus.ACTIVE, ended,
                     "期满考核合格。" if ended else "", _moment(started)))  # fmt: skip
            for quarter in (3, 6, 9):
                held = started + timedelta(days=quarter * 30)
                if held < self.today:
                    self.add(MentoringReview, review, (pk, held, "进步明显，能独立起草通知。",
                             mentor.pk, _moment(held)))  # fmt: skip

    # --- The drill, the assessment, the grassroots courses -----------------------------

    def _competition(self) -> None:
        held = date(self.year, 6, 18)
        if held > self.today:
            return
        (pk,) = self._ids(Competition, 1)
        self.add(Competition, ("id", "owning_office_id", "title", "held_on", "description",
                 "max_score", "created_by_id", "created_at"), (pk, self.office_id,
                 f"{self.year}年办文办事办会大练兵大比武", held, "比武分办文、办事、办会三类。",
                 100, self.director.pk, _moment(held - timedelta(days=20))))  # fmt: skip
        entrants = [*self.heads, *self.staff]
        entries = self._ids(CompetitionEntry, len(entrants))
        categories = list(CompetitionCategory.values)
        judges = [self.director, *self.heads[:1]]
        for n, (entry, person) in enumerate(zip(entries, entrants, strict=True)):
            self.add(CompetitionEntry, ("id", "competition_id", "person_id", "category",
                     "commendation"), (entry, pk, person.pk, categories[n % 3],
                     "example" if n == 0 else ""))  # fmt: skip
            for judge in judges:
                if judge.pk != person.pk:
                    self.add(JudgeScore, ("entry_id", "judge_id", "score"),
                             (entry, judge.pk, 70 + self.rng.randrange(30)))  # fmt: skip

    def _assessment(self) -> None:
        (pk,) = self._ids(Assessment, 1)
        self.add(Assessment, ("id", "owning_office_id", "year", "title", "created_at"),
                 (pk, self.office_id, self.year, f"{self.year}年度科室目标考核",
                  _moment(date(self.year, 1, 15))))  # fmt: skip
        criteria = self._ids(Criterion, len(CRITERIA))
        for position, (criterion, (name, weight, source)) in enumerate(
            zip(criteria, CRITERIA, strict=True)
        ):
            self.add(Criterion, ("id", "assessment_id", "name", "weight", "source", "position"),
                     (criterion, pk, name, weight, source, position))  # fmt: skip
            if source == CriterionSource.MANUAL:
                for section in self.county.sections:
                    self.add(SectionScore, ("criterion_id", "section_id", "score"),
                             (criterion, section.pk, 80 + self.rng.randrange(20)))  # fmt: skip

    def _courses(self, materials: list[int]) -> None:
        count = max(1, round(4 * self.share))
        ids = self._ids(GrassrootsCourse, count)
        columns = ("id", "owning_office_id", "title", "held_on", "location", "content",
                   "created_by_id", "created_at")  # fmt: skip
        participation = ("course_id", "unit_id", "people", "feedback", "rating")
        for n, pk in enumerate(ids):
            held = date(self.year, 3 + n * 3, 15)
            self.add(GrassrootsCourse, columns, (pk, self.office_id,
                     f"乡镇（部门）党办业务培训（第{n + 1}期）", held, "县委党校",
                     "公文处理、会务保障和督查督办。", self.director.pk,
                     _moment(held - timedelta(days=10))))  # fmt: skip
            self.add(GrassrootsCourse.materials.through,
                     ("grassrootscourse_id", "studymaterial_id"), (pk, materials[n % len(materials)]))  # fmt: skip
            done = held < self.today
            for unit in self.rng.sample(self.county.units, min(8, len(self.county.units))):
                self.add(CourseParticipation, participation, (pk, unit.pk,
                         2 + self.rng.randrange(3), "很实用。" if done else "",
                         4 if done else None))  # fmt: skip

    # --- Writing ------------------------------------------------------------------------

    def _copy(self) -> Counter:
        written = Counter()
        for model, (columns, rows) in self.rows.items():
            if "id" not in columns:
                ids = self._ids(model, len(rows))
                columns = ("id", *columns)
                rows = [(pk, *row) for pk, row in zip(ids, rows, strict=True)]
            self.ctx.copy(model, columns, rows)
            written[LABELS.get(model, model._meta.verbose_name_plural)] += len(rows)
        self._history()
        return written

    def _history(self) -> None:
        """One "+" row a material and a session, as pages that show the history expect."""
        for model in (StudyMaterial, StudySession):
            columns, rows = self.rows[model]
            historical = model.history.model
            self.ctx.copy(
                historical,
                (*columns, "history_date", "history_type", "history_user_id"),
                ((*row, row[-1], "+", self.staff[0].pk) for row in rows),
            )


LABELS = {
    StudyMaterial: "学习资料",
    StudySession: "集体学习",
    StudySession.materials.through: "集体学习资料关联",
    SessionAttendance: "学习出勤记录",
    TransitionLog: "学习流转记录",
    TheoryDigest: "理论学习文摘",
    DigestArticle: "文摘文章",
    SelfStudyNote: "自学笔记",
    MentoringPair: "结对",
    MentoringReview: "结对评议",
    Competition: "大比武",
    CompetitionEntry: "比武参赛",
    JudgeScore: "评委打分",
    Assessment: "科室目标考核",
    Criterion: "考核目标",
    SectionScore: "科室得分",
    GrassrootsCourse: "基层培训",
    GrassrootsCourse.materials.through: "培训资料关联",
    CourseParticipation: "培训参训单位",
}
