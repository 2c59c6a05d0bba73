"""The force, team and offender manager dashboards as tables: what the page shows, what the
charts are drawn from, and what the exports hold. Every count links to the list of records
behind it (`dashboards.drilldown`); the whole page costs a fixed number of queries.
"""

import datetime
import functools
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse

from dashboards.metrics import (
    NOT_ASSESSED,
    NOTIFICATION_DUE_SOON_DAYS,
    OVERDUE_BANDS,
    RISK_KEYS,
    WORK_GROUP_KINDS,
    Level,
    Metrics,
    Overdue,
    WorkGroup,
    compute,
    force_from_teams,
    notification_bands,
    oldest_overdue,
    overdue_count,
)
from dashboards.models import SnapshotRun
from dashboards.scopes import Scope
from dashboards.snapshots import trend
from dashboards.tables import Cell, Table
from kit.text import mid_sentence
from outstanding.models import RecomputeRun
from rules.caseload import fifty_twenty
from rules.choices import CLOSED_STATUSES, RiskLevel
from rules.dates import add_months, days_overdue
from rules.policy import Policy
from visits.selectors import CREWING_FILTERS, crewing_by_month
from workforce.models import Abstraction, Role, Team
from workforce.selectors import team_offender_managers

RISK_LABELS = {**{str(level): str(level.label) for level in RiskLevel}, NOT_ASSESSED: "Not assessed"}
# The work groups the dashboard shows a table for, most looked-at first.
OUTSTANDING_TABLES = (
    WorkGroup.VISIT,
    WorkGroup.ARMS,
    WorkGroup.RMP,
    WorkGroup.REVIEW,
    WorkGroup.POST_LICENCE,
    WorkGroup.REACTIVE,
    WorkGroup.PND,
    WorkGroup.CONDITION_CHECK,
    WorkGroup.NOTIFICATION,
    WorkGroup.ADDRESS_VERIFICATION,
)
OLDEST_GROUPS = (WorkGroup.VISIT, WorkGroup.ARMS, WorkGroup.RMP, WorkGroup.REVIEW)
TREND_MONTHS = 12


@functools.cache
def _list_path(kind: str) -> str:
    return reverse("dashboard-list", args=[kind])


def list_url(kind: str, scope: Scope, **params) -> str:
    """The address of the records behind a number (see `dashboards.drilldown`)."""
    query = {
        "scope": scope.token,
        **{name: value for name, value in params.items() if value not in (None, "")},
    }
    return f"{_list_path(kind)}?{urlencode(query)}"


@dataclass
class Dashboard:
    scope: Scope
    metrics: Metrics
    tables: list[Table]
    children: list  # (Scope-like token, name, Metrics) of the level below
    last_recompute: RecomputeRun | None
    last_snapshot: SnapshotRun | None

    def table(self, key: str) -> Table:
        return next(table for table in self.tables if table.key == key)


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def caseload_table(scope: Scope, m: Metrics) -> Table:
    table = Table("caseload", "Nominals", ["Measure", "Number"])
    for measure, label in (
        ("total", "Nominals managed"),
        ("community", "In the community (every type)"),
        ("community_rso", "Registered sex offenders in the community"),
        ("police_led_community", "Police-led in the community"),
        ("reactive", "Under reactive management"),
        ("wanted_or_missing", "Wanted or missing"),
        ("in_custody", "In custody"),
        ("high_risk_community", "High or very high risk in the community (every type)"),
        ("high_risk_community_rso", "High or very high risk registered sex offenders in the community"),
    ):
        table.add(label, [Cell(getattr(m, measure), url=list_url("offenders", scope, measure=measure))])
    return table


def risk_table(scope: Scope, m: Metrics) -> Table:
    table = Table("risk", "Nominals managed by ARMS risk level", ["Risk level", "Nominals"], chart="bars")
    for risk in RISK_KEYS:
        table.add(
            RISK_LABELS[risk],
            [Cell(m.by_risk[risk], url=list_url("offenders", scope, measure=f"risk_{risk}"))],
        )
    return table


