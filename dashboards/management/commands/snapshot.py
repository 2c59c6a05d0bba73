import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from dashboards.models import SnapshotRun
from dashboards.snapshots import periods_due, snapshot_take


class Command(BaseCommand):
    help = "Take today's snapshots of every metric now (those due, unless --period), and say what was kept."

    def add_arguments(self, parser):
        parser.add_argument(
            "--period",
            action="append",
            choices=SnapshotRun.Period.values,
            help="Take this period's snapshot (repeatable); default: those due today",
        )

    def handle(self, *args, period=None, **options):
        today = timezone.localdate()
        for name in period or periods_due(today):
            started = time.perf_counter()
            result = snapshot_take(period=name, today=today)
            self.stdout.write(
                f"{name.capitalize()} snapshot of {today:%-d %B %Y}: {result.scopes} scopes, "
                f"{result.offenders} offenders and {result.items} outstanding items kept "
                f"({time.perf_counter() - started:.1f} s)."
            )
