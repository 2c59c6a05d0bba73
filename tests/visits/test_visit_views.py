import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from outstanding.models import OutstandingItem
from outstanding.services import outstanding_recompute_all
from rules.choices import RiskLevel, WorkflowStatus
from tests import factories
from tests.dates import days_ago
from visits.models import DeviceInspection, Visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def offender(signed_in_om):
    return factories.OffenderFactory(
        team=signed_in_om.team,
        offender_manager=signed_in_om,
        risk_level=RiskLevel.HIGH,
        managed_since=days_ago(1000),
    )


def visit_data(date, **overrides):
    data = {
        "visited_on_day": date.day,
        "visited_on_month": date.month,
        "visited_on_year": date.year,
        "crew": "2",
        "announced": "no",
        "outcome": "seen",
        "observations": "Address clean; partner present.",
        "submit": "1",
    }
    data.update(overrides)
    return data


def as_draft(data):
    """The form as sent by "Save as draft"."""
    return {name: value for name, value in data.items() if name != "submit"} | {"draft": "1"}


def test_a_paired_visit_is_logged_submitted_and_clears_the_overdue_visit(
    client, signed_in_om, offender, django_capture_on_commit_callbacks
):
    factories.VisitFactory(offender=offender, visited_on=days_ago(200), status=WorkflowStatus.SIGNED_OFF)
    outstanding_recompute_all()
    partner = factories.StaffFactory(team=signed_in_om.team)
    before = OutstandingItem.objects.get(offender=offender, kind="visit").due_on
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("visit-new", args=[offender.pk]), visit_data(days_ago(1), co_attending_officer=partner.pk)
        )
    assert response.status_code == 302
    visit = Visit.objects.get(offender=offender, visited_on=days_ago(1))
    assert (visit.status, visit.co_attending_officer, visit.is_compliant) == (
        WorkflowStatus.SUBMITTED,
        partner,
        True,
    )
    after = OutstandingItem.objects.get(offender=offender, kind="visit").due_on
    assert before < timezone.localdate() < after


def test_two_officers_needs_the_co_attending_officer(client, offender):
    response = client.post(reverse("visit-new", args=[offender.pk]), visit_data(days_ago(1)))
    assert response.status_code == 200
    assert "Choose the officer who attended with you." in response.content.decode()
    assert "Address clean; partner present." in response.content.decode()
    assert not Visit.objects.exists()


def test_an_unauthorised_single_crewed_visit_is_recorded_with_its_reason_and_one_banner(client, offender):
    response = client.post(
        reverse("visit-new", args=[offender.pk]),
        visit_data(days_ago(1), crew="1", unauthorised_reason=factories.UNAUTHORISED_REASON),
        follow=True,
    )
    visit = Visit.objects.get()
    assert visit.is_exception and not visit.is_compliant
    assert visit.unauthorised_reason == factories.UNAUTHORISED_REASON
    body = response.content.decode()
    # One banner says what happened (issue 15, item 1): not "Important" above "Success".
    assert body.count("govuk-notification-banner__title") == 1
    assert "Visit submitted for supervisor review. It is recorded as non-compliant: single-crewed" in body
    assert "Your supervisor is told, with your reason." in body


@pytest.mark.parametrize(
    "reason", ["", "ok", "Lorem ipsum dolor sit amet, consectetur adipiscing elit sed do."]
)
def test_an_unauthorised_visit_needs_a_written_reason_and_keeps_what_was_typed(client, offender, reason):
    response = client.post(
        reverse("visit-new", args=[offender.pk]),
        visit_data(days_ago(1), crew="1", announced="yes", unauthorised_reason=reason),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "why the visit went ahead without a supervisor" in body or "placeholder text" in body
    assert "Address clean; partner present." in body
    assert not Visit.objects.exists()


def test_the_reason_is_shown_on_the_visit_and_kept_only_while_the_visit_is_unauthorised(client, offender):
    client.post(
        reverse("visit-new", args=[offender.pk]),
        as_draft(visit_data(days_ago(1), crew="1", unauthorised_reason=factories.UNAUTHORISED_REASON)),
    )
    visit = Visit.objects.get()
    page = client.get(reverse("visit-detail", args=[visit.pk])).content.decode()
    assert "Why it went ahead without an authorisation" in page and "called away to an emergency" in page
    partner = factories.StaffFactory(team=offender.team)
    client.post(
        reverse("visit-edit", args=[visit.pk]),
        as_draft(
            visit_data(
                days_ago(1),
                co_attending_officer=partner.pk,
                unauthorised_reason=factories.UNAUTHORISED_REASON,
                row_version=visit.row_version,
            )
        ),
    )
    visit.refresh_from_db()
    assert visit.is_compliant and visit.unauthorised_reason == ""


def test_a_future_visit_date_is_refused_and_the_typed_text_kept(client, offender):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("visit-new", args=[offender.pk]),
        visit_data(tomorrow, crew="1", unauthorised_reason=factories.UNAUTHORISED_REASON),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "must be today or in the past" in body and "Address clean; partner present." in body
    assert not Visit.objects.exists()


def test_devices_inspected_and_unregistered_devices_are_recorded(client, offender):
    device = factories.RegisteredDeviceFactory(offender=offender)
    client.post(
        reverse("visit-new", args=[offender.pk]),
        visit_data(
            days_ago(1),
            crew="1",
            unauthorised_reason=factories.UNAUTHORISED_REASON,
            **{
                f"device_{device.pk}": "no_concerns",
                "unregistered_devices": "Black tablet under the bed\n\n",
            },
        ),
    )
    inspections = set(DeviceInspection.objects.values_list("device", "unregistered_description", "finding"))
    assert inspections == {(device.pk, "", "no_concerns"), (None, "Black tablet under the bed", "concerns")}


def test_the_form_warns_when_earlier_work_awaits_review(client, offender):
    factories.ArmsAssessmentFactory(offender=offender, assessed_on=days_ago(40), submitted_on=days_ago(40))
    response = client.get(reverse("visit-new", args=[offender.pk]))
    assert "Earlier work still awaits supervisor review" in response.content.decode()


def test_a_visit_for_an_offender_outside_my_team_is_not_found(client, signed_in_om):
    stranger = factories.OffenderFactory()
    assert client.get(reverse("visit-new", args=[stranger.pk])).status_code == 404


def test_a_senior_leader_cannot_log_visits(client, offender):
    leader = factories.StaffFactory(team=offender.team, role="senior_leader")
    client.force_login(leader)
    assert client.get(reverse("visit-new", args=[offender.pk])).status_code == 403


def test_the_visit_page_shows_the_time_of_the_visit(client, offender):
    """Issue 15, item 2: the time is asked for, so it is shown."""
    visit = factories.VisitFactory(
        offender=offender, visited_on=days_ago(3), visited_at=datetime.time(14, 30)
    )
    page = client.get(reverse("visit-detail", args=[visit.pk])).content.decode()
    assert "2:30pm" in page
