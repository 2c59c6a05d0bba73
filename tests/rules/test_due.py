"""The due engine: visits, ARMS, RMP reviews, checks and supervisor reviews."""

from dataclasses import replace
from datetime import date

import pytest

from rules.choices import (
    CLOSED_STATUSES,
    LeadAgency,
    ManagementMode,
    OffenderStatus,
    RiskLevel,
    VisitRegimeUnit,
)
from rules.due import (
    AwaitingReview,
    ConditionToCheck,
    DueKind,
    InvalidFactsError,
    OffenderFacts,
    ReviewableKind,
    VisitRegime,
    assess,
    due_items,
    overdue_items,
)
from rules.policy import DEFAULT_POLICY, Policy

START = date(2023, 1, 10)


def make_facts(**overrides) -> OffenderFacts:
    values = {
        "offender_id": 42,
        "status": OffenderStatus.COMMUNITY,
        "management_mode": ManagementMode.ACTIVE,
        "lead_agency": LeadAgency.POLICE,
        "record_started_on": START,
        "risk_level": RiskLevel.HIGH,
        "last_visit_on": date(2025, 1, 31),
        "last_arms_on": date(2025, 1, 20),
        "last_rmp_on": date(2025, 1, 21),
        "last_pnd_check_on": date(2025, 1, 22),
    }
    values.update(overrides)
    return OffenderFacts(**values)


def kinds(items) -> set[str]:
    return {item.kind for item in items}


def the(kind, facts, policy=DEFAULT_POLICY):
    matching = [item for item in due_items(facts, policy) if item.kind == kind]
    assert len(matching) == 1, f"expected one {kind}, got {matching}"
    return matching[0]


# Visits.


@pytest.mark.parametrize(
    ("level", "due_on", "rule"),
    [
        (RiskLevel.VERY_HIGH, date(2025, 2, 28), "Force default for very high risk: every month"),
        (RiskLevel.HIGH, date(2025, 4, 30), "Force default for high risk: every 3 months"),
        (RiskLevel.MEDIUM, date(2025, 7, 31), "Force default for medium risk: every 6 months"),
        (RiskLevel.LOW, date(2026, 1, 31), "Force default for low risk: every 12 months"),
    ],
)
def test_visit_falls_due_by_the_force_default_for_the_risk_level(level, due_on, rule):
    visit = the(DueKind.VISIT, make_facts(risk_level=level))
    assert visit.due_on == due_on
    assert visit.rule == rule
    assert visit.basis == "last visit"
    assert visit.basis_on == date(2025, 1, 31)


def test_visit_follows_the_force_policy_not_a_fixed_number():
    policy = Policy(visit_interval_months_high=2)
    assert the(DueKind.VISIT, make_facts(), policy).due_on == date(2025, 3, 31)


def test_rmp_regime_in_weeks_overrides_the_default():
    facts = make_facts(risk_level=RiskLevel.LOW, rmp_visit_regime=VisitRegime(2, VisitRegimeUnit.WEEKS))
    visit = the(DueKind.VISIT, facts)
    assert visit.due_on == date(2025, 2, 14)
    assert visit.rule == "RMP visit regime: every 2 weeks"


def test_rmp_regime_in_months_overrides_the_default():
    facts = make_facts(risk_level=RiskLevel.VERY_HIGH, rmp_visit_regime=VisitRegime(4, "months"))
    visit = the(DueKind.VISIT, facts)
    assert visit.due_on == date(2025, 5, 31)
    assert visit.rule == "RMP visit regime: every 4 months"


def test_rmp_regime_of_one_unit_reads_naturally():
    assert the(DueKind.VISIT, make_facts(rmp_visit_regime=VisitRegime(1, "weeks"))).rule == (
        "RMP visit regime: every week"
    )


def test_first_visit_is_counted_from_the_start_of_management():
    visit = the(DueKind.VISIT, make_facts(last_visit_on=None, risk_level=RiskLevel.MEDIUM))
    assert visit.basis == "start of management"
    assert visit.due_on == date(2023, 7, 10)


