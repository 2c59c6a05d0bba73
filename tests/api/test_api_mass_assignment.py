"""The mass-assignment probe: every write operation, sent a valid body plus one field it does
not accept — an owner, a workflow state, a computed figure, an account flag, an id — refuses
the request (400, naming the field) and changes nothing in the database. The valid body alone
is then accepted, so the refusal is the extra field's doing.

The API rejects unknown fields rather than ignoring them (kit.api.StrictInput): a
client that believes it set `status` learns at once that it did not.
"""

import pytest
from django.db import transaction
from rest_framework.authtoken.models import Token

from offenders.models import (
    AuditEvent,
    ConditionCheck,
    IntelligenceCheck,
    LifeEvent,
    ManagementModeChange,
    Offender,
    OffenderAssignment,
    Order,
    OrderCondition,
    Outcome,
    ProbationAssessment,
)
from risk.models import ArmsAssessment, PlanReviewAuthorisation, RiskManagementPlan, SupervisorReview
from tests import factories
from tests.api import support as s
from tests.api.support import api_client, iso
from tests.dates import days_ago
from visits.models import DeviceInspection, Visit, VisitAuthorisation
from workforce.models import Staff

pytestmark = pytest.mark.django_db

WATCHED = [
    Offender,
    OffenderAssignment,
    Visit,
    DeviceInspection,
    ArmsAssessment,
    RiskManagementPlan,
    SupervisorReview,
    VisitAuthorisation,
    IntelligenceCheck,
    Outcome,
    AuditEvent,
    Token,
    LifeEvent,
    Order,
    OrderCondition,
    ConditionCheck,
    ProbationAssessment,
    ManagementModeChange,
    PlanReviewAuthorisation,
]


def database():
    """Every row the API could write, with every value."""
    state = {model.__name__: list(model.objects.order_by("pk").values_list()) for model in WATCHED}
    state["Staff"] = list(
        Staff.objects.order_by("pk").values_list(
            "pk",
            "role",
            "team_id",
            "force_id",
            "supervisor_id",
            "is_staff",
            "is_superuser",
            "is_active",
            "password",
        )
    )
    return state


def forbidden_fields(world) -> dict:
    """Fields no write operation accepts (unless listed in its own body), with plausible values."""
    a, b = world.a, world.b
    return {
        "id": 424242,
        "pk": 424242,
        "author": b.om.pk,
        "updated_by": b.om.pk,
        "status": "signed_off",
        "submitted_on": iso(days_ago(1)),
        "version": 9,
        "row_version": 1,
        "supersedes": a.visit_signed_off.pk,
        "superseded_by": a.visit_submitted.pk,
        "created_at": "2020-01-01T00:00:00Z",
        "updated_at": "2020-01-01T00:00:00Z",
        "signed_off_by": a.supervisor.pk,
        "reviewer": a.supervisor.pk,
        "reviewed_on": iso(days_ago(1)),
        "offender": b.offender.pk,
        "offender_manager": b.om.pk,
        "team": b.team.pk,
        "force": b.team.force_id,
        "risk_level": "very_high",
        "lead_agency": "probation",
        "police_lead_since": iso(days_ago(3)),
        "notification_indefinite": True,
        "notification_period_months": 1,
        "notification_ends_on": "2099-01-01",
        "is_restricted": True,
        "management_mode": "reactive",
        "reactive_since": iso(days_ago(3)),
        "is_staff": True,
        "is_superuser": True,
        "is_active": False,
        "role": "admin",
        "checked_by": b.om.pk,
        "recorded_by": b.om.pk,
        "authorised_by": b.supervisor.pk,
        "authorised_on": iso(days_ago(30)),
        "is_exception": False,
        "is_compliant": True,
        "device_inspections": [],
        "password": "pbkdf2_sha256$1$x$y",
    }


