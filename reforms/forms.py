"""Forms of reform work. Each collects what a service needs; the rules are in ``rules.py`` and
the services decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from office.forms import ActionForm, EnteredDateField, MultipleFileField, say_choose_when_empty
from office.imports.forms import ImportUploadForm
from office.models import OrgUnit
from office.selectors import office_leaders

from .choices import Level, PilotKind, Recipient, ReformArea
from .models import KeyTask
from .rules import format_milestones, milestone_errors, parse_milestones
from .services import HonourData, PilotData, TaskData

MILESTONES_HELP = _(
    'One milestone a line: date | what is to be done | weight, e.g. "2026-06-30 | '
    "Implementation plan issued | 30\". Dates within the task's year; weights add up to 100."
)


def _units(user):
    return OrgUnit.objects.restrict(user, "change").responsible_units().filter(is_active=True)


class TaskForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("title"), max_length=200)
    area = forms.ChoiceField(label=_("reform area"), choices=ReformArea.choices)
    lead_leader = forms.ModelChoiceField(
        label=_("lead county leader"), queryset=OrgUnit.objects.none(), required=False
    )
    lead_unit = forms.ModelChoiceField(
        label=_("lead unit"),
        queryset=OrgUnit.objects.none(),
        widget=forms.Select(attrs={"data-searchable": ""}),
    )
    cooperating_units = forms.ModelMultipleChoiceField(
        label=_("cooperating units"),
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"data-searchable": "", "size": 6}),
    )
    goal = forms.CharField(
        label=_("goal"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    milestones = forms.CharField(
        label=_("milestones"),
        widget=forms.Textarea(attrs={"rows": 5, "class": "font-monospace"}),
        help_text=MILESTONES_HELP,
    )
    plan_reason = forms.CharField(
        label=_("reason for changing the plan"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_(
            "Work has been reported on this plan. To add a milestone, move a date or change "
            "the weights, say why; the reason is kept on the task's history."
        ),
    )

    def __init__(self, *args, user, instance=None, locked_plan=False, **kwargs):
        self.instance = instance
        if instance is not None:
            kwargs["initial"] = {
                **{
                    "year": instance.year,
                    "title": instance.title,
                    "area": instance.area,
                    "lead_leader": instance.lead_leader_id,
                    "lead_unit": instance.lead_unit_id,
                    "cooperating_units": [u.pk for u in instance.cooperating_units.all()],
                    "goal": instance.goal,
                    "milestones": format_milestones(instance.milestones.all()),
                },
                **(kwargs.get("initial") or {}),
            }
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self.fields["lead_leader"].queryset = office_leaders(user)
        self.fields["lead_unit"].queryset = _units(user)
        self.fields["cooperating_units"].queryset = _units(user)
        if instance is not None:
            self.fields["year"].disabled = True
        if not locked_plan:
            del self.fields["plan_reason"]
        else:
            self.fields["milestones"].help_text = _(
                "One milestone a line: date | what is to be done | weight. A milestone is "
                "matched by its name: keep the name to move its date or change its weight. "
                "A milestone with progress reports cannot be removed."
            )
        say_choose_when_empty(self)

    def clean(self):
        data = super().clean()
        if "year" not in data:
            return data
        milestones, errors = parse_milestones(data.get("milestones", ""))
        errors = errors or milestone_errors(milestones, data["year"])
        if errors:
            self.add_error("milestones", errors)
        data["planned"] = milestones
        return data

    def task_data(self) -> TaskData:
        data = self.cleaned_data
        return TaskData(
            title=data["title"],
            area=data["area"],
            lead_unit=data["lead_unit"],
            year=data["year"],
            milestones=data.get("planned", []),
            lead_leader=data.get("lead_leader"),
            goal=data.get("goal", ""),
            cooperating_units=list(data.get("cooperating_units", [])),
        )


class MilestoneReportForm(ActionForm):
    action = "report"
    text = forms.CharField(label=_("what was done"), widget=forms.Textarea(attrs={"rows": 3}))
    attachments = MultipleFileField(
        label=_("evidence"), help_text=_("Documents or images; several files at once.")
    )


class AcceptForm(ActionForm):
    action = "accept"
    comment = forms.CharField(label=_("comment"), required=False, max_length=500)


class ReturnForm(ActionForm):
    action = "return"
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))


class SuperviseForm(ActionForm):
    action = "supervise"


class PilotForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=200)
    kind = forms.ChoiceField(label=_("kind"), choices=PilotKind.choices)
    level = forms.ChoiceField(label=_("level"), choices=Level.choices)
    approving_body = forms.CharField(label=_("approving body"), max_length=100)
    approval_document = forms.CharField(
        label=_("approval document"), max_length=200, required=False
    )
    applied_on = EnteredDateField(label=_("applied on"))
    lead_unit = forms.ModelChoiceField(label=_("lead unit"), queryset=OrgUnit.objects.none())
    task = forms.ModelChoiceField(
        label=_("key reform task"), queryset=KeyTask.objects.none(), required=False
    )
    period_start = EnteredDateField(label=_("period start"), required=False)
    period_end = EnteredDateField(label=_("period end"), required=False)

    def __init__(self, *args, user, instance=None, **kwargs):
        if instance is not None:
            kwargs["initial"] = {
                **(
                    {name: getattr(instance, name) for name in PilotData.__dataclass_fields__}
                    | {"lead_unit": instance.lead_unit_id, "task": instance.task_id}
                ),
                **(kwargs.get("initial") or {}),
            }
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = _units(user)
        self.fields["task"].queryset = KeyTask.objects.restrict(user, "change").order_by(
            "-year", "title"
        )
        say_choose_when_empty(self)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period must end after it starts."))
        return data

    def pilot_data(self) -> PilotData:
        return PilotData(
            **{name: self.cleaned_data.get(name) for name in PilotData.__dataclass_fields__}
        )


class ApproveForm(ActionForm):
    action = "approve"
    approved_on = EnteredDateField(label=_("approved on"))
    document = forms.CharField(label=_("approval document"), max_length=200, required=False)


class EvaluateForm(ActionForm):
    action = "evaluate"
    evaluation = forms.CharField(
        label=_("evaluation result"), widget=forms.Textarea(attrs={"rows": 3})
    )


class PilotStepForm(ActionForm):
    action = "step"
    comment = forms.CharField(label=_("comment"), required=False, max_length=500)


class WithdrawForm(ActionForm):
    action = "withdraw"
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceForm(ActionForm):
    action = "evidence"
    attachments = MultipleFileField(
        label=_("evidence"),
        required=True,
        help_text=_("Documents or images; several files at once."),
    )


class HonourForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    level = forms.ChoiceField(label=_("level"), choices=[("", _("Please choose")), *Level.choices])
    awarding_body = forms.CharField(label=_("awarding body"), max_length=100)
    awarded_on = EnteredDateField(label=_("awarded on"))
    recipient = forms.ChoiceField(label=_("honoured"), choices=Recipient.choices)
    unit = forms.ModelChoiceField(
        label=_("unit honoured"), queryset=OrgUnit.objects.none(), required=False
    )
    person = forms.CharField(label=_("person honoured"), max_length=50, required=False)
    advanced_unit = forms.BooleanField(
        label=_("advanced-unit title of the office"),
        required=False,
        help_text=_("The office itself was named an advanced unit."),
    )
    attachments = MultipleFileField(label=_("evidence"))

    def __init__(self, *args, user, instance=None, **kwargs):
        if instance is not None:
            kwargs["initial"] = {
                **(
                    {name: getattr(instance, name) for name in HonourData.__dataclass_fields__}
                    | {"unit": instance.unit_id}
                ),
                **(kwargs.get("initial") or {}),
            }
        super().__init__(*args, **kwargs)
        self.fields["level"].required = False  # the rule says it in its own words
        self.fields["unit"].queryset = OrgUnit.objects.restrict(user, "change").filter(
            is_active=True
        )
        say_choose_when_empty(self)

    @property
    def recipient_value(self) -> str:
        """Whom the honour went to as the form stands (typed, or as saved, or a unit)."""
        return str(self["recipient"].value() or Recipient.UNIT)

    def clean(self):
        data = super().clean()
        recipient = data.get("recipient")
        if recipient != Recipient.UNIT:
            data["unit"] = None
        if recipient != Recipient.PERSON:
            data["person"] = ""
        if recipient != Recipient.OFFICE:
            data["advanced_unit"] = False
        return data

    def honour_data(self) -> HonourData:
        return HonourData(
            **{name: self.cleaned_data.get(name) for name in HonourData.__dataclass_fields__}
        )


class TaskUploadForm(ImportUploadForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Fill in the template: one task a row, the header row kept as it is."
        )
