"""Give the roles their permissions on documents."""

from django.db import migrations


def grant_roles(apps, schema_editor):
    from documents.permissions import ROLE_PERMISSIONS
    from office.roles import grant

    grant(apps, ROLE_PERMISSIONS, "documents")


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial"), ("office", "0002_roles")]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
