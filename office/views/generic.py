"""Generic views every app subclasses (the way NetBox's list views are four lines).

- ObjectListView: table + filters + search + pagination + Excel export of what is filtered.
- ObjectEditView: create / edit through a form; the subclass saves through a service.
- ObjectConfirmView: a confirmation page before a destructive action (deactivate, delete).
- The detail page with declared actions and one timeline is in ``office.views.detail``.

Each one reads through ``.restrict(user, action)``, so a record out of scope is a 404, and
asks the model's view permission, as the list and the API do.
"""

import io
import json
from datetime import date, datetime

import openpyxl
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.generic import FormView, View
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin, TableExport
from openpyxl.cell import WriteOnlyCell

from office.exports import background_rows, export_job_request, export_row_count
from office.spreadsheets import as_text
from office.tablerender import table_values
from office.texts import limit_form_texts
from office.workflow import permitted


def _perm(model, action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def display_value(field, value, names=None):
    """A history value as people read it. ``names`` ({(model, pk): record}, read beforehand
    for a whole history) saves a query per related record."""
    if value in (None, ""):
        return value
    model = field.related_model
    if field.many_to_many:
        # simple-history gives the through rows as dicts: show the related records' names.
        ids = [row[field.m2m_reverse_field_name()] for row in value]
        if names is not None:
            found = [names[(model, pk)] for pk in ids if (model, pk) in names]
            return "、".join(str(o) for o in sorted(found, key=_orderable(model)))
        return "、".join(str(o) for o in model._base_manager.filter(pk__in=ids))
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation and field.many_to_one:
        if names is not None:
            return names.get((model, value), value)
        return model._base_manager.filter(pk=value).first() or value
    return value


def _orderable(model):
    """The model's default ordering as a sort key of loaded records (as a query orders)."""
    fields = [name.lstrip("-") for name in (model._meta.ordering or ["pk"])]

    def key(obj):
        values = (getattr(obj, name, None) for name in fields)
        return tuple((value is None, value if value is not None else 0) for value in values)

    return key


class ViewPermissionMixin(PermissionRequiredMixin):
    """The model's view permission, which the list, the detail page, the API and every
    download ask alike: an administrator (三员) or the legal adviser who may not read a record
    type gets 403 whatever id they try."""

    def get_permission_required(self):
        return [_perm(self.model, "view")]


class RestrictedMixin(LoginRequiredMixin):
    """Reads only what the user may see, for the given action."""

    model = None
    restrict_action = "view"

    def get_base_queryset(self):
        return self.model.objects.all()

    def get_queryset(self):
        return self.get_base_queryset().restrict(self.request.user, self.restrict_action)


class SafeTableExport(TableExport):
    """Exports what the table shows, with formula-like cells neutralised, and an .xlsx whose
    columns are wide enough for Chinese text (a CJK character is two Latin ones wide).

    The .xlsx is written in openpyxl's write-only mode straight from the table's values: no
    tablib dataset, no second pass loading the workbook back to size its columns."""

    def __init__(
        self, export_format, table, exclude_columns=None, dataset_kwargs=None, progress=None
    ):
        if export_format != "xlsx":
            super().__init__(export_format, table, exclude_columns, dataset_kwargs)
            return
        self.format = export_format
        self.title = (dataset_kwargs or {}).get("title") or _sheet_title(table)
        # A table may write its own rows faster than cell by cell (export_rows); the others'
        # values are read a column at a time (office.tablerender), as as_values() gives them.
        export_rows = getattr(table, "export_rows", None)
        values = (
            export_rows(exclude_columns or ())
            if export_rows is not None
            else table_values(table, exclude_columns or ())
        )
        self.rows = []
        for row in values:
            self.rows.append([as_text(value) for value in row])
            if progress is not None:
                progress(len(self.rows) - 1)

    @property
    def row_count(self) -> int:
        """The rows written, the header left out."""
        return max(len(self.rows) - 1, 0)

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        dataset = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        rows = [[as_text(value) for value in row] for row in dataset]
        return type(dataset)(*rows, headers=dataset.headers, title=dataset.title)

    def export(self):
        if self.format == "xlsx":
            return write_xlsx(self.rows, title=self.title)
        return super().export()


def _sheet_title(table) -> str:
    try:
        return str(table.Meta.model._meta.verbose_name_plural)
    except AttributeError:
        return "Export Data"


def write_xlsx(rows, *, title: str = "") -> bytes:
    """A one-sheet workbook of ``rows`` (the first is the header, frozen), each column as wide
    as its longest cell (bounded)."""
    widths: dict[int, int] = {}
    for row in rows:
        for index, value in enumerate(row):
            widths[index] = max(widths.get(index, 0), _display_width(value))
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_safe_sheet_title(title))
    for index, width in widths.items():
        letter = openpyxl.utils.get_column_letter(index + 1)
        sheet.column_dimensions[letter].width = min(max(width + 2, 8), MAX_COLUMN_WIDTH)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _xlsx_cell(sheet, value):
    """A date as a real date cell shown as 2026-03-31 (not text, not a time of day)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return value


def _safe_sheet_title(title: str) -> str:
    # Excel's rules: at most 31 characters, none of []:*?/\
    cleaned = "".join(char for char in str(title) if char not in "[]:*?/\\")
    return cleaned[:31] or "Sheet1"


MAX_COLUMN_WIDTH = 60


def _display_width(value) -> int:
    text = "" if value is None else str(value)
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)


def fit_columns(content: bytes) -> bytes:
    """Each column as wide as its longest cell (bounded), the header row frozen."""
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        for column in sheet.iter_cols():
            width = max((_display_width(cell.value) for cell in column), default=8)
            letter = column[0].column_letter
            sheet.column_dimensions[letter].width = min(max(width + 2, 8), MAX_COLUMN_WIDTH)
        sheet.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


# Above this many rows (by the planner's estimate) a list's count is the estimate: counting a
# province's two million items exactly would cost more than the page of 25 rows itself.
EXACT_COUNT_LIMIT = 20_000


def estimated_count(queryset) -> int | None:
    """The PostgreSQL planner's estimate of the rows of ``queryset`` (one EXPLAIN, no scan),
    or None on another database or when the query cannot be explained."""
    if connection.vendor != "postgresql" or not hasattr(queryset, "query"):
        return None
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
    except Exception:  # noqa: BLE001 - an estimate is a shortcut, never a failure
        return None
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(Paginator):
    """Counts exactly up to EXACT_COUNT_LIMIT rows; above, takes the planner's estimate (a
    huge list's page numbers are approximate, its pages are not). ``estimated`` says which,
    so the page writes "约" before an estimate."""

    estimated = False

    @cached_property
    def count(self):
        # django-tables2 hands over its rows, whose .data (a TableQuerysetData) holds the
        # queryset as .data again.
        queryset = self.object_list
        for _level in range(3):
            if hasattr(queryset, "query"):
                break
            queryset = getattr(queryset, "data", queryset)
        estimate = estimated_count(queryset)
        if estimate is not None and estimate > EXACT_COUNT_LIMIT:
            # The table reads its length too: let it have the same number, not a count.
            data = getattr(self.object_list, "data", None)
            if data is not None and hasattr(data, "_length"):
                data._length = estimate
            self.estimated = True
            return estimate
        return super().count


class CappedPaginator(EstimatedCountPaginator):
    """A page holds at most LIST_MAX_PER_PAGE rows, whatever ?per_page asks: a list of every
    item of the year rendered at once would tie up a worker (the export is for all rows)."""

    def __init__(self, object_list, per_page, *args, **kwargs):
        per_page = min(max(int(per_page), 1), settings.LIST_MAX_PER_PAGE)
        super().__init__(object_list, per_page, *args, **kwargs)


class ObjectListView(
    RestrictedMixin, ViewPermissionMixin, ExportMixin, SingleTableMixin, FilterView
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

    def get_table_pagination(self, table):
        return {"per_page": self.per_page, "paginator_class": CappedPaginator}

    def get_export_filename(self, export_format):
        return f"{self.model._meta.verbose_name_plural}.{export_format}"

    def create_export(self, export_format):
        """The file at once, or, for a list longer than EXPORT_BACKGROUND_ROWS, a background
        export (office.exports) whose page shows its progress and then offers the file."""
        table = self.get_table(**self.get_table_kwargs())
        total = export_row_count(table)
        if total > background_rows():
            return self.start_background_export(export_format, total)
        exporter = self.export_class(
            export_format=export_format,
            table=table,
            exclude_columns=self.exclude_columns,
            dataset_kwargs=self.get_dataset_kwargs(),
        )
        response = exporter.response(filename=self.get_export_filename(export_format))
        # A Chinese file name must go in RFC 6266's filename*: django-tables2 writes it raw and
        # Django would then MIME-encode the whole header, which browsers don't take as a file.
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=self.get_export_filename(export_format)
        )
        return response

    def start_background_export(self, export_format, total):
        try:
            job = export_job_request(
                actor=self.request.user,
                path=self.request.path,
                query=self.request.GET.urlencode(),
                export_format=export_format,
                title=self.get_export_filename(export_format),
                total=total,
            )
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            query = self.request.GET.copy()
            query.pop(self.export_trigger_param, None)
            return HttpResponseRedirect(f"{self.request.path}?{query.urlencode()}")
        return HttpResponseRedirect(reverse("export_job", args=[job.pk]))

    def export_in_background(self, job, progress):
        """The exporter of the list as this (replayed) request shows it: what the Celery task
        writes (office.exports.export_job_run)."""
        filterset = self.get_filterset(self.get_filterset_class())
        if not filterset.is_bound or filterset.is_valid() or not self.get_strict():
            self.object_list = filterset.qs
        else:
            self.object_list = filterset.queryset.none()
        self.filterset = filterset
        return self.export_class(
            export_format=job.export_format,
            table=self.get_table(**self.get_table_kwargs()),
            exclude_columns=self.exclude_columns,
            dataset_kwargs=self.get_dataset_kwargs(),
            progress=progress,
        )

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


class ObjectEditView(RestrictedMixin, PermissionRequiredMixin, SingleObjectMixin, FormView):
    # Never "user": editing a User would hide the signed-in user from base.html.
    context_object_name = "object"

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

    def get_form(self, form_class=None):
        # Every long text typed on a page is held to the one limit (office.texts).
        return limit_form_texts(super().get_form(form_class))

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
            else reverse(self.list_url_name or self.default_list_url_name())
        )
        return context

    def default_list_url_name(self) -> str:
        """The list of the same app: "<namespace>:<model>_list" (the core's are not namespaced)."""
        name = f"{self.model._meta.model_name}_list"
        namespace = self.request.resolver_match.namespace
        return f"{namespace}:{name}" if namespace else name


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

    # The workflow rule that decides who may (office.workflow.may); empty for none.
    rule = ""

    def check_may(self, obj) -> None:
        """Who may (not whether it is time: the service says that in its own words)."""
        if self.rule and not permitted(self.request.user, self.rule, obj):
            raise PermissionDenied

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        self.check_may(self.object)
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
        self.check_may(self.object)
        try:
            self.perform(self.object)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, self.success_message % {"name": self.object})
        return HttpResponseRedirect(self.object.get_absolute_url())

    def perform(self, obj):
        raise NotImplementedError("subclasses act through a service")
