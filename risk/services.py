"""Writes about ARMS assessments, RMPs and supervisor reviews
[docs/rules.md § Risk assessments and plans; docs/rules.md § Supervisor review]."""

import datetime
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from kit.dates import long_date
from offenders import audit
from offenders.case_records import (
    check_version,
    content_values,
    locked,
    locked_draft,
    new_or_change,
    record_submit,
    save_draft,
    touch,
    validate_record_date,
)
from offenders.changes import offender_changed
from offenders.models import AuditOperation, CaseRecord, Offender
from offenders.permissions import authorise
from offenders.services import offender_risk_assessed
from risk.content import ArmsContent, PlanContent, next_review_problem
from risk.models import (
    ArmsAssessment,
    PlanReviewAuthorisation,
    ReviewDecision,
    RiskManagementPlan,
    SupervisorReview,
    review_field,
)
from risk.selectors import awaiting_review_scope, earlier_review_texts
from rules.choices import COMPLETED_STATUSES, RiskLevel, WorkflowStatus
from rules.due import PlanReviewInterval, rmp_review_interval
from rules.plan import PLAN_SECTIONS, latest_review_on, longest_review_months, sections_problems
from rules.policy import Policy
from rules.review import review_text_problem
from workforce.models import ForcePolicy, Staff
from workforce.permissions import PERMISSIONS, Action, may, require

# A supervisor's reason for a later RMP review: a sentence, not a word.
MIN_AUTHORISATION_REASON = 40


@transaction.atomic
def arms_save(
    *,
    offender: Offender | None = None,
    assessment: ArmsAssessment | None = None,
    content: ArmsContent,
    acting_user: Staff,
    today: datetime.date,
    expected_version: int | None = None,
) -> ArmsAssessment:
    """Record an ARMS assessment as a draft by `acting_user` for `offender`, or change the
    draft `assessment` (its author only, from its latest version); a submitted one is changed
    only by a new version."""
    new_or_change(offender, assessment)
    authorise(acting_user, Action.RECORD, offender if assessment is None else assessment.offender)
    if assessment is None:
        assert offender is not None  # new_or_change refused neither being given
        _validate_arms(offender=offender, content=content, today=today)
        assessment = ArmsAssessment.objects.create(
            offender=offender, author=acting_user, **content_values(content)
        )
        audit.log(
            actor=acting_user, operation=AuditOperation.COLLECTION, offenders=offender, record=assessment
        )
        return assessment
    assessment = locked_draft(assessment, acting_user, expected_version=expected_version)
    _validate_arms(offender=assessment.offender, content=content, today=today)
    return save_draft(assessment, content_values(content), acting_user=acting_user)


def _validate_arms(*, offender: Offender, content: ArmsContent, today: datetime.date) -> None:
    validate_record_date(
        offender=offender,
        on=content.assessed_on,
        today=today,
        label="The assessment date",
        field="assessed_on",
    )


@transaction.atomic
def arms_submit(
    *,
    assessment: ArmsAssessment,
    acting_user: Staff,
    today: datetime.date,
    expected_version: int | None = None,
) -> ArmsAssessment:
    """Submit an ARMS for review; the offender's current risk level becomes that of their
    latest completed assessment."""
    assessment = record_submit(
        record=assessment, acting_user=acting_user, today=today, expected_version=expected_version
    )
    arms_facts_push(offender_id=assessment.offender_id, today=today, acting_user=acting_user)
    return assessment


def arms_facts_push(*, offender_id: int, today: datetime.date, acting_user: Staff | None) -> None:
    """Hand the offender record what its rules need from the completed (submitted or
    signed-off) police ARMS assessments: the latest level and date, and the first of the
    current run of low levels ("managed as low risk" for reactive management)."""
    levels = list(
        ArmsAssessment.objects.filter(offender_id=offender_id, status__in=COMPLETED_STATUSES)
        .order_by("-assessed_on", "-version", "-pk")
        .values_list("assessed_on", "risk_level")
    )
    low_risk_since = None
    for assessed_on, level in levels:
        if level != RiskLevel.LOW:
            break
        low_risk_since = assessed_on
    offender_risk_assessed(
        offender_id=offender_id,
        arms_level=levels[0][1] if levels else None,
        assessed_on=levels[0][0] if levels else None,
        low_risk_since=low_risk_since,
        today=today,
        acting_user=acting_user,
    )