def staffing_table(scope: Scope, m: Metrics) -> Table:
    """Staff in post and the ratios. One officer's dashboard has only their own caseload against
    the 50/20 target: posts, supervisors, cover and spans are about a team, not one officer
    ("Supervisors in post 0"), and nominals per offender manager is their caseload again."""
    one_officer = scope.level == Level.OM
    table = Table(
        "staffing", "Caseload ratios" if one_officer else "Staffing and ratios", ["Measure", "Number"]
    )
    people = (
        []
        if one_officer
        else [
            ("offender_managers", "Offender managers in post", m.offender_managers),
            (
                "offender_managers_available",
                "Offender managers available (no long-term absence)",
                m.offender_managers_available,
            ),
            ("supervisors", "Supervisors in post", m.supervisors),
            ("supervisors_available", "Supervisors available", m.supervisors_available),
            ("vacancies", "Vacant offender manager posts", m.vacancies),
            ("needing_cover", "Caseloads of absent offender managers needing cover", m.needing_cover),
        ]
    )
    for measure, label, value in people:
        table.add(label, [Cell(value, url=list_url("staff", scope, measure=measure))])
    if not one_officer:
        table.add("Nominals per offender manager", [Cell(m.ratio_overall)])
    # Both figures, whichever 50/20 counts (docs/rules.md § Caseloads: the 50/20 rule); the one it
    # counts is held against the target.
    counted = m.fifty_twenty_measures[0]
    for measure, overall, adjusted, what in (
        ("community_rso", m.ratio_community_rso, m.ratio_adjusted_rso, "Community RSOs"),
        ("community", m.ratio_community, m.ratio_adjusted, "All community nominals"),
    ):
        note = "counted for 50/20" if measure == counted else ""
        table.add(f"{what} per offender manager", [Cell(overall, note=note)])
        table.add(
            f"{what} per available offender manager (adjusted)",
            [Cell(adjusted, note=note, emphasis=measure == counted and (adjusted or 0) > m.caseload_target)],
        )
    if not one_officer:
        table.add("Offender managers per supervisor", [Cell(m.span_offender_managers)])
        table.add("Nominals per supervisor", [Cell(m.span_offenders)])
    return table


def completion_table(scope: Scope, m: Metrics) -> Table:
    table = Table(
        "completion",
        f"ARMS and RMP completion where police lead (target {m.completion_target_percent}%)",
        ["Work", "Police-led nominals", "Up to date", "Overdue", "Completion %"],
        description="Up to date: no overdue ARMS assessment (or RMP review, a reactive case's annual "
        "RMP review included), including the 15-day post-licence ARMS and RMP.",
    )
    for name, complete, late, rate in (
        ("ARMS assessment", m.arms_complete, "arms_late", m.arms_completion_percent),
        ("Risk management plan", m.rmp_complete, "rmp_late", m.rmp_completion_percent),
    ):
        table.add(
            name,
            [
                Cell(m.police_led, url=list_url("offenders", scope, measure="police_led")),
                Cell(complete, url=list_url("offenders", scope, measure=late.replace("late", "complete"))),
                Cell(m.police_led - complete, url=list_url("offenders", scope, measure=late)),
                Cell(_pct(rate), emphasis=rate is not None and rate < m.completion_target_percent),
            ],
        )
    return table


def outstanding_table(scope: Scope, m: Metrics, group: WorkGroup) -> Table:
    bands = [Overdue.NOT_YET, *OVERDUE_BANDS]
    table = Table(
        f"outstanding_{group}",
        f"Outstanding {mid_sentence(group.label)} by risk level and how overdue",
        ["Risk level", *[str(band.label) for band in bands], "All overdue", "All outstanding"],
    )
    for risk in (*RISK_KEYS, None):
        label = RISK_LABELS[risk] if risk else "All levels"
        cells = []
        for band in bands:
            count = sum(m.outstanding[group][r][band] for r in ([risk] if risk else RISK_KEYS))
            cells.append(
                Cell(
                    count,
                    url=list_url("outstanding", scope, group=group, risk=risk, band=band),
                    emphasis=band != Overdue.NOT_YET and count > 0,
                )
            )
        cells.append(
            Cell(
                m.overdue(group, risk),
                url=list_url("outstanding", scope, group=group, risk=risk, band="overdue"),
            )
        )
        cells.append(
            Cell(m.outstanding_total(group, risk), url=list_url("outstanding", scope, group=group, risk=risk))
        )
        table.add(label, cells)
    return table


