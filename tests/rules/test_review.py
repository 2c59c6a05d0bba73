"""Supervisor review rules: a bespoke written review, and how long an item has waited
(docs/rules.md § What falls due, § Dates)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.choices import LeadAgency, ManagementMode, OffenderStatus
from rules.dates import add_months
from rules.due import AwaitingReview, OffenderFacts, ReviewableKind, due_items
from rules.policy import Policy
from rules.review import (
    AgeBand,
    age_band,
    age_band_starts,
    earliest_submission_in_band,
    review_deadline,
    review_overdue,
    review_text_problem,
    written_reason_problem,
)

GOOD_REVIEW = (
    "Visit well planned and double crewed. Devices inspected under the SHPO with no concerns; "
    "next visit to check the new partner's children are not staying overnight."
)


def problem(text, earlier=()):
    return review_text_problem(text, min_characters=80, earlier_reviews=earlier)


def test_a_written_review_of_substance_is_accepted():
    assert problem(GOOD_REVIEW) is None


@pytest.mark.parametrize("text", ["ok", "OK.", "JS", "Seen and agreed", "   "])
def test_initials_a_word_or_nothing_is_refused(text):
    assert problem(text) is not None


def test_the_length_minimum_comes_from_the_force():
    assert review_text_problem(GOOD_REVIEW, min_characters=500) is not None
    assert "at least 500 characters" in review_text_problem(GOOD_REVIEW, min_characters=500)


def test_padding_one_word_to_the_minimum_is_refused():
    assert "repeated words" in problem("ok " * 40)


def test_an_exact_copy_of_an_earlier_review_is_refused_whatever_the_spacing_or_case():
    assert "copies an earlier review" in problem(GOOD_REVIEW.upper().replace(" ", "  "), [GOOD_REVIEW])


def test_a_near_copy_is_refused():
    edited = GOOD_REVIEW.replace("overnight", "over night")
    assert "copies an earlier review" in problem(edited, ["An unrelated earlier review.", GOOD_REVIEW])


def test_a_different_review_of_the_same_offender_is_accepted():
    other = (
        "ARMS scored correctly: the new relationship is a risk factor and is reflected in the plan. "
        "Agree high risk; reassess after the polygraph in March."
    )
    assert problem(other, [GOOD_REVIEW]) is None


def test_the_review_is_due_within_one_calendar_month():
    assert review_deadline(date(2026, 3, 15)) == date(2026, 4, 15)
    assert review_deadline(date(2026, 1, 31)) == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("submitted_on", "today", "band"),
    [
        (date(2026, 3, 15), date(2026, 4, 15), AgeBand.UNDER_1_MONTH),  # due today: not overdue
        (date(2026, 3, 15), date(2026, 4, 16), AgeBand.MONTHS_1_TO_3),
        (date(2026, 3, 15), date(2026, 6, 15), AgeBand.MONTHS_1_TO_3),
        (date(2026, 3, 15), date(2026, 6, 16), AgeBand.MONTHS_3_TO_12),
        (date(2025, 3, 15), date(2026, 3, 15), AgeBand.MONTHS_3_TO_12),
        (date(2025, 3, 15), date(2026, 3, 16), AgeBand.OVER_12_MONTHS),
        (date(2026, 1, 31), date(2026, 2, 28), AgeBand.UNDER_1_MONTH),
        (date(2026, 1, 31), date(2026, 3, 1), AgeBand.MONTHS_1_TO_3),
    ],
)
def test_age_bands_count_calendar_months(submitted_on, today, band):
    assert age_band(submitted_on=submitted_on, today=today) == band


def test_at_a_month_end_every_late_january_submission_is_still_within_the_month():
    assert earliest_submission_in_band(today=date(2026, 2, 28), months=1) == date(2026, 1, 28)


@given(
    submitted_on=st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)),
    waited=st.integers(min_value=0, max_value=800),
)
def test_banding_by_date_alone_agrees_with_the_band_of_each_item(submitted_on, waited):
    """The queue counts bands in SQL by comparing submission dates with `age_band_starts`;
    that must put every item in the band `age_band` gives it."""
    today = submitted_on + timedelta(days=waited)
    starts = age_band_starts(today)
    if submitted_on >= starts[AgeBand.UNDER_1_MONTH]:
        by_date = AgeBand.UNDER_1_MONTH
    elif submitted_on >= starts[AgeBand.MONTHS_1_TO_3]:
        by_date = AgeBand.MONTHS_1_TO_3
    elif submitted_on >= starts[AgeBand.MONTHS_3_TO_12]:
        by_date = AgeBand.MONTHS_3_TO_12
    else:
        by_date = AgeBand.OVER_12_MONTHS
    assert by_date == age_band(submitted_on=submitted_on, today=today)
    overdue = today > add_months(submitted_on, 1)
    assert overdue == (by_date != AgeBand.UNDER_1_MONTH)


def test_on_31_may_work_submitted_on_30_april_is_overdue_in_every_reading():
    """Issue 10's worked example: the deadline was 30 May, so on 31 May the review is overdue;
    the queue's filters begin "under 1 month" on 1 May, not 30 April (31 May - 1 month)."""
    today, submitted = date(2026, 5, 31), date(2026, 4, 30)
    assert review_deadline(submitted) == date(2026, 5, 30)
    assert review_overdue(submitted_on=submitted, today=today)
    assert age_band(submitted_on=submitted, today=today) == AgeBand.MONTHS_1_TO_3
    assert earliest_submission_in_band(today=today, months=1) == date(2026, 5, 1)
    assert earliest_submission_in_band(today=date(2026, 3, 31), months=1) == date(2026, 3, 1)
    assert earliest_submission_in_band(today=date(2024, 3, 30), months=1) == date(2024, 3, 1)


