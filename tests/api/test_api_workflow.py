"""The integrity rules through the API: no lost updates (a change made from an older copy is
409 and writes nothing), the workflow order (draft → submitted → signed off or returned),
signed-off records are immutable through every operation, and nobody reviews their own work."""

import pytest
from rest_framework.test import APIClient

from risk.models import ArmsAssessment, RiskManagementPlan, SupervisorReview
from rules.choices import WorkflowStatus
from tests.api import support as s
from tests.api.support import api_client, assert_error, iso
from tests.dates import days_ago
from visits.models import Visit

pytestmark = pytest.mark.django_db

KINDS = {
    "visit": ("visits", Visit, "visit_draft", "visit_submitted", "visit_signed_off"),
    "arms": ("arms-assessments", ArmsAssessment, "arms_draft", "arms_submitted", "arms_signed_off"),
    "rmp": ("risk-management-plans", RiskManagementPlan, "rmp_draft", "rmp_submitted", "rmp_signed_off"),
}


def change_of(kind, record, side):
    return {
        "visit": lambda: s.visit_change(record, side),
        "arms": lambda: s.arms_change(record),
        "rmp": lambda: s.rmp_change(record),
    }[kind]()


def row(record):
    """Every stored value of the record, to show it did not change."""
    return type(record).objects.filter(pk=record.pk).values().get()


# --------------------------------------------------------------------------- concurrent edits


@pytest.mark.parametrize("kind", KINDS)
def test_two_clients_edit_the_same_draft_and_the_second_is_refused_with_409(world, kind):
    resource, model, draft, _, _ = KINDS[kind]
    record = getattr(world.a, draft)
    # The OM's integration and the OM in the browser (one key per user: a second would revoke the first).
    first, second = api_client(world.a.om), APIClient()
    second.force_login(world.a.om)
    copy_one = first.get(f"/api/v1/{resource}/{record.pk}/").json()
    copy_two = second.get(f"/api/v1/{resource}/{record.pk}/").json()
    assert copy_one["row_version"] == copy_two["row_version"] == 1
    saved = first.put(f"/api/v1/{resource}/{record.pk}/", change_of(kind, record, world.a), format="json")
    assert saved.status_code == 200 and saved.json()["row_version"] == 2
    after_first = row(record)
    stale = {**change_of(kind, record, world.a), "row_version": copy_two["row_version"]}
    refused = assert_error(
        second.put(f"/api/v1/{resource}/{record.pk}/", stale, format="json"), 409, "concurrent_change"
    )
    assert "after you opened it" in refused["message"]
    assert row(record) == after_first


@pytest.mark.parametrize("kind", KINDS)
def test_submitting_an_older_copy_is_refused_with_409(world, kind):
    resource, _, draft, _, _ = KINDS[kind]
    record = getattr(world.a, draft)
    client = api_client(world.a.om)
    client.put(f"/api/v1/{resource}/{record.pk}/", change_of(kind, record, world.a), format="json")
    assert_error(
        client.post(f"/api/v1/{resource}/{record.pk}/submit/", {"row_version": 1}, format="json"),
        409,
        "concurrent_change",
    )
    assert type(record).objects.get(pk=record.pk).status == WorkflowStatus.DRAFT


def test_a_review_of_a_record_changed_since_it_was_read_is_refused_with_409(world):
    record = world.a.visit_submitted
    body = {**s.new_review(record, "visit"), "row_version": record.row_version + 1}
    assert_error(
        api_client(world.a.supervisor).post("/api/v1/reviews/", body, format="json"), 409, "concurrent_change"
    )
    assert not SupervisorReview.objects.filter(visit=record).exists()


def test_an_update_without_its_row_version_is_refused(world):
    body = s.visit_change(world.a.visit_draft, world.a)
    del body["row_version"]
    error = assert_error(
        api_client(world.a.om).put(f"/api/v1/visits/{world.a.visit_draft.pk}/", body, format="json"), 400
    )
    assert "row_version" in error["errors"]


# --------------------------------------------------------------------------- signed off: immutable


