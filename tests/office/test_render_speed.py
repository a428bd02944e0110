"""The faster rendering of every list page writes what the templates wrote: the form
renderer's Python widgets (office.formrender), the table rows (office.tablerender) and the
export values (table_values) are compared with Django's and django-tables2's own output."""

import re
from itertools import count

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.template.loader import get_template
from django.test import RequestFactory
from django.utils.safestring import mark_safe

from office.formrender import FastTemplates
from office.models import OrgUnit, User
from office.tablerender import table_values
from office.tables import OrgUnitTable, UserTable


class EveryWidget(forms.Form):
    choice = forms.ChoiceField(
        choices=[("", "---"), ("x", "X <b>"), ("组", [("1", "一"), ("2", "二")]), (3, 3)],
        required=False,
    )
    many = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", mark_safe("<i>B</i>"))],
        widget=forms.SelectMultiple(attrs={"data-x": True, "data-y": False, "class": 'q"z'}),
    )
    text = forms.CharField(widget=forms.Textarea)
    number = forms.IntegerField()
    tick = forms.BooleanField()
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    hidden = forms.CharField(widget=forms.HiddenInput)
    email = forms.EmailField()
    secret = forms.CharField(widget=forms.PasswordInput)
    radio = forms.ChoiceField(choices=[("r", "R")], widget=forms.RadioSelect)
    maybe = forms.NullBooleanField()
    moment = forms.SplitDateTimeField()


@pytest.mark.parametrize(
    "data",
    [
        None,
        {
            "choice": "2",
            "many": ["a", "b"],
            "text": "x<y\nz",
            "number": "12",
            "tick": "on",
            "day": "2026-01-02",
            "hidden": "h&",
            "email": "a@b",
            "secret": "pw",
            "radio": "r",
            "maybe": "true",
            "moment_0": "2026-01-01",
            "moment_1": "10:00",
        },
    ],
)
def test_the_python_widgets_write_what_djangos_templates_write(data):
    django_form = EveryWidget(data, renderer=DjangoTemplates())
    fast_form = EveryWidget(data, renderer=FastTemplates())

    for name in EveryWidget.base_fields:
        assert str(fast_form[name]) == str(django_form[name]), name
    assert str(fast_form) == str(django_form)


def _tbody(html: str) -> str:
    body = re.search(r"<tbody[^>]*>(.*)</tbody>", html, re.S).group(1)
    return re.sub(r">\s+<", "><", body).strip()


@pytest.mark.django_db
@pytest.mark.parametrize("table_class", [OrgUnitTable, UserTable])
def test_the_rows_and_export_values_are_django_tables2s_own(
    table_class, county_a, county_b, make_user
):
    make_user(county_a["office"], "staff", name="张<三>")
    model = table_class._meta.model
    queryset = model.objects.all()
    if model is OrgUnit:
        queryset = queryset.select_related("parent", "office")
    elif model is User:
        queryset = queryset.select_related("org_unit")
    request = RequestFactory().get("/")
    table = table_class(queryset)
    table.request = request

    ours = table.as_html(request)
    table._counter = count()  # as as_html() starts it, for the same odd/even rows
    theirs = get_template("django_tables2/bootstrap5.html").render(
        {"table": table, "request": request}
    )

    assert _tbody(ours) == _tbody(theirs)
    assert "<td" in _tbody(ours)
    assert list(table_values(table)) == list(table.as_values())
