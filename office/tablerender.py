"""The rows of every list page's table, rendered in Python (``{% table_body table %}``).

django-tables2 renders each cell through its template: per cell it inspects the render
method's signature, looks the model field up again, builds the cell's attributes afresh and,
for a date column (a TemplateColumn), compiles a template. For the 25 rows of a ledger that
was most of the page's time. This renders the same rows with the same cells — a table's
``render_<column>`` methods, its columns' ``render()``, ``linkify``, row attributes, the
``localize`` switch — but works each column out once per table: the signature, whether the
field has choices, the cell attributes when they do not depend on the row, the date
column's format. Whatever depends on the row is still asked per row, as django-tables2 does.
"""

from __future__ import annotations

import inspect
from datetime import date, datetime
from functools import lru_cache, partialmethod

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.template import Context, Template
from django.template.base import render_value_in_context
from django.templatetags.l10n import localize as localize_filter
from django.templatetags.l10n import unlocalize as unlocalize_filter
from django.utils import formats
from django.utils.dateformat import format as dateformat
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.html import conditional_escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django_tables2.columns import (
    Column,
    DateColumn,
    DateTimeColumn,
    ManyToManyColumn,
    TemplateColumn,
)
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.utils import A, AttributeDict

# The argument names a cell's render method may ask for (django-tables2's set).
CELL_ARGUMENTS = ("value", "record", "column", "bound_column", "bound_row", "table")


@lru_cache(maxsize=4096)
def _signature_of(function) -> tuple[tuple[str, ...], str | None]:
    """(argument names, name of the ``**kwargs`` catch-all) of a plain function."""
    args, catch_all = [], None
    for parameter in inspect.signature(function).parameters.values():
        if parameter.kind == parameter.VAR_KEYWORD:
            catch_all = parameter.name
        elif parameter.kind != parameter.VAR_POSITIONAL:
            args.append(parameter.name)
    return tuple(args), catch_all


def signature(function) -> tuple[tuple[str, ...], str | None]:
    """django_tables2.utils.signature, read once per function rather than once per cell
    (a bound method's ``self`` left out, as there)."""
    underlying = getattr(function, "__func__", None)
    if underlying is None:
        if inspect.isfunction(function):
            return _signature_of(function)
        # A callable object: nothing to cache on safely.
        return _signature_of.__wrapped__(function)
    args, catch_all = _signature_of(underlying)
    return args[1:], catch_all


def call_with_appropriate(function, kwargs: dict):
    """django_tables2.utils.call_with_appropriate with the signature cached."""
    args, catch_all = signature(function)
    if catch_all:
        return function(**kwargs)
    if any(arg not in kwargs for arg in args):
        return None
    return function(**{arg: kwargs[arg] for arg in args})


def _has_callable(value) -> bool:
    if callable(value):
        return True
    if isinstance(value, dict):
        return any(_has_callable(item) for item in value.values())
    return False


def _computed(values: dict, kwargs: dict) -> dict:
    """django_tables2.utils.computed_values, with the cached signature."""
    result = {}
    for key, value in values.items():
        if callable(value):
            value = call_with_appropriate(value, kwargs)
        if isinstance(value, dict):
            value = _computed(value, kwargs)
        result[key] = value
    return result


_NO_DISPLAY = object()


def _generated_display(model, name):
    """(field, {value: label}) when ``model.get_<name>_display`` is the one Django generates
    for a field with choices, else (None, None)."""
    for klass in model.__mro__:
        attribute = klass.__dict__.get(f"get_{name}_display")
        if attribute is None:
            continue
        if (
            isinstance(attribute, partialmethod)
            and attribute.func is models.Model._get_FIELD_display
        ):
            field = attribute.keywords["field"]
            return field, dict(make_hashable(field.flatchoices))
        break
    return None, None


