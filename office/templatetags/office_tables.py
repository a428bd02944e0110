"""``{% table_body table %}``: a django-tables2 table's rows, rendered by office.tablerender."""

from django import template

from office.tablerender import render_body

register = template.Library()


@register.simple_tag(takes_context=True)
def table_body(context, table):
    return render_body(table, context)
