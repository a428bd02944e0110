"""The city's shared library of good practices (经验做法): a county office writes up what
worked, publishes it for the other offices under the same city office to read and comment
on, and may withdraw it. Its drafts stay its own (``scope_shared_in_city``)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from office.chapters import CHAPTERS
from office.roles import OFFICE_AND_LEADERS, OFFICE_ROLES, Role
from office.workflow import Action, Transition, Workflow

from .org import OrgUnit
from .scoping import RestrictedQuerySet


class PracticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", pgettext_lazy("practice", "Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class GoodPractice(models.Model):
    owning_office = models.ForeignKey(
        OrgUnit, verbose_name=_("county office"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    area = models.CharField(_("area of work"), max_length=20, choices=CHAPTERS)
    summary = models.CharField(_("summary"), max_length=500)
    text = models.TextField(_("text"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PracticeStatus.choices,
        default=PracticeStatus.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(
        pgettext_lazy("practice", "published at"), null=True, blank=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("practice", "author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    # Published practices are read by every office under the same city office.
    scope_shared_in_city = Q(status=PracticeStatus.PUBLISHED)
    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "owning_office"
    scope_unit_fields = ()

    workflow = Workflow(
        Transition(
            "publish",
            pgettext_lazy("practice", "Publish"),
            source=[PracticeStatus.DRAFT, PracticeStatus.WITHDRAWN],
            target=PracticeStatus.PUBLISHED,
            roles=[Role.DIRECTOR],
            refusal=_("Only the office director publishes the office's practices."),
        ),
        Transition(
            "withdraw",
            _("Withdraw"),
            source=[PracticeStatus.PUBLISHED],
            target=PracticeStatus.WITHDRAWN,
            roles=[Role.DIRECTOR],
            style="outline-danger",
            refusal=_("Only the office director withdraws the office's practices."),
        ),
        Action("edit", _("Edit"), roles=OFFICE_ROLES),
        Action(
            "comment",
            _("Comment"),
            roles=OFFICE_AND_LEADERS,
            source=[PracticeStatus.PUBLISHED],
            reach="view",
            refusal=_("Only the offices and county leaders under the city comment on practices."),
        ),
        tones={
            PracticeStatus.DRAFT: "grey",
            PracticeStatus.PUBLISHED: "green",
            PracticeStatus.WITHDRAWN: "orange",
        },
    )

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        ordering = ["-published_at", "-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("practice_detail", args=[self.pk])


class PracticeComment(models.Model):
    practice = models.ForeignKey(
        GoodPractice,
        verbose_name=_("good practice"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("practice", "author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(pgettext_lazy("practice", "comment"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    # A comment is seen wherever its practice is.
    scope_shared_in_city = Q(practice__status=PracticeStatus.PUBLISHED)
    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "practice__owning_office"
    scope_unit_fields = ()

    class Meta:
        verbose_name = _("practice comment")
        verbose_name_plural = _("practice comments")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.practice}: {self.text[:20]}"
