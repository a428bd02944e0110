"""Forms of documents' pages. Choices that name people or units are those of the user's
office (``takes_user``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from office.forms import ActionForm, EnteredDateField, say_choose_when_empty
from office.models import OrgUnit, User

from .choices import DOC_STEPS, AdoptionLevel, DocStatus, IncomingMode
from .models import (
    ConfidentialRecord,
    IncomingDocument,
    InfoTopic,
    Manuscript,
    OfficialDocument,
    ResearchVisit,
)
from .selectors import countersign_unit_choices, leader_choices, signer_choices


class DocumentForm(forms.ModelForm):
    class Meta:
        model = OfficialDocument
        fields = [
            "doc_type",
            "title",
            "issuer",
            "issuer_code",
            "is_normative",
            "urgency",
            "openness",
            "main_recipients",
            "copy_recipients",
            "body",
            "attachments_note",
            "signer",
        ]
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}

    countersign_units = forms.ModelMultipleChoiceField(
        label=_("countersigning units (会签)"),
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text=_("Other units that sign before the leader, in the order listed."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signer"].queryset = signer_choices(user)
        self.fields["countersign_units"].queryset = countersign_unit_choices(user)
        if self.instance.pk:
            self.initial["countersign_units"] = [
                signature.unit_id for signature in self.instance.countersignatures.all()
            ]
        self.fields["body"].help_text = _(
            "Headings are known by their numbering: 一、 （一） 1. （1）."
        )
        say_choose_when_empty(self)


class ManuscriptForm(forms.ModelForm):
    assigned_on = EnteredDateField(label=_("assigned on"))
    due_date = EnteredDateField(label=_("due date"), required=False)

    class Meta:
        model = Manuscript
        fields = [
            "kind",
            "title",
            "for_whom",
            "commissioning_body",
            "assigned_on",
            "due_date",
            "research_visit",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["research_visit"].queryset = ResearchVisit.objects.restrict(user, "change")
        say_choose_when_empty(self)


class VisitForm(forms.ModelForm):
    start_date = EnteredDateField(label=_("first day of the visit"))
    end_date = EnteredDateField(label=_("last day of the visit"))

    class Meta:
        model = ResearchVisit
        fields = [
            "visiting_body",
            "level",
            "topic",
            "start_date",
            "end_date",
            "places",
            "accompanying_leaders",
            "notes",
        ]
        widgets = {"accompanying_leaders": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accompanying_leaders"].queryset = leader_choices(user)
        say_choose_when_empty(self)


class IncomingForm(forms.ModelForm):
    received_on = EnteredDateField(label=_("received on"))

    class Meta:
        model = IncomingDocument
        fields = ["sender", "sender_number", "title", "received_on"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


# --- Action forms -----------------------------------------------------------------------------


class CommentForm(ActionForm):
    action = "comment"
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(ActionForm):
    action = "reason"
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class SendBackForm(ReasonForm):
    action = "send_back"
    to = forms.ChoiceField(
        label=_("Back to the step"),
        choices=[(step, label) for step, label in DocStatus.choices if step in DOC_STEPS[:-1]],
        initial=DocStatus.DRAFTING,
        required=False,
        help_text=_("A step the document has passed."),
    )

    def offer_only(self, steps) -> None:
        """Offer only the steps this document has passed (no legality review it skipped)."""
        self.fields["to"].choices = [
            (step, label) for step, label in self.fields["to"].choices if step in steps
        ]


class ReceiptForm(ActionForm):
    action = "receipt"
    copy_number = forms.CharField(label=_("copy number"), max_length=20)
    read_on = EnteredDateField(label=_("read on"), required=False)


class FirstCheckForm(ActionForm):
    action = "first_check"
    mode = forms.ChoiceField(label=_("handling"), choices=IncomingMode.choices)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ProposeForm(ActionForm):
    action = "propose"
    proposed_handling = forms.CharField(
        label=_("proposed handling (拟办)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CountersignForm(ActionForm):
    action = "countersign"
    signed_by = forms.CharField(label=_("signed for the unit by"), max_length=50)
    agrees = forms.TypedChoiceField(
        label=_("The unit's view"),
        choices=[("1", _("Agree")), ("0", _("Disagree"))],
        coerce=lambda value: value == "1",
        initial="1",
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(
        label=_("opinion"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CountersignOwnForm(ActionForm):
    """The countersigning unit's own head or liaison: agree, or disagree and say why."""

    action = "countersign_own"
    agrees = CountersignForm.base_fields["agrees"]
    opinion = forms.CharField(
        label=_("opinion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the unit disagrees."),
    )


