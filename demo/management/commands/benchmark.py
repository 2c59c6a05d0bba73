"""`manage.py benchmark`: the recompute and the dashboards timed on a national demo dataset
against the issue's targets (see `demo.benchmark`). A measurement, so a missed target
still exits 0; the raw-SQL baseline disagreeing with the dashboard's numbers is a bug and fails."""

from django.core.management.base import BaseCommand, CommandError

from demo import benchmark


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Time the full and incremental recompute and the force, team and OM dashboards on a demo "
        "dataset (seeded if the database is empty), against a raw-SQL baseline, and judge the targets."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--offenders", type=_positive, default=100_000, help="offenders to seed (default 100000)"
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--forces",
            type=_positive,
            default=None,
            help="forces to seed (default: as seed_demo, about one per 8,000 offenders)",
        )
        parser.add_argument(
            "--requests", type=_positive, default=30, help="timed requests per dashboard (default 30)"
        )
        parser.add_argument(
            "--writes", type=_positive, default=100, help="visits logged to time the recompute (default 100)"
        )
        parser.add_argument(
            "--reseed",
            action="store_true",
            help="empty the caseload tables (TRUNCATE ... CASCADE) and seed again; without it, an "
            "empty database is seeded and existing demo data is reused",
        )

    def handle(self, *args, offenders, seed, forces, requests, writes, reseed, **options):
        def log(line: str) -> None:
            self.stdout.write(line)
            self.stdout.flush()

        try:
            outcome = benchmark.run(
                offenders=offenders,
                seed=seed,
                forces=forces,
                requests=requests,
                writes=writes,
                reseed=reseed,
                log=log,
            )
        except benchmark.BenchmarkRefused as refusal:
            raise CommandError(str(refusal)) from None
        log("== Summary")
        for line in benchmark.summary(outcome):
            log(line)
        if not outcome.baseline_agrees:
            raise CommandError(
                "The raw-SQL baseline and the dashboard disagree on "
                f"{len(outcome.differences)} numbers (listed above)."
            )
