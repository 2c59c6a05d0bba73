"""A synthetic MOSOVO unit (or a nation of them) for demonstrations and load testing.

`seed_demo` builds forces, teams and staff, then offenders with their life course and years
of history (registered offenders' notifications too, `demo.notifications`), all from one
`random.Random(seed)`: the same size and seed give the same data. Rows are generated in Python
and loaded with PostgreSQL COPY inside one transaction (a failure leaves nothing behind);
generation runs in a thread while the database loads the previous chunk. Then a few showcase
nominals are recorded through the real services (`demo_showcase`). Everyone in the data is
invented (see `demo_text`).
"""

import datetime
import queue
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo import text
from demo.copying import Table, bulk_load, copy_text, next_id, reset_sequence
from demo.dates import iso
from demo.facts import OFFENDER_TABLES, FactWriter
from demo.history import HISTORY_TABLES, HistoryWriter
from demo.life_courses import reactive_check
from demo.nominals import STATUS, Case, CaseMaker, Picker, is_closed
from demo.notifications import NOTIFICATION_TABLES, NotificationWriter
from demo.showcase import SURNAME as SHOWCASE_SURNAME
from demo.showcase import add_showcase_nominals
from demo.staff import WORKFORCE_TABLES, StaffWriter, plan_forces
from offenders.life_events import RULES_VERSION
from offenders.models import Offender, RulesApplied
from rules.choices import LeadAgency, RiskLevel
from workforce.models import Force, ForcePolicy, Role, Staff

DEMO_PASSWORD = "demo-password-123"  # noqa: S105 (printed by demo_logins; demo data only)
CHUNK_OFFENDERS = 2000
ALREADY_PRESENT = "Demo data already present: not reseeding."


def default_force_count(offenders: int) -> int:
    """One force up to 10,000 offenders; beyond that forces of about 8,000 (a large force)."""
    return 1 if offenders <= 10_000 else max(2, round(offenders / 8000))


def demo_data_present() -> bool:
    return Force.objects.exists() or Offender.objects.exists()


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    name: str


def demo_logins() -> list[DemoLogin]:
    """One login per role in the first force: om.0001 (overloaded, with overdue work),
    the supervisor who supervises them, a senior leader and the force's admin."""
    force = Force.objects.order_by("id").first()
    if force is None:
        return []
    logins = []
    for role in Role:
        staff = Staff.objects.filter(force=force, role=role, is_active=True).order_by("username").first()
        if staff is not None:
            logins.append(
                DemoLogin(role=str(role.label), username=staff.username, name=staff.get_full_name())
            )
    return logins


# Every seeded member of staff has an address here (demo.staff); anyone else is real.
DEMO_EMAIL_DOMAIN = "@demo.invalid"


class NotDemoUser(Exception):
    """Asked for a demo authenticator for someone who is not seeded demo staff."""


def demo_authenticator(username: str) -> TOTPDevice:
    """A demo user's authenticator app, set up the first time it is asked for. demo_logins
    prints its key (to add to a real app) and demo_code its current code. Only seeded demo
    staff have one made this way: a real account's key is never printed."""
    staff = Staff.objects.filter(username=username, email__endswith=DEMO_EMAIL_DOMAIN).first()
    if staff is None:
        raise NotDemoUser(f"{username} is not a demo user (seed_demo makes them)")
    device = TOTPDevice.objects.filter(user=staff, confirmed=True).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=staff, name="Demo authenticator", confirmed=True)


def _policy_intervals() -> dict[str, dict[str, int]]:
    """The force's intervals by risk level (every demo force keeps the ForcePolicy defaults)."""
    policy = ForcePolicy().as_rules()
    return {
        "arms": {str(level): policy.arms_interval_months(level) for level in RiskLevel},
        "rmp": {str(level): policy.rmp_review_interval_months(level) for level in RiskLevel},
        "visit": {str(level): policy.visit_interval_months(level) for level in RiskLevel},
    }


