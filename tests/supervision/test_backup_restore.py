"""`manage.py backup` and `manage.py restore` (what `make backup` / `make restore` run), under
the production settings: a little data and an attachment go in, a fresh database and an empty
media folder get them back, table by table."""

import io
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection

from office.models import Todo
from supervision.models import Attachment

from .factories import ItemFactory, ProgressReportFactory

# serialized_rollback: the flush after this test must not leave the next transactional test
# (which restores its own snapshot) facing content types recreated meanwhile.
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROOT = Path(settings.BASE_DIR)
KEY_TABLES = [
    "office_orgunit",
    "office_user",
    "office_todo",
    "supervision_item",
    "supervision_progressreport",
    "supervision_attachment",
]
EVIDENCE = b"%PDF-1.4\n% evidence of the renovation\n" + bytes(range(256)) * 40


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("backup and restore use pg_dump: they need PostgreSQL")
    for tool in ("pg_dump", "pg_restore"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (the PostgreSQL client tools)")


def database_url(name: str) -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"
    )


def conninfo(name: str) -> str:
    return database_url(name).replace("postgres://", "postgresql://", 1)


@pytest.fixture
def fresh_database(postgres):
    name = f"{connection.settings_dict['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args, database: str, media: Path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "office.settings.production",
        "DJANGO_SECRET_KEY": "test-" + "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "office.example.org",
        "DATABASE_URL": database_url(database),
        "DJANGO_MEDIA_ROOT": str(media),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip().splitlines()[-1]


def fingerprint(name: str) -> dict[str, tuple[int, str]]:
    """Rows and a checksum of the content of each key table, read straight from PostgreSQL."""
    with psycopg.connect(conninfo(name)) as conn:
        return {
            table: conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) "
                f"FROM {table} t"
            ).fetchone()
            for table in KEY_TABLES
        }


@pytest.fixture
def seeded(staff, lead_unit):
    item = ItemFactory(lead_unit=lead_unit, title="推进老旧小区改造")
    report = ProgressReportFactory(item=item, text="已完成三个小区的外立面改造")
    attachment = Attachment.objects.create(
        report=report, file=ContentFile(EVIDENCE, name="改造照片.pdf"), name="改造照片.pdf",
        size=len(EVIDENCE),
    )  # fmt: skip
    Todo.objects.create(owner=staff, title="核对改造台账")
    return attachment


def test_a_backup_restores_into_a_fresh_database_with_its_attachments(
    seeded, fresh_database, tmp_path
):
    media = Path(settings.MEDIA_ROOT)
    before = fingerprint(connection.settings_dict["NAME"])

    archive = Path(manage("backup", "--output", str(tmp_path / "backups"),
                          database=connection.settings_dict["NAME"], media=media))  # fmt: skip
    restored_media = tmp_path / "restored-media"
    manage("restore", str(archive), database=fresh_database, media=restored_media)

    assert fingerprint(fresh_database) == before
    assert before["supervision_item"][0] == 1
    assert before["supervision_attachment"][0] == 1
    assert (restored_media / seeded.file.name).read_bytes() == EVIDENCE
    with tarfile.open(archive) as tar:
        assert set(tar.getnames()) == {"manifest.json", "database.dump", "media.tar"}


def test_a_damaged_backup_is_refused_before_anything_is_restored(seeded, fresh_database, tmp_path):
    media = Path(settings.MEDIA_ROOT)
    archive = Path(manage("backup", "--output", str(tmp_path / "backups"),
                          database=connection.settings_dict["NAME"], media=media))  # fmt: skip
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "media.tar":
                data = data.replace(b"evidence", b"EVIDENCE")
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))

    with pytest.raises(AssertionError, match="checksum of media.tar"):
        manage("restore", str(damaged), database=fresh_database, media=tmp_path / "m")

    with psycopg.connect(conninfo(fresh_database)) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()[0]
    assert tables == 0
