"""Forms of the item pages. They only check what a person typed; the services decide."""

from datetime import date, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from office.forms import (
    ActionForm,
    ButtonChoice,
    EnteredDateField,
    MultipleFileField,
    say_choose_when_empty,
)
from office.imports.forms import ImportUploadForm
from office.models import OrgUnit, User
from office.selectors import office_leaders

from .choices import ReportCycle, SourceKind, Urgency
from .models import Circular, Item
from .rules import deadline_error, instruction_errors
from .services import BATCH_ACTIONS, ItemData
from .services.editing import editable_fields


def unit_choices(user):
    """Units an item may be given to: the user's own office's townships, departments and
    sections, and nothing outside it."""
    return (
        OrgUnit.objects.restrict(user, "change")
        .responsible_units()
        .filter(is_active=True)
        .order_by("kind", "sort_order", "name")
    )


class ItemFieldsForm(forms.Form):
    """The fields of an item as a person types them, shared by registration and editing."""

    title = forms.CharField(label=_("title"), max_length=200)
    source_kind = forms.ChoiceField(label=_("source"), choices=SourceKind.choices)
    source_reference = forms.CharField(
        label=_("source reference"),
        max_length=200,
        required=False,
        help_text=_("The higher-level document, meeting or file the item comes from."),
    )
    # 交办内容 for every source; for a leader's instruction, its text word for word.
    instruction_text = forms.CharField(
        label=_("Task and requirements"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What the item asks of the unit; for a leader's instruction, its exact text, "
            "word for word."
        ),
    )
    instructing_leader_user = forms.ModelChoiceField(
        label=_("instructing leader"),
        queryset=User.objects.none(),
        required=False,
        help_text=_(
            "The county leader who gave the instruction: they follow it on their home page."
        ),
    )
    instructing_leader = forms.CharField(
        label=_("other leader (outside the system)"),
        max_length=50,
        required=False,
        help_text=_("Only for a leader who does not use the system."),
    )
    instruction_date = EnteredDateField(label=_("instruction date"), required=False)
    urgency = forms.ChoiceField(label=_("urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    lead_unit = forms.ModelChoiceField(
        label=_("lead unit"),
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=forms.Select(attrs={"data-searchable": ""}),
    )
    cooperating_units = forms.ModelMultipleChoiceField(
        label=_("cooperating units"),
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
        widget=forms.SelectMultiple(attrs={"data-searchable": "", "size": 6}),
    )
    responsible_person = forms.CharField(
        label=_("responsible person"),
        max_length=50,
        required=False,
        # Offered from the units' users (a datalist, see ``responsible_people``); a name typed
        # for someone outside the system stays as typed.
        widget=forms.TextInput(attrs={"list": "responsible-people", "autocomplete": "off"}),
        help_text=_("Pick a person of the lead unit from the list, or type a name."),
    )
    report_cycle = forms.ChoiceField(
        label=_("report cycle"), choices=ReportCycle.choices, initial=ReportCycle.ONCE
    )
    deadline = EnteredDateField(label=_("deadline"))

    # The unit fields whose choices are the user's own office's units.
    unit_fields = ("lead_unit", "cooperating_units")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = unit_choices(user)
        for name in self.unit_fields:
            if name in self.fields:
                self.fields[name].queryset = units
        self.responsible_people = (
            User.objects.filter(org_unit__in=units, is_active=True)
            .exclude(name="")
            .select_related("org_unit")
            .order_by("org_unit__sort_order", "org_unit__name", "name")
            if "responsible_person" in self.fields
            else User.objects.none()
        )
        if "instructing_leader_user" in self.fields:
            # The county's leaders only: another county's leader is "not one of the choices".
            self.fields["instructing_leader_user"].queryset = office_leaders(user)
        say_choose_when_empty(self)

    def clean(self):
        cleaned = super().clean()
        errors = instruction_errors(
            source_kind=cleaned.get("source_kind"),
            instruction_text=cleaned.get("instruction_text", ""),
            instructing_leader=cleaned.get("instructing_leader", ""),
            instruction_date=cleaned.get("instruction_date"),
            instructing_leader_user=cleaned.get("instructing_leader_user"),
        )
        for name, message in errors.items():
            if name in self.fields:
                self.add_error(name, message)
        return cleaned


class ItemRegisterForm(ItemFieldsForm):
    """立项, with the one-item-per-unit split and the option to assign at once."""

    split = forms.BooleanField(
        label=_("Split into one item per unit"),
        required=False,
        help_text=_("One instruction for several units: a shared parent and one item per unit."),
    )
    lead_units = forms.ModelMultipleChoiceField(
        label=_("units (one item each)"),
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
        widget=forms.SelectMultiple(attrs={"data-searchable": "", "size": 6}),
    )
    deadline = EnteredDateField(
        label=_("deadline"),
        required=False,
        help_text=_("Leave empty to use the proposed deadline."),
    )
    assign_now = forms.BooleanField(
        label=_("Assign immediately"),
        required=False,
        help_text=_("Hand the item to its unit now; its liaisons are notified."),
    )

    unit_fields = ("lead_unit", "lead_units", "cooperating_units")
    field_order = (
        "title",
        "source_kind",
        "source_reference",
        "instruction_text",
        "instructing_leader_user",
        "instructing_leader",
        "instruction_date",
        "urgency",
        "split",
        "lead_unit",
        "lead_units",
        "cooperating_units",
        "responsible_person",
        "report_cycle",
        "deadline",
        "assign_now",
    )

    def __init__(self, *args, user=None, instance=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)

    def clean_deadline(self):
        # The service refuses it too; saying so now spares a second round of corrections.
        deadline = self.cleaned_data["deadline"]
        if deadline_error(deadline, timezone.localdate()):
            raise ValidationError(deadline_error(deadline, timezone.localdate()))
        return deadline

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("split"):
            if len(cleaned.get("lead_units") or []) < 2:
                self.add_error("lead_units", _("Choose at least two units to split an item."))
            if cleaned.get("cooperating_units"):
                self.add_error(
                    "cooperating_units",
                    _("A split item has no cooperating units: each unit gets its own item."),
                )
        elif not cleaned.get("lead_unit"):
            self.add_error("lead_unit", _("Choose the lead unit."))
        return cleaned

    def item_data(self) -> ItemData:
        data = self.cleaned_data
        return ItemData(
            title=data["title"],
            source_kind=data["source_kind"],
            lead_unit=None if data["split"] else data["lead_unit"],
            deadline=data["deadline"],
            urgency=data["urgency"],
            source_reference=data["source_reference"],
            instruction_text=data["instruction_text"],
            instructing_leader=data["instructing_leader"],
            instructing_leader_user=data["instructing_leader_user"],
            instruction_date=data["instruction_date"],
            responsible_person=data["responsible_person"],
            report_cycle=data["report_cycle"],
            cooperating_units=[] if data["split"] else list(data["cooperating_units"]),
        )


class ItemEditForm(ItemFieldsForm):
    """Changes to a registered or assigned item. Only the fields the item's status leaves open
    are offered (``editing.editable_fields``); anything else posted is ignored, and the
    service would refuse it anyway."""

    def __init__(self, *args, user=None, instance: Item, **kwargs):
        self.instance = instance
        open_fields = editable_fields(instance)
        initial = {name: getattr(instance, name) for name in open_fields}
        if "cooperating_units" in open_fields:
            initial["cooperating_units"] = list(instance.cooperating_units.all())
        kwargs["initial"] = {**initial, **(kwargs.get("initial") or {})}
        super().__init__(*args, user=user, **kwargs)
        for name in list(self.fields):
            if name not in open_fields:
                del self.fields[name]
        if "lead_unit" in self.fields:
            self.fields["lead_unit"].required = True

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline_error(deadline, self.instance.registered_on):
            raise ValidationError(deadline_error(deadline, self.instance.registered_on))
        return deadline

    def clean(self):
        cleaned = super().clean()
        lead_unit = cleaned.get("lead_unit", self.instance.lead_unit)
        if lead_unit and lead_unit in (cleaned.get("cooperating_units") or []):
            self.add_error(
                "cooperating_units", _("The lead unit cannot also be a cooperating unit.")
            )
        return cleaned


class AssignForm(ActionForm):
    action = "assign"
    comment = forms.CharField(label=_("comment"), required=False, max_length=500)


class AcceptForm(ActionForm):
    action = "accept"
    comment = forms.CharField(
        label=_("comment"),
        required=False,
        max_length=500,
        help_text=_("Optional: who handles it, or how the unit will go about it."),
    )


class ReportForm(ActionForm):
    action = "report"
    percent = forms.IntegerField(label=_("percent complete"), min_value=0, max_value=100)
    text = forms.CharField(label=_("progress"), widget=forms.Textarea(attrs={"rows": 3}))
    attachments = MultipleFileField(
        label=_("attachments"), help_text=_("Documents or images; several files at once.")
    )


class CompletionForm(ActionForm):
    action = "complete"
    text = forms.CharField(label=_("completion report"), widget=forms.Textarea(attrs={"rows": 3}))
    attachments = MultipleFileField(label=_("attachments"))


class ExtensionRequestForm(ActionForm):
    action = "extension"
    new_deadline = EnteredDateField(label=_("requested deadline"))
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionDecisionForm(ActionForm):
    action = "decide"
    approve = forms.TypedChoiceField(
        label=_("decision"),
        choices=[("1", _("Approve")), ("0", _("Reject"))],
        coerce=lambda value: value == "1",
        widget=ButtonChoice,
    )
    comment = forms.CharField(
        label=_("comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when rejecting."),
    )


class CloseForm(ActionForm):
    action = "close"
    comment = forms.CharField(label=_("comment"), required=False, max_length=500)


class ReasonForm(ActionForm):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))


