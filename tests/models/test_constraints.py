"""The database itself refuses records that break the domain's invariants."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from risk.models import ReviewDecision
from rules.choices import Disposal, ManagementMode, WorkflowStatus
from tests import factories
from workforce.models import ForcePolicy

pytestmark = pytest.mark.django_db

D = datetime.date


def assert_refused(instance, constraint_name):
    with pytest.raises(IntegrityError, match=constraint_name), transaction.atomic():
        instance.save()


@pytest.mark.parametrize(
    ("changes", "constraint"),
    [
        ({"notification_indefinite": True}, "offender_indefinite_has_no_end"),
        ({"indefinite_review_earliest_on": D(2035, 1, 1)}, "offender_review_only_if_indefinite"),
        ({"date_of_birth": D(2021, 1, 1)}, "offender_born_before_relevant_date"),
        ({"disposal": Disposal.CUSTODY, "sentence_months": None}, "offender_custody_has_length"),
        ({"disposal": Disposal.CONDITIONAL_DISCHARGE}, "offender_discharge_has_length"),
        ({"management_mode": ManagementMode.REACTIVE}, "offender_reactive_has_start"),
        ({"mappa_level": 4}, "offender_mappa_in_range"),
    ],
)
def test_offender_invariants(changes, constraint):
    offender = factories.OffenderFactory()
    for field, value in changes.items():
        setattr(offender, field, value)
    assert_refused(offender, constraint)


def test_offender_reference_is_unique_within_a_force():
    offender = factories.OffenderFactory()
    duplicate = factories.OffenderFactory.build(
        team=offender.team,
        force=offender.force,
        offender_manager=offender.offender_manager,
        reference=offender.reference,
    )
    assert_refused(duplicate, "offender_reference_unique_in_force")


def test_only_one_open_assignment_per_offender():
    assignment = factories.OffenderAssignmentFactory()
    second = factories.OffenderAssignmentFactory.build(
        offender=assignment.offender, offender_manager=factories.StaffFactory(), starts_on=D(2026, 1, 1)
    )
    assert_refused(second, "assignment_one_open_per_offender")


def test_a_closed_assignment_may_sit_beside_the_open_one():
    assignment = factories.OffenderAssignmentFactory(ends_on=D(2024, 1, 1))
    factories.OffenderAssignmentFactory(offender=assignment.offender, starts_on=D(2024, 1, 1))
    assert assignment.offender.assignments.count() == 2


def test_staff_cannot_supervise_themselves():
    staff = factories.StaffFactory()
    staff.supervisor = staff
    assert_refused(staff, "staff_not_own_supervisor")


@pytest.mark.parametrize(
    ("field", "value", "constraint"),
    [
        ("visit_interval_months_high", 0, "policy_visit_interval_months_high_positive"),
        ("high_risk_share_max_percent", 101, "policy_high_risk_share_max_percent_percent"),
        ("caseload_maximum", 40, "policy_max_at_least_target"),
    ],
)
def test_policy_invariants(field, value, constraint):
    policy = ForcePolicy.objects.get(force=factories.ForceFactory())
    setattr(policy, field, value)
    assert_refused(policy, constraint)


def test_policy_hands_the_rules_its_own_numbers():
    policy = ForcePolicy.objects.get(force=factories.ForceFactory())
    policy.visit_interval_months_high = 2
    assert policy.as_rules().visit_interval_months("high") == 2


@pytest.mark.parametrize(
    ("changes", "constraint"),
    [
        ({"crew_size": 0}, "visit_crew_size_range"),
        ({"crew_size": 1, "co_attending_officer_id": "other"}, "visit_pair_has_crew"),
        ({"intelligence_submitted": True}, "visit_intelligence_has_reference"),
        ({"co_attending_officer_id": "author"}, "visit_co_attendee_not_author"),
        ({"status": WorkflowStatus.SUBMITTED, "submitted_on": None}, "visit_submitted_has_date"),
        ({"version": 2}, "visit_version_matches_supersedes"),
    ],
)
def test_visit_invariants(changes, constraint):
    visit = factories.VisitFactory()
    people = {"author": visit.author_id, "other": factories.StaffFactory().pk}
    for field, value in changes.items():
        setattr(visit, field, people.get(value, value) if isinstance(value, str) else value)
    assert_refused(visit, constraint)


def test_visit_exception_is_computed_by_the_database():
    paired = factories.VisitFactory()
    single = factories.VisitFactory(crew_size=1)
    announced = factories.VisitFactory(announced=True)
    for visit in (paired, single, announced):
        visit.refresh_from_db()
    assert (paired.is_exception, single.is_exception, announced.is_exception) == (False, True, True)
    assert not single.is_compliant
    assert set(type(single).objects.non_compliant()) == {single, announced}


def test_authorisation_must_be_for_an_exception_with_a_rationale():
    authorisation = factories.VisitAuthorisationFactory()
    authorisation.single_crewed = False
    assert_refused(authorisation, "authorisation_is_exception")
    authorisation.refresh_from_db()
    authorisation.rationale = ""
    assert_refused(authorisation, "authorisation_has_rationale")


def test_rmp_review_date_must_follow_the_plan():
    plan = factories.RiskManagementPlanFactory()
    plan.next_review_on = plan.written_on
    assert_refused(plan, "rmp_review_after_written")


def test_rmp_regime_needs_interval_and_unit():
    plan = factories.RiskManagementPlanFactory()
    plan.visit_every = 2
    assert_refused(plan, "rmp_regime_complete")


def test_review_is_of_exactly_one_record():
    visit = factories.VisitFactory()
    review = factories.SupervisorReviewFactory.build(
        visit=visit,
        arms_assessment=factories.ArmsAssessmentFactory(offender=visit.offender),
        reviewer=factories.SupervisorFactory(),
    )
    assert_refused(review, "review_of_exactly_one_record")


def test_a_record_is_signed_off_only_once():
    review = factories.SupervisorReviewFactory()
    second = factories.SupervisorReviewFactory.build(visit=review.visit, reviewer=review.reviewer)
    assert_refused(second, "review_one_sign_off_visit")
    returned = factories.SupervisorReviewFactory(
        visit=review.visit, reviewer=review.reviewer, decision=ReviewDecision.RETURNED
    )
    assert returned.pk


def test_device_inspection_names_a_device_or_describes_one():
    from visits.models import DeviceInspection

    visit = factories.VisitFactory()
    inspection = DeviceInspection(visit=visit, finding="no_concerns")
    assert_refused(inspection, "inspection_device_or_description")
    inspection.device = factories.RegisteredDeviceFactory(offender=visit.offender)
    inspection.unregistered_description = "Unregistered tablet under the bed"
    assert_refused(inspection, "inspection_device_or_description")
