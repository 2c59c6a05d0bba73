"""The 50/20 rule and long-term absence (docs/rules.md § Caseloads: the 50/20 rule)."""

from datetime import date

import pytest

from rules.caseload import (
    counts_towards_fifty_twenty,
    fifty_twenty,
    fifty_twenty_types,
    high_risk_allowance,
    is_long_term_absence,
    ratio,
)
from rules.choices import OffenderStatus, OffenderType
from rules.policy import Policy

POLICY = Policy()


@pytest.mark.parametrize(("community", "allowed"), [(0, 0), (4, 0), (5, 1), (49, 9), (50, 10), (60, 12)])
def test_high_risk_allowance_is_20_percent_rounded_down(community, allowed):
    assert high_risk_allowance(community, 20) == allowed


def test_fifty_offenders_with_ten_high_risk_is_within_fifty_twenty():
    status = fifty_twenty(community=50, high_risk=10, policy=POLICY)
    assert status.within
    assert status.summary == "Within 50/20"
    assert status.high_risk_percent == 20


def test_fifty_one_offenders_is_over_the_target_but_not_the_maximum():
    status = fifty_twenty(community=51, high_risk=0, policy=POLICY)
    assert status.over_target and not status.over_maximum and not status.within
    assert status.summary == "Over 50"


def test_sixty_one_offenders_is_over_the_maximum():
    assert fifty_twenty(community=61, high_risk=0, policy=POLICY).over_maximum


def test_eleven_high_risk_in_fifty_is_over_the_share():
    status = fifty_twenty(community=50, high_risk=11, policy=POLICY)
    assert status.over_share and not status.over_target
    assert status.summary == "Over 20% high risk"


def test_both_problems_are_named():
    assert fifty_twenty(community=55, high_risk=20, policy=POLICY).summary == "Over 50 and over 20% high risk"


def test_the_policy_sets_the_numbers():
    policy = Policy(caseload_target=40, caseload_maximum=45, high_risk_share_max_percent=25)
    status = fifty_twenty(community=40, high_risk=10, policy=policy)
    assert status.within and status.summary == "Within 40/25"
    assert fifty_twenty(community=41, high_risk=0, policy=policy).over_target


def test_an_empty_caseload_is_within():
    status = fifty_twenty(community=0, high_risk=0, policy=POLICY)
    assert status.within and status.high_risk_percent == 0


def test_more_high_risk_than_caseload_is_refused():
    with pytest.raises(ValueError, match="cannot be part of a caseload"):
        fifty_twenty(community=3, high_risk=4, policy=POLICY)


def test_50_20_counts_registered_sex_offenders_in_the_community_as_the_guidance_says():
    assert fifty_twenty_types(POLICY) == {"rso"}
    assert counts_towards_fifty_twenty(offender_type="rso", status="community", policy=POLICY)
    assert not counts_towards_fifty_twenty(offender_type="rvo", status="community", policy=POLICY)
    assert not counts_towards_fifty_twenty(offender_type="rso", status="custody", policy=POLICY)


def test_a_force_may_count_every_managed_type_towards_50_20():
    every_type = Policy(fifty_twenty_counts_all_types=True)
    assert fifty_twenty_types(every_type) == set(OffenderType.values)
    assert all(
        counts_towards_fifty_twenty(offender_type=kind, status=OffenderStatus.COMMUNITY, policy=every_type)
        for kind in OffenderType.values
    )
    assert not counts_towards_fifty_twenty(offender_type="pdp", status="wanted", policy=every_type)


JANUARY_1 = date(2026, 1, 1)


def long_term(kind, ends_on, on=date(2026, 1, 2), days=28):
    return is_long_term_absence(kind=kind, starts_on=JANUARY_1, ends_on=ends_on, long_term_days=days, on=on)


@pytest.mark.parametrize(
    "kind", ["long_term_sickness", "short_sickness", "parental", "suspension", "secondment", "vacancy"]
)
def test_sickness_parental_leave_suspension_secondment_and_vacancy_planned_to_last_28_days_are_long_term(
    kind,
):
    assert not long_term(kind, ends_on=date(2026, 1, 27))  # 27 days, first and last included
    assert long_term(kind, ends_on=date(2026, 1, 28))


def test_a_few_days_of_long_term_sickness_or_parental_leave_are_not_long_term():
    """Issue 10: the kind's name does not make an absence long-term; its length does."""
    assert not long_term("long_term_sickness", ends_on=date(2026, 1, 2))
    assert not long_term("parental", ends_on=date(2026, 1, 5))
    assert not long_term("vacancy", ends_on=None, on=date(2026, 1, 10))


@pytest.mark.parametrize("kind", ["annual_leave", "other"])
def test_annual_leave_and_other_absences_are_never_long_term(kind):
    assert not long_term(kind, ends_on=date(2026, 3, 31))
    assert not long_term(kind, ends_on=None, on=date(2026, 12, 31))


def test_an_open_ended_absence_is_long_term_once_it_has_lasted_the_policy_length():
    assert not long_term("long_term_sickness", ends_on=None, on=date(2026, 1, 27))
    assert long_term("long_term_sickness", ends_on=None, on=date(2026, 1, 28))
    assert long_term("suspension", ends_on=None, on=date(2026, 1, 10), days=10)


def test_the_policy_sets_the_length():
    assert long_term("secondment", ends_on=date(2026, 1, 14), days=14)
    assert not long_term("secondment", ends_on=date(2026, 1, 14), days=15)


def test_ratio_is_none_without_staff():
    assert ratio(100, 0) is None
    assert ratio(100, 4) == 25
