from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The app registers its nav, to-dos, figures, widgets, search, reminders, demo
        # and roles here with office.registry.registry.register (docs/apps.md, step 5).
        pass
