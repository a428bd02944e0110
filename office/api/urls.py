from django.urls import include, path
from rest_framework.routers import DefaultRouter

from .practices import PracticeViewSet
from .reports import AnnualReportView
from .search import SearchView
from .views import NotificationViewSet, OrgUnitViewSet, UserViewSet

router = DefaultRouter()
router.register("org-units", OrgUnitViewSet, basename="orgunit")
router.register("users", UserViewSet, basename="user")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("practices", PracticeViewSet, basename="practice")

urlpatterns = [
    *router.urls,
    path("reports/annual/<int:year>/", AnnualReportView.as_view(), name="report-annual"),
    path("search/", SearchView.as_view(), name="api-search"),
    path("supervision/", include("supervision.api.urls")),
    path("meetings/", include("meetings.api.urls")),
    path("documents/", include("documents.api.urls")),
    path("reforms/", include("reforms.api.urls")),
    path("training/", include("training.api.urls")),
]
