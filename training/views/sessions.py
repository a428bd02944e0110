"""Study sessions: the list, add and edit, the Thursday schedule of a year in one step, a
session's page (materials, attendance, photos), and the organiser's attendance page."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from office.views.detail import ActionPanel, Event, ObjectDetailView
from office.views.generic import ObjectEditView, ObjectListView
from office.workflow import may, permitted

from .. import services
from ..choices import Attendance, SessionKind
from ..filtersets import SessionFilterSet
from ..forms import AttendanceForm, CancelForm, PhotosForm, ScheduleForm, SessionForm
from ..models import StudySession
from ..tables import SessionTable
from . import SectionTabsMixin


class SessionListView(SectionTabsMixin, ObjectListView):
    model = StudySession
    table_class = SessionTable
    filterset_class = SessionFilterSet
    create_url_name = "training:session_add"
    template_name = "training/session_list.html"
    title = gettext_lazy("Study sessions")

    def get_base_queryset(self):
        return StudySession.objects.annotate(
            present=Count("attendance", filter=Q(attendance__status=Attendance.PRESENT)),
            on_leave=Count("attendance", filter=Q(attendance__status=Attendance.LEAVE)),
        ).order_by("-held_on", "-id")  # a grouped query drops Meta.ordering

    def get_export_filename(self, export_format):
        return f"{_('Study sessions')}-{timezone.localdate():%Y%m%d}.{export_format}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_schedule"] = self.request.user.has_perm("training.add_studysession")
        return context


class SessionEditView(ObjectEditView):
    model = StudySession
    form_class = SessionForm
    template_name = "training/session_form.html"
    list_url_name = "training:session_list"

    def get_initial(self):
        kind = self.request.GET.get("kind")
        return {"kind": kind} if kind in SessionKind.values else {}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save(self, form):
        data = form.session_data()
        materials = list(form.cleaned_data["materials"])
        confirm = form.cleaned_data["confirm_holiday"]
        if self.object:
            return services.session_update(
                actor=self.request.user,
                session=self.object,
                data=data,
                materials=materials,
                confirm_holiday=confirm,
            )
        return services.session_create(
            actor=self.request.user, data=data, materials=materials, confirm_holiday=confirm
        )


def _cancel(view, session, data):
    services.session_cancel(actor=view.request.user, session=session, reason=data["reason"])
    return _("The session has been cancelled.")


def _add_photos(view, session, data):
    photos = services.session_photos_add(
        actor=view.request.user, session=session, files=data["files"]
    )
    return _("%(count)d file(s) added.") % {"count": len(photos)}


class SessionDetailView(ObjectDetailView):
    model = StudySession
    template_name = "training/session_detail.html"
    edit_url_name = "training:session_edit"
    url_prefix = "training:session"
    detail_fields = (
        "kind",
        "topic",
        "held_on",
        "start_time",
        "location",
        "speaker",
        "organiser",
        "status",
    )
    action_panels = (
        ActionPanel(
            "add_photos",
            PhotosForm,
            _add_photos,
            gettext_lazy("Add photos"),
            gettext_lazy("Upload"),
            icon="camera",
            primary_for=lambda user: False,
        ),
        ActionPanel(
            "cancel",
            CancelForm,
            _cancel,
            gettext_lazy("Cancel the session"),
            gettext_lazy("Cancel the session"),
            icon="x-circle",
            style="danger",
            primary_for=lambda user: False,
        ),
    )
    timeline_sources = ("photo_events",)

    def get_base_queryset(self):
        return StudySession.objects.select_related("organiser", "owning_office")

    def photo_events(self):
        photos = list(self.object.photos.select_related("uploaded_by"))
        if not photos:
            return []
        by_time = {}
        for photo in photos:
            by_time.setdefault(
                (photo.created_at.replace(microsecond=0), photo.uploaded_by), []
            ).append(photo)
        return [
            Event(time, "photos", "camera", "azure", _("Photos added"), actor, attachments=group)
            for (time, actor), group in by_time.items()
        ]

    def may_edit(self):
        return may(self.request.user, "edit", self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.object
        attendance = list(session.attendance.select_related("person__org_unit"))
        context.update(
            materials=session.materials.all(),
            attendance=attendance,
            present=[row for row in attendance if row.status == Attendance.PRESENT],
            on_leave=[row for row in attendance if row.status == Attendance.LEAVE],
            absent=[row for row in attendance if row.status == Attendance.ABSENT],
            photos=session.photos.all(),
            may_confirm=may(self.request.user, "confirm_attendance", session),
            confirm_later=session.status == "planned"
            and permitted(self.request.user, "confirm_attendance", session)
            and session.held_on > timezone.localdate(),
        )
        return context


class SessionAttendanceView(ObjectEditView):
    """The organiser, after the session, marks who was there and who was on leave (with the
    reason). Nobody checks in; the page lists the office's staff, all present by default."""

    model = StudySession
    form_class = AttendanceForm
    template_name = "training/session_attendance.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        return {**kwargs, "session": self.object}

    def get(self, request, *args, **kwargs):
        return self._refuse() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self._refuse() or super().post(request, *args, **kwargs)

    def _refuse(self):
        session = self.object
        if not permitted(self.request.user, "confirm_attendance", session):
            raise PermissionDenied
        if not may(self.request.user, "confirm_attendance", session):
            messages.error(
                self.request,
                _("Attendance is confirmed once, after the session has taken place."),
            )
            return redirect(session)
        return None

    def save(self, form):
        session = services.session_attendance_confirm(
            actor=self.request.user,
            session=self.object,
            entries=form.entries(),
            notes=form.cleaned_data["notes"],
        )
        self.success_message = _("Attendance confirmed.")
        return session

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Confirm attendance: %(name)s") % {"name": self.object}
        return context


class ScheduleView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    """The year's Thursday collective studies in one step, holidays skipped or moved."""

    form_class = ScheduleForm
    template_name = "training/schedule_form.html"
    permission_required = "training.add_studysession"

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            with transaction.atomic():
                done = services.thursday_schedule_create(
                    actor=self.request.user,
                    year=data["year"],
                    move_to_next_working_day=data["move_to_next_working_day"],
                    topic=data["topic"],
                    location=data["location"],
                    start_time=data["start_time"],
                )
        except ValidationError as error:
            for field, errors in error.update_error_dict({}).items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(self.request, schedule_message(done))
        url = reverse("training:session_list")
        return HttpResponseRedirect(f"{url}?kind=thursday&year={data['year']}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Thursday schedule of a year"), cancel_url=reverse("training:session_list")
        )
        return context


def schedule_message(done) -> str:
    parts = [
        _("%(count)d Thursday sessions created.") % {"count": len(done.created) + len(done.moved)}
    ]
    if done.moved:
        moved = "、".join(f"{a:%m-%d}→{b:%m-%d}" for a, b in done.moved)
        parts.append(_("Moved from holidays: %(days)s.") % {"days": moved})
    if done.skipped:
        skipped = "、".join(f"{day:%m-%d}" for day in done.skipped)
        parts.append(_("Skipped (holidays): %(days)s.") % {"days": skipped})
    if done.existing:
        parts.append(
            _("%(count)d already scheduled, left as they were.") % {"count": len(done.existing)}
        )
    return " ".join(parts)
