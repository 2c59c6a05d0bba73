"""How fast the dashboards and the outstanding-work recompute are on a national dataset, measured
against the targets the issue sets (a 2-core machine, `seed_demo --offenders 100000`):

- the full recompute (the nightly `outstanding_recompute_all`) within a minute;
- the incremental recompute after one write (a visit logged and submitted) within 50 ms;
- the force dashboard's p95 within 300 ms, and within 3x a hand-written raw-SQL baseline that
  computes the same force numbers (`baseline_force_metrics`);
- the number of queries a dashboard costs the same for the smallest force as for the largest.

The baseline is a second oracle as well as a yardstick: its numbers must equal `compute()`'s,
or the run fails. Everything else is a measurement: a missed target is reported, not raised.
Timings are taken with DEBUG off, as in production, through Django's test client (in process:
no network, no web server), so they are the application's time, not the browser's.
"""

import datetime
import math
import os
import random
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import django
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from dashboards.dashboard import build
from dashboards.metrics import RISK_KEYS, Level, Metrics, WorkGroup, compute, oldest_overdue
from dashboards.scopes import Scope
from demo.seed import (
    DEMO_EMAIL_DOMAIN,
    default_force_count,
    demo_authenticator,
    demo_data_present,
    seed_demo,
)
from offenders.case_records import record_submit
from offenders.models import Offender, OffenderChange
from offenders.selectors import managed
from outstanding.models import OutstandingItem
from outstanding.services import outstanding_recompute, outstanding_recompute_all, recompute_changed_offenders
from rules.choices import CLOSED_STATUSES, OffenderStatus
from rules.dates import add_months
from rules.policy import Policy
from visits.content import VisitContent
from visits.models import Visit, VisitOutcome
from visits.services import visit_save
from workforce.models import Force, ForcePolicy, Role, Staff, Team
from workforce.selectors import team_offender_managers

# The targets of the issue.
FULL_RECOMPUTE_TARGET_S = 60
INCREMENTAL_RECOMPUTE_TARGET_MS = 50
FORCE_DASHBOARD_P95_TARGET_MS = 300
BASELINE_RATIO_TARGET = 3

P50, P95 = 50, 95
MS_PER_S = 1000
SLOWEST_QUERIES_SHOWN = 5
QUERY_TEXT_SHOWN = 160  # characters of each slow query printed
# The apps whose tables hold the caseload data; --reseed empties exactly these.
DATA_APPS = ("workforce", "offenders", "visits", "risk", "dashboards")
PAGE_LABELS = {
    "force": "Force dashboard",
    "team": "Team dashboard",
    "om": "OM dashboard",
    "api": "API (force scope)",
}


class BenchmarkRefused(Exception):
    """The database is not one the benchmark may write to (it holds real people)."""


