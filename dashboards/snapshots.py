"""Daily, weekly and monthly snapshots of every metric of every force, team and offender
manager, kept for trends; weekly and monthly ones also keep who was counted and which items
were outstanding, so the two can be reconciled [docs/rules.md § Dashboards].

Taking a snapshot twice on one day replaces the first: the nightly job is safe to repeat.
"""

import datetime
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q

from dashboards.metrics import GROUP_COLUMN, Level, compute
from dashboards.models import MetricSnapshot, SnapshotRun
from rules.choices import CLOSED_STATUSES
from rules.dates import add_months
from workforce.models import Force, ForcePolicy, Role, Staff, Team


def periods_due(today: datetime.date) -> list[str]:
    """Every day a daily snapshot; on Mondays a weekly one; on the 1st a monthly one."""
    periods = [SnapshotRun.Period.DAILY]
    if today.weekday() == 0:
        periods.append(SnapshotRun.Period.WEEKLY)
    if today.day == 1:
        periods.append(SnapshotRun.Period.MONTHLY)
    return periods


@dataclass
class SnapshotResult:
    period: str
    taken_on: datetime.date
    scopes: int
    offenders: int
    items: int


def _metric_rows(run: SnapshotRun, today: datetime.date) -> list[MetricSnapshot]:
    rows = []
    for force in Force.objects.order_by("pk"):
        policy = ForcePolicy.rules_for(force.pk)
        levels = {
            Level.FORCE: [force.pk],
            Level.TEAM: list(Team.objects.filter(force=force).values_list("pk", flat=True)),
            Level.OM: list(
                Staff.objects.filter(force=force, role=Role.OFFENDER_MANAGER, is_active=True).values_list(
                    "pk", flat=True
                )
            ),
        }
        for level, keys in levels.items():
            for key, metrics in compute(
                level, keys=keys, force_id=force.pk, today=today, policy=policy
            ).items():
                rows.append(
                    MetricSnapshot(run=run, level=level, key=key, force=force, metrics=metrics.as_dict())
                )
    return rows


# Who was counted and what was outstanding, copied in SQL (a national snapshot is ~100,000
# offenders and ~400,000 items: far too many to pass through Python).
_COPY_OFFENDERS = """
    INSERT INTO dashboards_snapshotoffender
        (run_id, offender_id, force_id, team_id, offender_manager_id, status, risk_level, lead_agency)
    SELECT %s, id, force_id, team_id, offender_manager_id, status, risk_level, lead_agency
    FROM offenders_offender
    WHERE status <> ALL(%s)
"""
_COPY_ITEMS = """
    INSERT INTO dashboards_snapshotitem (run_id, offender_id, force_id, team_id, offender_manager_id,
                                         kind, related_item_id, due_on, risk_level)
    SELECT %s, offender_id, force_id, team_id, offender_manager_id,
           kind, related_item_id, due_on, risk_level
    FROM dashboards_outstandingitem
"""


@transaction.atomic
def snapshot_take(*, period: str, today: datetime.date, figures_only: bool = False) -> SnapshotResult:
    """Take (or take again) the snapshot of `period` for `today`, every scope of every force.
    Weekly and monthly ones keep the offenders and items behind the figures unless `figures_only`."""
    SnapshotRun.objects.filter(period=period, taken_on=today).delete()
    run = SnapshotRun.objects.create(period=period, taken_on=today)
    metric_rows = _metric_rows(run, today)
    MetricSnapshot.objects.bulk_create(metric_rows, batch_size=2000)
    offenders = items = 0
    if period != SnapshotRun.Period.DAILY and not figures_only:
        with connection.cursor() as cursor:
            cursor.execute(_COPY_OFFENDERS, [run.pk, list(CLOSED_STATUSES)])
            offenders = cursor.rowcount
            cursor.execute(_COPY_ITEMS, [run.pk])
            items = cursor.rowcount
    run.offenders, run.items = offenders, items
    run.save(update_fields=["offenders", "items"])
    return SnapshotResult(
        period=period, taken_on=today, scopes=len(metric_rows), offenders=offenders, items=items
    )


def snapshots_take_due(*, today: datetime.date) -> list[SnapshotResult]:
    return [snapshot_take(period=period, today=today) for period in periods_due(today)]


BACKFILL_WEEKS = 52
BACKFILL_MONTHS = 12


