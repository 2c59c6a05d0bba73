"""Dates as people read them, in GOV.UK style: "17 October 2024", never "2024-10-17"."""

import datetime


def long_date(day: datetime.date) -> str:
    """ "17 October 2024"."""
    return f"{day.day} {day:%B %Y}"


def date_range(first: datetime.date, last: datetime.date) -> str:
    """ "17 October 2024 to 23 November 2024"."""
    return f"{long_date(first)} to {long_date(last)}"
