"""The two-force world the security tests request pages in."""

from dataclasses import dataclass

import pytest

from rules.choices import WorkflowStatus
from tests import factories
from tests.dates import days_ago
from workforce.models import Role


@dataclass
class Side:
    """One force's records, to build addresses for."""

    offender: object
    draft_visit: object
    submitted_visit: object
    draft_arms: object
    signed_off_arms: object
    plan: object
    team: object
    officer: object
    absence: object


def build_side(om, supervisor) -> Side:
    offender = factories.OffenderFactory(team=om.team, offender_manager=om, managed_since=days_ago(900))
    draft = {"status": WorkflowStatus.DRAFT, "submitted_on": None}
    signed_off_arms = factories.ArmsAssessmentFactory(offender=offender, status=WorkflowStatus.SIGNED_OFF)
    factories.SupervisorReviewFactory(visit=None, arms_assessment=signed_off_arms, reviewer=supervisor)
    return Side(
        offender=offender,
        draft_visit=factories.VisitFactory(offender=offender, **draft),
        submitted_visit=factories.VisitFactory(offender=offender, submitted_on=days_ago(3)),
        draft_arms=factories.ArmsAssessmentFactory(offender=offender, **draft),
        signed_off_arms=signed_off_arms,
        plan=factories.RiskManagementPlanFactory(offender=offender),
        team=om.team,
        officer=om,
        absence=factories.AbsenceFactory(staff=om, starts_on=days_ago(2), ends_on=None, kind="annual_leave"),
    )


@pytest.fixture
def world():
    supervisor = factories.SupervisorFactory()
    om = factories.StaffFactory(team=supervisor.team, supervisor=supervisor)
    people = {
        "OM": om,
        "MATE": factories.StaffFactory(team=supervisor.team, supervisor=supervisor),
        "SUP": supervisor,
        "LEADER": factories.StaffFactory(role=Role.SENIOR_LEADER, team=None, force=supervisor.force),
        "ADMIN": factories.StaffFactory(role=Role.ADMIN, team=None, force=supervisor.force),
    }
    inside = build_side(om, supervisor)
    elsewhere_supervisor = factories.SupervisorFactory()
    elsewhere_om = factories.StaffFactory(team=elsewhere_supervisor.team, supervisor=elsewhere_supervisor)
    outside = build_side(elsewhere_om, elsewhere_supervisor)
    return people, inside, outside