def _days_of(year):
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


def _near_each_band_limit(today):
    """Submission dates within a week either side of where each band begins."""
    for months in (1, 3, 12):
        limit = add_months(today, -months)
        yield from (limit + timedelta(days=n) for n in range(-7, 8))


@pytest.mark.parametrize("year", [2024, 2026])  # a leap year and a common one
def test_every_day_of_the_year_the_bands_the_date_filters_and_the_due_engine_agree_on_overdue(year):
    """The queue filters by comparing submission dates with `age_band_starts`; `age_band` bands
    each item; the due engine's supervisor-review item is overdue after `one_month_deadline`.
    On every day of a leap and a common year, for work submitted around every band limit,
    they say the same thing."""
    submissions = sorted(
        {submitted for today in _days_of(year) for submitted in _near_each_band_limit(today)}
    )
    facts = OffenderFacts(
        offender_id=1,
        status=OffenderStatus.COMMUNITY,
        management_mode=ManagementMode.ACTIVE,
        lead_agency=LeadAgency.PROBATION,
        record_started_on=submissions[0],
        items_awaiting_review=[AwaitingReview(ReviewableKind.VISIT, d, d) for d in submissions],
    )
    engine = {item.related_item_id: item for item in due_items(facts) if item.related_item_id is not None}
    assert set(engine) == set(submissions)
    for today in _days_of(year):
        starts = age_band_starts(today)
        for submitted in _near_each_band_limit(today):
            band = age_band(submitted_on=submitted, today=today)
            if submitted >= starts[AgeBand.UNDER_1_MONTH]:
                by_date = AgeBand.UNDER_1_MONTH
            elif submitted >= starts[AgeBand.MONTHS_1_TO_3]:
                by_date = AgeBand.MONTHS_1_TO_3
            elif submitted >= starts[AgeBand.MONTHS_3_TO_12]:
                by_date = AgeBand.MONTHS_3_TO_12
            else:
                by_date = AgeBand.OVER_12_MONTHS
            overdue = engine[submitted].is_overdue(today)
            assert by_date == band, (today, submitted)
            assert (
                overdue
                == (band != AgeBand.UNDER_1_MONTH)
                == review_overdue(submitted_on=submitted, today=today)
            ), (today, submitted)


# Issue 15, item 14: placeholder text is not a review.

LOREM = (
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut "
    "labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation."
)


@pytest.mark.parametrize(
    "text",
    [
        LOREM,
        LOREM.upper(),
        "Lorem ipsum",
        "Reviewed. " + LOREM,
        "Placeholder blah blah blah asdf qwerty: review to follow when I have read the record",
    ],
)
def test_placeholder_text_is_refused(text):
    assert "placeholder text" in problem(text)


def test_a_review_that_happens_to_use_a_latin_word_is_accepted():
    text = GOOD_REVIEW + " Contact with the victim is the sine qua non of the plan; keep it in the terms."
    assert problem(text) is None


# Issue 15, item 13: a visit authorisation's rationale is written like a review.


@pytest.mark.parametrize("text", ["ok", "Agreed.", "visit visit visit " * 10, LOREM, "  "])
def test_a_rationale_that_is_not_written_is_refused(text):
    assert written_reason_problem(text, min_characters=80) is not None


def test_a_written_rationale_is_accepted():
    text = "Second officer on leave this week; offender compliant at the last six visits and low risk."
    assert written_reason_problem(text, min_characters=80) is None
    assert "at least 200 characters" in written_reason_problem(text, min_characters=200)


def test_the_longest_authorisation_follows_the_risk_level():
    policy = Policy()
    assert [
        policy.visit_authorisation_max_days(level) for level in ("very_high", "high", "medium", "low")
    ] == [
        14,
        28,
        60,
        90,
    ]
    assert policy.visit_authorisation_max_days(None) == 14  # not yet assessed: as very high
