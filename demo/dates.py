"""Dates for the demo generator, held as ordinals (`date.toordinal()`) so the hot loops do
integer arithmetic; calendar months go through the project's one date helper."""

import datetime

from rules.dates import add_months as _add_months

_FIRST = datetime.date(1900, 1, 1).toordinal()
_LAST = datetime.date(2200, 12, 31).toordinal()
# Times of day for created_at / updated_at stamps (UTC), picked by date so no RNG is spent.
_TIMES = tuple(f" {hour:02d}:{minute:02d}:00+00" for hour in range(8, 19) for minute in (4, 17, 29, 42, 53))
_iso: list[str] = []
_stamps: list[str] = []


def iso(day: int) -> str:
    """The ISO text of an ordinal day (cached: the generator formats millions of dates)."""
    if not _iso:
        _iso.extend(datetime.date.fromordinal(o).isoformat() for o in range(_FIRST, _LAST + 1))
    return _iso[day - _FIRST]


def stamp(day: int) -> str:
    """A timestamptz on `day` during working hours (cached like `iso`)."""
    if not _stamps:
        _stamps.extend(iso(o) + _TIMES[o % len(_TIMES)] for o in range(_FIRST, _LAST + 1))
    return _stamps[day - _FIRST]


def add_months(day: int, months: int) -> int:
    """Calendar months (31 January + 1 month = 28/29 February), as `rules.dates`."""
    return _add_months(datetime.date.fromordinal(day), months).toordinal()


def add_years(day: int, years: int) -> int:
    return add_months(day, 12 * years)


def to_date(day: int | None) -> datetime.date | None:
    return None if day is None else datetime.date.fromordinal(day)
