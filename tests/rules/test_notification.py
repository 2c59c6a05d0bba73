"""Notification periods: every row of Figure 1 [docs/rules.md § Notification periods], halving (s82) and
its exceptions."""

from datetime import date

import pytest

from rules.choices import Disposal
from rules.notification import (
    Figure1Row,
    NotificationInputError,
    earliest_indefinite_review,
    notification_period,
)

RELEVANT = date(2020, 3, 10)
ADULT_BORN = date(1980, 5, 5)  # 39 on the relevant date
CHILD_BORN = date(2004, 5, 5)  # 15 on the relevant date


def period(*, disposal, born=ADULT_BORN, relevant=RELEVANT, **kwargs):
    return notification_period(disposal=disposal, relevant_date=relevant, date_of_birth=born, **kwargs)


# Figure 1, row by row, for an adult.


def test_custody_of_exactly_30_months_is_indefinite():
    result = period(disposal=Disposal.CUSTODY, sentence_months=30)
    assert result.indefinite
    assert result.row == Figure1Row.CUSTODY_30_MONTHS_OR_MORE
    assert result.months is None
    assert result.ends_on is None
    assert result.indefinite_review_applies


def test_custody_of_more_than_30_months_is_indefinite():
    assert period(disposal=Disposal.CUSTODY, sentence_months=96).indefinite


def test_life_sentence_is_indefinite():
    result = period(disposal=Disposal.CUSTODY, life=True)
    assert result.indefinite
    assert result.row == Figure1Row.CUSTODY_30_MONTHS_OR_MORE
    assert "life" in result.reason


def test_hospital_with_restriction_order_is_indefinite():
    result = period(disposal=Disposal.HOSPITAL_RESTRICTION)
    assert result.indefinite
    assert result.row == Figure1Row.HOSPITAL_WITH_RESTRICTION
    assert result.ends_on is None


def test_custody_of_29_months_is_10_years():
    result = period(disposal=Disposal.CUSTODY, sentence_months=29)
    assert not result.indefinite
    assert result.row == Figure1Row.CUSTODY_OVER_6_UNDER_30_MONTHS
    assert result.months == 120
    assert result.ends_on == date(2030, 3, 9)
    assert not result.halved


def test_custody_of_7_months_is_10_years():
    result = period(disposal=Disposal.CUSTODY, sentence_months=7)
    assert result.row == Figure1Row.CUSTODY_OVER_6_UNDER_30_MONTHS
    assert result.months == 120


def test_custody_of_exactly_6_months_is_7_years():
    result = period(disposal=Disposal.CUSTODY, sentence_months=6)
    assert result.row == Figure1Row.CUSTODY_6_MONTHS_OR_LESS
    assert result.months == 84
    assert result.ends_on == date(2027, 3, 9)


def test_custody_of_1_month_is_7_years():
    assert period(disposal=Disposal.CUSTODY, sentence_months=1).months == 84


def test_hospital_without_restriction_order_is_7_years():
    result = period(disposal=Disposal.HOSPITAL_NO_RESTRICTION)
    assert result.row == Figure1Row.HOSPITAL_WITHOUT_RESTRICTION
    assert result.months == 84
    assert result.ends_on == date(2027, 3, 9)


def test_caution_is_2_years():
    result = period(disposal=Disposal.CAUTION)
    assert result.row == Figure1Row.CAUTION
    assert result.months == 24
    assert result.ends_on == date(2022, 3, 9)


def test_conditional_discharge_lasts_for_its_duration():
    result = period(disposal=Disposal.CONDITIONAL_DISCHARGE, conditional_discharge_months=18)
    assert result.row == Figure1Row.CONDITIONAL_DISCHARGE
    assert result.months == 18
    assert result.ends_on == date(2021, 9, 9)
    assert not result.indefinite


def test_other_disposal_is_5_years():
    result = period(disposal=Disposal.OTHER)
    assert result.row == Figure1Row.OTHER
    assert result.months == 60
    assert result.ends_on == date(2025, 3, 9)


def test_civil_order_lasts_until_the_order_ends():
    result = period(disposal=Disposal.CIVIL_ORDER, order_ends_on=date(2027, 1, 1))
    assert result.row == Figure1Row.CIVIL_ORDER
    assert result.ends_on == date(2027, 1, 1)
    assert not result.indefinite
    assert not result.until_further_order
    assert result.months is None


