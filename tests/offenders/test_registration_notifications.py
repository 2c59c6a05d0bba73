"""Recording what a registered offender notified, what falls due from it, and how late each
notification was (offenders.registration; docs/rules.md § Notification requirements)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from offenders.models import AuditEvent, AuditOperation, RegistrationNotification
from offenders.registration import NotificationContent, notification_history, notification_record
from outstanding.models import OutstandingItem
from outstanding.services import outstanding_recompute_all
from rules.choices import OffenderType
from rules.due import DueKind
from tests import factories
from tests.api.support import api_client
from tests.dates import date_fields, days_ago

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 11, 23)


@pytest.fixture
def offender():
    """An RSO registered in 2020 whose notification history the unit does not hold yet."""
    return factories.OffenderFactory(relevant_date=D(2020, 3, 2), managed_since=D(2021, 7, 1))


def content(offender, **overrides) -> NotificationContent:
    values = {
        "kind": "periodic",
        "notified_on": D(2026, 3, 10),
        "place": "  Testbridge Police Station ",
        "taken_by": offender.offender_manager,
        "home_address": "1 Fictional Row, Testbridge",
    }
    return NotificationContent(**(values | overrides))


def record(offender, today=TODAY, **overrides):
    return notification_record(
        offender=offender,
        content=content(offender, **overrides),
        acting_user=offender.offender_manager,
        today=today,
    )


def due(offender) -> set:
    outstanding_recompute_all()
    return set(OutstandingItem.objects.filter(offender=offender).values_list("kind", "due_on"))


def test_a_periodic_notification_is_recorded_logged_and_sets_the_next_one(offender):
    assert not {kind for kind, _ in due(offender)} & {DueKind.NOTIFICATION_PERIODIC}
    notification = record(offender)
    assert notification.place == "Testbridge Police Station"
    offender.refresh_from_db()
    assert offender.notification_history_from == D(2026, 3, 10)
    assert AuditEvent.objects.filter(
        offender_id=offender.pk, operation=AuditOperation.COLLECTION, record_type="registrationnotification"
    ).exists()
    assert (DueKind.NOTIFICATION_PERIODIC, D(2027, 3, 10)) in due(offender)


def test_an_earlier_notification_recorded_later_moves_the_history_back(offender):
    record(offender)
    record(offender, notified_on=D(2025, 3, 12))
    offender.refresh_from_db()
    assert offender.notification_history_from == D(2025, 3, 12)
    # The periodic clock runs from the latest one.
    assert (DueKind.NOTIFICATION_PERIODIC, D(2027, 3, 10)) in due(offender)


def test_a_change_of_home_address_asks_for_a_verification_visit(offender):
    record(offender)
    record(
        offender,
        kind="change",
        notified_on=D(2026, 11, 20),
        changes=["home_address"],
        event_on=D(2026, 11, 18),
        home_address="2 Imaginary Close, Testbridge",
    )
    items = due(offender)
    assert (DueKind.ADDRESS_VERIFICATION, D(2026, 11, 30)) in items  # 10 days (force setting)
    assert (DueKind.NOTIFICATION_PERIODIC, D(2027, 11, 20)) in items  # the change restarts the year


def test_every_problem_is_reported_at_once_and_nothing_is_kept(offender):
    with pytest.raises(ValidationError) as refused:
        record(
            offender,
            kind="change",
            notified_on=TODAY + datetime.timedelta(days=1),
            place=" ",
            home_address="",
        )
    assert set(refused.value.message_dict) == {"notified_on", "place", "changes", "event_on"}
    assert not RegistrationNotification.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"home_address": ""}, "home_address"),
        ({"notified_on": D(2019, 1, 1)}, "notified_on"),
        ({"kind": "travel"}, "departs_on"),
        ({"kind": "travel", "departs_on": D(2026, 12, 1), "home_address": ""}, "destination"),
        ({"kind": "release", "event_on": D(2026, 3, 11)}, "event_on"),
        ({"changes": ["name"]}, "changes"),
        ({"kind": "change", "changes": ["vehicle"], "event_on": D(2026, 3, 9)}, "changes"),
    ],
)
def test_a_notification_that_cannot_be_right_is_refused_on_its_field(offender, overrides, field):
    with pytest.raises(ValidationError) as refused:
        record(offender, **overrides)
    assert field in refused.value.message_dict


def test_only_registered_offenders_notify(offender):
    offender.offender_type = OffenderType.PDP
    offender.save(update_fields=["offender_type"])
    with pytest.raises(ValidationError, match="not subject to the notification requirements"):
        record(offender)


def test_nothing_is_notified_after_the_period_ends(offender):
    offender.notification_ends_on = D(2025, 12, 31)
    offender.save(update_fields=["notification_ends_on"])
    with pytest.raises(ValidationError, match="notification period ended on 31 December 2025"):
        record(offender)


def test_each_notification_is_judged_against_its_deadline(offender):
    """A home address changed on 1 March and notified on 5 March was due by 3 March: 2 days
    late; a periodic notification made a week after its year ran out is 7 days late."""
    record(offender, notified_on=D(2025, 3, 10))
    record(
        offender,
        kind="change",
        notified_on=D(2025, 3, 5 + 5),
        changes=["home_address"],
        event_on=D(2025, 3, 5),
        home_address="2 Imaginary Close, Testbridge",
    )
    record(offender, notified_on=D(2026, 3, 17))
    history = notification_history(offender, today=TODAY)
    assert [(entry.notification.kind, entry.due_on, entry.days_late) for entry in history] == [
        ("periodic", D(2026, 3, 10), 7),
        ("change", D(2025, 3, 7), 3),
        ("periodic", None, 0),  # the first on record: nothing to judge it against
    ]


# Pages


def test_an_om_records_a_notification_from_the_record(client, signed_in_om, caseload_offender):
    record_page = reverse("offender-record", args=[caseload_offender.pk])
    assert "No notification history is held" in client.get(record_page).content.decode()
    choose = reverse("notification-choose", args=[caseload_offender.pk])
    response = client.post(choose, {"kind": "periodic"})
    assert response.url == reverse("notification-new", args=[caseload_offender.pk, "periodic"])
    form = client.get(response.url).content.decode()
    assert "Home address notified" in form and "Date of departure" not in form
    response = client.post(
        response.url,
        {
            **date_fields("notified_on", days_ago(2)),
            "place": "Testbridge Police Station",
            "taken_by": signed_in_om.pk,
            "home_address": "1 Fictional Row, Testbridge",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Periodic (annual or weekly) notification of" in page and "recorded" in page
    assert "Testbridge Police Station" in page and "No notification history is held" not in page


def test_a_rejected_notification_keeps_what_was_typed(client, signed_in_om, caseload_offender):
    response = client.post(
        reverse("notification-new", args=[caseload_offender.pk, "travel"]),
        {
            **date_fields("notified_on", days_ago(1)),
            "place": "Testbridge Police Station",
            "taken_by": signed_in_om.pk,
            "destination": "",
            "carrier": "Fictional Air FA123",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter the destination" in page and "Enter the date of departure" in page
    assert "Fictional Air FA123" in page
    assert not RegistrationNotification.objects.exists()


def test_an_unknown_kind_of_notification_is_not_found(client, signed_in_om, caseload_offender):
    assert client.get(reverse("notification-new", args=[caseload_offender.pk, "gossip"])).status_code == 404


# API


def test_the_api_records_and_lists_notifications(signed_in_om, caseload_offender):
    api = api_client(signed_in_om)
    created = api.post(
        "/api/v1/notifications/",
        {
            "offender": caseload_offender.pk,
            "kind": "travel",
            "notified_on": days_ago(10).isoformat(),
            "place": "Testbridge Police Station",
            "departs_on": days_ago(2).isoformat(),
            "returns_on": days_ago(-5).isoformat(),
            "destination": "Fictionland",
            "carrier": "Fictional Air FA123",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["taken_by"]["id"] == signed_in_om.pk
    listed = api.get(f"/api/v1/notifications/?offender={caseload_offender.pk}").json()
    assert [row["destination"] for row in listed["results"]] == ["Fictionland"]
    refused = api.post(
        "/api/v1/notifications/",
        {
            "offender": caseload_offender.pk,
            "kind": "change",
            "notified_on": days_ago(1).isoformat(),
            "place": "X",
        },
        format="json",
    )
    assert refused.status_code == 400 and {"changes", "event_on"} <= set(refused.json()["errors"])


# Failure to comply


@pytest.fixture
def failing(signed_in_om, caseload_offender):
    """The signed-in OM's offender, whose last periodic notification was 13 months ago."""
    notification_record(
        offender=caseload_offender,
        content=content(caseload_offender, notified_on=days_ago(400), taken_by=signed_in_om),
        acting_user=signed_in_om,
        today=days_ago(0),
    )
    outstanding_recompute_all()
    return caseload_offender