class SendBackForm(ReasonForm):
    action = "send_back"


class CancelForm(ReasonForm):
    action = "cancel"


class UrgeForm(ActionForm):
    action = "urge"
    message = forms.CharField(label=_("message"), widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(ActionForm):
    action = "comment"
    text = forms.CharField(label=_("comment"), widget=forms.Textarea(attrs={"rows": 2}))


class BatchForm(forms.Form):
    """批量办理: what to do with the items ticked in the ledger or the red list."""

    items = forms.ModelMultipleChoiceField(
        queryset=Item.objects.none(), required=False, widget=forms.MultipleHiddenInput
    )
    action = forms.ChoiceField(label=_("With the selected items"), choices=())
    report_cycle = forms.ChoiceField(
        label=_("report cycle"),
        choices=[("", _("Choose…")), *ReportCycle.choices],
        required=False,
        help_text=_("For “Set the report cycle”."),
    )
    message = forms.CharField(
        label=_("message"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For “Urge the lead units”."),
    )
    # The red list's "urge them all": every item on it, ticked or not.
    everything = forms.BooleanField(required=False, widget=forms.HiddenInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, queryset=None, actions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if queryset is not None:
            self.fields["items"].queryset = queryset
        self.fields["action"].choices = list((actions or BATCH_ACTIONS).items())

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action == "set_cycle" and not cleaned.get("report_cycle"):
            self.add_error("report_cycle", _("Choose the report cycle."))
        if action == "urge" and not (cleaned.get("message") or "").strip():
            self.add_error("message", _("Write the urging message."))
        return cleaned


# --- The Excel import ---------------------------------------------------------------------


class ItemUploadForm(ImportUploadForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Fill in the template: one item a row, the header row kept as it is."
        )


# --- Circulars ---------------------------------------------------------------------------


def last_month(today: date) -> tuple[date, date]:
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


class CircularCreateForm(forms.Form):
    title = forms.CharField(
        label=_("title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty for a title naming the period."),
    )
    period_start = EnteredDateField(label=_("period start"))
    period_end = EnteredDateField(label=_("period end"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        start, end = last_month(timezone.localdate())
        self.initial.setdefault("period_start", start)
        self.initial.setdefault("period_end", end)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period must end after it starts."))
        return data


class CircularTextForm(forms.ModelForm):
    class Meta:
        model = Circular
        fields = ["title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 24, "class": "circular-text"})}
