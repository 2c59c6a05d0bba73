"""Dashboard figures the guidance defines (issue 10): 50/20 counts community-based registered
sex offenders unless the force counts every type, with both figures shown; RMP completion
counts a reactive case's annual RMP review like any other RMP review."""

from dataclasses import replace

import pytest
from django.urls import reverse

from dashboards.dashboard import build
from dashboards.metrics import Level, compute
from dashboards.scopes import Scope
from outstanding.services import outstanding_recompute_all
from rules.choices import (
    LeadAgency,
    ManagementMode,
    OffenderStatus,
    OffenderType,
    RiskLevel,
    WorkflowStatus,
)
from rules.dates import add_months
from rules.due import DueKind
from rules.policy import Policy
from tests import factories
from tests.dates import days_ago, today
from workforce.models import Role

pytestmark = pytest.mark.django_db

GUIDANCE = Policy()
EVERY_TYPE = replace(GUIDANCE, fifty_twenty_counts_all_types=True)


def give(
    om, count, *, offender_type=OffenderType.RSO, risk=RiskLevel.MEDIUM, status=OffenderStatus.COMMUNITY
):
    return factories.OffenderFactory.create_batch(
        count,
        team=om.team,
        offender_manager=om,
        offender_type=offender_type,
        risk_level=risk,
        status=status,
        managed_since=days_ago(900),
    )


@pytest.fixture
def om():
    """45 community RSOs (9 high risk), 10 community RVOs (all high risk), 5 RSOs in custody."""
    supervisor = factories.SupervisorFactory()
    om = factories.StaffFactory(team=supervisor.team, supervisor=supervisor)
    give(om, 36)
    give(om, 9, risk=RiskLevel.HIGH)
    give(om, 10, offender_type=OffenderType.RVO, risk=RiskLevel.VERY_HIGH)
    give(om, 5, status=OffenderStatus.CUSTODY)
    return om


def a_year_after(day):
    return add_months(day, 12)


def metrics_of(om, policy):
    return compute(Level.OM, keys=[om.pk], force_id=om.force_id, today=today(), policy=policy)[om.pk]


def test_50_20_counts_community_rsos_as_the_guidance_says(om):
    m = metrics_of(om, GUIDANCE)
    assert (m.community_rso, m.high_risk_community_rso) == (45, 9)
    assert (m.community, m.high_risk_community) == (55, 19)
    assert (m.fifty_twenty_community, m.fifty_twenty_high_risk) == (45, 9)
    assert (m.over_target, m.over_share) == (0, 0)  # 45 RSOs, 9 high risk: within 50/20


def test_a_force_that_counts_every_type_finds_the_same_officer_over_50_20(om):
    m = metrics_of(om, EVERY_TYPE)
    assert (m.fifty_twenty_community, m.fifty_twenty_high_risk) == (55, 19)
    assert (m.over_target, m.over_share) == (1, 1)


@pytest.mark.parametrize("policy", [GUIDANCE, EVERY_TYPE])
def test_the_dashboard_shows_community_rsos_and_all_community_nominals_per_officer(om, policy):
    m = metrics_of(om, policy)
    assert (m.ratio_community_rso, m.ratio_community) == (45, 55)
    assert (m.ratio_adjusted_rso, m.ratio_adjusted) == (45, 55)
    staffing = build(Scope(Level.OM, om.force, team=om.team, officer=om), today=today(), policy=policy).table(
        "staffing"
    )
    rows = {row.header.value: row.cells[0] for row in staffing.rows}
    assert rows["Community RSOs per offender manager"].value == 45
    assert rows["All community nominals per offender manager"].value == 55
    counted = "All community nominals" if policy.fifty_twenty_counts_all_types else "Community RSOs"
    assert rows[f"{counted} per available offender manager (adjusted)"].note == "counted for 50/20"
    assert rows["All community nominals per available offender manager (adjusted)"].emphasis == (
        policy.fifty_twenty_counts_all_types
    )


