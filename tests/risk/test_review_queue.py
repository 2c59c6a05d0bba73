"""The supervisor's review queue: whose work is in it (theirs, cover, peers), its order, and
its counts by kind and age band checked against a count made here from the records."""

import datetime
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from risk.selectors import OVERDUE, QueueFilters, queue_counts, queue_entries, review_queue
from rules.choices import RiskLevel, WorkflowStatus
from rules.dates import add_months
from rules.due import AwaitingReview, OffenderFacts, due_items
from rules.review import AgeBand, age_band
from tests import factories
from tests.dates import days_ago, today
from visits.models import Visit

pytestmark = pytest.mark.django_db


def offender_of(om, risk=RiskLevel.MEDIUM):
    return factories.OffenderFactory(team=om.team, offender_manager=om, risk_level=risk)


def queued(supervisor, **filters):
    rows = review_queue(supervisor, today=today(), filters=QueueFilters(**filters))
    return [(entry.kind, entry.record_id) for entry in queue_entries(rows, supervisor, today=today())]


def test_it_lists_work_submitted_by_the_supervisors_officers_and_nothing_else(supervisor, om):
    offender = offender_of(om)
    visit = factories.VisitFactory(offender=offender, submitted_on=days_ago(3))
    arms = factories.ArmsAssessmentFactory(offender=offender, submitted_on=days_ago(2))
    plan = factories.RiskManagementPlanFactory(offender=offender, submitted_on=days_ago(1))
    factories.VisitFactory(offender=offender, status=WorkflowStatus.DRAFT, submitted_on=None)
    factories.VisitFactory(offender=offender, status=WorkflowStatus.SIGNED_OFF)
    other_om = factories.StaffFactory(supervisor=factories.SupervisorFactory())
    factories.VisitFactory(offender=offender_of(other_om))
    assert sorted(queued(supervisor)) == sorted([("visit", visit.pk), ("arms", arms.pk), ("rmp", plan.pk)])


def test_highest_risk_first_and_oldest_first_within_each_level(supervisor, om):
    medium_old = factories.VisitFactory(offender=offender_of(om), submitted_on=days_ago(90))
    very_high_new = factories.VisitFactory(
        offender=offender_of(om, RiskLevel.VERY_HIGH), submitted_on=days_ago(1)
    )
    very_high_old = factories.ArmsAssessmentFactory(
        offender=offender_of(om, RiskLevel.VERY_HIGH), submitted_on=days_ago(40)
    )
    low = factories.RiskManagementPlanFactory(
        offender=offender_of(om, RiskLevel.LOW), submitted_on=days_ago(200)
    )
    assert queued(supervisor) == [
        ("arms", very_high_old.pk),
        ("visit", very_high_new.pk),
        ("visit", medium_old.pk),
        ("rmp", low.pk),
    ]


def test_an_absent_supervisors_officers_work_is_there_as_cover(supervisor, om):
    away = factories.SupervisorFactory(team=factories.TeamFactory(force=supervisor.force))
    factories.AbsenceFactory(staff=away, starts_on=days_ago(10), ends_on=None)
    their_om = factories.StaffFactory(team=away.team, supervisor=away)
    covered = factories.VisitFactory(offender=offender_of(their_om))
    mine = factories.VisitFactory(offender=offender_of(om))
    assert queued(supervisor, cover="cover") == [("visit", covered.pk)]
    assert queued(supervisor, cover="mine") == [("visit", mine.pk)]
    entries = queue_entries(review_queue(supervisor, today=today()), supervisor, today=today())
    assert {entry.record_id: entry.is_cover for entry in entries} == {covered.pk: True, mine.pk: False}


def test_no_cover_once_the_absent_supervisor_is_back(supervisor):
    back = factories.SupervisorFactory(team=factories.TeamFactory(force=supervisor.force))
    factories.AbsenceFactory(staff=back, starts_on=days_ago(30), ends_on=days_ago(1))
    their_om = factories.StaffFactory(team=back.team, supervisor=back)
    factories.VisitFactory(offender=offender_of(their_om))
    assert queued(supervisor) == []


