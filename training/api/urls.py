"""Mounted at /api/v1/training/ by office/api/urls.py."""

from rest_framework.routers import SimpleRouter

from .views import (
    AssessmentViewSet,
    CompetitionViewSet,
    CourseViewSet,
    DigestViewSet,
    MaterialViewSet,
    NoteViewSet,
    PairViewSet,
    SessionViewSet,
    TierViewSet,
)

router = SimpleRouter()
router.register("materials", MaterialViewSet, basename="training-material")
router.register("sessions", SessionViewSet, basename="training-session")
router.register("digests", DigestViewSet, basename="training-digest")
router.register("notes", NoteViewSet, basename="training-note")
router.register("mentoring-pairs", PairViewSet, basename="training-pair")
router.register("tiers", TierViewSet, basename="training-tier")
router.register("competitions", CompetitionViewSet, basename="training-competition")
router.register("assessments", AssessmentViewSet, basename="training-assessment")
router.register("courses", CourseViewSet, basename="training-course")

urlpatterns = router.urls
