"""Give the roles their permissions on reform records."""

from django.db import migrations


def grant_roles(apps, schema_editor):
    from office.roles import grant
    from reforms.permissions import ROLE_PERMISSIONS

    grant(apps, ROLE_PERMISSIONS, "reforms")


class Migration(migrations.Migration):
    dependencies = [("reforms", "0001_initial"), ("office", "0002_roles")]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