def _validate_rmp(*, offender: Offender, content: PlanContent, today: datetime.date) -> None:
    """Every problem with the plan at once, each on its field, so the author fixes them in one round."""
    written_on, visit_every = content.written_on, content.visit_every
    errors: dict[str, str] = {}
    try:
        validate_record_date(
            offender=offender, on=written_on, today=today, label="The plan date", field="written_on"
        )
    except ValidationError as error:
        errors.update({field: messages[0] for field, messages in error.message_dict.items()})
    if problem := next_review_problem(written_on, content.next_review_on):
        errors["next_review_on"] = problem
    if (visit_every is None) != (not content.visit_every_unit):
        errors["visit_every"] = "Give the visit regime as a number and a unit (weeks or months)."
    elif visit_every is not None and visit_every < 1:
        errors["visit_every"] = "The visit regime must be at least every 1 week or month."
    if errors:
        raise ValidationError(errors)


def plan_submission_problems(
    *,
    offender: Offender,
    sections: Mapping[str, str],
    written_on: datetime.date | None,
    next_review_on: datetime.date | None,
) -> dict[str, str]:
    """What stops a plan going to review, by field [docs/rules.md § Risk assessments and plans]:
    a section not written (nor said not to apply, with the reason), or a review date later than
    any plan may run (judged once both dates are known). The plan form asks it with its other
    checks, `rmp_submit` before it submits."""
    policy = ForcePolicy.rules_for(offender.force_id)
    problems = sections_problems(sections)
    if written_on is None or next_review_on is None:
        return problems
    latest = latest_review_on(written_on, policy)
    if next_review_on > latest:
        interval = rmp_review_interval(
            written_on=written_on,
            risk_level=offender.risk_level,
            management_mode=offender.management_mode,
            risk_level_source=offender.risk_level_source,
            policy=policy,
        )
        problems["next_review_on"] = (
            f"A plan is reviewed within {longest_review_months(policy)} months: choose a review date on "
            f"or before {long_date(latest)}. For this offender the force's interval gives "
            f"{long_date(interval.due_on)}; a later date counts only once a supervisor authorises it."
        )
    return problems


@transaction.atomic
def rmp_submit(
    *,
    plan: RiskManagementPlan,
    acting_user: Staff,
    today: datetime.date,
    expected_version: int | None = None,
) -> RiskManagementPlan:
    """Submit a plan for review once it is whole (`plan_submission_problems`, all at once);
    a draft may be saved half-written, a submitted plan may not."""
    plan = record_submit(record=plan, acting_user=acting_user, today=today, expected_version=expected_version)
    problems = plan_submission_problems(
        offender=plan.offender,
        sections={field: getattr(plan, field) for field in PLAN_SECTIONS},
        written_on=plan.written_on,
        next_review_on=plan.next_review_on,
    )
    if problems:
        raise ValidationError(problems)  # the transaction undoes the submission
    return plan


@transaction.atomic
def rmp_save(
    *,
    offender: Offender | None = None,
    plan: RiskManagementPlan | None = None,
    content: PlanContent,
    acting_user: Staff,
    today: datetime.date,
    expected_version: int | None = None,
) -> RiskManagementPlan:
    """Write a risk management plan, with its bespoke visit regime, as a draft by `acting_user`
    for `offender`, or change the draft `plan` (its author only, from its latest version); a
    submitted one is changed only by a new version."""
    new_or_change(offender, plan)
    authorise(acting_user, Action.RECORD, offender if plan is None else plan.offender)
    if plan is None:
        assert offender is not None  # new_or_change refused neither being given
        _validate_rmp(offender=offender, content=content, today=today)
        plan = RiskManagementPlan.objects.create(
            offender=offender, author=acting_user, **content_values(content)
        )
        audit.log(actor=acting_user, operation=AuditOperation.COLLECTION, offenders=offender, record=plan)
        return plan
    plan = locked_draft(plan, acting_user, expected_version=expected_version)
    _validate_rmp(offender=plan.offender, content=content, today=today)
    return save_draft(plan, content_values(content), acting_user=acting_user)