# name: (caller, path, valid body, fields it accepts beyond those in the valid body)
def operations(world):
    a = world.a
    reactive = factories.OffenderFactory(
        team=a.team, offender_manager=a.om, management_mode="reactive", reactive_since=days_ago(30)
    )
    condition = factories.OrderFactory(
        offender=a.offender, starts_on=days_ago(100), ends_on=None
    ).conditions.create(kind="prohibition", text="Not to use any device not registered with police")
    offender = f"/api/v1/offenders/{a.offender.pk}"
    return {
        "events create": (
            a.om,
            f"{offender}/events/",
            {"kind": "wanted", "occurred_on": iso(days_ago(1))},
            set(),
        ),
        "management mode create": (
            a.supervisor,
            f"/api/v1/offenders/{reactive.pk}/management-mode/",
            {"mode": "active", "reason": "New intelligence about contact with children."},
            set(),
        ),
        "annual checks create": (
            a.om,
            f"{offender}/annual-checks/",
            {
                "checked_on": iso(days_ago(1)),
                "results": dict.fromkeys(("pnd", "pnc", "visor", "local"), "no_trace"),
            },
            set(),
        ),
        "reassign create": (
            a.supervisor,
            f"{offender}/reassign/",
            {"offender_manager": a.colleague.pk, "reason": "Balancing the team's caseloads"},
            set(),
        ),
        "probation assessments create": (
            a.om,
            f"{offender}/probation-assessments/",
            {"risk_level": "high", "assessed_on": iso(days_ago(5)), "source": "OASys RoSH"},
            set(),
        ),
        "condition checks create": (
            a.om,
            f"{offender}/condition-checks/",
            {"condition": condition.pk, "checked_on": iso(days_ago(1)), "result": "complied"},
            set(),
        ),
        "later review create": (
            a.supervisor,
            f"/api/v1/risk-management-plans/{a.rmp_submitted.pk}/authorise-later-review/",
            {"reason": "Stable for years; the multi-agency meeting agreed an annual review instead."},
            set(),
        ),
        "offenders create": (a.supervisor, "/api/v1/offenders/", s.new_offender(a), {"status"}),
        "visits create": (a.om, "/api/v1/visits/", s.new_visit(a), set()),
        "visits update": (
            a.om,
            f"/api/v1/visits/{a.visit_draft.pk}/",
            s.visit_change(a.visit_draft, a),
            set(),
        ),
        "visits submit": (a.om, f"/api/v1/visits/{a.visit_draft.pk}/submit/", {"row_version": 1}, set()),
        "visits revise": (a.om, f"/api/v1/visits/{a.visit_signed_off.pk}/revise/", {}, set()),
        "arms create": (a.om, "/api/v1/arms-assessments/", s.new_arms(a), set()),
        "arms update": (
            a.om,
            f"/api/v1/arms-assessments/{a.arms_draft.pk}/",
            s.arms_change(a.arms_draft),
            set(),
        ),
        "arms submit": (
            a.om,
            f"/api/v1/arms-assessments/{a.arms_draft.pk}/submit/",
            {"row_version": 1},
            set(),
        ),
        "arms revise": (a.om, f"/api/v1/arms-assessments/{a.arms_signed_off.pk}/revise/", {}, set()),
        "rmp create": (a.om, "/api/v1/risk-management-plans/", s.new_rmp(a), set()),
        "rmp update": (
            a.om,
            f"/api/v1/risk-management-plans/{a.rmp_draft.pk}/",
            s.rmp_change(a.rmp_draft),
            set(),
        ),
        "rmp submit": (
            a.om,
            f"/api/v1/risk-management-plans/{a.rmp_draft.pk}/submit/",
            {"row_version": 1},
            set(),
        ),
        "rmp revise": (a.om, f"/api/v1/risk-management-plans/{a.rmp_signed_off.pk}/revise/", {}, set()),
        "reviews create": (a.supervisor, "/api/v1/reviews/", s.new_review(a.visit_submitted, "visit"), set()),
        "authorisations create": (
            a.supervisor,
            "/api/v1/visit-authorisations/",
            s.new_authorisation(a),
            set(),
        ),
        "checks create": (a.om, "/api/v1/intelligence-checks/", s.new_check(a), set()),
        "notifications create": (a.om, "/api/v1/notifications/", s.new_notification(a), set()),
        "outcomes create": (a.om, "/api/v1/outcomes/", s.new_outcome(a), set()),
    }


METHOD = {"update": "put"}


def send(client, name, path, body):
    method = METHOD.get(name.rsplit(" ", 1)[1], "post")
    return getattr(client, method)(path, body, format="json")


def test_every_write_operation_refuses_every_forbidden_field_and_changes_nothing(world):
    forbidden = forbidden_fields(world)
    accepted = {}
    for name, (caller, path, body, also_accepted) in operations(world).items():
        client = api_client(caller)
        before = database()
        for field, value in forbidden.items():
            if field in body or field in also_accepted:
                continue
            response = send(client, name, path, {**body, field: value})
            if response.status_code != 400 or field not in response.json()["errors"]:
                accepted[(name, field)] = (response.status_code, response.content[:200])
        everything = {
            field: value
            for field, value in forbidden.items()
            if field not in body | dict.fromkeys(also_accepted)
        }
        response = send(client, name, path, {**body, **everything})
        assert response.status_code == 400 and set(everything) <= set(response.json()["errors"]), name
        assert database() == before, f"{name} changed the database"
        with transaction.atomic():
            control = send(client, name, path, body)
            assert control.status_code in (200, 201), (name, control.content[:300])
            transaction.set_rollback(True)
    assert not accepted, accepted


def test_a_forbidden_field_inside_a_device_finding_is_refused(world):
    a = world.a
    phone = factories.RegisteredDeviceFactory(offender=a.offender)
    client = api_client(a.om)
    before = database()
    body = {**s.new_visit(a), "device_findings": [{"device": phone.pk, "finding": "concerns", "visit": 1}]}
    error = s.assert_error(client.post("/api/v1/visits/", body, format="json"), 400, "invalid")
    assert "device_findings.0.visit" in error["errors"]
    assert database() == before


def test_a_successful_write_sets_owner_and_workflow_itself(world):
    """What the forbidden fields would have set is set by the services: the caller is the
    author, a new record is a draft of version 1, a review's reviewer is the caller."""
    a = world.a
    visit = api_client(a.om).post("/api/v1/visits/", s.new_visit(a), format="json").json()
    assert (visit["author"]["id"], visit["status"], visit["version"], visit["row_version"]) == (
        a.om.pk,
        "draft",
        1,
        1,
    )
    assert visit["submitted_on"] is None and visit["updated_by"] is None
    review = api_client(a.supervisor).post(
        "/api/v1/reviews/", s.new_review(a.arms_submitted, "arms"), format="json"
    )
    assert review.json()["reviewer"]["id"] == a.supervisor.pk
    offender = api_client(a.supervisor).post("/api/v1/offenders/", s.new_offender(a), format="json").json()
    assert (offender["risk_level"], offender["is_restricted"], offender["management_mode"]) == (
        None,
        False,
        "active",
    )
