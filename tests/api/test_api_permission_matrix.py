"""The permission matrix: every role × every API operation × a record in scope (force A, the
callers' own) and one out of scope (force B), with the status each cell must answer. The
expected statuses are generated from the one permission table (`workforce.permissions.
PERMISSIONS`: which roles may take each action, and on what) and the world's scope, stated
once below (`expected`):

- anonymous → 401 everywhere;
- what the caller cannot read → 404 (read scope by role, offenders.selectors: an OM reads their
  team, a supervisor their team and the caseloads they oversee, a senior leader their force, an
  admin no offenders);
- readable, but the table refuses the caller the action (their role; a case they do not work;
  a review not in their queue; a record they did not write, for changing or submitting) → 403;
- otherwise the operation's own answer.

That the table itself says what the rules say is pinned by hand in tests/test_permissions.py.
Each operation runs in its own savepoint, rolled back after it, so every cell starts from the
same world.
"""

import re
from dataclasses import dataclass

import pytest
from django.db import transaction

from tests.api import support as s
from tests.api.support import World, api_client
from workforce.models import Role
from workforce.permissions import PERMISSIONS, Action, Scope

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
    "notifications list": ("get", lambda x: f"/api/v1/notifications/?offender={x.offender.pk}", None),
    "notifications retrieve": ("get", lambda x: f"/api/v1/notifications/{x.notification.pk}/", None),
    "notifications create": ("post", lambda x: "/api/v1/notifications/", lambda w, x: s.new_notification(x)),
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


# What each operation is, beside its request: the action the permission table decides it by
# (None: a read), what it names that the caller must be able to read (an offender or record in
# the path or body; None for lists, registrations and dashboards), whether only the record's
# author may take it, its answer when allowed, and, for an operation naming nothing, its answer
# outside the caller's scope.
@dataclass(frozen=True)
class Op:
    action: Action | None = None
    names_target: bool = True
    author_only: bool = False
    allowed: int = 200
    out_of_scope: int = 404


READ, LIST = Op(), Op(names_target=False)
RECORD_NEW = Op(Action.RECORD, allowed=201)
RULES = {
    "offenders list": LIST,
    "offenders retrieve": READ,
    # The team is a field of the body: another force's team is refused as invalid input.
    "offenders create": Op(Action.REGISTER, names_target=False, allowed=201, out_of_scope=400),
    "visits list": LIST,
    "visits retrieve": READ,
    "visits create": RECORD_NEW,
    "visits update": Op(Action.RECORD, author_only=True),
    "visits submit": Op(Action.SUBMIT, author_only=True),
    # Revised by its author or the offender's OM (in this world both are the OM): not the supervisor.
    "visits revise": Op(Action.REVISE, author_only=True, allowed=201),
    "arms list": LIST,
    "arms retrieve": READ,
    "arms create": RECORD_NEW,
    "arms update": Op(Action.RECORD, author_only=True),
    "arms submit": Op(Action.SUBMIT, author_only=True),
    "arms revise": Op(Action.REVISE, author_only=True, allowed=201),
    "rmp list": LIST,
    "rmp retrieve": READ,
    "rmp create": RECORD_NEW,
    "rmp update": Op(Action.RECORD, author_only=True),
    "rmp submit": Op(Action.SUBMIT, author_only=True),
    "rmp revise": Op(Action.REVISE, author_only=True, allowed=201),
    "reviews list": LIST,
    "reviews retrieve": READ,
    "reviews create": Op(Action.REVIEW, allowed=201),
    "authorisations list": LIST,
    "authorisations retrieve": READ,
    "authorisations create": Op(Action.AUTHORISE_VISIT, allowed=201),
    "checks list": LIST,
    "checks retrieve": READ,
    "checks create": RECORD_NEW,
    "notifications list": LIST,
    "notifications retrieve": READ,
    "notifications create": RECORD_NEW,
    "outcomes list": LIST,
    "outcomes retrieve": READ,
    "outcomes create": RECORD_NEW,
    "events list": READ,
    "events create": RECORD_NEW,
    "due": READ,
    # The world's offender does not meet the reactive criteria: the decision is refused with them.
    "management mode": Op(Action.SET_MANAGEMENT_MODE, allowed=400),
    "annual checks": RECORD_NEW,
    "reassign": Op(Action.REASSIGN),
    "probation assessments list": READ,
    "probation assessments create": RECORD_NEW,
    "condition checks create": RECORD_NEW,
    "later review create": Op(Action.AUTHORISE_LATER_REVIEW, allowed=201),
    "teams list": LIST,
    "teams retrieve": READ,
    "staff list": LIST,
    "staff retrieve": READ,
    "dashboard": Op(Action.VIEW_DASHBOARDS, names_target=False),
}

# The world, from the callers' side (tests.api.support): who reads force A's offender, team and
# staff (an admin reads no offenders); who works the offender's case (their OM, and the
# supervisor who oversees the OM); who wrote the records (the OM); whose review queue holds
# them (that supervisor's). Nobody reads force B's.
READERS = {OM, SUP, SL}
WORKS_THE_CASE = {OM, SUP}
AUTHOR = OM
REVIEWS_THEM = {SUP}


def expected(name: str, role: str, scope: str) -> int:
    """The answer the permission table and the world's scope give: 401 without credentials;
    404 for what the caller cannot read; 403 when the table refuses them the action (their
    role, a case they do not work, a review that is not theirs, a record that is not their
    own); otherwise the operation's own answer."""
    op = RULES[name]
    if role == ANON:
        return 401
    readable = scope == "in" and role in READERS
    if op.action is None:
        return 200 if readable or not op.names_target else 404
    permission = PERMISSIONS[op.action]
    if not op.names_target:
        if role not in permission.roles:
            return 403
        return op.allowed if scope == "in" else op.out_of_scope
    if not readable:
        return 404
    refused = (
        role not in permission.roles
        or (permission.scope == Scope.CASE and role not in WORKS_THE_CASE)
        or (permission.scope == Scope.REVIEW_QUEUE and role not in REVIEWS_THEM)
        or (op.author_only and role != AUTHOR)
    )
    return 403 if refused else op.allowed


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
    assert set(RULES) == set(OPERATIONS)


@pytest.mark.parametrize("scope", ["in", "out"])
@pytest.mark.parametrize("role", ROLES)
def test_every_operation_answers_as_the_matrix_says(world: World, role, scope):
    caller = world.caller(role)
    client = api_client(caller)
    side = world.a if scope == "in" else world.b
    wrong = {}
    for name, (method, path, body) in OPERATIONS.items():
        expected_status = expected(name, role, scope)
        with transaction.atomic():
            kwargs = {"format": "json"}
            if body is not None:
                kwargs["data"] = body(world, side)
            response = getattr(client, method)(path(side), **kwargs)
            if response.status_code != expected_status:
                wrong[name] = (expected_status, response.status_code, response.content[:200])
            elif (
                expected_status == 200
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
        f"/api/v1/notifications/{world.a.notification.pk}/",
    ):
        assert s.assert_error(client.delete(path), 405, "method_not_allowed")
        assert s.assert_error(client.patch(path, {}, format="json"), 405, "method_not_allowed")
    schema = client.get("/api/schema/?format=json").json()
    assert not [path for path, methods in schema["paths"].items() if {"delete", "patch"} & set(methods)]


def test_roles_are_the_four_the_issue_names():
    assert {role for role, _ in Role.choices} == {OM, SUP, SL, ADM}