def oldest_table(scope: Scope, today: datetime.date) -> Table:
    """The oldest outstanding ARMS, RMP, visit and review at each risk level [docs/rules.md § Dashboards]."""
    oldest = oldest_overdue(scope.outstanding(), today=today)
    table = Table(
        "oldest",
        "The oldest overdue item at each risk level",
        ["Risk level", *[str(group.label) for group in OLDEST_GROUPS]],
    )
    for risk in RISK_KEYS:
        cells = []
        for group in OLDEST_GROUPS:
            item = oldest.get((str(group), risk))
            if item is None:
                cells.append(Cell("None overdue"))
                continue
            table.offender_ids.append(item.offender_id)
            cells.append(
                Cell(
                    f"Due {item.due_on:%-d %B %Y}",
                    url=reverse("offender-record", args=[item.offender_id]),
                    note=f"{days_overdue(item.due_on, today):,} days overdue: "
                    f"{item.offender.last_name.upper()}, {item.offender.first_name}",
                    emphasis=True,
                )
            )
        table.add(RISK_LABELS[risk], cells)
    return table


def children_table(scope: Scope, children: list, policy: Policy) -> Table:
    """The level below (teams of a force, offender managers of a team) side by side: community
    RSOs and all community nominals, 50/20 (on the caseload it counts), ratios, overdue work
    and completion, each row opening its own dashboard."""
    if scope.level == Level.FORCE:
        caption, first = "Teams", "Team"
    else:
        caption, first = "Offender managers: 50/20 and overdue work", "Offender manager"
    table = Table(
        "breakdown",
        caption,
        [
            first,
            "Community RSOs",
            "All in the community",
            "High or very high (of the 50/20 caseload)",
            "50/20",
            "Adjusted ratio (50/20 caseload)",
            "Overdue visits",
            "Overdue ARMS",
            "Overdue RMP reviews",
            "Overdue supervisor reviews",
            "ARMS completion %",
        ],
    )
    for child, name, m in children:
        status = fifty_twenty(
            community=m.fifty_twenty_community, high_risk=m.fifty_twenty_high_risk, policy=policy
        )
        if scope.level == Level.FORCE:
            judged = (
                f"{m.over_target} over {policy.caseload_target}, "
                f"{m.over_share} over {policy.high_risk_share_max_percent}%"
            )
        else:
            judged = status.summary
        table.add(
            Cell(name, url=child.url),
            [
                Cell(m.community_rso, url=list_url("offenders", child, measure="community_rso")),
                Cell(m.community, url=list_url("offenders", child, measure="community")),
                Cell(
                    m.fifty_twenty_high_risk,
                    url=list_url("offenders", child, measure=m.fifty_twenty_measures[1]),
                    note=f"{status.high_risk_percent:.0f}%",
                ),
                Cell(
                    judged,
                    emphasis=not status.within
                    if scope.level == Level.TEAM
                    else bool(m.over_target or m.over_share),
                ),
                Cell(m.ratio_adjusted_fifty_twenty),
                Cell(
                    m.overdue(WorkGroup.VISIT),
                    url=list_url("outstanding", child, group="visit", band="overdue"),
                ),
                Cell(
                    m.overdue(WorkGroup.ARMS),
                    url=list_url("outstanding", child, group="arms", band="overdue"),
                ),
                Cell(
                    m.overdue(WorkGroup.RMP), url=list_url("outstanding", child, group="rmp", band="overdue")
                ),
                Cell(
                    m.overdue(WorkGroup.REVIEW),
                    url=list_url("outstanding", child, group="review", band="overdue"),
                ),
                Cell(_pct(m.arms_completion_percent)),
            ],
        )
    return table


