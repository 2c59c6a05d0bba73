"""Eligibility for reactive management: all four criteria, each reported when unmet."""

from datetime import date

from rules.choices import RiskLevel
from rules.reactive import ReactiveCriterion, reactive_eligibility

TODAY = date(2025, 6, 15)
THREE_YEARS_AGO = date(2022, 6, 15)


def eligibility(**overrides):
    facts = {
        "today": TODAY,
        "low_risk_community_since": date(2020, 1, 1),
        "last_offence_or_concern_on": None,
        "current_arms_level": RiskLevel.LOW,
        "has_active_civil_order": False,
    }
    facts.update(overrides)
    return reactive_eligibility(**facts)


def test_eligible_when_every_criterion_is_met():
    result = eligibility()
    assert result.eligible
    assert result.unmet == ()
    assert result.window_starts_on == THREE_YEARS_AGO


def test_low_risk_in_the_community_for_exactly_3_years_is_enough():
    assert eligibility(low_risk_community_since=THREE_YEARS_AGO).eligible


def test_low_risk_for_a_day_less_than_3_years_is_not_enough():
    result = eligibility(low_risk_community_since=date(2022, 6, 16))
    assert not result.eligible
    assert result.unmet == (ReactiveCriterion.LOW_RISK_IN_COMMUNITY_3_YEARS,)


def test_not_managed_as_low_risk_in_the_community_is_unmet():
    assert eligibility(low_risk_community_since=None).unmet == (
        ReactiveCriterion.LOW_RISK_IN_COMMUNITY_3_YEARS,
    )


def test_an_offence_or_concern_within_the_last_3_years_is_unmet():
    result = eligibility(last_offence_or_concern_on=date(2024, 1, 1))
    assert result.unmet == (ReactiveCriterion.OFFENCE_AND_CONCERN_FREE_3_YEARS,)


def test_an_offence_or_concern_on_the_first_day_of_the_window_is_within_it():
    result = eligibility(last_offence_or_concern_on=THREE_YEARS_AGO)
    assert result.unmet == (ReactiveCriterion.OFFENCE_AND_CONCERN_FREE_3_YEARS,)


def test_an_offence_or_concern_before_the_window_does_not_count():
    assert eligibility(last_offence_or_concern_on=date(2022, 6, 14)).eligible


def test_current_arms_above_low_is_unmet():
    for level in (RiskLevel.MEDIUM, RiskLevel.HIGH, RiskLevel.VERY_HIGH, None):
        assert eligibility(current_arms_level=level).unmet == (ReactiveCriterion.CURRENT_ARMS_LOW,)


def test_current_arms_level_may_be_its_plain_value():
    assert eligibility(current_arms_level="low").eligible


def test_an_active_shpo_or_sro_is_unmet():
    assert eligibility(has_active_civil_order=True).unmet == (ReactiveCriterion.NO_CIVIL_ORDER,)


def test_every_unmet_criterion_is_listed_with_its_name_and_description():
    result = eligibility(
        low_risk_community_since=None,
        last_offence_or_concern_on=date(2025, 1, 1),
        current_arms_level=RiskLevel.HIGH,
        has_active_civil_order=True,
    )
    assert not result.eligible
    assert result.unmet == (
        "low_risk_in_community_3_years",
        "offence_and_concern_free_3_years",
        "current_arms_low",
        "no_civil_order",
    )
    assert result.unmet_descriptions[0] == "Managed as low risk in the community for the last 3 years"
    assert len(result.unmet_descriptions) == 4


def test_window_from_29_february_is_28_february_three_years_earlier():
    assert eligibility(today=date(2028, 2, 29)).window_starts_on == date(2025, 2, 28)


def test_a_low_arms_older_than_the_force_interval_for_low_risk_is_not_current():
    # The worked example: a low ARMS from 2019 no longer qualifies anyone.
    stale = eligibility(current_arms_on=date(2019, 3, 1), arms_current_months=12)
    assert stale.unmet == (ReactiveCriterion.CURRENT_ARMS_LOW,)
    fresh = eligibility(current_arms_on=date(2024, 6, 15), arms_current_months=12)
    assert fresh.eligible
    a_day_late = eligibility(current_arms_on=date(2024, 6, 14), arms_current_months=12)
    assert a_day_late.unmet == (ReactiveCriterion.CURRENT_ARMS_LOW,)


def test_any_civil_order_including_a_violent_offender_order_is_named():
    assert "Violent Offender Order" in ReactiveCriterion.NO_CIVIL_ORDER.label
