from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"

    def ready(self):
        from dashboards.services import recompute_changed_offenders
        from offenders.changes import on_offender_change

        on_offender_change(recompute_changed_offenders)
