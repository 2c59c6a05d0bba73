"""One save service per kind of risk record (`arms_save` with an `ArmsContent`, `rmp_save`
with a `PlanContent`), and one value whether the form or the API's input built it."""

import datetime

import pytest

from kit.errors import ConcurrentChange
from risk import services
from risk.api import ArmsAssessmentChange, NewArmsAssessment, NewRiskManagementPlan, RiskManagementPlanChange
from risk.content import ArmsContent, PlanContent
from risk.forms import ArmsAssessmentForm, RiskManagementPlanForm
from rules.choices import RiskLevel, WorkflowStatus
from tests import factories
from tests.dates import date_fields

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 11, 23)


def test_arms_save_creates_a_draft_then_changes_it_and_refuses_a_stale_version():
    offender = factories.OffenderFactory(risk_level=None)
    om = offender.offender_manager
    content = ArmsContent(assessed_on=D(2026, 11, 1), risk_level=RiskLevel.HIGH, osp_c=RiskLevel.LOW)
    assessment = services.arms_save(offender=offender, content=content, acting_user=om, today=TODAY)
    assessment.refresh_from_db()
    assert (assessment.author, assessment.status, assessment.row_version, assessment.osp_c) == (
        om,
        WorkflowStatus.DRAFT,
        1,
        RiskLevel.LOW,
    )
    changed = ArmsContent(assessed_on=D(2026, 11, 2), risk_level=RiskLevel.LOW, notes="Changed")
    services.arms_save(
        assessment=assessment, content=changed, acting_user=om, today=TODAY, expected_version=1
    )
    assessment.refresh_from_db()
    assert (assessment.assessed_on, assessment.risk_level, assessment.notes, assessment.osp_c) == (
        D(2026, 11, 2),
        RiskLevel.LOW,
        "Changed",
        "",
    )
    assert (assessment.row_version, assessment.updated_by) == (2, om)
    with pytest.raises(ConcurrentChange):
        services.arms_save(
            assessment=assessment, content=content, acting_user=om, today=TODAY, expected_version=1
        )
    assessment.refresh_from_db()
    assert (assessment.notes, assessment.row_version) == ("Changed", 2)
    offender.refresh_from_db()
    assert offender.risk_level is None  # a draft does not set the level


def test_rmp_save_creates_a_draft_then_changes_it_and_refuses_a_stale_version():
    offender = factories.OffenderFactory()
    om = offender.offender_manager
    content = PlanContent(
        written_on=D(2026, 11, 1),
        next_review_on=D(2027, 5, 1),
        visit_every=6,
        visit_every_unit="weeks",
        supervision="Weekly reporting.",
    )
    plan = services.rmp_save(offender=offender, content=content, acting_user=om, today=TODAY)
    plan.refresh_from_db()
    assert (plan.author, plan.status, plan.row_version, plan.visit_every, plan.supervision) == (
        om,
        WorkflowStatus.DRAFT,
        1,
        6,
        "Weekly reporting.",
    )
    changed = PlanContent(written_on=D(2026, 11, 2), next_review_on=D(2027, 5, 2), contingency="Recall.")
    services.rmp_save(plan=plan, content=changed, acting_user=om, today=TODAY, expected_version=1)
    plan.refresh_from_db()
    assert (plan.written_on, plan.visit_every, plan.visit_every_unit, plan.supervision, plan.contingency) == (
        D(2026, 11, 2),
        None,
        "",
        "",
        "Recall.",
    )
    assert plan.row_version == 2
    with pytest.raises(ConcurrentChange):
        services.rmp_save(plan=plan, content=content, acting_user=om, today=TODAY, expected_version=1)
    plan.refresh_from_db()
    assert (plan.contingency, plan.row_version) == ("Recall.", 2)


def test_save_takes_an_offender_or_a_record_not_both():
    offender = factories.OffenderFactory()
    content = ArmsContent(assessed_on=D(2026, 11, 1), risk_level=RiskLevel.HIGH)
    with pytest.raises(TypeError):
        services.arms_save(content=content, acting_user=offender.offender_manager, today=TODAY)


def test_the_form_and_the_api_build_the_same_arms():
    form = ArmsAssessmentForm(
        {
            **date_fields("assessed_on", D(2026, 11, 1)),
            "risk_level": RiskLevel.HIGH,
            "risk_factors": "Access to children.",
            "protective_factors": "Stable job.",
            "notes": "Interviewed at home.",
            "osp_c": RiskLevel.MEDIUM,
            "osp_i": "",
            "row_version": "2",
        }
    )
    assert form.is_valid(), form.errors
    body = {
        "assessed_on": "2026-11-01",
        "risk_level": RiskLevel.HIGH,
        "risk_factors": "Access to children.",
        "protective_factors": "Stable job.",
        "notes": "Interviewed at home.",
        "osp_c": RiskLevel.MEDIUM,
        "osp_i": "",
    }
    new = NewArmsAssessment(data={**body, "offender": 1})
    change = ArmsAssessmentChange(data={**body, "row_version": 2})
    assert new.is_valid(), new.errors
    assert change.is_valid(), change.errors
    assert form.content() == NewArmsAssessment.content(new.validated_data)
    assert form.content() == ArmsAssessmentChange.content(change.validated_data)


@pytest.mark.parametrize(("every", "unit"), [("6", "weeks"), ("", "")])
def test_the_form_and_the_api_build_the_same_plan(every, unit):
    form = RiskManagementPlanForm(
        {
            **date_fields("written_on", D(2026, 11, 1)),
            **date_fields("next_review_on", D(2027, 5, 1)),
            "supervision": "Weekly reporting.",
            "monitoring_and_control": "Curfew checks.",
            "interventions_and_treatment": "Programme.",
            "victim_safety_planning": "Exclusion zone.",
            "contingency": "Recall.",
            "visit_every": every,
            "visit_every_unit": unit,
        },
        offender=factories.OffenderFactory.build(),
    )
    assert form.is_valid(), form.errors
    body = {
        "written_on": "2026-11-01",
        "next_review_on": "2027-05-01",
        "supervision": "Weekly reporting.",
        "monitoring_and_control": "Curfew checks.",
        "interventions_and_treatment": "Programme.",
        "victim_safety_planning": "Exclusion zone.",
        "contingency": "Recall.",
        "visit_every": int(every) if every else None,
        "visit_every_unit": unit,
    }
    new = NewRiskManagementPlan(data={**body, "offender": 1})
    change = RiskManagementPlanChange(data={**body, "row_version": 1})
    assert new.is_valid(), new.errors
    assert change.is_valid(), change.errors
    assert form.content() == NewRiskManagementPlan.content(new.validated_data)
    assert form.content() == RiskManagementPlanChange.content(change.validated_data)
