from django.core.management.base import BaseCommand

from office.holidays import seed_holidays
from office.models import Holiday


class Command(BaseCommand):
    help = "Add the legal holidays and make-up working days chinese-calendar knows (keeps edits)."

    def add_arguments(self, parser):
        parser.add_argument("--from-year", type=int, default=2020)

    def handle(self, *args, from_year, **options):
        added = seed_holidays(Holiday, first_year=from_year)
        self.stdout.write(f"{added} holiday rows added")
