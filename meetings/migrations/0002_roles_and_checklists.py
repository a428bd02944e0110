"""Give the roles their permissions on meeting records, and the preparation checklist
templates of each meeting type (editable in the admin afterwards)."""

from django.db import migrations

# (task, mandatory, working days before the meeting)
COMMON = [
    ("印发会议通知", True, 3),
    ("准备会议材料", True, 2),
    ("落实会场", True, 2),
    ("排座次", True, 1),
    ("准备签到表", True, 1),
]
MAJOR = [*COMMON, ("安全保卫方案", True, 3), ("全流程推演", True, 2)]
TEMPLATES = {
    "standing_committee": [*COMMON, ("第一议题学习材料提前送阅", True, 1)],
    "secretary_special": COMMON,
    "plenary": MAJOR,
    "party_congress": MAJOR,
    "office_affairs": [("印发会议通知", True, 1), ("第一议题学习材料提前送阅", True, 1)],
    "leading_group": COMMON,
    "work_conference": [*COMMON, ("安全保卫方案", False, 2)],
    "video_conference": [("印发会议通知", True, 2), ("调试视频会议系统", True, 1)],
    "other": [("印发会议通知", True, 1)],
}


def forwards(apps, schema_editor):
    from meetings.permissions import ROLE_PERMISSIONS
    from office.roles import grant

    grant(apps, ROLE_PERMISSIONS, "meetings")
    Template = apps.get_model("meetings", "ChecklistTemplate")
    for meeting_type, tasks in TEMPLATES.items():
        for position, (title, mandatory, days) in enumerate(tasks, start=1):
            Template.objects.get_or_create(
                meeting_type=meeting_type,
                title=title,
                defaults={
                    "mandatory": mandatory,
                    "working_days_before": days,
                    "position": position,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial"), ("office", "0002_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