def percentile(values: list[float], percent: int) -> float:
    """Nearest-rank percentile: the smallest value with `percent`% of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]


@dataclass
class Timings:
    """Repeated timings of one thing, in milliseconds."""

    samples: list[float] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return percentile(self.samples, P50)

    @property
    def p95(self) -> float:
        return percentile(self.samples, P95)

    @property
    def max(self) -> float:
        return max(self.samples)

    def summary(self) -> str:
        return f"p50 {self.p50:.1f} ms, p95 {self.p95:.1f} ms, max {self.max:.1f} ms (n={len(self.samples)})"


@dataclass
class Target:
    figure: str
    measured: str
    target: str
    met: bool


@dataclass
class Outcome:
    """What the run found: the targets judged, and whether the baseline agreed with the dashboard."""

    targets: list[Target] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)

    @property
    def baseline_agrees(self) -> bool:
        return not self.differences


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * MS_PER_S


# ---------------------------------------------------------------- the data


def non_demo_staff() -> int:
    """Staff who are not demo data: the benchmark writes visits and may empty tables, so it
    refuses a database that holds anyone real."""
    return Staff.objects.exclude(email__endswith=DEMO_EMAIL_DOMAIN).count()


def data_tables() -> list[str]:
    """Every table of the caseload apps (models and many-to-many tables), nothing else."""
    return sorted(
        {
            model._meta.db_table
            for label in DATA_APPS
            for model in apps.get_app_config(label).get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
    )


# Tables outside `tables` that TRUNCATE ... CASCADE would empty too: those whose foreign keys
# lead to them, directly or through one another.
_REACHED_BY_CASCADE = """
WITH RECURSIVE reached(id) AS (
    SELECT to_regclass(name)::oid FROM unnest(%(tables)s::text[]) AS name
    UNION
    SELECT c.conrelid FROM pg_constraint c JOIN reached r ON c.confrelid = r.id WHERE c.contype = 'f'
)
SELECT relname FROM reached JOIN pg_class ON pg_class.oid = reached.id
WHERE relname <> ALL(%(tables)s::text[]) ORDER BY relname
"""


def empty_data_tables(log: Callable[[str], None]) -> None:
    """TRUNCATE the caseload apps' tables, and say first exactly which tables that empties:
    CASCADE also empties tables that point at them (the admin log and authenticators point at
    staff). Sessions, Celery schedules and migrations stay."""
    tables = data_tables()
    with connection.cursor() as cursor:
        cursor.execute(_REACHED_BY_CASCADE, {"tables": tables})
        cascaded = [name for (name,) in cursor.fetchall()]
    log(f"Emptying {len(tables)} tables of {', '.join(DATA_APPS)} in {connection.settings_dict['NAME']}:")
    log("  " + ", ".join(tables))
    if cascaded:
        log(f"  and, as they point at those (CASCADE): {', '.join(cascaded)}")
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in tables)} RESTART IDENTITY CASCADE")


def prepare_data(
    *, offenders: int, seed: int, forces: int | None, reseed: bool, today: datetime.date, log
) -> float | None:
    """Seed an empty database (or, with `reseed`, an emptied one) and return the seconds it took;
    reuse demo data already there (None). Refuse a database with anyone real in it."""
    real = non_demo_staff()
    if real:
        raise BenchmarkRefused(
            f"The database holds {real} staff who are not demo data (email not ending "
            f"{DEMO_EMAIL_DOMAIN}): the benchmark only runs on a demo database."
        )
    if demo_data_present():
        if not reseed:
            log(
                f"Reusing the demo data already in the database ({Offender.objects.count():,} offenders; "
                f"asked for {offenders:,}): --reseed to rebuild it."
            )
            return None
        empty_data_tables(log)
    forces = forces or default_force_count(offenders)
    log(f"Seeding {offenders:,} offenders in {forces} forces, seed {seed}, today {today}")
    started = time.perf_counter()
    seed_demo(offenders=offenders, seed=seed, forces=forces, today=today, log=lambda line: log(f"  {line}"))
    return time.perf_counter() - started


def dataset_size() -> dict[str, int]:
    return {
        "offenders": Offender.objects.count(),
        "managed offenders": managed(Offender.objects.all()).count(),
        "outstanding items": OutstandingItem.objects.count(),
        "visits": Visit.objects.count(),
        "forces": Force.objects.count(),
        "teams": Team.objects.count(),
        "staff": Staff.objects.count(),
    }


# PostgreSQL settings that change the plans and timings measured here.
POSTGRES_SETTINGS = ("autovacuum", "jit", "shared_buffers", "work_mem")


def machine_info() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        (postgres,) = cursor.fetchone()
        cursor.execute(
            "SELECT name, current_setting(name) FROM pg_settings WHERE name = ANY(%s) ORDER BY name",
            [list(POSTGRES_SETTINGS)],
        )
        server = ", ".join(f"{name} {setting}" for name, setting in cursor.fetchall())
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return [
        f"CPUs: {os.cpu_count()}; load average (1, 5, 15 min): {load}",
        f"PostgreSQL: {postgres}",
        f"PostgreSQL settings: {server}",
        f"Python {'.'.join(map(str, sys.version_info[:3]))}, Django {django.get_version()}",
        f"Database: {connection.settings_dict['NAME']} on {connection.settings_dict['HOST'] or 'socket'}",
    ]


# ---------------------------------------------------------------- the recompute


@dataclass
class WriteTimings:
    write: Timings = field(default_factory=Timings)  # the visit logged and submitted, committed
    recompute: Timings = field(default_factory=Timings)  # the inline recompute after commit
    total: Timings = field(default_factory=Timings)
    repeat: Timings = field(default_factory=Timings)  # the same offender again, nothing to change


def _writers(offender: Offender, rng: random.Random) -> tuple[Staff, Staff | None]:
    """The offender's OM writes the visit; another OM of the offender's team went with them."""
    colleagues = list(
        team_offender_managers(offender.team).exclude(pk=offender.offender_manager_id).order_by("pk")
    )
    return offender.offender_manager, rng.choice(colleagues) if colleagues else None


def time_writes(*, writes: int, rng: random.Random, today: datetime.date, log) -> WriteTimings:
    """Log and submit a visit to `writes` random community offenders through the real services,
    each in its own transaction with the inline recompute after commit, and time the parts.

    Callbacks run after commit in the order they were registered, so a stamp registered first
    marks the commit and one registered after `record_submit` marks the end of its recompute.
    The visits are deleted and their offenders recomputed afterwards: the data is as before.
    """
    if connection.in_atomic_block:
        raise RuntimeError("The write benchmark needs autocommit: after-commit recomputes never run here.")
    candidates = list(
        Offender.objects.filter(
            status=OffenderStatus.COMMUNITY,
            offender_manager__is_active=True,
            offender_manager__role=Role.OFFENDER_MANAGER,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    chosen = rng.sample(candidates, min(writes, len(candidates)))
    result, written = WriteTimings(), []
    try:
        with override_settings(RECOMPUTE_AFTER_COMMIT="inline"):
            for number, offender_id in enumerate(chosen, start=1):
                offender = Offender.objects.select_related("offender_manager", "team").get(pk=offender_id)
                author, colleague = _writers(offender, rng)
                stamps: dict[str, float] = {}
                started = time.perf_counter()
                with transaction.atomic():
                    transaction.on_commit(
                        lambda stamps=stamps: stamps.setdefault("committed", time.perf_counter())
                    )
                    visit = visit_save(
                        offender=offender,
                        content=VisitContent(
                            visited_on=today,
                            outcome=VisitOutcome.SEEN,
                            crew_size=2,
                            co_attending_officer=colleague,
                            observations="Benchmark visit.",
                        ),
                        acting_user=author,
                        today=today,
                    )
                    written.append(visit.pk)
                    record_submit(record=visit, acting_user=author, today=today)
                    transaction.on_commit(
                        lambda stamps=stamps: stamps.setdefault("recomputed", time.perf_counter())
                    )
                if OffenderChange.objects.filter(offender_id=offender_id).exists():
                    raise RuntimeError(f"Offender {offender_id} was not recomputed after the write.")
                result.write.samples.append((stamps["committed"] - started) * MS_PER_S)
                result.recompute.samples.append((stamps["recomputed"] - stamps["committed"]) * MS_PER_S)
                result.total.samples.append((stamps["recomputed"] - started) * MS_PER_S)
                again = time.perf_counter()
                recompute_changed_offenders([offender_id])
                result.repeat.samples.append(_ms_since(again))
                if number % max(1, len(chosen) // 4) == 0:
                    log(f"  {number}/{len(chosen)} writes")
    finally:
        Visit.objects.filter(pk__in=written).delete()
        outstanding_recompute(offender_ids=chosen)
        log(
            f"  The benchmark's {len(written)} visits were deleted and their offenders recomputed "
            "(what append-only logs recorded of them stays)."
        )
    return result


# ---------------------------------------------------------------- the raw-SQL baseline

# Hand-written SQL for the force's numbers: no ORM, no shared query code. The vocabulary
# (statuses, kinds, risk levels) is spelt out here as the database holds it, so a change in
# `dashboards.metrics` that alters a number shows up as a disagreement. Outstanding items are
# found by their own force_id (copied from the offender by every recompute), which lets
# PostgreSQL read one force's items by index rather than every overdue item in the country.
_OFFENDER_COUNTS_BY = """
WITH managed AS (
    SELECT id, team_id, status, offender_type, lead_agency, management_mode, risk_level
    FROM offenders_offender
    WHERE force_id = %(force)s AND NOT (status = ANY(%(closed)s))
), late AS (
    SELECT i.offender_id,
           bool_or(i.kind IN ('arms', 'post_licence_arms_rmp')) AS arms,
           bool_or(i.kind IN ('rmp_review', 'post_licence_arms_rmp', 'reactive_rmp_review')) AS rmp
    FROM dashboards_outstandingitem i JOIN managed m ON m.id = i.offender_id
    WHERE i.force_id = %(force)s AND i.due_on < %(today)s
    GROUP BY i.offender_id
)
SELECT {key}
    count(*),
    count(*) FILTER (WHERE status = 'community'),
    count(*) FILTER (WHERE status = 'community' AND offender_type = 'rso'),
    count(*) FILTER (WHERE status = 'community' AND lead_agency = 'police'),
    count(*) FILTER (WHERE management_mode = 'reactive'),
    count(*) FILTER (WHERE status IN ('wanted', 'missing')),
    count(*) FILTER (WHERE status = 'custody'),
    count(*) FILTER (WHERE status = 'community' AND risk_level IN ('high', 'very_high')),
    count(*) FILTER (WHERE status = 'community' AND offender_type = 'rso'
                       AND risk_level IN ('high', 'very_high')),
    count(*) FILTER (WHERE lead_agency = 'police'),
    count(*) FILTER (WHERE lead_agency = 'police' AND NOT coalesce(late.arms, false)),
    count(*) FILTER (WHERE lead_agency = 'police' AND NOT coalesce(late.rmp, false)),
    count(*) FILTER (WHERE risk_level = 'very_high'),
    count(*) FILTER (WHERE risk_level = 'high'),
    count(*) FILTER (WHERE risk_level = 'medium'),
    count(*) FILTER (WHERE risk_level = 'low'),
    count(*) FILTER (WHERE risk_level IS NULL)
