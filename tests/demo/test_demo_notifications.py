"""The demo's registered offenders notify the police as the law requires, mostly in time: every
RSO and RTO nominal has a notification history from the start of management, nothing is
notified outside the notification period or from custody, and a small share is overdue so the
demo has something to act on [docs/rules.md § Notification requirements]."""

import datetime

import pytest
from django.db.models import Count, F

from demo import text
from demo.seed import seed_demo
from demo.showcase import SURNAME as SHOWCASE_SURNAME
from offenders.models import Offender, RegistrationNotification
from offenders.registration import notification_history
from outstanding.models import OutstandingItem
from outstanding.services import outstanding_recompute_all
from rules.choices import CLOSED_STATUSES, OffenderStatus, OffenderType
from rules.due import DueKind
from rules.registration import NotificationKind
from tests.shared_data import built_once
from visits.models import Visit

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)
NOTIFYING = (OffenderType.RSO, OffenderType.RTO)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """seed(1000), with everyone's outstanding work computed, built once for this module."""
    with built_once(django_db_blocker) as unblocked:
        with unblocked():
            seed_demo(offenders=1000, seed=3, today=TODAY, log=lambda line: None)
            outstanding_recompute_all()
        yield


def _spells(offender) -> list[tuple[datetime.date, datetime.date | None]]:
    return [
        (datetime.date.fromisoformat(begins), datetime.date.fromisoformat(ends) if ends else None)
        for begins, ends in offender.away_spells
    ]


def _nothing_to_notify(offender) -> bool:
    """In custody or hospital since the unit's history began (sentenced on arrival), or (a quirk
    of the demo's dates) the notification period ended before it: nothing to notify in it."""
    history_from = offender.notification_history_from
    ended = offender.notification_ends_on
    return (ended is not None and ended < history_from) or any(
        begins <= history_from and ends is None for begins, ends in _spells(offender)
    )


def test_every_registered_offender_has_a_notification_history_and_no_one_else_notifies(seeded):
    # As when a nominal is registered: the unit holds the history from the start of management.
    assert not Offender.objects.exclude(notification_history_from=F("managed_since")).exists()
    notifying = Offender.objects.filter(offender_type__in=NOTIFYING)
    assert notifying.count() > 700
    counted = notifying.annotate(made=Count("notifications"))
    silent = [offender for offender in counted.filter(made=0) if not _nothing_to_notify(offender)]
    assert silent == []
    assert counted.filter(made__gte=5).count() > 300
    others = Offender.objects.exclude(offender_type__in=NOTIFYING)
    assert not RegistrationNotification.objects.filter(offender__in=others).exists()
    kinds = set(RegistrationNotification.objects.values_list("kind", flat=True).distinct())
    assert {"initial", "periodic", "change", "travel", "travel_return"} <= kinds


def test_nothing_is_notified_outside_the_period_the_history_or_from_custody(seeded):
    notifications = RegistrationNotification.objects.select_related("offender")
    assert notifications.count() > 3000
    for row in notifications:
        offender = row.offender
        assert offender.relevant_date <= row.notified_on <= TODAY, row.pk
        assert row.notified_on >= offender.notification_history_from, row.pk
        if row.event_on is not None:
            assert row.event_on >= offender.relevant_date, row.pk
        if offender.notification_ends_on is not None:
            assert row.notified_on <= offender.notification_ends_on, row.pk
        for begins, ends in _spells(offender):
            assert not (begins <= row.notified_on and (ends is None or row.notified_on <= ends)), row.pk
        assert row.place in text.POLICE_STATIONS
        assert row.taken_by.force_id == offender.force_id and row.recorded_by.force_id == offender.force_id


def test_stations_and_addresses_are_invented(seeded):
    streets = RegistrationNotification.objects.exclude(home_address="").values_list("home_address", flat=True)
    assert all(any(street in address for street in (*text.STREETS, "No fixed abode")) for address in streets)


def test_a_few_are_overdue_late_or_away_and_most_are_in_time(seeded):
    in_community = Offender.objects.filter(
        offender_type__in=NOTIFYING, status=OffenderStatus.COMMUNITY
    ).exclude(last_name=SHOWCASE_SURNAME)
    overdue = OutstandingItem.objects.filter(
        offender__in=in_community, kind=DueKind.NOTIFICATION_PERIODIC, due_on__lt=TODAY
    )
    share = overdue.count() / in_community.count()
    assert 0.01 <= share <= 0.06, share
    assert not OutstandingItem.objects.filter(
        offender__in=in_community, kind=DueKind.NOTIFICATION_INITIAL, due_on__lt=TODAY
    ).exists()
    unverified = OutstandingItem.objects.filter(
        offender__in=in_community, kind=DueKind.ADDRESS_VERIFICATION, due_on__lt=TODAY
    )
    assert unverified.count() <= 0.01 * in_community.count()
    weekly = RegistrationNotification.objects.filter(kind=NotificationKind.PERIODIC, no_fixed_abode=True)
    assert weekly.exists()
    assert weekly.values("offender").distinct().count() <= 0.03 * in_community.count()


def test_the_rules_find_the_history_in_time_but_for_a_few_changes_notified_late(seeded):
    """Judged as the offender record judges it (`notification_history`): every initial, periodic,
    release and return notification in time; a change now and then a few days late."""
    late_changes, changes = set(), 0
    for offender in Offender.objects.filter(offender_type__in=NOTIFYING):
        for entry in notification_history(offender, today=TODAY):
            kind = entry.notification.kind
            if kind == NotificationKind.CHANGE:
                changes += 1
                if entry.days_late:
                    assert entry.days_late <= 6
                    late_changes.add(offender.pk)
            else:
                assert entry.days_late == 0, (offender.reference, kind, entry.notification.notified_on)
    assert changes > 500
    assert 0 < len(late_changes) <= 0.03 * Offender.objects.filter(offender_type__in=NOTIFYING).count()


def test_a_new_home_address_is_mostly_verified_by_a_visit_afterwards(seeded):
    moves = RegistrationNotification.objects.filter(
        kind=NotificationKind.CHANGE,
        changes__contains=["home_address"],
        offender__status=OffenderStatus.COMMUNITY,
    ).select_related("offender")
    verified = sum(
        Visit.objects.filter(
            offender=move.offender, outcome="seen", visited_on__gte=move.notified_on
        ).exists()
        for move in moves
    )
    assert moves.count() > 20
    assert verified >= 0.9 * moves.count()


def test_closed_cases_notify_nothing_after_they_closed(seeded):
    for offender in Offender.objects.filter(status__in=CLOSED_STATUSES, offender_type__in=NOTIFYING):
        last = offender.notifications.order_by("-notified_on").first()
        if last is not None and offender.notification_ends_on is not None:
            assert last.notified_on <= offender.notification_ends_on
