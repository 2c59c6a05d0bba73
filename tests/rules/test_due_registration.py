"""The due engine's notification items: what the offender must notify next, and the visit that
verifies a newly notified home address (rules.due, rules.registration;
docs/rules.md § Notification requirements)."""

from dataclasses import replace
from datetime import date

import pytest

from rules.choices import CLOSED_STATUSES, LeadAgency, ManagementMode, OffenderStatus, RiskLevel
from rules.due import NOTIFICATION_DUE_KINDS, DueKind, OffenderFacts, due_items
from rules.policy import DEFAULT_POLICY, Policy
from rules.registration import (
    Absence,
    AbsenceKind,
    ChangeKind,
    Notification,
    NotificationKind,
    Regime,
    RegistrationFacts,
)

START = date(2023, 1, 10)
PERIODIC = Notification(NotificationKind.PERIODIC, date(2025, 3, 10))


def facts(registration: RegistrationFacts | None, **overrides) -> OffenderFacts:
    values = {
        "offender_id": 7,
        "status": OffenderStatus.COMMUNITY,
        "management_mode": ManagementMode.ACTIVE,
        "lead_agency": LeadAgency.POLICE,
        "record_started_on": START,
        "risk_level": RiskLevel.MEDIUM,
        "last_visit_on": date(2025, 3, 1),
        "registration": registration,
    }
    return OffenderFacts(**(values | overrides))


def registration(*notifications: Notification, **overrides) -> RegistrationFacts:
    """Registered in 2020; the unit holds the history from when it began managing them (2023)."""
    values = {
        "regime": Regime.SEX_OFFENDER,
        "relevant_date": date(2020, 5, 4),
        "notifications": notifications,
        "history_from": START,
    }
    return RegistrationFacts(**(values | overrides))


def notification_items(offender: OffenderFacts, policy: Policy = DEFAULT_POLICY):
    return {
        (item.kind, item.due_on, item.basis, item.basis_on)
        for item in due_items(offender, policy)
        if item.kind in NOTIFICATION_DUE_KINDS or item.kind == DueKind.ADDRESS_VERIFICATION
    }


def test_no_notification_item_without_a_tracked_registration():
    assert notification_items(facts(None)) == set()


def test_the_periodic_notification_is_due_a_year_after_the_last():
    assert notification_items(facts(registration(PERIODIC))) == {
        (DueKind.NOTIFICATION_PERIODIC, date(2026, 3, 10), "last notification", date(2025, 3, 10))
    }


def test_on_29_february_the_year_ends_on_28_february():
    leap = Notification(NotificationKind.PERIODIC, date(2024, 2, 29))
    (item,) = notification_items(facts(registration(leap)))
    assert item[1] == date(2025, 2, 28)


def test_with_no_fixed_abode_it_is_weekly():
    homeless = Notification(NotificationKind.PERIODIC, date(2025, 3, 10), no_fixed_abode=True)
    (item,) = notification_items(facts(registration(homeless)))
    assert item[:2] == (DueKind.NOTIFICATION_PERIODIC, date(2025, 3, 17))
    assert "no sole or main residence" in next(
        i.rule for i in due_items(facts(registration(homeless))) if i.kind == DueKind.NOTIFICATION_PERIODIC
    )


def test_the_initial_notification_after_sentence_counts_from_the_release():
    """In custody from the relevant date (4 May 2020) to 9 June 2020: released on 10 June, the
    3 days run 10 to 12 June (SOA 2003 s83(1), (6))."""
    custody = Absence(AbsenceKind.CUSTODY, date(2020, 5, 4), date(2020, 6, 9))
    offender = facts(
        registration(away=(custody,), history_from=date(2020, 5, 4)), record_started_on=date(2020, 5, 4)
    )
    assert notification_items(offender) == {
        (DueKind.NOTIFICATION_INITIAL, date(2020, 6, 12), "relevant date", date(2020, 5, 4))
    }


def test_an_initial_notification_due_before_the_history_begins_is_not_chased():
    offender = facts(registration(history_from=date(2023, 1, 10)))
    assert notification_items(offender) == set()


def test_a_release_after_the_history_begins_is_notified_within_3_days():
    custody = Absence(AbsenceKind.CUSTODY, date(2024, 1, 2), date(2024, 3, 4))  # released 5 March
    offender = facts(registration(history_from=date(2023, 1, 10), away=(custody,)))
    assert notification_items(offender) == {
        (DueKind.NOTIFICATION_RELEASE, date(2024, 3, 7), "release", date(2024, 3, 5))
    }


def test_a_new_home_address_is_verified_by_a_visit_within_the_forces_days():
    moved = Notification(
        NotificationKind.CHANGE,
        date(2025, 4, 2),
        changes=frozenset({ChangeKind.HOME_ADDRESS}),
        event_on=date(2025, 4, 1),
    )
    offender = facts(registration(PERIODIC, moved), home_address_notified_on=date(2025, 4, 2))
    assert (DueKind.ADDRESS_VERIFICATION, date(2025, 4, 12), "home address notified", date(2025, 4, 2)) in (
        notification_items(offender)
    )
    assert (DueKind.ADDRESS_VERIFICATION, date(2025, 4, 16)) in {
        item[:2] for item in notification_items(offender, Policy(address_verification_days=14))
    }
    # A visit on or after the notification verifies it.
    visited = replace(offender, last_visit_on=date(2025, 4, 2))
    assert DueKind.ADDRESS_VERIFICATION not in {item[0] for item in notification_items(visited)}


def test_no_verification_visit_while_the_offender_is_away():
    offender = facts(
        registration(PERIODIC), home_address_notified_on=date(2025, 3, 10), status=OffenderStatus.CUSTODY
    )
    assert DueKind.ADDRESS_VERIFICATION not in {item[0] for item in notification_items(offender)}


def test_a_period_that_ends_while_a_notification_is_due_stops_it():
    """The period's last day is before the next periodic notification: nothing is due."""
    ended = facts(registration(PERIODIC, period_last_day=date(2026, 1, 31)))
    assert notification_items(ended) == set()
    still_running = facts(registration(PERIODIC, period_last_day=date(2026, 3, 10)))
    assert {item[0] for item in notification_items(still_running)} == {DueKind.NOTIFICATION_PERIODIC}


@pytest.mark.parametrize("status", sorted(CLOSED_STATUSES))
def test_a_closed_case_has_no_notification_work(status):
    offender = facts(registration(PERIODIC), status=status, home_address_notified_on=date(2025, 3, 10))
    assert notification_items(offender) == set()


def test_a_travellers_return_is_followed_up_after_the_forces_grace_days():
    trip = Notification(
        NotificationKind.TRAVEL, date(2025, 4, 1), departs_on=date(2025, 4, 10), returns_on=date(2025, 4, 20)
    )
    assert (
        DueKind.TRAVEL_RETURN,
        date(2025, 4, 23),
        "planned return",
        date(2025, 4, 20),
    ) in notification_items(facts(registration(PERIODIC, trip)))