def test_civil_order_until_further_order_has_no_end_but_no_indefinite_review():
    result = period(disposal=Disposal.CIVIL_ORDER)
    assert result.indefinite
    assert result.until_further_order
    assert result.ends_on is None
    assert not result.indefinite_review_applies
    assert "until further order" in result.reason


# Halving: under 18 on the relevant date.


@pytest.mark.parametrize(
    ("disposal", "sentence_months", "full_months", "halved_months"),
    [
        (Disposal.CUSTODY, 12, 120, 60),  # 10 years → 5
        (Disposal.CUSTODY, 6, 84, 42),  # 7 years → 3.5
        (Disposal.HOSPITAL_NO_RESTRICTION, None, 84, 42),  # 7 years → 3.5
        (Disposal.OTHER, None, 60, 30),  # 5 years → 2.5
        (Disposal.CAUTION, None, 24, 12),  # 2 years → 1
    ],
)
def test_fixed_periods_are_halved_for_someone_under_18_on_the_relevant_date(
    disposal, sentence_months, full_months, halved_months
):
    adult = period(disposal=disposal, sentence_months=sentence_months)
    child = period(disposal=disposal, sentence_months=sentence_months, born=CHILD_BORN)
    assert adult.months == full_months
    assert not adult.halved
    assert child.months == halved_months
    assert child.halved
    assert child.under_18_on_relevant_date


def test_halved_7_years_is_3_and_a_half_years_to_the_day():
    result = period(disposal=Disposal.CUSTODY, sentence_months=3, born=CHILD_BORN)
    assert result.months == 42
    assert result.ends_on == date(2023, 9, 9)
    assert "3.5 years" in result.reason


def test_halved_5_years_is_2_and_a_half_years_to_the_day():
    assert period(disposal=Disposal.OTHER, born=CHILD_BORN).ends_on == date(2022, 9, 9)


def test_halved_caution_is_1_year():
    assert period(disposal=Disposal.CAUTION, born=CHILD_BORN).ends_on == date(2021, 3, 9)


def test_indefinite_custody_is_not_halved_for_a_child():
    result = period(disposal=Disposal.CUSTODY, sentence_months=30, born=CHILD_BORN)
    assert result.indefinite
    assert not result.halved
    assert result.under_18_on_relevant_date
    assert "never halved" in result.reason


def test_hospital_with_restriction_is_not_halved_for_a_child():
    result = period(disposal=Disposal.HOSPITAL_RESTRICTION, born=CHILD_BORN)
    assert result.indefinite
    assert not result.halved


def test_conditional_discharge_is_not_halved_for_a_child():
    result = period(disposal=Disposal.CONDITIONAL_DISCHARGE, conditional_discharge_months=24, born=CHILD_BORN)
    assert result.months == 24
    assert result.ends_on == date(2022, 3, 9)
    assert not result.halved


def test_civil_order_is_not_halved_for_a_child():
    result = period(disposal=Disposal.CIVIL_ORDER, order_ends_on=date(2030, 3, 10), born=CHILD_BORN)
    assert result.ends_on == date(2030, 3, 10)
    assert not result.halved


def test_aged_17_on_the_relevant_date_is_halved():
    born = date(2002, 3, 11)  # 18th birthday the day after the relevant date
    result = period(disposal=Disposal.OTHER, born=born)
    assert result.halved
    assert result.months == 30


def test_18th_birthday_on_the_relevant_date_is_not_halved():
    born = date(2002, 3, 10)
    result = period(disposal=Disposal.OTHER, born=born)
    assert not result.halved
    assert result.months == 60
    assert not result.under_18_on_relevant_date


def test_under_18_at_the_offence_but_18_at_conviction_is_not_halved():
    born = date(2001, 6, 1)
    result = period(disposal=Disposal.CUSTODY, sentence_months=12, born=born, offence_on=date(2019, 5, 1))
    assert not result.halved
    assert result.months == 120
    assert "under 18 at the offence" in result.reason


def test_born_on_29_february_is_still_17_on_28_february_of_a_non_leap_year():
    born = date(2004, 2, 29)
    on_28_feb = period(disposal=Disposal.CAUTION, born=born, relevant=date(2022, 2, 28))
    on_1_march = period(disposal=Disposal.CAUTION, born=born, relevant=date(2022, 3, 1))
    assert on_28_feb.halved
    assert not on_1_march.halved


# The period begins with the relevant date (s82(1) "beginning with that date"), in calendar
# months; `ends_on` is its last day.


