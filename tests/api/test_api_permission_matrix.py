"""The permission matrix: every role × every API operation × a record in scope (force A, the
callers' own) and one out of scope (force B), with the status each cell must answer. The
expected statuses are written here by hand from the issue's rules, not computed by the code
under test:

- read scope by role (offenders.selectors): an OM reads their team, a supervisor their team and
  the caseloads they oversee, a senior leader their force, an admin no offenders;
- out of read scope → 404; readable but not writable → 403; a role that cannot do something
  at all (a review by anyone but a supervisor) → 403 whatever the record;
- only a record's author changes or submits it; anyone who works the case may revise it;
- anonymous → 401 everywhere.

Each operation runs in its own savepoint, rolled back after it, so every cell starts from the
same world.
"""

import re

import pytest
from django.db import transaction

from tests.api import support as s
from tests.api.support import World, api_client
from workforce.models import Role

pytestmark = pytest.mark.django_db

OM, SUP, SL, ADM, ANON = "offender_manager", "supervisor", "senior_leader", "admin", "anonymous"
ROLES = (OM, SUP, SL, ADM, ANON)


def _visit_change(w, side):
    return s.visit_change(side.visit_draft, side)


# name: (method, path(side), body(world, side) or None)
OPERATIONS = {
    "offenders list": ("get", lambda x: f"/api/v1/offenders/?team={x.team.pk}", None),
    "offenders retrieve": ("get", lambda x: f"/api/v1/offenders/{x.offender.pk}/", None),
    "offenders create": ("post", lambda x: "/api/v1/offenders/", lambda w, x: s.new_offender(x)),
    "visits list": ("get", lambda x: f"/api/v1/visits/?offender={x.offender.pk}", None),
    "visits retrieve": ("get", lambda x: f"/api/v1/visits/{x.visit_draft.pk}/", None),
    "visits create": ("post", lambda x: "/api/v1/visits/", lambda w, x: s.new_visit(x)),
    "visits update": ("put", lambda x: f"/api/v1/visits/{x.visit_draft.pk}/", _visit_change),
    "visits submit": (
        "post",
        lambda x: f"/api/v1/visits/{x.visit_draft.pk}/submit/",
        lambda w, x: {"row_version": 1},
    ),
    "visits revise": ("post", lambda x: f"/api/v1/visits/{x.visit_signed_off.pk}/revise/", None),
    "arms list": ("get", lambda x: f"/api/v1/arms-assessments/?offender={x.offender.pk}", None),
    "arms retrieve": ("get", lambda x: f"/api/v1/arms-assessments/{x.arms_draft.pk}/", None),
    "arms create": ("post", lambda x: "/api/v1/arms-assessments/", lambda w, x: s.new_arms(x)),
    "arms update": (
        "put",
        lambda x: f"/api/v1/arms-assessments/{x.arms_draft.pk}/",
        lambda w, x: s.arms_change(x.arms_draft),
    ),
    "arms submit": (
        "post",
        lambda x: f"/api/v1/arms-assessments/{x.arms_draft.pk}/submit/",
        lambda w, x: {"row_version": 1},
    ),
    "arms revise": ("post", lambda x: f"/api/v1/arms-assessments/{x.arms_signed_off.pk}/revise/", None),
    "rmp list": ("get", lambda x: f"/api/v1/risk-management-plans/?offender={x.offender.pk}", None),
    "rmp retrieve": ("get", lambda x: f"/api/v1/risk-management-plans/{x.rmp_draft.pk}/", None),
    "rmp create": ("post", lambda x: "/api/v1/risk-management-plans/", lambda w, x: s.new_rmp(x)),
    "rmp update": (
        "put",
        lambda x: f"/api/v1/risk-management-plans/{x.rmp_draft.pk}/",
        lambda w, x: s.rmp_change(x.rmp_draft),
    ),
    "rmp submit": (
        "post",
        lambda x: f"/api/v1/risk-management-plans/{x.rmp_draft.pk}/submit/",
        lambda w, x: {"row_version": 1},
    ),
    "rmp revise": ("post", lambda x: f"/api/v1/risk-management-plans/{x.rmp_signed_off.pk}/revise/", None),
    "reviews list": ("get", lambda x: f"/api/v1/reviews/?offender={x.offender.pk}", None),
    "reviews retrieve": ("get", lambda x: f"/api/v1/reviews/{x.review.pk}/", None),
    "reviews create": (
        "post",
        lambda x: "/api/v1/reviews/",
        lambda w, x: s.new_review(x.visit_submitted, "visit"),
    ),
    "authorisations list": ("get", lambda x: f"/api/v1/visit-authorisations/?offender={x.offender.pk}", None),
    "authorisations retrieve": ("get", lambda x: f"/api/v1/visit-authorisations/{x.authorisation.pk}/", None),
    "authorisations create": (
        "post",
        lambda x: "/api/v1/visit-authorisations/",
        lambda w, x: s.new_authorisation(x),
    ),
    "checks list": ("get", lambda x: f"/api/v1/intelligence-checks/?offender={x.offender.pk}", None),
    "checks retrieve": ("get", lambda x: f"/api/v1/intelligence-checks/{x.check.pk}/", None),
    "checks create": ("post", lambda x: "/api/v1/intelligence-checks/", lambda w, x: s.new_check(x)),
    "outcomes list": ("get", lambda x: f"/api/v1/outcomes/?offender={x.offender.pk}", None),
    "outcomes retrieve": ("get", lambda x: f"/api/v1/outcomes/{x.outcome.pk}/", None),
    "outcomes create": ("post", lambda x: "/api/v1/outcomes/", lambda w, x: s.new_outcome(x)),
    "events list": ("get", lambda x: f"/api/v1/offenders/{x.offender.pk}/events/", None),
    "events create": (
        "post",
        lambda x: f"/api/v1/offenders/{x.offender.pk}/events/",
        lambda w, x: {"kind": "wanted", "occurred_on": s.iso(s.days_ago(1))},
    ),
    "due": ("get", lambda x: f"/api/v1/offenders/{x.offender.pk}/due/", None),
    "management mode": (
        "post",
        lambda x: f"/api/v1/offenders/{x.offender.pk}/management-mode/",
        lambda w, x: {"mode": "reactive", "reason": "Low risk and compliant for years."},
    ),
    "annual checks": (
        "post",
        lambda x: f"/api/v1/offenders/{x.offender.pk}/annual-checks/",
        lambda w, x: {
            "checked_on": s.iso(s.days_ago(1)),
            "results": dict.fromkeys(("pnd", "pnc", "visor", "local"), "no_trace"),
        },
    ),
    "reassign": (
        "post",
        lambda x: f"/api/v1/offenders/{x.offender.pk}/reassign/",
        lambda w, x: {"offender_manager": x.colleague.pk, "reason": "Balancing the team's caseloads"},
    ),
    "probation assessments list": (
        "get",
        lambda x: f"/api/v1/offenders/{x.offender.pk}/probation-assessments/",
        None,
    ),
    "probation assessments create": (
        "post",
        lambda x: f"/api/v1/offenders/{x.offender.pk}/probation-assessments/",
        lambda w, x: {"risk_level": "high", "assessed_on": s.iso(s.days_ago(5)), "source": "OASys RoSH"},
    ),
    "condition checks create": (
        "post",
        lambda x: f"/api/v1/offenders/{x.offender.pk}/condition-checks/",
        lambda w, x: {"condition": x.condition.pk, "checked_on": s.iso(s.days_ago(1)), "result": "complied"},
    ),
    "later review create": (
        "post",
        lambda x: f"/api/v1/risk-management-plans/{x.rmp_submitted.pk}/authorise-later-review/",
        lambda w, x: {"reason": "Stable for years; the multi-agency meeting agreed a later review."},
    ),
    "teams list": ("get", lambda x: "/api/v1/teams/", None),
    "teams retrieve": ("get", lambda x: f"/api/v1/teams/{x.team.pk}/", None),
    "staff list": ("get", lambda x: f"/api/v1/staff/?team={x.team.pk}", None),
    "staff retrieve": ("get", lambda x: f"/api/v1/staff/{x.om.pk}/", None),
    "dashboard": ("get", lambda x: f"/api/v1/dashboard/?scope=team:{x.team.pk}", None),
}

