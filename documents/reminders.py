"""Deadlines of documents for the core's reminder engine (office.reminders): a commissioned
piece (约稿) due within three working days or overdue, and a normative document's filing
(备案) deadline; each reminder goes to the drafter once per occasion."""

from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from office.reminders import Due
from office.workdays import add_working_days

from .choices import IN_FORCE, ManuscriptKind, ManuscriptStatus
from .models import Manuscript, OfficialDocument

NEAR_WORKING_DAYS = 3


class CommissionedDeadlines:
    key = "documents.commissioned"

    def collect(self, now: datetime) -> Iterable[Due]:
        today = timezone.localdate(now)
        horizon = add_working_days(today, NEAR_WORKING_DAYS)
        pieces = (
            Manuscript.objects.filter(kind=ManuscriptKind.COMMISSIONED, due_date__lte=horizon)
            .exclude(status=ManuscriptStatus.DELIVERED)
            .exclude(author=None)
            .select_related("author")
            .defer("text")
        )
        for piece in pieces:
            overdue = piece.due_date < today
            yield Due(
                recipient=piece.author,
                object_key=str(piece.pk),
                kind="overdue" if overdue else "due_soon",
                occurrence=today.isoformat() if overdue else piece.due_date.isoformat(),
                title=(
                    _("Commissioned piece overdue since %(date)s: %(title)s")
                    if overdue
                    else _("Commissioned piece due %(date)s: %(title)s")
                )
                % {"date": piece.due_date.isoformat(), "title": piece.title},
                url=piece.get_absolute_url(),
            )


class FilingDeadlines:
    key = "documents.filing"

    def collect(self, now: datetime) -> Iterable[Due]:
        today = timezone.localdate(now)
        horizon = add_working_days(today, NEAR_WORKING_DAYS)
        documents = (
            OfficialDocument.objects.filter(
                status__in=IN_FORCE,
                is_normative=True,
                filed_on__isnull=True,
                filing_due__lte=horizon,
            )
            .exclude(drafter=None)
            .select_related("drafter")
        )
        for document in documents:
            yield Due(
                recipient=document.drafter,
                object_key=str(document.pk),
                kind="filing",
                occurrence=document.filing_due.isoformat(),
                title=_("File %(number)s with the higher level by %(date)s")
                % {"number": document.number, "date": document.filing_due.isoformat()},
                url=document.get_absolute_url(),
            )


class ConfidentialReturns:
    """A copy not back by its return date: the confidential clerks of the office are told on
    each working day it stays out."""

    key = "documents.confidential_return"

    def collect(self, now: datetime) -> Iterable[Due]:
        from office.models import User
        from office.roles import Role

        from .models import ConfidentialLoan

        today = timezone.localdate(now)
        loans = ConfidentialLoan.objects.filter(
            returned_on__isnull=True, due_on__lt=today
        ).select_related("record", "holder")
        for loan in loans:
            clerks = User.objects.filter(
                org_unit__office=loan.record.owning_office_id,
                groups__name=Role.CONFIDENTIAL_CLERK,
                is_active=True,
            )
            for clerk in clerks:
                yield Due(
                    recipient=clerk,
                    object_key=str(loan.pk),
                    kind="overdue",
                    occurrence=today.isoformat(),
                    title=_("Copy %(copy)s of %(title)s is not back (due %(date)s)")
                    % {
                        "copy": loan.copy_number,
                        "title": loan.record.title,
                        "date": loan.due_on.isoformat(),
                    },
                    url=loan.record.get_absolute_url(),
                )
