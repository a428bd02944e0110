"""A minimal record type used only by the tests of the core's shared mechanisms (scoping,
workflow, generic views), so they are tested without depending on any app."""

from django.db import models
from django.urls import reverse

from office.models import OrgUnit, RestrictedQuerySet
from office.roles import Role
from office.workflow import Transition, Workflow


class Ticket(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "open"
        SUBMITTED = "submitted", "submitted"
        CLOSED = "closed", "closed"

    title = models.CharField(max_length=100)
    owning_office = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(OrgUnit, null=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    # Filled in by the Excel import's tests (a date column and a person column).
    due_on = models.DateField(null=True, blank=True)
    assignee = models.ForeignKey(
        "office.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "owning_office"
    scope_unit_fields = ("unit",)

    workflow = Workflow(
        Transition(
            "submit",
            "submit",
            source=[Status.OPEN],
            target=Status.SUBMITTED,
            roles=[Role.UNIT_LIAISON, Role.STAFF],
            check=lambda actor, obj: (
                not actor.sees_own_unit_only or actor.org_unit_id == obj.unit_id
            ),
        ),
        Transition(
            "close", "close", source=[Status.SUBMITTED], target=Status.CLOSED, roles=[Role.DIRECTOR]
        ),
        Transition(
            "send_back",
            "send back",
            source=[Status.SUBMITTED],
            target=Status.OPEN,
            roles=[Role.DIRECTOR],
            comment_required=True,
        ),
        tones={Status.OPEN: "grey", Status.SUBMITTED: "purple", Status.CLOSED: "green"},
    )

    class Meta:
        app_label = "testapp"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ticket_detail", args=[self.pk])