# operation: {scope: (OM, SUP, SL, ADM, ANON)}
MATRIX = {
    "offenders list": {"in": (200, 200, 200, 200, 401), "out": (200, 200, 200, 200, 401)},
    "offenders retrieve": {"in": (200, 200, 200, 404, 401), "out": (404, 404, 404, 404, 401)},
    # Registration is a supervisor's; out of scope the team and OM are not theirs to choose.
    "offenders create": {"in": (403, 201, 403, 403, 401), "out": (403, 400, 403, 403, 401)},
    "visits list": {"in": (200, 200, 200, 200, 401), "out": (200, 200, 200, 200, 401)},
    "visits retrieve": {"in": (200, 200, 200, 404, 401), "out": (404, 404, 404, 404, 401)},
    "visits create": {"in": (201, 201, 403, 404, 401), "out": (404, 404, 404, 404, 401)},
    # The OM wrote the draft: only they change or submit it.
    "visits update": {"in": (200, 403, 403, 404, 401), "out": (404, 404, 404, 404, 401)},
    "visits submit": {"in": (200, 403, 403, 404, 401), "out": (404, 404, 404, 404, 401)},
    "visits revise": {"in": (201, 201, 403, 404, 401), "out": (404, 404, 404, 404, 401)},
    "arms list": {"in": (200, 200, 200, 200, 401), "out": (200, 200, 200, 200, 401)},
    "arms retrieve": {"in": (200, 200, 200, 404, 401), "out": (404, 404, 404, 404, 401)},
    "arms create": {"in": (201, 201, 403, 404, 401), "out": (404, 404, 404, 404, 401)},
    "arms update": {"in": (200, 403, 403, 404, 401), "out": (404, 404, 404, 404, 401)},
    "arms submit": {"in": (200, 403, 403, 404, 401), "out": (404, 404, 404, 404, 401)},
    "arms revise": {"in": (201, 201, 403, 404, 401), "out": (404, 404, 404, 404, 401)},
    "rmp list": {"in": (200, 200, 200, 200, 401), "out": (200, 200, 200, 200, 401)},
    "rmp retrieve": {"in": (200, 200, 200, 404, 401), "out": (404, 404, 404, 404, 401)},
    "rmp create": {"in": (201, 201, 403, 404, 401), "out": (404, 404, 404, 404, 401)},
    "rmp update": {"in": (200, 403, 403, 404, 401), "out": (404, 404, 404, 404, 401)},
    "rmp submit": {"in": (200, 403, 403, 404, 401), "out": (404, 404, 404, 404, 401)},
    "rmp revise": {"in": (201, 201, 403, 404, 401), "out": (404, 404, 404, 404, 401)},
    "reviews list": {"in": (200, 200, 200, 200, 401), "out": (200, 200, 200, 200, 401)},
    "reviews retrieve": {"in": (200, 200, 200, 404, 401), "out": (404, 404, 404, 404, 401)},
    # Reviewing is a supervisor's, of records in their queue.
    "reviews create": {"in": (403, 201, 403, 403, 401), "out": (403, 404, 403, 403, 401)},
    "authorisations list": {"in": (200, 200, 200, 200, 401), "out": (200, 200, 200, 200, 401)},
    "authorisations retrieve": {"in": (200, 200, 200, 404, 401), "out": (404, 404, 404, 404, 401)},
    "authorisations create": {"in": (403, 201, 403, 403, 401), "out": (403, 404, 403, 403, 401)},
    "checks list": {"in": (200, 200, 200, 200, 401), "out": (200, 200, 200, 200, 401)},
    "checks retrieve": {"in": (200, 200, 200, 404, 401), "out": (404, 404, 404, 404, 401)},
    "checks create": {"in": (201, 201, 403, 404, 401), "out": (404, 404, 404, 404, 401)},
    "outcomes list": {"in": (200, 200, 200, 200, 401), "out": (200, 200, 200, 200, 401)},
    "outcomes retrieve": {"in": (200, 200, 200, 404, 401), "out": (404, 404, 404, 404, 401)},
    "outcomes create": {"in": (201, 201, 403, 404, 401), "out": (404, 404, 404, 404, 401)},
    # The life course: read like the record; events recorded by whoever works the case.
    "events list": {"in": (200, 200, 200, 404, 401), "out": (404, 404, 404, 404, 401)},
    "events create": {"in": (201, 201, 403, 404, 401), "out": (404, 404, 404, 404, 401)},
    "due": {"in": (200, 200, 200, 404, 401), "out": (404, 404, 404, 404, 401)},
    # Management mode and reassignment are a supervisor's decisions; the world's offender does
    # not meet the reactive criteria, so the supervisor's request is refused with them (400).
    "management mode": {"in": (403, 400, 403, 404, 401), "out": (404, 404, 404, 404, 401)},
    "annual checks": {"in": (201, 201, 403, 404, 401), "out": (404, 404, 404, 404, 401)},
    "reassign": {"in": (403, 200, 403, 404, 401), "out": (404, 404, 404, 404, 401)},
    "probation assessments list": {"in": (200, 200, 200, 404, 401), "out": (404, 404, 404, 404, 401)},
    "probation assessments create": {"in": (201, 201, 403, 404, 401), "out": (404, 404, 404, 404, 401)},
    "condition checks create": {"in": (201, 201, 403, 404, 401), "out": (404, 404, 404, 404, 401)},
    # Authorising a later RMP review is a supervisor's.
    "later review create": {"in": (403, 201, 403, 404, 401), "out": (404, 404, 404, 404, 401)},
    # Teams and staff: a supervisor's and a senior leader's (teams_visible_to), and an offender
    # manager's own team and colleagues.
    "teams list": {"in": (200, 200, 200, 200, 401), "out": (200, 200, 200, 200, 401)},
    "teams retrieve": {"in": (200, 200, 200, 404, 401), "out": (404, 404, 404, 404, 401)},
    "staff list": {"in": (200, 200, 200, 200, 401), "out": (200, 200, 200, 200, 401)},
    "staff retrieve": {"in": (200, 200, 200, 404, 401), "out": (404, 404, 404, 404, 401)},
    # Dashboards are a supervisor's and a senior leader's.
    "dashboard": {"in": (403, 200, 200, 403, 401), "out": (403, 404, 404, 403, 401)},
}

