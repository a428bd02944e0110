from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from office.forms import ChannelPreferenceForm
from office.models import ChannelPreference, Notification
from office.notifications import notification_mark_read


@login_required
def notification_list(request):
    notifications = Notification.objects.restrict(request.user)
    show = request.GET.get("show", "")
    if show == "unread":
        notifications = notifications.unread()
    query = request.GET.get("q", "").strip()
    if query:
        notifications = notifications.filter(title__icontains=query)
    page = Paginator(notifications, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "office/notification_list.html",
        {"page_obj": page, "show": show, "q": query, "title": _("Notifications")},
    )


@login_required
def notification_open(request, pk):
    """Mark one notification read and go to the record it is about."""
    notification = get_object_or_404(Notification.objects.restrict(request.user), pk=pk)
    notification_mark_read(recipient=request.user, ids=[notification.pk])
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notification_list")


@login_required
@require_POST
def notification_read_all(request):
    count = notification_mark_read(recipient=request.user)
    messages.success(request, _("%(count)d notifications marked as read.") % {"count": count})
    return redirect("notification_list")


@login_required
def notification_settings(request):
    preference, _created = ChannelPreference.objects.get_or_create(user=request.user)
    form = ChannelPreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Notification settings saved."))
        return redirect("notification_settings")
    return render(
        request,
        "office/notification_settings.html",
        {"form": form, "title": _("Notification settings")},
    )
