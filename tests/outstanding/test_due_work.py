"""The facts gathered from the database reach the due engine intact."""

import datetime

import pytest

from offenders.models import IntelligenceCheck, Offender
from outstanding.selectors import due_work, offender_facts
from rules.choices import ManagementMode, RiskLevel, VisitRegimeUnit, WorkflowStatus
from rules.due import DueKind, ReviewableKind
from tests import factories
from workforce.models import ForcePolicy

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 11, 23)


def overdue_days(offender, kind):
    items = due_work(Offender.objects.filter(pk=offender.pk), today=TODAY)[offender.pk]
    return {entry.item.kind: entry.days_overdue for entry in items}.get(kind)


def test_last_seen_visit_and_force_default_set_the_next_visit():
    offender = factories.OffenderFactory(risk_level=RiskLevel.HIGH)
    factories.VisitFactory(offender=offender, visited_on=D(2026, 7, 1))
    # High risk: every 3 months by default → due 1 Oct, 53 days overdue on 23 Nov.
    assert overdue_days(offender, DueKind.VISIT) == 53


def test_an_unanswered_visit_does_not_count_as_the_visit():
    offender = factories.OffenderFactory(risk_level=RiskLevel.HIGH)
    factories.VisitFactory(offender=offender, visited_on=D(2026, 7, 1))
    factories.VisitFactory(offender=offender, visited_on=D(2026, 11, 1), outcome="no_reply")
    assert overdue_days(offender, DueKind.VISIT) == 53


def test_draft_visit_does_not_count_as_done():
    offender = factories.OffenderFactory(risk_level=RiskLevel.HIGH)
    factories.VisitFactory(offender=offender, visited_on=D(2026, 7, 1))
    factories.VisitFactory(
        offender=offender, visited_on=D(2026, 11, 1), status=WorkflowStatus.DRAFT, submitted_on=None
    )
    assert overdue_days(offender, DueKind.VISIT) == 53


def test_force_policy_changes_the_interval():
    offender = factories.OffenderFactory(risk_level=RiskLevel.HIGH)
    ForcePolicy.objects.filter(force=offender.force).update(visit_interval_months_high=4)
    factories.VisitFactory(offender=offender, visited_on=D(2026, 7, 1))
    assert overdue_days(offender, DueKind.VISIT) == 22  # due 1 Nov


def test_the_current_rmp_regime_overrides_the_default():
    offender = factories.OffenderFactory(risk_level=RiskLevel.LOW)
    factories.VisitFactory(offender=offender, visited_on=D(2026, 11, 2))
    factories.RiskManagementPlanFactory(
        offender=offender, written_on=D(2026, 10, 1), visit_every=2, visit_every_unit=VisitRegimeUnit.WEEKS
    )
    assert overdue_days(offender, DueKind.VISIT) == 7  # due 16 Nov


def test_a_submitted_visit_awaits_review_within_a_month():
    offender = factories.OffenderFactory()
    visit = factories.VisitFactory(offender=offender, visited_on=D(2026, 10, 20))
    items = due_work(Offender.objects.filter(pk=offender.pk), today=TODAY)[offender.pk]
    review = next(e for e in items if e.item.kind == DueKind.SUPERVISOR_REVIEW_VISIT)
    assert (review.item.due_on, review.item.related_item_id, review.days_overdue) == (
        D(2026, 11, 20),
        visit.pk,
        3,
    )


def test_a_signed_off_visit_needs_no_review():
    offender = factories.OffenderFactory()
    factories.VisitFactory(offender=offender, visited_on=D(2026, 10, 20), status=WorkflowStatus.SIGNED_OFF)
    assert overdue_days(offender, DueKind.SUPERVISOR_REVIEW_VISIT) is None


def test_reactive_checks_complete_only_when_every_system_was_checked():
    offender = factories.OffenderFactory(
        risk_level=RiskLevel.LOW, management_mode=ManagementMode.REACTIVE, reactive_since=D(2023, 1, 1)
    )
    checker = offender.offender_manager
    for system, checked_on in (("pnd", D(2025, 10, 1)), ("pnc", D(2025, 9, 1)), ("visor", D(2025, 12, 1))):
        IntelligenceCheck.objects.create(
            offender=offender, system=system, checked_on=checked_on, result="no_trace", checked_by=checker
        )
    assert offender_facts([offender])[offender.pk].last_reactive_checks_on is None
    IntelligenceCheck.objects.create(
        offender=offender, system="local", checked_on=D(2025, 11, 1), result="no_trace", checked_by=checker
    )
    assert offender_facts([offender])[offender.pk].last_reactive_checks_on == D(2025, 9, 1)


def test_facts_take_the_latest_plan_and_every_item_awaiting_review():
    offender = factories.OffenderFactory()
    factories.RiskManagementPlanFactory(
        offender=offender,
        written_on=D(2025, 1, 1),
        next_review_on=D(2026, 1, 1),
        status=WorkflowStatus.SIGNED_OFF,
    )
    latest = factories.RiskManagementPlanFactory(
        offender=offender, written_on=D(2026, 5, 1), next_review_on=D(2026, 12, 1)
    )
    arms = factories.ArmsAssessmentFactory(offender=offender, assessed_on=D(2026, 5, 2))
    facts = offender_facts([offender])[offender.pk]
    assert (facts.last_rmp_on, facts.rmp_next_review_on, facts.last_arms_on) == (
        D(2026, 5, 1),
        D(2026, 12, 1),
        D(2026, 5, 2),
    )
    assert {(a.kind, a.item_id) for a in facts.items_awaiting_review} == {
        (ReviewableKind.RMP, latest.pk),
        (ReviewableKind.ARMS, arms.pk),
    }


def test_due_work_runs_a_fixed_number_of_queries(django_assert_max_num_queries):
    team = factories.TeamFactory()
    om = factories.StaffFactory(team=team)
    for _ in range(30):
        offender = factories.OffenderFactory(team=team, offender_manager=om)
        factories.VisitFactory(offender=offender)
        factories.ArmsAssessmentFactory(offender=offender)
        factories.RiskManagementPlanFactory(offender=offender)
    with django_assert_max_num_queries(13):
        work = due_work(Offender.objects.filter(team=team), today=TODAY)
    assert len(work) == 30
