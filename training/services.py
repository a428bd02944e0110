"""Every write of the training app. Views, the API, the demo and the admin call these.

Each service asks who may (the model permission to create, the workflow rule to act), checks
the texts (length, classification marks) and files (office.attachments), and changes nothing
when it refuses.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from office.attachments import attachment_create, check_uploads
from office.classification import refuse_classified
from office.dates import check_dates
from office.notifications import notify
from office.texts import check_texts
from office.workdays import add_working_days, is_working_day
from office.workflow import TransitionForbidden, require, transition_perform

from .choices import Attendance, FocusArea, SessionKind
from .models import (
    Assessment,
    Competition,
    CompetitionEntry,
    CourseParticipation,
    Criterion,
    DigestArticle,
    GrassrootsCourse,
    JudgeScore,
    MaterialAttachment,
    MentoringPair,
    MentoringReview,
    SectionScore,
    SelfStudyNote,
    SessionAttendance,
    SessionPhoto,
    StudyMaterial,
    StudySession,
    TheoryDigest,
    TierChange,
)
from .selectors import office_staff


def _office_of(actor):
    if actor.office is None:
        raise ValidationError(_("Your account belongs to no office."))
    return actor.office


def _may_add(actor, model, refusal: str) -> None:
    if not actor.has_perm(f"training.add_{model._meta.model_name}"):
        raise TransitionForbidden(refusal)


def _texts(actor, where: str, model, **texts) -> None:
    check_texts(model, **texts)
    refuse_classified(actor=actor, where=where, **texts)


# --- The study library ---------------------------------------------------------------------------

MATERIAL_TEXTS = ("title", "source", "summary", "full_text")


@transaction.atomic
def material_create(*, actor, data: dict, files=()) -> StudyMaterial:
    _may_add(actor, StudyMaterial, _("Only the office keeps the study library."))
    office = _office_of(actor)
    _check_material(actor, "training.material_create", data, files)
    material = StudyMaterial.objects.create(owning_office=office, created_by=actor, **data)
    _store_files(MaterialAttachment, files, material=material)
    return material


@transaction.atomic
def material_update(*, actor, material: StudyMaterial, data: dict, files=()) -> StudyMaterial:
    if (
        not actor.has_perm("training.change_studymaterial")
        or actor.office != material.owning_office
    ):
        raise TransitionForbidden(_("Only the office keeps the study library."))
    _check_material(actor, "training.material_update", data, files)
    for name, value in data.items():
        setattr(material, name, value)
    material._history_user = actor
    material.save()
    _store_files(MaterialAttachment, files, material=material)
    return material


def _check_material(actor, where: str, data: dict, files) -> None:
    check_dates(issued_on=data.get("issued_on"))
    _texts(actor, where, StudyMaterial, **{k: data.get(k, "") for k in MATERIAL_TEXTS})
    check_uploads(files, actor=actor, where=where)


def _store_files(model, files, **owner) -> None:
    for upload in files:
        attachment_create(model, upload=upload, **owner)


# --- Study sessions ------------------------------------------------------------------------------

SESSION_FIELDS = ("kind", "topic", "held_on", "start_time", "location", "speaker", "notes")


def _check_session(
    actor, where: str, data: dict, materials, *, confirm_holiday: bool, kind_was: str = ""
) -> None:
    check_dates(held_on=data["held_on"])
    if data.get("kind") == SessionKind.FIRST_TOPIC and kind_was != SessionKind.FIRST_TOPIC:
        # 第一议题 is recorded once, in the meetings app's ledger (selectors.first_topic_studies).
        raise ValidationError(
            {
                "kind": _(
                    "第一议题 is recorded on the meeting's agenda as its first study item "
                    "(会议 → 第一议题台账), so it is counted once; record it there."
                )
            }
        )
    _texts(
        actor,
        where,
        StudySession,
        **{k: data.get(k) or "" for k in ("topic", "location", "speaker", "notes")},
    )
    if not confirm_holiday and not is_working_day(data["held_on"]):
        raise ValidationError(
            {
                "held_on": _(
                    "%(day)s is not a working day (a weekend or a holiday). Tick the "
                    "confirmation to hold the session on it anyway."
                )
                % {"day": f"{data['held_on']:%Y-%m-%d}"}
            }
        )
    office = actor.office
    foreign = [m for m in materials if m.owning_office_id != getattr(office, "pk", None)]
    if foreign:
        raise ValidationError({"materials": _("Pick materials from your office's library.")})


@transaction.atomic
def session_create(
    *, actor, data: dict, materials=(), confirm_holiday: bool = False
) -> StudySession:
    _may_add(actor, StudySession, _("Only the office organises study sessions."))
    office = _office_of(actor)
    data = {k: v for k, v in data.items() if k in SESSION_FIELDS}
    _check_session(
        actor, "training.session_create", data, materials, confirm_holiday=confirm_holiday
    )
    session = StudySession.objects.create(owning_office=office, organiser=actor, **data)
    session.materials.set(materials)
    return session


@transaction.atomic
def session_update(
    *, actor, session: StudySession, data: dict, materials=(), confirm_holiday: bool = False
) -> StudySession:
    require(actor, "edit", session)
    data = {k: v for k, v in data.items() if k in SESSION_FIELDS}
    # Moving a session onto a holiday asks again; a date left alone does not.
    confirm = confirm_holiday or data.get("held_on") == session.held_on
    _check_session(
        actor,
        "training.session_update",
        data,
        materials,
        confirm_holiday=confirm,
        kind_was=session.kind,
    )
    for name, value in data.items():
        setattr(session, name, value)
    session._history_user = actor
    session.save()
    session.materials.set(materials)
    return session


@dataclass
class Schedule:
    """What creating a year's Thursday schedule did."""

    created: list[date] = field(default_factory=list)
    moved: list[tuple[date, date]] = field(default_factory=list)
    skipped: list[date] = field(default_factory=list)
    existing: list[date] = field(default_factory=list)


