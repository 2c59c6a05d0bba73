import pytest
from django.urls import reverse

from outstanding.services import outstanding_recompute_all
from rules.choices import RiskLevel
from tests import factories
from tests.dates import days_ago

pytestmark = pytest.mark.django_db


def offender_for(om, **fields):
    fields.setdefault("managed_since", days_ago(2000))
    return factories.OffenderFactory(team=om.team, offender_manager=om, **fields)


def test_caseload_orders_by_risk_then_oldest_overdue(client, signed_in_om):
    low = offender_for(signed_in_om, risk_level=RiskLevel.LOW, last_name="Lowrisk")
    high_recent = offender_for(signed_in_om, risk_level=RiskLevel.HIGH, last_name="Highrecent")
    high_old = offender_for(signed_in_om, risk_level=RiskLevel.HIGH, last_name="Highold")
    factories.VisitFactory(offender=high_recent, visited_on=days_ago(100), status="signed_off")
    factories.VisitFactory(offender=high_old, visited_on=days_ago(400), status="signed_off")
    factories.VisitFactory(offender=low, visited_on=days_ago(30), status="signed_off")
    outstanding_recompute_all()
    response = client.get(reverse("caseload"))
    names = [o.last_name for o in response.context["page"]]
    assert names == ["Highold", "Highrecent", "Lowrisk"]


def test_each_count_opens_the_list_it_counted(client, signed_in_om):
    overdue = offender_for(signed_in_om, risk_level=RiskLevel.HIGH, last_name="Overdue")
    recent = offender_for(signed_in_om, risk_level=RiskLevel.HIGH, last_name="Recent")
    factories.VisitFactory(offender=overdue, visited_on=days_ago(200), status="signed_off")
    factories.VisitFactory(offender=recent, visited_on=days_ago(10), status="signed_off")
    outstanding_recompute_all()
    response = client.get(reverse("caseload"))
    visit_count = next(c for c in response.context["counts"] if c.key == "visit")
    assert visit_count.offenders == 1
    listed = client.get(reverse("caseload") + "?" + visit_count.query)
    assert [o.last_name for o in listed.context["page"]] == ["Overdue"]


def test_caseload_shows_only_my_offenders_and_searches(client, signed_in_om):
    offender_for(signed_in_om, last_name="Quillfeather", reference="VSR-TS-900001")
    offender_for(signed_in_om, last_name="Zanzibarr")
    factories.OffenderFactory(team=signed_in_om.team, last_name="Someoneelses")
    outstanding_recompute_all()
    everyone = client.get(reverse("caseload"))
    assert {o.last_name for o in everyone.context["page"]} == {"Quillfeather", "Zanzibarr"}
    found = client.get(reverse("caseload"), {"search": "900001"})
    assert [o.last_name for o in found.context["page"]] == ["Quillfeather"]


def test_empty_caseload_says_so(client, signed_in_om):
    response = client.get(reverse("caseload"))
    assert b"You have no offenders assigned to you." in response.content


def test_caseload_is_paginated_with_bounded_queries(client, signed_in_om, django_assert_max_num_queries):
    for n in range(30):
        offender = offender_for(signed_in_om, last_name=f"Testname{n:02d}")
        factories.VisitFactory(offender=offender, visited_on=days_ago(300))
    outstanding_recompute_all()
    with django_assert_max_num_queries(13):
        response = client.get(reverse("caseload"))
    assert len(response.context["page"]) == 25
    second = client.get(reverse("caseload"), {"page": 2})
    assert len(second.context["page"]) == 5


def test_offender_record_shows_the_due_panel_with_its_rule(client, signed_in_om):
    offender = offender_for(signed_in_om, risk_level=RiskLevel.HIGH)
    factories.VisitFactory(offender=offender, visited_on=days_ago(200), status="signed_off")
    outstanding_recompute_all()
    response = client.get(reverse("offender-record", args=[offender.pk]))
    visit = next(e for e in response.context["due"] if e.item.kind == "visit")
    assert visit.days_overdue > 0
    assert visit.item.rule.encode() in response.content


