"""The 50/20 rule and staff availability (docs/rules.md § Caseloads: the 50/20 rule,
§ People and places).

An offender manager holds around `caseload_target` (50) community-based registered sex
offenders, of whom no more than `high_risk_share_max_percent` (20%) are high or very high
risk [docs/rules.md § Caseloads: the 50/20 rule]. Both numbers are force policy, and so is
whether the other managed types count too (`fifty_twenty_types`); dashboards show both
figures whichever the force chooses. Long-term absences (sickness, parental leave,
suspension, secondment, vacancies) take an OM out of the adjusted ratio
[docs/rules.md § Caseloads: the 50/20 rule].
"""

from dataclasses import dataclass
from datetime import date

from rules.choices import HIGH_RISK_LEVELS, OffenderStatus, OffenderType
from rules.policy import Policy

# The absences that can be long-term (workforce.models.AbsenceKind values): sickness of
# either kind, parental leave, suspension, secondment and vacancies. Annual leave never is,
# however long; nor is "other" (a course, a training day, a public holiday): the seeds name
# the kinds that take an OM out of the adjusted ratio, and "other" is not one of them.
LONG_TERM_ABSENCE_KIND_VALUES = frozenset(
    {"long_term_sickness", "short_sickness", "parental", "suspension", "secondment", "vacancy"}
)


def is_high_risk(risk_level: str | None) -> bool:
    """High or very high: the levels the 20% share counts. No ARMS yet is not high."""
    return risk_level in HIGH_RISK_LEVELS


def fifty_twenty_types(policy: Policy) -> frozenset[str]:
    """The offender types the 50/20 caseload counts: registered sex offenders, as the guidance
    says [docs/rules.md § Caseloads: the 50/20 rule]; every managed type where the force counts them all
    (`Policy.fifty_twenty_counts_all_types`)."""
    if policy.fifty_twenty_counts_all_types:
        return frozenset(OffenderType.values)
    return frozenset({OffenderType.RSO.value})


def counts_towards_fifty_twenty(*, offender_type: str, status: str, policy: Policy) -> bool:
    """Whether an offender is part of their OM's 50/20 caseload: in the community, and of a
    type the force counts (`fifty_twenty_types`)."""
    return status == OffenderStatus.COMMUNITY and offender_type in fifty_twenty_types(policy)


def high_risk_allowance(community: int, share_max_percent: int) -> int:
    """How many high or very high risk offenders a caseload of `community` may hold:
    at most `share_max_percent`% of it, rounded down (50 → 10, 49 → 9)."""
    return community * share_max_percent // 100


@dataclass(frozen=True)
class FiftyTwenty:
    """One caseload measured against the 50/20 rule.

    `over_target`: more community offenders than the target (50); `over_maximum`: more than
    the force's maximum (60, where better-performing forces stop); `over_share`: more high or
    very high risk offenders than the share allows. Within 50/20 = neither over the target
    nor over the share."""

    community: int
    high_risk: int
    caseload_target: int
    caseload_maximum: int
    share_max_percent: int

    @property
    def high_risk_percent(self) -> float:
        return 100 * self.high_risk / self.community if self.community else 0.0

    @property
    def over_target(self) -> bool:
        return self.community > self.caseload_target

    @property
    def over_maximum(self) -> bool:
        return self.community > self.caseload_maximum

    @property
    def over_share(self) -> bool:
        return self.high_risk > high_risk_allowance(self.community, self.share_max_percent)

    @property
    def within(self) -> bool:
        return not (self.over_target or self.over_share)

    @property
    def summary(self) -> str:
        """'Within 50/20', 'Over 50', 'Over 20% high risk', 'Over 50 and over 20% high risk'."""
        problems = []
        if self.over_target:
            problems.append(f"over {self.caseload_target}")
        if self.over_share:
            problems.append(f"over {self.share_max_percent}% high risk")
        if not problems:
            return f"Within {self.caseload_target}/{self.share_max_percent}"
        text = " and ".join(problems)
        return text[0].upper() + text[1:]


def fifty_twenty(*, community: int, high_risk: int, policy: Policy) -> FiftyTwenty:
    """Measure a caseload of `community` offenders (those `counts_towards_fifty_twenty`),
    `high_risk` of them high or very high, against the force's 50/20 policy
    (`rules.policy.Policy`)."""
    if high_risk > community or high_risk < 0:
        raise ValueError(f"{high_risk} high-risk offenders cannot be part of a caseload of {community}.")
    return FiftyTwenty(
        community=community,
        high_risk=high_risk,
        caseload_target=policy.caseload_target,
        caseload_maximum=policy.caseload_maximum,
        share_max_percent=policy.high_risk_share_max_percent,
    )


def is_long_term_absence(
    *, kind: str, starts_on: date, ends_on: date | None, long_term_days: int, on: date
) -> bool:
    """Whether an absence is long-term on the day `on` (docs/rules.md § People and places): one of
    `LONG_TERM_ABSENCE_KIND_VALUES` that has lasted, or is planned to last, `long_term_days`
    days or more, counting its first and last day. With an end date it is judged on its
    planned length; with none, on how long it has lasted by `on` (so an open-ended sickness
    becomes long-term on its `long_term_days`th day). Annual leave and "other" never are.

    `workforce.selectors.long_term_absences_on` is the same rule in SQL."""
    if kind not in LONG_TERM_ABSENCE_KIND_VALUES:
        return False
    last_day = on if ends_on is None else ends_on
    return (last_day - starts_on).days + 1 >= long_term_days


def ratio(offenders: int, staff: int) -> float | None:
    """Offenders per member of staff; None when there is nobody to divide by."""
    return offenders / staff if staff else None
