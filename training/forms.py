"""Forms of the training pages. They only check what a person typed; the services decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from office.forms import ActionForm, EnteredDateField, MultipleFileField, say_choose_when_empty
from office.models import OrgUnit, User

from .choices import (
    Attendance,
    Commendation,
    CompetitionCategory,
    CriterionSource,
    FocusArea,
    SessionKind,
    Tier,
)
from .models import CompetitionEntry, Criterion, MaterialKind
from .selectors import office_staff, study_materials

TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def with_initial(kwargs: dict, values: dict) -> None:
    """A form's starting values: the record's (or the defaults) unless the view gave its own.
    Django's FormView always passes an ``initial`` (empty), so a ``setdefault`` never took."""
    kwargs["initial"] = {**values, **(kwargs.get("initial") or {})}


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    kind = forms.ChoiceField(label=_("kind"), choices=MaterialKind.choices)
    issued_on = EnteredDateField(
        label=_("date"), help_text=_("When the speech was given or the text issued.")
    )
    source = forms.CharField(
        label=_("source"),
        max_length=200,
        required=False,
        help_text=_("Where it was published, e.g. 《求是》 2026年第10期."),
    )
    summary = forms.CharField(
        label=_("summary"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    full_text = forms.CharField(
        label=_("full text"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    files = MultipleFileField(label=_("files"), help_text=_("The text as issued (PDF, Word)."))

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None:
            with_initial(
                kwargs,
                {name: getattr(instance, name) for name in MATERIAL_FIELDS},
            )
        super().__init__(*args, **kwargs)

    def material_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in MATERIAL_FIELDS}


MATERIAL_FIELDS = ("title", "kind", "issued_on", "source", "summary", "full_text")


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=SessionKind.choices)
    topic = forms.CharField(label=_("topic"), max_length=200)
    held_on = EnteredDateField(label=_("date"))
    confirm_holiday = forms.BooleanField(
        label=_("Hold it on a weekend or holiday anyway"), required=False
    )
    start_time = forms.TimeField(label=_("start time"), required=False, widget=TIME_INPUT)
    location = forms.CharField(label=_("location"), max_length=100, required=False)
    speaker = forms.CharField(label=_("speaker"), max_length=100, required=False)
    materials = forms.ModelMultipleChoiceField(
        label=_("materials"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"data-searchable": "", "size": 6}),
    )
    notes = forms.CharField(
        label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, user=None, instance=None, **kwargs):
        if instance is not None:
            initial = {name: getattr(instance, name) for name in SESSION_FIELDS}
            initial["materials"] = list(instance.materials.values_list("pk", flat=True))
            with_initial(kwargs, initial)
        super().__init__(*args, **kwargs)
        self.fields["materials"].queryset = study_materials(user, "change")
        if instance is None or instance.kind != SessionKind.FIRST_TOPIC:
            # 第一议题 is recorded on the meeting's agenda (selectors.first_topic_studies).
            self.fields["kind"].choices = [
                choice for choice in SessionKind.choices if choice[0] != SessionKind.FIRST_TOPIC
            ]

    def session_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in SESSION_FIELDS}


SESSION_FIELDS = ("kind", "topic", "held_on", "start_time", "location", "speaker", "notes")


class ScheduleForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    move_to_next_working_day = forms.BooleanField(
        label=_("Move a Thursday that is a holiday to the next working day"),
        required=False,
        help_text=_("Otherwise such a Thursday is skipped."),
    )
    topic = forms.CharField(
        label=_("topic"),
        max_length=200,
        required=False,
        help_text=_("Left empty: 周四集体学习; each session's topic can be set later."),
    )
    start_time = forms.TimeField(label=_("start time"), required=False, widget=TIME_INPUT)
    location = forms.CharField(label=_("location"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        with_initial(
            kwargs, {"year": timezone.localdate().year + (timezone.localdate().month == 12)}
        )
        super().__init__(*args, **kwargs)


class AttendanceForm(forms.Form):
    """One row per member of the office: present, on leave (with the reason) or absent."""

    notes = forms.CharField(
        label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        recorded = {row.person_id: row for row in session.attendance.all()}
        self.people = list(office_staff(session.owning_office).select_related("org_unit"))
        self.rows = []
        for person in self.people:
            row = recorded.get(person.pk)
            status_name, reason_name = f"status_{person.pk}", f"reason_{person.pk}"
            self.fields[status_name] = forms.ChoiceField(
                label=str(person),
                choices=Attendance.choices,
                initial=row.status if row else Attendance.PRESENT,
                widget=forms.RadioSelect,
            )
            self.fields[reason_name] = forms.CharField(
                label=_("reason for leave"),
                max_length=200,
                required=False,
                initial=row.leave_reason if row else "",
            )
            self.rows.append((person, status_name, reason_name))
        self.fields["notes"].initial = session.notes

    def clean(self):
        cleaned = super().clean()
        for person, status_name, reason_name in self.rows:
            if (
                cleaned.get(status_name) == Attendance.LEAVE
                and not cleaned.get(reason_name, "").strip()
            ):
                self.add_error(
                    reason_name, _("%(person)s is on leave: give the reason.") % {"person": person}
                )
        return cleaned

    def bound_rows(self):
        return [(person, self[status], self[reason]) for person, status, reason in self.rows]

    def entries(self) -> list:
        from .services import AttendanceEntry

        return [
            AttendanceEntry(person, self.cleaned_data[status], self.cleaned_data[reason])
            for person, status, reason in self.rows
        ]


class CancelForm(ActionForm):
    action = "cancel"

    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))


class PhotosForm(ActionForm):
    action = "add_photos"

    files = MultipleFileField(label=_("photos or files"), required=True)


class NoteForm(forms.Form):
    read_on = EnteredDateField(label=_("date"), initial=timezone.localdate)
    title = forms.CharField(label=_("what I read"), max_length=200)
    material = forms.ModelChoiceField(label=_("material"), queryset=None, required=False)
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, user=None, instance=None, **kwargs):
        if instance is not None:
            with_initial(
                kwargs,
                {name: getattr(instance, name) for name in ("read_on", "title", "note")}
                | {"material": instance.material_id},
            )
        super().__init__(*args, **kwargs)
        self.fields["material"].queryset = study_materials(user)
        say_choose_when_empty(self)


class DigestCompileForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("month"), min_value=1, max_value=12)
    title = forms.CharField(
        label=_("title"),
        max_length=200,
        required=False,
        help_text=_("Left empty: the usual title with the year and issue number."),
    )

    def __init__(self, *args, instance=None, **kwargs):
        today = timezone.localdate()
        with_initial(kwargs, {"year": today.year, "month": today.month})
        super().__init__(*args, **kwargs)


class DigestEditForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    foreword = forms.CharField(
        label=_("editor's note"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None:
            with_initial(kwargs, {"title": instance.title, "foreword": instance.foreword})
        super().__init__(*args, **kwargs)


class ArticleForm(ActionForm):
    action = "add_article"

    focus_area = forms.ChoiceField(label=_("focus area"), choices=FocusArea.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    source = forms.CharField(label=_("source"), max_length=200, required=False)
    text = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 6}))


class ArticleEditForm(forms.Form):
    """An article of a draft digest, changed on its own page."""

    focus_area = forms.ChoiceField(label=_("focus area"), choices=FocusArea.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    source = forms.CharField(label=_("source"), max_length=200, required=False)
    text = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 10}))

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None:
            fields = ("focus_area", "title", "source", "text")
            with_initial(kwargs, {name: getattr(instance, name) for name in fields})
        super().__init__(*args, **kwargs)


