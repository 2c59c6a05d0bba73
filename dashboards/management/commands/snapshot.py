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
            seconds = time.perf_counter() - started
            if name == SnapshotRun.Period.DAILY:
                # Daily snapshots keep the figures alone: no "0 offenders kept" beside them.
                kept = "only (the offenders and items behind them are kept weekly and monthly)"
            else:
                kept = (
                    f"and the {result.offenders} offenders and {result.items} outstanding items behind them"
                )
            self.stdout.write(
                f"{name.capitalize()} snapshot of {today:%-d %B %Y} kept in {seconds:.1f} s: "
                f"figures for {result.scopes} scopes {kept}."
            )
