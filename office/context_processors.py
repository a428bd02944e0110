from django.conf import settings

from .registry import registry


def shell(request):
    """What the base template needs on every page: navigation and the unread badge.

    Worked out once per request: a table renders its own template with the request, which
    runs the context processors a second time."""
    cached = getattr(request, "_office_shell", None)
    if cached is not None:
        return cached
    user = getattr(request, "user", None)
    context = {"system_banner": settings.OFFICE_SYSTEM_BANNER}
    if user is not None and user.is_authenticated:
        context["nav_items"] = registry.nav_for(user)
        context["nav_groups"] = registry.nav_groups_for(user)
        context["unread_count"] = user.notifications.filter(read_at__isnull=True).count()
    if request is not None:
        request._office_shell = context
    return context
