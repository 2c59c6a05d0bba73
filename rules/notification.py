"""Notification periods (docs/rules.md § Notification periods).

- Registered sex offenders: Figure 1 of the HMICFRS report, as the Sexual Offences Act 2003 s82
  decides it:
  each period *begins with* the relevant date (conviction, finding or caution), so its last day
  is the day before the same date N years on; halving applies to the 10-, 7-, 5- and 2-year
  periods only, for someone under 18 on the relevant date; consecutive terms count as their
  aggregate (s82(3)-(4), applied by `rules.life_course`); custody is not discounted.
  A Sexual Harm Prevention Order or Sexual Risk Order gives a period for its life.
- Registered terrorist offenders: Counter-Terrorism Act 2008 s53: 30, 15 or 10 years beginning
  with the day the offender was dealt with, time in custody or hospital disregarded.
- Violent offender orders: notification lasts exactly as long as the order is in force
  (Criminal Justice and Immigration Act 2008 s107).
- MAPPA category 2 and 3 and potentially dangerous persons: no notification period.

Several periods run side by side and the latest end governs (`notification_position`).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, cast

from django.db import models

from rules import national
from rules.choices import SEXUAL_ORDER_KINDS, Disposal, OffenderType, OrderKind
from rules.dates import add_years, age_on, last_day_of_period, long_date

if TYPE_CHECKING:
    from rules.life_course import Sentence, Spell


class NotificationInputError(ValueError):
    """The facts given cannot decide a notification period; the message says why."""


class Figure1Row(models.TextChoices):
    """Which row of Figure 1 (or which notification basis) decided the period."""

    CUSTODY_30_MONTHS_OR_MORE = (
        "custody_30_months_or_more",
        "Imprisonment for life or for 30 months or more",
    )
    HOSPITAL_WITH_RESTRICTION = (
        "hospital_with_restriction",
        "Admitted to hospital subject to a restriction order",
    )
    CUSTODY_OVER_6_UNDER_30_MONTHS = (
        "custody_over_6_under_30_months",
        "Imprisonment for more than 6 months but less than 30 months",
    )
    CUSTODY_6_MONTHS_OR_LESS = "custody_6_months_or_less", "Imprisonment for 6 months or less"
    HOSPITAL_WITHOUT_RESTRICTION = (
        "hospital_without_restriction",
        "Admitted to hospital without a restriction order",
    )
    CAUTION = "caution", "Caution"
    CONDITIONAL_DISCHARGE = "conditional_discharge", "Conditional discharge"
    CIVIL_ORDER = "civil_order", "Sexual Harm Prevention Order or Sexual Risk Order"
    OTHER = "other", "Any other disposal"
    TERRORISM_30_YEARS = "terrorism_30_years", "Counter-Terrorism Act 2008 s53: 30 years"
    TERRORISM_15_YEARS = "terrorism_15_years", "Counter-Terrorism Act 2008 s53: 15 years"
    TERRORISM_10_YEARS = "terrorism_10_years", "Counter-Terrorism Act 2008 s53: 10 years"
    VIOLENT_OFFENDER_ORDER = "violent_offender_order", "Violent Offender Order"


# The fixed periods, in years, that s82(2) halves for someone under 18 on the relevant date.
_FIXED_PERIOD_YEARS = {
    Figure1Row.CUSTODY_OVER_6_UNDER_30_MONTHS: national.NOTIFICATION_YEARS_CUSTODY_MEDIUM,
    Figure1Row.CUSTODY_6_MONTHS_OR_LESS: national.NOTIFICATION_YEARS_CUSTODY_SHORT,
    Figure1Row.HOSPITAL_WITHOUT_RESTRICTION: national.NOTIFICATION_YEARS_HOSPITAL_NO_RESTRICTION,
    Figure1Row.CAUTION: national.NOTIFICATION_YEARS_CAUTION,
    Figure1Row.OTHER: national.NOTIFICATION_YEARS_OTHER,
}


@dataclass(frozen=True)
class NotificationPeriod:
    """How long the notification requirements last, and why.

    - `indefinite`: no fixed end. True for the two indefinite rows of Figure 1 and for a
      civil order made "until further order" (`until_further_order` tells them apart: only
      the Figure 1 rows get the indefinite-notification review, see
      `indefinite_review_applies`).
    - `months`: length of a fixed period in calendar months (halved already, e.g. 42 for
      3.5 years); None when indefinite or when the period is the life of a civil order.
    - `ends_on`: the date the period expires — `starts_on` + `months` calendar months, or
      the order's end date; None when indefinite.
    """

    row: Figure1Row
    indefinite: bool
    months: int | None
    starts_on: date
    ends_on: date | None
    halved: bool
    under_18_on_relevant_date: bool
    until_further_order: bool
    reason: str
    # Counter-Terrorism Act 2008 s53(7): the end moves on while the offender is in custody or
    # hospital, so an end computed during such a time is the earliest it can be.
    provisional: bool = False

    @property
    def indefinite_review_applies(self) -> bool:
        """Only a Figure 1 indefinite period can be reviewed after 15 (or 8) years; an
        open-ended order ends when a court discharges it."""
        return self.indefinite and not self.until_further_order


def notification_period(
    *,
    disposal: str,
    relevant_date: date,
    date_of_birth: date,
    sentence_months: int | None = None,
    life: bool = False,
    conditional_discharge_months: int | None = None,
    order_ends_on: date | None = None,
    offence_on: date | None = None,
) -> NotificationPeriod:
    """The notification period for one disposal [docs/rules.md § Notification periods].

    Figure 1, row by row:
    - imprisonment for life, or for 30 months or more → indefinite;
    - admitted to hospital with a restriction order → indefinite;
    - imprisonment for more than 6 and less than 30 months → 10 years;
    - imprisonment for 6 months or less → 7 years;
    - admitted to hospital without a restriction order → 7 years;
    - caution → 2 years;
    - conditional discharge → the period of the discharge;
    - any other disposal → 5 years;
    - a Sexual Harm Prevention Order or Sexual Risk Order (`Disposal.CIVIL_ORDER`) → for as
      long as the order has effect.

    The 10-, 7-, 5- and 2-year periods are halved (to 5, 3.5, 2.5 and 1 year) when the
    offender was under 18 on `relevant_date` — the date of conviction, finding or caution;
    someone whose 18th birthday is the relevant date is 18. Nothing else is halved. A fixed
    period begins with the relevant date and runs in calendar months: `ends_on` is its last
    day (a 2-year period beginning 1 January 2020 ends on 31 December 2021).

    Inputs, and the choices made where the guidance is silent:
    - `disposal` is a `Disposal` value. For `Disposal.CUSTODY` give either `life=True` (life,
      or another indeterminate sentence such as imprisonment for public protection) or
      `sentence_months` — not both. Sentence lengths are whole months: a sentence in weeks
      or days must be converted by the caller with care at the 6- and 30-month boundaries.
    - `conditional_discharge_months` is required for a conditional discharge.
    - `order_ends_on` is the order's last day for `Disposal.CIVIL_ORDER`; None means the
      order runs "until further order", so notification has no fixed end: the result is
      `indefinite=True, until_further_order=True` — not the Figure 1 indefinite period
      (no s91A review), and never "ends_on unknown".
    - Inputs that belong to another disposal (a sentence length on a caution, an order end
      date on a custody) raise, so a mis-keyed disposal is caught rather than ignored.

    Raises `NotificationInputError` for missing, negative or contradictory inputs.
    """
    try:
        disposal = Disposal(disposal)
    except ValueError:
        raise NotificationInputError(f"Unknown disposal {disposal!r}.") from None
    _check_dates(relevant_date=relevant_date, date_of_birth=date_of_birth, offence_on=offence_on)
    _check_disposal_inputs(
        disposal=disposal,
        sentence_months=sentence_months,
        life=life,
        conditional_discharge_months=conditional_discharge_months,
        order_ends_on=order_ends_on,
        relevant_date=relevant_date,
    )
    starts_on = relevant_date

    age = age_on(date_of_birth, relevant_date)
    under_18 = age < national.ADULT_AGE
    age_note = _age_note(
        age=age, relevant_date=relevant_date, date_of_birth=date_of_birth, offence_on=offence_on
    )

    if disposal == Disposal.CIVIL_ORDER:
        return _civil_order_period(starts_on=starts_on, order_ends_on=order_ends_on, under_18=under_18)
    if disposal == Disposal.CONDITIONAL_DISCHARGE:
        months = conditional_discharge_months
        assert months is not None  # _check_disposal_inputs requires it
        return NotificationPeriod(
            row=Figure1Row.CONDITIONAL_DISCHARGE,
            indefinite=False,
            months=months,
            starts_on=starts_on,
            ends_on=last_day_of_period(starts_on, months),
            halved=False,
            under_18_on_relevant_date=under_18,
            until_further_order=False,
            reason=(
                f"Figure 1: conditional discharge of {_describe_months(months)} — notification "
                f"lasts for the period of the discharge, which is never halved."
            ),
        )

    row = _figure_1_row(disposal=disposal, sentence_months=sentence_months, life=life)
    what = _describe_disposal(row=row, sentence_months=sentence_months, life=life)
    if row in (Figure1Row.CUSTODY_30_MONTHS_OR_MORE, Figure1Row.HOSPITAL_WITH_RESTRICTION):
        not_halved = " (an indefinite period is never halved)" if under_18 else ""
        return NotificationPeriod(
            row=row,
            indefinite=True,
            months=None,
            starts_on=starts_on,
            ends_on=None,
            halved=False,
            under_18_on_relevant_date=under_18,
            until_further_order=False,
            reason=f"Figure 1: {what} — indefinite{not_halved}.",
        )

    full_months = _FIXED_PERIOD_YEARS[row] * 12
    months = full_months // 2 if under_18 else full_months
    if under_18:
        reason = (
            f"Figure 1: {what} — {_describe_months(full_months)}, halved to "
            f"{_describe_months(months)}: {age_note}."
        )
    else:
        reason = f"Figure 1: {what} — {_describe_months(months)}: {age_note}."
    return NotificationPeriod(
        row=row,
        indefinite=False,
        months=months,
        starts_on=starts_on,
        ends_on=last_day_of_period(starts_on, months),
        halved=under_18,
        under_18_on_relevant_date=under_18,
        until_further_order=False,
        reason=reason,
    )


def earliest_indefinite_review(
    *, first_notification_after_release: date, under_18_on_relevant_date: bool
) -> date:
    """Earliest date an indefinite notification requirement can be reviewed: 15 years (8 if
    under 18 on the relevant date) from the first notification after release from custody
    [docs/rules.md § Notification periods]."""
    years = (
        national.INDEFINITE_REVIEW_YEARS_UNDER_18
        if under_18_on_relevant_date
        else national.INDEFINITE_REVIEW_YEARS_ADULT
    )
    return add_years(first_notification_after_release, years)


def _check_dates(*, relevant_date: date, date_of_birth: date, offence_on: date | None) -> None:
    if relevant_date < date_of_birth:
        raise NotificationInputError(
            f"The relevant date ({long_date(relevant_date)}) is before the date of birth "
            f"({long_date(date_of_birth)})."
        )
    if offence_on is not None:
        if offence_on < date_of_birth:
            raise NotificationInputError(
                f"The offence date ({long_date(offence_on)}) is before the date of birth "
                f"({long_date(date_of_birth)})."
            )
        if offence_on > relevant_date:
            raise NotificationInputError(
                f"The offence date ({long_date(offence_on)}) is after the relevant date "
                f"({long_date(relevant_date)}): conviction, finding or caution follows the offence."
            )


def _check_disposal_inputs(
    *,
    disposal: Disposal,
    sentence_months: int | None,
    life: bool,
    conditional_discharge_months: int | None,
    order_ends_on: date | None,
    relevant_date: date,
) -> None:
    if disposal == Disposal.CUSTODY:
        if life and sentence_months is not None:
            raise NotificationInputError(
                "Give either a life (indeterminate) sentence or a sentence length in months, not both."
            )
        if not life and sentence_months is None:
            raise NotificationInputError("A custodial sentence needs its length in months (or life).")
        if sentence_months is not None and sentence_months < 1:
            raise NotificationInputError(
                f"A sentence length must be at least 1 month, not {sentence_months}."
            )
    else:
        if life:
            raise NotificationInputError("Only a custodial disposal can be a life sentence.")
        if sentence_months is not None:
            raise NotificationInputError(
                f"A sentence length only applies to imprisonment, not to {Disposal(disposal).label.lower()}."
            )

    if disposal == Disposal.CONDITIONAL_DISCHARGE:
        if conditional_discharge_months is None:
            raise NotificationInputError("A conditional discharge needs its length in months.")
        if conditional_discharge_months < 1:
            raise NotificationInputError(
                f"A conditional discharge must last at least 1 month, not {conditional_discharge_months}."
            )
    elif conditional_discharge_months is not None:
        raise NotificationInputError(
            "A conditional discharge length only applies to a conditional discharge."
        )

    if disposal == Disposal.CIVIL_ORDER:
        if order_ends_on is not None and order_ends_on < relevant_date:
            raise NotificationInputError(
                f"The order ends ({long_date(order_ends_on)}) before the relevant date "
                f"({long_date(relevant_date)})."
            )
    elif order_ends_on is not None:
        raise NotificationInputError(
            "An order end date only applies to a Sexual Harm Prevention Order or Sexual Risk Order."
        )


def _figure_1_row(*, disposal: Disposal, sentence_months: int | None, life: bool) -> Figure1Row:
    if disposal == Disposal.CUSTODY:
        if life:
            return Figure1Row.CUSTODY_30_MONTHS_OR_MORE
        assert sentence_months is not None  # _check_disposal_inputs: custody is life or a length
        if sentence_months >= national.CUSTODY_INDEFINITE_FROM_MONTHS:
            return Figure1Row.CUSTODY_30_MONTHS_OR_MORE
        if sentence_months > national.CUSTODY_SHORT_MAX_MONTHS:
            return Figure1Row.CUSTODY_OVER_6_UNDER_30_MONTHS
        return Figure1Row.CUSTODY_6_MONTHS_OR_LESS
    return {
        Disposal.HOSPITAL_RESTRICTION: Figure1Row.HOSPITAL_WITH_RESTRICTION,
        Disposal.HOSPITAL_NO_RESTRICTION: Figure1Row.HOSPITAL_WITHOUT_RESTRICTION,
        Disposal.CAUTION: Figure1Row.CAUTION,
        Disposal.OTHER: Figure1Row.OTHER,
    }[disposal]


def _civil_order_period(*, starts_on: date, order_ends_on: date | None, under_18: bool) -> NotificationPeriod:
    if order_ends_on is None:
        reason = (
            "Sexual Harm Prevention Order or Sexual Risk Order made until further order: "
            "notification lasts as long as the order, so it has no fixed end until a court "
            "discharges the order (not a Figure 1 indefinite period; never halved)."
        )
    else:
        reason = (
            "Sexual Harm Prevention Order or Sexual Risk Order: notification lasts as long as "
            f"the order, until {long_date(order_ends_on)} (never halved)."
        )
    return NotificationPeriod(
        row=Figure1Row.CIVIL_ORDER,
        indefinite=order_ends_on is None,
        months=None,
        starts_on=starts_on,
        ends_on=order_ends_on,
        halved=False,
        under_18_on_relevant_date=under_18,
        until_further_order=order_ends_on is None,
        reason=reason,
    )


def _describe_disposal(*, row: Figure1Row, sentence_months: int | None, life: bool) -> str:
    if life:
        return "imprisonment for life (or another indeterminate sentence)"
    if sentence_months is not None:
        band = {
            Figure1Row.CUSTODY_30_MONTHS_OR_MORE: "30 months or more",
            Figure1Row.CUSTODY_OVER_6_UNDER_30_MONTHS: "more than 6 and less than 30 months",
            Figure1Row.CUSTODY_6_MONTHS_OR_LESS: "6 months or less",
        }[row]
        length = "1 month" if sentence_months == 1 else f"{sentence_months} months"
        return f"imprisonment for {length} ({band})"
    return row.label[0].lower() + row.label[1:]


def _age_note(*, age: int, relevant_date: date, date_of_birth: date, offence_on: date | None) -> str:
    if age < national.ADULT_AGE:
        return f"under 18 on the relevant date ({long_date(relevant_date)}, aged {age})"
    note = f"aged {age} on the relevant date ({long_date(relevant_date)}), so not halved"
    if offence_on is not None and age_on(date_of_birth, offence_on) < national.ADULT_AGE:
        note += " (under 18 at the offence, but s82 counts the age on the relevant date)"
    return note


def _describe_months(months: int) -> str:
    years, remainder = divmod(months, 12)
    if remainder == 0:
        return f"{years} year" if years == 1 else f"{years} years"
    if remainder == 6 and years > 0:
        return f"{years}.5 years ({months} months)"
    return f"{months} month" if months == 1 else f"{months} months"


# --------------------------------------------------------------------------- every period at once


@dataclass(frozen=True)
class OrderSpan:
    """A civil order as notification sees it: its kind and its first and last day in force
    (`ends_on` None: until further order)."""

    kind: OrderKind
    starts_on: date
    ends_on: date | None = None


def notification_periods(
    *,
    offender_type: str,
    date_of_birth: date,
    sentences: Iterable["Sentence"],
    orders: Iterable[OrderSpan] = (),
    spells: Sequence["Spell"] = (),
    today: date,
) -> list[NotificationPeriod]:
    """Every notification period the offender is subject to, by their type (module docstring).

    `sentences`: `rules.life_course.Sentence`s (the registration's and every later one);
    `orders`: the civil orders made; `spells`: times in custody or hospital
    (`life_course.Spell`), which only the Counter-Terrorism Act discounts; `today` bounds a
    spell that has not ended."""
    offender_type = OffenderType(offender_type)
    periods: list[NotificationPeriod] = []
    if offender_type == OffenderType.RSO:
        for sentence in sentences:
            periods.append(
                notification_period(
                    disposal=sentence.disposal,
                    relevant_date=sentence.relevant_date,
                    date_of_birth=date_of_birth,
                    sentence_months=None if sentence.life else sentence.term_months,
                    life=sentence.life,
                    conditional_discharge_months=sentence.conditional_discharge_months,
                    order_ends_on=sentence.order_ends_on,
                )
            )
        for order in orders:
            if order.kind in SEXUAL_ORDER_KINDS:
                periods.append(
                    _civil_order_period(
                        starts_on=order.starts_on,
                        order_ends_on=order.ends_on,
                        under_18=age_on(date_of_birth, order.starts_on) < national.ADULT_AGE,
                    )
                )
    elif offender_type == OffenderType.RTO:
        periods.extend(
            terrorism_period(sentence=sentence, date_of_birth=date_of_birth, spells=spells, today=today)
            for sentence in sentences
        )
    elif offender_type == OffenderType.RVO:
        periods.extend(
            _violent_offender_order_period(order) for order in orders if order.kind == OrderKind.VOO
        )
    return periods


def terrorism_period(
    *, sentence: "Sentence", date_of_birth: date, spells: Sequence["Spell"] = (), today: date
) -> NotificationPeriod:
    """Counter-Terrorism Act 2008 s53: 30 years for someone 18 or over at conviction sentenced
    to life or to 10 years or more; 15 years for 5 years or more but less than 10; 10 years in
    any other case (16- and 17-year-olds, shorter terms, hospital orders). The period begins
    with the day the offender was dealt with (s53(4)); days remanded or committed to custody,
    serving a sentence or detained in hospital are disregarded (s53(7)), so the end moves on by
    each such day. A spell still running counts up to `today` and makes the end provisional."""
    adult = age_on(date_of_birth, sentence.relevant_date) >= national.ADULT_AGE
    # Compared only for a custodial sentence other than life, which has its term.
    months = sentence.term_months if not sentence.life else None
    custodial = sentence.disposal == Disposal.CUSTODY
    if (
        adult
        and custodial
        and (sentence.life or cast(int, months) >= national.TERRORISM_30_YEARS_FROM_MONTHS)
    ):
        row, years = Figure1Row.TERRORISM_30_YEARS, 30
    elif adult and custodial and cast(int, months) >= national.TERRORISM_15_YEARS_FROM_MONTHS:
        row, years = Figure1Row.TERRORISM_15_YEARS, 15
    else:
        row, years = Figure1Row.TERRORISM_10_YEARS, 10
    starts_on = sentence.dealt_with_on
    without_spells = last_day_of_period(starts_on, years * 12)
    counted = [replace(spell, ends_on=spell.ends_on or max(today, spell.starts_on)) for spell in spells]
    ends_on = without_spells
    while True:  # each disregarded day moves the end on, which may take in more of a later spell
        moved = without_spells + timedelta(
            days=sum(spell.days_within(starts_on, ends_on) for spell in counted)
        )
        if moved == ends_on:
            break
        ends_on = moved
    provisional = any(spell.ends_on is None and spell.starts_on <= ends_on for spell in spells)
    reason = (
        f"Counter-Terrorism Act 2008 s53: {years} years beginning with the day dealt with "
        f"({long_date(starts_on)}), time in custody or hospital not counted"
        + (" (the end moves on while the offender is in custody or hospital)." if provisional else ".")
    )
    return NotificationPeriod(
        row=row,
        indefinite=False,
        months=years * 12,
        starts_on=starts_on,
        ends_on=ends_on,
        halved=False,
        under_18_on_relevant_date=not adult,
        until_further_order=False,
        reason=reason,
        provisional=provisional,
    )


def _violent_offender_order_period(order: OrderSpan) -> NotificationPeriod:
    """Criminal Justice and Immigration Act 2008 s107: notification for as long as the order is
    in force."""
    return NotificationPeriod(
        row=Figure1Row.VIOLENT_OFFENDER_ORDER,
        indefinite=order.ends_on is None,
        months=None,
        starts_on=order.starts_on,
        ends_on=order.ends_on,
        halved=False,
        under_18_on_relevant_date=False,
        until_further_order=order.ends_on is None,
        reason="Violent Offender Order: notification lasts as long as the order is in force "
        "(CJIA 2008 s107).",
    )


@dataclass(frozen=True)
class NotificationPosition:
    """All of an offender's periods, and the one that governs: the latest end (an indefinite
    or open-ended period outlasts any fixed one).

    - `last_day`: the governing period's last day; None when it has no fixed end or there is
      no period.
    - `review_earliest_on`: the earliest date an indefinite requirement (Figure 1) can be
      reviewed, SOA 2003 s91B(2); `review_not_yet_known` while the offender has not yet been
      released after the conviction behind it.
    """

    periods: tuple[NotificationPeriod, ...]
    governing: NotificationPeriod | None
    review_earliest_on: date | None = None
    review_not_yet_known: bool = False

    @property
    def indefinite(self) -> bool:
        return self.governing is not None and self.governing.indefinite

    @property
    def last_day(self) -> date | None:
        return None if self.governing is None or self.governing.indefinite else self.governing.ends_on

    @property
    def has_fixed_end(self) -> bool:
        """Every period has a fixed end (so the requirements end on a known day)."""
        return self.governing is not None and not self.governing.indefinite and not self.governing.provisional

    def ended_before(self, today: date) -> bool:
        last_day = self.last_day
        return self.has_fixed_end and last_day is not None and last_day < today


def notification_position(
    periods: Sequence[NotificationPeriod],
    *,
    date_of_birth: date,
    spells: Sequence["Spell"] = (),
    released_on: date | None = None,
    first_notification_after_release: date | None = None,
) -> NotificationPosition:
    """The governing period (latest end) and, for an indefinite one, the earliest review.

    SOA 2003 s91B(2) and (10): the qualifying date is the day after 15 years (8 if under 18 on
    the relevant date) beginning with the first notification the offender gives when first
    released after the custody or hospital detention for that conviction. Until notifications
    are recorded, `first_notification_after_release` may be None and the release itself stands
    for it (the initial notification is due within 3 days of it); someone never detained for it
    counts from the relevant date. While they are still detained the date is not yet known."""
    periods = tuple(periods)
    if not periods:
        return NotificationPosition(periods=(), governing=None)
    governing = max(periods, key=_end_rank)
    if not governing.indefinite_review_applies:
        return NotificationPosition(periods=periods, governing=governing)
    release = _first_release_after(governing.starts_on, spells=spells, released_on=released_on)
    if release is None and any(spell.ends_on is None for spell in spells):
        return NotificationPosition(periods=periods, governing=governing, review_not_yet_known=True)
    base = first_notification_after_release or release or governing.starts_on
    under_18 = age_on(date_of_birth, governing.starts_on) < national.ADULT_AGE
    return NotificationPosition(
        periods=periods,
        governing=governing,
        review_earliest_on=earliest_indefinite_review(
            first_notification_after_release=base, under_18_on_relevant_date=under_18
        ),
    )


def _end_rank(period: NotificationPeriod) -> tuple[int, date | None, date]:
    # Figure 1's indefinite beats an open-ended order (it has the s91A review), which beats a date.
    if period.indefinite:
        return (2 if period.indefinite_review_applies else 1, date.max, period.starts_on)
    return (0, period.ends_on, period.starts_on)


def _first_release_after(day: date, *, spells: Sequence["Spell"], released_on: date | None) -> date | None:
    ends = sorted(spell.ends_on + timedelta(days=1) for spell in spells if spell.ends_on is not None)
    for release in ends:
        if release >= day:
            return release
    if released_on is not None and released_on >= day:
        return released_on
    return None
