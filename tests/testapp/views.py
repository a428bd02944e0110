from django.urls import path

from office.views.generic import ObjectDetailView, TransitionView

from .importer import TicketImportPages
from .models import Ticket


class TicketDetailView(ObjectDetailView):
    model = Ticket
    transition_url_name = "ticket_transition"


class TicketTransitionView(TransitionView):
    model = Ticket


urlpatterns = [
    path("tickets/<int:pk>/", TicketDetailView.as_view(), name="ticket_detail"),
    path("tickets/<int:pk>/transition/", TicketTransitionView.as_view(), name="ticket_transition"),
    *TicketImportPages.urlpatterns(),
]
