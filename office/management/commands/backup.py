from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from office.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the PostgreSQL database (pg_dump custom format) and the uploaded files into "
        "one tar archive with a manifest of checksums and row counts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=str(Path(settings.VAR_DIR) / "backups"),
            help="Folder the archive is written to (default: var/backups).",
        )

    def handle(self, *args, **options):
        try:
            path = backup(Path(options["output"]))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(path))
