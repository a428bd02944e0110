"""Writes of the core: org units, users, to-dos. Views, API, admin and commands call these."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import OrgUnit, Todo, User
from .models.scoping import user_scope
from .roles import Role


def _check_unit_in_scope(*, actor, unit: OrgUnit | None) -> None:
    """An admin of county B may not put anything under county A's units."""
    if unit is None or actor.is_superuser:
        return
    if not OrgUnit.objects.restrict(actor).filter(pk=unit.pk).exists():
        raise ValidationError({"org_unit": _("That unit is outside your office.")})


@transaction.atomic
def org_unit_save(*, actor, unit: OrgUnit) -> OrgUnit:
    """Create or update an org unit (the form has already filled ``unit``)."""
    if unit.parent is not None:
        try:
            _check_unit_in_scope(actor=actor, unit=unit.parent)
        except ValidationError as error:
            raise ValidationError({"parent": error.message_dict["org_unit"]}) from error
    elif not actor.is_superuser and user_scope(actor) is not None:
        raise ValidationError({"parent": _("Choose the unit this one belongs to.")})
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def org_unit_deactivate(*, actor, unit: OrgUnit) -> OrgUnit:
    if unit.children.filter(is_active=True).exists():
        raise ValidationError(_("Deactivate the units under it first."))
    if unit.members.filter(is_active=True).exists():
        raise ValidationError(_("The unit still has active users; move or deactivate them first."))
    unit.is_active = False
    unit._change_reason = _("Deactivated")
    unit.save()
    return unit


# The three administrators (三员) are kept apart: only a superuser makes one.
ADMIN_ROLES = frozenset({Role.SYS_ADMIN.value, Role.SEC_ADMIN.value, Role.AUDIT_ADMIN.value})


def user_change_refusal(*, actor, user: User) -> str:
    """Why ``actor`` may not change ``user``'s account at all (edit, reset its password,
    deactivate), or "" when they may. The one rule the services apply and the pages and the
    admin ask before they show a button: without it the security admin could reset the
    system admin's password and sign in as them, which is what 三员分立 forbids."""
    if actor.is_superuser or user.pk is None:
        return ""
    # What the account is now, not what a form has just filled in.
    stored = User.objects.filter(pk=user.pk).first() or user
    if stored.is_superuser:
        return _("Only a superuser can change a superuser's account.")
    if stored.pk != actor.pk and stored.role_codes & ADMIN_ROLES:
        return _("Only a superuser can change an administrator's account.")
    return ""


def may_change_user(actor, user: User) -> bool:
    return not user_change_refusal(actor=actor, user=user)


def _check_role_change(*, actor, user: User, roles) -> None:
    refusal = user_change_refusal(actor=actor, user=user)
    if refusal:
        raise ValidationError(refusal)
    if actor.is_superuser or roles is None:
        return
    current = set(user.role_codes) if user.pk else set()
    wanted = {str(r) for r in roles}
    # An administrator edits their own name or phone, never their own rights.
    if user.pk == actor.pk and wanted != current:
        raise ValidationError({"roles": _("You cannot change your own roles.")})
    if (wanted ^ current) & ADMIN_ROLES:
        raise ValidationError(
            {"roles": _("Only a superuser can grant or remove the administrator roles.")}
        )


@transaction.atomic
def user_save(*, actor, user: User, roles=None, password: str = "") -> User:
    """Create or update a user account with its roles; a new account needs a password."""
    _check_role_change(actor=actor, user=user, roles=roles)
    _check_unit_in_scope(actor=actor, unit=user.org_unit)
    if user.pk is None and not password:
        raise ValidationError({"password1": _("Set an initial password.")})
    if password:
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    if roles is not None:
        user.groups.set(Group.objects.filter(name__in=[str(r) for r in roles]))
    return user


@transaction.atomic
def user_deactivate(*, actor, user: User) -> User:
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    refusal = user_change_refusal(actor=actor, user=user)
    if refusal:
        raise ValidationError(refusal)
    user.is_active = False
    user._change_reason = _("Deactivated")
    user.save()
    return user


@transaction.atomic
def todo_create(*, actor, title: str, due_date=None, url: str = "") -> Todo:
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Enter what needs doing.")})
    return Todo.objects.create(owner=actor, title=title, due_date=due_date, url=url)


@transaction.atomic
def todo_complete(*, actor, todo: Todo) -> Todo:
    if todo.owner_id != actor.pk:
        raise ValidationError(_("This is not your to-do."))
    todo.done_at = timezone.now()
    todo.save(update_fields=["done_at"])
    return todo
