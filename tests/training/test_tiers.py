"""Staff tiers (中坚层、潜力层、发展层): kept with their history and reasons, seen by the
director and the security administrator who maintains them, and by no one else — through
pages, API, search, exports or admin."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from office.registry import registry
from office.workflow import TransitionForbidden
from training import services
from training.models import TierChange

pytestmark = pytest.mark.django_db

TIER_PAGES = ("training:tier_list", "training:tier_add")


@pytest.fixture
def tiers(people):
    director = people["director"]
    services.tier_change(
        actor=director, person=people["staff"], tier="developing", reason="新进人员。",
        changed_on=date(2026, 1, 5),
    )  # fmt: skip
    services.tier_change(
        actor=director, person=people["staff"], tier="potential", reason="独立承担综合文稿。",
        changed_on=date(2026, 3, 2),
    )  # fmt: skip
    services.tier_change(
        actor=director, person=people["head"], tier="core", reason="科室骨干。",
        changed_on=date(2026, 3, 2),
    )  # fmt: skip


def test_the_director_sees_each_persons_tier_now_the_counts_and_the_history(client, people, tiers):
    client.force_login(people["director"])
    response = client.get(reverse("training:tier_list"))
    rows = {(row.record.person.name, row.record.tier) for row in response.context["table"].rows}
    assert rows == {("李明", "potential"), ("张科长", "core")}
    assert dict(response.context["counts"]) == {"中坚层": 1, "潜力层": 1, "发展层": 0}
    page = response.content.decode()
    assert "新进人员。" in page and "独立承担综合文稿。" in page


@pytest.mark.parametrize("role", ["staff", "head", "leader", "liaison"])
def test_nobody_else_sees_tiers_in_pages_exports_or_the_api(client, people, tiers, role):
    client.force_login(people[role])
    for name in TIER_PAGES:
        assert client.get(reverse(name)).status_code == 403
    assert client.get(reverse("training:tier_list"), {"export": "xlsx"}).status_code == 403
    assert client.get("/api/v1/training/tiers/").status_code == 403
    nav = client.get(reverse("training:session_list")).content.decode()
    assert reverse("training:tier_list") not in nav


def test_the_security_administrator_maintains_them(client, people, tiers):
    client.force_login(people["sec_admin"])
    assert client.get(reverse("training:tier_list")).status_code == 200
    assert len(client.get("/api/v1/training/tiers/").json()["results"]) == 2


def test_another_countys_director_sees_none_of_them(client, tiers, make_user, county_b):
    director_b = make_user(county_b["office"], "director")
    client.force_login(director_b)
    response = client.get(reverse("training:tier_list"))
    assert list(response.context["table"].rows) == []
    assert client.get("/api/v1/training/tiers/").json()["results"] == []


def test_no_search_source_finds_a_tier(people, tiers):
    for person in people.values():
        assert registry.search(person, "独立承担综合文稿") == []


def test_the_admin_shows_tiers_to_no_admin_user(client, people, tiers, make_user, county_a):
    for role in ("audit_admin", "sys_admin"):
        admin_user = make_user(county_a["office"], role, is_staff=True)
        client.force_login(admin_user)
        response = client.get(reverse("admin:training_tierchange_changelist"))
        assert response.status_code == 403


def test_a_tier_change_without_a_reason_is_refused(people):
    with pytest.raises(ValidationError) as refused:
        services.tier_change(
            actor=people["director"], person=people["staff"], tier="core", reason="  ",
            changed_on=date(2026, 3, 2),
        )  # fmt: skip
    assert "reason" in refused.value.message_dict
    with pytest.raises(TransitionForbidden):
        services.tier_change(
            actor=people["head"], person=people["staff"], tier="core", reason="骨干",
            changed_on=date(2026, 3, 2),
        )  # fmt: skip
    assert not TierChange.objects.exists()
