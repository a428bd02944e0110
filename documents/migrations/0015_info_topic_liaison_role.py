"""Unit liaisons read the information topics their county office publishes to the units, and
the official documents their unit countersigns."""

from django.db import migrations


def grant_roles(apps, schema_editor):
    from documents.permissions import ROLE_PERMISSIONS
    from office.roles import grant

    grant(apps, ROLE_PERMISSIONS, "documents")


class Migration(migrations.Migration):
    dependencies = [("documents", "0014_info_topic_roles")]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
