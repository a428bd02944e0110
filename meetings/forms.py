from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from office.forms import (
    ActionForm,
    ButtonChoice,
    EnteredDateField,
    MultipleFileField,
    say_choose_when_empty,
)
from office.models import OrgUnit, User
from office.roles import Role
from training.selectors import study_materials

from .choices import AgendaKind, MeetingType
from .models import Meeting
from .rules import time_errors
from .services import MeetingData

TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def office_people(user):
    """People of the user's office's county a meeting may name (chair, leaders)."""
    office = user.office
    if office is None:
        return User.objects.none()
    return (
        User.objects.filter(org_unit__office=office, is_active=True)
        .select_related("org_unit")
        .order_by("org_unit__path", "name")
    )


def county_leaders(user):
    return office_people(user).filter(groups__name=Role.LEADER)


class MeetingForm(forms.ModelForm):
    """Request or edit a meeting: its day, start and end, and who must be there."""

    day = EnteredDateField(label=_("date"))
    start = forms.TimeField(label=_("starts at"), widget=TIME_INPUT)
    end = forms.TimeField(label=_("ends at"), widget=TIME_INPUT)
    end_day = EnteredDateField(
        label=_("last day"),
        required=False,
        help_text=_("Only for a meeting of several days (a plenary, the Party congress)."),
    )

    class Meta:
        model = Meeting
        fields = [
            "meeting_type",
            "title",
            "organiser_unit",
            "chair",
            "required_leaders",
            "place",
            "expected_attendance",
            "attendance_levels",
            "reason",
        ]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.restrict(user, "change").filter(is_active=True)
        self.fields["organiser_unit"].queryset = units
        self.fields["chair"].queryset = office_people(user)
        self.fields["required_leaders"].queryset = county_leaders(user)
        self.fields["required_leaders"].required = False
        self.fields["expected_attendance"].min_value = 1
        if user is not None and user.sees_own_unit_only and not self.instance.pk:
            self.initial.setdefault("organiser_unit", user.org_unit_id)
        if self.instance.pk:
            start = timezone.localtime(self.instance.starts_at)
            end = timezone.localtime(self.instance.ends_at)
            self.initial.update(day=start.date(), start=start.time(), end=end.time())
            if end.date() != start.date():
                self.initial["end_day"] = end.date()
        say_choose_when_empty(self)
        self.fields["meeting_type"].choices = [("", _("Please choose")), *MeetingType.choices]
        order = ["meeting_type", "title", "organiser_unit", "chair", "required_leaders", "day",
                 "start", "end", "end_day", "place", "expected_attendance", "attendance_levels",
                 "reason"]  # fmt: skip
        self.order_fields(order)

    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start"), data.get("end")
        if day and start and end:
            zone = timezone.get_current_timezone()
            data["starts_at"] = datetime.combine(day, start, tzinfo=zone)
            data["ends_at"] = datetime.combine(data.get("end_day") or day, end, tzinfo=zone)
            for _field, message in time_errors(data["starts_at"], data["ends_at"]).items():
                self.add_error("end", message)
        return data

    def meeting_data(self) -> MeetingData:
        data = self.cleaned_data
        return MeetingData(
            meeting_type=data["meeting_type"],
            title=data["title"],
            organiser_unit=data["organiser_unit"],
            chair=data["chair"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            place=data["place"],
            expected_attendance=data["expected_attendance"],
            reason=data["reason"],
            attendance_levels=data.get("attendance_levels", ""),
            required_leaders=list(data.get("required_leaders") or []),
        )


# --- Action forms of the detail page -------------------------------------------------------------


class SubmitForm(ActionForm):
    action = "submit"
    exception_reason = forms.CharField(
        label=_("reason for the exception"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when the meeting breaks a rule; the director then decides."),
    )


class DecideForm(ActionForm):
    action = "decide_request"
    approve = forms.TypedChoiceField(
        choices=(("1", "1"), ("0", "0")), coerce=lambda v: v == "1", widget=ButtonChoice
    )
    comment = forms.CharField(
        label=_("comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CommentForm(ActionForm):
    action = "comment"
    comment = forms.CharField(
        label=_("comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(ActionForm):
    action = "cancel"
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))


class EmptyForm(ActionForm):
    action = "confirm"


class IdsField(forms.Field):
    """Ids picked in a multiple select; the service looks them up among what the user may
    pick (the choices are only shown: ``prepare`` on the page fills them)."""

    widget = forms.SelectMultiple

    def to_python(self, value):
        if not value:
            return []
        try:
            return [int(v) for v in (value if isinstance(value, list | tuple) else [value])]
        except (TypeError, ValueError):
            raise forms.ValidationError(_("Choose from the list.")) from None


class AgendaItemForm(ActionForm):
    action = "agenda"
    kind = forms.ChoiceField(label=_("kind"), choices=AgendaKind.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    presenter_name = forms.CharField(label=_("presenter"), max_length=50, required=False)
    minutes = forms.IntegerField(label=_("time budget (minutes)"), min_value=1, max_value=1440)
    study_materials = IdsField(
        label=_("study materials"),
        required=False,
        help_text=_("For a study item (第一议题): the speeches or instructions studied."),
    )
    materials = MultipleFileField(label=_("attachments"))

    def prepare(self, view, meeting):
        self.fields["study_materials"].widget.choices = [
            (m.pk, f"{m.title}（{m.issued_on:%Y-%m-%d}）")
            for m in study_materials(view.request.user, "change")[:200]
        ]
        self.fields["minutes"].initial = _report_minutes()


def _report_minutes():
    from .conf import setting

    return setting("MEETINGS_REPORT_MINUTES")


class TaskForm(ActionForm):
    action = "task"
    task = forms.IntegerField(widget=forms.HiddenInput)
    done = forms.TypedChoiceField(
        choices=(("1", "1"), ("0", "0")), coerce=lambda v: v == "1", widget=ButtonChoice
    )


class MinutesForm(ActionForm):
    action = "minutes"
    text = forms.CharField(label=_("text of the minutes"), widget=forms.Textarea(attrs={"rows": 6}))
    reason = forms.CharField(
        label=_("reason for the new version"),
        required=False,
        help_text=_("Only after the minutes were approved: a change is then a new version."),
    )

    def prepare(self, view, meeting):
        """The draft being written, to go on with; a new version starts from the approved."""
        latest = meeting.minutes.order_by("-number").first()
        if latest is not None and not self.is_bound and "text" not in self.initial:
            self.fields["text"].initial = latest.text


class DecisionForm(ActionForm):
    action = "decision"
    text = forms.CharField(label=_("decision"), widget=forms.Textarea(attrs={"rows": 2}))
    lead_unit = forms.ModelChoiceField(
        label=_("lead unit"), queryset=OrgUnit.objects.filter(is_active=True), required=False
    )

    def prepare(self, view, meeting):
        units = OrgUnit.objects.restrict(view.request.user, "change").filter(is_active=True)
        self.fields["lead_unit"].queryset = units
        say_choose_when_empty(self)


class SupervisionForm(ActionForm):
    action = "supervise"
    decision = forms.IntegerField(widget=forms.HiddenInput)
    deadline = EnteredDateField(label=_("deadline"), required=False)


def meeting_day(meeting):
    return timezone.localtime(meeting.starts_at).date()


class NoticeForm(ActionForm):
    action = "notice"
    attendees = IdsField(
        label=_("attendees"),
        required=False,
        help_text=_("The chair and the leaders required to attend always get the notice."),
    )

    def prepare(self, view, meeting):
        self.fields["attendees"].widget.choices = [
            (u.pk, f"{u}（{u.org_unit}）") for u in office_people(view.request.user)[:300]
        ]
        self.fields["attendees"].widget.attrs["size"] = 8


class AnswerForm(ActionForm):
    action = "answer"
    confirm = forms.TypedChoiceField(
        choices=(("1", "1"), ("0", "0")), coerce=lambda v: v == "1", widget=ButtonChoice
    )
    leave_reason = forms.CharField(
        label=_("reason for leave"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when asking for leave."),
    )
    substitute = forms.CharField(label=_("substitute"), max_length=50, required=False)


class SignInForm(ActionForm):
    action = "sign_in"
    present = IdsField(required=False, widget=forms.CheckboxSelectMultiple)
    # Who was ticked when the organiser opened the list: someone who signs in by the QR code
    # meanwhile is not unticked by the organiser's save.
    was_present = IdsField(required=False, widget=forms.MultipleHiddenInput)
