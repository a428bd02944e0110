"""Meetings' part of ``manage.py seed_scale`` (the registry's ``scale=`` slot): a county
office's year of meetings in each generated county — the standing committee about every ten
days, the secretary's special meetings, plenaries, the office's 室务会, leading groups, work
and video conferences — carried through approval to approved minutes in past days, spread
over the stages in the days to come; with their agendas (第一议题 first where the type carries
it), checklists, notices and sign-ins, minutes, a few decisions, a history row each and the
workflow's transition logs.

About 150 meetings a county-year at the default ``--items-per-year`` (2,000 supervision
items), scaled with it. Rows are written with COPY from ids reserved up front; nothing goes
through ``save()`` or a service.
"""

from collections import Counter
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from office.models import TransitionLog

from .choices import AgendaKind, AttendanceAnswer, MeetingStatus, MeetingType
from .conf import setting
from .models import AgendaItem, Attendance, ChecklistTask, Decision, Meeting, MinutesVersion

# Meetings of each type in a county-year at 2,000 supervision items a year, with the hour,
# length and attendance of each.
MIX = {
    MeetingType.STANDING_COMMITTEE: (36, 8, 180, 25),
    MeetingType.SECRETARY_SPECIAL: (46, 15, 90, 15),
    MeetingType.PLENARY: (2, 9, 300, 180),
    MeetingType.OFFICE_AFFAIRS: (12, 8, 60, 15),
    MeetingType.LEADING_GROUP: (20, 15, 90, 30),
    MeetingType.WORK_CONFERENCE: (10, 9, 150, 150),
    MeetingType.VIDEO_CONFERENCE: (24, 15, 90, 60),
}
TASKS = ("会议材料", "会议通知", "会场布置", "座次安排", "签到表")
PER_ITEMS = 2000
# The path of a held meeting through the workflow, each step a day or so before the last.
STEPS = (
    ("submit", MeetingStatus.DRAFT, MeetingStatus.SUBMITTED, -7),
    ("approve", MeetingStatus.SUBMITTED, MeetingStatus.APPROVED, -6),
    ("mark_ready", MeetingStatus.APPROVED, MeetingStatus.READY, -1),
    ("hold", MeetingStatus.READY, MeetingStatus.HELD, 0),
    ("approve_minutes", MeetingStatus.HELD, MeetingStatus.MINUTED, 2),
)
REACHED = {
    MeetingStatus.SUBMITTED: 1,
    MeetingStatus.APPROVED: 2,
    MeetingStatus.READY: 3,
    MeetingStatus.HELD: 4,
    MeetingStatus.MINUTED: 5,
    MeetingStatus.CANCELLED: 1,
}


