"""The calendar subscription pages: a person's own page where they make, make anew or revoke
the private address of their meetings' iCal feed, and the feed itself, which a calendar
program fetches without a session: the token is the key, and a wrong or revoked one is a 404."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from . import services
from .ical import feed_calendar
from .models import CalendarFeed


class FeedSettingsView(LoginRequiredMixin, TemplateView):
    """我的会议订阅: any signed-in person (a leader above all) subscribes to their own
    meetings: those they chair, must attend as a leader, or were sent the notice of."""

    template_name = "meetings/feed_settings.html"

    def get_context_data(self, **kwargs):
        feed = CalendarFeed.objects.filter(user=self.request.user).first()
        return {
            **super().get_context_data(**kwargs),
            "title": _("Subscribe to my meetings"),
            "feed": feed,
            "feed_url": self.request.build_absolute_uri(feed.get_absolute_url()) if feed else "",
            "meetings_tab": "calendar",
        }

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "revoke":
            if services.feed_revoke(actor=request.user):
                messages.success(
                    request, _("Subscription stopped: the old address no longer works.")
                )
        elif action == "issue":
            renewed = CalendarFeed.objects.filter(user=request.user).exists()
            services.feed_issue(actor=request.user)
            messages.success(
                request,
                _("New address made: the old one no longer works. Subscribe again with this one.")
                if renewed
                else _("Subscription address made: add it to your calendar program."),
            )
        return redirect("meetings:feed_settings")


@never_cache
def ical_feed(request, token: str):
    """The .ics of the token's owner; a wrong or revoked token, or a deactivated account, 404."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404(_("No such calendar subscription: it may have been revoked."))
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    body = feed_calendar(
        feed.user, link=lambda meeting: request.build_absolute_uri(meeting.get_absolute_url())
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    return response
