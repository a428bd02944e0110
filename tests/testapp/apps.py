from django.apps import AppConfig


class TestAppConfig(AppConfig):
    name = "tests.testapp"
    label = "testapp"

    def ready(self):
        from office.roles import register_permissions

        from .permissions import ROLE_PERMISSIONS

        register_permissions("testapp", ROLE_PERMISSIONS)
