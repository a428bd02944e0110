"""Badges of supervision items: the computed colour and the status, the same everywhere."""

from django import template
from django.utils.html import format_html

from office.tones import badge

from ..choices import Colour, ItemStatus
from ..models import Item

register = template.Library()

# The colour signal (computed from deadlines and reports) in solid shades, the statuses in
# the light shades their workflow declares (office.tones): a signal stands out from a state.
COLOUR_TONES = {
    Colour.BLUE: "blue",
    Colour.YELLOW: "yellow",
    Colour.RED: "red",
    Colour.NONE: "grey",
}


@register.simple_tag
def colour_badge(colour: str):
    """``{% colour_badge "red" %}``: a badge with the colour's label ("Red: overdue")."""
    colour = colour or Colour.NONE
    label = dict(Colour.choices).get(colour, colour)
    tone = COLOUR_TONES.get(colour, "grey")
    return badge(label, tone, css="item-colour", solid=colour != Colour.NONE, colour=colour)


@register.simple_tag
def status_badge(status: str):
    """``{% status_badge item.status %}``: the status's label on a badge of its own shade."""
    label = dict(ItemStatus.choices).get(status, status)
    return badge(label, Item.workflow.tone_of(status), css="item-status", status=status)


@register.simple_tag
def progress_bar(percent):
    percent = max(0, min(int(percent or 0), 100))
    return format_html(
        '<div class="d-flex align-items-center gap-2 item-progress">'
        '<div class="progress progress-sm flex-grow-1" style="min-width: 4rem;">'
        '<div class="progress-bar" style="width: {}%" role="progressbar" '
        'aria-valuenow="{}" aria-valuemin="0" aria-valuemax="100"></div></div>'
        '<span class="small text-secondary">{}%</span></div>',
        percent,
        percent,
        percent,
    )
