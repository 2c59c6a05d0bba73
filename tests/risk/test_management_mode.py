"""Reactive management: the facts the eligibility rule is fed, the supervisor's decision, and
the annual work of reactive cases in the review queue [docs/rules.md § Reactive management]."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from offenders.life_events import offender_set_management_mode
from offenders.models import ManagementModeChange, Outcome
from offenders.selectors import reactive_facts
from outstanding.services import outstanding_recompute_all
from risk.services import arms_facts_push
from rules.choices import ManagementMode, OffenderStatus, RiskLevel
from rules.due import DueKind
from rules.reactive import ReactiveCriterion
from tests import factories
from tests.dates import today

pytestmark = pytest.mark.django_db


def years_ago(n, days=0):
    return today() - datetime.timedelta(days=365 * n + days)


@pytest.fixture
def eligible(supervisor):
    """Low risk in the community for five years, nothing recorded against them, no order."""
    om = factories.StaffFactory(team=supervisor.team, supervisor=supervisor)
    offender = factories.OffenderFactory(
        team=om.team, offender_manager=om, risk_level=RiskLevel.LOW, managed_since=years_ago(6)
    )
    for years in (5, 3):
        assessed(offender, years_ago(years), RiskLevel.LOW)
    assessed(offender, today() - datetime.timedelta(days=200), RiskLevel.LOW)
    return offender


def assessed(offender, on, level):
    """An ARMS completed on `on`, handed to the offender record as the ARMS service does."""
    factories.ArmsAssessmentFactory(offender=offender, assessed_on=on, risk_level=level)
    arms_facts_push(offender_id=offender.pk, today=today(), acting_user=None)
    offender.refresh_from_db()


def unmet(offender):
    return reactive_facts(offender, today=today()).eligibility.unmet


def test_low_risk_in_the_community_for_years_with_nothing_against_them_is_eligible(eligible):
    facts = reactive_facts(eligible, today=today())
    assert facts.eligibility.eligible and facts.low_risk_since == years_ago(5)


def test_a_recent_medium_assessment_restarts_the_low_risk_years(eligible):
    assessed(eligible, years_ago(2), RiskLevel.MEDIUM)
    assert unmet(eligible) == (ReactiveCriterion.LOW_RISK_IN_COMMUNITY_3_YEARS,)


def test_a_release_from_custody_within_three_years_is_unmet(eligible):
    eligible.community_since = years_ago(1)
    eligible.save()
    assert unmet(eligible) == (ReactiveCriterion.LOW_RISK_IN_COMMUNITY_3_YEARS,)


def test_an_outcome_in_the_last_three_years_is_unmet(eligible):
    Outcome.objects.create(
        offender=eligible, kind="concern", occurred_on=years_ago(1), recorded_by=eligible.offender_manager
    )
    assert unmet(eligible) == (ReactiveCriterion.OFFENCE_AND_CONCERN_FREE_3_YEARS,)


def test_an_shpo_in_force_is_unmet_and_an_ended_one_is_not(eligible):
    factories.OrderFactory(offender=eligible, kind="shpo", starts_on=years_ago(10), ends_on=years_ago(4))
    assert unmet(eligible) == ()
    factories.OrderFactory(offender=eligible, kind="sro", starts_on=years_ago(1), ends_on=None)
    assert unmet(eligible) == (ReactiveCriterion.NO_CIVIL_ORDER,)


def test_every_unmet_criterion_is_named_when_the_move_is_refused(supervisor, eligible):
    eligible.risk_level = RiskLevel.MEDIUM
    eligible.status = OffenderStatus.CUSTODY
    eligible.save()
    factories.OrderFactory(offender=eligible, starts_on=years_ago(1), ends_on=None)
    with pytest.raises(ValidationError) as refusal:
        offender_set_management_mode(
            offender=eligible,
            mode=ManagementMode.REACTIVE,
            supervisor=supervisor,
            reason="Stable.",
            today=today(),
        )
    message = " ".join(refusal.value.messages)
    for criterion in (
        ReactiveCriterion.LOW_RISK_IN_COMMUNITY_3_YEARS,
        ReactiveCriterion.CURRENT_ARMS_LOW,
        ReactiveCriterion.NO_CIVIL_ORDER,
    ):
        assert str(criterion.label) in message
    eligible.refresh_from_db()
    assert eligible.management_mode == ManagementMode.ACTIVE and not ManagementModeChange.objects.exists()


def test_a_supervisor_moves_an_eligible_offender_and_the_annual_work_reaches_the_queue(
    client, supervisor, eligible, django_capture_on_commit_callbacks
):
    client.force_login(supervisor)
    page = client.get(reverse("management-mode", args=[eligible.pk])).content.decode()
    assert "Move to reactive management" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("management-mode", args=[eligible.pk]),
            {"reason": "Five years low risk, fully compliant."},
        )
    assert response.status_code == 302
    eligible.refresh_from_db()
    assert (eligible.management_mode, eligible.reactive_since) == (ManagementMode.REACTIVE, today())
    change = ManagementModeChange.objects.get(offender=eligible)
    assert (change.changed_by, change.mode) == (supervisor, ManagementMode.REACTIVE)
    # A year on nothing has been checked: move the start back so the annual work is due now.
    type(eligible).objects.filter(pk=eligible.pk).update(reactive_since=years_ago(1, days=5))
    factories.RiskManagementPlanFactory(
        offender=eligible,
        written_on=years_ago(1, days=10),
        next_review_on=today() + datetime.timedelta(days=300),
    )
    outstanding_recompute_all()
    queue = client.get(reverse("review-queue")).content.decode()
    assert str(DueKind.REACTIVE_CHECKS.label) in queue
    assert str(DueKind.REACTIVE_RMP_REVIEW.label) in queue


def test_an_ineligible_offender_shows_why_and_no_button(client, supervisor, eligible):
    eligible.risk_level = RiskLevel.HIGH
    eligible.save()
    client.force_login(supervisor)
    page = client.get(reverse("management-mode", args=[eligible.pk])).content.decode()
    assert "Not met: A current ARMS assessment of low" in page
    assert "Move to reactive management</button>" not in page
    client.post(reverse("management-mode", args=[eligible.pk]), {"reason": "Try anyway."})
    eligible.refresh_from_db()
    assert eligible.management_mode == ManagementMode.ACTIVE


def test_only_a_supervisor_decides(client, eligible):
    client.force_login(eligible.offender_manager)
    assert client.get(reverse("management-mode", args=[eligible.pk])).status_code == 200
    assert client.post(reverse("management-mode", args=[eligible.pk]), {"reason": "x"}).status_code == 403


def test_returning_to_active_management_is_always_allowed(supervisor, eligible):
    offender_set_management_mode(
        offender=eligible,
        mode=ManagementMode.REACTIVE,
        supervisor=supervisor,
        reason="Eligible.",
        today=today(),
    )
    eligible.refresh_from_db()
    eligible.risk_level = RiskLevel.HIGH
    eligible.save()
    offender_set_management_mode(
        offender=eligible,
        mode=ManagementMode.ACTIVE,
        supervisor=supervisor,
        reason="New intelligence.",
        today=today(),
    )
    eligible.refresh_from_db()
    assert eligible.management_mode == ManagementMode.ACTIVE and eligible.reactive_since is None
    assert list(ManagementModeChange.objects.values_list("mode", flat=True).order_by("pk")) == [
        ManagementMode.REACTIVE,
        ManagementMode.ACTIVE,
    ]