# Lists that are not a paginated list of offenders' records (the life course lists are the
# record's own; teams and staff are not about offenders).
NOT_OFFENDER_LISTS = ("teams list", "staff list", "events list", "probation assessments list")

# What each role's list shows of the in-scope record's offender (the out-of-scope lists are empty).
LIST_SEES_IN_SCOPE = {OM: True, SUP: True, SL: True, ADM: False, ANON: False}


def test_the_matrix_covers_every_operation_of_the_schema(world):
    schema = api_client(world.a.om).get("/api/schema/?format=json").json()
    operations = {
        (method, path)
        for path, methods in schema["paths"].items()
        for method in methods
        if method != "parameters"
    }
    covered = set()
    for method, path, _ in OPERATIONS.values():
        concrete = path(world.a).split("?")[0]
        for schema_method, schema_path in operations:
            pattern = schema_path.replace("{id}", "[0-9]+")
            if schema_method == method and re.fullmatch(pattern, concrete):
                covered.add((schema_method, schema_path))
    assert covered == operations
    assert set(MATRIX) == set(OPERATIONS)


@pytest.mark.parametrize("scope", ["in", "out"])
@pytest.mark.parametrize("role", ROLES)
def test_every_operation_answers_as_the_matrix_says(world: World, role, scope):
    caller = world.caller(role)
    client = api_client(caller)
    side = world.a if scope == "in" else world.b
    wrong = {}
    for name, (method, path, body) in OPERATIONS.items():
        expected = MATRIX[name][scope][ROLES.index(role)]
        with transaction.atomic():
            kwargs = {"format": "json"}
            if body is not None:
                kwargs["data"] = body(world, side)
            response = getattr(client, method)(path(side), **kwargs)
            if response.status_code != expected:
                wrong[name] = (expected, response.status_code, response.content[:200])
            elif (
                expected == 200
                and name.endswith("list")
                and response.json().__class__ is dict
                and name
                not in (
                    "teams list",
                    "staff list",
                )
            ):
                listed = response.json()["count"] > 0
                should_see = scope == "in" and LIST_SEES_IN_SCOPE[role]
                if listed != should_see:
                    wrong[name] = ("listed" if should_see else "empty", response.json()["count"])
            transaction.set_rollback(True)
    assert not wrong, wrong


def test_no_operation_deletes_or_patches(world):
    client = api_client(world.a.om)
    for path in (
        f"/api/v1/offenders/{world.a.offender.pk}/",
        f"/api/v1/visits/{world.a.visit_draft.pk}/",
        f"/api/v1/arms-assessments/{world.a.arms_draft.pk}/",
        f"/api/v1/risk-management-plans/{world.a.rmp_draft.pk}/",
        f"/api/v1/reviews/{world.a.review.pk}/",
        f"/api/v1/visit-authorisations/{world.a.authorisation.pk}/",
        f"/api/v1/intelligence-checks/{world.a.check.pk}/",
        f"/api/v1/outcomes/{world.a.outcome.pk}/",
    ):
        assert s.assert_error(client.delete(path), 405, "method_not_allowed")
        assert s.assert_error(client.patch(path, {}, format="json"), 405, "method_not_allowed")
    schema = client.get("/api/schema/?format=json").json()
    assert not [path for path, methods in schema["paths"].items() if {"delete", "patch"} & set(methods)]


def test_roles_are_the_four_the_issue_names():
    assert {role for role, _ in Role.choices} == {OM, SUP, SL, ADM}
