"""Properties of the due engine that hold for any facts and any sensible force policy."""

from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

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
    DueKind,
    OffenderFacts,
    ReviewableKind,
    VisitRegime,
    assess,
    due_items,
)
from rules.policy import Policy

some_dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
optional_dates = st.none() | some_dates
intervals = st.integers(min_value=1, max_value=36)

policies = st.builds(
    Policy,
    visit_interval_months_very_high=intervals,
    visit_interval_months_high=intervals,
    visit_interval_months_medium=intervals,
    visit_interval_months_low=intervals,
    arms_interval_months_high=intervals,
    arms_interval_months_low=intervals,
    rmp_review_interval_months_high=intervals,
    rmp_review_interval_months_low=intervals,
    pnd_check_interval_months=intervals,
)
regimes = st.none() | st.builds(VisitRegime, interval=intervals, unit=st.sampled_from(VisitRegimeUnit))
awaiting = st.builds(
    AwaitingReview,
    kind=st.sampled_from(ReviewableKind),
    item_id=st.integers(min_value=1, max_value=10_000),
    submitted_on=some_dates,
)


@st.composite
def offender_facts(draw):
    last_rmp_on = draw(optional_dates)
    rmp_next_review_on = None
    if last_rmp_on is not None and draw(st.booleans()):
        rmp_next_review_on = draw(st.dates(min_value=last_rmp_on, max_value=date(2045, 12, 31)))
    return OffenderFacts(
        offender_id=draw(st.integers(min_value=1)),
        status=draw(st.sampled_from(OffenderStatus)),
        management_mode=draw(st.sampled_from(ManagementMode)),
        lead_agency=draw(st.sampled_from(LeadAgency)),
        record_started_on=draw(some_dates),
        risk_level=draw(st.none() | st.sampled_from(RiskLevel)),
        police_lead_since=draw(optional_dates),
        last_visit_on=draw(optional_dates),
        last_arms_on=draw(optional_dates),
        last_rmp_on=last_rmp_on,
        rmp_next_review_on=rmp_next_review_on,
        rmp_visit_regime=draw(regimes),
        last_pnd_check_on=draw(optional_dates),
        reactive_since=draw(optional_dates),
        last_reactive_checks_on=draw(optional_dates),
        items_awaiting_review=tuple(draw(st.lists(awaiting, max_size=3))),
    )


def visit_overdue(facts, policy, today):
    (visit,) = [item for item in due_items(facts, policy) if item.kind == DueKind.VISIT]
    return visit.days_overdue(today)


@given(offender_facts(), policies)
def test_no_due_date_is_before_the_date_it_is_counted_from(facts, policy):
    for item in due_items(facts, policy):
        assert item.due_on >= item.basis_on


@given(offender_facts(), policies, some_dates)
def test_an_item_is_overdue_iff_today_is_after_its_due_date(facts, policy, today):
    for assessed in assess(facts, policy, today):
        assert assessed.days_overdue >= 0
        assert assessed.is_overdue == (today > assessed.item.due_on)
        assert (assessed.days_overdue == 0) == (today <= assessed.item.due_on)
        assert assessed.item.days_overdue(assessed.item.due_on) == 0


@given(offender_facts(), policies, some_dates, some_dates, some_dates)
def test_a_later_last_visit_never_makes_the_visit_more_overdue(facts, policy, first, second, today):
    facts = replace(
        facts,
        status=OffenderStatus.COMMUNITY,
        management_mode=ManagementMode.ACTIVE,
    )
    earlier, later = sorted((first, second))
    assert visit_overdue(replace(facts, last_visit_on=later), policy, today) <= visit_overdue(
        replace(facts, last_visit_on=earlier), policy, today
    )


@given(offender_facts(), policies)
def test_a_visit_falls_due_only_for_an_active_case_in_the_community(facts, policy):
    has_visit = DueKind.VISIT in {item.kind for item in due_items(facts, policy)}
    expected = facts.status == OffenderStatus.COMMUNITY and facts.management_mode == ManagementMode.ACTIVE
    assert has_visit == expected


@given(offender_facts(), policies)
def test_police_arms_and_rmp_work_falls_due_only_while_police_lead(facts, policy):
    police_work = {
        DueKind.ARMS,
        DueKind.RMP_REVIEW,
        DueKind.REACTIVE_RMP_REVIEW,
        DueKind.POST_LICENCE_ARMS_RMP,
    }
    found = {item.kind for item in due_items(facts, policy)} & police_work
    if facts.lead_agency == LeadAgency.PROBATION:
        assert not found


@given(offender_facts(), policies)
def test_every_item_awaiting_review_has_one_supervisor_review_unless_closed(facts, policy):
    reviews = [item for item in due_items(facts, policy) if item.kind.startswith("supervisor_review")]
    if facts.status in CLOSED_STATUSES:
        assert due_items(facts, policy) == []
    else:
        assert len(reviews) == len(facts.items_awaiting_review)
