"""Mounted at /api/v1/supervision/ by office/api/urls.py."""

from rest_framework.routers import SimpleRouter

from .views import ExtensionViewSet, ItemViewSet, ProgressReportViewSet

router = SimpleRouter()
router.register("items", ItemViewSet, basename="supervision-item")
router.register("reports", ProgressReportViewSet, basename="supervision-report")
router.register("extensions", ExtensionViewSet, basename="supervision-extension")

urlpatterns = router.urls
