"""Notification requirements and their deadlines, on worked examples
[docs/rules.md § Notification requirements]: every expected date is written out by hand."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.dates import add_years
from rules.policy import DEFAULT_POLICY, Policy
from rules.registration import (
    Absence,
    AbsenceKind,
    ChangeKind,
    Notification,
    NotificationDue,
    NotificationKind,
    Regime,
    RegistrationFacts,
    RegistrationInputError,
    address_verification_due,
    change_notification_due,
    days_late,
    days_not_counting,
    initial_notification_due,
    notifications_due,
    periodic_notification_due,
    regime_for,
    travel_must_be_notified,
    travel_notification_due,
    travel_return_follow_up_due,
    travel_return_overdue_on,
)

SEX = Regime.SEX_OFFENDER
TERROR = Regime.TERRORIST_OFFENDER
K = NotificationKind


def initial(on):
    return Notification(K.INITIAL, on)


def change(on, *changes, event_on=None, no_fixed_abode=False):
    return Notification(
        K.CHANGE, on, changes=frozenset(changes), event_on=event_on, no_fixed_abode=no_fixed_abode
    )


def due(facts, policy=DEFAULT_POLICY):
    return [(item.kind, item.due_on) for item in notifications_due(facts, policy)]


# Initial notification: 3 days beginning with the relevant date (SOA 2003 s83(1)).


def test_initial_notification_is_due_on_the_third_day_counting_the_relevant_date():
    assert initial_notification_due(date(2025, 3, 1)) == date(2025, 3, 3)


@pytest.mark.parametrize(
    ("relevant", "last_day"),
    [
        (date(2025, 1, 30), date(2025, 2, 1)),  # across a month end
        (date(2024, 2, 28), date(2024, 3, 1)),  # leap year: 28, 29 February, 1 March
        (date(2023, 2, 28), date(2023, 3, 2)),  # common year: 28 February, 1, 2 March
        (date(2024, 2, 29), date(2024, 3, 2)),
        (date(2025, 12, 30), date(2026, 1, 1)),
    ],
)
def test_initial_notification_across_month_and_year_ends(relevant, last_day):
    assert initial_notification_due(relevant) == last_day


def test_in_custody_on_the_relevant_date_the_three_days_begin_with_the_release():
    assert initial_notification_due(date(2025, 3, 1), released_on=date(2025, 3, 10)) == date(2025, 3, 12)


def test_still_in_custody_the_initial_deadline_is_not_yet_known_and_nothing_is_due():
    away = [Absence(AbsenceKind.CUSTODY, date(2025, 3, 1))]
    assert initial_notification_due(date(2025, 3, 1), away=away) is None
    assert notifications_due(RegistrationFacts(regime=SEX, relevant_date=date(2025, 3, 1), away=away)) == []


def test_a_sex_offender_abroad_does_not_count_those_days_but_a_terrorist_offender_does():
    away = [Absence(AbsenceKind.ABROAD, date(2025, 3, 2), date(2025, 3, 5))]
    # 1 March counts; 2-5 March abroad; 6 and 7 March count.
    assert initial_notification_due(date(2025, 3, 1), regime=SEX, away=away) == date(2025, 3, 7)
    # CTA 2008 s47(4) does not disregard time abroad.
    assert initial_notification_due(date(2025, 3, 1), regime=TERROR, away=away) == date(2025, 3, 3)


def test_a_terrorist_offender_does_not_count_immigration_detention_and_a_sex_offender_does():
    away = [Absence(AbsenceKind.IMMIGRATION_DETENTION, date(2025, 3, 2), date(2025, 3, 5))]
    assert initial_notification_due(date(2025, 3, 1), regime=TERROR, away=away) == date(2025, 3, 7)
    assert initial_notification_due(date(2025, 3, 1), regime=SEX, away=away) == date(2025, 3, 3)


def test_a_release_on_or_before_the_relevant_date_is_refused():
    with pytest.raises(RegistrationInputError):
        initial_notification_due(date(2025, 3, 10), released_on=date(2025, 3, 10))


def test_the_initial_notification_is_listed_until_made():
    facts = RegistrationFacts(regime=SEX, relevant_date=date(2025, 3, 1))
    (item,) = notifications_due(facts)
    assert item == NotificationDue(
        kind=K.INITIAL,
        due_on=date(2025, 3, 3),
        counted_from=date(2025, 3, 1),
        rule=(
            "Sexual Offences Act 2003 s83(1): initial notification within 3 days of the relevant date, "
            "time in custody, hospital or abroad not counted"
        ),
    )


def test_an_initial_notification_made_before_the_relevant_date_does_not_count_for_it():
    facts = RegistrationFacts(
        regime=SEX, relevant_date=date(2025, 3, 1), notifications=[initial(date(2024, 1, 5))]
    )
    assert (K.INITIAL, date(2025, 3, 3)) in due(facts)


def test_no_initial_is_listed_when_the_earlier_notification_covers_the_conviction():
    facts = RegistrationFacts(
        regime=SEX,
        relevant_date=date(2025, 3, 1),
        notifications=[initial(date(2024, 6, 5))],
        initial_required=False,
    )
    assert due(facts) == [(K.PERIODIC, date(2025, 6, 5))]


# Changes: 3 days beginning with the change (SOA 2003 s84).


def test_a_change_is_due_on_the_third_day_and_a_later_one_is_late_by_whole_days():
    assert change_notification_due(date(2025, 3, 1)) == date(2025, 3, 3)
    moved = date(2025, 3, 1)
    assert days_late(change(date(2025, 3, 3), ChangeKind.HOME_ADDRESS, event_on=moved)) == 0
    assert days_late(change(date(2025, 3, 4), ChangeKind.HOME_ADDRESS, event_on=moved)) == 1
    assert days_late(change(date(2025, 3, 5), ChangeKind.HOME_ADDRESS, event_on=moved)) == 2


def test_a_change_in_a_leap_february_and_time_abroad_not_counted():
    assert change_notification_due(date(2024, 2, 28)) == date(2024, 3, 1)
    away = [Absence(AbsenceKind.ABROAD, date(2025, 3, 31), date(2025, 4, 10))]
    # 30 March counts; 31 March - 10 April abroad; 11 and 12 April count.
    assert change_notification_due(date(2025, 3, 30), away=away) == date(2025, 4, 12)
    late = change(date(2025, 4, 14), ChangeKind.NAME, event_on=date(2025, 3, 30))
    assert days_late(late, away=away) == 2


def test_a_notification_with_no_event_date_is_never_judged_late():
    assert days_late(change(date(2025, 3, 30), ChangeKind.NAME)) == 0
    assert days_late(initial(date(2025, 3, 30))) == 0


def test_a_return_is_notified_within_three_days_of_coming_back():
    back = Notification(K.TRAVEL_RETURN, date(2025, 3, 14), event_on=date(2025, 3, 10))
    assert days_late(back) == 2


# Periodic notification: within one year after the last (SOA 2003 s85).


@pytest.mark.parametrize(
    ("last", "next_due"),
    [
        (date(2025, 3, 10), date(2026, 3, 10)),
        (date(2023, 2, 28), date(2024, 2, 29)),  # the year after 28 February 2023 takes in 29 February
        (date(2024, 2, 29), date(2025, 2, 28)),
        (date(2024, 12, 31), date(2025, 12, 31)),
        (date(2025, 1, 31), date(2026, 1, 31)),
    ],
)
def test_periodic_notification_one_year_after_the_last(last, next_due):
    assert periodic_notification_due(last, has_sole_or_main_residence=True) == next_due


@pytest.mark.parametrize(
    ("last", "next_due"),
    [
        (date(2025, 3, 1), date(2025, 3, 8)),
        (date(2024, 2, 26), date(2024, 3, 4)),  # leap February
        (date(2025, 2, 26), date(2025, 3, 5)),
        (date(2025, 12, 28), date(2026, 1, 4)),
    ],
)
def test_with_no_fixed_abode_periodic_notification_is_weekly(last, next_due):
    assert periodic_notification_due(last, has_sole_or_main_residence=False) == next_due


def test_a_periodic_notification_falling_due_in_custody_is_due_three_days_after_release():
    away = [Absence(AbsenceKind.CUSTODY, date(2026, 3, 1), date(2026, 3, 20))]  # released 21 March
    assert periodic_notification_due(date(2025, 3, 10), has_sole_or_main_residence=True, away=away) == date(
        2026, 3, 23
    )
    still = [Absence(AbsenceKind.CUSTODY, date(2026, 3, 1))]
    assert periodic_notification_due(date(2025, 3, 10), has_sole_or_main_residence=True, away=still) is None


def test_custody_that_ends_before_the_due_day_does_not_move_it():
    away = [Absence(AbsenceKind.CUSTODY, date(2025, 6, 1), date(2025, 6, 30))]
    assert periodic_notification_due(date(2025, 3, 10), has_sole_or_main_residence=True, away=away) == date(
        2026, 3, 10
    )


def test_the_annual_date_follows_the_last_notification_in_the_history():
    facts = RegistrationFacts(
        regime=SEX,
        relevant_date=date(2024, 1, 10),
        notifications=[initial(date(2024, 1, 11)), Notification(K.PERIODIC, date(2025, 1, 6))],
    )
    assert due(facts) == [(K.PERIODIC, date(2026, 1, 6))]


def test_a_change_of_address_restarts_the_year_but_a_new_bank_account_alone_does_not():
    base = [initial(date(2024, 1, 11))]
    moved = RegistrationFacts(
        regime=SEX,
        relevant_date=date(2024, 1, 10),
        notifications=[*base, change(date(2024, 6, 3), ChangeKind.HOME_ADDRESS, event_on=date(2024, 6, 1))],
    )
    assert due(moved) == [(K.PERIODIC, date(2025, 6, 3))]
    banked = RegistrationFacts(
        regime=SEX,
        relevant_date=date(2024, 1, 10),
        notifications=[*base, change(date(2024, 6, 3), ChangeKind.BANK_ACCOUNT)],
    )
    assert due(banked) == [(K.PERIODIC, date(2025, 1, 11))]


def test_no_fixed_abode_makes_it_weekly_until_a_residence_is_notified():
    homeless = Notification(K.INITIAL, date(2025, 3, 3), no_fixed_abode=True)
    facts = RegistrationFacts(regime=SEX, relevant_date=date(2025, 3, 1), notifications=[homeless])
    (item,) = notifications_due(facts)
    assert (item.kind, item.due_on) == (K.PERIODIC, date(2025, 3, 10))
    assert "7 days" in item.rule and "no sole or main residence" in item.rule
    housed = change(date(2025, 3, 8), ChangeKind.HOME_ADDRESS, event_on=date(2025, 3, 7))
    facts = RegistrationFacts(regime=SEX, relevant_date=date(2025, 3, 1), notifications=[homeless, housed])
    assert due(facts) == [(K.PERIODIC, date(2026, 3, 8))]


# Release from custody: 3 days beginning with the release (SOA 2003 s84(1)(d)).


def test_a_release_after_the_initial_notification_is_notified_within_three_days():
    custody = Absence(AbsenceKind.CUSTODY, date(2024, 6, 1), date(2024, 6, 30))  # released 1 July
    facts = RegistrationFacts(
        regime=SEX,
        relevant_date=date(2024, 1, 10),
        notifications=[initial(date(2024, 1, 11))],
        away=[custody],
    )
    assert due(facts) == [(K.RELEASE, date(2024, 7, 3)), (K.PERIODIC, date(2025, 1, 11))]
    notified = Notification(K.RELEASE, date(2024, 7, 2), event_on=date(2024, 7, 1))
    facts = RegistrationFacts(
        regime=SEX,
        relevant_date=date(2024, 1, 10),
        notifications=[initial(date(2024, 1, 11)), notified],
        away=[custody],
    )
    assert due(facts) == [(K.PERIODIC, date(2025, 7, 2))]


# The notification period ends while a notification is due.


def test_nothing_falls_due_after_the_notification_period_has_ended():
    history = [initial(date(2024, 3, 10))]
    ends_before = RegistrationFacts(
        regime=SEX, relevant_date=date(2024, 3, 10), notifications=history, period_last_day=date(2025, 3, 9)
    )
    assert due(ends_before) == []
    ends_on_the_day = RegistrationFacts(
        regime=SEX, relevant_date=date(2024, 3, 10), notifications=history, period_last_day=date(2025, 3, 10)
    )
    assert due(ends_on_the_day) == [(K.PERIODIC, date(2025, 3, 10))]


def test_a_trip_return_is_not_chased_after_the_period_has_ended():
    trip = Notification(K.TRAVEL, date(2025, 2, 1), departs_on=date(2025, 3, 1), returns_on=date(2025, 3, 8))
    facts = RegistrationFacts(
        regime=SEX,
        relevant_date=date(2024, 3, 10),
        notifications=[initial(date(2024, 3, 10)), trip],
        period_last_day=date(2025, 3, 9),
    )
    assert due(facts) == []


# Terrorist offenders (CTA 2008 ss47-56).


def test_a_terrorist_offender_in_custody_on_the_due_day_makes_the_release_notification_instead():
    custody = Absence(AbsenceKind.CUSTODY, date(2024, 12, 1), date(2025, 2, 1))  # released 2 February
    facts = RegistrationFacts(
        regime=TERROR,
        relevant_date=date(2024, 1, 10),
        notifications=[initial(date(2024, 1, 11))],
        away=[custody],
    )
    (item,) = notifications_due(facts)
    assert (item.kind, item.due_on, item.counted_from) == (K.RELEASE, date(2025, 2, 4), date(2025, 2, 2))
    assert item.rule == "Counter-Terrorism Act 2008 s48(4): release notified within 3 days"


def test_a_terrorist_offender_abroad_on_the_due_day_notifies_within_three_days_of_return():
    abroad = Absence(AbsenceKind.ABROAD, date(2025, 1, 5), date(2025, 1, 20))  # back 21 January
    facts = RegistrationFacts(
        regime=TERROR,
        relevant_date=date(2024, 1, 10),
        notifications=[initial(date(2024, 1, 11))],
        away=[abroad],
    )
    assert due(facts) == [(K.PERIODIC, date(2025, 1, 23))]


def test_a_terrorist_offenders_return_restarts_the_year_and_a_sex_offenders_does_not():
    history = [
        initial(date(2024, 1, 11)),
        Notification(K.TRAVEL_RETURN, date(2024, 5, 2), event_on=date(2024, 5, 1)),
    ]
    terror = RegistrationFacts(regime=TERROR, relevant_date=date(2024, 1, 10), notifications=history)
    assert due(terror) == [(K.PERIODIC, date(2025, 5, 2))]
    sex = RegistrationFacts(regime=SEX, relevant_date=date(2024, 1, 10), notifications=history)
    assert due(sex) == [(K.PERIODIC, date(2025, 1, 11))]


def test_contact_details_are_a_terrorist_offenders_change_only():
    contact = change(date(2024, 6, 3), ChangeKind.CONTACT_DETAILS)
    facts = RegistrationFacts(
        regime=TERROR, relevant_date=date(2024, 1, 10), notifications=[initial(date(2024, 1, 11)), contact]
    )
    assert due(facts) == [(K.PERIODIC, date(2025, 6, 3))]
    with pytest.raises(RegistrationInputError):
        RegistrationFacts(regime=SEX, relevant_date=date(2024, 1, 10), notifications=[contact])


def test_the_regime_follows_the_offender_type():
    assert regime_for("rso") == SEX
    assert regime_for("rto") == TERROR
    assert regime_for("rvo") is None
    assert regime_for("pdp") is None


# Foreign travel (SOA 2003 s86 and the regulations; CTA 2008 s52).


def test_travel_notice_is_due_seven_days_before_departure():
    notice = travel_notification_due(date(2025, 3, 15))
    assert (notice.notify_by, notice.hours_before) == (date(2025, 3, 8), None)
    # Across a leap February: 7 days before 5 March 2024 is 27 February.
    assert travel_notification_due(date(2024, 3, 5)).notify_by == date(2024, 2, 27)


def test_details_learnt_late_need_twelve_hours_notice_or_twenty_four_for_a_terrorist_offender():
    in_time = travel_notification_due(date(2025, 3, 15), details_known_on=date(2025, 3, 7))
    assert (in_time.notify_by, in_time.hours_before) == (date(2025, 3, 8), None)
    late = travel_notification_due(date(2025, 3, 15), details_known_on=date(2025, 3, 8))
    assert (late.notify_by, late.hours_before) == (date(2025, 3, 15), 12)
    terror = travel_notification_due(date(2025, 3, 15), details_known_on=date(2025, 3, 10), regime=TERROR)
    assert (terror.notify_by, terror.hours_before) == (date(2025, 3, 15), 24)


def test_every_trip_of_a_sex_offender_is_notified_a_terrorist_offenders_from_three_days():
    assert travel_must_be_notified(regime=SEX, trip_days=1)
    assert not travel_must_be_notified(regime=TERROR, trip_days=2)
    assert travel_must_be_notified(regime=TERROR, trip_days=3)
    assert travel_must_be_notified(regime=TERROR, trip_days=None)


def test_a_traveller_who_has_not_notified_return_is_followed_up_after_the_grace_days():
    assert travel_return_follow_up_due(date(2025, 3, 20), Policy()) == date(2025, 3, 23)
    assert travel_return_overdue_on(date(2025, 3, 20), Policy()) == date(2025, 3, 24)
    assert travel_return_follow_up_due(date(2025, 2, 27), Policy(travel_return_grace_days=5)) == date(
        2025, 3, 4
    )
    trip = Notification(
        K.TRAVEL, date(2025, 3, 1), departs_on=date(2025, 3, 10), returns_on=date(2025, 3, 20)
    )
    history = [initial(date(2025, 1, 6)), trip]
    facts = RegistrationFacts(regime=SEX, relevant_date=date(2025, 1, 5), notifications=history)
    assert due(facts) == [(K.TRAVEL_RETURN, date(2025, 3, 23)), (K.PERIODIC, date(2026, 1, 6))]
    back = Notification(K.TRAVEL_RETURN, date(2025, 3, 21), event_on=date(2025, 3, 20))
    facts = RegistrationFacts(regime=SEX, relevant_date=date(2025, 1, 5), notifications=[*history, back])
    assert due(facts) == [(K.PERIODIC, date(2026, 1, 6))]


def test_a_travel_notification_needs_a_departure_and_a_change_needs_what_changed():
    with pytest.raises(RegistrationInputError):
        Notification(K.TRAVEL, date(2025, 3, 1))
    with pytest.raises(RegistrationInputError):
        Notification(K.CHANGE, date(2025, 3, 1))
    with pytest.raises(RegistrationInputError):
        Notification(K.PERIODIC, date(2025, 3, 1), changes=frozenset({ChangeKind.NAME}))


# Address verification (force setting).


def test_a_new_home_address_is_verified_within_the_force_days():
    assert address_verification_due(date(2025, 3, 1), Policy()) == date(2025, 3, 11)
    assert address_verification_due(date(2024, 2, 25), Policy()) == date(2024, 3, 6)
    assert address_verification_due(date(2025, 2, 25), Policy()) == date(2025, 3, 7)
    assert address_verification_due(date(2025, 3, 1), Policy(address_verification_days=14)) == date(
        2025, 3, 15
    )


# Properties.

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))


@given(days)
def test_the_annual_deadline_is_a_year_on_and_never_more_than_366_days(last):
    next_due = periodic_notification_due(last, has_sole_or_main_residence=True)
    assert next_due is not None
    assert add_years(last, 1) <= next_due <= add_years(last, 1) + timedelta(days=1)
    assert 365 <= (next_due - last).days <= 366


@given(days, st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20)), max_size=3), st.sampled_from(Regime))
def test_exactly_three_counted_days_end_on_the_deadline(start, spans, regime):
    away = [
        Absence(AbsenceKind.CUSTODY, start + timedelta(days=offset), start + timedelta(days=offset + length))
        for offset, length in spans
    ]
    last = days_not_counting(start, 3, away=away, regime=regime)
    assert last is not None
    counted = [
        start + timedelta(days=n)
        for n in range((last - start).days + 1)
        if not any(a.covers(start + timedelta(days=n)) for a in away)
    ]
    assert len(counted) == 3
    assert counted[-1] == last