def test_a_2_year_period_beginning_1_january_2020_ends_on_31_december_2021():
    result = period(disposal=Disposal.CAUTION, relevant=date(2020, 1, 1))
    assert result.starts_on == date(2020, 1, 1)
    assert result.ends_on == date(2021, 12, 31)


def test_a_period_beginning_29_february_ends_on_28_february():
    result = period(disposal=Disposal.CAUTION, relevant=date(2024, 2, 29))
    assert result.starts_on == date(2024, 2, 29)
    assert result.ends_on == date(2026, 2, 28)


def test_a_period_beginning_1_march_before_a_leap_year_ends_on_29_february():
    result = period(disposal=Disposal.CAUTION, relevant=date(2022, 3, 1))
    assert result.ends_on == date(2024, 2, 29)


def test_conditional_discharge_from_31_january_ends_at_month_end():
    result = period(
        disposal=Disposal.CONDITIONAL_DISCHARGE,
        conditional_discharge_months=1,
        relevant=date(2025, 1, 31),
    )
    assert result.ends_on == date(2025, 2, 28)


def test_reason_names_the_figure_1_row():
    assert (
        "more than 6 and less than 30 months" in period(disposal=Disposal.CUSTODY, sentence_months=12).reason
    )
    assert "10 years" in period(disposal=Disposal.CUSTODY, sentence_months=12).reason
    assert (
        "halved to 5 years" in period(disposal=Disposal.CUSTODY, sentence_months=12, born=CHILD_BORN).reason
    )
    assert "caution" in period(disposal=Disposal.CAUTION).reason


def test_disposal_may_be_given_as_its_plain_value():
    assert period(disposal="caution").months == 24


# Validation.


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"disposal": Disposal.CUSTODY}, "needs its length"),
        ({"disposal": Disposal.CUSTODY, "sentence_months": 0}, "at least 1 month"),
        ({"disposal": Disposal.CUSTODY, "sentence_months": -3}, "at least 1 month"),
        ({"disposal": Disposal.CUSTODY, "sentence_months": 40, "life": True}, "not both"),
        ({"disposal": Disposal.CAUTION, "life": True}, "Only a custodial disposal"),
        ({"disposal": Disposal.CAUTION, "sentence_months": 4}, "only applies to imprisonment"),
        ({"disposal": Disposal.CONDITIONAL_DISCHARGE}, "needs its length"),
        ({"disposal": Disposal.CONDITIONAL_DISCHARGE, "conditional_discharge_months": 0}, "at least 1 month"),
        (
            {"disposal": Disposal.CONDITIONAL_DISCHARGE, "conditional_discharge_months": -1},
            "at least 1 month",
        ),
        ({"disposal": Disposal.OTHER, "conditional_discharge_months": 12}, "only applies to a conditional"),
        (
            {"disposal": Disposal.CUSTODY, "sentence_months": 12, "order_ends_on": date(2030, 1, 1)},
            "order end",
        ),
        ({"disposal": Disposal.CIVIL_ORDER, "order_ends_on": date(2020, 3, 9)}, "before the relevant date"),
        ({"disposal": "fine"}, "Unknown disposal"),
        ({"disposal": Disposal.CAUTION, "born": date(2020, 3, 11)}, "before the date of birth"),
        ({"disposal": Disposal.CAUTION, "offence_on": date(2020, 3, 11)}, "after the relevant date"),
        ({"disposal": Disposal.CAUTION, "offence_on": date(1970, 1, 1)}, "before the date of birth"),
    ],
)
def test_invalid_inputs_raise_a_clear_notification_input_error(kwargs, message):
    with pytest.raises(NotificationInputError, match=message):
        period(**kwargs)


def test_notification_input_error_is_a_value_error():
    assert issubclass(NotificationInputError, ValueError)


# Indefinite review.


def test_indefinite_review_is_15_years_from_first_notification_after_release():
    review = earliest_indefinite_review(
        first_notification_after_release=date(2021, 7, 1), under_18_on_relevant_date=False
    )
    assert review == date(2036, 7, 1)


def test_indefinite_review_is_8_years_for_someone_under_18_on_the_relevant_date():
    review = earliest_indefinite_review(
        first_notification_after_release=date(2021, 7, 1), under_18_on_relevant_date=True
    )
    assert review == date(2029, 7, 1)


def test_indefinite_review_from_29_february_lands_on_28_february():
    review = earliest_indefinite_review(
        first_notification_after_release=date(2024, 2, 29), under_18_on_relevant_date=False
    )
    assert review == date(2039, 2, 28)