def test_without_a_risk_level_the_visit_uses_the_most_frequent_default():
    visit = the(DueKind.VISIT, make_facts(risk_level=None))
    assert visit.due_on == date(2025, 2, 28)
    assert "No risk level yet" in visit.rule


def test_without_a_risk_level_the_most_frequent_default_follows_the_policy():
    policy = Policy(visit_interval_months_very_high=2, visit_interval_months_high=4)
    assert the(DueKind.VISIT, make_facts(risk_level=None), policy).due_on == date(2025, 3, 31)


@pytest.mark.parametrize(
    "status",
    [
        OffenderStatus.CUSTODY,
        OffenderStatus.HOSPITAL,
        OffenderStatus.WANTED,
        OffenderStatus.MISSING,
        OffenderStatus.ABROAD,
    ],
)
def test_no_visit_falls_due_outside_the_community_but_other_work_does(status):
    facts = make_facts(
        status=status,
        items_awaiting_review=(AwaitingReview(ReviewableKind.VISIT, 7, date(2025, 1, 31)),),
    )
    # PND checks too are due only while the nominal is in the community.
    assert kinds(due_items(facts, DEFAULT_POLICY)) == {
        DueKind.ARMS,
        DueKind.RMP_REVIEW,
        DueKind.SUPERVISOR_REVIEW_VISIT,
    }


def test_visits_fall_due_while_probation_leads():
    facts = make_facts(lead_agency=LeadAgency.PROBATION)
    assert the(DueKind.VISIT, facts).due_on == date(2025, 4, 30)


# ARMS and RMP reviews.


@pytest.mark.parametrize(
    ("level", "due_on"),
    [
        (RiskLevel.VERY_HIGH, date(2025, 7, 20)),
        (RiskLevel.HIGH, date(2025, 7, 20)),
        (RiskLevel.MEDIUM, date(2026, 1, 20)),
        (RiskLevel.LOW, date(2026, 1, 20)),
    ],
)
def test_arms_falls_due_by_the_force_default_for_the_risk_level(level, due_on):
    arms = the(DueKind.ARMS, make_facts(risk_level=level))
    assert arms.due_on == due_on
    assert arms.basis_on == date(2025, 1, 20)


@pytest.mark.parametrize(
    ("level", "due_on"),
    [
        (RiskLevel.VERY_HIGH, date(2025, 7, 21)),
        (RiskLevel.HIGH, date(2025, 7, 21)),
        (RiskLevel.MEDIUM, date(2026, 1, 21)),
        (RiskLevel.LOW, date(2026, 1, 21)),
    ],
)
def test_rmp_review_falls_due_by_the_force_default_for_the_risk_level(level, due_on):
    assert the(DueKind.RMP_REVIEW, make_facts(risk_level=level)).due_on == due_on


def test_arms_and_rmp_intervals_follow_the_force_policy():
    policy = Policy(arms_interval_months_low=9, rmp_review_interval_months_low=8)
    facts = make_facts(risk_level=RiskLevel.MEDIUM)
    assert the(DueKind.ARMS, facts, policy).due_on == date(2025, 10, 20)
    assert the(DueKind.RMP_REVIEW, facts, policy).due_on == date(2025, 9, 21)


def test_first_arms_and_rmp_fall_due_15_days_after_management_starts_not_on_day_one():
    facts = make_facts(last_arms_on=None, last_rmp_on=None, risk_level=None)
    assert the(DueKind.ARMS, facts).due_on == date(2023, 1, 25)
    assert the(DueKind.RMP_REVIEW, facts).due_on == date(2023, 1, 25)
    assert the(DueKind.ARMS, facts).basis == "start of management"


def test_a_nominal_registered_yesterday_has_nothing_overdue():
    yesterday, today = date(2026, 12, 5), date(2026, 12, 6)
    facts = make_facts(
        record_started_on=yesterday,
        last_visit_on=None,
        last_arms_on=None,
        last_rmp_on=None,
        last_pnd_check_on=None,
        risk_level=None,
    )
    assert overdue_items(facts, DEFAULT_POLICY, today) == []
    assert {item.kind: item.due_on for item in due_items(facts)} == {
        DueKind.ARMS: date(2026, 12, 20),
        DueKind.RMP_REVIEW: date(2026, 12, 20),
        DueKind.PND_CHECK: date(2026, 12, 20),
        DueKind.VISIT: date(2027, 1, 5),
    }


