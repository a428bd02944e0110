"""Template helpers of the core, for every app's templates."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language

from office import tones

register = template.Library()


@register.filter
def tone_class(tone: str) -> str:
    """``{{ entry.tone|tone_class }}``: the light badge class of a tone (office.tones)."""
    return tones.badge_class(tone)


# The top menu's HTML by (its entries, language, URL configuration, current page): the same
# for everybody with the same entries, so it is rendered (and its links reversed) once per
# process rather than on every page. Bounded: entries × languages × pages is a few thousand.
_MENUS: dict[tuple, str] = {}
MENU_CACHE_SIZE = 2048


@register.simple_tag(takes_context=True)
def main_menu(context) -> str:
    """``{% main_menu %}``: the top menu of the signed-in user (``nav_groups`` from the
    context processor), the current page's entry marked active."""
    groups = context.get("nav_groups") or []
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    active_view = match.view_name if match is not None else ""
    key = (
        tuple(
            (
                str(group.label),
                group.icon,
                *((str(i.label), i.url_name, i.icon) for i in group.items),
            )
            for group in groups
        ),
        get_language(),
        get_script_prefix(),
        get_urlconf() or settings.ROOT_URLCONF,
        active_view,
    )
    html = _MENUS.get(key)
    if html is None:
        html = render_to_string(
            "partials/main_menu.html", {"nav_groups": groups, "active_view": active_view}
        )
        if len(_MENUS) >= MENU_CACHE_SIZE:
            _MENUS.clear()
        _MENUS[key] = html
    return html
