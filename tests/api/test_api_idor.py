"""The IDOR sweep: every detail, update and action URL of every resource, asked for a record
outside the caller's scope — another force's, or a restricted nominal in the caller's own team
whose list they are not on — answers 404 for every role, byte for byte what an id that does
not exist answers. Nothing about the record leaks: not its existence (no 403, no 400 naming
it), not its data, and no audit entry claims it was disclosed."""

import pytest

from offenders.models import AuditEvent, AuditOperation, RestrictedViewer
from tests.api import support as s
from tests.api.support import Side, api_client, build_side

pytestmark = pytest.mark.django_db

NO_SUCH_ID = 2_000_000_000

DETAIL = {
    "offenders": lambda x: [x.offender],
    "visits": lambda x: [x.visit_draft, x.visit_submitted, x.visit_signed_off],
    "arms-assessments": lambda x: [x.arms_draft, x.arms_submitted, x.arms_signed_off],
    "risk-management-plans": lambda x: [x.rmp_draft, x.rmp_submitted, x.rmp_signed_off],
    "reviews": lambda x: [x.review],
    "visit-authorisations": lambda x: [x.authorisation],
    "intelligence-checks": lambda x: [x.check],
    "outcomes": lambda x: [x.outcome],
}
# Resources whose records are changed in place (PUT) or moved through the workflow.
CASE_RECORDS = {
    "visits": lambda record, x: s.visit_change(record, x),
    "arms-assessments": lambda record, x: s.arms_change(record),
    "risk-management-plans": lambda record, x: s.rmp_change(record),
}
CREATES = {
    "visits": s.new_visit,
    "arms-assessments": s.new_arms,
    "risk-management-plans": s.new_rmp,
    "intelligence-checks": s.new_check,
    "outcomes": s.new_outcome,
}


def requests_for(side: Side):
    """(label, method, path, body, path for a record that does not exist) for every
    record-addressed request about `side`'s records."""
    for resource, records in DETAIL.items():
        missing = f"/api/v1/{resource}/{NO_SUCH_ID}/"
        for record in records(side):
            path = f"/api/v1/{resource}/{record.pk}/"
            yield f"GET {path}", "get", path, None, missing
            if resource in CASE_RECORDS:
                body = CASE_RECORDS[resource](record, side)
                yield f"PUT {path}", "put", path, body, missing
                for step, step_body in (("submit", {"row_version": record.row_version}), ("revise", None)):
                    yield f"POST {path}{step}/", "post", f"{path}{step}/", step_body, f"{missing}{step}/"
    for resource, body in CREATES.items():
        path = f"/api/v1/{resource}/"
        yield f"POST {path} about them", "post", path, body(side), None


def sweep(caller, side: Side) -> dict:
    client = api_client(caller)
    leaks = {}
    for label, method, path, body, missing in requests_for(side):
        response = getattr(client, method)(path, data=body, format="json")
        if missing is None:
            nothing = getattr(client, method)(path, data={**body, "offender": NO_SUCH_ID}, format="json")
        else:
            nothing = getattr(client, method)(missing, data=body, format="json")
        if response.status_code != 404 or response.content != nothing.content:
            leaks[label] = (response.status_code, response.content[:200], nothing.content[:200])
    return leaks


@pytest.fixture
def restricted(world):
    """A restricted nominal in force A's own team, managed by its OM, on nobody's list."""
    return build_side(world.a.team, restricted=True)


@pytest.mark.parametrize("role", ["offender_manager", "supervisor", "senior_leader", "admin"])
def test_another_forces_records_are_not_found_by_any_role(world, role):
    assert sweep(world.caller(role), world.b) == {}


@pytest.mark.parametrize("role", ["offender_manager", "supervisor", "senior_leader", "admin"])
def test_a_restricted_nominals_records_are_not_found_by_anyone_off_its_list(world, restricted, role):
    assert sweep(world.caller(role), restricted) == {}


@pytest.mark.parametrize("role", ["offender_manager", "supervisor", "senior_leader", "admin"])
def test_out_of_scope_teams_and_staff_are_not_found(world, role):
    client = api_client(world.caller(role))
    for path, missing in (
        (f"/api/v1/teams/{world.b.team.pk}/", f"/api/v1/teams/{NO_SUCH_ID}/"),
        (f"/api/v1/staff/{world.b.om.pk}/", f"/api/v1/staff/{NO_SUCH_ID}/"),
        (f"/api/v1/staff/{world.b.supervisor.pk}/", f"/api/v1/staff/{NO_SUCH_ID}/"),
    ):
        response = client.get(path)
        assert response.status_code == 404 and response.content == client.get(missing).content


def test_the_supervisors_review_of_another_queue_is_not_found(world):
    client = api_client(world.a.supervisor)
    for record, kind in (
        (world.b.visit_submitted, "visit"),
        (world.b.arms_submitted, "arms"),
        (world.b.rmp_submitted, "rmp"),
    ):
        response = client.post("/api/v1/reviews/", s.new_review(record, kind), format="json")
        nothing = client.post(
            "/api/v1/reviews/", {**s.new_review(record, kind), "record": NO_SUCH_ID}, format="json"
        )
        assert response.status_code == 404 and response.content == nothing.content


def test_a_supervisor_cannot_authorise_visits_to_another_forces_offender(world):
    client = api_client(world.a.supervisor)
    response = client.post("/api/v1/visit-authorisations/", s.new_authorisation(world.b), format="json")
    nothing = client.post(
        "/api/v1/visit-authorisations/",
        {**s.new_authorisation(world.b), "offender": NO_SUCH_ID},
        format="json",
    )
    assert response.status_code == 404 and response.content == nothing.content


def test_lists_filtered_by_an_out_of_scope_offender_are_empty(world, restricted):
    client = api_client(world.a.supervisor)
    for side in (world.b, restricted):
        for resource in DETAIL:
            key = "offender" if resource != "offenders" else "team"
            value = side.offender.pk if key == "offender" else side.team.pk
            rows = client.get(f"/api/v1/{resource}/", {key: value}).json()["results"]
            assert all(row.get("offender", row["id"]) != side.offender.pk for row in rows), resource


def test_nothing_out_of_scope_is_logged_as_disclosed(world, restricted):
    for role in ("offender_manager", "supervisor", "senior_leader", "admin"):
        sweep(world.caller(role), world.b)
        sweep(world.caller(role), restricted)
    disclosed = AuditEvent.objects.filter(operation=AuditOperation.DISCLOSURE)
    assert not disclosed.filter(offender_id__in=[world.b.offender.pk, restricted.offender.pk]).exists()


def test_the_restricted_nominal_is_seen_by_those_on_its_list(world, restricted):
    RestrictedViewer.objects.create(offender=restricted.offender, staff=world.a.supervisor)
    client = api_client(world.a.supervisor)
    assert client.get(f"/api/v1/offenders/{restricted.offender.pk}/").status_code == 200
    assert api_client(world.a.om).get(f"/api/v1/offenders/{restricted.offender.pk}/").status_code == 404
