from django import forms
from django.urls import path
from django.utils.translation import gettext as _

from office.forms import ActionForm
from office.views.detail import ActionPanel, ObjectDetailView, action_urls

from . import services
from .importer import TicketImportPages
from .models import Ticket


class CommentForm(ActionForm):
    comment = forms.CharField(required=False)


def _move(name):
    def perform(view, ticket, data):
        services.ticket_move(
            actor=view.request.user, ticket=ticket, name=name, comment=data["comment"]
        )
        return _("Done.")

    return perform


class TicketDetailView(ObjectDetailView):
    model = Ticket
    url_prefix = "ticket"
    action_panels = tuple(
        ActionPanel(name, CommentForm, _move(name), heading=name, button=name)
        for name in ("submit", "close", "send_back")
    )


urlpatterns = [
    path("tickets/<int:pk>/", TicketDetailView.as_view(), name="ticket_detail"),
    *action_urls(TicketDetailView),
    *TicketImportPages.urlpatterns(),
]
