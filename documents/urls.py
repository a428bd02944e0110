from django.urls import path

from office.views.detail import action_urls

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.OfficialListView.as_view(), name="official_list"),
    path("official/add/", views.OfficialCreateView.as_view(), name="official_add"),
    path("official/quota/", views.QuotaView.as_view(), name="quota"),
    path("official/<int:pk>/", views.OfficialDetailView.as_view(), name="official_detail"),
    path("official/<int:pk>/edit/", views.OfficialEditView.as_view(), name="official_edit"),
    path("official/<int:pk>/docx/", views.OfficialDocxView.as_view(), name="official_docx"),
    *[
        path(f"official/{p.pattern}", p.callback, name=p.name)
        for p in action_urls(views.OfficialDetailView)
    ],
    path("manuscripts/", views.ManuscriptListView.as_view(), name="manuscript_list"),
    path("manuscripts/add/", views.ManuscriptCreateView.as_view(), name="manuscript_add"),
    path(
        "manuscripts/<int:pk>/",
        views.ManuscriptDetailView.as_view(),
        name="manuscript_detail",
    ),
    path(
        "manuscripts/<int:pk>/compare/",
        views.VersionCompareView.as_view(),
        name="manuscript_compare",
    ),
    *[
        path(f"manuscripts/{p.pattern}", p.callback, name=p.name)
        for p in action_urls(views.ManuscriptDetailView)
    ],
    path("visits/", views.VisitListView.as_view(), name="visit_list"),
    path("visits/add/", views.VisitCreateView.as_view(), name="visit_add"),
    path("visits/<int:pk>/", views.VisitDetailView.as_view(), name="visit_detail"),
    *[
        path(f"visits/{p.pattern}", p.callback, name=p.name)
        for p in action_urls(views.VisitDetailView)
    ],
    path("incoming/", views.IncomingListView.as_view(), name="incoming_list"),
    path("incoming/add/", views.IncomingCreateView.as_view(), name="incoming_add"),
    path("incoming/<int:pk>/", views.IncomingDetailView.as_view(), name="incoming_detail"),
    *[
        path(f"incoming/{p.pattern}", p.callback, name=p.name)
        for p in action_urls(views.IncomingDetailView)
    ],
    path("confidential/", views.ConfidentialListView.as_view(), name="confidential_list"),
    path("confidential/add/", views.ConfidentialCreateView.as_view(), name="confidential_add"),
    path(
        "confidential/clearance/",
        views.ConfidentialClearanceView.as_view(),
        name="confidential_clearance",
    ),
    path(
        "confidential/<int:pk>/",
        views.ConfidentialDetailView.as_view(),
        name="confidential_detail",
    ),
    *[
        path(f"confidential/{p.pattern}", p.callback, name=p.name)
        for p in action_urls(views.ConfidentialDetailView)
    ],
    path("information/", views.InfoListView.as_view(), name="info_list"),
    path("information/add/", views.InfoCreateView.as_view(), name="info_add"),
    path("information/ranking/", views.InfoRankingView.as_view(), name="info_ranking"),
    path("information/topics/", views.InfoTopicListView.as_view(), name="info_topic_list"),
    path("information/topics/add/", views.InfoTopicCreateView.as_view(), name="info_topic_add"),
    path("information/<int:pk>/", views.InfoDetailView.as_view(), name="info_detail"),
    *[
        path(f"information/{p.pattern}", p.callback, name=p.name)
        for p in action_urls(views.InfoDetailView)
    ],
]
