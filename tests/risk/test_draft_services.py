"""Changing a draft ARMS or RMP: only its author, only while it is a draft."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from risk import services
from risk.content import ArmsContent, PlanContent
from rules.choices import RiskLevel, WorkflowStatus
from tests import factories

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 11, 23)


def draft_arms(**fields):
    return factories.ArmsAssessmentFactory(status=WorkflowStatus.DRAFT, submitted_on=None, **fields)


def draft_rmp(**fields):
    return factories.RiskManagementPlanFactory(status=WorkflowStatus.DRAFT, submitted_on=None, **fields)


def update_arms(assessment, *, acting_user=None, **overrides):
    content = {"assessed_on": D(2026, 11, 2), "risk_level": RiskLevel.LOW, "notes": "Updated"} | overrides
    return services.arms_save(
        assessment=assessment,
        content=ArmsContent(**content),
        acting_user=acting_user or assessment.author,
        today=TODAY,
    )


def update_rmp(plan, *, acting_user=None, **overrides):
    content = {
        "written_on": D(2026, 11, 2),
        "next_review_on": D(2027, 5, 2),
        "visit_every": 3,
        "visit_every_unit": "months",
        "contingency": "Updated",
    } | overrides
    return services.rmp_save(
        plan=plan, content=PlanContent(**content), acting_user=acting_user or plan.author, today=TODAY
    )


def test_the_author_updates_a_draft_arms():
    assessment = draft_arms()
    update_arms(assessment)
    assessment.refresh_from_db()
    assert (assessment.assessed_on, assessment.risk_level, assessment.notes) == (
        D(2026, 11, 2),
        RiskLevel.LOW,
        "Updated",
    )
    assert assessment.status == WorkflowStatus.DRAFT


def test_updating_a_draft_arms_leaves_the_offenders_risk_level_alone():
    assessment = draft_arms(offender=factories.OffenderFactory(risk_level=RiskLevel.HIGH))
    update_arms(assessment)
    assessment.offender.refresh_from_db()
    assert assessment.offender.risk_level == RiskLevel.HIGH


def test_only_the_author_updates_a_draft():
    assessment = draft_arms(notes="Original")
    # The supervisor works the case but did not write the draft; a colleague does not work it.
    with pytest.raises(ValidationError, match="Only the author"):
        update_arms(assessment, acting_user=factories.supervisor_of(assessment.author))
    colleague = factories.StaffFactory(team=assessment.offender.team)
    with pytest.raises(PermissionDenied, match="not change it"):
        update_arms(assessment, acting_user=colleague)
    assessment.refresh_from_db()
    assert assessment.notes == "Original"


@pytest.mark.parametrize(
    "status", [WorkflowStatus.SUBMITTED, WorkflowStatus.SIGNED_OFF, WorkflowStatus.RETURNED]
)
def test_a_record_past_draft_is_not_updated(status):
    plan = factories.RiskManagementPlanFactory(status=status)
    with pytest.raises(ValidationError, match="cannot be changed; a change is a new version"):
        update_rmp(plan)
    plan.refresh_from_db()
    assert plan.contingency == factories.PLAN_SECTIONS_WRITTEN["contingency"]


def test_an_updated_arms_date_is_validated():
    assessment = draft_arms()
    with pytest.raises(ValidationError, match="today or in the past"):
        update_arms(assessment, assessed_on=D(2026, 11, 24))


def test_the_author_updates_a_draft_rmp_and_its_regime():
    plan = draft_rmp()
    update_rmp(plan)
    plan.refresh_from_db()
    assert (plan.visit_every, plan.visit_every_unit, plan.contingency) == (3, "months", "Updated")
    update_rmp(plan, visit_every=None, visit_every_unit="")
    plan.refresh_from_db()
    assert (plan.visit_every, plan.visit_every_unit) == (None, "")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"next_review_on": D(2026, 11, 2)}, "next_review_on"),
        ({"visit_every_unit": ""}, "visit_every"),
        ({"written_on": D(2019, 1, 1)}, "written_on"),
    ],
)
def test_an_updated_rmp_is_validated_like_a_new_one(overrides, field):
    plan = draft_rmp()
    with pytest.raises(ValidationError) as raised:
        update_rmp(plan, **overrides)
    assert field in raised.value.error_dict