def test_first_assessment_days_is_a_force_setting():
    facts = make_facts(last_arms_on=None, last_rmp_on=None)
    assert the(DueKind.ARMS, facts, Policy(first_assessment_days=10)).due_on == date(2023, 1, 20)


def test_first_arms_counts_from_when_the_police_became_lead_if_later():
    facts = make_facts(last_arms_on=None, last_rmp_on=None, police_lead_since=date(2024, 4, 2))
    arms = the(DueKind.ARMS, facts)
    assert arms.due_on == date(2024, 4, 17)
    assert arms.basis == "police became lead agency"


def test_an_earlier_review_date_set_by_the_rmp_wins():
    earlier = make_facts(rmp_next_review_on=date(2025, 3, 1))
    assert the(DueKind.RMP_REVIEW, earlier).due_on == date(2025, 3, 1)
    assert "earlier than the interval" in the(DueKind.RMP_REVIEW, earlier).rule


def test_a_very_high_risk_plan_set_to_review_in_five_years_is_due_in_six_months():
    facts = make_facts(risk_level=RiskLevel.VERY_HIGH, rmp_next_review_on=date(2030, 1, 21))
    review = the(DueKind.RMP_REVIEW, facts)
    assert review.due_on == date(2025, 7, 21)
    assert "not been authorised" in review.rule


def test_a_later_rmp_review_date_counts_once_a_supervisor_authorised_it():
    facts = make_facts(
        risk_level=RiskLevel.VERY_HIGH, rmp_next_review_on=date(2026, 1, 21), rmp_later_review_authorised=True
    )
    review = the(DueKind.RMP_REVIEW, facts)
    assert review.due_on == date(2026, 1, 21)
    assert "authorised by a supervisor" in review.rule


def test_probation_led_offender_has_no_police_arms_or_rmp_due():
    facts = make_facts(lead_agency=LeadAgency.PROBATION, last_arms_on=None, last_rmp_on=None)
    assert kinds(due_items(facts, DEFAULT_POLICY)) == {DueKind.VISIT, DueKind.PND_CHECK}


# Post-licence: police become lead agency.


def test_new_arms_and_rmp_are_due_15_days_after_police_become_lead():
    facts = make_facts(police_lead_since=date(2025, 3, 1), post_licence_rule_applies=True)
    item = the(DueKind.POST_LICENCE_ARMS_RMP, facts)
    assert item.due_on == date(2025, 3, 16)
    assert item.basis_on == date(2025, 3, 1)
    assert "15 days" in item.rule


def test_post_licence_work_replaces_the_routine_arms_and_rmp_review():
    facts = make_facts(
        police_lead_since=date(2025, 3, 1),
        post_licence_rule_applies=True,
        last_arms_on=None,
        last_rmp_on=None,
    )
    assert kinds(due_items(facts, DEFAULT_POLICY)) == {
        DueKind.VISIT,
        DueKind.POST_LICENCE_ARMS_RMP,
        DueKind.PND_CHECK,
    }


def test_post_licence_work_is_still_due_until_both_arms_and_rmp_are_done():
    arms_only = make_facts(
        police_lead_since=date(2025, 3, 1), post_licence_rule_applies=True, last_arms_on=date(2025, 3, 5)
    )
    rmp_only = make_facts(
        police_lead_since=date(2025, 3, 1), post_licence_rule_applies=True, last_rmp_on=date(2025, 3, 5)
    )
    assert DueKind.POST_LICENCE_ARMS_RMP in kinds(due_items(arms_only, DEFAULT_POLICY))
    assert DueKind.POST_LICENCE_ARMS_RMP in kinds(due_items(rmp_only, DEFAULT_POLICY))


