from django import template

from office.roles import OFFICE_AND_LEADERS

register = template.Library()


@register.filter
def sees_achievements(user) -> bool:
    """The office's whole achievements list is for the office and the county's leaders."""
    return user.is_authenticated and user.has_role(*OFFICE_AND_LEADERS)
