"""The pages of two-factor sign-in (office.twofactor): verify, enrol, and the user's own
overview with new recovery codes."""

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from office import twofactor
from office.forms import TwoFactorCodeForm


@never_cache
@login_required
def two_factor_verify(request):
    """The second step of signing in: a code of the authenticator app or a recovery code."""
    if not twofactor.is_enrolled(request.user):
        return redirect("two_factor_setup")
    next_url = twofactor.safe_next(request)
    if twofactor.is_verified(request):
        return redirect(next_url)
    form = TwoFactorCodeForm(request.POST or None)
    if form.is_valid():
        if twofactor.two_factor_verify(
            actor=request.user, request=request, token=form.cleaned_data["token"]
        ):
            return redirect(next_url)
        form.add_error("token", _("The code is wrong or has expired. Try the next one."))
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": next_url, "redirect_field_name": REDIRECT_FIELD_NAME},
    )


@never_cache
@login_required
def two_factor_setup(request):
    """Enrol an authenticator app: scan the QR code, type the code it shows. Replacing an
    enrolled authenticator (a new phone) asks for the second factor first."""
    if twofactor.is_enrolled(request.user) and not twofactor.is_verified(request):
        return redirect("two_factor_verify")
    next_url = twofactor.safe_next(request)
    device = twofactor.pending_device(request.user)
    form = TwoFactorCodeForm(request.POST or None)
    if form.is_valid():
        codes = twofactor.two_factor_enrol(
            actor=request.user, request=request, device=device, token=form.cleaned_data["token"]
        )
        if codes is not None:
            return _show_recovery_codes(request, codes, next_url, enrolled=True)
        form.add_error("token", _("The code is wrong or has expired. Try the next one."))
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "next": next_url,
            "secret": twofactor.secret_for_typing(device),
            "required": twofactor.required_for(request.user),
        },
    )


@never_cache
@login_required
def two_factor_qr(request):
    """The QR code of the authenticator being enrolled (an image of this site's own, so the
    page needs no inline image data)."""
    if twofactor.is_enrolled(request.user) and not twofactor.is_verified(request):
        raise Http404
    device = twofactor.pending_device(request.user)
    return HttpResponse(twofactor.qr_code_svg(device), content_type="image/svg+xml")


@never_cache
@login_required
def two_factor_overview(request):
    return render(
        request,
        "office/two_factor.html",
        {
            "enrolled": twofactor.is_enrolled(request.user),
            "required": twofactor.required_for(request.user),
            "codes_left": twofactor.recovery_codes_left(request.user),
            "title": _("Two-factor sign-in"),
        },
    )


@never_cache
@login_required
@require_POST
def two_factor_recovery_codes(request):
    """A new sheet of recovery codes (the old one stops working): for an enrolled user whose
    session is verified (the guard sends the others to verify first)."""
    if not twofactor.is_enrolled(request.user):
        messages.error(request, _("Set up an authenticator app first."))
        return redirect("two_factor_overview")
    if not twofactor.is_verified(request):
        return redirect("two_factor_verify")
    codes = twofactor.two_factor_recovery_codes_renew(actor=request.user)
    return _show_recovery_codes(request, codes, twofactor.safe_next(request), enrolled=False)


def _show_recovery_codes(request, codes, next_url, *, enrolled):
    # Shown once, in the answer to the POST: no page shows them again.
    return render(
        request,
        "registration/two_factor_codes.html",
        {"codes": codes, "next": next_url, "enrolled": enrolled},
    )