class PairForm(forms.Form):
    mentor = forms.ModelChoiceField(label=_("mentor"), queryset=None)
    mentee = forms.ModelChoiceField(label=_("newcomer"), queryset=None)
    started_on = EnteredDateField(label=_("start date"), initial=timezone.localdate)
    goals = forms.CharField(label=_("goals"), widget=forms.Textarea(attrs={"rows": 4}))
    review_every_months = forms.IntegerField(
        label=_("review every (months)"), min_value=1, max_value=12, initial=3
    )

    def __init__(self, *args, user=None, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        staff = office_staff(user.office if user else None)
        self.fields["mentor"].queryset = staff
        self.fields["mentee"].queryset = staff
        say_choose_when_empty(self)


class PairEditForm(forms.Form):
    """A pairing corrected by the director: the newcomer stays, the rest may change."""

    mentor = forms.ModelChoiceField(label=_("mentor"), queryset=None)
    started_on = EnteredDateField(label=_("start date"))
    goals = forms.CharField(label=_("goals"), widget=forms.Textarea(attrs={"rows": 4}))
    review_every_months = forms.IntegerField(
        label=_("review every (months)"), min_value=1, max_value=12
    )

    def __init__(self, *args, user=None, instance=None, **kwargs):
        if instance is not None:
            fields = ("started_on", "goals", "review_every_months")
            # FormView passes an empty "initial": the record's values come first.
            kwargs["initial"] = {
                **{name: getattr(instance, name) for name in fields},
                "mentor": instance.mentor_id,
                **(kwargs.get("initial") or {}),
            }
        super().__init__(*args, **kwargs)
        staff = office_staff(instance.owning_office if instance else None)
        self.fields["mentor"].queryset = staff.exclude(pk=instance.mentee_id) if instance else staff
        say_choose_when_empty(self)


class ReviewForm(ActionForm):
    action = "review"

    held_on = EnteredDateField(label=_("date"), initial=timezone.localdate)
    text = forms.CharField(label=_("review"), widget=forms.Textarea(attrs={"rows": 3}))


class EndForm(ActionForm):
    action = "end"

    ended_on = EnteredDateField(label=_("end date"), initial=timezone.localdate)
    assessment = forms.CharField(
        label=_("end assessment"), widget=forms.Textarea(attrs={"rows": 3})
    )


class TierForm(forms.Form):
    person = forms.ModelChoiceField(label=_("person"), queryset=None)
    tier = forms.ChoiceField(label=_("tier"), choices=Tier.choices)
    reason = forms.CharField(label=_("reason"), max_length=300)
    changed_on = EnteredDateField(label=_("date"), initial=timezone.localdate)

    def __init__(self, *args, user=None, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = office_staff(user.office if user else None)
        say_choose_when_empty(self)


# --- Competitions and the section assessment -----------------------------------------------------


class CompetitionForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    held_on = EnteredDateField(label=_("date"))
    max_score = forms.IntegerField(
        label=_("highest score"), min_value=1, max_value=1000, initial=100
    )
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, **kwargs)


class LimitedChoices:
    """An action form whose choices the detail page narrows to its record (the service
    checks them again when the form is posted)."""

    def limit_to(self, record) -> None:
        raise NotImplementedError


class EntryForm(LimitedChoices, ActionForm):
    action = "enter"
    person = forms.ModelChoiceField(label=_("participant"), queryset=User.objects.all())
    category = forms.ChoiceField(label=_("category"), choices=CompetitionCategory.choices)

    def limit_to(self, competition):
        self.fields["person"].queryset = office_staff(competition.owning_office)
        say_choose_when_empty(self)


class ScoreForm(LimitedChoices, ActionForm):
    action = "score"
    entry = forms.ModelChoiceField(label=_("entry"), queryset=CompetitionEntry.objects.all())
    score = forms.DecimalField(label=_("score"), max_digits=5, decimal_places=1)

    def limit_to(self, competition):
        self.fields["entry"].queryset = competition.entries.select_related("person")
        self.fields["score"].help_text = _("0 to %(max)d") % {"max": competition.max_score}
        say_choose_when_empty(self)


class CommendForm(LimitedChoices, ActionForm):
    action = "commend"
    entry = forms.ModelChoiceField(label=_("entry"), queryset=CompetitionEntry.objects.all())
    commendation = forms.ChoiceField(
        label=_("commendation"), choices=Commendation.choices, required=False
    )

    def limit_to(self, competition):
        self.fields["entry"].queryset = competition.entries.select_related("person")
        say_choose_when_empty(self)


class AssessmentForm(forms.Form):
    """The year, and the targets one a line: "name weight" or "name weight source"."""

    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("title"), max_length=200)
    criteria = forms.CharField(
        label=_("targets and weights"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One target a line: its name, then its weight; the weights add up to 100. End a "
            "line with a word to compute the score from the year's records: 办文 (documents "
            "the section drafted), 文稿 (manuscripts it wrote), 办会 (meetings it served), "
            "办结 (supervision items it handled), 督办 (items closed on time) or 学习 (study "
            "attendance), e.g. “督查督办按时办结 30 督办”."
        ),
    )

    def __init__(self, *args, instance=None, **kwargs):
        today = timezone.localdate()
        with_initial(
            kwargs,
            {
                "year": today.year,
                "title": _("Section target assessment %(year)d") % {"year": today.year},
                "criteria": "办文 25 办文\n文稿 15 文稿\n办会保障 20 办会\n"
                "督查督办按时办结 20 督办\n学习出勤 20 学习",
            },
        )
        super().__init__(*args, **kwargs)

    SOURCES = {
        "办文": CriterionSource.DOCUMENTS_DRAFTED,
        "文稿": CriterionSource.MANUSCRIPTS_DELIVERED,
        "办会": CriterionSource.MEETINGS_SERVED,
        "办结": CriterionSource.SUPERVISION_HANDLED,
        "督办": CriterionSource.SUPERVISION_ON_TIME,
        "学习": CriterionSource.STUDY_ATTENDANCE,
    }

    def clean_criteria(self):
        from .services import CriterionData

        rows = []
        for number, line in enumerate(self.cleaned_data["criteria"].splitlines(), start=1):
            parts = line.split()
            if not parts:
                continue
            source = self.SOURCES.get(parts[-1], "")
            if source:
                parts = parts[:-1]
            if len(parts) < 2 or not parts[-1].isdigit():
                raise forms.ValidationError(
                    _("Line %(number)d: give the target's name, then its weight.")
                    % {"number": number}
                )
            rows.append(
                CriterionData(
                    " ".join(parts[:-1]), int(parts[-1]), source or CriterionSource.MANUAL
                )
            )
        return rows


