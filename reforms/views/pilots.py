"""Reform pilots and demonstrations: the list, entry and editing, and the page where the
office records each step (approved, started, evaluated, promoted or withdrawn) and the lead
unit adds its evidence."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from office.views.detail import ActionPanel, Event, ObjectDetailView
from office.views.generic import ObjectEditView, ObjectListView

from .. import services
from ..filtersets import PilotFilterSet
from ..forms import ApproveForm, EvaluateForm, EvidenceForm, PilotForm, PilotStepForm, WithdrawForm
from ..models import Pilot
from ..tables import PilotTable


class PilotListView(ObjectListView):
    model = Pilot
    table_class = PilotTable
    filterset_class = PilotFilterSet
    create_url_name = "reforms:pilot_add"
    template_name = "reforms/list.html"
    title = gettext_lazy("Reform pilots and demonstrations")

    def get_base_queryset(self):
        return Pilot.objects.select_related("lead_unit", "task")

    def get_export_filename(self, export_format):
        return (
            f"{_('Reform pilots and demonstrations')}-{timezone.localdate():%Y%m%d}.{export_format}"
        )


class PilotEditView(ObjectEditView):
    model = Pilot
    form_class = PilotForm
    list_url_name = "reforms:pilot_list"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save(self, form):
        actor = self.request.user
        if self.object is None:
            return services.pilot_create(actor=actor, data=form.pilot_data())
        return services.pilot_update(actor=actor, pilot=self.object, data=form.pilot_data())


def _approve(view, pilot, data):
    services.pilot_approve(
        actor=view.request.user,
        pilot=pilot,
        approved_on=data["approved_on"],
        document=data["document"],
    )
    return _("Approval recorded.")


def _step(name, message):
    def perform(view, pilot, data):
        services.pilot_move(
            actor=view.request.user, pilot=pilot, name=name, comment=data.get("comment", "")
        )
        return str(message)

    return perform


def _withdraw(view, pilot, data):
    services.pilot_move(
        actor=view.request.user, pilot=pilot, name="withdraw", comment=data["reason"]
    )
    return _("Pilot withdrawn.")


def _evaluate(view, pilot, data):
    services.pilot_evaluate(actor=view.request.user, pilot=pilot, evaluation=data["evaluation"])
    return _("Evaluation recorded.")


def _evidence(view, pilot, data):
    files = services.pilot_add_evidence(
        actor=view.request.user, pilot=pilot, files=data["attachments"]
    )
    return _("%(n)d files added.") % {"n": len(files)}


PILOT_ACTIONS = (
    ActionPanel(
        "approve",
        ApproveForm,
        _approve,
        gettext_lazy("Record the approval"),
        gettext_lazy("Record the approval"),
        "patch-check",
        "success",
    ),
    ActionPanel(
        "start",
        PilotStepForm,
        _step("start", gettext_lazy("Pilot under way.")),
        gettext_lazy("Start the pilot"),
        gettext_lazy("Start"),
        "play-circle",
    ),
    ActionPanel(
        "evaluate",
        EvaluateForm,
        _evaluate,
        gettext_lazy("Record the evaluation"),
        gettext_lazy("Record the evaluation"),
        "clipboard-data",
    ),
    ActionPanel(
        "promote",
        PilotStepForm,
        _step("promote", gettext_lazy("Pilot promoted.")),
        gettext_lazy("Promote the experience"),
        gettext_lazy("Promote"),
        "megaphone",
        "success",
    ),
    ActionPanel(
        "evidence",
        EvidenceForm,
        _evidence,
        gettext_lazy("Add evidence"),
        gettext_lazy("Upload"),
        "paperclip",
        "outline-primary",
        rules=("add_evidence",),
        primary_for=lambda user: user.sees_own_unit_only,
    ),
    ActionPanel(
        "withdraw",
        WithdrawForm,
        _withdraw,
        gettext_lazy("Withdraw the pilot"),
        gettext_lazy("Withdraw"),
        "x-octagon",
        "danger",
        confirm=gettext_lazy("Withdraw this pilot? The reason is recorded in its history."),
        primary_for=lambda user: False,
    ),
)


class PilotDetailView(ObjectDetailView):
    model = Pilot
    edit_url_name = "reforms:pilot_edit"
    url_prefix = "reforms:pilot"
    action_panels = PILOT_ACTIONS
    timeline_title = gettext_lazy("History")
    timeline_sources = ("evidence_events",)
    workflow_fields = ("status", "approved_on", "approval_document", "evaluation")
    detail_fields = (
        "kind",
        "level",
        "status",
        "approving_body",
        "approval_document",
        "applied_on",
        "approved_on",
        "lead_unit",
        "task",
        "period_start",
        "period_end",
        "evaluation",
    )

    def get_base_queryset(self):
        return Pilot.objects.select_related("lead_unit", "task", "owning_office")

    def evidence_events(self) -> list[Event]:
        return [
            Event(
                attachment.created_at,
                "evidence",
                "paperclip",
                "blue",
                _("Evidence added"),
                attachment.uploaded_by,
                attachments=[attachment],
            )
            for attachment in self.object.attachments.select_related("uploaded_by")
        ]