FROM managed LEFT JOIN late ON late.offender_id = managed.id
{group}
"""
_OFFENDER_COUNTS = _OFFENDER_COUNTS_BY.format(key="", group="")  # noqa: S608 - constants only
_TEAM_OFFENDER_COUNTS = _OFFENDER_COUNTS_BY.format(key="team_id,", group="GROUP BY team_id")  # noqa: S608
_OFFENDER_FIELDS = (
    "total",
    "community",
    "community_rso",
    "police_led_community",
    "reactive",
    "wanted_or_missing",
    "in_custody",
    "high_risk_community",
    "high_risk_community_rso",
    "police_led",
    "arms_complete",
    "rmp_complete",
)

_WORK_GROUP_OF_KIND = {
    "visit": "visit",
    "arms": "arms",
    "rmp_review": "rmp",
    "post_licence_arms_rmp": "post_licence",
    "supervisor_review_arms": "review",
    "supervisor_review_rmp": "review",
    "supervisor_review_visit": "review",
    "reactive_checks": "reactive",
    "reactive_rmp_review": "reactive",
    "pnd_check": "pnd",
    "condition_check": "condition_check",
    "notification_initial": "notification",
    "notification_release": "notification",
    "notification_periodic": "notification",
    "travel_return": "notification",
    "address_verification": "address_verification",
}
_ASSESSED = ("very_high", "high", "medium", "low")


def _sql_literal(value: str) -> str:
    """One of the constants above as an SQL string literal; they are plain snake_case words,
    and anything else is refused rather than quoted."""
    if not re.fullmatch(r"[a-z_]+", value):
        raise ValueError(f"Not a plain constant for the baseline's SQL: {value!r}")
    return f"'{value}'"


def _work_group_case() -> str:
    """The SQL CASE that puts an item's kind in its work group (`_WORK_GROUP_OF_KIND`)."""
    kinds_of_group: dict[str, list[str]] = {}
    for kind, group in _WORK_GROUP_OF_KIND.items():
        kinds_of_group.setdefault(group, []).append(kind)
    whens = "".join(
        f"    WHEN kind IN ({', '.join(map(_sql_literal, kinds))}) THEN {_sql_literal(group)}\n"
        for group, kinds in kinds_of_group.items()
    )
    return f"\nCASE\n{whens}END\n"


_WORK_GROUP = _work_group_case()
_RISK = f"CASE WHEN risk_level IN ({', '.join(map(_sql_literal, _ASSESSED))}) THEN risk_level ELSE 'none' END"

# Counted by kind and risk level as stored; the work groups and 'not assessed' are applied to
# the few dozen rows in Python.
_OUTSTANDING_COUNTS_BY = """
SELECT {key} kind, risk_level,
    count(*) FILTER (WHERE due_on >= %(today)s),
    count(*) FILTER (WHERE due_on < %(today)s AND due_on >= %(today)s - interval '1 month'),
    count(*) FILTER (WHERE due_on < %(today)s - interval '1 month'
                       AND due_on >= %(today)s - interval '3 months'),
    count(*) FILTER (WHERE due_on < %(today)s - interval '3 months'
                       AND due_on >= %(today)s - interval '1 year'),
    count(*) FILTER (WHERE due_on < %(today)s - interval '1 year')
FROM dashboards_outstandingitem
WHERE force_id = %(force)s
GROUP BY {key} kind, risk_level
"""
_OUTSTANDING_COUNTS = _OUTSTANDING_COUNTS_BY.format(key="")  # noqa: S608 - constants only
_TEAM_OUTSTANDING_COUNTS = _OUTSTANDING_COUNTS_BY.format(key="team_id,")  # noqa: S608 - constants only
_BANDS = ("not_yet", "up_to_1", "1_to_3", "3_to_12", "over_12")

