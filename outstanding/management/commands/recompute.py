import time

from django.core.management.base import BaseCommand

from outstanding import services


class Command(BaseCommand):
    help = "Recompute every offender's outstanding work now (the nightly job), and say what changed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--changes-only", action="store_true", help="Only offenders waiting in the change outbox"
        )

    def handle(self, *args, changes_only=False, **options):
        started = time.perf_counter()
        result = services.process_offender_changes() if changes_only else services.outstanding_recompute_all()
        self.stdout.write(
            f"Recomputed {result.offenders} offenders in {time.perf_counter() - started:.1f} s: "
            f"{result.added} items added, {result.removed} removed, {result.changed} changed."
        )