def thursdays(year: int) -> list[date]:
    first = date(year, 1, 1)
    day = first + timedelta(days=(3 - first.weekday()) % 7)
    days = []
    while day.year == year:
        days.append(day)
        day += timedelta(days=7)
    return days


def thursday_schedule_plan(year: int, *, move_to_next_working_day: bool) -> Schedule:
    """The year's Thursdays as the calendar leaves them: a Thursday that is a holiday is
    skipped, or moved to the next working day (a make-up Saturday counts) within the year."""
    plan = Schedule()
    days = thursdays(year)
    working = {day for day in days if is_working_day(day)}
    for thursday in days:
        if thursday in working:
            plan.created.append(thursday)
            continue
        moved = add_working_days(thursday, 0)
        # A holiday week may end on the next Thursday: that one has its session already.
        if move_to_next_working_day and moved.year == year and moved not in working:
            plan.moved.append((thursday, moved))
        else:
            plan.skipped.append(thursday)
    return plan


@transaction.atomic
def thursday_schedule_create(
    *,
    actor,
    year: int,
    move_to_next_working_day: bool = False,
    topic: str = "",
    location: str = "",
    start_time=None,
) -> Schedule:
    """The year's Thursday collective studies in one step; Thursdays that already have one
    are left as they are, so running it twice adds nothing."""
    _may_add(actor, StudySession, _("Only the office organises study sessions."))
    office = _office_of(actor)
    check_dates(year=date(year, 12, 31))
    topic = topic.strip() or _("Thursday collective study")
    _texts(actor, "training.thursday_schedule_create", StudySession, topic=topic, location=location)
    plan = thursday_schedule_plan(year, move_to_next_working_day=move_to_next_working_day)
    taken = set(
        StudySession.objects.filter(
            owning_office=office, kind=SessionKind.THURSDAY, held_on__year=year
        ).values_list("held_on", flat=True)
    )
    done = Schedule(skipped=plan.skipped)
    days = [(day, day) for day in plan.created] + plan.moved
    for thursday, day in days:
        if day in taken:
            done.existing.append(day)
            continue
        StudySession.objects.create(
            owning_office=office,
            organiser=actor,
            kind=SessionKind.THURSDAY,
            topic=topic,
            held_on=day,
            location=location,
            start_time=start_time,
        )
        (done.moved.append((thursday, day)) if thursday != day else done.created.append(day))
    return done


