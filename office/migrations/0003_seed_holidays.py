"""Seed the working-day calendar from chinese-calendar for the years it knows."""

from django.db import migrations


def seed(apps, schema_editor):
    from office.holidays import seed_holidays

    seed_holidays(apps.get_model("office", "Holiday"))


class Migration(migrations.Migration):
    dependencies = [("office", "0002_roles")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