def test_post_licence_work_done_on_the_day_police_became_lead_counts():
    facts = make_facts(
        police_lead_since=date(2025, 3, 1), last_arms_on=date(2025, 3, 1), last_rmp_on=date(2025, 3, 1)
    )
    items = due_items(facts, DEFAULT_POLICY)
    assert DueKind.POST_LICENCE_ARMS_RMP not in kinds(items)
    assert the(DueKind.ARMS, facts).due_on == date(2025, 9, 1)


def test_post_licence_deadline_boundary():
    facts = make_facts(police_lead_since=date(2025, 3, 1), post_licence_rule_applies=True)
    (on_the_day,) = [
        a for a in assess(facts, DEFAULT_POLICY, date(2025, 3, 16)) if a.item.kind == "post_licence_arms_rmp"
    ]
    (next_day,) = [
        a for a in assess(facts, DEFAULT_POLICY, date(2025, 3, 17)) if a.item.kind == "post_licence_arms_rmp"
    ]
    assert not on_the_day.is_overdue
    assert next_day.days_overdue == 1


def test_no_post_licence_work_while_probation_still_leads():
    facts = make_facts(lead_agency=LeadAgency.PROBATION, police_lead_since=date(2025, 3, 1))
    assert DueKind.POST_LICENCE_ARMS_RMP not in kinds(due_items(facts, DEFAULT_POLICY))


# Intelligence checks.


def test_pnd_check_falls_due_by_the_force_interval():
    assert the(DueKind.PND_CHECK, make_facts()).due_on == date(2026, 1, 22)
    assert the(DueKind.PND_CHECK, make_facts(), Policy(pnd_check_interval_months=3)).due_on == date(
        2025, 4, 22
    )


def test_first_pnd_check_is_due_15_days_after_the_start_of_management():
    assert the(DueKind.PND_CHECK, make_facts(last_pnd_check_on=None)).due_on == date(2023, 1, 25)


def test_first_pnd_check_after_a_release_counts_from_the_release():
    facts = make_facts(
        last_pnd_check_on=None,
        community_since=date(2026, 5, 1),
        community_since_reason="release from custody",
    )
    check = the(DueKind.PND_CHECK, facts)
    assert (check.due_on, check.basis) == (date(2026, 5, 16), "release from custody")


# Reactive management.


def reactive(**overrides):
    values = {
        "management_mode": ManagementMode.REACTIVE,
        "risk_level": RiskLevel.LOW,
        "reactive_since": date(2024, 5, 1),
        "last_reactive_checks_on": date(2024, 11, 30),
    }
    values.update(overrides)
    return make_facts(**values)


def test_reactive_case_has_no_routine_visits_or_pnd_check():
    assert kinds(due_items(reactive(), DEFAULT_POLICY)) == {
        DueKind.ARMS,
        DueKind.REACTIVE_RMP_REVIEW,
        DueKind.REACTIVE_CHECKS,
    }


def test_reactive_checks_fall_due_12_months_after_the_last_ones():
    checks = the(DueKind.REACTIVE_CHECKS, reactive())
    assert checks.due_on == date(2025, 11, 30)
    assert checks.basis == "last annual checks"


def test_first_reactive_checks_are_due_12_months_after_reactive_management_began():
    checks = the(DueKind.REACTIVE_CHECKS, reactive(last_reactive_checks_on=None))
    assert checks.due_on == date(2025, 5, 1)


def test_reactive_checks_without_any_start_date_count_from_the_start_of_management():
    checks = the(DueKind.REACTIVE_CHECKS, reactive(last_reactive_checks_on=None, reactive_since=None))
    assert checks.due_on == date(2024, 1, 10)


def test_reactive_checks_ignore_the_force_pnd_interval():
    assert the(DueKind.REACTIVE_CHECKS, reactive(), Policy(pnd_check_interval_months=3)).due_on == date(
        2025, 11, 30
    )


def test_reactive_rmp_review_is_annual():
    review = the(DueKind.REACTIVE_RMP_REVIEW, reactive(), Policy(rmp_review_interval_months_low=6))
    assert review.due_on == date(2026, 1, 21)


