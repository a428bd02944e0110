"""Give the roles their permissions on grassroots courses."""

from django.db import migrations


def grant_roles(apps, schema_editor):
    from office.roles import grant
    from training.permissions import ROLE_PERMISSIONS

    grant(apps, ROLE_PERMISSIONS, "training")


class Migration(migrations.Migration):
    dependencies = [("training", "0006_grassroots_courses")]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
