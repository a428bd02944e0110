"""Generic views every app subclasses (the way NetBox's list views are four lines).

- ObjectListView: table + filters + search + pagination + Excel export of what is filtered.
- ObjectDetailView: fields + change history + transition log + the actions the user may take.
- ObjectEditView: create / edit through a form; the subclass saves through a service.
- ObjectConfirmView: a confirmation page before a destructive action (deactivate, delete).
- TransitionView: performs one workflow transition from a button, with an optional comment.

Each one reads through ``.restrict(user, action)``, so a record out of scope is a 404.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, View
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin, TableExport

from office.workflow import TransitionError, transition_history, transition_perform


def _perm(model, action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def _display_value(field, value):
    if value in (None, ""):
        return value
    if field.many_to_many:
        # simple-history gives the through rows as dicts: show the related records' names.
        ids = [row[field.m2m_reverse_field_name()] for row in value]
        return "、".join(str(o) for o in field.related_model._base_manager.filter(pk__in=ids))
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation and field.many_to_one:
        return field.related_model._base_manager.filter(pk=value).first() or value
    return value


class RestrictedMixin(LoginRequiredMixin):
    """Reads only what the user may see, for the given action."""

    model = None
    restrict_action = "view"

    def get_base_queryset(self):
        return self.model.objects.all()

    def get_queryset(self):
        return self.get_base_queryset().restrict(self.request.user, self.restrict_action)


# A cell starting with one of these is a formula to Excel/WPS: an item title sent down from
# another office as "=HYPERLINK(...)" must reach the ledger as text, not as a live formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _as_text(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class SafeTableExport(TableExport):
    """Exports what the table shows, with formula-like cells neutralised."""

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        dataset = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        rows = [[_as_text(value) for value in row] for row in dataset]
        return type(dataset)(*rows, headers=dataset.headers, title=dataset.title)


class ObjectListView(
    RestrictedMixin, PermissionRequiredMixin, ExportMixin, SingleTableMixin, FilterView
):
    template_name = "generic/object_list.html"
    # The table paginates; the list view underneath must not page a second time.
    paginate_by = None
    per_page = 25
    export_formats = ("xlsx",)
    export_trigger_param = "export"
    export_class = SafeTableExport
    # Buttons for the page header: (label, url name, permission).
    create_url_name = ""
    title = ""

    def get_permission_required(self):
        return [_perm(self.model, "view")]

    def get_table_pagination(self, table):
        return {"per_page": self.per_page}

    def get_export_filename(self, export_format):
        return f"{self.model._meta.verbose_name_plural}.{export_format}"

    def create_export(self, export_format):
        # A Chinese file name must go in RFC 6266's filename*: django-tables2 writes it raw and
        # Django would then MIME-encode the whole header, which browsers don't take as a file.
        response = super().create_export(export_format)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=self.get_export_filename(export_format)
        )
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            title=self.title or self.model._meta.verbose_name_plural,
            create_url_name=self.create_url_name
            if self.create_url_name and user.has_perm(_perm(self.model, "add"))
            else "",
            querystring=self.request.GET.urlencode(),
        )
        return context


class ObjectDetailView(RestrictedMixin, DetailView):
    template_name = "generic/object_detail.html"
    # Field names shown in the fields panel; empty means every concrete editable field.
    detail_fields: tuple[str, ...] = ()
    edit_url_name = ""
    # The TransitionView's URL name, for records with a workflow.
    transition_url_name = ""
    history_limit = 50

    def get_fields(self):
        obj = self.object
        names = self.detail_fields or [
            f.name for f in obj._meta.concrete_fields if f.editable and f.name != "id"
        ]
        rows = []
        for name in names:
            field = obj._meta.get_field(name)
            display = getattr(obj, f"get_{name}_display", None)
            value = display() if callable(display) else getattr(obj, name)
            rows.append((field.verbose_name, value))
        return rows

    def get_history(self):
        history = getattr(self.object, "history", None)
        if history is None:
            return []
        records = list(history.select_related("history_user")[: self.history_limit])
        for newer, older in zip(records, records[1:] + [None], strict=False):
            changes = newer.diff_against(older).changes if older else []
            newer.changes = [self._readable_change(change) for change in changes]
        return records

    def _readable_change(self, change) -> dict:
        """A history change as people read it: the field's name, choice labels, unit names."""
        field = self.model._meta.get_field(change.field)
        return {
            "field": field.verbose_name,
            "old": _display_value(field, change.old),
            "new": _display_value(field, change.new),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        workflow = getattr(type(obj), "workflow", None)
        context.update(
            title=str(obj),
            fields=self.get_fields(),
            history=self.get_history(),
            transitions=list(transition_history(obj)) if workflow else [],
            actions=workflow.available(obj, self.request.user) if workflow else [],
            edit_url_name=self.edit_url_name
            if self.edit_url_name and self.request.user.has_perm(_perm(self.model, "change"))
            else "",
            verbose_name=self.model._meta.verbose_name,
            transition_url_name=self.transition_url_name,
        )
        return context


class ObjectEditView(RestrictedMixin, PermissionRequiredMixin, SingleObjectMixin, FormView):
    """Create (no pk in the URL) or edit. Subclasses implement ``save(form)`` with a service
    and may raise ValidationError, which is shown on the form and saves nothing."""

    template_name = "generic/object_form.html"
    restrict_action = "change"
    success_message = ""
    # Where "cancel" goes on a create form; namespaced apps set e.g. "supervision:item_list".
    list_url_name = ""

    def get_permission_required(self):
        return [_perm(self.model, "change" if self.is_edit else "add")]

    @property
    def is_edit(self) -> bool:
        return "pk" in self.kwargs

    def dispatch(self, request, *args, **kwargs):
        self.object = None
        if self.is_edit and request.user.is_authenticated:
            self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.object is not None:
            kwargs["instance"] = self.object
        return kwargs

    def form_valid(self, form):
        try:
            with transaction.atomic():
                self.object = self.save(form)
        except ValidationError as error:
            for field, errors in error.update_error_dict({}).items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message or _("Saved."))
        return HttpResponseRedirect(self.get_success_url())

    def save(self, form):
        raise NotImplementedError("subclasses save through a service")

    def get_success_url(self):
        return self.object.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        verbose = self.model._meta.verbose_name
        context["title"] = (
            _("Edit %(name)s") % {"name": self.object}
            if self.object
            else _("New %(kind)s") % {"kind": verbose}
        )
        context["cancel_url"] = (
            self.object.get_absolute_url()
            if self.object
            else reverse(self.list_url_name or f"{self.model._meta.model_name}_list")
        )
        return context