class DemoGenerator:
    """Draws the whole demo from one random stream and hands it out as COPY text."""

    def __init__(self, *, offenders: int, seed: int, forces: int, today: datetime.date):
        self.total, self.today = offenders, today.toordinal()
        self.rng = random.Random(seed)
        now = timezone.now()
        definitions = {**WORKFORCE_TABLES, **OFFENDER_TABLES, **HISTORY_TABLES, **NOTIFICATION_TABLES}
        self.tables = {}
        for key, (model, fields) in definitions.items():
            model = apps.get_model(model) if isinstance(model, str) else model
            self.tables[key] = Table(model, fields, now=now)
        self.ids = {key: next_id(table.model) for key, table in self.tables.items()}
        first_force, first_team = self.ids["force"], self.ids["team"]
        self.forces = plan_forces(
            self.rng, offenders=offenders, forces=forces, first_force_id=first_force, first_team_id=first_team
        )

    # ---------------------------------------------------------------- structure

    def build_workforce(self, password_hash: str) -> None:
        """Teams' caseloads first (status decides who is managed), then the staff sized to them."""
        rnd = self.rng.random
        self.skeleton = []  # per force: list of (team, status)
        for force in self.forces:
            team_share = Picker({number: self.rng.uniform(0.6, 1.4) for number in range(len(force.teams))})
            members = []
            for _ in range(force.size):
                team = force.teams[team_share(rnd)]
                status = STATUS(rnd)
                if not is_closed(status):
                    team.open_offenders += 1
                members.append((team, status))
            self.skeleton.append(members)
        writer = StaffWriter(
            self.rng, today=self.today, password_hash=password_hash, tables=self.tables, ids=self.ids
        )
        self.workforce = writer.build(self.forces)
        # Open cases go to OMs by their quotas; a closed case names the OM who held it last.
        self.offender_manager = []
        for force, members in zip(self.forces, self.skeleton, strict=True):
            owners = [None] * len(members)
            for team in force.teams:
                open_cases = [
                    i for i, (t, status) in enumerate(members) if t is team and not is_closed(status)
                ]
                self.rng.shuffle(open_cases)
                start = 0
                for om, quota in zip(team.offender_managers, team.caseloads, strict=True):
                    for i in open_cases[start : start + quota]:
                        owners[i] = om
                    start += quota
            for i, (team, _) in enumerate(members):
                if owners[i] is None:
                    owners[i] = self.rng.choice(team.offender_managers)
            self.offender_manager.append(owners)

    def workforce_payload(self) -> list[tuple[Table, str]]:
        return [(self.tables[key], self.tables[key].take()) for key in WORKFORCE_TABLES]

    # ---------------------------------------------------------------- offenders

    def offender_chunks(self):
        """Yield COPY payloads for CHUNK_OFFENDERS offenders at a time, parents first."""
        rules = ForcePolicy().as_rules()  # every demo force keeps the defaults
        makers = CaseMaker(
            self.rng,
            self.today,
            post_licence_rule_on_community_order_end=rules.post_licence_rule_on_community_order_end,
        )
        arms_current_months = rules.arms_interval_months(RiskLevel.LOW)
        facts = FactWriter(self.rng, self.today, self.tables, self.ids, self.workforce)
        history = HistoryWriter(
            self.rng, self.today, self.tables, self.ids, self.workforce, text.review_pools(self.rng)
        )
        notifications = NotificationWriter(self.rng, self.today, self.tables, self.ids)
        intervals = _policy_intervals()
        rnd = self.rng.random
        first_names, surnames = text.FIRST_NAMES, text.SURNAMES
        done = 0
        for force, members, owners in zip(self.forces, self.skeleton, self.offender_manager, strict=True):
            for number, ((team, status), om) in enumerate(zip(members, owners, strict=True), start=1):
                case = Case(
                    id=self.ids["offender"],
                    index=number,
                    team=team,
                    om=om,
                    status=status,
                    first_name=first_names[int(rnd() * len(first_names))],
                    last_name=surnames[int(rnd() * len(surnames))],
                )
                self.ids["offender"] += 1
                makers.make(case)
                facts.orders(case)
                assignments = facts.assignments(case, team.offender_managers)
                author_at = _author_lookup(assignments)
                facts.devices(case)
                police_led = case.lead == LeadAgency.POLICE and case.closed_on is None
                slack = self.workforce.slack.get(om, 1.0)
                facts.intelligence_checks(case, author_at, overdue=police_led and rnd() < 0.08 * slack)
                facts.outcomes(case, author_at)
                history.write(case, force, intervals, author_at, team.offender_managers)
                notifications.write(case, author_at, team.offender_managers)
                reactive_check(case, today=self.today, arms_current_months=arms_current_months)
                facts.probation_assessment(case, author_at)
                facts.life_events(case, author_at)
                facts.management_mode_changes(case, author_at)
                facts.offender(case, force, f"VSR-{force.code}-{number:06d}")
                done += 1
                if done % CHUNK_OFFENDERS == 0:
                    yield done, self._payload()
        yield done, self._payload()

    def _payload(self) -> list[tuple[Table, str]]:
        return [
            (self.tables[key], self.tables[key].take())
            for key in (*OFFENDER_TABLES, *HISTORY_TABLES, *NOTIFICATION_TABLES)
        ]


