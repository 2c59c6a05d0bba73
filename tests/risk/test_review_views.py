"""Reviewing in the browser: sign off, return with reasons (the OM sees it and revises), and
the refusals — a one-word review, one's own work, a record outside one's queue."""

import pytest
from django.urls import reverse

from risk.models import ReviewDecision, SupervisorReview
from rules.choices import RiskLevel, WorkflowStatus
from tests import factories
from tests.dates import days_ago
from visits.models import Visit

pytestmark = pytest.mark.django_db

REVIEW = (
    "Visit double crewed and unannounced as planned. Phone inspected under the SHPO with no "
    "concerns; next visit to confirm the new address details with the landlord."
)
REASONS = (
    "Returned: the record does not say which devices were inspected or what was found. Add the "
    "findings for the registered phone and laptop and resubmit."
)


@pytest.fixture
def supervisor(supervisor, client):
    """The shared supervisor, signed in."""
    client.force_login(supervisor)
    return supervisor


@pytest.fixture
def visit(om):
    offender = factories.OffenderFactory(team=om.team, offender_manager=om, risk_level=RiskLevel.HIGH)
    return factories.VisitFactory(offender=offender, submitted_on=days_ago(40), visited_on=days_ago(40))


def review_url(kind, pk):
    return reverse("review-record", args=[kind, pk])


def test_the_review_page_shows_the_record_its_context_and_how_overdue_it_is(client, supervisor, visit):
    arms = factories.ArmsAssessmentFactory(offender=visit.offender, assessed_on=days_ago(100))
    factories.OrderFactory(offender=visit.offender)
    page = client.get(review_url("visit", visit.pk)).content.decode()
    assert "Review visit" in page
    assert "Overdue by" in page
    assert reverse("arms-detail", args=[arms.pk]) in page
    assert "Sexual Harm Prevention Order" in page


def test_a_supervisor_signs_off_with_a_written_review(client, supervisor, visit):
    response = client.post(review_url("visit", visit.pk), {"decision": "signed_off", "text": REVIEW})
    assert response.status_code == 302 and response.url == reverse("review-queue")
    visit.refresh_from_db()
    assert visit.status == WorkflowStatus.SIGNED_OFF
    review = SupervisorReview.objects.get(visit=visit)
    assert (review.reviewer, review.text, review.decision) == (supervisor, REVIEW, ReviewDecision.SIGNED_OFF)


def test_a_one_word_review_is_refused_and_what_was_typed_is_kept(client, supervisor, visit):
    response = client.post(review_url("visit", visit.pk), {"decision": "signed_off", "text": "ok"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "initials or a word are not a review" in page
    assert "\nok</textarea>" in page
    visit.refresh_from_db()
    assert visit.status == WorkflowStatus.SUBMITTED and not SupervisorReview.objects.exists()


def test_a_supervisor_cannot_review_their_own_work(client, supervisor, om):
    offender = factories.OffenderFactory(team=om.team, offender_manager=om)
    own = factories.VisitFactory(offender=offender, author=supervisor, co_attending_officer=om)
    page = client.get(review_url("visit", own.pk)).content.decode()
    assert "You cannot review your own work" in page and 'name="text"' not in page
    response = client.post(review_url("visit", own.pk), {"decision": "signed_off", "text": REVIEW})
    assert "You cannot review your own work" in response.content.decode()
    own.refresh_from_db()
    assert own.status == WorkflowStatus.SUBMITTED


def test_returning_sends_it_back_to_the_om_who_sees_the_reasons_and_revises(client, supervisor, om, visit):
    client.post(review_url("visit", visit.pk), {"decision": "returned", "text": REASONS})
    visit.refresh_from_db()
    assert visit.status == WorkflowStatus.RETURNED
    client.force_login(om)
    caseload = client.get(reverse("caseload")).content.decode()
    assert "Returned to you" in caseload and "Add the findings for the registered phone" in caseload
    assert visit.get_absolute_url() in caseload
    response = client.post(reverse("visit-revise", args=[visit.pk]))
    revision = Visit.objects.get(supersedes=visit)
    assert response.url == reverse("visit-edit", args=[revision.pk])
    assert (revision.version, revision.status) == (2, WorkflowStatus.DRAFT)
    assert "Returned to you" not in client.get(reverse("caseload")).content.decode()


def test_a_revision_needs_its_own_review_and_the_reviewer_sees_why_it_was_returned(
    client, supervisor, om, visit
):
    client.post(review_url("visit", visit.pk), {"decision": "returned", "text": REASONS})
    client.force_login(om)
    client.post(reverse("visit-revise", args=[visit.pk]))
    revision = Visit.objects.get(supersedes=visit)
    client.post(reverse("visit-submit", args=[revision.pk]))
    client.force_login(supervisor)
    page = client.get(review_url("visit", revision.pk)).content.decode()
    assert "Why version 1 was returned" in page and "Add the findings" in page
    assert 'name="text"' in page


def test_a_record_outside_the_supervisors_oversight_is_not_found(client, supervisor):
    elsewhere = factories.VisitFactory()
    assert client.get(review_url("visit", elsewhere.pk)).status_code == 404
    assert client.get(review_url("nonsense", elsewhere.pk)).status_code == 404


def test_offender_managers_cannot_review(client, om, visit):
    client.force_login(om)
    assert (
        client.post(review_url("visit", visit.pk), {"decision": "signed_off", "text": REVIEW}).status_code
        == 403
    )


def test_acronyms_keep_their_capitals_on_the_review_page_and_in_the_queue(client, supervisor, visit):
    """Issue 15, item 15: "Review ARMS assessment", never "Review arms assessment"."""
    arms = factories.ArmsAssessmentFactory(offender=visit.offender, assessed_on=days_ago(10))
    page = client.get(review_url("arms", arms.pk)).content.decode()
    assert "Review ARMS assessment" in page and "The ARMS assessment" in page
    assert "arms assessment" not in page.replace("ARMS assessment", "")
    queue = client.get(reverse("review-queue")).content.decode()
    assert 'Review<span class="govuk-visually-hidden"> ARMS assessment for' in queue
