"""Caseload metrics for a force, its teams and its offender managers, as a better-performing
force's dashboard keeps them [docs/rules.md § Dashboards] (docs/rules.md
§ Caseloads: the 50/20 rule).

Every figure is counted in SQL, grouped by the scope's column (force, team or offender
manager), so one call computes a whole level — the force, every team in it, or every OM in
a team — in a fixed number of queries. Outstanding work comes from the `OutstandingItem`
table the due engine fills; people from the workforce tables; the 50/20 judgement and the
ratios from `rules.caseload`.
"""

import datetime
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from django.db import models
from django.db.models import Case, Count, Exists, ExpressionWrapper, OuterRef, Q, Value, When

from offenders.models import Offender
from offenders.selectors import managed
from outstanding.kinds import OVERDUE_FILTERS
from outstanding.models import OutstandingItem
from outstanding.positions import officer_positions
from rules.caseload import ratio
from rules.choices import (
    HIGH_RISK_LEVELS,
    LeadAgency,
    ManagementMode,
    OffenderStatus,
    OffenderType,
    RiskLevel,
)
from rules.dates import add_months
from rules.due import DueKind
from rules.policy import Policy
from workforce.models import Role, Staff
from workforce.selectors import long_term_absences_on, vacancies_on


class Level(models.TextChoices):
    FORCE = "force", "Force"
    TEAM = "team", "Team"
    OM = "om", "Offender manager"


# The column each level groups by, on offenders and on outstanding items alike.
GROUP_COLUMN = {Level.FORCE: "force_id", Level.TEAM: "team_id", Level.OM: "offender_manager_id"}


class WorkGroup(models.TextChoices):
    """Outstanding work as the dashboard groups it."""

    VISIT = "visit", "Home visits"
    ARMS = "arms", "ARMS assessments"
    RMP = "rmp", "RMP reviews"
    POST_LICENCE = "post_licence", "15-day post-licence ARMS and RMP"
    REVIEW = "review", "Supervisor reviews"
    REACTIVE = "reactive", "Reactive annual checks and RMP reviews"
    PND = "pnd", "PND checks"
    CONDITION_CHECK = "condition_check", "Order condition checks"
    NOTIFICATION = "notification", "Notifications by the offender"
    ADDRESS_VERIFICATION = "address_verification", "Address verification visits"


# The kinds of each group: the caseload's overdue filters (`dashboards.caseload`), whose keys
# are the groups' own but for RMP reviews.
WORK_GROUP_KINDS = {
    group: OVERDUE_FILTERS["rmp_review" if group == WorkGroup.RMP else group][1] for group in WorkGroup
}
GROUP_OF_KIND = {kind: group for group, kinds in WORK_GROUP_KINDS.items() for kind in kinds}

# The police's own ARMS and RMP work, for the completion rates
# [docs/rules.md § Caseloads: the 50/20 rule]. A reactive
# case's annual RMP review is an RMP review like any other [docs/rules.md § Reactive management].
ARMS_KINDS = (DueKind.ARMS, DueKind.POST_LICENCE_ARMS_RMP)
RMP_KINDS = (DueKind.RMP_REVIEW, DueKind.POST_LICENCE_ARMS_RMP, DueKind.REACTIVE_RMP_REVIEW)

NOT_ASSESSED = "none"
RISK_KEYS = (
    *[str(level) for level in (RiskLevel.VERY_HIGH, RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW)],
    NOT_ASSESSED,
)


class Overdue(models.TextChoices):
    """How overdue an outstanding item is, by calendar months past its due date."""

    NOT_YET = "not_yet", "Not yet due"
    UP_TO_1_MONTH = "up_to_1", "Overdue up to 1 month"
    MONTHS_1_TO_3 = "1_to_3", "Overdue 1 to 3 months"
    MONTHS_3_TO_12 = "3_to_12", "Overdue 3 to 12 months"
    OVER_12_MONTHS = "over_12", "Overdue over 12 months"


OVERDUE_BANDS = tuple(band for band in Overdue if band != Overdue.NOT_YET)


