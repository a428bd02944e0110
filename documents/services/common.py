from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from office.classification import refuse_classified
from office.texts import check_texts
from office.workflow import TransitionForbidden


def require_perm(actor, perm: str) -> None:
    if not actor.has_perm(perm):
        raise TransitionForbidden(_("You may not do this."))


def office_of(actor):
    office = actor.office
    if office is None or actor.sees_own_unit_only:
        raise TransitionForbidden(_("Only an office's staff keep its documents."))
    return office


def check_text_fields(actor, model, where: str, **texts) -> None:
    """Every text within the one limit and free of classification marks."""
    check_texts(model, **texts)
    refuse_classified(actor=actor, where=where, **texts)


__all__ = ["PermissionDenied", "ValidationError", "check_text_fields", "office_of", "require_perm"]
