import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from offenders.case_records import record_revise, record_submit
from risk import services
from risk.content import ArmsContent, PlanContent
from risk.models import ReviewDecision
from rules.choices import RiskLevel, WorkflowStatus
from rules.policy import Policy
from tests import factories

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 11, 23)
POLICY = Policy()
REVIEW = (
    "ARMS scoring checked against the interview notes; protective factors are evidenced. Agree high risk; "
    "bring the next visit forward and refer the new associate to the MAPPA meeting."
)


def draft_arms(*, offender=None, author=None, **overrides):
    offender = offender or factories.OffenderFactory(risk_level=None)
    content = ArmsContent(**({"assessed_on": D(2026, 11, 1), "risk_level": RiskLevel.HIGH} | overrides))
    return services.arms_save(
        offender=offender, content=content, acting_user=author or offender.offender_manager, today=TODAY
    )


def test_submitting_an_arms_sets_the_offenders_risk_level():
    arms = draft_arms()
    assert arms.offender.risk_level is None
    services.arms_submit(assessment=arms, acting_user=arms.author, today=TODAY)
    arms.offender.refresh_from_db()
    assert arms.offender.risk_level == RiskLevel.HIGH


def test_a_draft_arms_does_not_change_the_risk_level():
    arms = draft_arms()
    arms.offender.refresh_from_db()
    assert arms.offender.risk_level is None


@pytest.mark.parametrize(
    ("assessed_on", "message"),
    [(D(2026, 11, 24), "today or in the past"), (D(2019, 1, 1), "when management began")],
)
def test_arms_dates_are_validated(assessed_on, message):
    with pytest.raises(ValidationError, match=message):
        draft_arms(assessed_on=assessed_on)


def test_rmp_review_date_must_follow_the_plan():
    offender = factories.OffenderFactory()
    with pytest.raises(ValidationError, match="after the date of the plan"):
        services.rmp_save(
            offender=offender,
            content=PlanContent(written_on=D(2026, 11, 1), next_review_on=D(2026, 11, 1)),
            acting_user=offender.offender_manager,
            today=TODAY,
        )


def test_rmp_regime_needs_a_unit():
    offender = factories.OffenderFactory()
    with pytest.raises(ValidationError, match="number and a unit"):
        services.rmp_save(
            offender=offender,
            content=PlanContent(written_on=D(2026, 11, 1), next_review_on=D(2027, 5, 1), visit_every=2),
            acting_user=offender.offender_manager,
            today=TODAY,
        )


def submitted_arms():
    arms = draft_arms()
    return record_submit(record=arms, acting_user=arms.author, today=D(2026, 11, 2))


def review(record, **overrides):
    fields = {
        "record": record,
        "reviewer": factories.supervisor_of(record.author),
        "text": REVIEW,
        "decision": ReviewDecision.SIGNED_OFF,
        "reviewed_on": TODAY,
        "policy": POLICY,
    }
    return services.review_record(**(fields | overrides))


def test_sign_off_makes_the_record_signed_off():
    arms = submitted_arms()
    review(arms)
    arms.refresh_from_db()
    assert arms.status == WorkflowStatus.SIGNED_OFF


def test_return_sends_the_record_back_for_a_new_version():
    arms = submitted_arms()
    review(arms, decision=ReviewDecision.RETURNED)
    arms.refresh_from_db()
    assert arms.status == WorkflowStatus.RETURNED
    revision = record_revise(record=arms, author=arms.author)
    assert (revision.version, revision.supersedes, revision.status, revision.risk_level) == (
        2,
        arms,
        WorkflowStatus.DRAFT,
        RiskLevel.HIGH,
    )


@pytest.mark.parametrize("text", ["ok", "JB", "Reviewed. " * 3])
def test_sign_off_requires_written_review(text):
    with pytest.raises(ValidationError, match="initials or a word are not a review"):
        review(submitted_arms(), text=text)


def test_a_copy_of_the_last_review_is_refused():
    first = submitted_arms()
    review(first)
    second = record_submit(record=draft_arms(offender=first.offender), acting_user=first.author, today=TODAY)
    with pytest.raises(ValidationError, match="copies an earlier review"):
        review(second, text="  " + REVIEW.upper())


def test_nobody_signs_off_their_own_work():
    supervisor = factories.SupervisorFactory()
    om = factories.StaffFactory(team=supervisor.team, supervisor=supervisor)
    offender = factories.OffenderFactory(team=supervisor.team, offender_manager=om)
    arms = draft_arms(offender=offender, author=supervisor)
    record_submit(record=arms, acting_user=supervisor, today=TODAY)
    with pytest.raises(ValidationError, match="your own work"):
        review(arms, reviewer=supervisor)


def test_a_signed_off_record_cannot_be_reviewed_or_resubmitted_again():
    arms = submitted_arms()
    review(arms)
    with pytest.raises(ValidationError, match="not awaiting review"):
        review(arms, decision=ReviewDecision.RETURNED)
    with pytest.raises(ValidationError, match="cannot be changed"):
        record_submit(record=arms, acting_user=arms.author, today=TODAY)


def test_only_a_supervisor_reviews():
    arms = submitted_arms()
    with pytest.raises(PermissionDenied, match="Only a supervisor"):
        review(arms, reviewer=factories.StaffFactory())
