"""No lost updates: a change made from an older copy of a record is refused with who changed
it and when, and what the user typed is kept for them to make their change again."""

import pytest
from django.urls import reverse
from django.utils import timezone

from offenders.case_records import ConcurrentChange
from risk import services
from risk.content import ArmsContent
from risk.models import ArmsAssessment
from rules.choices import RiskLevel, WorkflowStatus
from tests import factories
from tests.dates import date_fields, days_ago
from visits.models import Visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    om = factories.StaffFactory(first_name="Primorin", last_name="Testperson")
    offender = factories.OffenderFactory(team=om.team, offender_manager=om, managed_since=days_ago(900))
    return factories.ArmsAssessmentFactory(
        offender=offender, author=om, status=WorkflowStatus.DRAFT, submitted_on=None, assessed_on=days_ago(3)
    )


def update(draft, version, notes):
    return services.arms_save(
        assessment=draft,
        content=ArmsContent(assessed_on=draft.assessed_on, risk_level=RiskLevel.HIGH, notes=notes),
        acting_user=draft.author,
        today=timezone.localdate(),
        expected_version=version,
    )


def test_a_change_from_an_older_copy_is_refused_and_says_who_changed_it_and_when(draft):
    update(draft, 1, "First window: interviewed at home.")
    with pytest.raises(ConcurrentChange) as refused:
        update(draft, 1, "Second window: typed over the first.")
    message = refused.value.messages[0]
    changed_at = timezone.localtime(ArmsAssessment.objects.get(pk=draft.pk).updated_at)
    assert "changed by Primorin Testperson" in message and f"at {changed_at:%H:%M}" in message
    draft.refresh_from_db()
    assert (draft.notes, draft.row_version) == ("First window: interviewed at home.", 2)


def test_the_form_refuses_a_stale_save_and_keeps_what_was_typed(client, draft):
    client.force_login(draft.author)
    url = reverse("arms-edit", args=[draft.pk])
    assert 'name="row_version" value="1"' in client.get(url).content.decode()
    data = {**date_fields("assessed_on", draft.assessed_on), "risk_level": RiskLevel.HIGH, "row_version": "1"}
    assert client.post(url, data | {"notes": "Saved first.", "draft": "1"}).status_code == 302
    stale = client.post(url, data | {"notes": "Typed in an old tab.", "draft": "1"})
    page = stale.content.decode()
    assert stale.status_code == 200 and "after you opened it" in page and "Typed in an old tab." in page
    assert ArmsAssessment.objects.get(pk=draft.pk).notes == "Saved first."


def test_two_supervisors_reviewing_at_once_the_second_is_told_it_changed(client):
    supervisor = factories.SupervisorFactory()
    colleague = factories.SupervisorFactory(team=supervisor.team)
    om = factories.StaffFactory(team=supervisor.team, supervisor=supervisor)
    visit = factories.VisitFactory(offender=factories.OffenderFactory(team=om.team, offender_manager=om))
    review = (
        "Visit double crewed and unannounced; devices inspected with no concerns. Next visit to check "
        "the new address and the employer details."
    )
    client.force_login(supervisor)
    url = reverse("review-record", args=["visit", visit.pk])
    assert client.post(url, {"decision": "signed_off", "text": review, "row_version": "1"}).status_code == 302
    # A colleague covering for the supervisor (away today) had the page open from before it was
    # signed off, and now saves a review.
    factories.AbsenceFactory(staff=supervisor, starts_on=timezone.localdate(), ends_on=None)
    with pytest.raises(ConcurrentChange):
        services.review_record(
            record=visit,
            reviewer=colleague,
            text=review + " Agreed.",
            decision="returned",
            reviewed_on=timezone.localdate(),
            policy=factories.ForcePolicyFactory(force=om.force).as_rules(),
            expected_version=1,
        )
    assert Visit.objects.get(pk=visit.pk).status == WorkflowStatus.SIGNED_OFF