class LegalReviewForm(ActionForm):
    action = "legal"
    opinion = forms.CharField(
        label=_("Legality review opinion"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Authority, scope, procedure, content and form."),
    )


class IssueForm(ActionForm):
    action = "issue"
    override_reason = forms.CharField(
        label=_("Reason for exceeding the quota"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when the type is over last year's count: the director gives it."),
    )


class FilingForm(ActionForm):
    action = "filing"
    filing_number = forms.CharField(label=_("filing number"), max_length=50)
    filed_on = EnteredDateField(label=_("filed on"))


class VersionForm(ActionForm):
    action = "version"
    text = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 14}))
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class PublishForm(ActionForm):
    action = "publish"
    journal = forms.CharField(label=_("published in"), max_length=100)
    journal_issue = forms.CharField(label=_("issue"), max_length=50, required=False)
    published_on = EnteredDateField(label=_("published on"))


class FollowUpForm(ActionForm):
    action = "follow_up"
    takes_user = True
    text = forms.CharField(label=_("follow-up"), widget=forms.Textarea(attrs={"rows": 2}))
    lead_unit = forms.ModelChoiceField(
        label=_("To supervision, led by"),
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text=_("Choose a lead unit to open a supervision item at once."),
    )
    deadline = EnteredDateField(label=_("deadline"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["lead_unit"].queryset = (
                OrgUnit.objects.restrict(user, "change").responsible_units().filter(is_active=True)
            )
        say_choose_when_empty(self)


class CirculateForm(ActionForm):
    action = "circulate"
    takes_user = True
    readers = forms.ModelMultipleChoiceField(
        label=_("Readers, in order"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["readers"].queryset = signer_choices(user)


class EmptyForm(ActionForm):
    action = "empty"


# --- The confidential ledger ------------------------------------------------------------------


class ConfidentialForm(forms.ModelForm):
    received_on = EnteredDateField(label=_("received on"))

    class Meta:
        model = ConfidentialRecord
        fields = [
            "title",
            "number",
            "sender",
            "classification",
            "marking",
            "received_on",
            "copy_numbers",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        say_choose_when_empty(self)


class LendForm(ActionForm):
    action = "lend"
    takes_user = True
    copy_number = forms.CharField(label=_("copy number"), max_length=20)
    holder = forms.ModelChoiceField(label=_("holder"), queryset=User.objects.none())
    due_on = EnteredDateField(
        label=_("return by"), required=False, help_text=_("Empty: the same day.")
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["holder"].queryset = User.objects.restrict(user, "change").filter(
                is_active=True
            )
        say_choose_when_empty(self)


class TakeBackForm(ActionForm):
    action = "take_back"
    copy_number = forms.CharField(label=_("copy number"), max_length=20)


class DestroyForm(ActionForm):
    action = "destroy"
    takes_user = True
    witnesses = forms.ModelMultipleChoiceField(
        label=_("witnesses"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["witnesses"].queryset = (
                User.objects.restrict(user, "change").filter(is_active=True).exclude(pk=user.pk)
            )


# --- Information reports ----------------------------------------------------------------------


class InfoForm(forms.Form):
    takes_user = True
    unit = forms.ModelChoiceField(label=_("submitting unit"), queryset=OrgUnit.objects.none())
    title = forms.CharField(label=_("title"), max_length=200)
    text = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 10}))
    is_research = forms.BooleanField(label=_("research report"), required=False)
    topic = forms.ModelChoiceField(
        label=_("answers the topic"), queryset=InfoTopic.objects.none(), required=False
    )

    def __init__(self, *args, user=None, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            units = OrgUnit.objects.restrict(user, "change").responsible_units()
            self.fields["unit"].queryset = units.filter(is_active=True)
            # Topics are published to the county's units: a liaison picks from its office's.
            self.fields["topic"].queryset = InfoTopic.objects.restrict(user, "change")
            if user.sees_own_unit_only:
                self.fields["unit"].initial = user.org_unit_id
        say_choose_when_empty(self)


class InfoTopicForm(forms.ModelForm):
    due_date = EnteredDateField(label=_("due date"), required=False)

    class Meta:
        model = InfoTopic
        fields = ["kind", "title", "requested_by", "due_date", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class ForwardForm(ActionForm):
    action = "forward"
    text = forms.CharField(
        label=_("Edited text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Empty: forwarded as submitted."),
    )


class AdoptForm(ActionForm):
    action = "adopt"
    adopted_by = forms.ChoiceField(label=_("adopted by"), choices=AdoptionLevel.choices)
    adopted_on = EnteredDateField(label=_("adopted on"))
    leader_comment = forms.CharField(
        label=_("leader's comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ToSupervisionForm(ActionForm):
    action = "to_supervision"
    takes_user = True
    lead_unit = forms.ModelChoiceField(label=_("lead unit"), queryset=OrgUnit.objects.none())
    deadline = EnteredDateField(label=_("deadline"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["lead_unit"].queryset = (
                OrgUnit.objects.restrict(user, "change").responsible_units().filter(is_active=True)
            )
        say_choose_when_empty(self)