def _moment(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def generate(ctx) -> Counter:
    created = Counter()
    meeting_type = ContentType.objects.get_for_model(Meeting).pk
    for county in ctx.counties:
        for year in ctx.years:
            created.update(_CountyYear(ctx, county, year, meeting_type).write())
    return created


class _CountyYear:
    def __init__(self, ctx, county, year, content_type):
        self.ctx, self.county, self.year, self.content_type = ctx, county, year, content_type
        self.rng, self.today = ctx.rng, ctx.today
        users = county.users
        self.staff = users.get("staff", [None])[0]
        self.director = users.get("director", [None])[0]
        self.leaders = users.get("leader", []) or [self.director]
        self.people = [*self.leaders, *users.get("section_head", []), *users.get("staff", [])]
        free = setting("MEETINGS_NO_MEETING_WEEKDAYS")
        start, end = date(year, 1, 1), date(year, 12, 31)
        self.days = [
            start + timedelta(days=n)
            for n in range((end - start).days + 1)
            if (start + timedelta(days=n)).weekday() < 5
            and (start + timedelta(days=n)).weekday() not in free
        ]

    def _status(self, day: date) -> str:
        if day < self.today - timedelta(days=3):
            return MeetingStatus.CANCELLED if self.rng.random() < 0.02 else MeetingStatus.MINUTED
        if day < self.today:
            return MeetingStatus.HELD
        ahead = (day - self.today).days
        if ahead <= 3:
            return MeetingStatus.READY
        if ahead <= 14:
            return self.rng.choice([MeetingStatus.APPROVED, MeetingStatus.SUBMITTED])
        return MeetingStatus.DRAFT

    def _specs(self) -> list[tuple]:
        share = self.ctx.items_per_year / PER_ITEMS
        specs = []
        for meeting_type, (count, hour, minutes, attendance) in MIX.items():
            count = max(1, round(count * share))
            step = len(self.days) / count
            for n in range(count):
                index = min(int(n * step + self.rng.random() * step), len(self.days) - 1)
                specs.append((self.days[index], meeting_type, n + 1, hour, minutes, attendance))
        return sorted(specs, key=lambda spec: (spec[0], spec[3]))

    def write(self) -> Counter:
        ctx, county = self.ctx, self.county
        specs = self._specs()
        if not specs or self.staff is None:
            return Counter()
        ids = iter(ctx.reserve_ids(Meeting, len(specs)))
        first_topic = set(setting("MEETINGS_FIRST_TOPIC_TYPES"))
        meetings, history, logs, agenda, tasks, people, minutes, decisions = ([] for _ in range(8))
        staff_id, director_id = self.staff.pk, self.director.pk if self.director else None
        for day, meeting_type, n, hour, length, attendance in specs:
            pk = next(ids)
            status = self._status(day)
            starts = _moment(day, hour, 30 if hour == 8 else 0)
            chair = self.director if meeting_type == MeetingType.OFFICE_AFFAIRS else self.leaders[0]
            label = MeetingType(meeting_type).label
            row = {
                "id": pk,
                "owning_office_id": county.office.pk,
                "meeting_type": meeting_type,
                "title": f"{county.office.short_name}{self.year}年{label}（第{n}次）",
                "organiser_unit_id": county.office.pk,
                "chair_id": chair.pk,
                "starts_at": starts,
                "ends_at": starts + timedelta(minutes=length),
                "planned_minutes": length,
                "place": "县委常委会议室",
                "expected_attendance": attendance,
                "attendance_levels": "",
                "reason": "按照年度会议计划召开。",
                "breaches": "[]",
                "exception_reason": "",
                "status": status,
                "decision_comment": "",
                "requested_by_id": staff_id,
                "created_at": _moment(day - timedelta(days=8)),
            }
            meetings.append(row)
            history.append((row, row["created_at"], "+", staff_id, MeetingStatus.DRAFT))
            reached = REACHED.get(status, 0)
            for transition, source, target, offset in STEPS[:reached]:
                if status == MeetingStatus.CANCELLED and transition != "submit":
                    break
                actor = director_id if transition in ("approve", "approve_minutes") else staff_id
                moment = _moment(day + timedelta(days=offset), 17)
                logs.append((self.content_type, pk, transition, source, target, actor, "", moment))
            if status == MeetingStatus.CANCELLED:
                logs.append((self.content_type, pk, "cancel", MeetingStatus.SUBMITTED,
                             MeetingStatus.CANCELLED, staff_id, "工作调整。",
                             _moment(day - timedelta(days=2))))  # fmt: skip
                history.append((row, _moment(day - timedelta(days=2)), "~", staff_id, status))
                continue
            if reached:
                history.append(
                    (row, _moment(day - timedelta(days=6), 17), "~", director_id, status)
                )
            self._agenda(row, meeting_type in first_topic, agenda)
            self._tasks(row, day, status, tasks)
            if reached >= 2:
                self._attendance(row, chair, day, status, people)
            if status == MeetingStatus.MINUTED:
                minutes.append((pk, 1, f"{row['title']}纪要：会议研究了有关事项。", "", staff_id,
                                _moment(day + timedelta(days=1)), director_id,
                                _moment(day + timedelta(days=2))))  # fmt: skip
                if meeting_type == MeetingType.STANDING_COMMITTEE:
                    unit = self.rng.choice(county.units)
                    decisions.append((pk, f"{unit.short_name or unit.name}牵头抓好落实。",
                                      unit.pk, staff_id, _moment(day + timedelta(days=1))))  # fmt: skip
        return self._copy(meetings, history, logs, agenda, tasks, people, minutes, decisions)

    def _agenda(self, row, study_first, agenda):
        position = 0
        if study_first:
            position += 1
            agenda.append((row["id"], position, AgendaKind.STUDY, "传达学习习近平总书记重要讲话精神",
                           self.leaders[0].pk, "", 20, "结合实际研究贯彻落实措施。",
                           row["created_at"]))  # fmt: skip
        for kind, label in ((AgendaKind.REPORT, "情况汇报"), (AgendaKind.DECISION, "研究审议")):
            position += 1
            agenda.append((row["id"], position, kind, label, None, "相关单位负责人",
                           min(30, row["planned_minutes"] // 4), "", row["created_at"]))  # fmt: skip

    def _tasks(self, row, day, status, tasks):
        for position, title in enumerate(TASKS, start=1):
            deadline = day - timedelta(days=6 - position)
            done = status in (MeetingStatus.READY, MeetingStatus.HELD, MeetingStatus.MINUTED) or (
                deadline < self.today
            )
            tasks.append((row["id"], title, position <= 3, self.staff.pk, deadline,
                          min(deadline, self.today) if done else None,
                          self.staff.pk if done else None, position))  # fmt: skip

    def _attendance(self, row, chair, day, status, people):
        invited = {
            chair.pk: chair,
            **{p.pk: p for p in self.rng.sample(self.people, min(6, len(self.people)))},
        }
        held = status in (MeetingStatus.HELD, MeetingStatus.MINUTED)
        noticed = _moment(day - timedelta(days=5), 9)
        for user_id in invited:
            leave = self.rng.random() < 0.1
            answer = AttendanceAnswer.LEAVE if leave else AttendanceAnswer.CONFIRMED
            people.append((row["id"], user_id, answer, "另有公务。" if leave else "",
                           "", noticed + timedelta(hours=3),
                           row["starts_at"] - timedelta(minutes=10) if held and not leave else None,
                           noticed, self.staff.pk))  # fmt: skip

    def _copy(self, meetings, history, logs, agenda, tasks, people, minutes, decisions):
        ctx = self.ctx
        columns = tuple(meetings[0])
        ctx.copy(Meeting, columns, (tuple(r[c] for c in columns) for r in meetings))
        kept = tuple(c for c in columns if c not in ("breaches", "status"))
        ctx.copy(
            Meeting.history.model,
            (*kept, "status", "history_date", "history_type", "history_user_id"),
            (
                (*(row[c] for c in kept), status, moment, kind, actor)
                for row, moment, kind, actor, status in history
            ),
        )
        log_ids = ctx.reserve_ids(TransitionLog, len(logs))
        ctx.copy(
            TransitionLog,
            ("id", "content_type_id", "object_id", "transition", "source_state",
             "target_state", "actor_id", "comment", "created_at"),
            ((pk, *row) for pk, row in zip(log_ids, logs, strict=True)),
        )  # fmt: skip
        written = {
            AgendaItem: (agenda, ("meeting_id", "position", "kind", "title", "presenter_id",
                                  "presenter_name", "minutes", "measures", "created_at")),
            ChecklistTask: (tasks, ("meeting_id", "title", "mandatory", "owner_id", "deadline",
                                    "done_on", "done_by_id", "position")),
            Attendance: (people, ("meeting_id", "user_id", "answer", "leave_reason", "substitute",
                                  "answered_at", "signed_in_at", "notified_at", "notified_by_id")),
            MinutesVersion: (minutes, ("meeting_id", "number", "text", "reason", "created_by_id",
                                       "created_at", "approved_by_id", "approved_at")),
            Decision: (decisions, ("meeting_id", "text", "lead_unit_id", "created_by_id",
                                   "created_at")),
        }  # fmt: skip
        for model, (rows, columns) in written.items():
            pks = ctx.reserve_ids(model, len(rows))
            ctx.copy(
                model, ("id", *columns), ((pk, *row) for pk, row in zip(pks, rows, strict=True))
            )
        return Counter(
            {
                "会议": len(meetings),
                "会议历史": len(history),
                "会议流转记录": len(logs),
                "议题": len(agenda),
                "筹备任务": len(tasks),
                "参会记录": len(people),
                "会议纪要": len(minutes),
                "会议议定事项": len(decisions),
            }
        )
