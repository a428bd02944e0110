from django.conf import settings

from .registry import registry


def shell(request):
    """What the base template needs on every page: navigation and the unread badge."""
    user = getattr(request, "user", None)
    context = {"system_banner": settings.OFFICE_SYSTEM_BANNER}
    if user is None or not user.is_authenticated:
        return context
    context["nav_items"] = registry.nav_for(user)
    context["nav_groups"] = registry.nav_groups_for(user)
    context["unread_count"] = user.notifications.filter(read_at__isnull=True).count()
    return context