def test_an_offender_past_a_notification_is_on_the_failed_to_notify_list(client, failing):
    page = client.get(reverse("failed-to-notify")).content.decode()
    assert failing.last_name.upper() in page
    assert "Periodic notification by the offender" in page and "Nothing recorded yet" in page
    home = client.get(reverse("home")).content.decode()
    assert "1 notification not made in time by your offenders" in home


def test_circulating_as_wanted_records_the_outcome_and_makes_them_wanted(client, failing):
    response = client.post(
        reverse("failure-to-notify-new", args=[failing.pk]),
        {**date_fields("occurred_on", days_ago(0)), "response": "wanted", "notes": "PNC circulation 01/2345"},
        follow=True,
    )
    assert "Recorded: circulated as wanted." in response.content.decode()
    failing.refresh_from_db()
    assert failing.status == "wanted"
    outcome = failing.outcomes.get()
    assert (outcome.kind, outcome.response, outcome.notes) == (
        "failed_to_notify",
        "wanted",
        "PNC circulation 01/2345",
    )
    outstanding_recompute_all()
    page = client.get(reverse("failed-to-notify")).content.decode()
    assert "Circulated as wanted" in page  # still on the list until they notify


def test_notifying_takes_them_off_the_list(client, signed_in_om, failing):
    notification_record(
        offender=failing,
        content=content(failing, notified_on=days_ago(0), taken_by=signed_in_om),
        acting_user=signed_in_om,
        today=days_ago(0),
    )
    outstanding_recompute_all()
    assert failing.last_name.upper() not in client.get(reverse("failed-to-notify")).content.decode()