def span_table(scope: Scope, policy: Policy) -> Table:
    """Each supervisor's span: officers supervised and the nominals they hold
    [docs/rules.md § People and places]."""
    supervisors = (
        scope.staff()
        .filter(role=Role.SUPERVISOR, is_active=True)
        .annotate(
            officers=Count("supervisees", filter=Q(supervisees__is_active=True), distinct=True),
            nominals=Count(
                "supervisees__caseload",
                filter=Q(supervisees__is_active=True) & ~Q(supervisees__caseload__status__in=CLOSED_STATUSES),
                distinct=True,
            ),
        )
        .order_by("last_name", "first_name", "pk")
    )
    table = Table(
        "span",
        f"Supervisor span (guidance 6 to {policy.supervisor_span_max} officers each)",
        ["Supervisor", "Officers supervised", "Nominals they hold"],
    )
    for supervisor in supervisors:
        table.add(
            str(supervisor),
            [
                Cell(
                    supervisor.officers,
                    url=list_url("staff", scope, measure="supervised_by", supervisor=supervisor.pk),
                    emphasis=supervisor.officers > policy.supervisor_span_max,
                ),
                Cell(supervisor.nominals),
            ],
        )
    return table


# The registration compliance table's rows: (band of the outstanding list, label).
COMPLIANCE_ROWS = (
    ("due_soon", f"Notifications due in the next {NOTIFICATION_DUE_SOON_DAYS} days"),
    ("overdue", "Notifications overdue: failed to notify"),
    ("overdue_this_month", "Failed to notify this month (last day this month, not yet made)"),
)


def compliance_table(scope: Scope, today: datetime.date) -> Table:
    """Registration compliance [docs/rules.md § Failing to comply]: the notifications the
    scope's offenders must make soon, those not made in time, and those that fell overdue this
    month (one query); each number opens its list."""
    filters = notification_bands(today)
    counts = (
        scope.outstanding()
        .filter(kind__in=WORK_GROUP_KINDS[WorkGroup.NOTIFICATION])
        .aggregate(**{band: Count("pk", filter=filters[band]) for band, _ in COMPLIANCE_ROWS})
    )
    table = Table(
        "registration_compliance",
        "Registration compliance: notifications by the offender",
        ["Notifications", "Count"],
    )
    for band, label in COMPLIANCE_ROWS:
        table.add(
            label,
            [
                Cell(
                    counts[band],
                    url=list_url("outstanding", scope, group=WorkGroup.NOTIFICATION, band=band),
                    emphasis=band != "due_soon" and counts[band] > 0,
                )
            ],
        )
    return table


def crewing_table(scope: Scope, today: datetime.date) -> Table:
    table = Table(
        "crewing",
        "Visit crewing by month",
        [
            "Month",
            "Double-crewed",
            "Single-crewed, authorised",
            "Single-crewed, unauthorised",
            "Announced, authorised",
            "Announced, unauthorised",
        ],
    )
    for month in reversed(crewing_by_month(scope.visits(), today=today)):
        key = f"{month.month:%Y-%m}"
        table.add(
            f"{month.month:%B %Y}",
            [
                Cell(
                    getattr(month, name),
                    url=list_url("visits", scope, month=key, crewing=name),
                    emphasis=name.endswith("unauthorised") and getattr(month, name) > 0,
                )
                for name in CREWING_FILTERS
            ],
        )
    return table


def abstractions_table(scope: Scope, today: datetime.date) -> Table:
    first_month = add_months(today.replace(day=1), -11)
    rows = {
        row["month"]: row
        for row in Abstraction.objects.filter(staff__in=scope.staff(), starts_on__gte=first_month)
        .annotate(month=TruncMonth("starts_on"))
        .values("month")
        .annotate(
            count=Count("pk"), hours=Sum("hours"), unreviewed=Count("pk", filter=Q(reviewed_on__isnull=True))
        )
    }
    table = Table(
        "abstractions", "Abstractions by month", ["Month", "Abstractions", "Hours", "Awaiting review"]
    )
    for n in range(12):
        month = add_months(today.replace(day=1), -n)
        row = rows.get(month, {"count": 0, "hours": 0, "unreviewed": 0})
        key = f"{month:%Y-%m}"
        table.add(
            f"{month:%B %Y}",
            [
                Cell(row["count"], url=list_url("abstractions", scope, month=key)),
                Cell(float(row["hours"] or 0)),
                Cell(
                    row["unreviewed"],
                    url=list_url("abstractions", scope, month=key, reviewed="no"),
                    emphasis=row["unreviewed"] > 0 and month < today.replace(day=1),
                ),
            ],
        )
    return table


