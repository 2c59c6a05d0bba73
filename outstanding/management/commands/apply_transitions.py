import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from offenders.life_events import transitions_apply
from outstanding import services


class Command(BaseCommand):
    help = (
        "Apply the life-course transitions whose date has come (licence, community order or civil "
        "order ended, notification ended, reactive criteria no longer met), as the nightly job does, "
        "then recompute the offenders they changed. Safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say what would change; keep nothing")
        parser.add_argument(
            "--all",
            action="store_true",
            dest="everyone",
            help="Reassess every offender (after the rules change)",
        )
        parser.add_argument("--today", help="The day to apply them for (YYYY-MM-DD; default today)")

    def handle(self, *args, dry_run=False, everyone=False, today=None, **options):
        try:
            day = datetime.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--today must be a date like 2026-12-06, not {today!r}") from error
        started = time.perf_counter()
        run = transitions_apply(today=day, everyone=everyone, dry_run=dry_run)
        for result in run.reassessed:
            offender = result.offender
            what = [
                f"{row.get_kind_display().lower()} on {row.occurred_on:%-d %b %Y}"
                for row in result.transitions
            ]
            if result.returned_to_active is not None:
                what.append("returned to active management")
            if result.changed and not what:
                what.append("facts brought up to date: " + ", ".join(result.changed))
            self.stdout.write(f"  {offender.reference}: {'; '.join(what)}")
        verb = "Would apply" if dry_run else "Applied"
        self.stdout.write(
            f"{verb} {run.events} transition(s) and {run.returned_to_active} return(s) to active management "
            f"for {len(run.reassessed)} of {run.offenders} offender(s) checked, as of {day:%-d %B %Y}, "
            f"in {time.perf_counter() - started:.1f} s."
        )
        if not dry_run and run.reassessed:
            recomputed = services.process_offender_changes()
            self.stdout.write(f"Recomputed the outstanding work of {recomputed.offenders} offender(s).")