# Absences covering today that take someone out of the adjusted ratio: sickness, parental leave,
# suspension, secondment or a vacancy planned to last (or, open-ended, lasting so far) the
# policy's number of days.
_AWAY = """
SELECT DISTINCT staff_id FROM workforce_absence
WHERE starts_on <= %(today)s AND (ends_on IS NULL OR ends_on >= %(today)s)
  AND kind IN ('long_term_sickness', 'short_sickness', 'parental', 'suspension', 'secondment', 'vacancy')
  AND coalesce(ends_on, %(today)s) - starts_on + 1 >= %(long_term_days)s
"""
_PEOPLE = f"""
WITH away AS ({_AWAY})
SELECT
    count(*) FILTER (WHERE s.role = 'offender_manager'),
    count(*) FILTER (WHERE s.role = 'offender_manager' AND away.staff_id IS NULL),
    count(*) FILTER (WHERE s.role = 'supervisor'),
    count(*) FILTER (WHERE s.role = 'supervisor' AND away.staff_id IS NULL),
    (SELECT count(*) FROM workforce_absence a JOIN workforce_staff v ON v.id = a.staff_id
     WHERE v.force_id = %(force)s AND NOT v.is_active AND a.kind = 'vacancy'
       AND a.starts_on <= %(today)s AND (a.ends_on IS NULL OR a.ends_on >= %(today)s))
FROM workforce_staff s LEFT JOIN away ON away.staff_id = s.id
WHERE s.force_id = %(force)s AND s.is_active AND s.role IN ('offender_manager', 'supervisor')
"""  # noqa: S608 - built from the constants above, never from input
_PEOPLE_FIELDS = (
    "offender_managers",
    "offender_managers_available",
    "supervisors",
    "supervisors_available",
    "vacancies",
)

# 50/20: each OM in post, their caseload wherever the offenders are, and whether they are away.
# The caseload is the community RSOs (the guidance), or every type where the force counts all.
_COUNTED_FOR_FIFTY_TWENTY = "o.status = 'community' AND (o.offender_type = 'rso' OR %(all_types)s)"
_FIFTY_TWENTY_BY = f"""
WITH away AS ({_AWAY}),
oms AS (
    SELECT id, team_id FROM workforce_staff
    WHERE force_id = %(force)s AND is_active AND role = 'offender_manager'
),
caseloads AS (
    SELECT o.offender_manager_id AS om,
           count(*) AS managed,
           count(*) FILTER (WHERE {_COUNTED_FOR_FIFTY_TWENTY}) AS community,
           count(*) FILTER (WHERE {_COUNTED_FOR_FIFTY_TWENTY}
                              AND o.risk_level IN ('high', 'very_high')) AS high
    FROM offenders_offender o JOIN oms ON oms.id = o.offender_manager_id
    WHERE NOT (o.status = ANY(%(closed)s))
    GROUP BY 1
)
SELECT {{key}}
    count(*) FILTER (WHERE coalesce(c.community, 0) > %(caseload_target)s),
    count(*) FILTER (WHERE coalesce(c.high, 0) > coalesce(c.community, 0) * %(share)s / 100),
    count(*) FILTER (WHERE away.staff_id IS NOT NULL AND coalesce(c.managed, 0) > 0)
FROM oms LEFT JOIN caseloads c ON c.om = oms.id LEFT JOIN away ON away.staff_id = oms.id
{{group}}
"""  # noqa: S608 - built from the constants above, never from input
_FIFTY_TWENTY = _FIFTY_TWENTY_BY.format(key="", group="")
_TEAM_FIFTY_TWENTY = _FIFTY_TWENTY_BY.format(key="oms.team_id,", group="GROUP BY oms.team_id")
_FIFTY_TWENTY_FIELDS = ("over_target", "over_share", "needing_cover")

_OLDEST = f"""
SELECT oldest.work_group, oldest.risk, oldest.id, oldest.due_on, o.last_name, o.first_name
FROM (
    SELECT DISTINCT ON (work_group, risk) work_group, risk, id, due_on, offender_id
    FROM (
        SELECT {_WORK_GROUP} AS work_group, {_RISK} AS risk, id, due_on, offender_id
        FROM dashboards_outstandingitem
        WHERE force_id = %(force)s AND due_on < %(today)s
    ) overdue
    ORDER BY work_group, risk, due_on, id
) oldest
JOIN offenders_offender o ON o.id = oldest.offender_id
"""  # noqa: S608 - built from the constants above, never from input


@dataclass
class BaselineResult:
    metrics: Metrics
    oldest: dict  # {(work group, risk): (item id, due on)}


def _params(force_id: int, *, today: datetime.date, policy: Policy, **more) -> dict:
    """The parameters of the baseline's queries for one force (and any `more` a query needs)."""
    return {
        "force": force_id,
        "today": today,
        "closed": [str(status) for status in CLOSED_STATUSES],
        "long_term_days": policy.long_term_absence_days,
        "caseload_target": policy.caseload_target,
        "share": policy.high_risk_share_max_percent,
        "all_types": policy.fifty_twenty_counts_all_types,
        **more,
    }


def _offender_counts(row) -> tuple[dict[str, int], dict[str, int]]:
    """A row of `_OFFENDER_COUNTS_BY` (after any key): the counts and the counts by risk level."""
    split = len(_OFFENDER_FIELDS)
    return (
        dict(zip(_OFFENDER_FIELDS, row[:split], strict=True)),
        dict(zip(RISK_KEYS, row[split:], strict=True)),
    )


def _no_outstanding() -> dict:
    """{work group: {risk: {band: 0}}}: the outstanding work of a scope with none."""
    return {group: {risk: dict.fromkeys(_BANDS, 0) for risk in RISK_KEYS} for group in WorkGroup.values}


def _metrics(
    policy: Policy, *, counts: dict, by_risk: dict, people: dict, fifty_twenty: dict, outstanding: dict
) -> Metrics:
    """The baseline's numbers of one scope as a `Metrics`, judged against `policy`."""
    return Metrics(
        **counts,
        by_risk=by_risk,
        **people,
        **fifty_twenty,
        outstanding=outstanding,
        caseload_target=policy.caseload_target,
        share_max_percent=policy.high_risk_share_max_percent,
        completion_target_percent=policy.completion_target_percent,
        fifty_twenty_counts_all_types=policy.fifty_twenty_counts_all_types,
    )