class ObjectConfirmView(RestrictedMixin, PermissionRequiredMixin, SingleObjectMixin, View):
    """GET shows what will happen and asks; POST does it through ``perform(obj)``."""

    template_name = "generic/object_confirm.html"
    restrict_action = "change"
    permission_action = "change"
    question = ""
    confirm_label = ""
    success_message = ""

    def get_permission_required(self):
        return [_perm(self.model, self.permission_action)]

    def get(self, request, *args, **kwargs):
        from django.shortcuts import render

        self.object = self.get_object()
        return render(
            request,
            self.template_name,
            {
                "object": self.object,
                "title": self.question % {"name": self.object},
                "confirm_label": self.confirm_label,
                "cancel_url": self.object.get_absolute_url(),
            },
        )

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            self.perform(self.object)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, self.success_message % {"name": self.object})
        return HttpResponseRedirect(self.object.get_absolute_url())

    def perform(self, obj):
        raise NotImplementedError("subclasses act through a service")


class TransitionView(RestrictedMixin, SingleObjectMixin, View):
    """POST name=<transition>&comment=... performs one workflow transition."""

    restrict_action = "view"

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        try:
            transition_perform(
                obj=obj,
                name=request.POST.get("transition", ""),
                actor=request.user,
                comment=request.POST.get("comment", ""),
            )
        except TransitionError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Done."))
        return HttpResponseRedirect(obj.get_absolute_url())
