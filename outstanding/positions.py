"""A team's caseloads against the 50/20 rule, for supervisors balancing them
(docs/rules.md § Caseloads: the 50/20 rule; 004 Staffing and ratios).

Counts come from SQL (one query per table, whatever the team's size); the 50/20 judgement,
which offenders it counts (community RSOs, or every type where the force counts them all)
and the ratios come from `rules.caseload`. Both figures are shown either way.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q

from offenders.models import Offender, OffenderAssignment
from offenders.selectors import managed
from outstanding.models import OutstandingItem
from rules.caseload import (
    FiftyTwenty,
    counts_towards_fifty_twenty,
    fifty_twenty,
    fifty_twenty_types,
    is_high_risk,
    ratio,
)
from rules.choices import HIGH_RISK_LEVELS, OffenderStatus, OffenderType
from rules.policy import Policy
from workforce.models import Absence, Staff, Team
from workforce.selectors import absences_on, long_term_absences_on, team_offender_managers, vacant_posts

COMMUNITY = Q(status=OffenderStatus.COMMUNITY)
COMMUNITY_RSO = COMMUNITY & Q(offender_type=OffenderType.RSO)


def fifty_twenty_caseload(policy: Policy) -> Q:
    """The offenders 50/20 counts, as a filter (`rules.caseload.counts_towards_fifty_twenty`)."""
    return COMMUNITY & Q(offender_type__in=fifty_twenty_types(policy))


@dataclass(frozen=True)
class OfficerCaseload:
    officer: Staff
    managed: int  # every offender the unit still manages (any status but closed)
    community: int  # every managed type in the community
    community_rso: int  # registered sex offenders in the community
    fifty_twenty: FiftyTwenty  # the caseload 50/20 counts and its high/very high share
    outstanding: int
    overdue: int
    absence: Absence | None  # away today, for any reason
    long_term_absent: bool

    @property
    def needs_cover(self) -> bool:
        return self.long_term_absent and self.managed > 0


@dataclass(frozen=True)
class CaseloadRatio:
    """Offenders per offender manager in post and per one available (adjusted)."""

    label: str
    overall: float | None
    adjusted: float | None
    counted_for_fifty_twenty: bool


@dataclass(frozen=True)
class TeamCaseloads:
    team: Team
    officers: list[OfficerCaseload]
    vacancies: int
    policy: Policy

    @property
    def community(self) -> int:
        """The offenders 50/20 counts (community RSOs, or every type where the force counts all)."""
        return sum(row.fifty_twenty.community for row in self.officers)

    @property
    def community_rso(self) -> int:
        return sum(row.community_rso for row in self.officers)

    @property
    def community_all(self) -> int:
        return sum(row.community for row in self.officers)

    @property
    def high_risk(self) -> int:
        return sum(row.fifty_twenty.high_risk for row in self.officers)

    @property
    def available(self) -> list[OfficerCaseload]:
        return [row for row in self.officers if not row.long_term_absent]

    @property
    def ratio(self) -> float | None:
        """Community offenders per offender manager in post."""
        return ratio(self.community, len(self.officers))

    @property
    def adjusted_ratio(self) -> float | None:
        """Community offenders per offender manager actually available (long-term absences out)."""
        return ratio(self.community, len(self.available))

    @property
    def ratios(self) -> list[CaseloadRatio]:
        """Community RSOs per offender manager (the guidance's figure) and all community nominals
        per offender manager, both shown whichever 50/20 counts
        (docs/rules.md § Caseloads: the 50/20 rule)."""
        counts_all = self.policy.fifty_twenty_counts_all_types
        return [
            CaseloadRatio(
                label,
                ratio(community, len(self.officers)),
                ratio(community, len(self.available)),
                counted_for_fifty_twenty=counted,
            )
            for label, community, counted in (
                ("Community RSOs per offender manager", self.community_rso, not counts_all),
                ("All community nominals per offender manager", self.community_all, counts_all),
            )
        ]

    @property
    def team_fifty_twenty(self) -> FiftyTwenty:
        return fifty_twenty(community=self.community, high_risk=self.high_risk, policy=self.policy)

    @property
    def outside_fifty_twenty(self) -> list[OfficerCaseload]:
        return [row for row in self.available if not row.fifty_twenty.within]

    @property
    def needing_cover(self) -> list[OfficerCaseload]:
        return [row for row in self.officers if row.needs_cover]


NO_CASELOAD = {"managed": 0, "community": 0, "community_rso": 0, "fifty_twenty": 0, "high_risk": 0}


def caseload_counts(officer_ids, *, policy: Policy) -> dict[int, dict[str, int]]:
    """Per OM: offenders still managed; those in the community, all types and RSOs; those 50/20
    counts (`fifty_twenty_caseload`) and how many of them are high or very high risk (one query)."""
    counted = fifty_twenty_caseload(policy)
    rows = (
        managed(Offender.objects.filter(offender_manager_id__in=officer_ids))
        .values("offender_manager_id")
        .annotate(
            managed=Count("pk"),
            community=Count("pk", filter=COMMUNITY),
            community_rso=Count("pk", filter=COMMUNITY_RSO),
            fifty_twenty=Count("pk", filter=counted),
            high_risk=Count("pk", filter=counted & Q(risk_level__in=HIGH_RISK_LEVELS)),
        )
    )
    return {row.pop("offender_manager_id"): row for row in rows}


@dataclass(frozen=True)
class OfficerPosition:
    """One officer's caseload, 50/20 position and long-term availability (`officer_positions`)."""

    managed: int  # every offender the unit still manages (any status but closed)
    community: int  # every managed type in the community
    community_rso: int  # registered sex offenders in the community
    fifty_twenty: FiftyTwenty  # the caseload 50/20 counts and its high/very high share
    long_term_absent: bool

    @property
    def needs_cover(self) -> bool:
        """Away long-term while still holding offenders."""
        return self.long_term_absent and self.managed > 0

    @property
    def outside_fifty_twenty(self) -> bool:
        """Available and outside 50/20 (a long-term absentee's caseload needs cover instead)."""
        return not self.long_term_absent and not self.fifty_twenty.within


def officer_positions(officer_ids, *, today: datetime.date, policy: Policy) -> dict[int, OfficerPosition]:
    """Each officer's caseload against the 50/20 rule and whether they are on a long-term
    absence: {officer id: OfficerPosition} (two queries, whatever the number of officers)."""
    ids = list(officer_ids)
    counts = caseload_counts(ids, policy=policy)
    away = set(
        long_term_absences_on(today, long_term_days=policy.long_term_absence_days)
        .filter(staff_id__in=ids)
        .values_list("staff_id", flat=True)
    )
    positions = {}
    for pk in ids:
        count = counts.get(pk, NO_CASELOAD)
        status = fifty_twenty(community=count["fifty_twenty"], high_risk=count["high_risk"], policy=policy)
        positions[pk] = OfficerPosition(
            managed=count["managed"],
            community=count["community"],
            community_rso=count["community_rso"],
            fifty_twenty=status,
            long_term_absent=pk in away,
        )
    return positions


def team_caseloads(team: Team, *, today: datetime.date, policy: Policy) -> TeamCaseloads:
    """Every offender manager in the team with their caseload, 50/20 position, outstanding
    work and availability (five queries)."""
    officers = list(team_offender_managers(team).order_by("last_name", "first_name", "pk"))
    ids = [officer.pk for officer in officers]
    positions = officer_positions(ids, today=today, policy=policy)
    work = {
        row["offender_manager_id"]: row
        for row in OutstandingItem.objects.filter(offender_manager_id__in=ids)
        .values("offender_manager_id")
        .annotate(outstanding=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    }
    absent = {a.staff_id: a for a in absences_on(today).filter(staff_id__in=ids).order_by("starts_on")}
    rows = []
    for officer in officers:
        position = positions[officer.pk]
        rows.append(
            OfficerCaseload(
                officer=officer,
                managed=position.managed,
                community=position.community,
                community_rso=position.community_rso,
                fifty_twenty=position.fifty_twenty,
                outstanding=work.get(officer.pk, {}).get("outstanding", 0),
                overdue=work.get(officer.pk, {}).get("overdue", 0),
                absence=absent.get(officer.pk),
                long_term_absent=position.long_term_absent,
            )
        )
    return TeamCaseloads(
        team=team, officers=rows, vacancies=vacant_posts(team, day=today).count(), policy=policy
    )


@dataclass(frozen=True)
class PositionChange:
    """One offender manager's caseload before and after a proposed reassignment."""

    officer: Staff
    before: FiftyTwenty
    after: FiftyTwenty


def positions_after(
    moves: list[tuple[Offender, Staff]], *, policy: Policy, officers: dict[int, Staff] | None = None
) -> list[PositionChange]:
    """Every offender manager a set of moves touches — each (offender, new OM) — with the
    caseload 50/20 counts and their position before and after (one query)."""
    officers = dict(officers or {})
    for offender, target in moves:
        officers.setdefault(target.pk, target)
        if offender.offender_manager_id is not None and offender.offender_manager_id not in officers:
            officers[offender.offender_manager_id] = offender.offender_manager
    counts = caseload_counts(list(officers), policy=policy)
    community, high = Counter(), Counter()
    for officer_id in officers:
        community[officer_id] = counts.get(officer_id, NO_CASELOAD)["fifty_twenty"]
        high[officer_id] = counts.get(officer_id, NO_CASELOAD)["high_risk"]
    after_community, after_high = Counter(community), Counter(high)
    for offender, target in moves:
        counted = counts_towards_fifty_twenty(
            offender_type=offender.offender_type, status=offender.status, policy=policy
        )
        if not counted or offender.offender_manager_id == target.pk:
            continue
        shift = 1 if is_high_risk(offender.risk_level) else 0
        if offender.offender_manager_id is not None:
            after_community[offender.offender_manager_id] -= 1
            after_high[offender.offender_manager_id] -= shift
        after_community[target.pk] += 1
        after_high[target.pk] += shift
    return [
        PositionChange(
            officer=officer,
            before=fifty_twenty(community=community[pk], high_risk=high[pk], policy=policy),
            after=fifty_twenty(community=after_community[pk], high_risk=after_high[pk], policy=policy),
        )
        for pk, officer in sorted(officers.items(), key=lambda item: (item[1].last_name, item[1].first_name))
    ]


def community_caseloads(
    officer_ids, *, today: datetime.date, policy: Policy
) -> dict[int, list[tuple[Offender, int]]]:
    """Each OM's offenders that 50/20 counts with how many days they have held each (two
    queries): the input of the rebalance suggestion."""
    offenders = list(
        Offender.objects.filter(fifty_twenty_caseload(policy), offender_manager_id__in=officer_ids).order_by(
            "pk"
        )
    )
    since = dict(
        OffenderAssignment.objects.filter(offender__in=offenders, ends_on__isnull=True).values_list(
            "offender_id", "starts_on"
        )
    )
    held: dict[int, list[tuple[Offender, int]]] = {pk: [] for pk in officer_ids}
    for offender in offenders:
        start = since.get(offender.pk, offender.managed_since)
        held[offender.offender_manager_id].append((offender, (today - start).days))
    return held
