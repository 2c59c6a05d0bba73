from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"

    def ready(self):
        from offenders.changes import on_offender_change
        from outstanding.services import recompute_changed_offenders

        on_offender_change(recompute_changed_offenders)
