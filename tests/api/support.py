"""What the API tests share. A small world: two forces, each with a team, its supervisor, an offender
manager and a colleague, and one offender with a record of every kind in every workflow state
that matters (draft, submitted, signed off). Force A's staff are the callers; force B's
records are out of everyone's scope.
"""

import datetime
from dataclasses import dataclass

from rest_framework.test import APIClient

from kit.api_defaults import issue_token
from offenders.models import IntelligenceCheck, Offender, OrderCondition, Outcome, RegistrationNotification
from risk.models import ArmsAssessment, RiskManagementPlan, SupervisorReview
from rules.choices import WorkflowStatus
from tests import factories
from tests.dates import days_ago, today
from visits.models import Visit, VisitAuthorisation
from workforce.models import Role, Staff, Team

REVIEW = (
    "Visit double crewed and unannounced as planned. Phone inspected under the SHPO with no "
    "concerns; next visit to confirm the new address details with the landlord."
)
RATIONALE = "Second officer unavailable; the offender is low risk and compliant at recent visits."


def iso(day: datetime.date) -> str:
    return day.isoformat()


def api_client(user: Staff | None = None) -> APIClient:
    """A client calling as `user`'s integration (a token), or anonymously."""
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user)}")
    return client


def _signed_off(factory, review_field: str, supervisor, **fields):
    record = factory(status=WorkflowStatus.SIGNED_OFF, **fields)
    factories.SupervisorReviewFactory(
        **{"visit": None, review_field: record}, reviewer=supervisor, reviewed_on=days_ago(50)
    )
    return record


@dataclass
class Side:
    team: Team
    supervisor: Staff
    om: Staff
    colleague: Staff
    offender: Offender
    visit_draft: Visit
    visit_submitted: Visit
    visit_signed_off: Visit
    arms_draft: ArmsAssessment
    arms_submitted: ArmsAssessment
    arms_signed_off: ArmsAssessment
    rmp_draft: RiskManagementPlan
    rmp_submitted: RiskManagementPlan
    rmp_signed_off: RiskManagementPlan
    review: SupervisorReview
    authorisation: VisitAuthorisation
    check: IntelligenceCheck
    outcome: Outcome
    condition: OrderCondition
    notification: RegistrationNotification


def build_side(team: Team | None = None, *, restricted: bool = False) -> Side:
    team = team or factories.TeamFactory()
    supervisor = factories.SupervisorFactory(team=team)
    om = factories.StaffFactory(team=team, supervisor=supervisor)
    colleague = factories.StaffFactory(team=team, supervisor=supervisor)
    offender = factories.OffenderFactory(
        team=team, offender_manager=om, managed_since=days_ago(900), is_restricted=restricted
    )
    draft = {"status": WorkflowStatus.DRAFT, "submitted_on": None}
    visit = {"offender": offender, "co_attending_officer": colleague}
    visit_signed_off = _signed_off(
        factories.VisitFactory,
        "visit",
        supervisor,
        visited_on=days_ago(60),
        submitted_on=days_ago(59),
        **visit,
    )
    return Side(
        team=team,
        supervisor=supervisor,
        om=om,
        colleague=colleague,
        offender=offender,
        visit_draft=factories.VisitFactory(visited_on=days_ago(3), **visit, **draft),
        visit_submitted=factories.VisitFactory(visited_on=days_ago(10), submitted_on=days_ago(9), **visit),
        visit_signed_off=visit_signed_off,
        arms_draft=factories.ArmsAssessmentFactory(offender=offender, assessed_on=days_ago(4), **draft),
        arms_submitted=factories.ArmsAssessmentFactory(
            offender=offender, assessed_on=days_ago(12), submitted_on=days_ago(11)
        ),
        arms_signed_off=_signed_off(
            factories.ArmsAssessmentFactory,
            "arms_assessment",
            supervisor,
            offender=offender,
            assessed_on=days_ago(70),
            submitted_on=days_ago(69),
        ),
        rmp_draft=factories.RiskManagementPlanFactory(
            offender=offender, written_on=days_ago(4), next_review_on=days_ago(-180), **draft
        ),
        # Its review date is later than the force's interval (12 months for medium risk): a
        # supervisor may authorise it.
        rmp_submitted=factories.RiskManagementPlanFactory(
            offender=offender,
            written_on=days_ago(12),
            next_review_on=days_ago(-500),
            submitted_on=days_ago(11),
        ),
        rmp_signed_off=_signed_off(
            factories.RiskManagementPlanFactory,
            "risk_management_plan",
            supervisor,
            offender=offender,
            written_on=days_ago(70),
            next_review_on=days_ago(-120),
            submitted_on=days_ago(69),
        ),
        review=visit_signed_off.reviews.get(),
        authorisation=factories.VisitAuthorisationFactory(
            offender=offender,
            authorised_by=supervisor,
            authorised_on=days_ago(5),
            valid_from=days_ago(4),
            valid_to=days_ago(-10),
        ),
        check=IntelligenceCheck.objects.create(
            offender=offender, system="pnd", checked_on=days_ago(20), result="no_trace", checked_by=om
        ),
        outcome=Outcome.objects.create(
            offender=offender, kind="arrest", occurred_on=days_ago(30), recorded_by=om
        ),
        condition=factories.OrderFactory(
            offender=offender, starts_on=days_ago(300), ends_on=None
        ).conditions.create(kind="prohibition", text="Not to use any device not registered with police"),
        notification=RegistrationNotification.objects.create(
            offender=offender,
            kind="periodic",
            notified_on=days_ago(40),
            place="Testbridge Police Station",
            taken_by=om,
            recorded_by=om,
            home_address="1 Fictional Row, Testbridge",
        ),
    )


