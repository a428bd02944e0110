"""Template helpers of the core, for every app's templates."""

from django import template

from office import tones

register = template.Library()


@register.filter
def tone_class(tone: str) -> str:
    """``{{ entry.tone|tone_class }}``: the light badge class of a tone (office.tones)."""
    return tones.badge_class(tone)
