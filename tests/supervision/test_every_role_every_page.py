"""Every demo role opens every page the navigation offers anyone, and the supervision pages
of an item: each answers with the page, a refusal or a redirect, never a server error."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from office.registry import registry
from office.roles import Role

pytestmark = pytest.mark.django_db

ROLE_UNITS = {
    Role.STAFF: "section",
    Role.SECTION_HEAD: "section",
    Role.DIRECTOR: "office",
    Role.LEADER: "committee",
    Role.UNIT_LIAISON: "township",
    Role.LEGAL_ADVISER: "section",
    Role.CONFIDENTIAL_CLERK: "section",
    Role.SYS_ADMIN: "office",
    Role.SEC_ADMIN: "office",
    Role.AUDIT_ADMIN: "office",
}


@pytest.mark.parametrize("role", list(ROLE_UNITS))
def test_no_page_fails_for_any_role(role, make_user, county_a, make_item):
    item = make_item(on=date(2026, 3, 2))
    user = make_user(county_a[ROLE_UNITS[role]], role)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    pages = [reverse(nav.url_name) for nav in registry.nav] + [
        reverse("supervision:item_detail", args=[item.pk]),
        reverse("supervision:item_add"),
        reverse("supervision:item_edit", args=[item.pk]),
        reverse("supervision:import_upload"),
        reverse("supervision:circular_list") + "?q=通报",
        reverse("supervision:item_list") + "?export=xlsx",
        reverse("supervision:red_list") + "?export=xlsx",
        reverse("supervision:dashboard") + "?year=2025",
        reverse("annual_summary") + "?year=2025",
        "/api/v1/supervision/items/?colour=red",
    ]

    answers = {page: client.get(page).status_code for page in pages}

    assert {page: code for page, code in answers.items() if code >= 500} == {}
    assert answers[reverse("home")] == 200
    # The item belongs to the township: its liaison and the office's own people open it.
    if role in (Role.UNIT_LIAISON, Role.STAFF, Role.DIRECTOR, Role.LEADER):
        assert answers[reverse("supervision:item_detail", args=[item.pk])] == 200
