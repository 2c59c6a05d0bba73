"""The one date helper: calendar months and years, "within one month", overdue days, age."""

import calendar
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.dates import (
    add_days,
    add_months,
    add_weeks,
    add_years,
    age_on,
    days_overdue,
    is_overdue,
    last_day_of_days,
    one_month_deadline,
)

# Keep generated arithmetic well inside date's range (years 1–9999).
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
month_counts = st.integers(min_value=-1200, max_value=1200)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 15), 1, date(2025, 2, 15)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2025, 12, 31), 2, date(2026, 2, 28)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2025, 5, 10), 0, date(2025, 5, 10)),
        (date(2025, 5, 10), 12, date(2026, 5, 10)),
        (date(2025, 5, 10), -17, date(2023, 12, 10)),
        (date(2025, 1, 31), 13, date(2026, 2, 28)),
    ],
)
def test_add_months_counts_calendar_months_and_clamps_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_31_january_plus_one_month_is_28_february():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)


def test_31_january_plus_one_month_is_29_february_in_a_leap_year():
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)


def test_29_february_plus_one_year_is_28_february():
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)


def test_29_february_plus_four_years_is_29_february():
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)


def test_add_years_keeps_the_day_in_ordinary_years():
    assert add_years(date(2020, 6, 15), 10) == date(2030, 6, 15)
    assert add_years(date(2020, 6, 15), -3) == date(2017, 6, 15)


def test_add_weeks_and_add_days_count_days():
    assert add_weeks(date(2025, 2, 24), 2) == date(2025, 3, 10)
    assert add_days(date(2025, 12, 25), 15) == date(2026, 1, 9)


def test_add_months_out_of_the_date_range_raises_value_error():
    with pytest.raises(ValueError, match="outside the supported date range"):
        add_months(date(9999, 12, 1), 1)


@pytest.mark.parametrize(
    ("submitted", "deadline"),
    [
        (date(2025, 3, 15), date(2025, 4, 15)),
        (date(2025, 1, 31), date(2025, 2, 28)),
        (date(2024, 1, 31), date(2024, 2, 29)),
        (date(2025, 12, 20), date(2026, 1, 20)),
        (date(2025, 8, 31), date(2025, 9, 30)),
    ],
)
def test_within_one_month_means_on_or_before_the_same_day_next_month(submitted, deadline):
    assert one_month_deadline(submitted) == deadline


def test_due_today_is_not_overdue():
    assert days_overdue(date(2025, 4, 15), date(2025, 4, 15)) == 0
    assert not is_overdue(date(2025, 4, 15), date(2025, 4, 15))


def test_the_day_after_the_due_date_is_overdue_by_one_day():
    assert days_overdue(date(2025, 4, 15), date(2025, 4, 16)) == 1
    assert is_overdue(date(2025, 4, 15), date(2025, 4, 16))


def test_before_the_due_date_is_not_overdue():
    assert days_overdue(date(2025, 4, 15), date(2025, 4, 1)) == 0
    assert not is_overdue(date(2025, 4, 15), date(2025, 4, 1))


def test_days_overdue_counts_whole_days_across_months():
    assert days_overdue(date(2025, 1, 31), date(2025, 3, 1)) == 29


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(2007, 6, 1), date(2025, 5, 31), 17),
        (date(2007, 6, 1), date(2025, 6, 1), 18),
        (date(2007, 6, 1), date(2025, 6, 2), 18),
        (date(2007, 6, 1), date(2007, 6, 1), 0),
        (date(1990, 12, 31), date(2025, 1, 1), 34),
    ],
)
def test_age_on_counts_whole_years_and_the_birthday_itself_adds_a_year(born, on, age):
    assert age_on(born, on) == age


def test_someone_born_on_29_february_turns_18_on_1_march_in_a_non_leap_year():
    born = date(2008, 2, 29)
    assert age_on(born, date(2026, 2, 28)) == 17
    assert age_on(born, date(2026, 3, 1)) == 18


def test_someone_born_on_29_february_turns_a_year_older_on_29_february_in_a_leap_year():
    born = date(2008, 2, 29)
    assert age_on(born, date(2028, 2, 28)) == 19
    assert age_on(born, date(2028, 2, 29)) == 20


def test_age_on_a_date_before_birth_raises():
    with pytest.raises(ValueError, match="before the date of birth"):
        age_on(date(2000, 1, 2), date(2000, 1, 1))


@given(dates, month_counts)
def test_add_months_never_raises_and_lands_in_the_target_month(start, months):
    result = add_months(start, months)
    year, month_index = divmod(start.year * 12 + start.month - 1 + months, 12)
    assert (result.year, result.month) == (year, month_index + 1)
    assert result.day == min(start.day, calendar.monthrange(result.year, result.month)[1])


@given(dates, st.integers(min_value=0, max_value=1200))
def test_adding_months_never_goes_backwards(start, months):
    assert add_months(start, months) >= start


@given(dates, dates)
def test_days_overdue_is_never_negative_and_zero_on_or_before_the_due_date(due, today):
    overdue = days_overdue(due, today)
    assert overdue >= 0
    assert (overdue == 0) == (today <= due)
    assert days_overdue(due, due) == 0


@given(dates, dates)
def test_overdue_iff_today_is_after_the_due_date(due, today):
    assert is_overdue(due, today) == (today > due)
    assert is_overdue(due, today) == (days_overdue(due, today) > 0)


@given(dates)
def test_one_month_deadline_is_in_the_next_calendar_month(submitted):
    deadline = one_month_deadline(submitted)
    assert deadline > submitted
    assert (deadline.year * 12 + deadline.month) - (submitted.year * 12 + submitted.month) == 1
    assert deadline.day <= submitted.day


def test_days_beginning_with_a_day_include_it():
    assert last_day_of_days(date(2025, 3, 1), 3) == date(2025, 3, 3)
    assert last_day_of_days(date(2024, 2, 28), 3) == date(2024, 3, 1)
    assert last_day_of_days(date(2023, 2, 28), 3) == date(2023, 3, 2)
    assert last_day_of_days(date(2025, 12, 30), 3) == date(2026, 1, 1)
    assert last_day_of_days(date(2025, 3, 1), 1) == date(2025, 3, 1)


def test_a_period_of_no_days_is_refused():
    with pytest.raises(ValueError):
        last_day_of_days(date(2025, 3, 1), 0)
