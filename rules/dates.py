"""The one date-arithmetic helper (docs/rules.md § Dates).

Every period in the domain is counted here, so "a month", "a year", "within one month" and
"overdue by N days" mean the same thing everywhere:

- a period in months is calendar months, clamped to the end of a shorter month
  (31 January + 1 month = 28/29 February);
- a period in years is calendar years (29 February + 1 year = 28 February);
- "within one month" of a date means on or before the same day of the next calendar month;
- "overdue by N days" counts whole days after the due date; due today is not overdue.

Dates outside Python's `date` range (years 1–9999) raise `ValueError`, as `date` does.
"""

import calendar
from datetime import date, timedelta


def add_months(d: date, months: int) -> date:
    """`d` moved by `months` calendar months (negative goes back), clamped to the month end.

    31 January + 1 month = 28 February (29 in a leap year); 31 March - 1 month = 28/29
    February [docs/rules.md § Dates].
    """
    index = d.year * 12 + (d.month - 1) + months
    year, month_index = divmod(index, 12)
    month = month_index + 1
    if not 1 <= year <= 9999:
        raise ValueError(f"{d.isoformat()} + {months} months is outside the supported date range")
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def last_day_of_period(starts_on: date, months: int) -> date:
    """The last day of a period of `months` calendar months *beginning with* `starts_on`: the
    day before the same date `months` later, or, when that month has no such date, its last
    day. 2 years beginning 1 January 2020 end on 31 December 2021; 12 months beginning
    1 March 2023 end on 29 February 2024; 1 month beginning 31 January ends on 28 (or 29)
    February; 2 years beginning 29 February 2024 end on 28 February 2026 [docs/rules.md § Dates].
    """
    index = starts_on.year * 12 + (starts_on.month - 1) + months
    year, month_index = divmod(index, 12)
    month = month_index + 1
    if not 1 <= year <= 9999:
        raise ValueError(f"{starts_on.isoformat()} + {months} months is outside the supported date range")
    month_end = calendar.monthrange(year, month)[1]
    if starts_on.day > month_end:
        return date(year, month, month_end)
    return date(year, month, starts_on.day) - timedelta(days=1)


def last_day_of_days(starts_on: date, days: int) -> date:
    """The last day of a period of `days` days *beginning with* `starts_on`: that day counts as
    the first, so 3 days beginning with 1 March end on 3 March, and 3 days beginning with
    28 February 2024 end on 1 March 2024 [docs/rules.md § Dates]."""
    if days < 1:
        raise ValueError(f"A period of days has at least one day, not {days}")
    return starts_on + timedelta(days=days - 1)


def add_years(d: date, years: int) -> date:
    """`d` moved by `years` calendar years: 29 February + 1 year = 28 February [docs/rules.md § Dates]."""
    return add_months(d, 12 * years)


def add_weeks(d: date, weeks: int) -> date:
    """`d` moved by `weeks` whole weeks (7 days each)."""
    return d + timedelta(weeks=weeks)


def add_days(d: date, days: int) -> date:
    """`d` moved by `days` days."""
    return d + timedelta(days=days)


def one_month_deadline(d: date) -> date:
    """The last day that is still "within one month" of `d`.

    On or before the same day of the next calendar month, clamped to its end: work submitted
    on 15 March is due by 15 April; on 31 January, by 28 February (29 in a leap year)
    [docs/rules.md § Dates; 004 Rec 8].
    """
    return add_months(d, 1)


def days_overdue(due: date, today: date) -> int:
    """Whole days after the due date; 0 on or before it (due today is not overdue)."""
    return max(0, (today - due).days)


def is_overdue(due: date, today: date) -> bool:
    """True once the due date has passed: overdue iff `today` is after `due`."""
    return today > due


def age_on(date_of_birth: date, on: date) -> int:
    """Age in whole years on the date `on`.

    A person born on 29 February becomes a year older on 1 March in a non-leap year (and on
    29 February in a leap year). In UK law a person attains an age at the start of the
    anniversary of their birth (Family Law Reform Act 1969 s9); a non-leap year has no
    29 February, and the UK convention takes the anniversary to be 1 March. Comparing
    (month, day) pairs gives exactly that: (2, 28) is before (2, 29), (3, 1) is not.
    """
    if on < date_of_birth:
        raise ValueError(f"{on.isoformat()} is before the date of birth {date_of_birth.isoformat()}")
    before_birthday = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - before_birthday


def long_date(d: date) -> str:
    """A date as people read it, in GOV.UK style: "17 October 2024", never "2024-10-17"."""
    return f"{d.day} {d:%B %Y}"
