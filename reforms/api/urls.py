"""Mounted at /api/v1/reforms/ by office/api/urls.py."""

from rest_framework.routers import SimpleRouter

from .views import HonourViewSet, MilestoneViewSet, PilotViewSet, TaskViewSet

router = SimpleRouter()
router.register("tasks", TaskViewSet, basename="reforms-task")
router.register("milestones", MilestoneViewSet, basename="reforms-milestone")
router.register("pilots", PilotViewSet, basename="reforms-pilot")
router.register("honours", HonourViewSet, basename="reforms-honour")

urlpatterns = router.urls
