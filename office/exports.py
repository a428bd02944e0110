"""Every list's Excel export: at once up to ``EXPORT_BACKGROUND_ROWS`` rows, by a Celery task
above (``office.tasks.export_list``), the page showing its progress and offering the file when
it is ready.

The task replays the list page as the person who asked — the same view, its ``restrict``,
filters and order, from the address and the query they had — so the file holds exactly the
rows the page showed them. The file is kept in the private storage (never a media URL) and
served only to that person, by a view that asks who they are (office.views.exports).
"""

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404, HttpRequest, QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import ExportJob, ExportStatus

logger = logging.getLogger(__name__)

# The progress is written this many times over an export (a row at a time would cost a
# query a row), and at least every this many rows.
PROGRESS_STEPS = 50
PROGRESS_MIN_ROWS = 200
# A queued or running export older than this is taken for lost (a worker that died): asking
# again starts a new one rather than waiting on it.
STALE_AFTER = timedelta(hours=1)
# Finished exports (and their files) are kept this long, then dropped when their owner asks
# for another.
KEEP_FOR = timedelta(days=1)


def background_rows() -> int:
    """A list of more rows than this is exported by the worker; fewer, at once."""
    return getattr(settings, "EXPORT_BACKGROUND_ROWS", 5000)


def running_limit() -> int:
    """How many exports one person may have under way at the same time."""
    return getattr(settings, "EXPORT_RUNNING_LIMIT", 3)


def export_row_count(table) -> int:
    """The rows the export of ``table`` would write: exact up to a few times the threshold,
    the planner's estimate above (counting two million items exactly costs seconds, and
    either way the answer is "in the background")."""
    from .views.generic import estimated_count

    queryset = getattr(table.data, "data", None)
    if not hasattr(queryset, "query"):
        return len(table.data)
    estimate = estimated_count(queryset)
    if estimate is not None and estimate > 4 * background_rows():
        return estimate
    return queryset.count()


def _export_path(job: ExportJob) -> str:
    # Unguessable as well as private: the download view is the only way to it.
    return f"exports/{job.owner_id}/{job.pk}-{uuid.uuid4().hex}.{job.export_format}"


@transaction.atomic
def export_job_request(
    *, actor, path: str, query: str, export_format: str, title: str, total: int
) -> ExportJob:
    """Start (or find) the background export of a list for ``actor``.

    The same export asked again while it is being written is the same job (a second click,
    a reload of the page that started it); a person may have a few under way at once, not
    more, so a page opened in a loop cannot fill the worker's queue."""
    live = ExportJob.objects.select_for_update().filter(
        owner=actor,
        status__in=(ExportStatus.QUEUED, ExportStatus.RUNNING),
        created_at__gte=timezone.now() - STALE_AFTER,
    )
    same = live.filter(path=path, query=query, export_format=export_format).first()
    if same is not None:
        return same
    if live.count() >= running_limit():
        raise ValidationError(
            _(
                "You already have %(count)d exports being written. Wait for one of them to "
                "finish, then export again."
            )
            % {"count": running_limit()}
        )
    _forget_old_exports(actor)
    job = ExportJob.objects.create(
        owner=actor,
        title=title[:200],
        path=path,
        query=query,
        export_format=export_format,
        total=total,
        language=translation.get_language() or "",
    )
    from .tasks import export_list

    pk = job.pk
    transaction.on_commit(lambda: export_list.delay(pk))
    return job


def _forget_old_exports(owner) -> None:
    """Drop the owner's finished exports older than KEEP_FOR, their files first."""
    old = ExportJob.objects.filter(
        owner=owner,
        status__in=(ExportStatus.DONE, ExportStatus.FAILED),
        finished_at__lt=timezone.now() - KEEP_FOR,
    )
    for name in old.exclude(file="").values_list("file", flat=True):
        default_storage.delete(name)
    old.delete()


class ProgressWriter:
    """Writes how many rows are done onto the job, a few dozen times over the export (the
    task runs outside any transaction: each write is seen by the page's next poll)."""

    def __init__(self, job: ExportJob):
        self.job_id = job.pk
        self.step = max(PROGRESS_MIN_ROWS, job.total // PROGRESS_STEPS)
        self.written = 0

    def __call__(self, done: int) -> None:
        if done - self.written >= self.step:
            ExportJob.objects.filter(pk=self.job_id).update(done=done)
            self.written = done


def replay_list_view(job: ExportJob):
    """The list view of ``job.path`` set up for a GET of ``job.query`` by the job's owner, as
    the page had it, or PermissionDenied when the owner may no longer read that list."""
    from .views.generic import ObjectListView

    owner = job.owner
    if not owner.is_active:
        raise PermissionDenied
    try:
        match = resolve(job.path)
    except Resolver404 as missing:
        raise PermissionDenied from missing
    view_class = getattr(match.func, "view_class", None)
    if view_class is None or not issubclass(view_class, ObjectListView):
        raise PermissionDenied
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = job.path
    request.META = {"QUERY_STRING": job.query, "REQUEST_METHOD": "GET"}
    request.GET = QueryDict(job.query)
    request.user = owner
    request.resolver_match = match
    view = view_class(**getattr(match.func, "view_initkwargs", {}))
    view.setup(request, *match.args, **match.kwargs)
    if not view.has_permission():
        raise PermissionDenied
    return view


def export_job_run(job_id: int) -> None:
    """What the task does: write the export of the job's list, as its owner, into the
    private storage; a refusal or a failure is kept on the job for the page to show."""
    job = ExportJob.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or job.is_finished:
        return  # dropped meanwhile, or a second delivery of a finished task
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING, done=0)
    try:
        with translation.override(job.language or settings.LANGUAGE_CODE):
            view = replay_list_view(job)
            exporter = view.export_in_background(job, ProgressWriter(job))
            content = exporter.export()
        name = default_storage.save(_export_path(job), ContentFile(content))
    except (PermissionDenied, Http404):
        _fail(job, _("You may no longer read this list."))
        return
    except Exception:  # noqa: BLE001 - kept on the job for the page, logged for the admins
        logger.exception("export %s failed", job.pk)
        _fail(job, _("The export failed. Try again, or narrow the list with its filters."))
        return
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.DONE,
        file=name,
        done=exporter.row_count,
        total=exporter.row_count,
        finished_at=timezone.now(),
    )


def _fail(job: ExportJob, reason: str) -> None:
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.FAILED, failure=reason, finished_at=timezone.now()
    )
