from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from office import data_version, services
from office.forms import TodoForm
from office.models import Notification, Todo
from office.registry import registry


@login_required
def home(request):
    user = request.user
    context = {
        "notifications": Notification.objects.restrict(user).unread()[:8],
        "todos": Todo.objects.restrict(user).open()[:20],
        "app_todos": registry.todos_for(user),
        "todo_form": TodoForm(),
        # The cards the apps contribute for the user's roles (a director's, a leader's).
        "widgets": widget_cards(user, timezone.localdate()),
    }
    return render(request, "office/home.html", context)


def widget_cards(user, today) -> list[tuple[object, str]]:
    """The cards the user's roles see, each rendered, in order. A card is computed from
    many records and read far more often than they change: it is kept per user and day until
    any record changes (office.data_version), so a return to the home page costs no query."""
    cards = []
    for widget in registry.widgets:
        if not widget.visible_to(user):
            continue
        if widget.cached:
            key = f"office:card:{widget.key}:{user.pk}:{today}:{get_language()}"
            html = data_version.cached(key, lambda widget=widget: _card(widget, user, today))
        else:
            html = _card(widget, user, today)
        if html:
            cards.append((widget, html))
    return cards


def _card(widget, user, today) -> str:
    """A card's body, or "" when it has nothing to show the user."""
    data = widget.context(user, today)
    if data is None:
        return ""
    return render_to_string(widget.template, {"data": data})


@login_required
@require_POST
def todo_add(request):
    form = TodoForm(request.POST)
    if form.is_valid():
        try:
            services.todo_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("To-do added."))
    else:
        messages.error(request, _("Enter what needs doing, and a valid date if any."))
    return redirect("home")


@login_required
@require_POST
def todo_done(request, pk):
    todo = get_object_or_404(Todo.objects.restrict(request.user), pk=pk)
    services.todo_complete(actor=request.user, todo=todo)
    messages.success(request, _("Marked as done."))
    return redirect("home")
