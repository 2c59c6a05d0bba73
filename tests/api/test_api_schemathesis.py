"""schemathesis against the project's own OpenAPI schema, loaded from /api/schema/ through the
WSGI application itself (no server, no network):

- authenticated as a supervisor's integration, with the two-force world seeded, every
  operation runs with generated requests — half of them aimed at real records (in scope and
  out of scope, in every workflow state) so the services and scope checks are exercised, not
  only the 404 path — and must answer no 5xx, only statuses the schema lists, JSON, and bodies
  that match the schema;
- unauthenticated, every operation must answer 401 or 403, in the schema's error format.

The WSGI calls run in the test's own transaction: Django closes a connection whose
transaction is open at each request's start and end, so that hook is disconnected for the
run (as Django's own test client does).
"""

import re
from collections import Counter

import pytest
import schemathesis
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from kit.api_defaults import issue_token
from rules.choices import WorkflowStatus
from tests import factories
from tests.api.support import REVIEW, World
from tests.dates import days_ago

pytestmark = pytest.mark.django_db

AUTHENTICATED_EXAMPLES = 15
ANONYMOUS_EXAMPLES = 4
BASE_URL = "https://localhost"
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
PLAUSIBLE_DATES = [days_ago(1), days_ago(30), days_ago(0), days_ago(-60)]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def app():
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def real_ids(world: World) -> dict[str, list]:
    """Ids of real records for each resource (the first side's in scope, the second's not), and
    values for the body fields that name records or people (in scope more often than not)."""
    a, b = world.a, world.b
    ids: dict[str, list] = {}
    for side in (a, b):
        for resource, records in {
            "offenders": [side.offender],
            "visits": [side.visit_draft, side.visit_submitted, side.visit_signed_off],
            "arms-assessments": [side.arms_draft, side.arms_submitted, side.arms_signed_off],
            "risk-management-plans": [side.rmp_draft, side.rmp_submitted, side.rmp_signed_off],
            "reviews": [side.review],
            "visit-authorisations": [side.authorisation],
            "intelligence-checks": [side.check],
            "outcomes": [side.outcome],
            "notifications": [side.notification],
            "teams": [side.team],
            "staff": [side.om, side.colleague, side.supervisor],
        }.items():
            ids.setdefault(resource, []).extend(record.pk for record in records)
    ids.update(
        {
            "body:offender": [a.offender.pk, a.offender.pk, a.offender.pk, b.offender.pk],
            "body:team": [a.team.pk, a.team.pk, b.team.pk],
            "body:offender_manager": [a.om.pk, a.colleague.pk, b.om.pk],
            "body:co_attending_officer": [a.om.pk, a.colleague.pk, b.om.pk, None],
            "body:authorisation": [a.authorisation.pk, b.authorisation.pk, None, None],
            "body:crew_size": [2, 2, 1],
            "body:announced": [False, False, True],
            "body:intelligence_submitted": [False],
            "body:device_findings": [[]],
            "body:row_version": [1, 2],
            "body:condition": [a.condition.pk, b.condition.pk],
            "body:order": [None],
        }
    )
    return ids


def aim_at_real_records(case, ids: dict[str, list], pick) -> None:
    """Point a generated request at real records — the path's id, and the body's offender,
    record and people — with dates the services accept, so that writes get past validation
    into the services (and their answers are checked too); everything else stays as generated."""
    resource = case.operation.path.split("/")[3]
    if "id" in (case.path_parameters or {}):
        case.path_parameters["id"] = pick(ids[resource])
    if not isinstance(case.body, dict):
        return
    if case.operation.path in ("/api/v1/visits/", "/api/v1/visits/{id}/"):
        # Who attended decides whether a visit is valid at all: always choose it.
        for field in ("crew_size", "co_attending_officer", "authorisation"):
            case.body.setdefault(field, None)
    for field, value in list(case.body.items()):
        if f"body:{field}" in ids:
            case.body[field] = pick(ids[f"body:{field}"])
        elif isinstance(value, str) and DATE.fullmatch(value):
            case.body[field] = pick(PLAUSIBLE_DATES).isoformat()
    if "text" in case.body:
        case.body["text"] = pick([case.body["text"], REVIEW])
    if "record" in case.body:
        kind = {"arms": "arms-assessments", "rmp": "risk-management-plans"}.get(
            case.body.get("record_kind"), "visits"
        )
        case.body["record"] = pick(ids[kind])


def run_every_operation(schema, *, examples: int, headers: dict, extra_check=None, ids=None):
    """Run each operation's generated cases; return (operations, examples run, statuses seen,
    failures)."""
    operations, failures, counted, statuses, created = 0, {}, [0], Counter(), Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @settings(
            max_examples=examples,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(), data=st.data())
        def call(case, data):
            counted[0] += 1
            if ids is not None and data.draw(st.booleans(), label="aim at real records"):
                aim_at_real_records(case, ids, lambda pool: data.draw(st.sampled_from(pool)))
            cache.clear()  # the rate limit is tested elsewhere
            response = case.call(base_url=BASE_URL, headers=headers)
            statuses[response.status_code] += 1
            if response.status_code in (200, 201) and case.method != "GET":
                created[case.operation.label] += 1
            case.validate_response(response, checks=CHECKS, headers=headers)
            if extra_check is not None:
                extra_check(case, response)

        try:
            call()
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as failure:  # noqa: BLE001 - schemathesis raises exception groups; report all
            failures[operation.label] = str(failure)[:2000]
    print(f"writes that succeeded: {sorted(created.items())}")
    return operations, counted[0], statuses, failures


def test_every_operation_conforms_to_the_schema_and_never_fails_on_the_server(world, app):
    a = world.a
    # Drafts of the caller's own, so that changing and submitting can succeed too.
    draft = {
        "offender": a.offender,
        "author": a.supervisor,
        "status": WorkflowStatus.DRAFT,
        "submitted_on": None,
    }
    own = [
        factories.VisitFactory(visited_on=days_ago(2), co_attending_officer=a.om, **draft),
        factories.ArmsAssessmentFactory(assessed_on=days_ago(2), **draft),
        factories.RiskManagementPlanFactory(written_on=days_ago(2), next_review_on=days_ago(-100), **draft),
    ]
    ids = real_ids(world)
    for record, resource in zip(own, ("visits", "arms-assessments", "risk-management-plans"), strict=True):
        ids[resource] += [record.pk] * 3
    key = issue_token(world.a.supervisor)
    headers = {"Authorization": f"Token {key}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", app, headers=headers)
    operations, examples, statuses, failures = run_every_operation(
        schema, examples=AUTHENTICATED_EXAMPLES, headers=headers, ids=ids
    )
    print(
        f"schemathesis, authenticated: {operations} operations, {examples} examples, "
        f"{len(failures)} failures; statuses {sorted(statuses.items())}"
    )
    assert operations == 51
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())


def test_every_operation_refuses_an_anonymous_caller(world, app):
    key = issue_token(world.a.supervisor)
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", app, headers={"Authorization": f"Token {key}"}
    )

    def refused(case, response):
        assert response.status_code in (401, 403), (case.operation.label, response.status_code)

    operations, examples, statuses, failures = run_every_operation(
        schema, examples=ANONYMOUS_EXAMPLES, headers={}, extra_check=refused
    )
    print(
        f"schemathesis, anonymous: {operations} operations, {examples} examples, "
        f"{len(failures)} failures; statuses {sorted(statuses.items())}"
    )
    assert operations == 51
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())