@dataclass(frozen=True)
class AttendanceEntry:
    person: object  # a User
    status: str
    leave_reason: str = ""


@transaction.atomic
def session_attendance_confirm(
    *, actor, session: StudySession, entries: list[AttendanceEntry], notes: str | None = None
) -> StudySession:
    """The organiser confirms, after the session, who attended and who was on leave (with
    the reason). Only the office's own staff can be recorded."""
    require(actor, "confirm_attendance", session)
    staff = set(office_staff(session.owning_office).values_list("pk", flat=True))
    errors = []
    for entry in entries:
        if entry.person.pk not in staff:
            errors.append(_("%(person)s does not work in the office.") % {"person": entry.person})
        if entry.status == Attendance.LEAVE and not entry.leave_reason.strip():
            errors.append(_("%(person)s is on leave: give the reason.") % {"person": entry.person})
        if entry.status not in Attendance.values:
            errors.append(_("Unknown attendance: %(status)s") % {"status": entry.status})
    if errors:
        raise ValidationError(errors)
    where = "training.session_attendance_confirm"
    for entry in entries:
        _texts(actor, where, SessionAttendance, leave_reason=entry.leave_reason)
    if notes is not None:
        _texts(actor, where, StudySession, notes=notes)
    SessionAttendance.objects.filter(session=session).delete()
    for entry in entries:
        SessionAttendance.objects.create(
            session=session,
            person=entry.person,
            status=entry.status,
            leave_reason=entry.leave_reason.strip() if entry.status == Attendance.LEAVE else "",
        )
    changes = {"notes": notes} if notes is not None else {}
    transition_perform(obj=session, name="confirm_attendance", actor=actor, **changes)
    return session


@transaction.atomic
def session_cancel(*, actor, session: StudySession, reason: str) -> StudySession:
    refuse_classified(actor=actor, where="training.session_cancel", reason=reason)
    transition_perform(obj=session, name="cancel", actor=actor, comment=reason)
    return session


@transaction.atomic
def session_photos_add(*, actor, session: StudySession, files) -> list[SessionPhoto]:
    require(actor, "add_photos", session)
    if not files:
        raise ValidationError({"files": _("Choose at least one file.")})
    check_uploads(files, actor=actor, where="training.session_photos_add", field="files")
    return [
        attachment_create(SessionPhoto, upload=upload, session=session, uploaded_by=actor)
        for upload in files
    ]


# --- Self-study ----------------------------------------------------------------------------------


@transaction.atomic
def note_create(*, actor, read_on: date, title: str, note: str = "", material=None):
    """A note of what one read: optional, seen by its writer; counted by section only."""
    _may_add(actor, SelfStudyNote, _("Only the office's staff keep self-study notes."))
    office = _office_of(actor)
    check_dates(read_on=read_on)
    _texts(actor, "training.note_create", SelfStudyNote, title=title, note=note)
    if material is not None and material.owning_office_id != office.pk:
        raise ValidationError({"material": _("Pick materials from your office's library.")})
    section = actor.org_unit if actor.org_unit and actor.org_unit.kind == "section" else None
    return SelfStudyNote.objects.create(
        owning_office=office,
        owner=actor,
        section=section,
        read_on=read_on,
        title=title,
        note=note,
        material=material,
    )


def _own_note(actor, note: SelfStudyNote) -> None:
    # A note is its writer's alone: nobody else reads, changes or removes it.
    if note.owner_id != actor.pk:
        raise TransitionForbidden(_("Only its writer changes a self-study note."))


