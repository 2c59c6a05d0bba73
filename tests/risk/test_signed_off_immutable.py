"""A signed-off ARMS, RMP or visit, and every supervisor review, cannot be changed through any
form, view, the admin, a service or the database itself; a correction is a new version."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from offenders.case_records import record_revise
from risk import services as risk_services
from risk.content import ArmsContent
from risk.models import ArmsAssessment, RiskManagementPlan, SupervisorReview
from rules.choices import RiskLevel, WorkflowStatus
from tests import factories
from visits import services as visit_services
from visits.content import VisitContent
from visits.models import DeviceInspection, Visit
from workforce.models import Role

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def days_ago(n):
    return TODAY() - datetime.timedelta(days=n)


def signed_off(factory, **fields):
    record = factory(status=WorkflowStatus.SIGNED_OFF, **fields)
    field = {ArmsAssessment: "arms_assessment", RiskManagementPlan: "risk_management_plan", Visit: "visit"}[
        type(record)
    ]
    factories.SupervisorReviewFactory(**{"visit": None, field: record})
    return record


@pytest.fixture(params=["arms", "rmp", "visit"])
def record(request):
    factory = {
        "arms": factories.ArmsAssessmentFactory,
        "rmp": factories.RiskManagementPlanFactory,
        "visit": factories.VisitFactory,
    }[request.param]
    return signed_off(factory)


def refused(action):
    with pytest.raises(IntegrityError, match="signed-off record cannot be changed"), transaction.atomic():
        action()


def test_the_database_refuses_to_change_a_signed_off_record(record):
    model = type(record)
    refused(lambda: model.objects.filter(pk=record.pk).update(version=record.version))
    refused(lambda: model.objects.filter(pk=record.pk).update(status=WorkflowStatus.DRAFT))


def delete_row(model, pk):
    """A DELETE straight to the database, past Django's own protection of related rows."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE id = %s", [pk])  # noqa: S608


def test_the_database_refuses_to_delete_a_signed_off_record(record):
    refused(lambda: delete_row(type(record), record.pk))


def test_the_database_refuses_to_change_or_delete_a_review():
    review = factories.SupervisorReviewFactory()
    with pytest.raises(IntegrityError, match="review cannot be changed"), transaction.atomic():
        SupervisorReview.objects.filter(pk=review.pk).update(text="Edited afterwards to read better.")
    with pytest.raises(IntegrityError, match="review cannot be changed"), transaction.atomic():
        delete_row(SupervisorReview, review.pk)


def test_the_device_inspections_of_a_signed_off_visit_cannot_change():
    visit = factories.VisitFactory(status=WorkflowStatus.DRAFT, submitted_on=None)
    device = factories.RegisteredDeviceFactory(offender=visit.offender)
    inspection = DeviceInspection.objects.create(visit=visit, device=device, finding="no_concerns")
    Visit.objects.filter(pk=visit.pk).update(status=WorkflowStatus.SIGNED_OFF, submitted_on=days_ago(1))
    with pytest.raises(IntegrityError), transaction.atomic():
        DeviceInspection.objects.filter(pk=inspection.pk).update(finding="concerns")
    with pytest.raises(IntegrityError), transaction.atomic():
        DeviceInspection.objects.filter(pk=inspection.pk).delete()


def test_a_draft_or_submitted_record_can_still_change():
    visit = factories.VisitFactory(status=WorkflowStatus.SUBMITTED)
    assert Visit.objects.filter(pk=visit.pk).update(status=WorkflowStatus.RETURNED) == 1


def test_the_services_refuse_to_change_it():
    arms = signed_off(factories.ArmsAssessmentFactory)
    with pytest.raises(ValidationError, match="signed off and cannot be changed"):
        risk_services.arms_save(
            assessment=arms,
            content=ArmsContent(assessed_on=days_ago(1), risk_level=RiskLevel.LOW),
            acting_user=arms.author,
            today=TODAY(),
        )
    visit = signed_off(factories.VisitFactory)
    with pytest.raises(ValidationError, match="signed off and cannot be changed"):
        visit_services.visit_save(
            visit=visit,
            content=VisitContent(visited_on=days_ago(1), outcome="seen"),
            acting_user=visit.author,
            today=TODAY(),
        )


@pytest.mark.parametrize(
    ("factory", "edit_url", "data"),
    [
        (factories.ArmsAssessmentFactory, "arms-edit", {"risk_level": "low"}),
        (factories.RiskManagementPlanFactory, "rmp-edit", {"supervision": "Rewritten afterwards."}),
        (factories.VisitFactory, "visit-edit", {"observations": "Rewritten afterwards."}),
    ],
)
def test_no_form_changes_it_even_for_its_author(client, factory, edit_url, data):
    record = signed_off(factory)
    before = type(record).objects.values().get(pk=record.pk)
    client.force_login(record.author)
    response = client.post(reverse(edit_url, args=[record.pk]), data)
    assert response.status_code == 302 and response.url == record.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "signed off and cannot be changed" in page
    assert type(record).objects.values().get(pk=record.pk) == before


def test_submitting_it_again_is_refused(client):
    visit = signed_off(factories.VisitFactory)
    client.force_login(visit.author)
    client.post(reverse("visit-submit", args=[visit.pk]))
    visit.refresh_from_db()
    assert visit.status == WorkflowStatus.SIGNED_OFF


def test_the_admin_has_no_case_records_to_change(client):
    admin = factories.StaffFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    for name in ("risk/armsassessment", "risk/riskmanagementplan", "visits/visit", "risk/supervisorreview"):
        assert client.get(f"/admin/{name}/").status_code == 404


def test_a_correction_is_a_new_version_that_needs_its_own_review(record):
    revision = record_revise(record=record, author=record.author)
    assert (revision.version, revision.status, revision.supersedes_id) == (2, WorkflowStatus.DRAFT, record.pk)
    record.refresh_from_db()
    assert record.status == WorkflowStatus.SIGNED_OFF