@pytest.mark.parametrize("kind", KINDS)
def test_a_signed_off_record_cannot_be_changed_through_any_api_operation(world, kind):
    resource, model, _, _, signed_off = KINDS[kind]
    record = getattr(world.a, signed_off)
    before = row(record)
    path = f"/api/v1/{resource}/{record.pk}/"
    for caller in (world.a.om, world.a.supervisor, world.leader, world.admin):
        client = api_client(caller)
        for response in (
            client.put(path, change_of(kind, record, world.a), format="json"),
            client.post(f"{path}submit/", {"row_version": record.row_version}, format="json"),
            client.patch(path, {"status": "draft"}, format="json"),
            client.delete(path),
            client.post("/api/v1/reviews/", s.new_review(record, kind, decision="returned"), format="json"),
        ):
            assert 400 <= response.status_code < 500, (caller.role, response.status_code)
        assert row(record) == before
    # The author's change is refused for what it is (not merely for who asked).
    refused = assert_error(
        api_client(world.a.om).put(path, change_of(kind, record, world.a), format="json"), 400
    )
    assert "signed off and cannot be changed" in refused["message"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_signed_off_record_is_corrected_by_a_new_version_and_stays_as_it_was(world, kind):
    resource, model, _, _, signed_off = KINDS[kind]
    record = getattr(world.a, signed_off)
    before = row(record)
    response = api_client(world.a.om).post(f"/api/v1/{resource}/{record.pk}/revise/")
    assert response.status_code == 201, response.json()
    assert (response.json()["version"], response.json()["supersedes"]) == (record.version + 1, record.pk)
    assert row(record) == before
    again = api_client(world.a.om).post(f"/api/v1/{resource}/{record.pk}/revise/")
    assert "already been revised" in assert_error(again, 400)["message"]


# --------------------------------------------------------------------------- workflow order


@pytest.mark.parametrize("kind", KINDS)
def test_the_workflow_runs_in_order(world, kind):
    resource, _, draft, submitted, _ = KINDS[kind]
    om, supervisor = api_client(world.a.om), api_client(world.a.supervisor)
    draft_record, submitted_record = getattr(world.a, draft), getattr(world.a, submitted)
    # A draft is not reviewed, and not revised: it is edited.
    assert (
        "not awaiting review"
        in assert_error(
            supervisor.post("/api/v1/reviews/", s.new_review(draft_record, kind), format="json"), 400
        )["message"]
    )
    assert_error(om.post(f"/api/v1/{resource}/{draft_record.pk}/revise/"), 400)
    # A submitted record is not submitted again, edited, or revised before its review.
    assert_error(
        om.post(f"/api/v1/{resource}/{submitted_record.pk}/submit/", {"row_version": 1}, format="json"), 400
    )
    assert_error(
        om.put(
            f"/api/v1/{resource}/{submitted_record.pk}/",
            change_of(kind, submitted_record, world.a),
            format="json",
        ),
        400,
    )
    assert_error(om.post(f"/api/v1/{resource}/{submitted_record.pk}/revise/"), 400)
    # A returned one is not reviewed again: it is revised.
    returned = supervisor.post(
        "/api/v1/reviews/", s.new_review(submitted_record, kind, "returned"), format="json"
    )
    assert returned.status_code == 201
    submitted_record.refresh_from_db()
    assert_error(
        supervisor.post("/api/v1/reviews/", s.new_review(submitted_record, kind), format="json"), 400
    )
    assert om.post(f"/api/v1/{resource}/{submitted_record.pk}/revise/").status_code == 201


# --------------------------------------------------------------------------- nobody reviews their own work


def test_a_supervisor_cannot_review_their_own_work(world):
    a = world.a
    supervisor = api_client(a.supervisor)
    body = {**s.new_visit(a), "visited_on": iso(days_ago(2))}
    own = supervisor.post("/api/v1/visits/", body, format="json").json()
    supervisor.post(f"/api/v1/visits/{own['id']}/submit/", {"row_version": 1}, format="json")
    visit = Visit.objects.get(pk=own["id"])
    assert visit.status == WorkflowStatus.SUBMITTED
    refused = assert_error(
        supervisor.post("/api/v1/reviews/", s.new_review(visit, "visit"), format="json"), 400
    )
    assert refused["message"] == "You cannot review your own work; another supervisor must review it."
    visit.refresh_from_db()
    assert visit.status == WorkflowStatus.SUBMITTED and not visit.reviews.exists()


def test_an_author_who_is_not_a_supervisor_cannot_review_at_all(world):
    refused = assert_error(
        api_client(world.a.om).post(
            "/api/v1/reviews/", s.new_review(world.a.visit_submitted, "visit"), format="json"
        ),
        403,
        "permission_denied",
    )
    assert refused["message"] == "Only a supervisor can review a record."


def test_only_the_author_changes_or_submits_a_draft(world):
    a = world.a
    colleague = api_client(a.colleague)
    for response in (
        colleague.put(f"/api/v1/visits/{a.visit_draft.pk}/", s.visit_change(a.visit_draft, a), format="json"),
        colleague.post(f"/api/v1/visits/{a.visit_draft.pk}/submit/", {"row_version": 1}, format="json"),
    ):
        assert response.status_code in (403, 404)
    assert row(a.visit_draft)["status"] == WorkflowStatus.DRAFT