def baseline_force_metrics(force_id: int, *, today: datetime.date, policy: Policy) -> BaselineResult:
    """The force dashboard's numbers (every `Metrics` field, and the oldest overdue item of each
    work group at each risk level) in five hand-written SQL queries."""
    params = _params(force_id, today=today, policy=policy)
    with connection.cursor() as cursor:
        cursor.execute(_OFFENDER_COUNTS, params)
        counts, by_risk = _offender_counts(cursor.fetchone())
        cursor.execute(_OUTSTANDING_COUNTS, params)
        outstanding = _no_outstanding()
        for kind, risk_level, *bands in cursor.fetchall():
            cell = outstanding.setdefault(_WORK_GROUP_OF_KIND.get(kind), {}).setdefault(
                risk_level if risk_level in _ASSESSED else "none", dict.fromkeys(_BANDS, 0)
            )
            for band, count in zip(_BANDS, bands, strict=True):
                cell[band] += count
        cursor.execute(_PEOPLE, params)
        people = dict(zip(_PEOPLE_FIELDS, cursor.fetchone(), strict=True))
        cursor.execute(_FIFTY_TWENTY, params)
        fifty_twenty = dict(zip(_FIFTY_TWENTY_FIELDS, cursor.fetchone(), strict=True))
        cursor.execute(_OLDEST, params)
        oldest = {(group, risk): (pk, due_on) for group, risk, pk, due_on, _, _ in cursor.fetchall()}
    metrics = _metrics(
        policy,
        counts=counts,
        by_risk=by_risk,
        people=people,
        fifty_twenty=fifty_twenty,
        outstanding=outstanding,
    )
    return BaselineResult(metrics=metrics, oldest=oldest)


# The rest of the force dashboard page, by hand: each team's figures (the breakdown table), the
# visit crewing of the last 12 months, each supervisor's span and the abstractions by month.
_TEAM_PEOPLE = f"""
WITH away AS ({_AWAY})
SELECT s.team_id,
    count(*) FILTER (WHERE s.role = 'offender_manager'),
    count(*) FILTER (WHERE s.role = 'offender_manager' AND away.staff_id IS NULL),
    count(*) FILTER (WHERE s.role = 'supervisor'),
    count(*) FILTER (WHERE s.role = 'supervisor' AND away.staff_id IS NULL)
FROM workforce_staff s LEFT JOIN away ON away.staff_id = s.id
WHERE s.force_id = %(force)s AND s.team_id IS NOT NULL AND s.is_active
  AND s.role IN ('offender_manager', 'supervisor')
GROUP BY s.team_id
"""  # noqa: S608 - built from the constants above, never from input
_TEAM_VACANCIES = """
SELECT v.team_id, count(*) FROM workforce_absence a JOIN workforce_staff v ON v.id = a.staff_id
WHERE v.force_id = %(force)s AND v.team_id IS NOT NULL AND NOT v.is_active AND a.kind = 'vacancy'
  AND a.starts_on <= %(today)s AND (a.ends_on IS NULL OR a.ends_on >= %(today)s)
GROUP BY v.team_id
"""
_CREWING = """
SELECT date_trunc('month', v.visited_on)::date,
    count(*) FILTER (WHERE v.crew_size >= 2),
    count(*) FILTER (WHERE v.crew_size < 2 AND v.authorisation_id IS NOT NULL),
    count(*) FILTER (WHERE v.crew_size < 2 AND v.authorisation_id IS NULL),
    count(*) FILTER (WHERE v.announced AND v.authorisation_id IS NOT NULL),
    count(*) FILTER (WHERE v.announced AND v.authorisation_id IS NULL)
FROM visits_visit v JOIN offenders_offender o ON o.id = v.offender_id
WHERE o.force_id = %(force)s AND v.status <> 'draft'
  AND v.visited_on >= %(first_month)s AND v.visited_on <= %(today)s
  -- each visit once, as its latest version: not one a submitted or reviewed revision replaced
  AND NOT EXISTS (SELECT 1 FROM visits_visit r WHERE r.supersedes_id = v.id AND r.status <> 'draft')
GROUP BY 1
"""
_SPAN = """
SELECT s.id,
    (SELECT count(*) FROM workforce_staff o WHERE o.supervisor_id = s.id AND o.is_active),
    (SELECT count(*) FROM offenders_offender f JOIN workforce_staff o ON o.id = f.offender_manager_id
     WHERE o.supervisor_id = s.id AND o.is_active AND NOT (f.status = ANY(%(closed)s)))
FROM workforce_staff s
WHERE s.force_id = %(force)s AND s.role = 'supervisor' AND s.is_active
"""
_ABSTRACTIONS = """
SELECT date_trunc('month', a.starts_on)::date, count(*), coalesce(sum(a.hours), 0),
    count(*) FILTER (WHERE a.reviewed_on IS NULL)
FROM workforce_abstraction a JOIN workforce_staff s ON s.id = a.staff_id
WHERE s.force_id = %(force)s AND a.starts_on >= %(first_month)s
GROUP BY 1
"""


@dataclass
class PageBaseline:
    """The numbers of the force dashboard page beyond the force's own (`BaselineResult`)."""

    teams: dict  # team id -> Metrics.as_dict()
    crewing: dict  # first of month -> (double, single authorised, single unauthorised, announced a/u)
    span: dict  # supervisor id -> (officers, nominals)
    abstractions: dict  # first of month -> (count, hours, awaiting review)


