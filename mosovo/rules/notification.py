"""Notification periods: Figure 1 of [004], Sexual Offences Act 2003 s82 (shared/domain.md
§ Who is managed).

The statute, not the report's shorthand, decides two things [domain.md]:
- halving applies to the 10-, 7-, 5- and 2-year periods only — never to an indefinite
  period, a conditional discharge's duration or a civil order's life;
- the age that counts is the age on the *relevant date* (conviction, finding or caution),
  not at the offence. The offence date may be given so the reason can say why a period
  the report's shorthand would halve is not halved.
"""

from dataclasses import dataclass
from datetime import date

from django.db import models

from mosovo.rules import national
from mosovo.rules.choices import Disposal
from mosovo.rules.dates import add_months, add_years, age_on


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
    notification_starts_on: date,
    sentence_months: int | None = None,
    life: bool = False,
    conditional_discharge_months: int | None = None,
    order_ends_on: date | None = None,
    offence_on: date | None = None,
) -> NotificationPeriod:
    """The notification period for one disposal [004 Figure 1; SOA 2003 s82; domain.md].

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
    period runs from `notification_starts_on` in calendar months.

    Inputs, and the choices made where the guidance is silent:
    - `disposal` is a `Disposal` value. For `Disposal.CUSTODY` give either `life=True` (life,
      or another indeterminate sentence such as imprisonment for public protection) or
      `sentence_months` — not both. Sentence lengths are whole months: a sentence in weeks
      or days must be converted by the caller with care at the 6- and 30-month boundaries.
    - `conditional_discharge_months` is required for a conditional discharge.
    - `order_ends_on` is the order's end date for `Disposal.CIVIL_ORDER`; None means the
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
    _check_dates(
        relevant_date=relevant_date,
        date_of_birth=date_of_birth,
        notification_starts_on=notification_starts_on,
        offence_on=offence_on,
    )
    _check_disposal_inputs(
        disposal=disposal,
        sentence_months=sentence_months,
        life=life,
        conditional_discharge_months=conditional_discharge_months,
        order_ends_on=order_ends_on,
        notification_starts_on=notification_starts_on,
    )

    age = age_on(date_of_birth, relevant_date)
    under_18 = age < national.ADULT_AGE
    age_note = _age_note(
        age=age, relevant_date=relevant_date, date_of_birth=date_of_birth, offence_on=offence_on
    )

    if disposal == Disposal.CIVIL_ORDER:
        return _civil_order_period(
            starts_on=notification_starts_on, order_ends_on=order_ends_on, under_18=under_18
        )
    if disposal == Disposal.CONDITIONAL_DISCHARGE:
        months = conditional_discharge_months
        return NotificationPeriod(
            row=Figure1Row.CONDITIONAL_DISCHARGE,
            indefinite=False,
            months=months,
            starts_on=notification_starts_on,
            ends_on=add_months(notification_starts_on, months),
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
            starts_on=notification_starts_on,
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
        starts_on=notification_starts_on,
        ends_on=add_months(notification_starts_on, months),
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
    [004 Figure 1 notes; SOA 2003 s91A–91B; domain.md]."""
    years = (
        national.INDEFINITE_REVIEW_YEARS_UNDER_18
        if under_18_on_relevant_date
        else national.INDEFINITE_REVIEW_YEARS_ADULT
    )
    return add_years(first_notification_after_release, years)


def _check_dates(
    *, relevant_date: date, date_of_birth: date, notification_starts_on: date, offence_on: date | None
) -> None:
    if relevant_date < date_of_birth:
        raise NotificationInputError(
            f"The relevant date ({relevant_date.isoformat()}) is before the date of birth "
            f"({date_of_birth.isoformat()})."
        )
    if notification_starts_on < relevant_date:
        raise NotificationInputError(
            f"Notification cannot start ({notification_starts_on.isoformat()}) before the relevant "
            f"date ({relevant_date.isoformat()})."
        )
    if offence_on is not None:
        if offence_on < date_of_birth:
            raise NotificationInputError(
                f"The offence date ({offence_on.isoformat()}) is before the date of birth "
                f"({date_of_birth.isoformat()})."
            )
        if offence_on > relevant_date:
            raise NotificationInputError(
                f"The offence date ({offence_on.isoformat()}) is after the relevant date "
                f"({relevant_date.isoformat()}): conviction, finding or caution follows the offence."
            )


def _check_disposal_inputs(
    *,
    disposal: Disposal,
    sentence_months: int | None,
    life: bool,
    conditional_discharge_months: int | None,
    order_ends_on: date | None,
    notification_starts_on: date,
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
        if order_ends_on is not None and order_ends_on < notification_starts_on:
            raise NotificationInputError(
                f"The order ends ({order_ends_on.isoformat()}) before notification starts "
                f"({notification_starts_on.isoformat()})."
            )
    elif order_ends_on is not None:
        raise NotificationInputError(
            "An order end date only applies to a Sexual Harm Prevention Order or Sexual Risk Order."
        )


def _figure_1_row(*, disposal: Disposal, sentence_months: int | None, life: bool) -> Figure1Row:
    if disposal == Disposal.CUSTODY:
        if life or sentence_months >= national.CUSTODY_INDEFINITE_FROM_MONTHS:
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
            f"the order, until {order_ends_on.isoformat()} (never halved)."
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
        return f"under 18 on the relevant date ({relevant_date.isoformat()}, aged {age})"
    note = f"aged {age} on the relevant date ({relevant_date.isoformat()}), so not halved"
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