def test_offender_record_outside_my_team_is_not_found(client, signed_in_om):
    stranger = factories.OffenderFactory()
    assert client.get(reverse("offender-record", args=[stranger.pk])).status_code == 404


def test_offender_record_runs_bounded_queries(client, signed_in_om, django_assert_max_num_queries):
    offender = offender_for(signed_in_om)
    for n in range(10):
        factories.VisitFactory(offender=offender, visited_on=days_ago(10 + n))
        factories.ArmsAssessmentFactory(offender=offender, assessed_on=days_ago(20 + n))
    outstanding_recompute_all()
    with django_assert_max_num_queries(23):
        response = client.get(reverse("offender-record", args=[offender.pk]))
    assert len(response.context["timeline"]) == 21  # the visits, the assessments and the registration


def test_the_timeline_says_what_a_review_was_of_and_counts_officers_in_words(client, signed_in_om):
    """Issue 15, item 9."""
    import datetime

    offender = offender_for(signed_in_om)
    visit = factories.VisitFactory(
        offender=offender, visited_on=datetime.date(2026, 10, 3), status="signed_off"
    )
    factories.VisitFactory(offender=offender, visited_on=datetime.date(2026, 10, 4), crew_size=1)
    factories.SupervisorReviewFactory(visit=visit, reviewed_on=datetime.date(2026, 10, 10))
    arms = factories.ArmsAssessmentFactory(offender=offender, assessed_on=datetime.date(2026, 6, 1))
    factories.SupervisorReviewFactory(
        visit=None, arms_assessment=arms, decision="returned", reviewed_on=datetime.date(2026, 6, 5)
    )
    titles = [
        (e.title, e.detail)
        for e in client.get(reverse("offender-record", args=[offender.pk])).context["timeline"]
    ]
    assert ("Supervisor review of the visit on 3 October 2026: signed off", titles[0][1]) in titles
    assert any(
        t == "Supervisor review of the ARMS assessment of 1 June 2026: returned to the author"
        for t, _ in titles
    )
    details = [d for t, d in titles if t.startswith("Visit:")]
    assert details[0].startswith("1 officer, ") and details[1].startswith("2 officers, ")


def test_a_current_arms_awaiting_sign_off_says_so(client, signed_in_om):
    """Issue 15, item 6: a submitted ARMS shown as current says it awaits sign-off, and which
    one a supervisor last signed off."""
    import datetime

    offender = offender_for(signed_in_om)
    factories.ArmsAssessmentFactory(
        offender=offender,
        assessed_on=datetime.date(2026, 1, 5),
        risk_level=RiskLevel.HIGH,
        status="signed_off",
    )
    factories.ArmsAssessmentFactory(
        offender=offender, assessed_on=datetime.date(2026, 6, 1), risk_level=RiskLevel.MEDIUM
    )
    page = client.get(reverse("offender-record", args=[offender.pk])).content.decode()
    assert "Awaiting sign-off" in page
    assert "The last signed-off ARMS: High (5 Jan 2026)" in page


def test_the_record_offers_each_action_only_to_those_the_permission_table_allows(client, om, supervisor):
    """The offender manager records work; the supervisor who oversees them also authorises
    visits, reassigns and decides the management mode; a senior leader only reads."""
    offender = offender_for(om)
    url = reverse("offender-record", args=[offender.pk])
    supervisor_actions = (
        "Authorise a single-crewed or announced visit",
        "Reassign to another offender manager",
        "Consider reactive management",
    )
    client.force_login(om)
    page = client.get(url).content.decode()
    assert "Record an intelligence check" in page
    assert not any(action in page for action in supervisor_actions)
    client.force_login(supervisor)
    page = client.get(url).content.decode()
    assert all(action in page for action in supervisor_actions)
    leader = factories.StaffFactory(team=None, force=om.force, role="senior_leader")
    client.force_login(leader)
    page = client.get(url).content.decode()
    assert "Record an intelligence check" not in page
    assert not any(action in page for action in supervisor_actions)