TREND_COLUMNS = (
    ("community", "In the community (every type)"),
    ("community_rso", "Community RSOs"),
    ("overdue_visits", "Overdue visits"),
    ("overdue_arms", "Overdue ARMS"),
    ("overdue_rmp", "Overdue RMP reviews"),
    ("overdue_reviews", "Overdue supervisor reviews"),
)


def _trend_values(metrics: dict) -> dict:
    outstanding = metrics["outstanding"]
    return {
        "community": metrics["community"],
        "community_rso": metrics.get("community_rso"),  # None in snapshots taken before it was counted
        "overdue_visits": overdue_count(outstanding, "visit"),
        "overdue_arms": overdue_count(outstanding, "arms"),
        "overdue_rmp": overdue_count(outstanding, "rmp"),
        "overdue_reviews": overdue_count(outstanding, "review"),
    }


def trend_table(scope: Scope, period: str) -> Table:
    label = {"weekly": "week", "monthly": "month", "daily": "day"}[period]
    table = Table(
        f"trend_{period}",
        f"Trend by {label} (snapshots)",
        [
            "Snapshot",
            *[name for _, name in TREND_COLUMNS],
            "Adjusted ratio, community RSOs",
            "Adjusted ratio, all community",
            "ARMS completion %",
        ],
        chart="line",
    )
    for snapshot in trend(level=scope.level, key=scope.key, period=period, limit=TREND_MONTHS):
        values = _trend_values(snapshot.metrics)
        table.add(
            f"{snapshot.run.taken_on:%-d %B %Y}",
            [
                *[Cell(values[key]) for key, _ in TREND_COLUMNS],
                Cell(snapshot.metrics.get("ratio_adjusted_rso")),
                Cell(snapshot.metrics.get("ratio_adjusted")),
                Cell(snapshot.metrics.get("arms_completion_percent")),
            ],
        )
    return table


def metrics_and_children(scope: Scope, *, today: datetime.date, policy: Policy) -> tuple[Metrics, list]:
    """The scope's metrics and those of the level below it (teams of a force, officers of a
    team): [(child Scope, name, Metrics)]."""
    if scope.level == Level.FORCE:
        teams = list(Team.objects.filter(force=scope.force).order_by("name"))
        by_team = compute(
            Level.TEAM, keys=[t.pk for t in teams], force_id=scope.force.pk, today=today, policy=policy
        )
        metrics = force_from_teams(scope.force.pk, by_team, today=today, policy=policy)
        return metrics, [(Scope(Level.TEAM, scope.force, team=t), t.name, by_team[t.pk]) for t in teams]
    metrics = compute(scope.level, keys=[scope.key], force_id=scope.force.pk, today=today, policy=policy)[
        scope.key
    ]
    if scope.level == Level.TEAM:
        officers = list(team_offender_managers(scope.team).order_by("last_name", "first_name", "pk"))
        by_officer = compute(
            Level.OM, keys=[o.pk for o in officers], force_id=scope.force.pk, today=today, policy=policy
        )
        children = [
            (Scope(Level.OM, scope.force, team=scope.team, officer=o), str(o), by_officer[o.pk])
            for o in officers
        ]
        return metrics, children
    return metrics, []


def build(scope: Scope, *, today: datetime.date, policy: Policy) -> Dashboard:
    metrics, children = metrics_and_children(scope, today=today, policy=policy)
    tables = [
        caseload_table(scope, metrics),
        risk_table(scope, metrics),
        staffing_table(scope, metrics),
        completion_table(scope, metrics),
        compliance_table(scope, today),
        *[outstanding_table(scope, metrics, group) for group in OUTSTANDING_TABLES],
        oldest_table(scope, today),
    ]
    if children:
        tables.append(children_table(scope, children, policy))
    if scope.level != Level.OM:
        tables.append(span_table(scope, policy))
    tables += [
        crewing_table(scope, today),
        abstractions_table(scope, today),
        trend_table(scope, "weekly"),
        trend_table(scope, "monthly"),
    ]
    return Dashboard(
        scope=scope,
        metrics=metrics,
        tables=tables,
        children=children,
        last_recompute=RecomputeRun.objects.order_by("-finished_at").first(),
        last_snapshot=SnapshotRun.objects.order_by("-taken_on", "-created_at").first(),
    )
