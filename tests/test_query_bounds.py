"""Every OM page costs the same number of queries for a caseload of 5 or of 200."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboards.services import outstanding_recompute_all
from tests import factories

pytestmark = pytest.mark.django_db
SIZES = (5, 200)


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


def build_caseload(size):
    om = factories.StaffFactory()
    offenders = factories.OffenderFactory.create_batch(
        size, team=om.team, offender_manager=om, managed_since=days_ago(3000)
    )
    first = offenders[0]
    supervisor = factories.SupervisorFactory(team=om.team)
    for n in range(size):
        factories.VisitFactory(offender=offenders[n], visited_on=days_ago(100 + n))
        factories.VisitFactory(offender=first, visited_on=days_ago(10 + n), crew_size=1)
        factories.ArmsAssessmentFactory(offender=first, assessed_on=days_ago(20 + n))
        factories.RiskManagementPlanFactory(offender=first, written_on=days_ago(30 + n))
        factories.RegisteredDeviceFactory(offender=first)
        factories.VisitAuthorisationFactory(offender=first, authorised_by=supervisor)
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
    assert max(large.values()) <= 20