@transaction.atomic
def note_update(*, actor, note: SelfStudyNote, read_on: date, title: str, note_text: str = "",
                material=None) -> SelfStudyNote:  # fmt: skip
    _own_note(actor, note)
    check_dates(read_on=read_on)
    _texts(actor, "training.note_update", SelfStudyNote, title=title, note=note_text)
    if material is not None and material.owning_office_id != note.owning_office_id:
        raise ValidationError({"material": _("Pick materials from your office's library.")})
    note.read_on, note.title, note.note, note.material = read_on, title, note_text, material
    note._history_user = actor
    note.save()
    return note


@transaction.atomic
def note_delete(*, actor, note: SelfStudyNote) -> None:
    """Remove a note; its history keeps what it said and who removed it."""
    _own_note(actor, note)
    note._history_user = actor
    note.delete()


# --- The monthly theory digest -------------------------------------------------------------------

# Which focus area a library material's article goes under, by its kind.
KIND_AREAS = {"speech": FocusArea.THEORY, "instruction": FocusArea.THEORY}
EXCERPT_CHARS = 800


def digest_title(year: int, month: int) -> str:
    return _("Theory study digest, %(year)d no. %(month)d") % {"year": year, "month": month}


@transaction.atomic
def digest_compile(*, actor, year: int, month: int, title: str = "") -> TheoryDigest:
    """The month's issue, its articles taken from the materials of the month in the
    library (a summary, or the opening of the full text); edited before it is published."""
    _may_add(actor, TheoryDigest, _("Only the office compiles the theory digest."))
    office = _office_of(actor)
    if not 1 <= month <= 12:
        raise ValidationError({"month": _("A month is 1 to 12.")})
    check_dates(year=date(year, month, 1))
    if TheoryDigest.objects.filter(owning_office=office, year=year, month=month).exists():
        raise ValidationError(
            {
                "month": _("%(year)d-%(month)02d already has its digest.")
                % {"year": year, "month": month}
            }
        )
    title = title.strip() or digest_title(year, month)
    _texts(actor, "training.digest_compile", TheoryDigest, title=title)
    digest = TheoryDigest.objects.create(
        owning_office=office, year=year, month=month, title=title, created_by=actor
    )
    materials = StudyMaterial.objects.filter(
        owning_office=office, issued_on__year=year, issued_on__month=month
    ).order_by("issued_on", "id")
    for position, material in enumerate(materials, start=1):
        DigestArticle.objects.create(
            digest=digest,
            focus_area=KIND_AREAS.get(material.kind, FocusArea.THEORY),
            title=material.title,
            source=material.source,
            text=(material.summary or material.full_text)[:EXCERPT_CHARS] or material.title,
            material=material,
            position=position,
        )
    return digest


@transaction.atomic
def digest_update(*, actor, digest: TheoryDigest, title: str, foreword: str) -> TheoryDigest:
    require(actor, "edit", digest)
    _texts(actor, "training.digest_update", TheoryDigest, title=title, foreword=foreword)
    digest.title, digest.foreword = title, foreword
    digest._history_user = actor
    digest.save(update_fields=["title", "foreword"])
    return digest


@transaction.atomic
def digest_article_add(*, actor, digest: TheoryDigest, data: dict) -> DigestArticle:
    require(actor, "add_article", digest)
    _texts(
        actor,
        "training.digest_article_add",
        DigestArticle,
        **{k: data.get(k, "") for k in ("title", "source", "text")},
    )
    position = digest.articles.count() + 1
    return DigestArticle.objects.create(digest=digest, position=position, **data)


ARTICLE_FIELDS = ("focus_area", "title", "source", "text")


@transaction.atomic
def digest_article_update(*, actor, article: DigestArticle, data: dict) -> DigestArticle:
    """Change an article while its digest is a draft (the same rule as adding one)."""
    require(actor, "add_article", article.digest)
    data = {k: v for k, v in data.items() if k in ARTICLE_FIELDS}
    _texts(
        actor,
        "training.digest_article_update",
        DigestArticle,
        **{k: data.get(k, "") for k in ("title", "source", "text")},
    )
    for name, value in data.items():
        setattr(article, name, value)
    article._history_user = actor
    article.save()
    return article


