from django.urls import path

from office.views.attachments import AttachmentDownloadView
from office.views.detail import action_urls

from . import feeds, signin, views
from .models import AgendaItem, Material

app_name = "meetings"

urlpatterns = [
    path("", views.MeetingListView.as_view(), name="meeting_list"),
    path("add/", views.MeetingRequestView.as_view(), name="meeting_add"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("calendar/subscribe/", feeds.FeedSettingsView.as_view(), name="feed_settings"),
    path("feed/<str:token>.ics", feeds.ical_feed, name="ical_feed"),
    path("study-ledger/", views.StudyLedgerView.as_view(), name="study_ledger"),
    path("decisions/", views.DecisionListView.as_view(), name="decision_list"),
    path("<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("<int:pk>/edit/", views.MeetingRequestView.as_view(), name="meeting_edit"),
    path("<int:pk>/sign-in/qr/", signin.SignInQRView.as_view(), name="sign_in_qr"),
    path("<int:pk>/sign-in/<str:code>/", signin.SignInScanView.as_view(), name="sign_in_scan"),
    *action_urls(views.MeetingDetailView),
    path(
        "materials/<int:pk>/",
        AttachmentDownloadView.as_view(model=Material, permission_model=AgendaItem),
        name="material_download",
    ),
]
