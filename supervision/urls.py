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
    path("batch/", items.ItemBatchView.as_view(), name="item_batch"),
    path("<int:pk>/", items.ItemDetailView.as_view(), name="item_detail"),
    path("<int:pk>/edit/", items.ItemEditView.as_view(), name="item_edit"),
    *action_urls(items.ItemDetailView),
    path(
        "attachments/<int:pk>/",
        AttachmentDownloadView.as_view(model=Attachment, permission_model=ProgressReport),
        name="attachment_download",
    ),
    # The Excel import: upload, template, preview, confirm and discard.
    *imports.ItemImportPages.urlpatterns(),
    # Circulars.
    path("circulars/", circulars.CircularListView.as_view(), name="circular_list"),
    path("circulars/add/", circulars.CircularCreateView.as_view(), name="circular_add"),
    path("circulars/<int:pk>/", circulars.CircularDetailView.as_view(), name="circular_detail"),
    path("circulars/<int:pk>/edit/", circulars.CircularEditView.as_view(), name="circular_edit"),
    path(
        "circulars/<int:pk>/publish/",
        circulars.CircularPublishView.as_view(),
        name="circular_publish",
    ),
    path("circulars/<int:pk>/docx/", circulars.CircularDocxView.as_view(), name="circular_docx"),
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
]
