from django import template
from django.utils import timezone

from office.tones import state_badge

register = template.Library()


@register.simple_tag
def meeting_status(meeting):
    return state_badge(meeting, css="meeting-status")


@register.filter
def local_time(moment, fmt="%Y-%m-%d %H:%M"):
    return timezone.localtime(moment).strftime(fmt) if moment else ""