class ColumnPlan:
    """What one visible column of one table needs per row, worked out once."""

    def __init__(self, bound_column, table, *, for_export=False):
        column = bound_column.column
        self.bound_column = bound_column
        self.column = column
        self.table = table
        self.accessor = A(bound_column.accessor)
        self.path, _sep, self.remainder = self.accessor.rpartition(self.accessor.SEPARATOR)
        self.path_accessor = A(self.path) if self.path else None
        self.empty_values = column.empty_values
        self.is_many_to_many = isinstance(column, ManyToManyColumn)
        self.link_with_text = isinstance(column, BaseLinkColumn) and column.text is not None
        self.localize = column.localize
        self.context = Context()
        self._choices: dict[type, bool] = {}
        self._displays: dict[tuple, tuple] = {}
        if for_export:
            # BoundRow.get_cell_value(): the value_<name>/column.value() path, no default.
            self.default, self.link, self.td_static = None, None, ""
            self.render = self._fast_value(bound_column.value, column) or bound_column.value
            return
        self.default = bound_column.default
        self.link = bound_column.link
        self.render = self._fast_render(bound_column.render, column) or bound_column.render
        # The cell's attributes: the same for every row unless a value in them is callable.
        self.td_static = None
        if not (_has_callable(dict(table.attrs).get("td")) or _has_callable(column.attrs)):
            self.td_static = bound_column.attrs["td"].as_html()

    # --- the value ------------------------------------------------------------------------

    def _has_choices(self, record, penultimate) -> bool:
        model = type(record)
        if model not in self._choices:
            field = self.accessor.get_field(record)
            self._choices[model] = bool(getattr(field, "choices", ()))
        return self._choices[model]

    def _display(self, obj, name):
        """``obj.get_<name>_display()``; Django's own method (a partialmethod of
        Model._get_FIELD_display) answered from the field's choices read once per table."""
        key = (type(obj), name)
        if key not in self._displays:
            self._displays[key] = _generated_display(type(obj), name)
        field, choices = self._displays[key]
        if field is None:
            display = getattr(obj, f"get_{name}_display", None)
            return _NO_DISPLAY if display is None else display()
        value = getattr(obj, field.attname)
        return force_str(choices.get(make_hashable(value), value), strings_only=True)

    def cell(self, row):
        """BoundRow.get_cell(name), the same steps."""
        record = row.record
        value = None
        remainder = self.remainder
        penultimate = self.path_accessor.resolve(record, quiet=True) if self.path else record
        if isinstance(penultimate, models.Model):
            try:
                if self._has_choices(record, penultimate):
                    shown = self._display(penultimate, remainder)
                    if shown is not _NO_DISPLAY:
                        value = shown
                        remainder = None
            except FieldDoesNotExist:
                pass
        if remainder:
            try:
                value = self.accessor.resolve(record)
            except Exception:
                if self.link_with_text:
                    return self._call_render(row, None)
        if value in self.empty_values or (self.is_many_to_many and not value.exists()):
            return self.default
        return self._call_render(row, value)

    def _call_render(self, row, value):
        kwargs = {
            "value": value,
            "record": row.record,
            "column": self.column,
            "bound_column": self.bound_column,
            "bound_row": row,
            "table": self.table,
        }
        content = call_with_appropriate(self.render, kwargs)
        return self.link(content, **kwargs) if self.link else content

    # --- TemplateColumn without a template per cell ------------------------------------------

    def _fast_render(self, render, column):
        if getattr(render, "__func__", None) is not TemplateColumn.render:
            return None
        if type(column) in (DateColumn, DateTimeColumn) and not column.extra_context:
            date_format = column.template_code.split('date:"', 1)[1].rsplit('"|default', 1)[0]
            return self._date_renderer(date_format)
        if (
            column.template_code
            and type(column).get_context_data is TemplateColumn.get_context_data
        ):
            return self._template_renderer(column)
        return None

    def _fast_value(self, value, column):
        """Column.value() and the date columns' value() with the cached signature and no
        template compiled per cell."""
        function = getattr(value, "__func__", None)
        if function is Column.value:
            render = self._fast_render(column.render, column) or column.render
            return lambda **kwargs: call_with_appropriate(render, kwargs)
        if function in (DateColumn.value, DateTimeColumn.value) and type(column) in (
            DateColumn,
            DateTimeColumn,
        ):
            render = self._fast_render(column.render, column)
            iso = {"sep": " "} if type(column) is DateTimeColumn else {}
            kind = datetime if type(column) is DateTimeColumn else date

            def date_value(value, bound_column):
                if isinstance(value, kind):
                    return value.isoformat(**iso)
                return strip_tags(render(value=value, bound_column=bound_column)).strip()

            return date_value
        return None

    def _date_renderer(self, date_format):
        """``{{ value|date:"<format>"|default:default }}`` without the template."""

        def render(value, bound_column):
            context = self.context
            text = ""
            if value not in (None, ""):
                value = template_localtime(value, use_tz=context.use_tz)
                try:
                    text = formats.date_format(value, date_format)
                except AttributeError:
                    try:
                        text = dateformat(value, date_format)
                    except AttributeError:
                        text = ""
            # render_value_in_context escapes (the table's context autoescapes).
            value = render_value_in_context(text or bound_column.default, context)
            return mark_safe(value)  # nosec B308 B703

        return render

    def _template_renderer(self, column):
        """TemplateColumn.render with its template compiled once per table, not per cell."""
        template = Template(column.template_code)

        def render(record, table, value, bound_column, **kwargs):
            parent_context = getattr(table, "context", None)
            if parent_context is None:
                parent_context = Context()
            context = column.get_context_data(
                record=record, table=table, value=value, bound_column=bound_column, **kwargs
            )
            with parent_context.update(context):
                parent_context["request"] = getattr(table, "request", None)
                return template.render(parent_context)

        return render

    # --- the cell as the template wrote it ---------------------------------------------------

    def td_attrs(self, row, value) -> str:
        if self.td_static is not None:
            return self.td_static
        # BoundRow.items() sets these for the column's callable attributes.
        self.bound_column.current_value = value
        self.bound_column.current_record = row.record
        return self.bound_column.attrs["td"].as_html()

    def html(self, value) -> str:
        if self.localize is None:
            return render_value_in_context(value, self.context)
        if self.localize:
            return render_value_in_context(localize_filter(value), self.context)
        return render_value_in_context(unlocalize_filter(value), self.context)


