"""Give the roles their permissions on supervision records."""

from django.db import migrations

def grant_roles(apps, schema_editor):
    from office.roles import grant
    from supervision.permissions import ROLE_PERMISSIONS

    grant(apps, ROLE_PERMISSIONS, "supervision")


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial"), ("office", "0002_roles")]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
