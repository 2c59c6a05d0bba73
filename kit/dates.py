"""Dates as people read them, in GOV.UK style: "17 October 2024", never "2024-10-17"."""

import datetime

from rules.dates import long_date

__all__ = ["date_range", "long_date"]


def date_range(first: datetime.date, last: datetime.date) -> str:
    """ "17 October 2024 to 23 November 2024"."""
    return f"{long_date(first)} to {long_date(last)}"