def table_values(table, exclude_columns=()):
    """Table.as_values(): the header, then every row's export values — the same cells,
    each column worked out once rather than once per cell."""
    bound_columns = [
        column
        for column in table.columns.iterall()
        if not (column.column.exclude_from_export or column.name in exclude_columns)
    ]
    yield [force_str(column.header, strings_only=True) for column in bound_columns]
    plans = [ColumnPlan(column, table, for_export=True) for column in bound_columns]
    for row in table.rows:
        yield [force_str(plan.cell(row), strings_only=True) for plan in plans]


def _row_attrs(table, row, static_attrs) -> str:
    """BoundRow.attrs.as_html(): the table's row_attrs (computed per row when callable) and
    the even/odd class."""
    css = "odd" if row.row_counter % 2 else "even"
    if static_attrs is None:
        attrs = _computed(table.row_attrs, {"table": table, "record": row.record})
    else:
        attrs = dict(static_attrs)
    attrs["class"] = f"{attrs['class']} {css}" if attrs.get("class") else css
    return AttributeDict(attrs).as_html()


def render_body(table, context) -> SafeString:
    """The ``<tr>`` rows of the table's current page (or its empty text), as the
    django_tables2/bootstrap5.html template's tbody block writes them."""
    plans = [ColumnPlan(bound_column, table) for bound_column in table.columns]
    for plan in plans:
        plan.context = context
    static_row_attrs = None if _has_callable(table.row_attrs) else dict(table.row_attrs)
    parts = []
    for row in table.paginated_rows:
        parts.append(f"<tr {_row_attrs(table, row, static_row_attrs)}>")
        for plan in plans:
            value = plan.cell(row)
            parts.append(f"<td {plan.td_attrs(row, value)}>{plan.html(value)}</td>")
        parts.append("</tr>")
    if not parts and table.empty_text:
        parts.append(
            f'<tr><td colspan="{len(plans)}">{conditional_escape(table.empty_text)}</td></tr>'
        )
    # Each cell escaped by render_value_in_context, each attribute by as_html(), as the
    # template would (tests/office/test_render_speed.py compares the two).
    return mark_safe("".join(parts))  # nosec B308 B703