class AssessmentEditForm(AssessmentForm):
    """The title and the targets of an assessment, one a line as when it was set; the year
    stays."""

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None:
            words = {source: word for word, source in self.SOURCES.items()}
            lines = [
                " ".join(filter(None, (c.name, str(c.weight), words.get(c.source, ""))))
                for c in instance.criteria.all()
            ]
            kwargs["initial"] = {
                "title": instance.title,
                "criteria": "\n".join(lines),
                **(kwargs.get("initial") or {}),
            }
        super().__init__(*args, **kwargs)
        del self.fields["year"]
        self.fields["criteria"].help_text = _(
            "A target keeps its scores while its name stays the same; a line taken out "
            "removes that target and the scores entered on it."
        )


class ScoreEditForm(forms.Form):
    """The director's score of one section on one target, corrected."""

    score = forms.DecimalField(
        label=_("score"), max_digits=5, decimal_places=1, help_text=_("0 to 100")
    )

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None:
            kwargs["initial"] = {"score": instance.score, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)


class SectionScoreForm(LimitedChoices, ActionForm):
    action = "score"
    criterion = forms.ModelChoiceField(label=_("target"), queryset=Criterion.objects.all())
    section = forms.ModelChoiceField(label=_("section"), queryset=OrgUnit.objects.all())
    score = forms.DecimalField(
        label=_("score"), max_digits=5, decimal_places=1, help_text=_("0 to 100")
    )

    def limit_to(self, assessment):
        self.fields["criterion"].queryset = assessment.criteria.filter(
            source=CriterionSource.MANUAL
        )
        self.fields["section"].queryset = OrgUnit.objects.filter(
            office=assessment.owning_office, kind="section", is_active=True
        ).order_by("sort_order", "path")
        say_choose_when_empty(self)


# --- Grassroots training -------------------------------------------------------------------------


class CourseForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    held_on = EnteredDateField(label=_("date"))
    location = forms.CharField(label=_("location"), max_length=100, required=False)
    content = forms.CharField(
        label=_("content"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    materials = forms.ModelMultipleChoiceField(
        label=_("materials"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"data-searchable": "", "size": 6}),
    )

    def __init__(self, *args, user=None, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["materials"].queryset = study_materials(user, "change")


class EnrolForm(LimitedChoices, ActionForm):
    action = "enrol"
    unit = forms.ModelChoiceField(label=_("unit"), queryset=OrgUnit.objects.all())
    people = forms.IntegerField(label=_("participants"), min_value=1, max_value=500)

    def limit_to(self, course):
        self.fields["unit"].queryset = OrgUnit.objects.filter(
            office=course.owning_office, kind__in=["township", "department"], is_active=True
        ).order_by("kind", "sort_order", "name")
        say_choose_when_empty(self)


class FeedbackForm(LimitedChoices, ActionForm):
    action = "feedback"
    unit = forms.ModelChoiceField(label=_("unit"), queryset=OrgUnit.objects.all())
    rating = forms.TypedChoiceField(
        label=_("rating (1–5)"), coerce=int, choices=[(n, str(n)) for n in range(5, 0, -1)]
    )
    feedback = forms.CharField(label=_("feedback"), widget=forms.Textarea(attrs={"rows": 3}))

    def limit_to(self, course):
        self.fields["unit"].queryset = OrgUnit.objects.filter(
            pk__in=course.participants.values("unit")
        ).order_by("sort_order", "name")
        say_choose_when_empty(self)
