from django.urls import path

from office.views.attachments import AttachmentDownloadView
from office.views.detail import action_urls

from . import views
from .models import AgendaItem, Material

app_name = "meetings"

urlpatterns = [
    path("", views.MeetingListView.as_view(), name="meeting_list"),
    path("add/", views.MeetingRequestView.as_view(), name="meeting_add"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("study-ledger/", views.StudyLedgerView.as_view(), name="study_ledger"),
    path("decisions/", views.DecisionListView.as_view(), name="decision_list"),
    path("<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("<int:pk>/edit/", views.MeetingRequestView.as_view(), name="meeting_edit"),
    *action_urls(views.MeetingDetailView),
    path(
        "materials/<int:pk>/",
        AttachmentDownloadView.as_view(model=Material, permission_model=AgendaItem),
        name="material_download",
    ),
]
