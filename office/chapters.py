"""The chapters of the seed's year-end report, in its order: the annual summary lays its
figures out in them, and a good practice names the area of work it belongs to by key. Apart
from office.annual so that a model can use them without importing the figures' machinery."""

from django.utils.translation import gettext_lazy

# The chapters of the seed's report, in its order; a figure names its chapter by key. A
# figure of no (or an unknown) chapter goes to the last one.
CHAPTERS = (
    ("political", gettext_lazy("Guarding the political line")),
    ("advice", gettext_lazy("Advising and drafting")),
    ("coordination", gettext_lazy("Coordinating the county's work")),
    ("burden", gettext_lazy("Reducing burdens")),
    ("supervision", gettext_lazy("Supervising implementation")),
    ("reform", gettext_lazy("Deepening reform")),
    ("learning", gettext_lazy("Learning and building the team")),
    ("other", gettext_lazy("Other work")),
)
