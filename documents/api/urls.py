"""Mounted at /api/v1/documents/ by office/api/urls.py."""

from rest_framework.routers import SimpleRouter

from .views import (
    IncomingDocumentViewSet,
    ManuscriptViewSet,
    OfficialDocumentViewSet,
    ResearchVisitViewSet,
)

router = SimpleRouter()
router.register("official", OfficialDocumentViewSet, basename="documents-official")
router.register("manuscripts", ManuscriptViewSet, basename="documents-manuscript")
router.register("visits", ResearchVisitViewSet, basename="documents-visit")
router.register("incoming", IncomingDocumentViewSet, basename="documents-incoming")

urlpatterns = router.urls
