from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from documents import services
from documents.choices import DocType, ManuscriptKind
from office.roles import Role

NOW = datetime(2026, 3, 10, 9, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def people(make_user, county_a):
    return {
        "staff": make_user(county_a["section"], Role.STAFF, name="李明"),
        "head": make_user(county_a["section"], Role.SECTION_HEAD, name="张科长"),
        "director": make_user(county_a["office"], Role.DIRECTOR, name="陈主任"),
        "leader": make_user(county_a["committee"], Role.LEADER, name="周书记"),
        "adviser": make_user(county_a["section"], Role.LEGAL_ADVISER, name="吴律师"),
    }


def draft(people, **changes):
    data = {
        "doc_type": DocType.NOTICE,
        "title": "关于做好春耕生产工作的通知",
        "issuer": "中共甲县县委办公室",
        "issuer_code": "甲委办发",
        "main_recipients": "各乡镇党委",
        "copy_recipients": "县人大常委会办公室、县政府办公室",
        "body": "一、总体要求\n请认真贯彻落实。\n（一）加强领导\n各乡镇要高度重视。",
        "signer": people["leader"],
    } | changes
    return services.document_create(actor=people["staff"], data=services.DocumentData(**data))


def signed(people, **changes):
    """A document through checking (and the legality review when it needs one) to sign-off."""
    document = draft(people, **changes)
    services.document_submit(actor=people["staff"], document=document)
    services.document_check(actor=people["head"], document=document)
    document.refresh_from_db()
    if document.needs_legal_review:
        services.document_legal_review(actor=people["adviser"], document=document, opinion="合法。")
    services.document_sign(actor=people["leader"], document=document)
    document.refresh_from_db()
    return document


def issued(people, today=None, **changes):
    document = signed(people, **changes)
    services.document_issue(actor=people["staff"], document=document, today=today)
    document.refresh_from_db()
    return document


def manuscript(people, *, kind=ManuscriptKind.SPEECH, text="", **changes):
    data = {"kind": kind, "title": "在全县经济工作会议上的讲话", "assigned_on": date(2026, 3, 2)}
    return services.manuscript_create(
        actor=people["staff"], data=services.ManuscriptData(**(data | changes)), text=text
    )
