"""The study library: list with search and filters, add and edit with files (checked by the
core), and its page; and the shared selector the meetings app reads."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from training import services
from training.models import MaterialAttachment, StudyMaterial
from training.selectors import study_materials

pytestmark = pytest.mark.django_db


def material_form(**changes):
    return {"title": "习近平总书记关于乡村振兴的重要指示", "kind": "instruction",
            "issued_on": "2026-03-06", "source": "新华社", "summary": "要点。", "full_text": ""} | changes  # fmt: skip


def test_adding_a_material_with_its_file_shows_it_on_its_page(client, people):
    client.force_login(people["staff"])
    pdf = SimpleUploadedFile("指示原文.pdf", b"%PDF-1.4 text", "application/pdf")
    response = client.post(
        reverse("training:material_add"), material_form(files=[pdf]), follow=True
    )
    material = StudyMaterial.objects.get()
    assert response.request["PATH_INFO"] == material.get_absolute_url()
    page = response.content.decode()
    assert "指示原文.pdf" in page and "尚未组织学习" in page
    download = client.get(material.attachments.get().get_absolute_url())
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_file_that_is_not_what_its_name_says_is_refused_and_nothing_saved(client, people):
    client.force_login(people["staff"])
    exe = SimpleUploadedFile("讲话.pdf", b"MZ\x90\x00 program", "application/pdf")
    response = client.post(reverse("training:material_add"), material_form(files=[exe]))
    assert response.status_code == 200
    assert "讲话.pdf" in response.content.decode()
    assert not StudyMaterial.objects.exists() and not MaterialAttachment.objects.exists()


def test_search_and_filters_find_materials(client, people, material):
    services.material_create(
        actor=people["staff"],
        data={"title": "城市更新与县域发展", "kind": "article", "issued_on": date(2025, 11, 3),
              "source": "《半月谈》", "summary": "", "full_text": ""},
    )  # fmt: skip
    client.force_login(people["leader"])
    url = reverse("training:material_list")

    def titles(**query):
        return [row.record.title for row in client.get(url, query).context["table"].rows]

    assert titles(q="城市") == ["城市更新与县域发展"]
    assert titles(kind="speech") == [material.title]
    assert titles(year="2025") == ["城市更新与县域发展"]
    assert len(titles()) == 2


def test_editing_a_material_keeps_its_history(client, people, material):
    client.force_login(people["head"])
    client.post(
        reverse("training:material_edit", args=[material.pk]),
        material_form(title=material.title, kind="speech", source="《求是》2026年第6期"),
    )
    material.refresh_from_db()
    assert material.source == "《求是》2026年第6期"
    page = client.get(material.get_absolute_url()).content.decode()
    assert "《求是》2026年第6期" in page and "新华社" in page  # the change, old → new


def test_the_shared_selector_gives_the_office_library_only(people, material, staff_b):
    assert list(study_materials(people["staff"])) == [material]
    assert list(study_materials(people["leader"])) == [material]
    assert list(study_materials(staff_b)) == []
    # The city office reads the counties' libraries but picks from its own.
    assert list(study_materials(people["liaison"])) == []


def test_the_excel_export_has_every_material(client, people, material):
    client.force_login(people["staff"])
    response = client.get(reverse("training:material_list"), {"export": "xlsx"})
    assert response.status_code == 200
    assert "xlsx" in response["Content-Disposition"]


def test_a_year_out_of_range_is_refused_not_a_server_error(client, people, material):
    """Found by the schema test: ?year=11904 made the date lookup fail with a server error."""
    client.force_login(people["staff"])
    assert client.get("/api/v1/training/materials/", {"year": 11904}).status_code == 400
    assert client.get("/api/v1/training/sessions/", {"year": 11904}).status_code == 400
    page = client.get(reverse("training:material_list"), {"year": 11904})
    assert page.status_code == 200