def test_reactive_rmp_review_can_be_brought_forward_by_the_rmp_but_not_put_off():
    assert the(DueKind.REACTIVE_RMP_REVIEW, reactive(rmp_next_review_on=date(2025, 6, 1))).due_on == date(
        2025, 6, 1
    )
    assert the(DueKind.REACTIVE_RMP_REVIEW, reactive(rmp_next_review_on=date(2027, 1, 1))).due_on == date(
        2026, 1, 21
    )


def test_reactive_case_still_has_arms_due_to_keep_it_current():
    assert the(DueKind.ARMS, reactive()).due_on == date(2026, 1, 20)


# Supervisor reviews.


@pytest.mark.parametrize(
    ("kind", "due_kind"),
    [
        (ReviewableKind.ARMS, DueKind.SUPERVISOR_REVIEW_ARMS),
        (ReviewableKind.RMP, DueKind.SUPERVISOR_REVIEW_RMP),
        (ReviewableKind.VISIT, DueKind.SUPERVISOR_REVIEW_VISIT),
    ],
)
def test_work_awaiting_review_is_due_for_supervisor_review_within_one_month(kind, due_kind):
    facts = make_facts(items_awaiting_review=(AwaitingReview(kind, "abc-1", date(2025, 3, 15)),))
    review = the(due_kind, facts)
    assert review.due_on == date(2025, 4, 15)
    assert review.related_item_id == "abc-1"
    assert review.basis_on == date(2025, 3, 15)


def test_supervisor_review_is_not_overdue_on_the_same_day_next_month_and_is_the_day_after():
    facts = make_facts(items_awaiting_review=(AwaitingReview("visit", 9, date(2025, 3, 15)),))

    def review_on(today):
        (assessed,) = [a for a in assess(facts, DEFAULT_POLICY, today) if a.item.related_item_id == 9]
        return assessed

    assert review_on(date(2025, 4, 15)).days_overdue == 0
    assert not review_on(date(2025, 4, 15)).is_overdue
    assert review_on(date(2025, 4, 16)).days_overdue == 1
    assert review_on(date(2025, 4, 16)).is_overdue


@pytest.mark.parametrize(
    ("submitted", "due_on"),
    [(date(2025, 1, 31), date(2025, 2, 28)), (date(2024, 1, 31), date(2024, 2, 29))],
)
def test_review_of_work_submitted_on_31_january_is_due_at_the_end_of_february(submitted, due_on):
    facts = make_facts(items_awaiting_review=(AwaitingReview("arms", 1, submitted),))
    assert the(DueKind.SUPERVISOR_REVIEW_ARMS, facts).due_on == due_on


def test_each_item_awaiting_review_gets_its_own_review():
    facts = make_facts(
        items_awaiting_review=(
            AwaitingReview("visit", 1, date(2025, 2, 1)),
            AwaitingReview("visit", 2, date(2025, 2, 3)),
        )
    )
    reviews = [
        item for item in due_items(facts, DEFAULT_POLICY) if item.kind == DueKind.SUPERVISOR_REVIEW_VISIT
    ]
    assert [(review.related_item_id, review.due_on) for review in reviews] == [
        (1, date(2025, 3, 1)),
        (2, date(2025, 3, 3)),
    ]


def test_reviews_are_due_for_a_probation_led_reactive_offender_too():
    facts = reactive(
        lead_agency=LeadAgency.PROBATION,
        items_awaiting_review=(AwaitingReview("rmp", 5, date(2025, 2, 1)),),
    )
    assert DueKind.SUPERVISOR_REVIEW_RMP in kinds(due_items(facts, DEFAULT_POLICY))


# Closed statuses.


@pytest.mark.parametrize("status", sorted(CLOSED_STATUSES))
def test_nothing_is_due_for_an_offender_the_unit_no_longer_manages(status):
    facts = make_facts(
        status=status,
        last_visit_on=None,
        last_arms_on=None,
        last_rmp_on=None,
        police_lead_since=date(2025, 1, 1),
        items_awaiting_review=(AwaitingReview("visit", 1, date(2025, 1, 1)),),
    )
    assert due_items(facts, DEFAULT_POLICY) == []
    assert overdue_items(facts, DEFAULT_POLICY, date(2030, 1, 1)) == []


