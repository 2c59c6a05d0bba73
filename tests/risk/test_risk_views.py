"""Recording ARMS assessments and writing RMPs in the browser: draft → submit → revise."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kit.dates import long_date
from outstanding.services import outstanding_recompute_all
from risk import services
from risk.models import ArmsAssessment, ReviewDecision, RiskManagementPlan
from rules.choices import RiskLevel, VisitRegimeUnit, WorkflowStatus
from rules.dates import add_months, add_years
from rules.due import DueKind
from rules.plan import PLAN_SECTIONS
from tests import factories
from tests.dates import date_fields, days_ago
from workforce.models import Role

pytestmark = pytest.mark.django_db


def arms_post(on: datetime.date | None = None, **fields) -> dict:
    data = {
        **date_fields("assessed_on", on or days_ago(3)),
        "risk_level": RiskLevel.HIGH,
        "risk_factors": "Sexual preoccupation; new contact with a family with young children.",
        "protective_factors": "Stable employment at the depot; engaged with treatment.",
        "notes": "Interviewed at home with a colleague.",
        "osp_c": RiskLevel.MEDIUM,
        "osp_i": "",
    }
    return data | fields


def rmp_post(written_on: datetime.date | None = None, next_review_on: datetime.date | None = None, **fields):
    written_on = written_on or days_ago(3)
    data = {
        **date_fields("written_on", written_on),
        **date_fields("next_review_on", next_review_on or written_on + datetime.timedelta(days=180)),
        "supervision": "Monthly home visits by the offender manager, unannounced and in pairs.",
        "monitoring_and_control": "Device checks at every visit under the SHPO.",
        "interventions_and_treatment": "Horizon programme with probation.",
        "victim_safety_planning": "Exclusion zone around the victim's school.",
        "contingency": "Recall via the duty inspector if contact with children is reported.",
        "visit_every": "4",
        "visit_every_unit": VisitRegimeUnit.WEEKS,
    }
    return data | fields


def draft_arms(offender, **fields):
    return factories.ArmsAssessmentFactory(
        offender=offender, status=WorkflowStatus.DRAFT, submitted_on=None, assessed_on=days_ago(10), **fields
    )


def draft_rmp(offender, **fields):
    return factories.RiskManagementPlanFactory(
        offender=offender,
        status=WorkflowStatus.DRAFT,
        submitted_on=None,
        written_on=days_ago(10),
        next_review_on=days_ago(-170),
        **fields,
    )


def colleague_logged_in(client, om):
    colleague = factories.StaffFactory(team=om.team)
    client.force_login(colleague)
    return colleague


# ARMS: draft, edit, submit


def test_an_om_saves_an_arms_draft_edits_it_and_submits_it(client, signed_in_om, caseload_offender):
    response = client.post(reverse("arms-new", args=[caseload_offender.pk]), arms_post(draft="1"))
    assessment = ArmsAssessment.objects.get(offender=caseload_offender)
    assert response.status_code == 302
    assert response.url == reverse("arms-detail", args=[assessment.pk])
    assert assessment.status == WorkflowStatus.DRAFT
    assert assessment.author == signed_in_om
    assert assessment.osp_c == RiskLevel.MEDIUM

    edit_page = client.get(reverse("arms-edit", args=[assessment.pk])).content.decode()
    assert "new contact with a family with young children" in edit_page
    assert (
        f'name="assessed_on_year" type="text" inputmode="numeric" value="{assessment.assessed_on.year}"'
        in (edit_page)
    )

    client.post(
        reverse("arms-edit", args=[assessment.pk]),
        arms_post(risk_level=RiskLevel.VERY_HIGH, notes="Second interview added.", draft="1"),
    )
    assessment.refresh_from_db()
    assert assessment.status == WorkflowStatus.DRAFT
    assert assessment.notes == "Second interview added."
    caseload_offender.refresh_from_db()
    assert caseload_offender.risk_level == RiskLevel.MEDIUM  # a draft does not change the risk level

    response = client.post(
        reverse("arms-edit", args=[assessment.pk]), arms_post(risk_level=RiskLevel.VERY_HIGH, submit="1")
    )
    assert response.status_code == 302
    assert response.url == reverse("offender-record", args=[caseload_offender.pk])
    assessment.refresh_from_db()
    assert assessment.status == WorkflowStatus.SUBMITTED
    assert assessment.submitted_on == timezone.localdate()
    caseload_offender.refresh_from_db()
    assert caseload_offender.risk_level == RiskLevel.VERY_HIGH


def test_submitting_a_new_arms_sets_the_risk_level_and_says_so(client, caseload_offender):
    response = client.post(
        reverse("arms-new", args=[caseload_offender.pk]), arms_post(submit="1"), follow=True
    )
    assessment = ArmsAssessment.objects.get(offender=caseload_offender)
    assert assessment.status == WorkflowStatus.SUBMITTED
    caseload_offender.refresh_from_db()
    assert caseload_offender.risk_level == RiskLevel.HIGH
    assert "ARMS assessment submitted for supervisor review." in [
        str(m) for m in response.context["messages"]
    ]


def test_the_supervisor_of_the_officer_may_record_an_arms_too(client, signed_in_om, caseload_offender):
    supervisor = factories.SupervisorFactory(team=signed_in_om.team)
    signed_in_om.supervisor = supervisor
    signed_in_om.save()
    client.force_login(supervisor)
    client.post(reverse("arms-new", args=[caseload_offender.pk]), arms_post(draft="1"))
    assert ArmsAssessment.objects.get(offender=caseload_offender).author == supervisor


# Rejected forms keep everything typed


def test_a_future_assessment_date_is_refused_on_its_field_keeping_what_was_typed(client, caseload_offender):
    tomorrow = days_ago(-1)
    response = client.post(
        reverse("arms-new", args=[caseload_offender.pk]),
        arms_post(on=tomorrow, risk_factors="Typed risk factors that must survive", submit="1"),
    )
    assert response.status_code == 200
    assert not ArmsAssessment.objects.exists()
    form = response.context["form"]
    assert form.errors["assessed_on"] == ["The assessment date must be today or in the past."]
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "The assessment date must be today or in the past." in page
    assert "Typed risk factors that must survive" in page
    assert "Stable employment at the depot" in page
    assert f'value="{tomorrow.year}"' in page
    assert 'value="high" checked' in page


def test_an_assessment_before_management_began_is_refused(client, caseload_offender):
    response = client.post(
        reverse("arms-new", args=[caseload_offender.pk]),
        arms_post(on=caseload_offender.managed_since - datetime.timedelta(days=1), draft="1"),
    )
    assert "when management began" in response.context["form"].errors["assessed_on"][0]
    assert "when management began" in response.content.decode()
    assert not ArmsAssessment.objects.exists()


def test_a_date_that_does_not_exist_is_shown_back_as_typed(client, caseload_offender):
    data = arms_post(assessed_on_day="31", assessed_on_month="2", assessed_on_year="2026", draft="1")
    response = client.post(reverse("arms-new", args=[caseload_offender.pk]), data)
    assert response.context["form"].errors["assessed_on"] == ["Date of assessment must be a real date"]
    assert 'value="31"' in response.content.decode()


def test_a_blank_arms_form_lists_what_is_missing(client, caseload_offender):
    response = client.post(reverse("arms-new", args=[caseload_offender.pk]), {"draft": "1"})
    errors = response.context["form"].errors
    assert errors["assessed_on"] == ["Enter date of assessment"]
    assert errors["risk_level"] == ["Select the outcome risk level."]
    assert "Select the outcome risk level." in response.content.decode()


def test_a_rejected_edit_keeps_what_was_typed_and_changes_nothing(client, caseload_offender):
    assessment = draft_arms(caseload_offender, risk_factors="Original factors")
    response = client.post(
        reverse("arms-edit", args=[assessment.pk]),
        arms_post(on=days_ago(-5), risk_factors="Edited factors, not yet saved", draft="1"),
    )
    assert response.status_code == 200
    assert "Edited factors, not yet saved" in response.content.decode()
    assert "today or in the past" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.risk_factors == "Original factors"


# RMP: draft, edit, submit, and its own validation


def test_an_om_writes_an_rmp_draft_edits_it_and_submits_it(client, signed_in_om, caseload_offender):
    response = client.post(reverse("rmp-new", args=[caseload_offender.pk]), rmp_post(draft="1"))
    plan = RiskManagementPlan.objects.get(offender=caseload_offender)
    assert response.url == reverse("rmp-detail", args=[plan.pk])
    assert (plan.status, plan.visit_every, plan.visit_every_unit) == (WorkflowStatus.DRAFT, 4, "weeks")

    client.post(
        reverse("rmp-edit", args=[plan.pk]),
        rmp_post(visit_every="", visit_every_unit="", contingency="Call the DS out of hours.", draft="1"),
    )
    plan.refresh_from_db()
    assert (plan.visit_every, plan.visit_every_unit) == (None, "")
    assert plan.contingency == "Call the DS out of hours."

    response = client.post(reverse("rmp-edit", args=[plan.pk]), rmp_post(submit="1"))
    assert response.url == reverse("offender-record", args=[caseload_offender.pk])
    plan.refresh_from_db()
    assert plan.status == WorkflowStatus.SUBMITTED
    assert plan.submitted_on == timezone.localdate()
    assert plan.author == signed_in_om


@pytest.mark.parametrize("days_after", [0, -1])
def test_an_rmp_review_date_on_or_before_the_plan_is_refused_on_its_field(
    client, caseload_offender, days_after
):
    written_on = days_ago(5)
    response = client.post(
        reverse("rmp-new", args=[caseload_offender.pk]),
        rmp_post(
            written_on=written_on,
            next_review_on=written_on + datetime.timedelta(days=days_after),
            victim_safety_planning="Typed safety plan kept after the error",
            submit="1",
        ),
    )
    assert response.status_code == 200
    assert not RiskManagementPlan.objects.exists()
    assert response.context["form"].errors["next_review_on"] == [
        "The next review date must be after the date of the plan."
    ]
    page = response.content.decode()
    assert "The next review date must be after the date of the plan." in page
    assert "Typed safety plan kept after the error" in page
    assert 'value="4"' in page


def test_a_visit_regime_without_a_unit_is_refused(client, caseload_offender):
    response = client.post(
        reverse("rmp-new", args=[caseload_offender.pk]), rmp_post(visit_every_unit="", draft="1")
    )
    assert response.context["form"].errors["visit_every"] == [
        "Give the visit regime as a number and a unit (weeks or months)."
    ]
    assert not RiskManagementPlan.objects.exists()


def test_a_visit_unit_without_a_number_means_no_regime(client, caseload_offender):
    client.post(reverse("rmp-new", args=[caseload_offender.pk]), rmp_post(visit_every="", draft="1"))
    plan = RiskManagementPlan.objects.get(offender=caseload_offender)
    assert (plan.visit_every, plan.visit_every_unit) == (None, "")


def test_a_future_plan_date_is_refused(client, caseload_offender):
    response = client.post(
        reverse("rmp-new", args=[caseload_offender.pk]), rmp_post(written_on=days_ago(-2), draft="1")
    )
    assert response.context["form"].errors["written_on"] == ["The plan date must be today or in the past."]


# Who may edit what


def test_another_om_cannot_edit_or_submit_my_draft(client, signed_in_om, caseload_offender):
    assessment = draft_arms(caseload_offender, notes="Mine")
    plan = draft_rmp(caseload_offender)
    colleague_logged_in(client, signed_in_om)
    assert client.get(reverse("arms-edit", args=[assessment.pk])).status_code == 403
    assert client.post(reverse("arms-edit", args=[assessment.pk]), arms_post(submit="1")).status_code == 403
    assert client.post(reverse("rmp-edit", args=[plan.pk]), rmp_post(submit="1")).status_code == 403
    assessment.refresh_from_db()
    plan.refresh_from_db()
    assert (assessment.status, assessment.notes) == (WorkflowStatus.DRAFT, "Mine")
    assert plan.status == WorkflowStatus.DRAFT
    # They can read it, but are not offered the edit form.
    detail = client.get(reverse("arms-detail", args=[assessment.pk]))
    assert detail.status_code == 200
    assert reverse("arms-edit", args=[assessment.pk]) not in detail.content.decode()


@pytest.mark.parametrize(
    "status", [WorkflowStatus.SUBMITTED, WorkflowStatus.SIGNED_OFF, WorkflowStatus.RETURNED]
)
def test_a_submitted_arms_is_read_only_even_for_its_author(client, caseload_offender, status):
    assessment = factories.ArmsAssessmentFactory(
        offender=caseload_offender, status=status, assessed_on=days_ago(20), notes="As submitted"
    )
    response = client.get(reverse("arms-edit", args=[assessment.pk]), follow=True)
    assert response.redirect_chain == [(reverse("arms-detail", args=[assessment.pk]), 302)]
    page = response.content.decode()
    assert "cannot be changed" in page
    assert assessment.get_status_display() in page
    assert "<textarea" not in page

    response = client.post(
        reverse("arms-edit", args=[assessment.pk]), arms_post(notes="Rewritten", submit="1")
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.status, assessment.notes) == (status, "As submitted")


def test_a_submitted_rmp_cannot_be_edited(client, caseload_offender):
    plan = factories.RiskManagementPlanFactory(offender=caseload_offender, written_on=days_ago(20))
    response = client.post(reverse("rmp-edit", args=[plan.pk]), rmp_post(supervision="Rewritten", draft="1"))
    assert response.url == reverse("rmp-detail", args=[plan.pk])
    plan.refresh_from_db()
    assert plan.supervision == "Weekly contact with the offender manager."
    assert plan.status == WorkflowStatus.SUBMITTED


def test_a_draft_offers_its_author_the_edit_page_and_nothing_to_revise(client, caseload_offender):
    assessment = draft_arms(caseload_offender)
    page = client.get(reverse("arms-detail", args=[assessment.pk])).content.decode()
    assert reverse("arms-edit", args=[assessment.pk]) in page
    assert reverse("arms-revise", args=[assessment.pk]) not in page


# Revising


def test_revising_a_signed_off_arms_makes_version_2_and_opens_it(client, signed_in_om, caseload_offender):
    original = factories.ArmsAssessmentFactory(
        offender=caseload_offender,
        status=WorkflowStatus.SIGNED_OFF,
        assessed_on=days_ago(200),
        notes="Version one",
    )
    detail = client.get(reverse("arms-detail", args=[original.pk])).content.decode()
    assert reverse("arms-revise", args=[original.pk]) in detail

    response = client.post(reverse("arms-revise", args=[original.pk]))
    revision = ArmsAssessment.objects.get(supersedes=original)
    assert response.url == reverse("arms-edit", args=[revision.pk])
    assert (revision.version, revision.status, revision.author) == (2, WorkflowStatus.DRAFT, signed_in_om)
    assert revision.notes == "Version one"
    original.refresh_from_db()
    assert original.status == WorkflowStatus.SIGNED_OFF

    again = client.post(reverse("arms-revise", args=[original.pk]), follow=True)
    assert ArmsAssessment.objects.count() == 2
    assert "Version 1 has already been revised." in again.content.decode()


def test_revising_a_returned_rmp_makes_version_2_the_new_draft(client, caseload_offender):
    original = factories.RiskManagementPlanFactory(
        offender=caseload_offender,
        status=WorkflowStatus.RETURNED,
        written_on=days_ago(30),
        next_review_on=days_ago(-150),
    )
    response = client.post(reverse("rmp-revise", args=[original.pk]), follow=True)
    revision = RiskManagementPlan.objects.get(supersedes=original)
    assert revision.version == 2
    assert response.redirect_chain[-1][0] == reverse("rmp-edit", args=[revision.pk])
    assert "Weekly contact with the offender manager." in response.content.decode()

    client.post(reverse("rmp-edit", args=[revision.pk]), rmp_post(submit="1"))
    revision.refresh_from_db()
    assert revision.status == WorkflowStatus.SUBMITTED


def test_a_submitted_record_cannot_be_revised(client, caseload_offender):
    submitted = factories.ArmsAssessmentFactory(offender=caseload_offender, assessed_on=days_ago(20))
    client.post(reverse("arms-revise", args=[submitted.pk]))
    assert ArmsAssessment.objects.count() == 1


def test_revise_only_accepts_post(client, caseload_offender):
    signed_off = factories.RiskManagementPlanFactory(
        offender=caseload_offender, status=WorkflowStatus.SIGNED_OFF
    )
    assert client.get(reverse("rmp-revise", args=[signed_off.pk])).status_code == 405
    assert RiskManagementPlan.objects.count() == 1


# Scope and roles


def test_an_offender_outside_my_scope_is_not_found(client):
    client.force_login(factories.StaffFactory())
    stranger = factories.OffenderFactory()
    assessment = factories.ArmsAssessmentFactory(offender=stranger, status=WorkflowStatus.SIGNED_OFF)
    plan = factories.RiskManagementPlanFactory(offender=stranger, status=WorkflowStatus.SIGNED_OFF)
    for url in (
        reverse("arms-new", args=[stranger.pk]),
        reverse("rmp-new", args=[stranger.pk]),
        reverse("arms-detail", args=[assessment.pk]),
        reverse("arms-edit", args=[assessment.pk]),
        reverse("rmp-detail", args=[plan.pk]),
        reverse("rmp-edit", args=[plan.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("arms-new", args=[stranger.pk]), arms_post(submit="1")).status_code == 404
    assert client.post(reverse("arms-revise", args=[assessment.pk])).status_code == 404
    assert client.post(reverse("rmp-revise", args=[plan.pk])).status_code == 404
    assert ArmsAssessment.objects.count() == 1
    assert RiskManagementPlan.objects.count() == 1


@pytest.mark.parametrize("role", [Role.SENIOR_LEADER, Role.ADMIN])
def test_only_offender_managers_and_supervisors_record_risk_work(client, caseload_offender, role):
    client.force_login(factories.StaffFactory(team=caseload_offender.team, role=role))
    signed_off = factories.ArmsAssessmentFactory(offender=caseload_offender, status=WorkflowStatus.SIGNED_OFF)
    response = client.post(reverse("arms-new", args=[caseload_offender.pk]), arms_post(submit="1"))
    # A senior leader sees the force's offenders (403); an admin sees none (404).
    assert response.status_code == (403 if role == Role.SENIOR_LEADER else 404)
    assert client.post(reverse("arms-revise", args=[signed_off.pk])).status_code in (403, 404)
    assert ArmsAssessment.objects.count() == 1


def test_pages_need_a_signed_in_user(client, caseload_offender):
    client.logout()
    response = client.get(reverse("arms-new", args=[caseload_offender.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# The offender record is current at once


def test_submitting_an_arms_clears_the_overdue_arms_from_the_due_panel(
    client, caseload_offender, django_capture_on_commit_callbacks
):
    outstanding_recompute_all()
    record_url = reverse("offender-record", args=[caseload_offender.pk])

    def overdue_kinds():
        return {entry.item.kind for entry in client.get(record_url).context["due"] if entry.days_overdue}

    assert DueKind.ARMS in overdue_kinds()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("arms-new", args=[caseload_offender.pk]), arms_post(on=timezone.localdate(), submit="1")
        )
    assert DueKind.ARMS not in overdue_kinds()


# Detail pages


def test_the_arms_detail_shows_status_version_and_reviews(client, caseload_offender):
    assessment = factories.ArmsAssessmentFactory(
        offender=caseload_offender, status=WorkflowStatus.RETURNED, risk_factors="Isolated; drinking again."
    )
    factories.SupervisorReviewFactory(
        visit=None,
        arms_assessment=assessment,
        decision=ReviewDecision.RETURNED,
        text="Risk factors need evidence from the last two visits before this can be signed off.",
    )
    page = client.get(reverse("arms-detail", args=[assessment.pk])).content.decode()
    assert "Returned to author" in page
    assert "Isolated; drinking again." in page
    assert "Risk factors need evidence from the last two visits" in page
    assert reverse("offender-record", args=[caseload_offender.pk]) in page


def test_the_rmp_detail_shows_the_visit_regime_and_links_versions(client, caseload_offender):
    original = factories.RiskManagementPlanFactory(
        offender=caseload_offender, status=WorkflowStatus.SIGNED_OFF, visit_every=1, visit_every_unit="months"
    )
    client.post(reverse("rmp-revise", args=[original.pk]))
    revision = RiskManagementPlan.objects.get(supersedes=original)
    original_page = client.get(reverse("rmp-detail", args=[original.pk])).content.decode()
    assert "Every 1 month" in original_page
    assert "Every 1 months" not in original_page
    assert reverse("rmp-detail", args=[revision.pk]) in original_page
    assert reverse("rmp-revise", args=[original.pk]) not in original_page  # already revised
    revision_page = client.get(reverse("rmp-detail", args=[revision.pk])).content.decode()
    assert reverse("rmp-detail", args=[original.pk]) in revision_page


@pytest.mark.parametrize("reviews", [1, 12])
def test_detail_pages_run_bounded_queries(client, caseload_offender, django_assert_max_num_queries, reviews):
    assessment = factories.ArmsAssessmentFactory(offender=caseload_offender, status=WorkflowStatus.SUBMITTED)
    plan = factories.RiskManagementPlanFactory(offender=caseload_offender, status=WorkflowStatus.SUBMITTED)
    for _ in range(reviews):
        reviewer = factories.SupervisorFactory(team=caseload_offender.team)
        factories.SupervisorReviewFactory(
            visit=None, arms_assessment=assessment, reviewer=reviewer, decision=ReviewDecision.RETURNED
        )
        factories.SupervisorReviewFactory(
            visit=None, risk_management_plan=plan, reviewer=reviewer, decision=ReviewDecision.RETURNED
        )
    with django_assert_max_num_queries(7):
        response = client.get(reverse("arms-detail", args=[assessment.pk]))
    assert response.content.decode().count("govuk-inset-text") == reviews
    with django_assert_max_num_queries(7):
        response = client.get(reverse("rmp-detail", args=[plan.pk]))
    assert response.content.decode().count("govuk-inset-text") == reviews


def test_the_rmp_date_order_error_comes_with_the_other_errors_in_one_round(client, caseload_offender):
    """Issue 15, item 7: a review date before the plan is reported with a form error, not after it."""
    written_on = days_ago(5)
    response = client.post(
        reverse("rmp-new", args=[caseload_offender.pk]),
        rmp_post(written_on=written_on, next_review_on=days_ago(10), visit_every="often", submit="1"),
    )
    errors = response.context["form"].errors
    assert errors["visit_every"] == ["Enter the visit regime as a whole number, like 6."]
    assert errors["next_review_on"] == ["The next review date must be after the date of the plan."]


def test_the_rmp_service_reports_every_problem_at_once(client, caseload_offender):
    """Issue 15, item 7: a future plan date and a regime without a unit are reported together."""
    response = client.post(
        reverse("rmp-new", args=[caseload_offender.pk]),
        rmp_post(written_on=days_ago(-3), next_review_on=days_ago(-30), visit_every_unit="", draft="1"),
    )
    errors = response.context["form"].errors
    assert set(errors) >= {"written_on", "visit_every"}
    assert not RiskManagementPlan.objects.exists()


# Issue 15, item 4: a plan goes to review whole, with a review date within the rule.


def test_a_plan_with_blank_sections_and_a_review_three_years_away_is_not_submitted(client, caseload_offender):
    written_on = days_ago(3)
    blank = dict.fromkeys(PLAN_SECTIONS, "")
    response = client.post(
        reverse("rmp-new", args=[caseload_offender.pk]),
        rmp_post(written_on=written_on, next_review_on=add_years(written_on, 3), submit="1") | blank,
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    # Every problem at once: the five sections and the review date.
    assert set(errors) == {*PLAN_SECTIONS, "next_review_on"}
    assert "Not applicable:" in errors["supervision"][0]
    assert f"on or before {long_date(add_months(written_on, 12))}" in errors["next_review_on"][0]
    assert not RiskManagementPlan.objects.exists()


def test_the_same_plan_is_kept_as_a_draft(client, caseload_offender):
    written_on = days_ago(3)
    client.post(
        reverse("rmp-new", args=[caseload_offender.pk]),
        rmp_post(written_on=written_on, next_review_on=add_years(written_on, 3), draft="1")
        | dict.fromkeys(PLAN_SECTIONS, ""),
    )
    assert RiskManagementPlan.objects.get().status == WorkflowStatus.DRAFT


@pytest.mark.parametrize(
    ("text", "accepted"),
    [
        ("Not applicable", False),
        ("N/A", False),
        ("Not applicable: none", False),
        ("Not applicable: the offences were online against adults he never met; no victim is known.", True),
    ],
)
def test_a_section_that_does_not_apply_says_why(client, caseload_offender, text, accepted):
    response = client.post(
        reverse("rmp-new", args=[caseload_offender.pk]), rmp_post(victim_safety_planning=text, submit="1")
    )
    plan = RiskManagementPlan.objects.filter(offender=caseload_offender).first()
    if accepted:
        assert plan.status == WorkflowStatus.SUBMITTED
    else:
        assert plan is None
        assert (
            "why the victim safety planning section does not apply"
            in response.context["form"].errors["victim_safety_planning"][0]
        )


def test_a_draft_with_blank_sections_is_refused_at_submission_and_stays_a_draft(client, caseload_offender):
    plan = factories.RiskManagementPlanFactory(
        offender=caseload_offender,
        written_on=days_ago(3),
        next_review_on=days_ago(-100),
        contingency="",
        status=WorkflowStatus.DRAFT,
        submitted_on=None,
    )
    with pytest.raises(ValidationError) as refused:
        services.rmp_submit(plan=plan, acting_user=plan.author, today=timezone.localdate())
    assert set(refused.value.message_dict) == {"contingency"}
    plan.refresh_from_db()
    assert (plan.status, plan.submitted_on) == (WorkflowStatus.DRAFT, None)


def test_a_later_review_date_within_the_longest_interval_goes_to_review_for_authorisation(
    client, caseload_offender
):
    """High risk: the interval gives 6 months; a plan may set up to 12, counted only once a
    supervisor authorises it."""
    caseload_offender.risk_level = RiskLevel.HIGH
    caseload_offender.save(update_fields=["risk_level"])
    written_on = days_ago(3)
    client.post(
        reverse("rmp-new", args=[caseload_offender.pk]),
        rmp_post(written_on=written_on, next_review_on=add_months(written_on, 10), submit="1"),
    )
    assert RiskManagementPlan.objects.get().status == WorkflowStatus.SUBMITTED
