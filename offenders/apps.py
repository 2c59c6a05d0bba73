from django.apps import AppConfig


class OffendersConfig(AppConfig):
    name = "offenders"
