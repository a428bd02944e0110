from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from office import reminders


class Command(BaseCommand):
    help = "Run one reminder scan synchronously: the same code Celery beat runs."

    def handle(self, *args, **options):
        result = reminders.scan()
        self.stdout.write(
            _("Reminders created: %(created)d, deliveries sent: %(delivered)d")
            % {"created": result.created, "delivered": result.delivered}
        )