@transaction.atomic
def digest_article_delete(*, actor, article: DigestArticle) -> None:
    """Take an article out of a draft digest; the history keeps it."""
    require(actor, "add_article", article.digest)
    article._history_user = actor
    article.delete()


@transaction.atomic
def digest_publish(*, actor, digest: TheoryDigest) -> TheoryDigest:
    """Publish the issue to all the office's staff (each gets a notice with the link)."""
    if not digest.articles.exists():
        raise ValidationError(_("A digest without articles cannot be published."))
    transition_perform(obj=digest, name="publish", actor=actor, published_at=timezone.now())
    notify(
        recipients=office_staff(digest.owning_office).exclude(pk=actor.pk),
        title=_("%(title)s is out") % {"title": digest.title},
        url=digest.get_absolute_url(),
    )
    return digest


# --- Mentoring -----------------------------------------------------------------------------------


@transaction.atomic
def pair_create(
    *, actor, mentor, mentee, started_on: date, goals: str, review_every_months: int = 3
) -> MentoringPair:
    _may_add(actor, MentoringPair, _("The director pairs mentors with newcomers."))
    office = _office_of(actor)
    check_dates(started_on=started_on)
    _texts(actor, "training.pair_create", MentoringPair, goals=goals)
    staff = office_staff(office)
    for name, person in (("mentor", mentor), ("mentee", mentee)):
        if not staff.filter(pk=person.pk).exists():
            raise ValidationError(
                {name: _("%(person)s does not work in the office.") % {"person": person}}
            )
    if mentor.pk == mentee.pk:
        raise ValidationError({"mentee": _("A mentor cannot mentor themselves.")})
    if not 1 <= review_every_months <= 12:
        raise ValidationError({"review_every_months": _("Review every 1 to 12 months.")})
    pair = MentoringPair(
        owning_office=office,
        mentor=mentor,
        mentee=mentee,
        started_on=started_on,
        goals=goals,
        review_every_months=review_every_months,
    )
    # The history names the director who made it, not "the system".
    pair._history_user = actor
    pair.save()
    notify(
        recipients=[mentor, mentee],
        title=_("Mentoring: %(pair)s") % {"pair": pair},
        url=pair.get_absolute_url(),
    )
    return pair


@transaction.atomic
def pair_review(*, actor, pair: MentoringPair, held_on: date, text: str) -> MentoringReview:
    require(actor, "review", pair)
    check_dates(held_on=held_on)
    if held_on < pair.started_on:
        raise ValidationError({"held_on": _("A review cannot come before the pairing began.")})
    _texts(actor, "training.pair_review", MentoringReview, text=text)
    return MentoringReview.objects.create(pair=pair, held_on=held_on, text=text, author=actor)


@transaction.atomic
def pair_end(*, actor, pair: MentoringPair, ended_on: date, assessment: str) -> MentoringPair:
    check_dates(ended_on=ended_on)
    if not assessment.strip():
        raise ValidationError({"assessment": _("Write the end assessment.")})
    if ended_on < pair.started_on:
        raise ValidationError({"ended_on": _("A pairing cannot end before it began.")})
    _texts(actor, "training.pair_end", MentoringPair, assessment=assessment)
    transition_perform(obj=pair, name="end", actor=actor, ended_on=ended_on, assessment=assessment)
    return pair


def _check_mentor(office, mentor, mentee) -> None:
    if not office_staff(office).filter(pk=mentor.pk).exists():
        raise ValidationError(
            {"mentor": _("%(person)s does not work in the office.") % {"person": mentor}}
        )
    if mentor.pk == mentee.pk:
        raise ValidationError({"mentor": _("A mentor cannot mentor themselves.")})


