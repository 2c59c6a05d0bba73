"""Eligibility for reactive management [docs/rules.md § Reactive management]. The criteria are
conditions for *staying* reactive too: they are re-checked on every ARMS, order, outcome and status
change and nightly, and the offender returns to active management the day one fails."""

from dataclasses import dataclass
from datetime import date

from django.db import models

from rules import national
from rules.choices import RiskLevel
from rules.dates import add_months, add_years


class ReactiveCriterion(models.TextChoices):
    """The four conditions, each with a stable machine name and the users' wording."""

    LOW_RISK_IN_COMMUNITY_3_YEARS = (
        "low_risk_in_community_3_years",
        "Managed as low risk in the community for the last 3 years",
    )
    OFFENCE_AND_CONCERN_FREE_3_YEARS = (
        "offence_and_concern_free_3_years",
        "Offence- and concern-free for the last 3 years",
    )
    CURRENT_ARMS_LOW = "current_arms_low", "A current ARMS assessment of low"
    NO_CIVIL_ORDER = (
        "no_civil_order",
        "Not subject to a civil order (SHPO, SRO or Violent Offender Order)",
    )


@dataclass(frozen=True)
class Eligibility:
    """`unmet` lists every criterion not met, in the order of `ReactiveCriterion`;
    `window_starts_on` is the start of "the last 3 years"."""

    eligible: bool
    unmet: tuple[ReactiveCriterion, ...]
    window_starts_on: date

    @property
    def unmet_descriptions(self) -> tuple[str, ...]:
        return tuple(str(criterion.label) for criterion in self.unmet)


def reactive_eligibility(
    *,
    today: date,
    low_risk_community_since: date | None,
    last_offence_or_concern_on: date | None,
    current_arms_level: str | None,
    has_active_civil_order: bool,
    current_arms_on: date | None = None,
    arms_current_months: int | None = None,
) -> Eligibility:
    """Whether an offender may be managed reactively [docs/rules.md § Reactive management]: only when
    they have been managed as low risk in the community for the last 3 years, have been
    offence- and concern-free in that time, have a current ARMS of low and are not subject
    to a civil order (SHPO, SRO or Violent Offender Order). Every unmet criterion is reported,
    not just the first.

    "The last 3 years" is the window from `today` - 3 calendar years to `today`:
    - low risk in the community since a date on or before the window start is 3 years;
    - an offence or concern on or after the window start falls inside "that time" (one on
      the window's first day leaves less than 3 clear years).
    `low_risk_community_since` None means not currently managed as low risk in the
    community; `current_arms_level` None means no police ARMS yet. An ARMS is current when
    assessed on `current_arms_on` no more than `arms_current_months` (the force's interval for
    low risk) before `today`: a low ARMS from years ago does not qualify anyone.
    """
    window_starts_on = add_years(today, -national.REACTIVE_LOW_RISK_YEARS)
    unmet = []
    if low_risk_community_since is None or low_risk_community_since > window_starts_on:
        unmet.append(ReactiveCriterion.LOW_RISK_IN_COMMUNITY_3_YEARS)
    if last_offence_or_concern_on is not None and last_offence_or_concern_on >= window_starts_on:
        unmet.append(ReactiveCriterion.OFFENCE_AND_CONCERN_FREE_3_YEARS)
    stale = (
        arms_current_months is not None
        and current_arms_on is not None
        and add_months(current_arms_on, arms_current_months) < today
    )
    if current_arms_level != RiskLevel.LOW or stale:
        unmet.append(ReactiveCriterion.CURRENT_ARMS_LOW)
    if has_active_civil_order:
        unmet.append(ReactiveCriterion.NO_CIVIL_ORDER)
    return Eligibility(eligible=not unmet, unmet=tuple(unmet), window_starts_on=window_starts_on)