def _author_lookup(assignments: list[tuple[int, int]]) -> Callable[[int], int]:
    if len(assignments) == 1:
        only = assignments[0][1]
        return lambda day: only
    return lambda day: next((om for start, om in reversed(assignments) if start <= day), assignments[0][1])


def seed_demo(
    *,
    offenders: int,
    seed: int,
    today: datetime.date,
    forces: int | None = None,
    log: Callable[[str], None] = print,
) -> dict[str, int]:
    """Generate and load the demo data in one transaction; return rows written per table."""
    started = time.monotonic()
    forces = forces or default_force_count(offenders)
    password_hash = make_password(DEMO_PASSWORD)  # once: hashing per user would take minutes
    with transaction.atomic():
        generator = DemoGenerator(offenders=offenders, seed=seed, forces=forces, today=today)
        with bulk_load([table.name for table in generator.tables.values()], log):
            generator.build_workforce(password_hash)
            for table, block in generator.workforce_payload():
                copy_text(table, block)
            staff = generator.tables["staff"].count
            log(f"{len(generator.forces)} force(s), {staff} staff ({_since(started)})")
            _load_in_background(generator, log, started)
        for table in generator.tables.values():
            reset_sequence(table.model)
        showcase = add_showcase_nominals(force=Force.objects.get(pk=generator.forces[0].id), today=today)
        log(f"{len(showcase)} showcase nominals, surname {SHOWCASE_SURNAME} ({_since(started)})")
        # The derived facts were worked out under today's rules: the first nightly run need not
        # reassess everyone (offenders.life_events.transitions_apply).
        RulesApplied.objects.get_or_create(version=RULES_VERSION)
    counts = {table.name: table.count for table in generator.tables.values()}
    log(f"Seeded {offenders} offenders as of {iso(today.toordinal())} in {_since(started)}")
    return counts


def _load_in_background(generator: DemoGenerator, log, started: float) -> None:
    """Generate chunks in a thread while this one COPYs the previous chunk into PostgreSQL."""
    chunks: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()

    def offer(item) -> bool:
        """Queue an item unless the loading thread has given up (then say so)."""
        while not stop.is_set():
            try:
                chunks.put(item, timeout=0.5)
                return True
            except queue.Full:
                continue
        return False

    def produce():
        try:
            for item in generator.offender_chunks():
                if not offer(item):
                    return
            offer(None)
        except BaseException as error:  # handed to the loading thread, which re-raises it
            offer(error)

    producer = threading.Thread(target=produce, name="seed-demo-generator", daemon=True)
    producer.start()
    reported = 0
    try:
        while (item := chunks.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            done, payload = item
            for table, block in payload:
                copy_text(table, block)
            if (
                done - reported >= max(CHUNK_OFFENDERS, generator.total // 10)
                or done == generator.total > reported
            ):
                log(f"  offenders {done:>7}/{generator.total} ({_since(started)})")
                reported = done
    finally:
        stop.set()
        producer.join()


def _since(started: float) -> str:
    return f"{time.monotonic() - started:.1f} s"