def test_no_cover_across_forces(supervisor):
    elsewhere = factories.SupervisorFactory()
    factories.AbsenceFactory(staff=elsewhere, starts_on=days_ago(3), ends_on=None)
    factories.VisitFactory(
        offender=offender_of(factories.StaffFactory(team=elsewhere.team, supervisor=elsewhere))
    )
    assert queued(supervisor) == []


def test_a_supervisors_own_work_is_listed_as_theirs_and_a_peers_is_reviewable(supervisor, om):
    peer = factories.SupervisorFactory(team=supervisor.team)
    offender = offender_of(om)
    own = factories.VisitFactory(offender=offender, author=supervisor, co_attending_officer=om)
    peers = factories.VisitFactory(offender=offender, author=peer)
    entries = {
        e.record_id: e
        for e in queue_entries(review_queue(supervisor, today=today()), supervisor, today=today())
    }
    assert entries[own.pk].is_own and not entries[peers.pk].is_own


def test_counts_by_kind_and_age_band_match_the_records(supervisor, om):
    now = today()
    offender = offender_of(om)
    ages = {
        AgeBand.UNDER_1_MONTH: 5,
        AgeBand.MONTHS_1_TO_3: 50,
        AgeBand.MONTHS_3_TO_12: 200,
        AgeBand.OVER_12_MONTHS: 500,
    }
    made = {"visit": {}, "arms": {}, "rmp": {}}
    for number, (band, age) in enumerate(ages.items(), start=1):
        for _ in range(number):
            factories.VisitFactory(offender=offender, submitted_on=days_ago(age))
        for _ in range(number + 1):
            factories.ArmsAssessmentFactory(offender=offender, submitted_on=days_ago(age))
        factories.RiskManagementPlanFactory(offender=offender, submitted_on=days_ago(age))
        made["visit"][band], made["arms"][band], made["rmp"][band] = number, number + 1, 1
    counts = queue_counts(supervisor, today=now)
    for kind, by_band in made.items():
        for band, expected in by_band.items():
            assert counts[kind][band] == expected, (kind, band)
        assert counts[kind]["total"] == sum(by_band.values())
    assert counts["total"]["total"] == 10 + 14 + 4
    # Overdue = past one calendar month since submission.
    overdue = sum(
        n for by_band in made.values() for band, n in by_band.items() if band != AgeBand.UNDER_1_MONTH
    )
    assert len(queued(supervisor, band=OVERDUE)) == overdue
    assert all(add_months(days_ago(ages[b]), 1) < now for b in ages if b != AgeBand.UNDER_1_MONTH)


def test_a_reviewed_item_leaves_the_queue(supervisor, om):
    visit = factories.VisitFactory(offender=offender_of(om))
    factories.SupervisorReviewFactory(visit=visit, reviewer=supervisor)
    visit.status = WorkflowStatus.SIGNED_OFF
    visit.save(update_fields=["status"])
    assert queued(supervisor) == []


def test_the_queue_page_shows_overdue_items_and_counts_that_open_their_lists(client, supervisor, om):
    factories.VisitFactory(offender=offender_of(om), submitted_on=days_ago(45))
    factories.VisitFactory(offender=offender_of(om), submitted_on=days_ago(2))
    client.force_login(supervisor)
    page = client.get(reverse("review-queue")).content.decode()
    assert "2 items awaiting review" in page and "Overdue by" in page
    filtered = client.get(reverse("review-queue") + "?kind=visit&band=1_to_3").content.decode()
    assert "1 item awaiting review matching the filters" in filtered


def test_only_supervisors_have_a_queue(client, om):
    client.force_login(om)
    assert client.get(reverse("review-queue")).status_code == 403


