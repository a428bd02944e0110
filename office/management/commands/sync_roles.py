from django.core.management.base import BaseCommand

from office.roles import sync_roles


class Command(BaseCommand):
    help = "Create the role groups and restore every app's declared role permissions."

    def handle(self, *args, **options):
        sync_roles()
        self.stdout.write("roles synchronised")
