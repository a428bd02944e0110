"""Reads of the training app that other apps may use (architecture: an app imports another
app's services and selectors only)."""

from django.db.models import QuerySet

from .models import StudyMaterial


def study_materials(user, action: str = "view") -> QuerySet[StudyMaterial]:
    """The study library as ``user`` may see (or, with ``action="change"``, pick from) it:
    the meetings app's 第一议题 ledger and the training app's sessions both choose from here."""
    return StudyMaterial.objects.restrict(user, action)
