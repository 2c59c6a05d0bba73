"""An RMP whose review date is later than the force's interval: the plan's page says so, and a
supervisor other than its author authorises the later date with a written reason."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from outstanding.models import OutstandingItem
from outstanding.services import outstanding_recompute_all
from risk.models import PlanReviewAuthorisation
from rules.choices import WorkflowStatus
from rules.dates import add_months
from rules.due import DueKind, rmp_review_interval
from rules.policy import Policy
from tests import factories
from tests.dates import days_ago, today

pytestmark = pytest.mark.django_db

REASON = "Stable for two years, compliant at every visit; the MAPPA review in spring decides what comes next."


@pytest.fixture
def plan(om):
    offender = factories.OffenderFactory(team=om.team, offender_manager=om, managed_since=days_ago(2000))
    written = days_ago(30)
    # Medium risk: reviewed every 12 months by the force default; the plan says 18.
    return factories.RiskManagementPlanFactory(
        offender=offender, written_on=written, submitted_on=written, next_review_on=add_months(written, 18)
    )


def detail_url(plan):
    return reverse("rmp-detail", args=[plan.pk])


def authorise_url(plan):
    return reverse("rmp-authorise-later-review", args=[plan.pk])


def flash(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def day(on):
    return f"{on.day} {on:%B %Y}"


def test_the_interval_helper_is_the_due_engines_rule():
    written = days_ago(30)
    interval = rmp_review_interval(written_on=written, risk_level="high", management_mode="active")
    assert interval.due_on == add_months(written, 6)
    assert interval.rule == "Force default for high risk: RMP review every 6 months"
    reactive = rmp_review_interval(
        written_on=written,
        risk_level="low",
        management_mode="reactive",
        policy=Policy(rmp_review_interval_months_low=24),
    )
    assert reactive.due_on == add_months(written, 12)


def test_the_plan_page_says_the_review_date_is_later_than_the_interval(client, supervisor, plan):
    client.force_login(supervisor)
    html = client.get(detail_url(plan)).content.decode()
    interval_due = add_months(plan.written_on, 12)
    assert f"Force default for medium risk: RMP review every 12 months, so by {day(interval_due)}" in html
    assert f"{day(plan.next_review_on)}: later than the interval allows" in html
    assert f"Until a supervisor authorises the later date, the review is due by {day(interval_due)}." in html
    assert authorise_url(plan) in html


def test_only_a_supervisor_who_did_not_write_it_is_offered_the_link(client, om, plan):
    client.force_login(om)
    assert authorise_url(plan) not in client.get(detail_url(plan)).content.decode()
    own = factories.SupervisorFactory(team=om.team)
    om.supervisor = own
    om.save(update_fields=["supervisor"])
    type(plan).objects.filter(pk=plan.pk).update(author=own)
    client.force_login(own)
    assert authorise_url(plan) not in client.get(detail_url(plan)).content.decode()
    response = client.get(authorise_url(plan))
    assert response.status_code == 302
    assert flash(response) == ["You cannot authorise your own plan's review date; another supervisor must."]


def test_a_plan_within_the_interval_has_nothing_to_authorise(client, supervisor, plan):
    type(plan).objects.filter(pk=plan.pk).update(next_review_on=add_months(plan.written_on, 6))
    client.force_login(supervisor)
    html = client.get(detail_url(plan)).content.decode()
    assert "earlier than the interval, so the review is due then" in html
    assert authorise_url(plan) not in html
    response = client.get(authorise_url(plan))
    assert response.status_code == 302 and response.url == detail_url(plan)


def test_a_draft_plan_cannot_be_authorised_yet(client, supervisor, plan):
    type(plan).objects.filter(pk=plan.pk).update(status=WorkflowStatus.DRAFT, submitted_on=None)
    client.force_login(supervisor)
    assert authorise_url(plan) not in client.get(detail_url(plan)).content.decode()
    response = client.get(authorise_url(plan))
    assert flash(response) == ["A later review date can be authorised once the plan is submitted."]


def test_the_supervisor_authorises_the_later_date_and_the_due_date_follows(
    client, supervisor, plan, django_capture_on_commit_callbacks
):
    outstanding_recompute_all()
    review = OutstandingItem.objects.filter(offender=plan.offender, kind=DueKind.RMP_REVIEW)
    assert review.get().due_on == add_months(plan.written_on, 12)
    client.force_login(supervisor)
    response = client.get(authorise_url(plan))
    assert response.status_code == 200
    assert "Authorise a later review date" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(authorise_url(plan), {"reason": REASON})
    assert response.status_code == 302 and response.url == detail_url(plan)
    assert flash(response) == [
        f"Later review date authorised: the plan is next reviewed on {day(plan.next_review_on)}."
    ]
    authorisation = PlanReviewAuthorisation.objects.get(plan=plan)
    assert (authorisation.authorised_by, authorisation.authorised_on, authorisation.reason) == (
        supervisor,
        today(),
        REASON,
    )
    assert review.get().due_on == plan.next_review_on
    html = client.get(detail_url(plan)).content.decode()
    assert f"{supervisor} authorised the later date on {day(today())}:" in html
    assert REASON in html
    assert authorise_url(plan) not in html
    assert client.get(authorise_url(plan)).status_code == 302  # already authorised


def test_a_short_reason_is_refused_on_the_field_and_kept(client, supervisor, plan):
    client.force_login(supervisor)
    response = client.post(authorise_url(plan), {"reason": "Fine."})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "reason": ["Explain in at least 40 characters why the review can wait."]
    }
    assert "Fine.</textarea>" in response.content.decode()
    assert not PlanReviewAuthorisation.objects.exists()


def test_who_may_authorise(client, supervisor, om, plan):
    mate = factories.StaffFactory(team=om.team, supervisor=supervisor)
    elsewhere = factories.SupervisorFactory()
    leader = factories.StaffFactory(role="senior_leader", team=None, force=supervisor.force)
    # Not a supervisor: refused before the plan is looked up; another force's supervisor: not found.
    for user, status in ((om, 403), (mate, 403), (leader, 403), (elsewhere, 404)):
        client.force_login(user)
        assert client.get(authorise_url(plan)).status_code == status
        assert client.post(authorise_url(plan), {"reason": REASON}).status_code == status
    # A supervisor of the team who does not oversee the offender's OM may read but not authorise.
    reader = factories.SupervisorFactory(team=om.team)
    client.force_login(reader)
    assert client.get(authorise_url(plan)).status_code == 403
    assert not PlanReviewAuthorisation.objects.exists()