# Assessment on a given day.


def test_assess_counts_whole_days_overdue_for_each_item():
    facts = make_facts()
    assessed = {a.item.kind: a.days_overdue for a in assess(facts, DEFAULT_POLICY, date(2025, 5, 2))}
    assert assessed == {
        DueKind.VISIT: 2,  # due 30 April
        DueKind.ARMS: 0,
        DueKind.RMP_REVIEW: 0,
        DueKind.PND_CHECK: 0,
    }


def test_overdue_items_lists_only_work_past_its_due_date():
    facts = make_facts()
    assert overdue_items(facts, DEFAULT_POLICY, date(2025, 4, 30)) == []
    (overdue,) = overdue_items(facts, DEFAULT_POLICY, date(2025, 5, 1))
    assert overdue.item.kind == DueKind.VISIT
    assert overdue.days_overdue == 1


def test_due_items_are_soonest_first_and_carry_the_offender_id():
    items = due_items(make_facts(), DEFAULT_POLICY)
    assert [item.due_on for item in items] == sorted(item.due_on for item in items)
    assert {item.offender_id for item in items} == {42}


def test_due_item_knows_whether_it_is_overdue():
    visit = the(DueKind.VISIT, make_facts())
    assert not visit.is_overdue(date(2025, 4, 30))
    assert visit.is_overdue(date(2025, 5, 1))
    assert visit.days_overdue(date(2025, 5, 31)) == 31


# Facts that contradict each other.


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"status": "on_holiday"}, "Unknown status"),
        ({"management_mode": "passive"}, "Unknown management mode"),
        ({"lead_agency": "court"}, "Unknown lead agency"),
        ({"risk_level": "extreme"}, "Unknown risk level"),
        ({"last_rmp_on": None, "rmp_next_review_on": date(2025, 6, 1)}, "there is no RMP"),
        ({"rmp_next_review_on": date(2025, 1, 1)}, "before the RMP itself"),
    ],
)
def test_contradictory_facts_raise(overrides, message):
    with pytest.raises(InvalidFactsError, match=message):
        make_facts(**overrides)


def test_visit_regime_must_be_at_least_one_week_or_month():
    with pytest.raises(InvalidFactsError, match="at least 1"):
        VisitRegime(0, "weeks")
    with pytest.raises(InvalidFactsError, match="Unknown visit regime unit"):
        VisitRegime(2, "days")


def test_awaiting_review_kind_must_be_arms_rmp_or_visit():
    with pytest.raises(InvalidFactsError, match="Unknown kind"):
        AwaitingReview("osp", 1, date(2025, 1, 1))


def test_facts_accept_plain_string_values():
    facts = make_facts(status="community", management_mode="active", lead_agency="police", risk_level="high")
    assert facts.status == OffenderStatus.COMMUNITY
    assert isinstance(facts.risk_level, RiskLevel)
    assert replace(facts, risk_level="low").risk_level == RiskLevel.LOW


def test_lead_passing_before_this_unit_managed_the_offender_gives_routine_work():
    facts = make_facts(
        police_lead_since=date(2010, 3, 1),
        post_licence_rule_applies=True,
        record_started_on=date(2024, 6, 1),
        last_arms_on=None,
        last_rmp_on=None,
    )
    assert DueKind.POST_LICENCE_ARMS_RMP not in kinds(due_items(facts, DEFAULT_POLICY))
    assert the(DueKind.ARMS, facts).due_on == date(2024, 6, 16)


# The first visit after a release, and after a return to active management.


