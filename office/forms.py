import copy

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .dates import date_bounds, validate_entered_date
from .models import ChannelPreference, OrgUnit, Todo, User
from .notifications import webhook_url_allowed
from .roles import Role

# --- Form bits every app's forms use ------------------------------------------------------

# The browser's own date picker, with the ISO format it posts back.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BoundedDateInput(forms.DateInput):
    """The date picker offering only the range a person may enter (computed when shown, as
    the range moves with today)."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"type": "date", **(attrs or {})}, format="%Y-%m-%d")

    def get_context(self, name, value, attrs):
        earliest, latest = date_bounds()
        bounds = {"min": earliest.isoformat(), "max": latest.isoformat()}
        return super().get_context(name, value, {**bounds, **(attrs or {})})


class EnteredDateField(forms.DateField):
    """A date a person types: within ``office.dates``' range (so 9999-12-31 is refused with a
    message, not kept to break a page later)."""

    widget = BoundedDateInput
    default_validators = [validate_entered_date]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the service checks their content (office.attachments)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def say_choose_when_empty(form) -> None:
    """A choice not made yet reads 请选择, not "---------"."""
    for field in form.fields.values():
        if getattr(field, "empty_label", None) is not None:
            field.empty_label = _("Please choose")
            field.widget.choices = field.choices


class ButtonChoice(forms.HiddenInput):
    """A choice made by the submit button pressed (approve / reject), so the field itself
    shows nothing: the action panel declares the buttons (office.views.detail.SubmitButton)."""

    def render(self, name, value, attrs=None, renderer=None):
        return ""


class ActionForm(forms.Form):
    """An action form on a detail page; ``auto_id`` keeps the ids of its fields apart from
    those of the other action forms on the same page."""

    action = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.action}_%s")
        super().__init__(*args, **kwargs)


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong username or password. Note that both are case-sensitive."),
        "inactive": _("This account has been deactivated."),
    }


class OrgUnitForm(forms.ModelForm):
    class Meta:
        model = OrgUnit
        fields = ["name", "short_name", "kind", "parent", "head", "code", "sort_order", "phone"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = OrgUnit.objects.restrict(user).filter(is_active=True)
        self.fields["head"].queryset = User.objects.restrict(user).filter(is_active=True)


class UserForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("roles"), choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    password1 = forms.CharField(
        label=_("initial password"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("At least 12 characters. Leave empty to keep the current password."),
    )

    class Meta:
        model = User
        fields = ["username", "name", "org_unit", "position", "phone", "email"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = OrgUnit.objects.restrict(user).filter(is_active=True)
        self.fields["org_unit"].required = True
        if self.instance.pk:
            self.initial["roles"] = list(self.instance.role_codes)

    def clean_password1(self):
        password = self.cleaned_data.get("password1", "")
        if password:
            password_validation.validate_password(password, self.instance)
        return password


class TodoForm(forms.ModelForm):
    class Meta:
        model = Todo
        fields = ["title", "due_date"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"})}


class ChannelPreferenceForm(forms.ModelForm):
    class Meta:
        model = ChannelPreference
        fields = ["email", "webhook", "webhook_url"]

    def clean_webhook_url(self):
        url = self.cleaned_data["webhook_url"]
        if not webhook_url_allowed(url):
            raise forms.ValidationError(
                _("Only https addresses of WeCom or DingTalk robots (%(hosts)s) are allowed.")
                % {"hosts": "、".join(settings.NOTIFY_WEBHOOK_ALLOWED_HOSTS)}
            )
        return url


class TwoFactorCodeForm(forms.Form):
    """A code from the authenticator app (or, when verifying, a recovery code)."""

    token = forms.CharField(
        label=_("Verification code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class UnitAutocomplete(forms.Select):
    """A unit picker that renders only the chosen unit and loads the others as one types
    (office.js, from the ``orgunit_lookup`` view): for pickers over many units, such as a city
    office's list filters over every county."""

    def __init__(self, attrs=None):
        super().__init__({**(attrs or {}), "data-autocomplete": ""})

    def get_context(self, name, value, attrs):
        from django.urls import reverse

        attrs = {**(attrs or {}), "data-autocomplete": reverse("orgunit_lookup")}
        values = value if isinstance(value, list | tuple) else [value]
        chosen = [str(v) for v in values if v not in (None, "") and str(v).isdigit()]
        choices = copy.copy(self.choices)
        if hasattr(choices, "queryset"):
            # Only the chosen unit is read and rendered, not every unit of the queryset.
            choices.queryset = choices.queryset.filter(pk__in=chosen)
            self.choices = choices
        else:
            self.choices = [(v, label) for v, label in choices if v == "" or str(v) in chosen]
        return super().get_context(name, value, attrs)


def wants_unit_autocomplete(user) -> bool:
    """Whether a unit picker should load as one types: for city office staff, who see every
    county's units (thousands at a province's size)."""
    from .models import user_scope

    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    scope = user_scope(user)
    return scope is not None and scope.unit is None and scope.office.kind == "city_office"