def test_the_queue_page_costs_the_same_queries_for_5_or_60_items(client, supervisor, om):
    def count(n):
        for _ in range(n):
            factories.VisitFactory(offender=offender_of(om), submitted_on=days_ago(n))
        client.force_login(supervisor)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("review-queue")).status_code == 200
        return len(queries)

    assert count(5) == count(55)


def test_on_31_may_work_submitted_on_30_april_is_in_the_overdue_filter_not_under_1_month(supervisor, om):
    """Issue 10's worked example: the review was due by 30 May, so on 31 May the queue's
    overdue filter, its bands and its counts all show the item as overdue."""
    may_31 = datetime.date(2026, 5, 31)
    late = factories.VisitFactory(offender=offender_of(om), submitted_on=datetime.date(2026, 4, 30))
    in_time = factories.VisitFactory(offender=offender_of(om), submitted_on=datetime.date(2026, 5, 1))

    def listed(band):
        rows = review_queue(supervisor, today=may_31, filters=QueueFilters(band=band))
        return [entry.record_id for entry in queue_entries(rows, supervisor, today=may_31)]

    assert listed(OVERDUE) == [late.pk]
    assert listed(AgeBand.UNDER_1_MONTH) == [in_time.pk]
    assert listed(AgeBand.MONTHS_1_TO_3) == [late.pk]
    counts = queue_counts(supervisor, today=may_31)["visit"]
    assert (counts[AgeBand.UNDER_1_MONTH], counts[AgeBand.MONTHS_1_TO_3]) == (1, 1)
    entry = next(e for e in queue_entries(review_queue(supervisor, today=may_31), supervisor, today=may_31))
    assert (entry.record_id, entry.days_overdue, entry.band) == (late.pk, 1, AgeBand.MONTHS_1_TO_3)


@pytest.mark.parametrize("year", [2024, 2026])  # a leap year and a common one
def test_every_day_of_the_year_the_queues_sql_filters_agree_with_the_bands_and_the_due_engine(
    supervisor, om, year
):
    """One visit awaiting review for every submission day from 13 months before the year to
    its end. On every day of the year the queue's overdue filter (SQL) lists exactly the
    visits the due engine has overdue and `age_band` puts past one month; on every day a
    band begins at a month end, and every Monday, its counts by band (SQL) equal `age_band`
    of each visit."""
    offender = offender_of(om)
    first = datetime.date(year - 1, 1, 1) - datetime.timedelta(days=7)
    days = (datetime.date(year, 12, 31) - first).days + 1
    submitted = [first + datetime.timedelta(days=n) for n in range(days)]
    Visit.objects.bulk_create(
        factories.VisitFactory.build(offender=offender, visited_on=d, submitted_on=d) for d in submitted
    )
    facts = OffenderFacts(
        offender_id=offender.pk,
        status=offender.status,
        management_mode=offender.management_mode,
        lead_agency=offender.lead_agency,
        record_started_on=first,
        items_awaiting_review=[AwaitingReview("visit", d, d) for d in submitted],
    )
    deadlines = [item for item in due_items(facts) if item.related_item_id is not None]
    overdue_filter = QueueFilters(kind="visit", band=OVERDUE)
    today = datetime.date(year, 1, 1)
    while today.year == year:
        bands = Counter(age_band(submitted_on=d, today=today) for d in submitted)
        overdue = review_queue(supervisor, today=today, filters=overdue_filter).count()
        assert overdue == sum(item.is_overdue(today) for item in deadlines), today
        assert overdue == len(submitted) - bands[AgeBand.UNDER_1_MONTH], today
        month_end = any(add_months(today, -months).day != today.day for months in (1, 3, 12))
        if month_end or today.weekday() == 0:
            counts = queue_counts(supervisor, today=today)["visit"]
            assert {band: counts[band] for band in AgeBand.values} == {
                band: bands[band] for band in AgeBand.values
            }, today
        today += datetime.timedelta(days=1)