@transaction.atomic
def pair_update(
    *, actor, pair: MentoringPair, mentor, started_on: date, goals: str, review_every_months: int
) -> MentoringPair:
    """Correct a pairing: its mentor, start, goals and how often it is reviewed. The next
    review's reminder follows the new dates (a due date already reminded is not repeated)."""
    require(actor, "edit", pair)
    check_dates(started_on=started_on)
    _texts(actor, "training.pair_update", MentoringPair, goals=goals)
    _check_mentor(pair.owning_office, mentor, pair.mentee)
    if not 1 <= review_every_months <= 12:
        raise ValidationError({"review_every_months": _("Review every 1 to 12 months.")})
    first_review = pair.reviews.order_by("held_on").first()
    if first_review is not None and started_on > first_review.held_on:
        raise ValidationError(
            {"started_on": _("A pairing cannot begin after its first review (%(date)s).")
             % {"date": f"{first_review.held_on:%Y-%m-%d}"}}
        )  # fmt: skip
    if pair.ended_on is not None and started_on > pair.ended_on:
        raise ValidationError({"started_on": _("A pairing cannot end before it began.")})
    pair.mentor, pair.started_on, pair.goals = mentor, started_on, goals
    pair.review_every_months = review_every_months
    pair._history_user = actor
    pair.save()
    return pair


@transaction.atomic
def pair_delete(*, actor, pair: MentoringPair) -> None:
    """Remove a pairing made by mistake; the history keeps it and its reviews, and no
    review of it is reminded any more."""
    require(actor, "remove", pair)
    for review in pair.reviews.all():
        review._history_user = actor
        review.delete()
    pair._history_user = actor
    pair.delete()


# --- Staff tiers ---------------------------------------------------------------------------------


@transaction.atomic
def tier_change(*, actor, person, tier: str, reason: str, changed_on: date) -> TierChange:
    _may_add(actor, TierChange, _("Only the director maintains the staff tiers."))
    office = _office_of(actor)
    if not reason.strip():
        raise ValidationError({"reason": _("A tier change needs a reason.")})
    check_dates(changed_on=changed_on)
    _texts(actor, "training.tier_change", TierChange, reason=reason)
    if not office_staff(office).filter(pk=person.pk).exists():
        raise ValidationError(
            {"person": _("%(person)s does not work in the office.") % {"person": person}}
        )
    return TierChange.objects.create(
        owning_office=office,
        person=person,
        tier=tier,
        reason=reason.strip(),
        changed_on=changed_on,
        changed_by=actor,
    )


# --- Drills and competitions ---------------------------------------------------------------------


@transaction.atomic
def competition_create(
    *, actor, title: str, held_on: date, description: str = "", max_score: int = 100
) -> Competition:
    _may_add(actor, Competition, _("Only the office organises drills and competitions."))
    office = _office_of(actor)
    check_dates(held_on=held_on)
    _texts(actor, "training.competition_create", Competition, title=title, description=description)
    if not 1 <= max_score <= 1000:
        raise ValidationError({"max_score": _("The highest score is 1 to 1000.")})
    return Competition.objects.create(
        owning_office=office,
        title=title,
        held_on=held_on,
        description=description,
        max_score=max_score,
        created_by=actor,
    )


def _may_run(actor, competition: Competition) -> None:
    if (
        not actor.has_perm("training.change_competition")
        or actor.office != competition.owning_office
    ):
        raise TransitionForbidden(_("Only the office runs its drills and competitions."))


@transaction.atomic
def competition_entry_add(*, actor, competition: Competition, person, category: str):
    require(actor, "enter", competition)
    if not office_staff(competition.owning_office).filter(pk=person.pk).exists():
        raise ValidationError(
            {"person": _("%(person)s does not work in the office.") % {"person": person}}
        )
    if competition.entries.filter(person=person, category=category).exists():
        raise ValidationError({"person": _("This person is already entered in this category.")})
    return CompetitionEntry.objects.create(
        competition=competition, person=person, category=category
    )


