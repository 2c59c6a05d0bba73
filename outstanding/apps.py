from django.apps import AppConfig


class OutstandingConfig(AppConfig):
    name = "outstanding"
    verbose_name = "Outstanding work"
