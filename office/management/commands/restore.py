from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from office.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into the configured database (which must be "
        "empty unless --replace is given) and put its files back under MEDIA_ROOT."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The office-backup-….tar archive.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Drop and replace what the database holds (otherwise it must be empty).",
        )

    def handle(self, *args, **options):
        try:
            result = restore(Path(options["file"]), replace=options["replace"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Restored %(tables)d tables, %(rows)d rows and %(files)d files")
            % {"tables": result.tables, "rows": result.rows, "files": result.files}
        )