def overdue_filters(today: datetime.date) -> dict[str, Q]:
    """Each band as a filter on `due_on` (overdue means due before today)."""
    one, three, twelve = (add_months(today, -months) for months in (1, 3, 12))
    return {
        Overdue.NOT_YET: Q(due_on__gte=today),
        Overdue.UP_TO_1_MONTH: Q(due_on__lt=today, due_on__gte=one),
        Overdue.MONTHS_1_TO_3: Q(due_on__lt=one, due_on__gte=three),
        Overdue.MONTHS_3_TO_12: Q(due_on__lt=three, due_on__gte=twelve),
        Overdue.OVER_12_MONTHS: Q(due_on__lt=twelve),
    }


# Registration compliance looks this far ahead for notifications soon due.
NOTIFICATION_DUE_SOON_DAYS = 7


def notification_bands(today: datetime.date) -> dict[str, Q]:
    """The registration compliance bands as filters on `due_on`: due in the next
    NOTIFICATION_DUE_SOON_DAYS days (today included), overdue, and overdue from a last day
    this month."""
    return {
        "due_soon": Q(
            due_on__gte=today, due_on__lte=today + datetime.timedelta(days=NOTIFICATION_DUE_SOON_DAYS)
        ),
        "overdue": Q(due_on__lt=today),
        "overdue_this_month": Q(due_on__lt=today, due_on__gte=today.replace(day=1)),
    }


def _empty_outstanding() -> dict:
    return {
        group: {risk: dict.fromkeys(Overdue.values, 0) for risk in RISK_KEYS} for group in WorkGroup.values
    }


def overdue_count(outstanding: dict, group: str, risk: str | None = None) -> int:
    """Overdue items of a work group (at one risk level, or all) in an `outstanding` breakdown:
    {work group: {risk: {overdue band: count}}}, as `Metrics` keeps it and snapshots store it."""
    risks = [risk] if risk else RISK_KEYS
    return sum(outstanding[group][r][band] for r in risks for band in OVERDUE_BANDS)


@dataclass
class Metrics:
    """Every figure of one scope (a force, a team or an offender manager)."""

    # Nominals
    total: int = 0  # managed: every status but deceased, notification ended, transferred
    community: int = 0  # every managed type
    community_rso: int = 0  # registered sex offenders: the 50/20 guidance's count
    police_led_community: int = 0
    by_risk: dict = field(default_factory=lambda: dict.fromkeys(RISK_KEYS, 0))  # managed, by ARMS level
    reactive: int = 0
    wanted_or_missing: int = 0
    in_custody: int = 0
    high_risk_community: int = 0
    high_risk_community_rso: int = 0
    # Completion where police lead [docs/rules.md § Caseloads: the 50/20 rule]
    police_led: int = 0
    arms_complete: int = 0  # police-led with no overdue ARMS (or 15-day post-licence ARMS and RMP)
    rmp_complete: int = 0
    # People
    offender_managers: int = 0
    offender_managers_available: int = 0  # not on a long-term absence
    supervisors: int = 0
    supervisors_available: int = 0
    vacancies: int = 0
    over_target: int = 0  # offender managers whose 50/20 caseload is over the target
    over_share: int = 0  # offender managers above the high-risk share of their 50/20 caseload
    needing_cover: int = 0  # long-term absent offender managers who still hold offenders
    # Outstanding work: {work group: {risk: {overdue band: count}}}
    outstanding: dict = field(default_factory=_empty_outstanding)
    # The policy the rates and 50/20 are judged against
    caseload_target: int = 50
    share_max_percent: int = 20
    completion_target_percent: int = 95
    fifty_twenty_counts_all_types: bool = False

    @property
    def fifty_twenty_measures(self) -> tuple[str, str]:
        """The counts 50/20 is judged on, (caseload, high risk): community RSOs, as the guidance
        says, or every type in the community where the force counts them all."""
        if self.fifty_twenty_counts_all_types:
            return "community", "high_risk_community"
        return "community_rso", "high_risk_community_rso"

    @property
    def fifty_twenty_community(self) -> int:
        return getattr(self, self.fifty_twenty_measures[0])

    @property
    def fifty_twenty_high_risk(self) -> int:
        return getattr(self, self.fifty_twenty_measures[1])

    @property
    def ratio_overall(self) -> float | None:
        return ratio(self.total, self.offender_managers)

    @property
    def ratio_community(self) -> float | None:
        """All community nominals (every type) per offender manager."""
        return ratio(self.community, self.offender_managers)

    @property
    def ratio_community_rso(self) -> float | None:
        """Community RSOs per offender manager (the 50/20 guidance's figure)."""
        return ratio(self.community_rso, self.offender_managers)

    @property
    def ratio_adjusted(self) -> float | None:
        """All community nominals per available offender manager (long-term absences out)."""
        return ratio(self.community, self.offender_managers_available)

    @property
    def ratio_adjusted_rso(self) -> float | None:
        """Community RSOs per available offender manager (long-term absences out)."""
        return ratio(self.community_rso, self.offender_managers_available)

    @property
    def ratio_adjusted_fifty_twenty(self) -> float | None:
        """The adjusted ratio of the caseload 50/20 counts: the one held against the target."""
        return ratio(self.fifty_twenty_community, self.offender_managers_available)

    @property
    def arms_completion_percent(self) -> float | None:
        return 100 * self.arms_complete / self.police_led if self.police_led else None

    @property
    def rmp_completion_percent(self) -> float | None:
        return 100 * self.rmp_complete / self.police_led if self.police_led else None

    @property
    def span_offender_managers(self) -> float | None:
        """Offender managers per supervisor in post."""
        return ratio(self.offender_managers, self.supervisors)

    @property
    def span_offenders(self) -> float | None:
        return ratio(self.total, self.supervisors)

    def overdue(self, group: str, risk: str | None = None) -> int:
        return overdue_count(self.outstanding, group, risk)

    def outstanding_total(self, group: str, risk: str | None = None) -> int:
        risks = [risk] if risk else RISK_KEYS
        return sum(sum(self.outstanding[group][r].values()) for r in risks)

    def as_dict(self) -> dict:
        """Plain numbers for JSON and snapshots: the stored counts and the derived figures."""
        data = asdict(self)
        for name in (
            "ratio_overall",
            "ratio_community",
            "ratio_community_rso",
            "ratio_adjusted",
            "ratio_adjusted_rso",
            "arms_completion_percent",
            "rmp_completion_percent",
            "span_offender_managers",
            "span_offenders",
        ):
            value = getattr(self, name)
            data[name] = None if value is None else round(value, 2)
        return data


