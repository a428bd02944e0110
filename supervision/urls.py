from django.urls import path

from office.views.attachments import AttachmentDownloadView
from office.views.detail import action_urls

from .models import Attachment, ProgressReport
from .views import circulars, dashboard, imports, items

app_name = "supervision"

urlpatterns = [
    path("", items.ItemListView.as_view(), name="item_list"),
    path("add/", items.ItemRegisterView.as_view(), name="item_add"),
    path("proposed-deadline/", items.proposed_deadline, name="proposed_deadline"),
    path("red-list/", items.RedListView.as_view(), name="red_list"),
    path("<int:pk>/", items.ItemDetailView.as_view(), name="item_detail"),
    path("<int:pk>/edit/", items.ItemEditView.as_view(), name="item_edit"),
    *action_urls(items.ItemDetailView),
    path(
        "attachments/<int:pk>/",
        AttachmentDownloadView.as_view(model=Attachment, permission_model=ProgressReport),
        name="attachment_download",
    ),
]

# The Excel import, the circulars and the dashboard each declare their own routes.
urlpatterns += imports.urlpatterns
urlpatterns += circulars.urlpatterns
urlpatterns += dashboard.urlpatterns
