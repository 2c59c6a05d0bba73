"""Every OM page costs the same number of queries for a caseload of 5 or of 200."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from offenders.models import ConditionCheck, ConditionKind, LifeEvent, ManagementModeChange, OrderCondition
from outstanding.services import outstanding_recompute_all
from rules.life_course import EventKind
from tests import factories
from tests.dates import days_ago

pytestmark = pytest.mark.django_db
SIZES = (5, 200)
# The offender record is the costliest OM page: one query per part it shows (the life course
# and the changes of management among them), none per row.
RECORD_BUDGET = 23
LIFE_COURSE_BUDGET = 9


def build_caseload(size):
    om = factories.StaffFactory()
    offenders = factories.OffenderFactory.create_batch(
        size, team=om.team, offender_manager=om, managed_since=days_ago(3000)
    )
    first = offenders[0]
    supervisor = factories.SupervisorFactory(team=om.team)
    order = factories.OrderFactory(offender=first, starts_on=days_ago(2900), ends_on=None)
    for n in range(size):
        factories.VisitFactory(offender=offenders[n], visited_on=days_ago(100 + n))
        factories.VisitFactory(offender=first, visited_on=days_ago(10 + n), crew_size=1)
        factories.ArmsAssessmentFactory(offender=first, assessed_on=days_ago(20 + n))
        factories.RiskManagementPlanFactory(offender=first, written_on=days_ago(30 + n))
        factories.RegisteredDeviceFactory(offender=first)
        factories.VisitAuthorisationFactory(offender=first, authorised_by=supervisor)
        # Missing, then located, in turn: a life course as long as the caseload.
        kind = EventKind.MISSING if n % 2 == 0 else EventKind.LOCATED
        LifeEvent.objects.create(offender=first, kind=kind, occurred_on=days_ago(2800 - n), recorded_by=om)
        ManagementModeChange.objects.create(
            offender=first, mode="active", changed_on=days_ago(500 + n), reason="Back to active management."
        )
        condition = OrderCondition.objects.create(
            order=order, kind=ConditionKind.PROHIBITION, text=f"Rule {n}"
        )
        ConditionCheck.objects.create(
            condition=condition, checked_on=days_ago(40 + n), result="complied", checked_by=om
        )
    outstanding_recompute_all()
    return om, first


def page_urls(first):
    visit = first.visits.first()
    arms = first.armsassessments.first()
    plan = first.riskmanagementplans.first()
    return {
        "caseload": reverse("caseload"),
        "caseload filtered": reverse("caseload") + "?risk=medium&search=Quill",
        "offender record": reverse("offender-record", args=[first.pk]),
        "visit form": reverse("visit-new", args=[first.pk]),
        "ARMS form": reverse("arms-new", args=[first.pk]),
        "RMP form": reverse("rmp-new", args=[first.pk]),
        "intelligence check form": reverse("intelligence-check-new", args=[first.pk]),
        "annual checks form": reverse("reactive-checks-new", args=[first.pk]),
        "outcome form": reverse("outcome-new", args=[first.pk]),
        "visit detail": reverse("visit-detail", args=[visit.pk]),
        "ARMS detail": reverse("arms-detail", args=[arms.pk]),
        "RMP detail": reverse("rmp-detail", args=[plan.pk]),
        "life course": reverse("life-events", args=[first.pk]),
        "life event kinds": reverse("life-event-choose", args=[first.pk]),
        "life event form": reverse("life-event-new", args=[first.pk, "civil_order_varied"]),
        "probation assessment form": reverse("probation-assessment-new", args=[first.pk]),
        "condition form": reverse("order-condition-new", args=[first.orders.first().pk]),
        "condition check form": reverse(
            "condition-check-new", args=[OrderCondition.objects.filter(order__offender=first).first().pk]
        ),
    }


def query_counts(client, size):
    om, first = build_caseload(size)
    client.force_login(om)
    counts = {}
    for name, url in page_urls(first).items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(queries)
    return counts


def test_page_query_counts_do_not_grow_with_the_caseload(client):
    small = query_counts(client, SIZES[0])
    large = query_counts(client, SIZES[1])
    grew = {name: (small[name], large[name]) for name in small if large[name] > small[name]}
    assert grew == {}
    assert max(large.values()) <= RECORD_BUDGET


def test_the_record_and_the_life_course_stay_within_their_query_budget(client, django_assert_max_num_queries):
    om, first = build_caseload(60)
    client.force_login(om)
    with django_assert_max_num_queries(RECORD_BUDGET):
        assert client.get(reverse("offender-record", args=[first.pk])).status_code == 200
    with django_assert_max_num_queries(LIFE_COURSE_BUDGET):
        assert client.get(reverse("life-events", args=[first.pk])).status_code == 200


def build_team(size):
    """A supervisor, two OMs sharing `size` offenders with submitted work, absences and abstractions."""
    supervisor = factories.SupervisorFactory()
    oms = [factories.StaffFactory(team=supervisor.team, supervisor=supervisor) for _ in range(2)]
    offenders = [
        factories.OffenderFactory(
            team=supervisor.team, offender_manager=oms[n % 2], managed_since=days_ago(3000)
        )
        for n in range(size)
    ]
    for n, offender in enumerate(offenders):
        factories.VisitFactory(offender=offender, visited_on=days_ago(10 + n), crew_size=1 + n % 2)
        factories.ArmsAssessmentFactory(offender=offender, assessed_on=days_ago(20 + n))
        factories.AbstractionFactory(staff=oms[n % 2], starts_on=days_ago(40 + n), ends_on=days_ago(40 + n))
    factories.AbsenceFactory(staff=oms[1], starts_on=days_ago(5), ends_on=None)
    outstanding_recompute_all()
    return supervisor, offenders


def supervisor_page_urls(supervisor, offenders):
    first = offenders[0]
    team = supervisor.team.pk
    return {
        "home": reverse("home"),
        "review queue": reverse("review-queue"),
        "review page": reverse("review-record", args=["visit", first.visits.first().pk]),
        "team": reverse("team-detail", args=[team]),
        "officer caseload": reverse("officer-caseload", args=[team, first.offender_manager_id]),
        "rebalance": reverse("rebalance", args=[team]),
        "visit crewing": reverse("visit-crewing", args=[team]),
        "availability": reverse("team-availability", args=[team]),
        "management mode": reverse("management-mode", args=[first.pk]),
        "authorisation form": reverse("visit-authorisation-new", args=[first.pk]),
        "reassign": reverse("reassign") + "?" + "&".join(f"offender={o.pk}" for o in offenders[:3]),
    }


def supervisor_query_counts(client, size):
    supervisor, offenders = build_team(size)
    client.force_login(supervisor)
    counts = {}
    for name, url in supervisor_page_urls(supervisor, offenders).items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(queries)
    return counts


def test_supervisor_page_query_counts_do_not_grow_with_the_team(client):
    small = supervisor_query_counts(client, SIZES[0])
    large = supervisor_query_counts(client, 60)
    grew = {name: (small[name], large[name]) for name in small if large[name] > small[name]}
    assert grew == {}
    assert max(large.values()) <= 40
