"""The s62 log of API reads: an answer that carries offenders' data logs one DISCLOSURE per
offender it carries, to the client that asked ("API client <username>" for a token, "API user
<username>" for a browser session), before it answers; writes keep their own collection and
alteration entries from the services."""

import pytest

from offenders.models import AuditEvent, AuditOperation
from tests import factories
from tests.api import support as s
from tests.api.support import api_client

pytestmark = pytest.mark.django_db


def disclosures(**filters):
    return AuditEvent.objects.filter(operation=AuditOperation.DISCLOSURE, **filters)


def test_a_list_logs_one_disclosure_per_offender_on_the_page(world):
    a = world.a
    others = factories.OffenderFactory.create_batch(3, team=a.team, offender_manager=a.om)
    response = api_client(world.leader).get("/api/v1/offenders/", {"team": a.team.pk})
    assert response.json()["count"] == 4
    logged = disclosures(record_type="api offender")
    assert sorted(logged.values_list("offender_id", flat=True)) == sorted(
        [a.offender.pk, *(o.pk for o in others)]
    )
    entry = logged.first()
    assert entry.recipient == f"API client {world.leader.username}" and entry.actor_id == world.leader.pk
    assert entry.path == "/api/v1/offenders/" and entry.justification


def test_only_the_offenders_on_the_page_returned_are_logged(world):
    a = world.a
    factories.OffenderFactory.create_batch(3, team=a.team, offender_manager=a.om)
    page = api_client(a.om).get("/api/v1/offenders/", {"page_size": 2}).json()
    assert len(page["results"]) == 2
    assert sorted(disclosures().values_list("offender_id", flat=True)) == sorted(
        r["id"] for r in page["results"]
    )


def test_records_of_one_offender_log_that_offender_once(world):
    api_client(world.a.om).get("/api/v1/visits/", {"offender": world.a.offender.pk})
    assert list(disclosures(record_type="api visit").values_list("offender_id", flat=True)) == [
        world.a.offender.pk
    ]


@pytest.mark.parametrize(
    "path, kind",
    [
        (lambda a: f"/api/v1/offenders/{a.offender.pk}/", "api offender"),
        (lambda a: f"/api/v1/visits/{a.visit_draft.pk}/", "api visit"),
        (lambda a: f"/api/v1/arms-assessments/{a.arms_draft.pk}/", "api armsassessment"),
        (lambda a: f"/api/v1/risk-management-plans/{a.rmp_draft.pk}/", "api riskmanagementplan"),
        (lambda a: f"/api/v1/reviews/{a.review.pk}/", "api supervisorreview"),
        (lambda a: f"/api/v1/visit-authorisations/{a.authorisation.pk}/", "api visitauthorisation"),
        (lambda a: f"/api/v1/intelligence-checks/{a.check.pk}/", "api intelligencecheck"),
        (lambda a: f"/api/v1/outcomes/{a.outcome.pk}/", "api outcome"),
    ],
)
def test_every_detail_read_logs_its_offender(world, path, kind):
    assert api_client(world.a.om).get(path(world.a)).status_code == 200
    entry = disclosures().get()
    assert (entry.offender_id, entry.record_type) == (world.a.offender.pk, kind)
    assert entry.recipient == f"API client {world.a.om.username}"


def test_a_browser_session_is_logged_as_an_api_user(world, client):
    client.force_login(world.a.om)
    assert client.get(f"/api/v1/offenders/{world.a.offender.pk}/").status_code == 200
    assert disclosures().get().recipient == f"API user {world.a.om.username}"


def test_a_write_logs_its_collection_and_the_answer_its_disclosure(world):
    a = world.a
    visit = api_client(a.om).post("/api/v1/visits/", s.new_visit(a), format="json").json()
    assert AuditEvent.objects.filter(
        operation=AuditOperation.COLLECTION, record_type="visit", record_id=visit["id"], actor_id=a.om.pk
    ).exists()
    assert disclosures(record_type="api visit", offender_id=a.offender.pk).count() == 1


def test_an_empty_list_and_a_refusal_log_nothing(world):
    client = api_client(world.admin)
    assert client.get("/api/v1/offenders/").json()["count"] == 0
    assert client.get(f"/api/v1/offenders/{world.a.offender.pk}/").status_code == 404
    assert not disclosures().exists()


def test_teams_and_staff_are_not_offender_data(world):
    client = api_client(world.a.supervisor)
    client.get("/api/v1/teams/")
    client.get("/api/v1/staff/")
    assert not disclosures().exists()
