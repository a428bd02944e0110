"""Give the roles their permissions on supervision records."""

from django.db import migrations

VIEW = ["view_item", "view_progressreport", "view_extensionrequest", "view_circular"]
OFFICE = [*VIEW, "add_item", "change_item", "add_circular", "change_circular", "add_importbatch"]

PERMISSIONS = {
    "staff": OFFICE,
    "section_head": OFFICE,
    "director": [*OFFICE, "change_extensionrequest"],
    "leader": VIEW,
    "unit_liaison": [*VIEW, "add_progressreport", "add_extensionrequest"],
    "audit_admin": VIEW,
}


def grant_roles(apps, schema_editor):
    from office.roles import grant

    grant(apps, PERMISSIONS, "supervision")


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial"), ("office", "0002_roles")]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
