"""The outstanding-work table follows the due engine, and recomputing is idempotent."""

import datetime

import pytest

from offenders.case_records import record_submit
from offenders.models import OffenderChange
from outstanding import services
from outstanding.models import OutstandingItem, RecomputeRun
from risk.models import ReviewDecision
from risk.services import review_record
from rules.choices import RiskLevel
from rules.due import DueKind
from tests import factories
from visits.content import VisitContent
from visits.services import visit_save
from workforce.models import ForcePolicy

pytestmark = pytest.mark.django_db
D = datetime.date
REVIEW = (
    "Visit checked against the plan: observations recorded, devices inspected, next actions proportionate."
)


def items(offender):
    return dict(OutstandingItem.objects.filter(offender=offender).values_list("kind", "due_on"))


def test_recompute_fills_the_table_from_the_due_engine():
    offender = factories.OffenderFactory(risk_level=RiskLevel.HIGH)
    factories.VisitFactory(offender=offender, visited_on=D(2026, 7, 1))
    result = services.outstanding_recompute(offender_ids=[offender.pk])
    assert items(offender)[DueKind.VISIT] == D(2026, 10, 1)
    assert items(offender)[DueKind.SUPERVISOR_REVIEW_VISIT] == D(2026, 8, 1)
    assert result.added == OutstandingItem.objects.count() > 0


def test_recompute_twice_changes_nothing():
    offender = factories.OffenderFactory()
    factories.VisitFactory(offender=offender)
    services.outstanding_recompute(offender_ids=[offender.pk])
    before = list(OutstandingItem.objects.values_list("pk", "kind", "due_on"))
    again = services.outstanding_recompute(offender_ids=[offender.pk])
    assert (again.added, again.removed, again.changed) == (0, 0, 0)
    assert list(OutstandingItem.objects.values_list("pk", "kind", "due_on")) == before


def test_a_policy_change_shows_as_changed_items():
    offender = factories.OffenderFactory(risk_level=RiskLevel.HIGH)
    factories.VisitFactory(offender=offender, visited_on=D(2026, 7, 1))
    services.outstanding_recompute_all()
    ForcePolicy.objects.filter(force=offender.force).update(visit_interval_months_high=1)
    result = services.outstanding_recompute_all()
    assert result.changed == 1
    assert items(offender)[DueKind.VISIT] == D(2026, 8, 1)
    assert RecomputeRun.objects.latest().changed == 1


def test_signing_off_a_visit_removes_its_review_through_the_outbox():
    offender = factories.OffenderFactory()
    visit = factories.VisitFactory(offender=offender)
    services.outstanding_recompute_all()
    assert DueKind.SUPERVISOR_REVIEW_VISIT in items(offender)
    review_record(
        record=visit,
        reviewer=factories.supervisor_of(visit.author),
        text=REVIEW,
        decision=ReviewDecision.SIGNED_OFF,
        reviewed_on=D(2026, 10, 5),
        policy=offender.force.policy.as_rules(),
    )
    assert OffenderChange.objects.filter(offender=offender).exists()
    result = services.process_offender_changes()
    assert result.removed == 1
    assert DueKind.SUPERVISOR_REVIEW_VISIT not in items(offender)
    assert not OffenderChange.objects.exists()


def test_a_submitted_visit_updates_the_next_visit_after_processing():
    offender = factories.OffenderFactory(risk_level=RiskLevel.HIGH)
    services.outstanding_recompute_all()
    visit = visit_save(
        offender=offender,
        content=VisitContent(visited_on=D(2026, 11, 2), outcome="seen", crew_size=2),
        acting_user=offender.offender_manager,
        today=D(2026, 11, 23),
    )
    record_submit(record=visit, acting_user=offender.offender_manager, today=D(2026, 11, 23))
    services.process_offender_changes()
    assert items(offender)[DueKind.VISIT] == D(2027, 2, 2)


def test_closing_an_offender_clears_their_work():
    offender = factories.OffenderFactory()
    services.outstanding_recompute_all()
    assert items(offender)
    offender.status = "deceased"
    offender.save()
    result = services.outstanding_recompute_all()
    assert items(offender) == {}
    assert result.removed > 0


def test_recompute_query_count_does_not_grow_with_offenders(django_assert_max_num_queries):
    team = factories.TeamFactory()
    om = factories.StaffFactory(team=team)
    offenders = [factories.OffenderFactory(team=team, offender_manager=om) for _ in range(25)]
    for offender in offenders:
        factories.VisitFactory(offender=offender)
    with django_assert_max_num_queries(16):
        services.outstanding_recompute(offender_ids=[o.pk for o in offenders])


def test_a_committed_write_recomputes_the_offender_at_once(django_capture_on_commit_callbacks):
    offender = factories.OffenderFactory(risk_level=RiskLevel.HIGH)
    services.outstanding_recompute_all()
    visit = visit_save(
        offender=offender,
        content=VisitContent(visited_on=D(2026, 11, 2), outcome="seen"),
        acting_user=offender.offender_manager,
        today=D(2026, 11, 23),
    )
    with django_capture_on_commit_callbacks(execute=True):
        record_submit(record=visit, acting_user=offender.offender_manager, today=D(2026, 11, 23))
    assert items(offender)[DueKind.VISIT] == D(2027, 2, 2)
    assert not OffenderChange.objects.exists()


def test_with_worker_mode_the_change_waits_in_the_outbox(
    settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.RECOMPUTE_AFTER_COMMIT = "worker"
    published = []
    monkeypatch.setattr("offenders.changes.publish_to_worker", lambda: published.append(True))
    offender = factories.OffenderFactory(risk_level=RiskLevel.HIGH)
    visit = factories.VisitFactory(offender=offender, status="draft", submitted_on=None)
    with django_capture_on_commit_callbacks(execute=True):
        record_submit(record=visit, acting_user=offender.offender_manager, today=D(2026, 11, 23))
    assert OffenderChange.objects.filter(offender=offender).exists()
    assert published == [True]


def test_the_nightly_run_keeps_a_change_written_while_it_ran(monkeypatch):
    """A change waiting when the full run starts is covered by it; one written during the run
    (even with a timestamp from before it, as a transaction begun earlier would) waits for
    the worker instead of being dropped."""
    covered, late = factories.OffenderFactory(), factories.OffenderFactory()
    OffenderChange.objects.create(offender=covered)
    early = OffenderChange.objects.get(offender=covered).requested_at
    recompute = services.outstanding_recompute

    def recompute_while_a_write_lands(**kwargs):
        result = recompute(**kwargs)
        OffenderChange.objects.create(offender=late)
        OffenderChange.objects.filter(offender=late).update(requested_at=early)  # stamped before the run
        return result

    monkeypatch.setattr(services, "outstanding_recompute", recompute_while_a_write_lands)
    services.outstanding_recompute_all()
    assert list(OffenderChange.objects.values_list("offender_id", flat=True)) == [late.pk]
