"""Erasure: every row of a closed nominal's data goes, history included, and the log records
that it happened without any of the erased content."""

import io

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from offenders.erasure import offender_erase
from offenders.models import AuditEvent, AuditOperation, Offender
from risk.models import ArmsAssessment, SupervisorReview
from rules.choices import OffenderStatus, WorkflowStatus
from tests import factories
from visits.models import DeviceInspection, Visit
from workforce.models import Role

pytestmark = pytest.mark.django_db
REASON = "Notification ended in 2019; the force keeps records for six years after that."


@pytest.fixture
def closed():
    offender = factories.OffenderFactory(status=OffenderStatus.NOTIFICATION_ENDED, first_name="Ozzindle")
    visit = factories.VisitFactory(offender=offender, status=WorkflowStatus.SIGNED_OFF)
    factories.SupervisorReviewFactory(visit=visit)
    revised = factories.VisitFactory(offender=offender, status=WorkflowStatus.DRAFT, submitted_on=None)
    Visit.objects.filter(pk=revised.pk).update(version=2, supersedes=visit, observations="A change")
    device = factories.RegisteredDeviceFactory(offender=offender)
    DeviceInspection.objects.create(visit=visit, device=device, finding="no_concerns")
    factories.ArmsAssessmentFactory(offender=offender)
    factories.OrderFactory(offender=offender)
    return offender


def rows_mentioning(offender_id: int) -> int:
    """Every row in any table with an offender_id column equal to the id (the log excepted)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.columns WHERE column_name = 'offender_id' "
            "AND table_schema = 'public' AND table_name != 'offenders_auditevent'"
        )
        tables = [row[0] for row in cursor.fetchall()]
        total = 0
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {table} WHERE offender_id = %s", [offender_id])  # noqa: S608
            total += cursor.fetchone()[0]
    return total


def test_erasure_removes_every_row_of_the_nominals_data_and_their_history(closed):
    actor = factories.StaffFactory(role=Role.ADMIN)
    assert rows_mentioning(closed.pk) > 5
    erased = offender_erase(offender=closed, acting_user=actor, justification=REASON)
    assert not Offender.objects.filter(pk=closed.pk).exists()
    assert rows_mentioning(closed.pk) == 0
    assert not SupervisorReview.objects.exists() and not DeviceInspection.objects.exists()
    assert not ArmsAssessment.objects.exists() and erased.total >= 9
    assert apps.get_model("visits", "VisitEvent").objects.count() == 0  # its history went too


def test_the_log_says_who_erased_whom_and_why_and_holds_nothing_erased(closed):
    actor = factories.StaffFactory(role=Role.ADMIN)
    offender_erase(offender=closed, acting_user=actor, justification=REASON)
    entry = AuditEvent.objects.get(operation=AuditOperation.ERASURE)
    assert (entry.actor_id, entry.offender_id, entry.justification) == (actor.pk, closed.pk, REASON)
    values = " ".join(
        str(v) for v in AuditEvent.objects.values_list("justification", "recipient", "record_type")
    )
    assert "Ozzindle" not in values and closed.reference not in values


def test_a_managed_nominal_cannot_be_erased():
    managed = factories.OffenderFactory(status=OffenderStatus.COMMUNITY)
    with pytest.raises(ValidationError, match="still managed"):
        offender_erase(
            offender=managed, acting_user=factories.StaffFactory(role=Role.ADMIN), justification=REASON
        )
    assert Offender.objects.filter(pk=managed.pk).exists()


def test_erasure_needs_a_reason(closed):
    with pytest.raises(ValidationError):
        offender_erase(
            offender=closed, acting_user=factories.StaffFactory(role=Role.ADMIN), justification="old"
        )


def test_outside_erasure_signed_off_records_still_cannot_be_deleted(closed):
    visit = Visit.objects.filter(offender=closed, status=WorkflowStatus.SIGNED_OFF).get()
    with pytest.raises(Exception, match="cannot be changed or deleted"), connection.cursor() as cursor:
        cursor.execute("DELETE FROM visits_visit WHERE id = %s", [visit.pk])


def test_the_command_erases_after_confirmation(closed):
    actor = factories.StaffFactory(username="dpo.testperson", role=Role.ADMIN)
    out = io.StringIO()
    call_command(
        "erase_offender",
        closed.reference,
        "--force-code",
        closed.force.code,
        "--by",
        actor.username,
        "--justification",
        REASON,
        "--yes",
        stdout=out,
    )
    assert f"Erased {closed.reference}" in out.getvalue()
    assert not Offender.objects.filter(pk=closed.pk).exists()