def baseline_page_rest(force_id: int, *, today: datetime.date, policy: Policy) -> PageBaseline:
    """The team breakdown, crewing, span and abstractions of the force page, by hand (seven queries)."""
    params = _params(force_id, today=today, policy=policy, first_month=add_months(today.replace(day=1), -11))
    teams: dict[int, dict] = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM workforce_team WHERE force_id = %(force)s", params)
        for (team_id,) in cursor.fetchall():
            teams[team_id] = {
                "counts": dict.fromkeys(_OFFENDER_FIELDS, 0),
                "by_risk": dict.fromkeys(RISK_KEYS, 0),
                "outstanding": _no_outstanding(),
                "people": dict.fromkeys(_PEOPLE_FIELDS, 0),
                "fifty_twenty": dict.fromkeys(_FIFTY_TWENTY_FIELDS, 0),
            }
        cursor.execute(_TEAM_OFFENDER_COUNTS, params)
        for team_id, *row in cursor.fetchall():
            teams[team_id]["counts"], teams[team_id]["by_risk"] = _offender_counts(row)
        cursor.execute(_TEAM_OUTSTANDING_COUNTS, params)
        for team_id, kind, risk_level, *bands in cursor.fetchall():
            cell = teams[team_id]["outstanding"][_WORK_GROUP_OF_KIND[kind]][
                risk_level if risk_level in _ASSESSED else "none"
            ]
            for band, count in zip(_BANDS, bands, strict=True):
                cell[band] += count
        cursor.execute(_TEAM_PEOPLE, params)
        for team_id, *row in cursor.fetchall():
            teams[team_id]["people"].update(zip(_PEOPLE_FIELDS[:4], row, strict=True))
        cursor.execute(_TEAM_VACANCIES, params)
        for team_id, count in cursor.fetchall():
            teams[team_id]["people"]["vacancies"] = count
        cursor.execute(_TEAM_FIFTY_TWENTY, params)
        for team_id, *row in cursor.fetchall():
            teams[team_id]["fifty_twenty"] = dict(zip(_FIFTY_TWENTY_FIELDS, row, strict=True))
        cursor.execute(_CREWING, params)
        crewing = {month: tuple(counts) for month, *counts in cursor.fetchall()}
        cursor.execute(_SPAN, params)
        span = {pk: (officers, nominals) for pk, officers, nominals in cursor.fetchall()}
        cursor.execute(_ABSTRACTIONS, params)
        abstractions = {
            month: (n, float(hours), unreviewed) for month, n, hours, unreviewed in cursor.fetchall()
        }
    team_metrics = {team_id: _metrics(policy, **t).as_dict() for team_id, t in teams.items()}
    return PageBaseline(teams=team_metrics, crewing=crewing, span=span, abstractions=abstractions)


def baseline_page(
    force_id: int, *, today: datetime.date, policy: Policy
) -> tuple[BaselineResult, PageBaseline]:
    """Every number of the force dashboard page, by hand: the like-for-like baseline."""
    return (
        baseline_force_metrics(force_id, today=today, policy=policy),
        baseline_page_rest(force_id, today=today, policy=policy),
    )


def page_differences(rest: PageBaseline, board) -> list[str]:
    """Where the hand-written team breakdown, crewing, span and abstractions disagree with the page."""
    found = []
    page_teams = {child.key: metrics.as_dict() for child, _, metrics in board.children}
    for team_id in sorted(set(rest.teams) | set(page_teams)):
        if rest.teams.get(team_id) != page_teams.get(team_id):
            found.append(f"team {team_id}: baseline and dashboard differ")
    crewing = {
        datetime.datetime.strptime(row.header.value, "%B %Y").date(): tuple(c.value for c in row.cells)  # noqa: DTZ007
        for row in board.table("crewing").rows
    }
    for month, counts in crewing.items():
        if rest.crewing.get(month, (0, 0, 0, 0, 0)) != counts:
            found.append(f"crewing {month:%Y-%m}: baseline {rest.crewing.get(month)}, dashboard {counts}")
    span = sorted(tuple(c.value for c in row.cells) for row in board.table("span").rows)
    if span != sorted(rest.span.values()):
        found.append(f"supervisor span: baseline {sorted(rest.span.values())}, dashboard {span}")
    for row in board.table("abstractions").rows:
        month = datetime.datetime.strptime(row.header.value, "%B %Y").date()  # noqa: DTZ007
        counts = tuple(c.value for c in row.cells)
        if rest.abstractions.get(month, (0, 0.0, 0)) != counts:
            found.append(
                f"abstractions {month:%Y-%m}: baseline {rest.abstractions.get(month)}, dashboard {counts}"
            )
    return found


def dashboard_numbers(force: Force, *, today: datetime.date, policy: Policy) -> BaselineResult:
    """The same numbers as the dashboard computes them (`compute` and `oldest_overdue`)."""
    metrics = compute(Level.FORCE, keys=[force.pk], force_id=force.pk, today=today, policy=policy)[force.pk]
    oldest = oldest_overdue(Scope(Level.FORCE, force).outstanding(), today=today)
    return BaselineResult(
        metrics=metrics, oldest={key: (item.pk, item.due_on) for key, item in oldest.items()}
    )


def differences(baseline: BaselineResult, dashboard: BaselineResult) -> list[str]:
    """Every number on which the two disagree, named (an empty list when they agree)."""
    found = []
    ours, theirs = baseline.metrics.as_dict(), dashboard.metrics.as_dict()
    for name in sorted(set(ours) | set(theirs)):
        if ours.get(name) != theirs.get(name):
            found.append(f"{name}: baseline {ours.get(name)!r}, dashboard {theirs.get(name)!r}")
    for key in sorted(set(baseline.oldest) | set(dashboard.oldest), key=str):
        if baseline.oldest.get(key) != dashboard.oldest.get(key):
            found.append(
                f"oldest overdue {key}: baseline {baseline.oldest.get(key)}, "
                f"dashboard {dashboard.oldest.get(key)}"
            )
    return found


def count_numbers(result: BaselineResult) -> int:
    """How many numbers a comparison covers (every count, nested ones included, and oldest items)."""

    def leaves(value) -> int:
        return sum(leaves(v) for v in value.values()) if isinstance(value, dict) else 1

    return leaves(result.metrics.as_dict()) + len(result.oldest)


# ---------------------------------------------------------------- the pages


