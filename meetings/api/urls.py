"""Mounted at /api/v1/meetings/ by office/api/urls.py."""

from rest_framework.routers import SimpleRouter

from .views import AgendaItemViewSet, DecisionViewSet, MeetingViewSet, StudyLedgerViewSet

router = SimpleRouter()
router.register("meetings", MeetingViewSet, basename="meetings-meeting")
router.register("agenda-items", AgendaItemViewSet, basename="meetings-agenda-item")
router.register("study-ledger", StudyLedgerViewSet, basename="meetings-study-ledger")
router.register("decisions", DecisionViewSet, basename="meetings-decision")

urlpatterns = router.urls