def test_the_team_breakdown_judges_each_officer_on_the_caseload_50_20_counts(om):
    board = build(Scope(Level.TEAM, om.force, team=om.team), today=today(), policy=GUIDANCE)
    row = next(row for row in board.table("breakdown").rows if row.header.value == str(om))
    columns = board.table("breakdown").columns[1:]
    cells = dict(zip(columns, (cell.value for cell in row.cells), strict=True))
    assert cells["Community RSOs"] == 45 and cells["All in the community"] == 55
    assert cells["High or very high (of the 50/20 caseload)"] == 9
    assert cells["50/20"] == "Within 50/20"


def test_the_api_gives_both_figures(client, om):
    leader = factories.StaffFactory(role=Role.SENIOR_LEADER, team=None, force=om.force)
    client.force_login(leader)
    data = client.get(reverse("api-dashboard"), {"scope": f"om:{om.pk}"}).json()["metrics"]
    assert (data["community_rso"], data["community"]) == (45, 55)
    assert (data["ratio_community_rso"], data["ratio_community"]) == (45, 55)


def test_a_reactive_cases_overdue_annual_rmp_review_lowers_rmp_completion():
    """Issue 10: a reactive case's annual RMP review is an RMP review; when it is overdue the
    police-led nominal's RMP is not up to date."""
    om = factories.StaffFactory()
    reactive, active = (
        factories.OffenderFactory(
            team=om.team,
            offender_manager=om,
            lead_agency=LeadAgency.POLICE,
            risk_level=RiskLevel.LOW,
            managed_since=days_ago(2000),
            **mode,
        )
        for mode in (
            {"management_mode": ManagementMode.REACTIVE, "reactive_since": days_ago(800)},
            {"management_mode": ManagementMode.ACTIVE},
        )
    )
    for offender in (reactive, active):
        signed_off = {"status": WorkflowStatus.SIGNED_OFF}
        factories.ArmsAssessmentFactory(
            offender=offender, assessed_on=days_ago(30), risk_level=RiskLevel.LOW, **signed_off
        )
        factories.VisitFactory(offender=offender, visited_on=days_ago(30), **signed_off)
    # The reactive case's last RMP is 13 months old (its annual review is overdue); the active
    # case's is a month old.
    factories.RiskManagementPlanFactory(
        offender=reactive,
        written_on=days_ago(400),
        next_review_on=a_year_after(days_ago(400)),
        status=WorkflowStatus.SIGNED_OFF,
    )
    factories.RiskManagementPlanFactory(
        offender=active,
        written_on=days_ago(30),
        next_review_on=a_year_after(days_ago(30)),
        status=WorkflowStatus.SIGNED_OFF,
    )
    outstanding_recompute_all()
    late = reactive.outstanding_items.filter(due_on__lt=today()).values_list("kind", flat=True)
    assert DueKind.REACTIVE_RMP_REVIEW in late and DueKind.RMP_REVIEW not in late
    m = metrics_of(om, GUIDANCE)
    assert (m.police_led, m.rmp_complete, m.rmp_completion_percent) == (2, 1, 50)
    assert m.arms_complete == 2


def test_rmp_completion_lists_the_reactive_case_as_late(client):
    supervisor = factories.SupervisorFactory()
    om = factories.StaffFactory(team=supervisor.team, supervisor=supervisor)
    reactive = factories.OffenderFactory(
        team=om.team,
        offender_manager=om,
        risk_level=RiskLevel.LOW,
        management_mode=ManagementMode.REACTIVE,
        reactive_since=days_ago(800),
        managed_since=days_ago(2000),
    )
    factories.ArmsAssessmentFactory(offender=reactive, assessed_on=days_ago(30), risk_level=RiskLevel.LOW)
    factories.RiskManagementPlanFactory(
        offender=reactive, written_on=days_ago(400), next_review_on=a_year_after(days_ago(400))
    )
    outstanding_recompute_all()
    client.force_login(supervisor)
    scope = {"scope": f"om:{om.pk}"}
    late = client.get(reverse("dashboard-list", args=["offenders"]), {**scope, "measure": "rmp_late"})
    assert list(late.context["page"].object_list) == [reactive]
    on_time = client.get(reverse("dashboard-list", args=["offenders"]), {**scope, "measure": "rmp_complete"})
    assert list(on_time.context["page"].object_list) == []