class QueryLog:
    """Every SQL statement run while it is installed (`connection.execute_wrapper`), with its
    time: unlike `CaptureQueriesContext` it needs no DEBUG and survives the `reset_queries`
    that every request starts with."""

    def __init__(self):
        self.queries: list[tuple[float, str]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((_ms_since(started), sql))

    def __len__(self) -> int:
        return len(self.queries)

    @property
    def total_ms(self) -> float:
        return sum(ms for ms, _ in self.queries)

    def slowest(self, count: int) -> list[tuple[float, str]]:
        return sorted(self.queries, key=lambda query: query[0], reverse=True)[:count]


def get(client: Client, url: str) -> tuple[float, QueryLog]:
    """GET `url` (it must answer 200): the milliseconds it took and the queries it ran."""
    queries = QueryLog()
    with connection.execute_wrapper(queries):
        started = time.perf_counter()
        response = client.get(url)
        elapsed = _ms_since(started)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return elapsed, queries


@dataclass
class Page:
    """One dashboard address timed: how long it took and the queries of its warm-up request."""

    label: str
    timings: Timings
    warm_up_ms: float
    queries: QueryLog


def time_page(client: Client, label: str, url: str, requests: int) -> Page:
    """One warm-up request (its queries counted and timed), then `requests` timed ones."""
    warm_up_ms, queries = get(client, url)
    timings = Timings()
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        timings.samples.append(_ms_since(started))
        if response.status_code != 200:
            raise RuntimeError(f"{label}: GET {url} answered {response.status_code}")
    return Page(label, timings, warm_up_ms, queries)


@dataclass
class ForceChoice:
    force: Force
    managed: int
    leader: Staff
    team: Team
    officer: Staff


def _managed() -> Q:
    return ~Q(offenders__status__in=CLOSED_STATUSES)


def force_choices() -> tuple[ForceChoice, ForceChoice]:
    """The largest and the smallest force by offenders managed, each with its senior leader, its
    largest team and the offender manager with the biggest caseload."""
    forces = list(
        Force.objects.annotate(managed=Count("offenders", filter=_managed())).order_by("-managed", "pk")
    )

    def choose(force) -> ForceChoice:
        leader = (
            Staff.objects.filter(force=force, role=Role.SENIOR_LEADER, is_active=True).order_by("pk").first()
        )
        team = (
            Team.objects.filter(force=force)
            .annotate(managed=Count("offenders", filter=_managed()))
            .order_by("-managed", "pk")
            .first()
        )
        officer = (
            Staff.objects.filter(force=force, role=Role.OFFENDER_MANAGER, is_active=True)
            .annotate(managed=Count("caseload", filter=~Q(caseload__status__in=CLOSED_STATUSES)))
            .order_by("-managed", "pk")
            .first()
        )
        if leader is None or team is None or officer is None:
            raise RuntimeError(f"{force} has no senior leader, team or offender manager to benchmark.")
        return ForceChoice(force, force.managed, leader, team, officer)

    return choose(forces[0]), choose(forces[-1])


def signed_in_client(user: Staff) -> Client:
    """A test client signed in as `user` the way the whole sign-in leaves a session: the password
    step (`force_login`) and the code from the user's authenticator (`demo_authenticator`, made
    for a demo leader who has none, recorded as verified as `django_otp.login` does). Without
    it every page redirects to the code."""
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = demo_authenticator(user.username).persistent_id
    session.save()
    return client


def page_urls(choice: ForceChoice) -> dict[str, str]:
    page = reverse("dashboard")
    return {
        "force": f"{page}?scope=force",
        "team": f"{page}?scope=team:{choice.team.pk}",
        "om": f"{page}?scope=om:{choice.officer.pk}",
        "api": f"{reverse('api-dashboard')}?scope=force",
    }


def time_metrics(force: Force, *, today, policy, requests: int) -> tuple[Timings, Timings, Timings]:
    """The baselines (the force's own numbers; every number of the force page) and the
    dashboard's own `compute` + `oldest_overdue` for the force, timed alternately (after one
    warm-up each) so load on the machine falls on all alike."""
    force_only, whole_page, orm = Timings(), Timings(), Timings()
    baseline_page(force.pk, today=today, policy=policy)
    dashboard_numbers(force, today=today, policy=policy)
    for _ in range(requests):
        started = time.perf_counter()
        baseline_force_metrics(force.pk, today=today, policy=policy)
        force_only.samples.append(_ms_since(started))
        started = time.perf_counter()
        baseline_page(force.pk, today=today, policy=policy)
        whole_page.samples.append(_ms_since(started))
        started = time.perf_counter()
        dashboard_numbers(force, today=today, policy=policy)
        orm.samples.append(_ms_since(started))
    return force_only, whole_page, orm


# ---------------------------------------------------------------- the run


def _judge(outcome: Outcome, figure: str, measured: str, target: str, met: bool) -> None:
    outcome.targets.append(Target(figure, measured, target, met))


def run(
    *, offenders: int, seed: int, forces: int | None, requests: int, writes: int, reseed: bool, log
) -> Outcome:
    """The whole benchmark, printing as it goes; the caller reports the summary and fails the
    run if the baseline disagreed."""
    outcome = Outcome()
    today = timezone.localdate()
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    with override_settings(DEBUG=False, ALLOWED_HOSTS=hosts):
        log("== Machine")
        for line in machine_info():
            log(f"  {line}")
        seconds = prepare_data(
            offenders=offenders, seed=seed, forces=forces, reseed=reseed, today=today, log=log
        )
        if seconds is not None:
            log(f"Seed: {seconds:.1f} s")

        log("== Full recompute (outstanding_recompute_all)")
        runs = []
        was_empty = not OutstandingItem.objects.exists()
        for label in ("first fill of an empty table", "nightly run") if was_empty else ("nightly run",):
            started = time.perf_counter()
            result = outstanding_recompute_all()
            elapsed = time.perf_counter() - started
            runs.append(elapsed)
            log(
                f"Full recompute ({label}): {elapsed:.1f} s for {result.offenders:,} offenders "
                f"({result.added:,} items added, {result.removed:,} removed, {result.changed:,} changed)"
            )
        _judge(
            outcome,
            "Full recompute (nightly run)",
            f"{runs[-1]:.1f} s",
            f"<= {FULL_RECOMPUTE_TARGET_S} s",
            runs[-1] <= FULL_RECOMPUTE_TARGET_S,
        )

        log("== Dataset")
        for name, count in dataset_size().items():
            log(f"  {name}: {count:,}")

        log(f"== Incremental recompute per write ({writes} visits logged and submitted, inline recompute)")
        w = time_writes(writes=writes, rng=random.Random(seed), today=today, log=log)
        log(f"Incremental recompute after commit (one offender): {w.recompute.summary()}")
        log(f"Write alone (visit_save + record_submit, committed): {w.write.summary()}")
        log(f"Write + recompute: {w.total.summary()}")
        log(f"Recompute of the same offender again (nothing to change): {w.repeat.summary()}")
        _judge(
            outcome,
            "Incremental recompute p95",
            f"{w.recompute.p95:.1f} ms",
            f"<= {INCREMENTAL_RECOMPUTE_TARGET_MS} ms",
            w.recompute.p95 <= INCREMENTAL_RECOMPUTE_TARGET_MS,
        )

        largest, smallest = force_choices()
        policy = ForcePolicy.rules_for(largest.force.pk)
        log(f"== Dashboards ({requests} requests each after one warm-up; DEBUG off; in-process test client)")
        log(
            f"Largest force: {largest.force} ({largest.managed:,} managed offenders); team "
            f"{largest.team}; OM {largest.officer} (the biggest caseload)"
        )
        client = signed_in_client(largest.leader)
        pages = {}
        for key, url in page_urls(largest).items():
            page = time_page(client, PAGE_LABELS[key], url, requests)
            pages[key] = page
            log(f"{page.label} {url}: {page.timings.summary()}; {len(page.queries)} queries")
        force_page = pages["force"]
        log(
            f"Force dashboard, where the warm-up request's {force_page.warm_up_ms:.1f} ms went: "
            f"{force_page.queries.total_ms:.1f} ms in {len(force_page.queries)} SQL queries "
            f"(the rest is Python: building the tables, rendering the template); the slowest:"
        )
        for ms, sql in force_page.queries.slowest(SLOWEST_QUERIES_SHOWN):
            log(f"  {ms:7.1f} ms  {' '.join(sql.split())[:QUERY_TEXT_SHOWN]}")
        _judge(
            outcome,
            "Force dashboard p95",
            f"{force_page.timings.p95:.1f} ms",
            f"<= {FORCE_DASHBOARD_P95_TARGET_MS} ms",
            force_page.timings.p95 <= FORCE_DASHBOARD_P95_TARGET_MS,
        )

        log("== Raw-SQL baselines (hand-written queries, no ORM)")
        force_timings, baseline_timings, orm_timings = time_metrics(
            largest.force, today=today, policy=policy, requests=requests
        )
        log(f"Baseline, the force's own numbers (five queries): {force_timings.summary()}")
        log(
            "Baseline, every number of the force page (the force, each team, crewing, span, "
            f"abstractions; twelve queries): {baseline_timings.summary()}"
        )
        log(f"Dashboard's compute() + oldest_overdue() for the force: {orm_timings.summary()}")
        ratio_p95 = force_page.timings.p95 / baseline_timings.p95
        ratio_p50 = force_page.timings.p50 / baseline_timings.p50
        log(f"Ratio force dashboard page / whole-page baseline: p95 {ratio_p95:.2f}x, p50 {ratio_p50:.2f}x")
        log(
            "Ratio compute() + oldest_overdue() / force baseline: "
            f"p95 {orm_timings.p95 / force_timings.p95:.1f}x, "
            f"p50 {orm_timings.p50 / force_timings.p50:.1f}x"
        )
        _judge(
            outcome,
            "Force dashboard p95 / baseline p95",
            f"{ratio_p95:.2f}x",
            f"<= {BASELINE_RATIO_TARGET}x",
            ratio_p95 <= BASELINE_RATIO_TARGET,
        )
        baseline, rest = baseline_page(largest.force.pk, today=today, policy=policy)
        dashboard = dashboard_numbers(largest.force, today=today, policy=policy)
        board = build(Scope(Level.FORCE, largest.force), today=today, policy=policy)
        outcome.differences = differences(baseline, dashboard) + page_differences(rest, board)
        if outcome.baseline_agrees:
            log(
                f"Baseline agrees with the dashboard: all {count_numbers(dashboard):,} numbers of "
                f"{largest.force}, and its {len(rest.teams)} teams' figures, crewing, span and abstractions, "
                "are equal."
            )
        else:
            log(f"BASELINE DISAGREES with the dashboard on {len(outcome.differences)} numbers:")
            for line in outcome.differences:
                log(f"  {line}")
        _judge(
            outcome,
            "Baseline numbers equal the dashboard's",
            "equal" if outcome.baseline_agrees else f"{len(outcome.differences)} differ",
            "equal",
            outcome.baseline_agrees,
        )

        log(f"== Query counts: largest force vs smallest ({smallest.force}, {smallest.managed:,} managed)")
        small_client = signed_in_client(smallest.leader)
        counts = {}
        for key, url in page_urls(smallest).items():
            _, queries = get(small_client, url)
            big, small = counts[key] = (len(pages[key].queries), len(queries))
            log(f"  {PAGE_LABELS[key]}: {big} queries on the largest force, {small} on the smallest")
        same = all(big == small for big, small in counts.values())
        _judge(
            outcome,
            "Query count independent of data size",
            ", ".join(f"{key} {big}/{small}" for key, (big, small) in counts.items()),
            "equal",
            same,
        )
        log("== Machine, at the end")
        log(f"  load average (1, 5, 15 min): {', '.join(f'{v:.2f}' for v in os.getloadavg())}")
    return outcome


def summary(outcome: Outcome) -> list[str]:
    width = max(len(t.figure) for t in outcome.targets)
    measured = max(len(t.measured) for t in outcome.targets)
    target = max(len(t.target) for t in outcome.targets)
    lines = [f"{'Figure':<{width}}  {'Measured':<{measured}}  {'Target':<{target}}  Result"]
    for t in outcome.targets:
        result = "MET" if t.met else "MISSED"
        lines.append(f"{t.figure:<{width}}  {t.measured:<{measured}}  {t.target:<{target}}  {result}")
    return lines
