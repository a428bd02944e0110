from django.db import migrations

WRITER = [
    "view_goodpractice",
    "add_goodpractice",
    "change_goodpractice",
    "view_practicecomment",
    "add_practicecomment",
]
READER = ["view_goodpractice", "view_practicecomment", "add_practicecomment"]


def grant_practices(apps, schema_editor):
    from office.roles import grant

    grant(
        apps,
        {"staff": WRITER, "section_head": WRITER, "director": WRITER, "leader": READER},
        "office",
    )


class Migration(migrations.Migration):
    dependencies = [("office", "0011_good_practices")]

    operations = [migrations.RunPython(grant_practices, migrations.RunPython.noop)]
