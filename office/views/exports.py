"""A background export's page, its progress and its file (office.exports): each the asking
person's alone — anyone else gets 404, whatever id they try."""

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from office.models import ExportJob, ExportStatus


def _own_job(request, pk) -> ExportJob:
    return get_object_or_404(ExportJob.objects.filter(owner=request.user), pk=pk)


def _state(job: ExportJob) -> dict:
    return {
        "status": job.status,
        "status_label": job.get_status_display(),
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "failure": job.failure,
        "download_url": reverse("export_download", args=[job.pk])
        if job.status == ExportStatus.DONE
        else "",
    }


@login_required
def export_job(request, pk):
    """The export's page: its progress while it is written (the card polls itself with htmx
    every two seconds), then the file to download."""
    job = _own_job(request, pk)
    query = QueryDict(job.query, mutable=True)
    query.pop("export", None)
    context = {
        "job": job,
        "state": _state(job),
        "title": _("Export: %(name)s") % {"name": job},
        "list_url": f"{job.path}?{query.urlencode()}" if query else job.path,
    }
    if request.htmx:
        return render(request, "office/partials/export_progress.html", context)
    return render(request, "office/export_job.html", context)


@login_required
def export_progress(request, pk):
    """How far the export has got, as JSON: status, rows done of total, and the file's
    address once it is ready."""
    return JsonResponse(_state(_own_job(request, pk)))


@login_required
def export_download(request, pk):
    job = _own_job(request, pk)
    if job.status != ExportStatus.DONE or not job.file:
        raise Http404(_("The export is not ready."))
    try:
        handle = default_storage.open(job.file, "rb")
    except FileNotFoundError as missing:
        raise Http404(_("The file is missing from the storage.")) from missing
    return FileResponse(handle, as_attachment=True, filename=job.title)
