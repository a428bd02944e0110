"""Give the roles their permissions on training records."""

from django.db import migrations


def grant_roles(apps, schema_editor):
    from office.roles import grant
    from training.permissions import ROLE_PERMISSIONS

    grant(apps, ROLE_PERMISSIONS, "training")


class Migration(migrations.Migration):
    dependencies = [("training", "0002_sessions_digests_mentoring_tiers"), ("office", "0002_roles")]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