def _risk_key():
    return Case(
        *[When(risk_level=level, then=Value(str(level))) for level in RiskLevel],
        default=Value(NOT_ASSESSED),
        output_field=models.CharField(),
    )


def _overdue_work(kinds, today, force_id):
    """Whether an offender has any of this work overdue: one hashed look-up of the force's late
    items, not a probe per offender (a force has ~10,000 offenders)."""
    late = OutstandingItem.objects.filter(kind__in=kinds, due_on__lt=today)
    if force_id is not None:
        late = late.filter(force_id=force_id)
    return ExpressionWrapper(Q(pk__in=late.values("offender_id")), output_field=models.BooleanField())


def managed_offenders(offenders, *, today: datetime.date, force_id: int | None = None):
    """Offenders still managed, each marked with whether their police ARMS or RMP is overdue
    (`force_id`, when the offenders are all of one force, narrows the look-up)."""
    return managed(offenders).annotate(
        late_arms=_overdue_work(ARMS_KINDS, today, force_id),
        late_rmp=_overdue_work(RMP_KINDS, today, force_id),
    )


def offender_measures() -> dict[str, tuple[str, Q]]:
    """Every count of offenders the dashboard shows: name → (label, filter on `managed_offenders`).
    The counts and the lists behind them use these same filters."""
    community = Q(status=OffenderStatus.COMMUNITY)
    rso = Q(offender_type=OffenderType.RSO)
    police = Q(lead_agency=LeadAgency.POLICE)
    high_risk = Q(risk_level__in=HIGH_RISK_LEVELS)
    return {
        "total": ("Nominals managed", Q()),
        "community": ("In the community (every type)", community),
        "community_rso": ("Registered sex offenders in the community", community & rso),
        "police_led_community": ("Police-led in the community", community & police),
        "reactive": ("Under reactive management", Q(management_mode=ManagementMode.REACTIVE)),
        "wanted_or_missing": (
            "Wanted or missing",
            Q(status__in=(OffenderStatus.WANTED, OffenderStatus.MISSING)),
        ),
        "in_custody": ("In custody", Q(status=OffenderStatus.CUSTODY)),
        "high_risk_community": (
            "High or very high risk in the community (every type)",
            community & high_risk,
        ),
        "high_risk_community_rso": (
            "High or very high risk registered sex offenders in the community",
            community & rso & high_risk,
        ),
        "police_led": ("Police lead agency", police),
        "arms_complete": ("Police-led with ARMS up to date", police & Q(late_arms=False)),
        "rmp_complete": ("Police-led with RMP up to date", police & Q(late_rmp=False)),
        "arms_late": ("Police-led with ARMS overdue", police & Q(late_arms=True)),
        "rmp_late": ("Police-led with RMP review overdue", police & Q(late_rmp=True)),
        **{f"risk_{level}": (str(level.label), Q(risk_level=level)) for level in RiskLevel},
        f"risk_{NOT_ASSESSED}": ("Not assessed", Q(risk_level__isnull=True)),
    }


