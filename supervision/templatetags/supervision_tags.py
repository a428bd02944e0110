"""Badges of supervision items: the computed colour and the status, the same everywhere."""

from django import template
from django.utils.html import format_html

from ..choices import Colour, ItemStatus

register = template.Library()

COLOUR_CLASSES = {
    Colour.BLUE: "bg-blue text-blue-fg",
    Colour.YELLOW: "bg-yellow text-yellow-fg",
    Colour.RED: "bg-red text-red-fg",
    Colour.NONE: "bg-secondary-lt",
}

STATUS_CLASSES = {
    ItemStatus.REGISTERED: "bg-secondary-lt",
    ItemStatus.ASSIGNED: "bg-azure-lt",
    ItemStatus.IN_PROGRESS: "bg-blue-lt",
    ItemStatus.COMPLETION_REQUESTED: "bg-purple-lt",
    ItemStatus.CLOSED: "bg-green-lt",
    ItemStatus.CANCELLED: "bg-dark-lt",
}


@register.simple_tag
def colour_badge(colour: str):
    """``{% colour_badge "red" %}``: a badge with the colour's label ("Red: overdue")."""
    colour = colour or Colour.NONE
    label = dict(Colour.choices).get(colour, colour)
    return format_html(
        '<span class="badge {} item-colour" data-colour="{}">{}</span>',
        COLOUR_CLASSES.get(colour, COLOUR_CLASSES[Colour.NONE]),
        colour,
        label,
    )


@register.simple_tag
def status_badge(status: str):
    """``{% status_badge item.status %}``: the status's label on a badge of its own shade."""
    label = dict(ItemStatus.choices).get(status, status)
    return format_html(
        '<span class="badge {} item-status" data-status="{}">{}</span>',
        STATUS_CLASSES.get(status, "bg-secondary-lt"),
        status,
        label,
    )


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
