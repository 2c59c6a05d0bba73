"""An offender manager's home page: what needs them today (issue 15, item 8)."""

import pytest
from django.urls import reverse

from outstanding.services import outstanding_recompute_all
from rules.choices import OffenderType, RiskLevel, WorkflowStatus
from tests import factories
from tests.dates import days_ago

pytestmark = pytest.mark.django_db


def offender_for(om, **fields):
    fields.setdefault("managed_since", days_ago(2000))
    return factories.OffenderFactory(team=om.team, offender_manager=om, **fields)


def seed_caseload(om, *, community, high):
    """`community` community RSOs on `om`'s caseload, `high` of them high risk, each visited
    recently, plus a custody RSO and a community non-RSO that 50/20 does not count."""
    for n in range(community):
        offender = offender_for(om, risk_level=RiskLevel.HIGH if n < high else RiskLevel.LOW)
        factories.VisitFactory(offender=offender, visited_on=days_ago(10), status="signed_off")
    offender_for(om, status="custody", risk_level=RiskLevel.HIGH)
    offender_for(om, offender_type=OffenderType.RVO, risk_level=RiskLevel.HIGH)


def test_shows_a_returned_record_with_a_link(client, signed_in_om, caseload_offender):
    arms = factories.ArmsAssessmentFactory(offender=caseload_offender, status=WorkflowStatus.RETURNED)
    response = client.get(reverse("home"))
    assert response.context["today_work"].returned == [arms]
    assert arms.get_absolute_url().encode() in response.content
    assert b"returned by your supervisor to revise" in response.content


def test_overdue_counts_match_the_caseload_filter_and_link_to_it(client, signed_in_om):
    overdue = offender_for(signed_in_om, risk_level=RiskLevel.HIGH, last_name="Overdue")
    recent = offender_for(signed_in_om, risk_level=RiskLevel.HIGH, last_name="Recent")
    factories.VisitFactory(offender=overdue, visited_on=days_ago(200), status="signed_off")
    factories.VisitFactory(offender=recent, visited_on=days_ago(87), status="signed_off")
    outstanding_recompute_all()
    today_work = client.get(reverse("home")).context["today_work"]
    visits = next(count for count in today_work.overdue if count.key == "visit")
    listed = client.get(reverse("caseload") + "?" + visits.query)
    assert visits.offenders == listed.context["page"].paginator.count == 1
    assert [o.last_name for o in listed.context["page"]] == ["Overdue"]
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("caseload")}?overdue=visit"' in home
    # The recent visit falls due within the week: listed, and counted as the caseload counts it.
    soon = client.get(reverse("caseload") + "?" + today_work.due_soon.query)
    assert today_work.due_soon.offenders == soon.context["page"].paginator.count >= 1
    assert any(item.offender == recent and item.kind == "visit" for item in today_work.due_soon_items)
    assert f'href="{reverse("caseload")}?due_soon=1"' in home


def test_shows_the_fifty_twenty_position_within(client, signed_in_om):
    seed_caseload(signed_in_om, community=48, high=9)
    response = client.get(reverse("home"))
    text = response.content.decode()
    assert "48 community RSOs, 9 high or very high (19%)" in text
    assert "Within 50/20" in text
    assert "govuk-warning-text" not in text


def test_shows_a_warning_when_over_the_share(client, signed_in_om):
    seed_caseload(signed_in_om, community=10, high=3)
    text = client.get(reverse("home")).content.decode()
    assert "10 community RSOs, 3 high or very high (30%)" in text
    assert "Over 20% high risk" in text
    assert "govuk-warning-text" in text
    assert "more than 20% of your caseload is high or very high risk" in text.lower()


def test_shows_a_warning_when_over_the_target(client, signed_in_om):
    seed_caseload(signed_in_om, community=52, high=2)
    text = client.get(reverse("home")).content.decode()
    assert "52 community RSOs, 2 high or very high (4%)" in text
    assert "Over 50" in text
    assert "You hold more than 50" in text


def test_empty_caseload_says_so_in_words(client, signed_in_om):
    text = client.get(reverse("home")).content.decode()
    assert "0 community RSOs, 0 high or very high (0%)" in text
    assert "No records are waiting for your changes." in text
    assert "Nothing on your caseload is overdue." in text
    assert "Nothing is due in the next week." in text


def test_a_supervisor_does_not_get_the_om_summary(client):
    client.force_login(factories.SupervisorFactory())
    assert client.get(reverse("home")).context["today_work"] is None


def home_queries(client, om, size, django_assert_max_num_queries, bound):
    for n in range(size):
        offender = offender_for(om, risk_level=RiskLevel.HIGH if n % 3 else RiskLevel.LOW)
        factories.VisitFactory(offender=offender, visited_on=days_ago(80 + n * 30), status="signed_off")
        factories.ArmsAssessmentFactory(offender=offender, status=WorkflowStatus.RETURNED)
    outstanding_recompute_all()
    with django_assert_max_num_queries(bound) as captured:
        response = client.get(reverse("home"))
    assert len(response.context["today_work"].returned) == size
    return len(captured)


def test_home_queries_do_not_grow_with_the_caseload(client, django_assert_max_num_queries):
    small_om = factories.StaffFactory()
    client.force_login(small_om)
    small = home_queries(client, small_om, 2, django_assert_max_num_queries, 20)
    large_om = factories.StaffFactory()
    client.force_login(large_om)
    large = home_queries(client, large_om, 30, django_assert_max_num_queries, 20)
    assert large == small
