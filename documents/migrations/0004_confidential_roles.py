"""Give the confidential clerk and the director their permissions on the confidential ledger."""

from django.db import migrations


def grant_roles(apps, schema_editor):
    from documents.permissions import ROLE_PERMISSIONS
    from office.roles import grant

    grant(apps, ROLE_PERMISSIONS, "documents")


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_confidential")]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
