from django.urls import path

from .views import circulars, dashboard, imports, items

app_name = "supervision"

urlpatterns = [
    path("", items.ItemListView.as_view(), name="item_list"),
    path("add/", items.ItemRegisterView.as_view(), name="item_add"),
    path("proposed-deadline/", items.proposed_deadline, name="proposed_deadline"),
    path("red-list/", items.RedListView.as_view(), name="red_list"),
    path("<int:pk>/", items.ItemDetailView.as_view(), name="item_detail"),
    path("<int:pk>/edit/", items.ItemEditView.as_view(), name="item_edit"),
    path("<int:pk>/assign/", items.AssignView.as_view(), name="item_assign"),
    path("<int:pk>/report/", items.ReportView.as_view(), name="item_report"),
    path("<int:pk>/complete/", items.CompleteView.as_view(), name="item_complete"),
    path("<int:pk>/extension/", items.ExtensionRequestView.as_view(), name="item_extension"),
    path(
        "<int:pk>/extension/<int:extension_pk>/decide/",
        items.ExtensionDecideView.as_view(),
        name="item_extension_decide",
    ),
    path("<int:pk>/close/", items.CloseView.as_view(), name="item_close"),
    path("<int:pk>/send-back/", items.SendBackView.as_view(), name="item_send_back"),
    path("<int:pk>/cancel/", items.CancelView.as_view(), name="item_cancel"),
    path("<int:pk>/urge/", items.UrgeView.as_view(), name="item_urge"),
    path("<int:pk>/comment/", items.CommentView.as_view(), name="item_comment"),
    path(
        "attachments/<int:pk>/",
        items.AttachmentDownloadView.as_view(),
        name="attachment_download",
    ),
]

# The Excel import, the circulars and the dashboard each declare their own routes.
urlpatterns += imports.urlpatterns
urlpatterns += circulars.urlpatterns
urlpatterns += dashboard.urlpatterns
