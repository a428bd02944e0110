"""Sign-in by QR code: on the meeting's day the organiser's device shows a QR code of an
address that names the meeting and the day; an attendee signed in on their phone scans it and
confirms, and their sign-in is recorded once. The organiser's tick list stays the way to
record everyone else: nobody is made to check in on a personal phone."""

import re

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from office.workflow import may

from . import services
from .models import Meeting


def qr_svg(text: str) -> str:
    """The QR code of ``text`` as inline SVG, drawn here (no web service, no CDN)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.to_string(encoding="unicode")
    # Drawn in millimetres (54 mm, too small to scan from a seat): fill the box instead.
    label = escape(_("Sign-in QR code"))
    return re.sub(
        r'<svg width="[^"]*" height="[^"]*"',
        f'<svg width="100%" height="100%" role="img" aria-label="{label}"',
        svg,
        count=1,
    )


def _meeting_day(meeting):
    return timezone.localtime(meeting.starts_at).date()


class SignInQRView(LoginRequiredMixin, TemplateView):
    """The organiser's device: the meeting's QR code on its day, and how many have signed in."""

    template_name = "meetings/sign_in_qr.html"

    def get_context_data(self, **kwargs):
        meeting = get_object_or_404(
            Meeting.objects.restrict(self.request.user, "change"), pk=kwargs["pk"]
        )
        if not may(self.request.user, "sign_in", meeting):
            raise PermissionDenied(_("Only the organiser records the sign-in."))
        today = timezone.localdate()
        is_today = today == _meeting_day(meeting)
        code = services.sign_in_code(meeting, today)
        address = self.request.build_absolute_uri(
            reverse("meetings:sign_in_scan", args=[meeting.pk, code])
        )
        rows = list(meeting.attendances.values_list("signed_in_at", flat=True))
        return {
            **super().get_context_data(**kwargs),
            "title": _("Sign-in QR code"),
            "meeting": meeting,
            "is_today": is_today,
            "qr": qr_svg(address) if is_today else "",
            "address": address if is_today else "",
            "signed_in": sum(1 for moment in rows if moment),
            "invited": len(rows),
        }


class SignInScanView(LoginRequiredMixin, TemplateView):
    """Where the QR code leads: the attendee confirms with one tap and is signed in."""

    template_name = "meetings/sign_in_scan.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()  # to sign in, and back here after
        # Only the attendee's own county's meetings: the notice never goes across counties.
        office = request.user.office
        self.meeting = get_object_or_404(
            Meeting.objects.select_related("chair"),
            pk=kwargs["pk"],
            owning_office_id=office.pk if office else None,
        )
        expected = services.sign_in_code(self.meeting, timezone.localdate())
        if not constant_time_compare(expected, kwargs["code"]):
            raise Http404(_("This sign-in code is not valid today."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        row = self.meeting.attendances.filter(user=self.request.user).first()
        return {
            **super().get_context_data(**kwargs),
            "title": _("Sign in to the meeting"),
            "meeting": self.meeting,
            "attendance": row,
        }

    def post(self, request, *args, **kwargs):
        try:
            services.sign_in_self(actor=request.user, meeting=self.meeting)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Signed in. Welcome to the meeting."))
        return redirect(request.path)
