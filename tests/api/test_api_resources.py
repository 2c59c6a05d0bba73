"""Each resource through the API as an integration uses it: read what is in scope, filter and
page it, and write through the same services as the browser (same validation, same audit)."""

import pytest
from django.urls import reverse

from offenders.models import AuditEvent, AuditOperation, IntelligenceCheck, Offender, Outcome
from risk.models import ArmsAssessment, ReviewDecision, RiskManagementPlan, SupervisorReview
from rules.choices import RiskLevel, WorkflowStatus
from tests import factories
from tests.api.support import (
    api_client,
    arms_change,
    assert_error,
    iso,
    new_arms,
    new_authorisation,
    new_check,
    new_offender,
    new_outcome,
    new_review,
    new_rmp,
    new_visit,
    rmp_change,
    visit_change,
)
from tests.dates import days_ago
from visits.models import Visit, VisitAuthorisation

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"api-{name}", args=args)


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


# --------------------------------------------------------------------------- the visit's life


def test_a_visit_is_drafted_changed_submitted_and_signed_off_through_the_api(world):
    a = world.a
    om, supervisor = api_client(a.om), api_client(a.supervisor)

    created = om.post(url("visit-list"), new_visit(a), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    visit = Visit.objects.get(pk=body["id"])
    assert (visit.author, visit.status, visit.row_version) == (a.om, WorkflowStatus.DRAFT, 1)
    assert body["author"] == {"id": a.om.pk, "name": str(a.om)} and body["status"] == "draft"
    assert AuditEvent.objects.filter(
        operation=AuditOperation.COLLECTION, record_type="visit", record_id=visit.pk
    )

    changed = om.put(url("visit-detail", visit.pk), visit_change(visit, a), format="json")
    assert changed.status_code == 200, changed.json()
    visit.refresh_from_db()
    assert (visit.outcome, visit.row_version, visit.updated_by) == ("no_reply", 2, a.om)

    stale = om.put(url("visit-detail", visit.pk), {**visit_change(visit, a), "row_version": 1}, format="json")
    assert_error(stale, 409, "concurrent_change")

    submitted = om.post(url("visit-submit", visit.pk), {"row_version": 2}, format="json")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"

    reviewed = supervisor.post(
        url("review-list"), new_review(Visit.objects.get(pk=visit.pk), "visit"), format="json"
    )
    assert reviewed.status_code == 201, reviewed.json()
    assert reviewed.json()["reviewer"]["id"] == a.supervisor.pk and reviewed.json()["record"] == visit.pk
    visit.refresh_from_db()
    assert visit.status == WorkflowStatus.SIGNED_OFF


def test_a_visit_records_its_device_findings_and_unregistered_devices(world):
    a = world.a
    phone = factories.RegisteredDeviceFactory(offender=a.offender)
    body = {
        **new_visit(a),
        "device_findings": [{"device": phone.pk, "finding": "no_concerns"}],
        "unregistered_devices": ["Black tablet in the bedroom"],
    }
    response = api_client(a.om).post(url("visit-list"), body, format="json")
    assert response.status_code == 201, response.json()
    inspections = response.json()["device_inspections"]
    assert {
        "device": phone.pk,
        "unregistered_description": "",
        "finding": "no_concerns",
        "notes": "",
    } in inspections
    assert any(i["unregistered_description"] == "Black tablet in the bedroom" for i in inspections)


def test_a_visit_in_pairs_names_the_other_officer_as_the_form_asks(world):
    body = {**new_visit(world.a), "co_attending_officer": None}
    error = assert_error(api_client(world.a.om).post(url("visit-list"), body, format="json"), 400, "invalid")
    assert "co_attending_officer" in error["errors"]


def test_the_services_validation_comes_back_against_its_field(world):
    body = {**new_visit(world.a), "visited_on": iso(days_ago(-3))}
    error = assert_error(api_client(world.a.om).post(url("visit-list"), body, format="json"), 400, "invalid")
    assert error["errors"] == {"visited_on": ["The visit date must be today or in the past."]}


def test_an_authorisation_from_another_offender_cannot_be_chosen(world):
    body = {
        **new_visit(world.a),
        "crew_size": 1,
        "co_attending_officer": None,
        "authorisation": world.b.authorisation.pk,
    }
    error = assert_error(api_client(world.a.om).post(url("visit-list"), body, format="json"), 400)
    assert "authorisation" in error["errors"]


def test_a_single_crewed_visit_under_a_supervisors_authorisation_is_compliant(world):
    a = world.a
    body = {**new_visit(a), "crew_size": 1, "co_attending_officer": None, "authorisation": a.authorisation.pk}
    response = api_client(a.om).post(url("visit-list"), body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["is_exception"] and response.json()["is_compliant"]


def test_visits_are_filtered_and_paged(world):
    a = world.a
    client = api_client(a.om)
    drafts = client.get(url("visit-list"), {"status": "draft"})
    assert ids(drafts) == {a.visit_draft.pk}
    recent = client.get(url("visit-list"), {"visited_on_after": iso(days_ago(20))})
    assert ids(recent) == {a.visit_draft.pk, a.visit_submitted.pk}
    page = client.get(url("visit-list"), {"page_size": 1, "page": 2}).json()
    assert page["count"] == 3 and len(page["results"]) == 1 and page["previous"] and page["next"]
    assert_error(client.get(url("visit-list"), {"page": 9}), 404, "not_found")
    assert_error(client.get(url("visit-list"), {"status": "approved"}), 400, "invalid")


def test_page_size_is_capped(world):
    factories.OffenderFactory.create_batch(3, team=world.a.team, offender_manager=world.a.om)
    page = api_client(world.a.om).get(url("offender-list"), {"page_size": 100000}).json()
    assert page["count"] == 4 and len(page["results"]) == 4


def test_a_returned_visit_is_revised_as_a_new_draft_version(world):
    a = world.a
    api_client(a.supervisor).post(
        url("review-list"), new_review(a.visit_submitted, "visit", decision="returned"), format="json"
    )
    response = api_client(a.om).post(url("visit-revise", a.visit_submitted.pk))
    assert response.status_code == 201, response.json()
    revision = Visit.objects.get(pk=response.json()["id"])
    assert (revision.version, revision.status, revision.supersedes_id) == (2, "draft", a.visit_submitted.pk)
    assert (
        api_client(a.om).get(url("visit-detail", a.visit_submitted.pk)).json()["superseded_by"] == revision.pk
    )


# --------------------------------------------------------------------------- ARMS and RMPs


def test_submitting_an_arms_makes_its_level_the_offenders_risk_level(world):
    a = world.a
    client = api_client(a.om)
    created = client.post(url("arms-assessment-list"), new_arms(a), format="json")
    assert created.status_code == 201, created.json()
    assessment = ArmsAssessment.objects.get(pk=created.json()["id"])
    changed = client.put(url("arms-assessment-detail", assessment.pk), arms_change(assessment), format="json")
    assert changed.status_code == 200 and changed.json()["risk_level"] == "low"
    client.post(url("arms-assessment-submit", assessment.pk), {"row_version": 2}, format="json")
    assert Offender.objects.get(pk=a.offender.pk).risk_level == RiskLevel.LOW


def test_a_plan_is_drafted_and_changed_with_its_visit_regime(world):
    a = world.a
    client = api_client(a.om)
    created = client.post(url("risk-management-plan-list"), new_rmp(a), format="json")
    assert created.status_code == 201, created.json()
    plan = RiskManagementPlan.objects.get(pk=created.json()["id"])
    changed = client.put(url("risk-management-plan-detail", plan.pk), rmp_change(plan), format="json")
    assert changed.status_code == 200, changed.json()
    assert (changed.json()["visit_every"], changed.json()["visit_every_unit"]) == (4, "weeks")
    half = {**rmp_change(Visit(row_version=2)), "visit_every_unit": ""}
    error = assert_error(client.put(url("risk-management-plan-detail", plan.pk), half, format="json"), 400)
    assert "visit_every" in error["errors"]


# --------------------------------------------------------------------------- reviews


def test_a_supervisor_returns_a_plan_with_reasons(world):
    a = world.a
    response = api_client(a.supervisor).post(
        url("review-list"), new_review(a.rmp_submitted, "rmp", decision="returned"), format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["record_kind"] == "rmp" and response.json()["offender"] == a.offender.pk
    a.rmp_submitted.refresh_from_db()
    assert a.rmp_submitted.status == WorkflowStatus.RETURNED


def test_a_one_word_review_is_refused(world):
    body = {**new_review(world.a.arms_submitted, "arms"), "text": "ok"}
    error = assert_error(api_client(world.a.supervisor).post(url("review-list"), body, format="json"), 400)
    assert "text" in error["errors"]
    assert not SupervisorReview.objects.filter(arms_assessment=world.a.arms_submitted).exists()


def test_reviews_are_listed_by_record_and_offender(world):
    client = api_client(world.a.om)
    assert ids(client.get(url("review-list"), {"record_kind": "visit"})) == {world.a.review.pk}
    assert len(ids(client.get(url("review-list"), {"offender": world.a.offender.pk}))) == 3
    assert ids(client.get(url("review-list"), {"offender": world.b.offender.pk})) == set()


# --------------------------------------------------------------------------- offenders


def test_a_supervisor_registers_an_offender_with_the_services_notification_and_lead_agency(world):
    a = world.a
    response = api_client(a.supervisor).post(url("offender-list"), new_offender(a), format="json")
    assert response.status_code == 201, response.json()
    offender = Offender.objects.get(pk=response.json()["id"])
    assert (offender.offender_manager, offender.team, offender.force) == (a.om, a.team, a.team.force)
    assert offender.notification_period_months == 24 and offender.notification_ends_on
    assert offender.risk_level is None and offender.lead_agency == "police"
    assert offender.assignments.get().offender_manager == a.om
    again = api_client(a.supervisor).post(url("offender-list"), new_offender(a), format="json")
    assert assert_error(again, 400)["errors"] == {
        "reference": [f"VSR-API-000001 is already registered in {a.team.force}."]
    }


def test_an_offender_manager_someone_else_supervises_cannot_be_chosen(world):
    other = factories.StaffFactory(team=world.a.team)
    body = {**new_offender(world.a), "offender_manager": other.pk}
    error = assert_error(api_client(world.a.supervisor).post(url("offender-list"), body, format="json"), 400)
    assert "offender_manager" in error["errors"]


def test_offenders_are_filtered_by_team_risk_and_reference(world):
    a = world.a
    high = factories.OffenderFactory(team=a.team, offender_manager=a.om, risk_level=RiskLevel.HIGH)
    client = api_client(world.leader)
    assert ids(client.get(url("offender-list"), {"risk_level": "high"})) == {high.pk}
    assert ids(client.get(url("offender-list"), {"reference": a.offender.reference.lower()})) == {
        a.offender.pk
    }
    assert ids(client.get(url("offender-list"), {"search": a.offender.first_name})) == {a.offender.pk}
    assert ids(client.get(url("offender-list"), {"team": a.team.pk})) == {a.offender.pk, high.pk}
    assert ids(client.get(url("offender-list"), {"team": world.b.team.pk})) == set()


def test_an_offender_reads_with_their_computed_fields(world):
    body = api_client(world.a.om).get(url("offender-detail", world.a.offender.pk)).json()
    assert body["reference"] == world.a.offender.reference and body["risk_level"] == "medium"
    assert body["offender_manager"] == {"id": world.a.om.pk, "name": str(world.a.om)}


# --------------------------------------------------------------------------- the smaller records


def test_an_intelligence_check_and_an_outcome_are_recorded(world):
    a = world.a
    client = api_client(a.om)
    check = client.post(url("intelligence-check-list"), new_check(a), format="json")
    assert check.status_code == 201, check.json()
    assert IntelligenceCheck.objects.get(pk=check.json()["id"]).checked_by == a.om
    outcome = client.post(url("outcome-list"), new_outcome(a), format="json")
    assert outcome.status_code == 201, outcome.json()
    assert Outcome.objects.get(pk=outcome.json()["id"]).recorded_by == a.om
    assert ids(client.get(url("intelligence-check-list"), {"system": "pnc"})) == {check.json()["id"]}


def test_a_new_offence_needs_its_type(world):
    body = {**new_outcome(world.a), "kind": "new_offence"}
    error = assert_error(api_client(world.a.om).post(url("outcome-list"), body, format="json"), 400)
    assert error["errors"] == {"offence_type": ["Select the type of offence for a new offence."]}


def test_a_supervisor_authorises_a_single_crewed_visit(world):
    a = world.a
    response = api_client(a.supervisor).post(
        url("visit-authorisation-list"), new_authorisation(a), format="json"
    )
    assert response.status_code == 201, response.json()
    authorisation = VisitAuthorisation.objects.get(pk=response.json()["id"])
    assert (authorisation.authorised_by, authorisation.single_crewed) == (a.supervisor, True)
    listed = api_client(a.om).get(url("visit-authorisation-list"), {"valid_on": iso(days_ago(-5))})
    assert ids(listed) == {authorisation.pk, a.authorisation.pk}
    listed = api_client(a.om).get(url("visit-authorisation-list"), {"valid_on": iso(days_ago(-8))})
    assert ids(listed) == {a.authorisation.pk}


# --------------------------------------------------------------------------- teams, staff, dashboard


def test_staff_are_named_by_name_role_and_team_only(world):
    response = api_client(world.a.supervisor).get(url("staff-list"), {"role": "offender_manager"})
    rows = response.json()["results"]
    assert {row["id"] for row in rows} == {world.a.om.pk, world.a.colleague.pk}
    assert all(set(row) == {"id", "name", "role", "team"} for row in rows)
    detail = api_client(world.leader).get(url("staff-detail", world.a.om.pk)).json()
    assert detail == {
        "id": world.a.om.pk,
        "name": str(world.a.om),
        "role": "offender_manager",
        "team": world.a.team.pk,
    }


def test_teams_are_those_the_caller_oversees(world):
    assert ids(api_client(world.a.supervisor).get(url("team-list"))) == {world.a.team.pk}
    assert api_client(world.a.supervisor).get(url("team-detail", world.a.team.pk)).json() == {
        "id": world.a.team.pk,
        "name": world.a.team.name,
        "area": world.a.team.area,
    }


def test_the_dashboard_is_served_under_the_api_too(world):
    response = api_client(world.leader).get(url("dashboard"), {"scope": f"team:{world.a.team.pk}"})
    assert response.status_code == 200 and response.json()["scope"] == f"team:{world.a.team.pk}"
    assert_error(api_client(world.leader).get(url("dashboard"), {"scope": "team:²"}), 404, "not_found")
    assert_error(api_client(world.a.om).get(url("dashboard"), {"scope": "team:²"}), 403, "permission_denied")


def test_review_decisions_listed_match_the_model(world):
    assert {choice for choice, _ in ReviewDecision.choices} == {"signed_off", "returned"}