def test_no_failure_is_recorded_without_an_overdue_notification(client, signed_in_om, caseload_offender):
    notification_record(
        offender=caseload_offender,
        content=content(caseload_offender, notified_on=days_ago(10), taken_by=signed_in_om),
        acting_user=signed_in_om,
        today=days_ago(0),
    )
    from offenders.registration import failure_to_notify_record

    with pytest.raises(ValidationError, match="no overdue notification"):
        failure_to_notify_record(
            offender=caseload_offender,
            acting_user=signed_in_om,
            response="contacted",
            occurred_on=days_ago(0),
            notes="",
            today=days_ago(0),
        )


def test_the_supervisor_is_told_on_the_home_page_and_in_the_digest(client, settings, failing):
    from django.core import mail

    from casework.notifications import supervisor_digests_send

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    supervisor = factories.supervisor_of(failing.offender_manager)
    supervisor.email = "sgt.testperson@example.invalid"
    supervisor.save(update_fields=["email"])
    client.force_login(supervisor)
    home = client.get(reverse("home")).content.decode()
    assert "notification not made in time by your officers' offenders" in home
    assert supervisor_digests_send(today=days_ago(0)) >= 1
    assert (
        f"{failing.first_name} {failing.last_name}: periodic notification by the offender"
        in mail.outbox[0].body
    )


