"""Backup and restore: the PostgreSQL database (pg_dump custom format) and the uploaded files,
in one tar archive with a manifest of checksums and row counts.

``manage.py backup`` and ``manage.py restore`` (and ``make backup`` / ``make restore``) call
this. A restore checks every checksum before it touches anything, refuses a database that
already holds tables unless told to replace them, and checks the row counts afterwards.
"""

import hashlib
import json
import os
import shutil

# pg_dump and pg_restore run from an argument list without a shell (see _run).
import subprocess  # nosec B404
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

MANIFEST = "manifest.json"
DATABASE_DUMP = "database.dump"
MEDIA_ARCHIVE = "media.tar"
FORMAT_VERSION = 1


class BackupError(Exception):
    """Something the operator must fix; the message says what."""


@dataclass(frozen=True)
class Restored:
    tables: int
    rows: int
    files: int


def tool(name: str) -> str:
    """The path of pg_dump or pg_restore, or an error saying it is missing."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found on PATH: install the PostgreSQL client tools of the "
            f"server's major version (or newer)"
        )
    return path


def _database(alias: str = "default") -> dict:
    database = connections[alias].settings_dict
    if connections[alias].vendor != "postgresql":
        raise BackupError(
            "backup and restore need PostgreSQL; an embedded SQLite database is backed up by "
            "copying its file while nothing runs"
        )
    return database


def _pg_env(database: dict) -> dict:
    """libpq's environment variables, so the password never appears on a command line."""
    env = {**os.environ, "PGDATABASE": database["NAME"]}
    for setting, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if database.get(setting):
            env[variable] = str(database[setting])
    return env


def _run(args: list[str], env: dict) -> None:
    # An argument list, no shell; every argument comes from the settings or our own paths.
    result = subprocess.run(args, env=env, capture_output=True, text=True)  # nosec B603
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {result.stderr.strip()[-2000:]}")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def row_counts(alias: str = "default") -> dict[str, int]:
    """Rows per table of the schema: what a restore must bring back."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            # The table names come from the schema's introspection, quoted, never from input.
            query = f"SELECT count(*) FROM {connection.ops.quote_name(table)}"  # nosec B608
            cursor.execute(query)
            counts[table] = cursor.fetchone()[0]
    return counts


def backup(output_dir: Path) -> Path:
    """Write ``office-backup-<time>.tar`` into output_dir and return its path."""
    database = _database()
    pg_dump = tool("pg_dump")
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target = output_dir / f"office-backup-{stamp}.tar"
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        # pg_dump reads the snapshot the rows were counted in, so the counts in the manifest
        # are those of the dump even while people keep working.
        with transaction.atomic():
            with connections["default"].cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
            counts = row_counts()
            _run(
                [pg_dump, "--format=custom", "--no-owner", "--no-privileges",
                 f"--snapshot={snapshot}", f"--file={work / DATABASE_DUMP}"],
                _pg_env(database),
            )  # fmt: skip
        files = _archive_media(Path(settings.MEDIA_ROOT), work / MEDIA_ARCHIVE)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "database": database["NAME"],
            "media_files": files,
            "sha256": {name: sha256_of(work / name) for name in (DATABASE_DUMP, MEDIA_ARCHIVE)},
            "row_counts": counts,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        partial = target.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as archive:
            for name in (MANIFEST, DATABASE_DUMP, MEDIA_ARCHIVE):
                archive.add(work / name, arcname=name)
        partial.rename(target)  # a half-written backup never looks like a finished one
    return target


def _archive_media(media_root: Path, target: Path) -> int:
    files = 0
    with tarfile.open(target, "w") as archive:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    archive.add(path, arcname=path.relative_to(media_root).as_posix())
                    files += 1
    return files


def restore(archive_path: Path, *, replace: bool = False) -> Restored:
    """Check the archive, load the database into the configured (empty) database, put the
    files back under MEDIA_ROOT, and check the row counts against the manifest."""
    database = _database()
    pg_restore = tool("pg_restore")
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        manifest = _unpack_checked(archive_path, work)
        if not replace and row_counts():
            raise BackupError(
                f"database {database['NAME']} already holds tables: restore into a new, empty "
                f"database, or pass --replace to overwrite it"
            )
        args = [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error",
                "--single-transaction", f"--dbname={database['NAME']}"]  # fmt: skip
        if replace:
            args[1:1] = ["--clean", "--if-exists"]
        _run([*args, str(work / DATABASE_DUMP)], _pg_env(database))
        files = _extract_media(work / MEDIA_ARCHIVE, Path(settings.MEDIA_ROOT))
    connections["default"].close()  # the schema changed under this connection
    counts = row_counts()
    differing = {
        table: (expected, counts.get(table))
        for table, expected in manifest["row_counts"].items()
        if counts.get(table) != expected
    }
    if differing:
        raise BackupError(f"row counts differ after the restore (expected, found): {differing}")
    return Restored(tables=len(counts), rows=sum(counts.values()), files=files)


def _unpack_checked(archive_path: Path, work: Path) -> dict:
    if not archive_path.is_file():
        raise BackupError(f"no such backup file: {archive_path}")
    with tarfile.open(archive_path, "r") as archive:
        names = set(archive.getnames())
        if names != {MANIFEST, DATABASE_DUMP, MEDIA_ARCHIVE}:
            raise BackupError(f"not an office backup (it holds {sorted(names)})")
        archive.extractall(work, filter="data")
    manifest = json.loads((work / MANIFEST).read_text())
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    for name, expected in manifest["sha256"].items():
        if sha256_of(work / name) != expected:
            raise BackupError(f"checksum of {name} does not match the manifest: damaged backup")
    return manifest


def _extract_media(media_archive: Path, media_root: Path) -> int:
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(media_archive, "r") as archive:
        members = [m for m in archive.getmembers() if m.isfile()]
        # The "data" filter refuses absolute paths, "..", links out of the folder and devices.
        archive.extractall(media_root, members=members, filter="data")
    return len(members)