@transaction.atomic
def competition_score(*, actor, entry: CompetitionEntry, score) -> JudgeScore:
    """A judge's score of an entry (the judge is the person entering it), within 0 and the
    competition's highest score; a judge scores an entry once, and may correct it."""
    competition = entry.competition
    require(actor, "score", competition)
    if entry.person_id == actor.pk:
        raise ValidationError({"score": _("Nobody judges their own entry.")})
    if score is None or not 0 <= score <= competition.max_score:
        raise ValidationError(
            {"score": _("A score is 0 to %(max)d.") % {"max": competition.max_score}}
        )
    judged, _created = JudgeScore.objects.update_or_create(
        entry=entry, judge=actor, defaults={"score": score}
    )
    return judged


@transaction.atomic
def competition_commend(*, actor, entry: CompetitionEntry, commendation: str) -> CompetitionEntry:
    """树榜样、立标杆、当先锋: the director commends an entry."""
    require(actor, "commend", entry.competition)
    entry.commendation = commendation
    entry._history_user = actor
    entry.save(update_fields=["commendation"])
    return entry


# --- Section target assessment -------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionData:
    name: str
    weight: int
    source: str = "manual"


def check_weights(criteria: list[CriterionData]) -> None:
    """The rule of the assessment: at least one target, the weights sum to 100."""
    if not criteria:
        raise ValidationError({"criteria": _("Give at least one target.")})
    total = sum(c.weight for c in criteria)
    if total != 100:
        raise ValidationError(
            {
                "criteria": _("The weights add up to %(total)d; they must add up to 100.")
                % {"total": total}
            }
        )


@transaction.atomic
def assessment_create(*, actor, year: int, title: str, criteria: list[CriterionData]) -> Assessment:
    _may_add(actor, Assessment, _("The director sets the section assessment."))
    office = _office_of(actor)
    check_dates(year=date(year, 1, 1))
    check_weights(criteria)
    _texts(actor, "training.assessment_create", Assessment, title=title)
    for criterion in criteria:
        _texts(actor, "training.assessment_create", Criterion, name=criterion.name)
    if Assessment.objects.filter(owning_office=office, year=year).exists():
        raise ValidationError({"year": _("This year already has its assessment.")})
    assessment = Assessment(owning_office=office, year=year, title=title)
    assessment._history_user = actor
    assessment.save()
    for position, criterion in enumerate(criteria):
        Criterion.objects.create(
            assessment=assessment,
            name=criterion.name,
            weight=criterion.weight,
            source=criterion.source,
            position=position,
        )
    return assessment


@transaction.atomic
def section_score_set(*, actor, criterion: Criterion, section, score) -> SectionScore:
    require(actor, "score", criterion.assessment)
    if criterion.source != "manual":
        raise ValidationError({"score": _("This target's scores are computed from the records.")})
    if section.office_id != criterion.assessment.owning_office_id or section.kind != "section":
        raise ValidationError({"section": _("Pick a section of the office.")})
    if score is None or not 0 <= score <= 100:
        raise ValidationError({"score": _("A score is 0 to 100.")})
    row = SectionScore.objects.filter(criterion=criterion, section=section).first()
    row = row or SectionScore(criterion=criterion, section=section)
    row.score = score
    row._history_user = actor
    row.save()
    return row


@transaction.atomic
def assessment_update(
    *, actor, assessment: Assessment, title: str, criteria: list[CriterionData]
) -> Assessment:
    """Change the title and the targets. A target keeps its scores while its name stays; a
    target no longer listed goes with the scores entered on it (the history keeps them); the
    weights still add up to 100, or nothing is saved."""
    require(actor, "edit", assessment)
    check_weights(criteria)
    names = [criterion.name for criterion in criteria]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise ValidationError(
            {"criteria": _("Each target once: %(names)s is listed twice.")
             % {"names": "、".join(twice)}}
        )  # fmt: skip
    _texts(actor, "training.assessment_update", Assessment, title=title)
    for criterion in criteria:
        _texts(actor, "training.assessment_update", Criterion, name=criterion.name)
    existing = {criterion.name: criterion for criterion in assessment.criteria.all()}
    for gone in set(existing) - set(names):
        _delete_with_history(actor, *existing[gone].scores.all(), existing[gone])
    for position, data in enumerate(criteria):
        criterion = existing.get(data.name) or Criterion(assessment=assessment, name=data.name)
        if criterion.pk and criterion.source != data.source:
            # A target now computed from the records no longer reads the scores entered.
            _delete_with_history(actor, *criterion.scores.all())
        criterion.weight, criterion.source, criterion.position = (
            data.weight, data.source, position
        )  # fmt: skip
        criterion._history_user = actor
        criterion.save()
    assessment.title = title
    assessment._history_user = actor
    assessment.save()
    return assessment