def test_the_first_visit_after_a_release_counts_from_the_release_not_the_last_visit_before_custody():
    # The worked example: released today after years inside, last visited before custody.
    facts = make_facts(
        risk_level=RiskLevel.HIGH,
        last_visit_on=date(2017, 8, 10),
        community_since=date(2026, 12, 6),
        community_since_reason="release from custody",
    )
    visit = the(DueKind.VISIT, facts)
    assert (visit.due_on, visit.basis) == (date(2027, 3, 6), "release from custody")
    overdue_today = overdue_items(facts, DEFAULT_POLICY, date(2026, 12, 6))
    assert DueKind.VISIT not in {assessed.item.kind for assessed in overdue_today}


def test_a_visit_after_the_release_counts_from_that_visit():
    facts = make_facts(
        risk_level=RiskLevel.HIGH,
        last_visit_on=date(2026, 12, 20),
        community_since=date(2026, 12, 6),
        community_since_reason="release from custody",
    )
    assert the(DueKind.VISIT, facts).basis == "last visit"


def test_back_from_reactive_management_a_visit_falls_due_one_interval_for_the_new_level():
    facts = make_facts(
        risk_level=RiskLevel.VERY_HIGH,
        last_visit_on=date(2019, 5, 1),
        community_since=date(2018, 1, 1),
        returned_to_active_on=date(2026, 12, 6),
    )
    visit = the(DueKind.VISIT, facts)
    assert (visit.due_on, visit.basis) == (date(2027, 1, 6), "return to active management")


# Probation's assessment while no police ARMS exists.


def test_probations_assessment_sets_the_visit_interval_and_is_labelled_as_probations():
    facts = make_facts(
        lead_agency=LeadAgency.PROBATION, risk_level=RiskLevel.VERY_HIGH, risk_level_source="probation"
    )
    visit = the(DueKind.VISIT, facts)
    assert visit.due_on == date(2025, 2, 28)
    assert "very high (probation's assessment) risk" in visit.rule


# Order conditions checked while the order runs.


def conditions(*conditions):
    return make_facts(conditions_to_check=conditions)


def test_each_condition_of_an_order_in_force_is_checked_by_the_force_default():
    facts = conditions(
        ConditionToCheck(
            condition_id=5, description="SHPO – no deleting history", order_starts_on=date(2025, 1, 10)
        )
    )
    (check,) = [item for item in due_items(facts) if item.kind == DueKind.CONDITION_CHECK]
    assert (check.due_on, check.basis, check.related_item_id) == (date(2025, 4, 10), "start of the order", 5)
    assert "every 3 months" in check.rule and "no deleting history" in check.rule


def test_a_condition_with_its_own_interval_counts_from_its_last_check():
    facts = conditions(
        ConditionToCheck(
            condition_id=6,
            description="SHPO – polygraph",
            order_starts_on=date(2023, 1, 10),
            last_checked_on=date(2025, 2, 1),
            every=VisitRegime(interval=12, unit=VisitRegimeUnit.MONTHS),
        )
    )
    (check,) = [item for item in due_items(facts) if item.kind == DueKind.CONDITION_CHECK]
    assert (check.due_on, check.basis) == (date(2026, 2, 1), "last check")


def test_a_condition_checked_at_every_visit_falls_due_with_the_visit():
    facts = conditions(
        ConditionToCheck(
            condition_id=7,
            description="SHPO – devices",
            order_starts_on=date(2023, 1, 10),
            at_every_visit=True,
        )
    )
    items = due_items(facts)
    (check,) = [item for item in items if item.kind == DueKind.CONDITION_CHECK]
    assert check.due_on == the(DueKind.VISIT, facts).due_on


def test_no_condition_checks_fall_due_outside_the_community():
    facts = replace(
        conditions(ConditionToCheck(condition_id=5, description="x", order_starts_on=date(2025, 1, 10))),
        status=OffenderStatus.CUSTODY,
    )
    assert DueKind.CONDITION_CHECK not in kinds(due_items(facts))


def test_post_licence_rule_needs_the_handover_not_just_a_police_lead_date():
    facts = make_facts(police_lead_since=date(2025, 3, 1), post_licence_rule_applies=False)
    assert DueKind.POST_LICENCE_ARMS_RMP not in kinds(due_items(facts))