@dataclass
class World:
    a: Side  # the callers' side
    b: Side  # another force: out of everyone's scope
    leader: Staff
    admin: Staff

    def caller(self, role: str) -> Staff | None:
        return {
            Role.OFFENDER_MANAGER: self.a.om,
            Role.SUPERVISOR: self.a.supervisor,
            Role.SENIOR_LEADER: self.leader,
            Role.ADMIN: self.admin,
            "anonymous": None,
        }[role]


# Valid request bodies, one per write operation, built from a side's records.


def new_offender(side: Side, reference: str = "VSR-API-000001") -> dict:
    return {
        "team": side.team.pk,
        "offender_manager": side.om.pk,
        "reference": reference,
        "first_name": "Ambrose",
        "last_name": "Fictionworth",
        "date_of_birth": "1980-05-17",
        "offender_type": "rso",
        "mappa_category": 1,
        "mappa_level": 1,
        "disposal": "caution",
        "relevant_date": iso(days_ago(400)),
        "managed_since": iso(days_ago(380)),
    }


def new_visit(side: Side) -> dict:
    return {
        "offender": side.offender.pk,
        "visited_on": iso(days_ago(1)),
        "outcome": "seen",
        "co_attending_officer": side.colleague.pk,
        "observations": "Address as registered; no visitors present.",
    }


def visit_change(visit: Visit, side: Side) -> dict:
    return {
        "row_version": visit.row_version,
        "visited_on": iso(days_ago(2)),
        "outcome": "no_reply",
        "co_attending_officer": side.colleague.pk,
    }


def new_arms(side: Side) -> dict:
    return {"offender": side.offender.pk, "assessed_on": iso(days_ago(1)), "risk_level": "high"}


def arms_change(assessment: ArmsAssessment) -> dict:
    return {"row_version": assessment.row_version, "assessed_on": iso(days_ago(2)), "risk_level": "low"}


def new_rmp(side: Side) -> dict:
    return {
        "offender": side.offender.pk,
        "written_on": iso(days_ago(1)),
        "next_review_on": iso(days_ago(-180)),
        **factories.PLAN_SECTIONS_WRITTEN,
    }


def rmp_change(plan: RiskManagementPlan) -> dict:
    return {
        "row_version": plan.row_version,
        "written_on": iso(days_ago(2)),
        "next_review_on": iso(days_ago(-90)),
        "visit_every": 4,
        "visit_every_unit": "weeks",
    }


def new_review(record, kind: str, decision: str = "signed_off") -> dict:
    return {
        "record_kind": kind,
        "record": record.pk,
        "decision": decision,
        "text": REVIEW,
        "row_version": record.row_version,
    }


def new_authorisation(side: Side) -> dict:
    return {
        "offender": side.offender.pk,
        "valid_from": iso(today()),
        "valid_to": iso(days_ago(-7)),
        "single_crewed": True,
        "rationale": RATIONALE,
    }


def new_check(side: Side) -> dict:
    return {
        "offender": side.offender.pk,
        "system": "pnc",
        "checked_on": iso(days_ago(1)),
        "result": "no_trace",
    }


def new_notification(side: Side) -> dict:
    return {
        "offender": side.offender.pk,
        "kind": "change",
        "notified_on": iso(days_ago(1)),
        "place": "Testbridge Police Station",
        "changes": ["home_address"],
        "event_on": iso(days_ago(2)),
        "home_address": "2 Imaginary Close, Testbridge",
    }


def new_outcome(side: Side) -> dict:
    return {"offender": side.offender.pk, "kind": "concern", "occurred_on": iso(days_ago(1))}


def assert_error(response, status: int, code: str | None = None) -> dict:
    """The one error format (kit.api_errors), with this status."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    body = response.json()
    assert set(body) == {"status", "code", "message", "errors"}, body
    assert body["status"] == status and isinstance(body["message"], str) and body["message"]
    assert isinstance(body["errors"], dict)
    if code is not None:
        assert body["code"] == code, body
    return body
