"""The words of reform work: areas, levels, and the states of milestones and pilots."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReformArea(models.TextChoices):
    """The reform areas (改革领域) of the county's leading group's special groups."""

    ECONOMY = "economy", _("Economic system and ecological civilisation")
    DEMOCRACY = "democracy", _("Democracy and the rule of law")
    CULTURE = "culture", _("Cultural system")
    SOCIAL = "social", _("Social system")
    RURAL = "rural", _("Agriculture and rural areas")
    PARTY = "party", _("Party building and discipline")


class Level(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    MUNICIPAL = "municipal", _("Municipal")
    COUNTY = "county", _("County")


# Levels that count as "municipal level or above" (市级以上) in the annual report.
MUNICIPAL_OR_ABOVE = (Level.NATIONAL, Level.PROVINCIAL, Level.MUNICIPAL)


class TaskStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class TaskState(models.TextChoices):
    """How a task stands against its plan on a given day (computed, never stored)."""

    DONE = "done", _("Completed")
    ON_TRACK = "on_track", _("On track")
    BEHIND = "behind", _("Behind plan")


STATE_TONES = {TaskState.DONE: "green", TaskState.ON_TRACK: "blue", TaskState.BEHIND: "red"}


class MilestoneStatus(models.TextChoices):
    PENDING = "pending", _("Not reported")
    REPORTED = "reported", _("Awaiting acceptance")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")


class PilotKind(models.TextChoices):
    PILOT = "pilot", _("Reform pilot")
    DEMONSTRATION = "demonstration", _("Demonstration")


class PilotStatus(models.TextChoices):
    APPLIED = "applied", _("Applied for")
    APPROVED = "approved", _("Approved")
    IN_PROGRESS = "in_progress", _("Under way")
    EVALUATED = "evaluated", _("Evaluated")
    PROMOTED = "promoted", _("Promoted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Recipient(models.TextChoices):
    """Whom an honour went to: a unit of the county, a person, or the office itself."""

    UNIT = "unit", _("A unit")
    PERSON = "person", _("A person")
    OFFICE = "office", _("The office itself")
