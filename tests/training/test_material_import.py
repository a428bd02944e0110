"""Excel import of study materials through the core's pipeline: template → upload → preview
with each row's errors in Chinese → confirm, all rows or none."""

import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from office.models import ImportBatch
from training import services
from training.models import StudyMaterial

pytestmark = pytest.mark.django_db
HEADERS = ["标题", "类别", "日期", "出处", "摘要"]


def xlsx(rows, headers=HEADERS, name="学习资料清单.xlsx") -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return SimpleUploadedFile(name, output.getvalue())


def upload(client, file):
    return client.post(reverse("training:material_import_upload"), {"file": file})


def test_the_template_has_the_columns_and_the_list_links_the_import(client, people):
    client.force_login(people["staff"])
    listing = client.get(reverse("training:material_list")).content.decode()
    assert reverse("training:material_import_upload") in listing
    response = client.get(reverse("training:material_import_template"))
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    headers = [cell.value for cell in next(workbook.worksheets[0].iter_rows(max_row=1))]
    assert headers[:5] == HEADERS


def test_a_good_file_is_previewed_then_added_to_the_library(client, people):
    client.force_login(people["staff"])
    response = upload(
        client,
        xlsx(
            [
                [
                    "习近平总书记在中央经济工作会议上的重要讲话",
                    "重要讲话",
                    "2025-12-11",
                    "新华社",
                    "要点。",
                ],
                ["关于加强党委办公室建设的意见", "文件", date(2026, 2, 3), "中办发", ""],
                ["《求是》评论员文章", "", "2026/3/1", "《求是》2026年第5期", ""],
            ]
        ),
    )
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert not StudyMaterial.objects.exists()
    preview = client.get(response.url).content.decode()
    assert "关于加强党委办公室建设的意见" in preview
    confirmed = client.post(reverse("training:material_import_confirm", args=[batch.pk]))
    assert confirmed.status_code == 302
    rows = list(
        StudyMaterial.objects.order_by("issued_on").values_list("title", "kind", "issued_on")
    )
    assert rows == [
        ("习近平总书记在中央经济工作会议上的重要讲话", "speech", date(2025, 12, 11)),
        ("关于加强党委办公室建设的意见", "document", date(2026, 2, 3)),
        ("《求是》评论员文章", "speech", date(2026, 3, 1)),
    ]
    assert set(StudyMaterial.objects.values_list("created_by", flat=True)) == {people["staff"].pk}
    assert "3 份学习资料已加入资料库" in client.get(confirmed.url).content.decode()


def test_a_bad_row_is_shown_in_chinese_and_nothing_is_saved(client, people):
    services.material_create(
        actor=people["staff"],
        data={"title": "已有的讲话", "kind": "speech", "issued_on": date(2026, 1, 5)},
    )
    client.force_login(people["staff"])
    response = upload(
        client,
        xlsx(
            [
                ["一篇好资料", "文章", "2026-02-01", "", ""],
                ["类别不对", "小说", "2026-02-01", "", ""],
                ["日期不对", "文章", "去年", "", ""],
                ["已有的讲话", "讲话", "2026-01-05", "", ""],
                ["", "文章", "2026-02-01", "", ""],
            ]
        ),
    )
    preview = client.get(response.url).content.decode()
    assert "未知类别：小说" in preview
    assert "日期格式有误：去年" in preview
    assert "资料库中已有这份资料" in preview
    assert "缺少标题。" in preview
    batch = ImportBatch.objects.get()
    assert batch.error_count == 4
    client.post(reverse("training:material_import_confirm", args=[batch.pk]))
    assert list(StudyMaterial.objects.values_list("title", flat=True)) == ["已有的讲话"]


def test_a_file_that_is_not_excel_is_refused_in_chinese(client, people):
    client.force_login(people["staff"])
    fake = SimpleUploadedFile("资料.xlsx", b"%PDF-1.4 not a workbook", "application/pdf")
    response = upload(client, fake)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not ImportBatch.objects.exists() and not StudyMaterial.objects.exists()


def test_who_may_not_keep_the_library_may_not_import(client, people):
    client.force_login(people["leader"])
    assert client.get(reverse("training:material_import_upload")).status_code == 403
    listing = client.get(reverse("training:material_list")).content.decode()
    assert reverse("training:material_import_upload") not in listing
