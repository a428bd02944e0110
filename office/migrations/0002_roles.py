"""Create one group per role (product.md) with its permissions on the core's models."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from office.roles import CORE_PERMISSIONS, Role, grant

    Group = apps.get_model("auth", "Group")
    for code in Role.values:
        Group.objects.get_or_create(name=code)
    grant(apps, CORE_PERMISSIONS, "office")


class Migration(migrations.Migration):
    dependencies = [
        ("office", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
