"""Permissions on information pieces (the office, the leaders, the units' liaisons)."""

from django.db import migrations


def grant_roles(apps, schema_editor):
    from documents.permissions import ROLE_PERMISSIONS
    from office.roles import grant

    grant(apps, ROLE_PERMISSIONS, "documents")


class Migration(migrations.Migration):
    dependencies = [("documents", "0005_information")]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
