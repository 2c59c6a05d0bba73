from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "workforce"

    def ready(self):
        from workforce import signals  # noqa: F401 - connects the deactivation receivers
