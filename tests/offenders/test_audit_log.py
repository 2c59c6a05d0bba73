"""The s62 log: every consultation, disclosure, collection and alteration of an offender's data
is logged with who, when, whose and why; the log is append-only in PostgreSQL; and a request
whose log entry cannot be written fails."""

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.utils import InternalError, ProgrammingError
from django.urls import reverse

from offenders.models import AuditEvent, AuditOperation
from risk.models import ArmsAssessment
from rules.choices import RiskLevel, WorkflowStatus
from tests import factories
from tests.dates import days_ago
from visits.models import Visit
from workforce.models import Role

pytestmark = pytest.mark.django_db


def caseload(om, n):
    return factories.OffenderFactory.create_batch(
        n, team=om.team, offender_manager=om, managed_since=days_ago(900)
    )


def consultations(**filters):
    return AuditEvent.objects.filter(operation=AuditOperation.CONSULTATION, **filters)


def test_viewing_n_records_logs_exactly_n_consultations(client, signed_in_om):
    offenders = caseload(signed_in_om, 4)
    visits = [factories.VisitFactory(offender=o) for o in offenders]
    for offender in offenders:
        client.get(reverse("offender-record", args=[offender.pk]))
    for visit in visits:
        client.get(reverse("visit-detail", args=[visit.pk]))
    assert consultations(record_type="offender").count() == 4
    assert consultations(record_type="visit").count() == 4
    entry = consultations(record_type="visit", record_id=visits[0].pk).get()
    assert (entry.actor_id, entry.actor_username, entry.offender_id) == (
        signed_in_om.pk,
        signed_in_om.username,
        offenders[0].pk,
    )
    assert entry.path == reverse("visit-detail", args=[visits[0].pk]) and entry.justification
    assert entry.occurred_at.tzinfo is not None and entry.client_ip == "127.0.0.1"


def test_a_list_logs_a_consultation_of_each_offender_it_shows(client, signed_in_om):
    offenders = caseload(signed_in_om, 3)
    client.get(reverse("caseload"))
    assert sorted(consultations(record_type="caseload").values_list("offender_id", flat=True)) == sorted(
        o.pk for o in offenders
    )


def test_writes_log_collection_and_alteration_with_the_record(client, signed_in_om):
    offender = caseload(signed_in_om, 1)[0]
    client.post(
        reverse("arms-new", args=[offender.pk]),
        {
            "assessed_on_day": days_ago(2).day,
            "assessed_on_month": days_ago(2).month,
            "assessed_on_year": days_ago(2).year,
            "risk_level": RiskLevel.HIGH,
            "submit": "1",
        },
    )
    arms = ArmsAssessment.objects.get(offender=offender)
    logged = list(
        AuditEvent.objects.filter(record_type="armsassessment", record_id=arms.pk)
        .order_by("pk")
        .values_list("operation", flat=True)
    )
    assert logged == [AuditOperation.COLLECTION, AuditOperation.ALTERATION]  # written, then submitted


def test_a_refused_write_logs_nothing_of_it(client, signed_in_om):
    offender = caseload(signed_in_om, 1)[0]
    tomorrow = days_ago(-1)
    client.post(
        reverse("arms-new", args=[offender.pk]),
        {
            "assessed_on_day": tomorrow.day,
            "assessed_on_month": tomorrow.month,
            "assessed_on_year": tomorrow.year,
            "risk_level": RiskLevel.HIGH,
            "submit": "1",
        },
    )
    assert not AuditEvent.objects.filter(operation=AuditOperation.COLLECTION).exists()


def test_the_database_refuses_to_change_or_delete_the_log(client, signed_in_om):
    offender = caseload(signed_in_om, 1)[0]
    client.get(reverse("offender-record", args=[offender.pk]))
    entry = AuditEvent.objects.get()
    refused = (DatabaseError, IntegrityError, ProgrammingError, InternalError)
    with pytest.raises(refused, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE offenders_auditevent SET actor_username = 'someone else' WHERE id = %s", [entry.pk]
        )
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=entry.pk).delete()
    assert AuditEvent.objects.get().actor_username == signed_in_om.username


def test_if_the_log_cannot_be_written_the_request_fails_and_changes_nothing(
    client, signed_in_om, monkeypatch
):
    offender = caseload(signed_in_om, 1)[0]

    def broken(*args, **kwargs):
        raise DatabaseError("the log is unavailable")

    monkeypatch.setattr(AuditEvent.objects, "bulk_create", broken)
    client.raise_request_exception = True
    with pytest.raises(DatabaseError):
        client.get(reverse("offender-record", args=[offender.pk]))
    with pytest.raises(DatabaseError):
        client.post(
            reverse("visit-new", args=[offender.pk]),
            {
                "visited_on_day": days_ago(1).day,
                "visited_on_month": days_ago(1).month,
                "visited_on_year": days_ago(1).year,
                "crew": "1",
                "announced": "no",
                "unauthorised_reason": factories.UNAUTHORISED_REASON,
                "outcome": "seen",
                "submit": "1",
            },
        )
    assert not Visit.objects.exists()


def test_an_export_is_logged_as_a_disclosure_to_the_person_who_downloaded_it(client):
    supervisor = factories.SupervisorFactory(first_name="Wendelda", last_name="Testperson")
    om = factories.StaffFactory(team=supervisor.team, supervisor=supervisor)
    caseload(om, 2)
    client.force_login(supervisor)
    client.get(reverse("dashboard"), {"scope": f"team:{om.team_id}", "export": "risk", "format": "csv"})
    disclosure = AuditEvent.objects.get(operation=AuditOperation.DISCLOSURE)
    assert disclosure.record_type == "export risk" and "Wendelda Testperson" in disclosure.recipient


def test_the_api_logs_a_disclosure_to_its_caller(client):
    leader = factories.StaffFactory(role=Role.SENIOR_LEADER, team=None, force=factories.ForceFactory())
    client.force_login(leader)
    client.get(reverse("api-dashboard"))
    disclosure = AuditEvent.objects.get(operation=AuditOperation.DISCLOSURE)
    assert disclosure.recipient == f"API user {leader.username}"


def test_a_supervisor_sees_who_has_seen_a_record_and_an_om_may_not(client, signed_in_om):
    offender = caseload(signed_in_om, 1)[0]
    client.get(reverse("offender-record", args=[offender.pk]))
    assert client.get(reverse("access-log", args=[offender.pk])).status_code == 403
    supervisor = factories.SupervisorFactory(team=signed_in_om.team)
    client.force_login(supervisor)
    page = client.get(reverse("access-log", args=[offender.pk])).content.decode()
    assert signed_in_om.username in page and "Consultation" in page


def test_an_admin_sees_the_log_by_reference_without_the_offenders_details(client, signed_in_om):
    offender = caseload(signed_in_om, 1)[0]
    admin = factories.StaffFactory(role=Role.ADMIN, team=None, force=signed_in_om.force)
    client.force_login(admin)
    page = client.get(reverse("access-log", args=[offender.pk])).content.decode()
    assert offender.reference in page and offender.first_name not in page
    assert client.get(reverse("offender-record", args=[offender.pk])).status_code == 404


def test_changes_to_a_case_record_keep_a_field_level_history(signed_in_om):
    visit = factories.VisitFactory(
        offender=caseload(signed_in_om, 1)[0], status=WorkflowStatus.DRAFT, submitted_on=None
    )
    Visit.objects.filter(pk=visit.pk).update(observations="Seen at home; garden shed now locked.")
    history = list(visit.events.values_list("observations", flat=True))
    assert history == ["Seen at home; garden shed now locked."]
