from django.db import migrations


def grant(apps, schema_editor):
    from office.roles import grant as grant_permissions
    from tests.testapp.permissions import ROLE_PERMISSIONS

    grant_permissions(apps, ROLE_PERMISSIONS, "testapp")


class Migration(migrations.Migration):
    dependencies = [("testapp", "0002_ticket_due_on_assignee"), ("office", "0003_seed_holidays")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
