"""Permissions on information topics (the office adds them; everyone who reads information
reads them)."""

from django.db import migrations


def grant_roles(apps, schema_editor):
    from documents.permissions import ROLE_PERMISSIONS
    from office.roles import grant

    grant(apps, ROLE_PERMISSIONS, "documents")


class Migration(migrations.Migration):
    dependencies = [("documents", "0013_info_topics")]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
