"""`manage.py seed_demo --offenders N --seed S`: a synthetic force (or nation) of demo data."""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError

from demo.seed import ALREADY_PRESENT, default_force_count, demo_data_present, seed_demo


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today must be a date as YYYY-MM-DD, not {value!r}") from None


class Command(BaseCommand):
    help = (
        "Seed invented demo data: forces, teams, staff and offenders with their life events and "
        "years of ARMS, RMPs, visits and supervisor reviews (and, for registered sex and terrorist "
        "offenders, their notifications to the police), plus a few showcase nominals "
        "(surname Showcase) with every kind of life event. The same --offenders and --seed give "
        "the same data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--offenders", type=int, default=2000, help="number of offenders (default 2000)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--forces",
            type=int,
            default=None,
            help="number of forces (default: 1 up to 10,000 offenders, else about one per 8,000)",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing (and succeed) if any force or offender exists"
        )
        parser.add_argument(
            "--today", type=_date, default=None, help="pin 'today' as YYYY-MM-DD (default: today)"
        )

    def handle(self, *args, offenders, seed, forces, if_empty, today, **options):
        if offenders < 1:
            raise CommandError("--offenders must be at least 1")
        if forces is not None and forces < 1:
            raise CommandError("--forces must be at least 1")
        if demo_data_present():
            if if_empty:
                self.stdout.write(ALREADY_PRESENT)
                return
            raise CommandError("The database already holds forces or offenders: seed an empty database.")
        today = today or datetime.date.today()  # noqa: DTZ011 (a calendar date in the local zone)
        forces = forces or default_force_count(offenders)
        self.stdout.write(f"Seeding {offenders} offenders in {forces} force(s), seed {seed}, today {today}")
        started = time.monotonic()
        counts = seed_demo(
            offenders=offenders,
            seed=seed,
            today=today,
            forces=forces,
            log=lambda line: self.stdout.write(line),
        )
        width = max(len(name) for name in counts)
        for name, count in counts.items():
            self.stdout.write(f"  {name:<{width}} {count:>10,}")
        self.stdout.write(f"  {'total':<{width}} {sum(counts.values()):>10,}")
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - started:.1f} s"))