def test_the_list_runs_a_fixed_number_of_queries(
    client, signed_in_om, failing, django_assert_max_num_queries
):
    for _ in range(5):
        offender = factories.OffenderFactory(team=signed_in_om.team, offender_manager=signed_in_om)
        notification_record(
            offender=offender,
            content=content(offender, notified_on=days_ago(500), taken_by=signed_in_om),
            acting_user=signed_in_om,
            today=days_ago(0),
        )
    outstanding_recompute_all()
    with django_assert_max_num_queries(12):
        page = client.get(reverse("failed-to-notify")).content.decode()
    assert page.count("Record what was done<span") == 6


# Foreign travel on the caseload and the record


def trip(offender, om, *, departs_in, back_in, destination="Fictionland"):
    return notification_record(
        offender=offender,
        content=content(
            offender,
            kind="travel",
            notified_on=days_ago(20),
            taken_by=om,
            home_address="",
            departs_on=days_ago(-departs_in),
            returns_on=days_ago(-back_in),
            destination=destination,
            carrier="Fictional Air FA123",
        ),
        acting_user=om,
        today=days_ago(0),
    )


@pytest.mark.parametrize(
    ("departs_in", "back_in", "shown"),
    [(5, 12, "Travelling"), (-3, 4, "Abroad"), (-10, -5, "Return not notified")],
)
def test_a_trip_shows_on_the_caseload_and_the_record(
    client, signed_in_om, caseload_offender, departs_in, back_in, shown
):
    trip(caseload_offender, signed_in_om, departs_in=departs_in, back_in=back_in)
    caseload = client.get(reverse("caseload")).content.decode()
    assert shown in caseload and "Fictionland" in caseload
    record_page = client.get(reverse("offender-record", args=[caseload_offender.pk])).content.decode()
    assert "Foreign travel" in record_page and "Fictional Air FA123" in record_page


def test_a_trip_far_ahead_or_returned_from_is_not_shown(client, signed_in_om, caseload_offender):
    trip(caseload_offender, signed_in_om, departs_in=40, back_in=50, destination="Farawayland")
    trip(caseload_offender, signed_in_om, departs_in=-10, back_in=-3, destination="Backagainland")
    notification_record(
        offender=caseload_offender,
        content=content(
            caseload_offender,
            kind="travel_return",
            notified_on=days_ago(2),
            event_on=days_ago(3),
            taken_by=signed_in_om,
            home_address="",
        ),
        acting_user=signed_in_om,
        today=days_ago(0),
    )
    caseload = client.get(reverse("caseload")).content.decode()
    assert "Farawayland" not in caseload and "Backagainland" not in caseload


def test_a_trip_under_way_does_not_hide_the_next_periodic_notification(signed_in_om, caseload_offender):
    """Abroad until a planned return next week: the periodic notification due in a year still
    shows (the trip ends, for the deadlines, on its planned return)."""
    record(caseload_offender, notified_on=days_ago(30))
    trip(caseload_offender, signed_in_om, departs_in=-2, back_in=5)
    assert {kind for kind, _ in due(caseload_offender)} >= {
        DueKind.NOTIFICATION_PERIODIC,
        DueKind.TRAVEL_RETURN,
    }


def test_the_change_form_offers_contact_details_and_vehicles_to_terrorist_offenders_only(
    client, signed_in_om, caseload_offender
):
    url = reverse("notification-new", args=[caseload_offender.pk, "change"])
    assert "A motor vehicle kept or used" not in client.get(url).content.decode()
    caseload_offender.offender_type = OffenderType.RTO
    caseload_offender.save(update_fields=["offender_type"])
    assert "A motor vehicle kept or used" in client.get(url).content.decode()
