"""Honours recorded before the office had its own recipient kind: an advanced-unit title
(先进单位) was saved with recipient "unit"; it is the office's own honour, so it moves to the
new kind, where the form and the detail page show its flag."""

from django.db import migrations


def office_titles_to_office(apps, schema_editor):
    Honour = apps.get_model("reforms", "Honour")
    Honour.objects.filter(advanced_unit=True).exclude(recipient="office").update(
        recipient="office"
    )


class Migration(migrations.Migration):
    dependencies = [("reforms", "0005_honour_office_recipient")]

    operations = [migrations.RunPython(office_titles_to_office, migrations.RunPython.noop)]