# Measures that are Metrics fields (the rest are only lists: the late ones, the risk levels).
_COUNTED = (
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


def _offender_counts(offenders, column: str, today: datetime.date, force_id: int) -> dict:
    measures = offender_measures()
    names = [*_COUNTED, *[f"risk_{risk}" for risk in RISK_KEYS]]
    rows = (
        managed_offenders(offenders, today=today, force_id=force_id)
        .values(column)
        .annotate(**{name: Count("pk", filter=measures[name][1]) for name in names})
    )
    return {row.pop(column): row for row in rows}


def _outstanding_counts(items, column: str, today: datetime.date) -> dict:
    bands = overdue_filters(today)
    rows = (
        items.annotate(risk=_risk_key())
        .values(column, "kind", "risk")
        .annotate(**{band: Count("pk", filter=condition) for band, condition in bands.items()})
    )
    counts: dict = defaultdict(_empty_outstanding)
    for row in rows:
        cell = counts[row[column]][GROUP_OF_KIND[row["kind"]]][row["risk"]]
        for band in Overdue.values:
            cell[band] += row[band]
    return counts


def staff_column(level: Level) -> str:
    """The column of `Staff` a level's scope is keyed by."""
    return {Level.FORCE: "force_id", Level.TEAM: "team_id", Level.OM: "pk"}[level]


def _people(staff, level: Level, today: datetime.date, policy: Policy) -> dict:
    """Offender managers and supervisors in post, and those of them available today."""
    column = staff_column(level)
    away = long_term_absences_on(today, long_term_days=policy.long_term_absence_days).values("staff_id")
    rows = (
        staff.filter(is_active=True, role__in=(Role.OFFENDER_MANAGER, Role.SUPERVISOR))
        .annotate(away=Exists(away.filter(staff_id=OuterRef("pk"))))
        .values(column)
        .annotate(
            offender_managers=Count("pk", filter=Q(role=Role.OFFENDER_MANAGER)),
            offender_managers_available=Count("pk", filter=Q(role=Role.OFFENDER_MANAGER, away=False)),
            supervisors=Count("pk", filter=Q(role=Role.SUPERVISOR)),
            supervisors_available=Count("pk", filter=Q(role=Role.SUPERVISOR, away=False)),
        )
    )
    people = {row.pop(column): row for row in rows}
    vacancies = (
        vacancies_on(today)
        .filter(staff__in=staff, staff__role=Role.OFFENDER_MANAGER)
        .values(f"staff__{column}" if column != "pk" else "staff_id")
        .annotate(n=Count("pk"))
        .values_list(f"staff__{column}" if column != "pk" else "staff_id", "n")
    )
    for key, n in vacancies:
        people.setdefault(key, {})["vacancies"] = n
    return people


def _fifty_twenty(staff, level: Level, today: datetime.date, policy: Policy) -> dict:
    """Per scope: offender managers over the target, over the share, and absent ones needing cover."""
    column = staff_column(level)
    oms = list(staff.filter(is_active=True, role=Role.OFFENDER_MANAGER).values_list("pk", column))
    positions = officer_positions([pk for pk, _ in oms], today=today, policy=policy)
    result: dict = defaultdict(lambda: {"over_target": 0, "over_share": 0, "needing_cover": 0})
    for pk, key in oms:
        position = positions[pk]
        result[key]["over_target"] += position.fifty_twenty.over_target
        result[key]["over_share"] += position.fifty_twenty.over_share
        result[key]["needing_cover"] += position.needs_cover
    return result


def compute(level: Level, *, keys, force_id: int, today: datetime.date, policy: Policy) -> dict[int, Metrics]:
    """The metrics of every scope of `level` whose key (force, team or staff id) is in `keys`,
    within one force: {key: Metrics} (eight queries, whatever the number of scopes)."""
    keys = list(keys)
    column = GROUP_COLUMN[level]
    offenders = Offender.objects.filter(force_id=force_id, **{f"{column}__in": keys})
    items = OutstandingItem.objects.filter(force_id=force_id, **{f"{column}__in": keys})
    offender_counts = _offender_counts(offenders, column, today, force_id)
    outstanding = _outstanding_counts(items, column, today)
    return {
        key: _metrics(
            offender_counts.get(key, {}),
            outstanding.get(key, _empty_outstanding()),
            people,
            policy,
        )
        for key, people in _people_by_key(level, keys, force_id, today, policy).items()
    }


def _people_by_key(
    level: Level, keys, force_id: int, today: datetime.date, policy: Policy
) -> dict[int, dict]:
    staff = Staff.objects.filter(force_id=force_id, **{f"{staff_column(level)}__in": keys})
    people = _people(staff, level, today, policy)
    fifty_twenty_counts = _fifty_twenty(staff, level, today, policy)
    return {key: {**people.get(key, {}), **fifty_twenty_counts.get(key, {})} for key in keys}


def _metrics(counts: dict, outstanding: dict, people: dict, policy: Policy) -> Metrics:
    counts = dict(counts)
    by_risk = {risk: counts.pop(f"risk_{risk}", 0) for risk in RISK_KEYS}
    return Metrics(
        **counts,
        by_risk=by_risk,
        **people,
        outstanding=outstanding,
        caseload_target=policy.caseload_target,
        share_max_percent=policy.high_risk_share_max_percent,
        completion_target_percent=policy.completion_target_percent,
        fifty_twenty_counts_all_types=policy.fifty_twenty_counts_all_types,
    )


def force_from_teams(
    force_id: int, teams: dict[int, Metrics], *, today: datetime.date, policy: Policy
) -> Metrics:
    """The force's metrics when every team's are at hand: every offender and outstanding item
    belongs to exactly one of the force's teams, so those counts are the teams' sums; people
    (some have no team) are counted for the force itself. Equal to `compute(Level.FORCE, ...)`
    at a fraction of the cost (the dashboard needs both)."""
    counts: dict[str, int] = dict.fromkeys([*_COUNTED, *[f"risk_{risk}" for risk in RISK_KEYS]], 0)
    outstanding = _empty_outstanding()
    for team in teams.values():
        for name in _COUNTED:
            counts[name] += getattr(team, name)
        for risk in RISK_KEYS:
            counts[f"risk_{risk}"] += team.by_risk[risk]
        for group, risks in team.outstanding.items():
            for risk, bands in risks.items():
                for band, n in bands.items():
                    outstanding[group][risk][band] += n
    people = _people_by_key(Level.FORCE, [force_id], force_id, today, policy)[force_id]
    return _metrics(counts, outstanding, people, policy)


def oldest_overdue(items, *, today: datetime.date) -> dict[tuple[str, str], OutstandingItem]:
    """The oldest overdue item of each work group at each risk level: {(group, risk): item}
    (two queries: the ids picked from narrow rows, then those few items with their people)."""
    group = Case(
        *[When(kind__in=kinds, then=Value(str(g))) for g, kinds in WORK_GROUP_KINDS.items()],
        output_field=models.CharField(),
    )
    oldest = (
        items.filter(due_on__lt=today)
        .annotate(work_group=group, risk=_risk_key())
        .order_by("work_group", "risk", "due_on", "pk")
        .distinct("work_group", "risk")
        .values_list("pk", "work_group", "risk")
    )
    keys = {pk: (work_group, risk) for pk, work_group, risk in oldest}
    found = OutstandingItem.objects.filter(pk__in=keys).select_related("offender", "offender_manager")
    return {keys[item.pk]: item for item in found}
