"""How every app's API says no: a service's refusal becomes 403 (the caller may not act) or
400 (not now, or bad input, with the fields it concerns), in the caller's language; the
schema documents the same "refused" body for every action."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from office.workflow import TransitionForbidden


class ErrorSerializer(serializers.Serializer):
    """Why a request was refused, in the user's language; ``errors`` names the fields."""

    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )

    class Meta:
        ref_name = "Refusal"


# Input the serializer rejects answers in DRF's own shape, each field with its messages
# ({"reason": ["..."]}, a list's by position: {"attachments": {"0": ["..."]}}, a list of
# records' by position and field: {"attendance": {"0": {"person": ["..."]}}} or
# [{"person": ["..."]}, {}]); a service's refusal answers with the Refusal (service_errors
# below). The schema says all of them (schemathesis found each undocumented shape:
# tests/test_api_schema.py).
_MESSAGES = {"type": "array", "items": {"type": "string"}}
_BY_FIELD = {"type": "object", "additionalProperties": _MESSAGES}
FIELD_ERRORS = {
    "type": "object",
    "description": "Fields of the input with what is wrong with each.",
    "additionalProperties": {
        "anyOf": [
            _MESSAGES,
            {"type": "object", "additionalProperties": {"anyOf": [_MESSAGES, _BY_FIELD]}},
            {"type": "array", "items": _BY_FIELD},
        ]
    },
}
BAD_REQUEST = {"anyOf": [{"$ref": "#/components/schemas/Refusal"}, FIELD_ERRORS]}

REFUSED = {
    400: OpenApiResponse(
        BAD_REQUEST, description=_("Refused: the message says why, or the fields do.")
    ),
    403: OpenApiResponse(ErrorSerializer, description=_("You may not do this.")),
    404: OpenApiResponse(ErrorSerializer, description=_("Not found, or not in your scope.")),
}


def responses(ok_status: int, serializer) -> dict:
    """The responses of an action for the schema: what it returns, and how it refuses."""
    return {ok_status: serializer, **REFUSED}


@contextmanager
def service_errors():
    """Turn a service's refusal into the API's answer: 403 when the caller may not act,
    otherwise 400 with the message (and the fields it concerns)."""
    try:
        yield
    except TransitionForbidden as error:
        raise PermissionDenied(" ".join(error.messages)) from error
    except DjangoValidationError as error:
        body = {"detail": " ".join(error.messages)}
        if hasattr(error, "error_dict"):
            body["errors"] = error.message_dict
        raise serializers.ValidationError(body) from error
