"""Information reports: a unit submits, the office forwards and records adoption; points by
the scoring table; the quarter's ranking is by unit."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from documents import services
from documents.rules import info_points
from documents.selectors import info_ranking
from office.workflow import TransitionForbidden

pytestmark = pytest.mark.django_db


def _submit(liaison, unit, title="城关镇推进老旧小区改造", **changes):
    return services.info_submit(actor=liaison, unit=unit, title=title, text="今年以来。", **changes)


def test_points_follow_the_scoring_table(people, liaison_a, county_a):
    township = county_a["township"]
    plain = _submit(liaison_a, township)
    research = _submit(liaison_a, township, is_research=True)
    assert (info_points(plain), info_points(research)) == (1, 10)
    services.info_forward(actor=people["staff"], piece=plain)
    services.info_adopt(
        actor=people["staff"], piece=plain, adopted_by="city", adopted_on=date(2026, 3, 10)
    )
    assert info_points(plain) == 3
    plain.leader_comment = "很好。"
    assert info_points(plain) == 15


def test_a_liaison_submits_for_their_own_unit_only(liaison_a, county_a):
    with pytest.raises(TransitionForbidden):
        _submit(liaison_a, county_a["department"])


def test_only_the_office_forwards_and_adoption_comes_after_submission(people, liaison_a, county_a):
    piece = _submit(liaison_a, county_a["township"])
    with pytest.raises(TransitionForbidden):
        services.info_forward(actor=liaison_a, piece=piece)
    services.info_forward(actor=people["staff"], piece=piece, text="编辑后的稿件。")
    with pytest.raises(ValidationError):
        services.info_adopt(
            actor=people["staff"], piece=piece, adopted_by="city", adopted_on=date(2026, 1, 1)
        )
    piece.refresh_from_db()
    assert piece.status == "forwarded" and piece.text == "编辑后的稿件。"


def test_the_quarters_ranking_is_by_unit(client, people, make_user, liaison_a, county_a):
    from office.roles import Role

    other = make_user(county_a["department"], Role.UNIT_LIAISON)
    _submit(liaison_a, county_a["township"])
    _submit(liaison_a, county_a["township"], title="二")
    _submit(other, county_a["department"], is_research=True)
    rows = info_ranking(people["staff"].office, 2026, 1)
    assert [(row["unit"], row["points"]) for row in rows] == [
        (county_a["department"], 10),
        (county_a["township"], 2),
    ]
    client.force_login(liaison_a)
    page = client.get("/documents/information/ranking/").content.decode()
    assert "甲财政局" in page and "甲县" not in page.split("info-ranking")[1].split("李明")[0]


def test_the_liaison_sees_their_units_pieces_only(client, liaison_a, make_user, county_a):
    from office.roles import Role

    other = make_user(county_a["department"], Role.UNIT_LIAISON)
    mine = _submit(liaison_a, county_a["township"])
    theirs = _submit(other, county_a["department"], title="财政局信息")
    client.force_login(liaison_a)
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert "财政局信息" not in client.get("/documents/information/").content.decode()