def backfill_dates(today: datetime.date) -> list[tuple[str, datetime.date]]:
    """The weekly (Mondays) and monthly (1sts) snapshot dates of the year before `today`,
    oldest first, `today` itself left out."""
    last_monday = today - datetime.timedelta(days=today.weekday() or 7)
    weeks = [last_monday - datetime.timedelta(weeks=n) for n in range(BACKFILL_WEEKS)]
    first = today.replace(day=1) if today.day != 1 else add_months(today, -1)
    months = [add_months(first, -n) for n in range(BACKFILL_MONTHS)]
    dates = [(SnapshotRun.Period.WEEKLY, day) for day in weeks] + [
        (SnapshotRun.Period.MONTHLY, day) for day in months
    ]
    return sorted(dates, key=lambda pair: (pair[1], pair[0]))


def snapshots_backfill(*, today: datetime.date) -> list[SnapshotResult]:
    """For the demo, whose records start today: a year of weekly and monthly snapshots before
    `today`, so trends show more than one point on first run. Each is worked out from today's
    records as if on its date (what was due by then counts as overdue then) and keeps the
    figures only: there is no past list of offenders to reconcile. Runs already taken stay."""
    taken = set(SnapshotRun.objects.values_list("period", "taken_on"))
    return [
        snapshot_take(period=period, today=day, figures_only=True)
        for period, day in backfill_dates(today)
        if (period, day) not in taken
    ]


def keeps_records() -> Q:
    """Runs that kept the offenders and items behind their figures (those reconciliation can use)."""
    return Q(offenders__gt=0) | Q(items__gt=0)


def trend(*, level: str, key: int, period: str, limit: int = 12) -> list[MetricSnapshot]:
    """The scope's last `limit` snapshots of `period`, oldest first."""
    rows = (
        MetricSnapshot.objects.filter(level=level, key=key, run__period=period)
        .select_related("run")
        .order_by("-run__taken_on")[:limit]
    )
    return list(reversed(rows))


@dataclass(frozen=True)
class Reconciliation:
    weekly: SnapshotRun
    monthly: SnapshotRun
    offenders_only_weekly: list[int]
    offenders_only_monthly: list[int]
    items_only_weekly: list[tuple]
    items_only_monthly: list[tuple]

    @property
    def agrees(self) -> bool:
        return not (
            self.offenders_only_weekly
            or self.offenders_only_monthly
            or self.items_only_weekly
            or self.items_only_monthly
        )


_OFFENDERS_ONLY = """
    SELECT offender_id FROM dashboards_snapshotoffender WHERE run_id = %s AND {scope}
    EXCEPT
    SELECT offender_id FROM dashboards_snapshotoffender WHERE run_id = %s AND {scope}
    ORDER BY offender_id
"""
_ITEMS_ONLY = """
    SELECT offender_id, kind, related_item_id, due_on
    FROM dashboards_snapshotitem WHERE run_id = %s AND {scope}
    EXCEPT
    SELECT offender_id, kind, related_item_id, due_on
    FROM dashboards_snapshotitem WHERE run_id = %s AND {scope}
    ORDER BY offender_id, kind, related_item_id
"""


def reconcile(*, weekly: SnapshotRun, monthly: SnapshotRun, level: str, key: int) -> Reconciliation:
    """Offenders and outstanding items counted in one snapshot and missing from the other,
    within one scope (four queries, set differences done by PostgreSQL)."""
    scope = f"{GROUP_COLUMN[level]} = %s"
    with connection.cursor() as cursor:

        def difference(sql, first, second):
            cursor.execute(sql.format(scope=scope), [first.pk, key, second.pk, key])
            return cursor.fetchall()

        return Reconciliation(
            weekly=weekly,
            monthly=monthly,
            offenders_only_weekly=[row[0] for row in difference(_OFFENDERS_ONLY, weekly, monthly)],
            offenders_only_monthly=[row[0] for row in difference(_OFFENDERS_ONLY, monthly, weekly)],
            items_only_weekly=difference(_ITEMS_ONLY, weekly, monthly),
            items_only_monthly=difference(_ITEMS_ONLY, monthly, weekly),
        )


def latest_runs() -> tuple[SnapshotRun | None, SnapshotRun | None]:
    """The latest weekly and monthly snapshots."""
    runs = SnapshotRun.objects.filter(~Q(period=SnapshotRun.Period.DAILY)).order_by("-taken_on", "-pk")
    weekly = runs.filter(period=SnapshotRun.Period.WEEKLY).first()
    monthly = runs.filter(period=SnapshotRun.Period.MONTHLY).first()
    return weekly, monthly
