"""A supervisor's notices on their home page and in the daily digest: reviews nearing the
one-month mark, overdue reviews, unauthorised visits, abstractions to review, 50/20 and cover."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from casework.notifications import supervisor_digests_send
from casework.supervision import supervisor_notices
from casework.tasks import send_supervisor_digests
from rules.choices import WorkflowStatus
from rules.dates import add_months
from rules.policy import Policy
from tests import factories
from tests.dates import today

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _memory_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def supervisor():
    """The supervisor has an email address: the digests go to it."""
    return factories.SupervisorFactory(email="sgt.testperson@example.invalid")


def submitted_with_deadline_in(offender, days):
    """A visit whose one-month review deadline is `days` from today."""
    deadline = today() + datetime.timedelta(days=days)
    submitted = add_months(deadline, -1)
    while add_months(submitted, 1) != deadline:  # month ends: find a day whose deadline is exactly it
        submitted -= datetime.timedelta(days=1)
    return factories.VisitFactory(offender=offender, visited_on=submitted, submitted_on=submitted)


def test_reviews_due_within_the_warning_days_are_nearing_and_older_ones_overdue(supervisor, offender):
    today_due = submitted_with_deadline_in(offender, 0)
    in_a_week = submitted_with_deadline_in(offender, 7)
    submitted_with_deadline_in(offender, 8)  # not yet
    submitted_with_deadline_in(offender, -1)  # overdue
    notices = supervisor_notices(supervisor, today=today(), policy=Policy(review_warning_days=7))
    assert notices.reviews_nearing_count == 2
    assert [record.pk for _, record in notices.reviews_nearing] == [today_due.pk, in_a_week.pk]
    assert notices.reviews_overdue_count == 1


@pytest.mark.parametrize(
    ("today", "late", "nearing"),
    [
        # Issue 10: on 31 May the review of 30 April's work was due by 30 May.
        (datetime.date(2026, 5, 31), datetime.date(2026, 4, 30), datetime.date(2026, 5, 1)),
        (datetime.date(2026, 3, 31), datetime.date(2026, 2, 28), datetime.date(2026, 3, 1)),
        (datetime.date(2024, 3, 30), datetime.date(2024, 2, 29), datetime.date(2024, 3, 1)),
    ],
)
def test_at_a_month_end_a_review_past_its_deadline_is_overdue_not_nearing(
    supervisor, offender, today, late, nearing
):
    factories.VisitFactory(offender=offender, visited_on=late, submitted_on=late)
    factories.VisitFactory(offender=offender, visited_on=nearing, submitted_on=nearing)
    notices = supervisor_notices(supervisor, today=today, policy=Policy(review_warning_days=7))
    assert (notices.reviews_overdue_count, notices.reviews_nearing_count) == (1, 1)
    assert [record.submitted_on for _, record in notices.reviews_nearing] == [nearing]


def test_unauthorised_visits_in_the_last_month_are_reported(supervisor, offender):
    recent = factories.VisitFactory(offender=offender, visited_on=today(), crew_size=1)
    factories.VisitFactory(offender=offender, visited_on=today() - datetime.timedelta(days=60), crew_size=1)
    factories.VisitFactory(offender=offender, visited_on=today())  # in pairs, unannounced
    notices = supervisor_notices(supervisor, today=today(), policy=Policy())
    assert notices.unauthorised_visits_count == 1 and notices.unauthorised_visits == [recent]


def revised(visit, status=WorkflowStatus.SUBMITTED):
    """A second version of `visit` (revised after it was returned), in `status`."""
    visit.status = WorkflowStatus.RETURNED
    visit.save(update_fields=["status"])
    return factories.VisitFactory(
        offender=visit.offender,
        visited_on=visit.visited_on,
        crew_size=visit.crew_size,
        version=2,
        supersedes=visit,
        status=status,
        submitted_on=None if status == WorkflowStatus.DRAFT else visit.visited_on,
    )


def test_a_revised_visit_is_reported_once_as_its_latest_version(client, supervisor, offender):
    """Issue 15, item 11: a visit returned and revised is one visit, not two."""
    latest = revised(factories.VisitFactory(offender=offender, visited_on=today(), crew_size=1))
    notices = supervisor_notices(supervisor, today=today(), policy=Policy())
    assert notices.unauthorised_visits_count == 1 and notices.unauthorised_visits == [latest]
    client.force_login(supervisor)
    page = client.get(reverse("home")).content.decode()
    assert "1</strong> unauthorised visit" in page


def test_a_visit_whose_revision_is_still_a_draft_counts_as_it_was(supervisor, offender):
    """Until the new version is submitted, the one before it is the visit on record."""
    first = factories.VisitFactory(offender=offender, visited_on=today(), crew_size=1)
    revised(first, status=WorkflowStatus.DRAFT)
    notices = supervisor_notices(supervisor, today=today(), policy=Policy())
    assert notices.unauthorised_visits == [first]


def test_the_home_page_shows_the_notices(client, supervisor, offender):
    submitted_with_deadline_in(offender, 3)
    factories.VisitFactory(offender=offender, visited_on=today(), crew_size=1)
    client.force_login(supervisor)
    page = client.get(reverse("home")).content.decode()
    assert "reaches the one-month mark in the next 7 days" in page
    assert "1</strong> unauthorised visit" in page


def test_the_reason_an_unauthorised_visit_went_ahead_reaches_the_supervisor(client, supervisor, offender):
    """Issue 15, item 1: the supervisor is told why, on their home page and in the digest."""
    factories.VisitFactory(
        offender=offender, visited_on=today(), crew_size=1, unauthorised_reason=factories.UNAUTHORISED_REASON
    )
    client.force_login(supervisor)
    assert "called away to an emergency at the door" in client.get(reverse("home")).content.decode()
    assert supervisor_digests_send(today=today()) == 1
    assert "Why: The second officer was called away to an emergency" in mail.outbox[0].body


def test_a_quiet_day_says_so(client, supervisor):
    client.force_login(supervisor)
    assert "Nothing needs your attention" in client.get(reverse("home")).content.decode()


def test_the_daily_digest_goes_to_each_supervisor_with_something_to_act_on(supervisor, offender):
    visit = submitted_with_deadline_in(offender, 2)
    quiet = factories.SupervisorFactory(email="quiet@example.invalid")
    assert quiet.pk
    assert send_supervisor_digests.apply().get() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sgt.testperson@example.invalid"]
    assert "1 review reaches the one-month mark" in message.body
    assert reverse("review-record", args=["visit", visit.pk]) in message.body


def test_a_supervisor_without_an_email_address_is_skipped(supervisor, offender):
    supervisor.email = ""
    supervisor.save()
    submitted_with_deadline_in(offender, 2)
    assert supervisor_digests_send(today=today()) == 0 and mail.outbox == []