@transaction.atomic
def review_record(
    *,
    record: CaseRecord,
    reviewer: Staff,
    text: str,
    decision: str,
    reviewed_on: datetime.date,
    policy: Policy,
    expected_version: int | None = None,
) -> SupervisorReview:
    """A supervisor's bespoke written review of an ARMS, RMP or visit [docs/rules.md § Supervisor review]: not
    initials, not a copy of an earlier review, never of the reviewer's own work. Signing off
    makes the record immutable (the database refuses any change); returning it, with the
    reasons, sends it back to the author, who revises it as a new version."""
    require(reviewer, Action.REVIEW)
    in_queue = awaiting_review_scope(reviewer, today=reviewed_on)
    if not type(record).objects.filter(in_queue, pk=record.pk).exists():
        raise PermissionDenied(
            "This record's review is not yours: it falls to the supervisor of the officer who wrote it."
        )
    record = locked(record)
    check_version(record, expected_version)
    if record.author_id == reviewer.pk:
        raise ValidationError("You cannot review your own work; another supervisor must review it.")
    if record.status != WorkflowStatus.SUBMITTED:
        raise ValidationError(f"This record is {record.get_status_display().lower()}, not awaiting review.")
    if decision not in ReviewDecision.values:
        raise ValidationError({"decision": "Choose whether to sign off or return the record."})
    assert record.submitted_on is not None  # submitted, so dated (the table's check constraint)
    if reviewed_on < record.submitted_on:
        raise ValidationError({"reviewed_on": "A review cannot predate the submission it reviews."})
    problem = review_text_problem(
        text,
        min_characters=policy.review_min_characters,
        earlier_reviews=earlier_review_texts(record.offender_id),
    )
    if problem:
        raise ValidationError({"text": problem})
    review = SupervisorReview.objects.create(
        **{review_field(type(record)): record},
        reviewer=reviewer,
        text=text.strip(),
        decision=decision,
        reviewed_on=reviewed_on,
    )
    record.status = (
        WorkflowStatus.SIGNED_OFF if decision == ReviewDecision.SIGNED_OFF else WorkflowStatus.RETURNED
    )
    touch(record, reviewer, ["status"])
    if isinstance(record, ArmsAssessment) and record.status == WorkflowStatus.RETURNED:
        # A returned assessment is no longer complete: the level falls back to the one before.
        arms_facts_push(offender_id=record.offender_id, today=reviewed_on, acting_user=reviewer)
    audit.log(
        actor=reviewer, operation=AuditOperation.COLLECTION, offenders=record.offender_id, record=review
    )
    audit.log(
        actor=reviewer, operation=AuditOperation.ALTERATION, offenders=record.offender_id, record=record
    )
    offender_changed(record.offender_id)
    return review


def plan_review_interval(plan: RiskManagementPlan, policy: Policy) -> PlanReviewInterval:
    """The review date the force's interval gives this plan (the due engine's rule)."""
    offender = plan.offender
    return rmp_review_interval(
        written_on=plan.written_on,
        risk_level=offender.risk_level,
        management_mode=offender.management_mode,
        risk_level_source=offender.risk_level_source,
        policy=policy,
    )


def later_review_refusal(*, plan: RiskManagementPlan, supervisor: Staff, policy: Policy) -> str:
    """Why `supervisor` cannot authorise this plan's later review date now ("" if they can): only
    another supervisor, of a submitted plan that no later version replaces, whose review date is
    later than the interval allows and not yet authorised."""
    if not may(supervisor, Action.AUTHORISE_LATER_REVIEW):
        return PERMISSIONS[Action.AUTHORISE_LATER_REVIEW].refusal
    if plan.author_id == supervisor.pk:
        return "You cannot authorise your own plan's review date; another supervisor must."
    if plan.status not in COMPLETED_STATUSES:
        return "A later review date can be authorised once the plan is submitted."
    if RiskManagementPlan.objects.filter(supersedes=plan).exists():
        return "A later version of this plan replaces it: authorise that version's review date instead."
    if PlanReviewAuthorisation.objects.filter(plan=plan).exists():
        return "This plan's later review date is already authorised."
    if plan.next_review_on <= plan_review_interval(plan, policy).due_on:
        return "This plan's review date is within the force's interval: there is nothing to authorise."
    return ""


@transaction.atomic
def rmp_authorise_later_review(
    *, plan: RiskManagementPlan, supervisor: Staff, reason: str, today: datetime.date
) -> PlanReviewAuthorisation:
    """A supervisor authorises, with the reason, an RMP's review date later than the force's
    interval for the offender's risk level; without it the interval decides the review
    (docs/rules.md § What falls due). Refused as `later_review_refusal` says."""
    authorise(supervisor, Action.AUTHORISE_LATER_REVIEW, plan.offender)
    plan = RiskManagementPlan.objects.select_for_update().select_related("offender").get(pk=plan.pk)
    refusal = later_review_refusal(
        plan=plan, supervisor=supervisor, policy=ForcePolicy.rules_for(plan.offender.force_id)
    )
    if refusal:
        raise ValidationError(refusal)
    if len(reason.strip()) < MIN_AUTHORISATION_REASON:
        raise ValidationError(
            {"reason": f"Explain in at least {MIN_AUTHORISATION_REASON} characters why the review can wait."}
        )
    authorisation = PlanReviewAuthorisation.objects.create(
        plan=plan, authorised_by=supervisor, authorised_on=today, reason=reason.strip()
    )
    audit.log(
        actor=supervisor,
        operation=AuditOperation.COLLECTION,
        offenders=plan.offender_id,
        record=authorisation,
    )
    offender_changed(plan.offender_id)
    return authorisation
