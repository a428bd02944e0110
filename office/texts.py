"""The one size limit of the long texts people type: an instruction's text, a progress report,
a reason, a comment, a circular. Without it a 15 MB "instruction" was stored and then rendered
on every page that shows the item.

``TEXT_MAX_CHARS`` (a setting) is checked by the same validator everywhere:

- forms: the generic views put it on every text field without a length of its own
  (``limit_form_texts``: ObjectEditView and the detail page's action forms);
- the API: ``RestrictedViewSetMixin`` puts it on its input serializers (``limit_serializer_texts``);
- services: ``check_texts(Model, field=value, ...)`` before they store, so a command, a task or
  an import is held to the same limit as a person at a form.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _


def text_limit() -> int:
    return settings.TEXT_MAX_CHARS


def too_long_message(label, length: int) -> str:
    return _("%(field)s is too long: at most %(limit)s characters, this one has %(length)s.") % {
        "field": label,
        "limit": text_limit(),
        "length": length,
    }


@deconstructible
class LongTextValidator:
    """Refuses a text over the limit, naming the field."""

    code = "text_too_long"

    def __init__(self, label=""):
        self.label = label

    def __call__(self, value):
        if isinstance(value, str) and len(value) > text_limit():
            raise ValidationError(too_long_message(self.label, len(value)), code=self.code)

    def __eq__(self, other):
        return isinstance(other, LongTextValidator) and other.label == self.label


def check_texts(model=None, **texts) -> None:
    """For services: every named text within the limit, or one ValidationError naming each
    field that is not (by the model field's name when ``model`` is given)."""
    errors = {}
    for name, value in texts.items():
        if isinstance(value, str) and len(value) > text_limit():
            label = (
                model._meta.get_field(name).verbose_name
                if model is not None
                else _(name.replace("_", " "))
            )
            errors[name] = too_long_message(label, len(value))
    if errors:
        raise ValidationError(errors)


def _unlimited_text(field, max_length) -> bool:
    return max_length is None and not any(
        isinstance(v, LongTextValidator) for v in field.validators
    )


def limit_form_texts(form):
    """Puts the limit on each of the form's text fields that has no length of its own."""
    for name, field in form.fields.items():
        if isinstance(field, forms.CharField) and _unlimited_text(field, field.max_length):
            field.validators.append(LongTextValidator(field.label or name))
    return form


def limit_serializer_texts(serializer):
    """The same for an API input serializer."""
    from rest_framework import serializers  # the core's forms don't need DRF loaded

    # A list (many=True) is of output: only one record's input is checked.
    fields = getattr(serializer, "fields", None) or {}
    for name, field in fields.items():
        if (
            isinstance(field, serializers.CharField)
            and not field.read_only
            and _unlimited_text(field, field.max_length)
        ):
            field.validators.append(LongTextValidator(_serializer_label(name, field)))
    return serializer


def _serializer_label(name: str, field) -> str:
    """DRF makes "Instruction text" of a field without a label; the catalog knows the model
    field's own name ("instruction text"), which reads as the form's label does."""
    if field.label and field.label != name.replace("_", " ").capitalize():
        return field.label
    return _(name.replace("_", " "))
