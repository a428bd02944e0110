"""The REST API: an OpenAPI schema and offline docs, token and session authentication,
search and filters — always within the caller's scope."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from office.models import OrgUnitKind
from office.roles import Role
from tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def token_header(user) -> dict:
    token = Token.objects.create(user=user)
    return {"HTTP_AUTHORIZATION": f"Token {token.key}"}


def names(response, key="name") -> set:
    assert response.status_code == 200, response.content
    return {row[key] for row in response.json()["results"]}


# --- Schema and docs ---------------------------------------------------------------------------


def test_schema_and_docs_are_for_signed_in_users_only(client, county_a):
    schema = client.get("/api/schema/", {"format": "json"})
    docs = client.get("/api/docs/")

    assert schema.status_code == 401
    assert "paths" not in schema.content.decode()
    assert docs.status_code == 302
    assert docs["Location"].startswith(reverse("login"))


def test_schema_documents_the_core_endpoints(client, staff_a):
    client.force_login(staff_a)
    response = client.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "县委办公室工作平台 API"
    # The docs page opens with a description its readers read: in Chinese.
    assert schema["info"]["description"].startswith("县委办公室工作平台的接口")
    for path in ("/api/v1/org-units/", "/api/v1/users/", "/api/v1/notifications/"):
        assert path in schema["paths"], path
    assert "/api/v1/org-units/{id}/" in schema["paths"]
    assert "/api/v1/notifications/mark-all-read/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/org-units/"]["get"]["parameters"]}
    assert {"search", "kind", "page"} <= parameters


def test_schema_names_token_authentication(client, staff_a):
    client.force_login(staff_a)
    schema = client.get("/api/schema/", {"format": "json"}).json()

    schemes = schema["components"]["securitySchemes"]
    assert any(
        s.get("type") == "apiKey" and s.get("name") == "Authorization" for s in schemes.values()
    )


def test_api_docs_load_swagger_from_the_sidecar_not_a_cdn(client, staff_a):
    client.force_login(staff_a)
    response = client.get("/api/docs/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(
        a.startswith("/static/drf_spectacular_sidecar/swagger-ui-dist/") and a.endswith(".js")
        for a in assets
    )
    assert any(a.endswith("swagger-ui.css") for a in assets)
    assert not [a for a in assets if a.startswith(("http://", "https://", "//"))]
    assert "cdn.jsdelivr.net" not in html
    assert "unpkg.com" not in html
    # The page's own script is a file (no inline script under the Content-Security-Policy).
    script = client.get("/api/docs/", {"script": ""})
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


# --- Authentication ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/org-units/", "/api/v1/users/", "/api/v1/notifications/"])
def test_unauthenticated_requests_are_refused(client, county_a, path):
    response = client.get(path)

    assert response.status_code in (401, 403)
    assert "results" not in response.json()


def test_token_authentication_returns_the_users_scope(client, staff_b, county_a, county_b):
    response = client.get("/api/v1/org-units/", **token_header(staff_b))

    assert names(response) == {"乙县委", "乙县委办", "乙秘书科", "乙城关镇", "乙财政局"}


def test_wrong_token_is_refused(client, county_a):
    response = client.get(
        "/api/v1/org-units/", HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567"
    )

    # Session authentication comes first, so DRF answers 403 rather than 401.
    assert response.status_code in (401, 403)
    assert "results" not in response.json()


def test_token_of_a_deactivated_user_is_refused(client, staff_a, county_a):
    header = token_header(staff_a)
    staff_a.is_active = False
    staff_a.save()

    response = client.get("/api/v1/org-units/", **header)

    assert response.status_code in (401, 403)
    assert "results" not in response.json()


def test_session_authentication_works_for_the_browser(client, staff_a, county_a):
    client.force_login(staff_a)

    assert "甲城关镇" in names(client.get("/api/v1/org-units/"))


def test_api_is_read_only_for_org_units_and_users(client, sec_admin_a, county_a):
    header = token_header(sec_admin_a)

    created = client.post("/api/v1/org-units/", {"name": "接口新建", "kind": "section"}, **header)
    deleted = client.delete(f"/api/v1/users/{sec_admin_a.pk}/", **header)

    assert created.status_code == 405
    assert deleted.status_code == 405
    sec_admin_a.refresh_from_db()
    assert sec_admin_a.is_active


# --- Search and filters -----------------------------------------------------------------------


def test_org_unit_search(client, staff_a, county_a):
    header = token_header(staff_a)

    assert names(client.get("/api/v1/org-units/", {"search": "城关"}, **header)) == {"甲城关镇"}


def test_org_unit_kind_filter(client, staff_a, county_a):
    header = token_header(staff_a)

    assert names(client.get("/api/v1/org-units/", {"kind": OrgUnitKind.DEPARTMENT}, **header)) == {
        "甲财政局"
    }


def test_org_unit_parent_filter(client, staff_a, county_a):
    header = token_header(staff_a)

    children = names(
        client.get("/api/v1/org-units/", {"parent": county_a["committee"].pk}, **header)
    )

    assert children == {"甲县委办", "甲城关镇", "甲财政局"}


def test_org_unit_kind_filter_rejects_unknown_kind(client, staff_a, county_a):
    response = client.get("/api/v1/org-units/", {"kind": "planet"}, **token_header(staff_a))

    assert response.status_code == 400


def test_org_unit_carries_the_chinese_kind_label(client, staff_a, county_a):
    response = client.get(
        "/api/v1/org-units/", {"kind": OrgUnitKind.TOWNSHIP}, **token_header(staff_a)
    )

    row = response.json()["results"][0]
    assert row["kind"] == "township"
    assert re.search(r"[\u4e00-\u9fff]", row["kind_display"]), row["kind_display"]


def test_user_search_and_filters(client, make_user, staff_a, county_a):
    wang = make_user(county_a["township"], Role.UNIT_LIAISON, name="王建国")
    make_user(county_a["department"], Role.UNIT_LIAISON, name="李卫东", is_active=False)
    header = token_header(staff_a)

    by_name = names(client.get("/api/v1/users/", {"search": "建国"}, **header), key="username")
    by_unit = names(
        client.get("/api/v1/users/", {"org_unit": county_a["township"].pk}, **header),
        key="username",
    )
    inactive = names(client.get("/api/v1/users/", {"is_active": "false"}, **header), key="name")

    assert by_name == {wang.username}
    assert by_unit == {wang.username}
    assert inactive == {"李卫东"}


def test_user_roles_are_listed(client, staff_a, liaison_a):
    response = client.get(f"/api/v1/users/{liaison_a.pk}/", **token_header(staff_a))

    assert response.json()["roles"] == ["unit_liaison"]


# --- Notifications -------------------------------------------------------------------------------


def test_notifications_are_only_the_callers_and_can_be_filtered_unread(client, staff_a, staff_b):
    NotificationFactory(recipient=staff_a, title="未读通知")
    NotificationFactory(recipient=staff_a, title="已读通知", read_at=timezone.now())
    NotificationFactory(recipient=staff_b, title="别人的通知")
    header = token_header(staff_a)

    everything = names(client.get("/api/v1/notifications/", **header), key="title")
    unread = names(client.get("/api/v1/notifications/", {"unread": "true"}, **header), key="title")

    assert everything == {"未读通知", "已读通知"}
    assert unread == {"未读通知"}


def test_marking_all_notifications_read_through_the_api(client, staff_a, staff_b):
    NotificationFactory.create_batch(2, recipient=staff_a)
    others = NotificationFactory(recipient=staff_b)
    header = token_header(staff_a)

    response = client.post(
        "/api/v1/notifications/mark-all-read/", {}, content_type="application/json", **header
    )

    assert response.json() == {"marked": 2}
    assert (
        names(client.get("/api/v1/notifications/", {"unread": "true"}, **header), key="title")
        == set()
    )
    others.refresh_from_db()
    assert others.read_at is None


def test_another_users_notification_is_404(client, staff_a, staff_b):
    theirs = NotificationFactory(recipient=staff_b)

    response = client.post(f"/api/v1/notifications/{theirs.pk}/mark-read/", **token_header(staff_a))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/org-units/", "parent"),
        ("/api/v1/org-units/", "office"),
        ("/api/v1/users/", "org_unit"),
    ],
)
def test_another_countys_id_in_a_filter_answers_like_an_id_that_does_not_exist(
    client, staff_a, county_a, county_b, path, field
):
    """A 200 with no rows for another county's unit but a 400 for a missing one told which
    ids exist."""
    from office.models import OrgUnit

    client.force_login(staff_a)
    other = county_b["office"].pk
    missing = OrgUnit.objects.order_by("-pk").first().pk + 1000

    out_of_scope = client.get(path, {field: other})
    nonexistent = client.get(path, {field: missing})

    assert out_of_scope.status_code == nonexistent.status_code == 400
    assert out_of_scope.json() == nonexistent.json()
    # The caller's own county still filters as before.
    assert client.get(path, {field: county_a["office"].pk}).status_code == 200


@pytest.mark.parametrize(
    "answer",
    [
        {"reason": ["请填写理由。"]},
        {"attachments": {"0": ["文件类型不允许。"]}},
        {"attendance": {"0": {"person": ["无效主键 “10225” － 对象不存在。"]}}},
        {"attendance": [{"person": ["对象不存在。"]}, {}]},
    ],
)
def test_the_documented_field_errors_cover_every_shape_drf_answers(answer):
    import jsonschema

    from office.api.errors import FIELD_ERRORS

    jsonschema.validate(answer, FIELD_ERRORS)
