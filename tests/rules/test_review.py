"""Supervisor review rules: a bespoke written review, and how long an item has waited
(shared/domain.md § Risk work, § Dates)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mosovo.rules.dates import add_months
from mosovo.rules.review import (
    AgeBand,
    age_band,
    age_band_starts,
    earliest_submission_in_band,
    review_deadline,
    review_text_problem,
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