def _delete_with_history(actor, *records) -> None:
    for record in records:
        record._history_user = actor
        record.delete()


@transaction.atomic
def assessment_delete(*, actor, assessment: Assessment) -> None:
    """Remove an assessment set up by mistake, its targets and scores (the history keeps
    them)."""
    require(actor, "remove", assessment)
    for criterion in assessment.criteria.all():
        _delete_with_history(actor, *criterion.scores.all(), criterion)
    _delete_with_history(actor, assessment)


@transaction.atomic
def section_score_update(*, actor, row: SectionScore, score) -> SectionScore:
    """Correct a score the director entered (0 to 100)."""
    return section_score_set(actor=actor, criterion=row.criterion, section=row.section, score=score)


@transaction.atomic
def section_score_delete(*, actor, row: SectionScore) -> None:
    """Take back a score the director entered: the section has none on the target again."""
    require(actor, "score", row.criterion.assessment)
    _delete_with_history(actor, row)


# --- Grassroots training -------------------------------------------------------------------------


@transaction.atomic
def course_create(
    *, actor, title: str, held_on: date, location: str = "", content: str = "", materials=()
) -> GrassrootsCourse:
    _may_add(actor, GrassrootsCourse, _("The office gives the grassroots courses."))
    office = _office_of(actor)
    check_dates(held_on=held_on)
    _texts(
        actor,
        "training.course_create",
        GrassrootsCourse,
        title=title,
        location=location,
        content=content,
    )
    if any(m.owning_office_id != office.pk for m in materials):
        raise ValidationError({"materials": _("Pick materials from your office's library.")})
    course = GrassrootsCourse.objects.create(
        owning_office=office, title=title, held_on=held_on, location=location, content=content,
        created_by=actor,
    )  # fmt: skip
    course.materials.set(materials)
    return course


@transaction.atomic
def course_enrol(*, actor, course: GrassrootsCourse, unit, people: int) -> CourseParticipation:
    """A township's or department's participants: one row per unit, corrected by a new one."""
    require(actor, "enrol", course)
    if unit.office_id != course.owning_office_id or unit.kind not in ("township", "department"):
        raise ValidationError({"unit": _("Pick a township or department of the county.")})
    if not 1 <= people <= 500:
        raise ValidationError({"people": _("Participants are 1 to 500.")})
    row, _created = CourseParticipation.objects.update_or_create(
        course=course, unit=unit, defaults={"people": people}
    )
    return row


@transaction.atomic
def course_feedback(
    *, actor, course: GrassrootsCourse, unit, rating: int, feedback: str
) -> CourseParticipation:
    """The unit's feedback on a course (its liaison, or the office for it)."""
    require(actor, "feedback", course)
    if actor.sees_own_unit_only and unit.pk != actor.org_unit_id:
        raise TransitionForbidden(_("You give your own unit's feedback."))
    row = course.participants.filter(unit=unit).first()
    if row is None:
        raise ValidationError({"unit": _("This unit did not take part in the course.")})
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": _("A rating is 1 to 5.")})
    _texts(actor, "training.course_feedback", CourseParticipation, feedback=feedback)
    row.rating, row.feedback = rating, feedback
    row._history_user = actor
    row.save(update_fields=["rating", "feedback"])
    return row
