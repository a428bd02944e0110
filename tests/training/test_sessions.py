"""Study sessions: planned by the office, attendance confirmed by the organiser after the
session (no check-in), leave with a reason, photos, the material's "where studied"."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from office.workflow import TransitionError, TransitionForbidden
from training import services
from training.choices import Attendance, SessionStatus
from training.models import SessionAttendance, StudySession

from .conftest import frozen, make_session

pytestmark = pytest.mark.django_db
Entry = services.AttendanceEntry


def test_a_session_on_a_holiday_is_refused_unless_confirmed(people):
    with pytest.raises(ValidationError) as refused:
        make_session(people["staff"], date(2026, 10, 1), kind="special")
    assert "不是工作日" in str(refused.value) or "not a working day" in str(refused.value)
    assert not StudySession.objects.exists()
    session = services.session_create(
        actor=people["staff"],
        data={"kind": "special", "topic": "国庆专题", "held_on": date(2026, 10, 1)},
        confirm_holiday=True,
    )
    assert session.held_on == date(2026, 10, 1)


def test_the_holiday_warning_shows_on_the_form_and_keeps_what_was_typed(client, people):
    client.force_login(people["staff"])
    url = reverse("training:session_add")
    response = client.post(url, {"kind": "special", "topic": "国庆专题", "held_on": "2026-10-01"})
    assert response.status_code == 200
    assert "不是工作日" in response.content.decode()
    assert 'value="国庆专题"' in response.content.decode()
    response = client.post(
        url,
        {"kind": "special", "topic": "国庆专题", "held_on": "2026-10-01", "confirm_holiday": "on"},
    )
    assert response.status_code == 302
    assert StudySession.objects.get().topic == "国庆专题"


def test_the_organiser_confirms_attendance_after_the_session_with_leave_reasons(people):
    staff = people["staff"]
    session = make_session(staff, date(2026, 3, 5))
    services.session_attendance_confirm(
        actor=staff,
        session=session,
        entries=[
            Entry(staff, Attendance.PRESENT),
            Entry(people["staff2"], Attendance.LEAVE, "下乡调研"),
            Entry(people["head"], Attendance.ABSENT),
        ],
        notes="交流了学习体会。",
    )
    session.refresh_from_db()
    assert session.status == SessionStatus.HELD
    assert session.notes == "交流了学习体会。"
    rows = {row.person: (row.status, row.leave_reason) for row in session.attendance.all()}
    assert rows[people["staff2"]] == ("leave", "下乡调研")


def test_attendance_is_not_confirmed_before_the_session(people):
    session = make_session(people["staff"], date(2026, 3, 12))
    with pytest.raises(TransitionError):
        services.session_attendance_confirm(
            actor=people["staff"], session=session, entries=[Entry(people["staff"], "present")]
        )
    with frozen(date(2026, 3, 12), 16):
        services.session_attendance_confirm(
            actor=people["staff"], session=session, entries=[Entry(people["staff"], "present")]
        )


def test_only_the_organiser_or_the_director_confirms(people):
    session = make_session(people["staff"], date(2026, 3, 5))
    with pytest.raises(TransitionForbidden):
        services.session_attendance_confirm(
            actor=people["staff2"], session=session, entries=[Entry(people["staff2"], "present")]
        )
    services.session_attendance_confirm(
        actor=people["director"], session=session, entries=[Entry(people["staff"], "present")]
    )


def test_attendance_of_someone_outside_the_office_is_refused_and_nothing_saved(people, staff_b):
    session = make_session(people["staff"], date(2026, 3, 5))
    for outsider in (people["liaison"], people["leader"], staff_b):
        with pytest.raises(ValidationError) as refused:
            services.session_attendance_confirm(
                actor=people["staff"],
                session=session,
                entries=[Entry(people["staff"], "present"), Entry(outsider, "present")],
            )
        assert str(outsider) in str(refused.value)
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED
    assert not SessionAttendance.objects.exists()


def test_leave_without_a_reason_is_refused(people):
    session = make_session(people["staff"], date(2026, 3, 5))
    with pytest.raises(ValidationError):
        services.session_attendance_confirm(
            actor=people["staff"], session=session, entries=[Entry(people["staff2"], "leave")]
        )
    assert not SessionAttendance.objects.exists()


def test_the_attendance_page_lists_the_office_and_records_leave(client, people):
    staff = people["staff"]
    session = make_session(staff, date(2026, 3, 5))
    client.force_login(staff)
    url = reverse("training:session_attendance", args=[session.pk])
    page = client.get(url).content.decode()
    # The office's people, not the leader or the township's liaison.
    assert "王芳" in page and "陈主任" in page
    assert "周书记" not in page and "杨联络员" not in page
    data = {f"status_{p.pk}": "present" for p in (staff, people["staff2"], people["head"])}
    data |= {
        f"status_{people['director'].pk}": "present",
        f"status_{people['sec_admin'].pk}": "absent",
    }
    data[f"status_{people['staff2'].pk}"] = "leave"
    refused = client.post(url, data)
    assert refused.status_code == 200 and "请填写请假事由" in refused.content.decode()
    data[f"reason_{people['staff2'].pk}"] = "外出培训"
    response = client.post(url, data, follow=True)
    page = response.content.decode()
    assert "外出培训" in page and "已举行" in page
    # Nobody checks in: the confirmation is once, and the page then says so.
    again = client.get(url, follow=True)
    assert again.redirect_chain and "只确认一次" in again.content.decode()


def test_a_staff_member_who_did_not_organise_cannot_open_the_attendance_page(client, people):
    session = make_session(people["staff"], date(2026, 3, 5))
    client.force_login(people["staff2"])
    assert client.get(reverse("training:session_attendance", args=[session.pk])).status_code == 403


def test_photos_are_checked_and_listed_on_the_timeline(client, people):
    session = make_session(people["staff"], date(2026, 3, 5))
    client.force_login(people["staff"])
    url = reverse("training:session_add_photos", args=[session.pk])
    client.post(
        url, {"files": [SimpleUploadedFile("合影.png", b"\x89PNG\r\n\x1a\nx", "image/png")]}
    )
    fake = SimpleUploadedFile("假图.png", b"MZ not a picture", "image/png")
    response = client.post(url, {"files": [fake]}, follow=True)
    assert "假图.png" in response.content.decode()
    assert [p.name for p in session.photos.all()] == ["合影.png"]
    page = client.get(session.get_absolute_url()).content.decode()
    assert "合影.png" in page


def test_a_material_shows_where_and_when_it_was_studied(client, people, material):
    make_session(people["staff"], date(2026, 3, 5), materials=[material], topic="周四学习讲话")
    first = make_session(
        people["director"],
        date(2026, 3, 9),
        kind="special",
        materials=[material],
        topic="专题学习",
    )
    cancelled = make_session(
        people["staff"], date(2026, 3, 12), materials=[material], topic="取消的"
    )
    services.session_cancel(actor=people["staff"], session=cancelled, reason="改期")
    client.force_login(people["leader"])
    page = client.get(material.get_absolute_url()).content.decode()
    assert "周四学习讲话" in page and "2026-03-05" in page
    assert first.get_absolute_url() in page
    assert "取消的" not in page


def test_the_session_list_counts_present_and_leave(client, people):
    session = make_session(people["staff"], date(2026, 3, 5), topic="三月第一次周四学习")
    services.session_attendance_confirm(
        actor=people["staff"],
        session=session,
        entries=[Entry(people["staff"], "present"), Entry(people["staff2"], "leave", "病假")],
    )
    client.force_login(people["head"])
    response = client.get(reverse("training:session_list"), {"q": "三月", "status": "held"})
    table = response.context["table"]
    row = next(iter(table.rows))
    assert row.get_cell("present") == 1 and row.get_cell("on_leave") == 1
