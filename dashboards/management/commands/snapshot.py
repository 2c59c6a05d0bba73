import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from dashboards.models import SnapshotRun
from dashboards.snapshots import periods_due, snapshot_take, snapshots_backfill


class Command(BaseCommand):
    help = "Take today's snapshots of every metric now (those due, unless --period), and say what was kept."

    def add_arguments(self, parser):
        parser.add_argument(
            "--period",
            action="append",
            choices=SnapshotRun.Period.values,
            help="Take this period's snapshot (repeatable); default: those due today",
        )
        parser.add_argument(
            "--backfill",
            action="store_true",
            help="Also take a year of weekly and monthly snapshots before today, figures only, "
            "from today's records (the demo, so trends start with a year of points)",
        )

    def handle(self, *args, period=None, backfill=False, **options):
        today = timezone.localdate()
        if backfill:
            started = time.perf_counter()
            filled = snapshots_backfill(today=today)
            weekly = sum(result.period == SnapshotRun.Period.WEEKLY for result in filled)
            self.stdout.write(
                f"Backfilled {weekly} weekly and {len(filled) - weekly} monthly snapshots before "
                f"{today:%-d %B %Y} in {time.perf_counter() - started:.1f} s: figures only."
            )
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
