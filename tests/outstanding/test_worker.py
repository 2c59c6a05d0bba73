"""The worker path of the recompute after a write: a real Celery worker on the real Redis.

With RECOMPUTE_AFTER_COMMIT=worker the request only records the change (the outbox row)
and publishes a task; the worker recomputes. These tests prove the parts no mock can: the
message reaches a worker that reads the same database, a dead broker neither loses the
change nor hangs the request, and the task is safe to run twice or side by side.
"""

import contextlib
import datetime
import logging
import re
import signal
import socket
import threading
import time

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError, connection
from django.utils import timezone

from mosovo.celery import app
from offenders.case_records import record_submit
from offenders.changes import offender_changed
from offenders.models import OffenderChange
from outstanding import services, tasks
from outstanding.models import OutstandingItem, RecomputeRun
from rules.choices import RiskLevel, WorkflowStatus
from tests import factories
from tests.celery_worker import celery_broker, celery_worker, queue_length, tasks_published_to, unique_queue
from tests.dates import days_ago
from visits.content import VisitContent
from visits.services import visit_save

WORKER_TIMEOUT = 30  # seconds for the worker to do what a running worker does in well under one
DEAD_BROKER = "redis://127.0.0.1:9/0"  # the discard port: nothing listens there
PROMPT = 10  # seconds: a guard against a request hanging on the broker, not a benchmark


def offender_with_an_overdue_visit():
    offender = factories.OffenderFactory(risk_level=RiskLevel.HIGH, managed_since=days_ago(1000))
    factories.VisitFactory(offender=offender, visited_on=days_ago(200), status=WorkflowStatus.SIGNED_OFF)
    services.outstanding_recompute_all()
    assert visit_due_on(offender) < timezone.localdate()
    return offender


def visit_due_on(offender) -> datetime.date:
    return OutstandingItem.objects.get(offender=offender, kind="visit").due_on


def log_visit_yesterday(offender) -> None:
    visit = visit_save(
        offender=offender,
        content=VisitContent(visited_on=days_ago(1), outcome="seen", crew_size=2),
        acting_user=offender.offender_manager,
        today=timezone.localdate(),
    )
    record_submit(record=visit, acting_user=offender.offender_manager, today=timezone.localdate())


def visit_no_longer_overdue(offender) -> bool:
    return visit_due_on(offender) > timezone.localdate()


def outbox_empty() -> bool:
    return not OffenderChange.objects.exists()


def changes_run_recorded() -> bool:
    """The worker's service records its run; the in-request recompute records none."""
    return RecomputeRun.objects.filter(scope=RecomputeRun.Scope.CHANGES, offenders=1).exists()


@contextlib.contextmanager
def failing_if_it_hangs(seconds: float = 2 * PROMPT):
    """Fail the test, rather than hang the suite, if the block blocks on the broker for good.

    pytest.fail raises a BaseException, so it gets past the `except Exception` that keeps a
    broker failure from failing the write.
    """

    def hung(signum, frame):
        pytest.fail(f"still blocked after {seconds} s: the write hangs on the broker")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.slow
def test_a_visit_logged_clears_the_overdue_visit_via_the_worker(transactional_db, settings, tmp_path):
    """In worker mode the request publishes the change and a separate worker process recomputes.

    The worker starts only after the write, so what the test sees right after commit is
    what the request itself did: nothing but the outbox row and the published message.
    """
    settings.RECOMPUTE_AFTER_COMMIT = "worker"
    offender = offender_with_an_overdue_visit()
    broker_url = app.conf.broker_url
    queue = unique_queue()
    with tasks_published_to(queue):
        log_visit_yesterday(offender)

        assert visit_due_on(offender) < timezone.localdate(), "recomputed in the request, not the worker"
        assert OffenderChange.objects.filter(offender=offender).exists()
        assert queue_length(queue) >= 1, "the write did not publish the task"

        with celery_worker(
            queue=queue,
            broker_url=broker_url,
            log_path=tmp_path / "worker.log",
            RECOMPUTE_AFTER_COMMIT="worker",
        ) as worker:
            worker.wait_until(
                lambda: visit_no_longer_overdue(offender) and outbox_empty() and changes_run_recorded(),
                timeout=WORKER_TIMEOUT,
                what="the worker clearing the overdue visit",
            )
    succeeded = r"Task outstanding\.tasks\.process_offender_changes\[[-0-9a-f]+\] succeeded"
    assert re.search(succeeded, worker.log), worker.failure("the worker logged no successful run")


@pytest.mark.slow
def test_with_the_broker_down_the_visit_is_saved_and_the_worker_catches_up(
    transactional_db, settings, tmp_path, caplog
):
    """A dead broker must cost the user nothing: the write stands, promptly, and the outbox
    row waits; once a worker runs the scheduled drain (what beat sends every 5 minutes), the
    recompute is done and the outbox is empty."""
    settings.RECOMPUTE_AFTER_COMMIT = "worker"
    offender = offender_with_an_overdue_visit()
    broker_url = app.conf.broker_url
    queue = unique_queue()
    with tasks_published_to(queue):
        with celery_broker(DEAD_BROKER), caplog.at_level(logging.WARNING, logger="offenders.changes"):
            started = time.monotonic()
            with failing_if_it_hangs():
                log_visit_yesterday(offender)
            elapsed = time.monotonic() - started

        assert elapsed < PROMPT, f"logging the visit took {elapsed:.1f} s with the broker down"
        assert "Could not reach the task broker" in caplog.text
        visit = offender.visits.get(visited_on=days_ago(1))
        assert visit.status == WorkflowStatus.SUBMITTED
        assert OffenderChange.objects.filter(offender=offender).exists()
        assert visit_due_on(offender) < timezone.localdate()
        assert queue_length(queue) == 0

        with celery_worker(
            queue=queue,
            broker_url=broker_url,
            log_path=tmp_path / "worker.log",
            RECOMPUTE_AFTER_COMMIT="worker",
        ) as worker:
            app.send_task(django_settings.CELERY_BEAT_SCHEDULE["process-offender-changes"]["task"])
            worker.wait_until(
                lambda: visit_no_longer_overdue(offender) and outbox_empty() and changes_run_recorded(),
                timeout=WORKER_TIMEOUT,
                what="the worker draining the outbox",
            )


@pytest.mark.slow
def test_an_unresponsive_broker_does_not_hang_the_write(transactional_db, settings, caplog):
    """A broker that accepts the connection and never answers (hung, not down) is the case
    the broker timeouts in settings exist for: the write still returns and the change waits."""
    settings.RECOMPUTE_AFTER_COMMIT = "worker"
    offender = offender_with_an_overdue_visit()
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)  # the kernel completes the handshake; nobody ever reads or replies
        hung_broker = f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
        with celery_broker(hung_broker), caplog.at_level(logging.WARNING, logger="offenders.changes"):
            started = time.monotonic()
            with failing_if_it_hangs():
                log_visit_yesterday(offender)
            elapsed = time.monotonic() - started

    assert elapsed < PROMPT, f"logging the visit took {elapsed:.1f} s with the broker hung"
    assert "Could not reach the task broker" in caplog.text
    assert OffenderChange.objects.filter(offender=offender).exists()
    assert visit_due_on(offender) < timezone.localdate()


def outstanding_rows() -> list[tuple]:
    return list(OutstandingItem.objects.order_by("pk").values_list("pk", "offender_id", "kind", "due_on"))


@pytest.mark.django_db
def test_processing_the_outbox_twice_leaves_the_same_rows(settings):
    """With late acknowledgement a message can be delivered again, and beat drains the outbox
    on its own schedule: a second run, or a run for a change that alters nothing, must not
    churn the table."""
    settings.RECOMPUTE_AFTER_COMMIT = "worker"
    offender = offender_with_an_overdue_visit()
    log_visit_yesterday(offender)  # on_commit never fires in this test's transaction: nothing published

    first = tasks.process_offender_changes.apply().get()
    assert first["offenders"] == 1 and visit_no_longer_overdue(offender)
    rows = outstanding_rows()

    assert tasks.process_offender_changes.apply().get() == {
        "offenders": 0,
        "added": 0,
        "removed": 0,
        "changed": 0,
    }
    offender_changed(offender.pk)
    again = tasks.process_offender_changes.apply().get()
    assert (again["offenders"], again["added"], again["removed"], again["changed"]) == (1, 0, 0, 0)
    assert outstanding_rows() == rows
    assert outbox_empty()


@pytest.mark.django_db
def test_a_database_hiccup_is_retried(monkeypatch):
    """A dropped database connection must not drop the run: the task is retried, and the
    outbox rows it had not deleted are processed then."""
    offender = offender_with_an_overdue_visit()
    log_visit_yesterday(offender)
    real = services.process_offender_changes
    calls = []

    def hiccup_once():
        calls.append(True)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real()

    monkeypatch.setattr(services, "process_offender_changes", hiccup_once)
    result = tasks.process_offender_changes.apply()
    assert result.successful(), result.traceback
    assert len(calls) == 2
    assert visit_no_longer_overdue(offender) and outbox_empty()


def test_overlapping_runs_process_each_change_once(transactional_db, monkeypatch):
    """Two workers (or a worker and beat's drain) may run at once. A change the first run has
    claimed is skipped by the second, which neither waits for it nor recomputes it again."""
    offender = offender_with_an_overdue_visit()
    OffenderChange.objects.create(offender=offender)
    claimed, release = threading.Event(), threading.Event()
    first_result = {}
    real = services._recompute_offenders

    def pausing_in_the_first_run(offender_ids):
        if threading.current_thread() is first:
            claimed.set()
            release.wait(10)
        return real(offender_ids)

    def first_run():
        try:
            first_result["result"] = services.process_offender_changes()
        finally:
            connection.close()

    monkeypatch.setattr(services, "_recompute_offenders", pausing_in_the_first_run)
    first = threading.Thread(target=first_run)
    first.start()
    try:
        assert claimed.wait(10), "the first run never claimed the change"
        with connection.cursor() as cursor:
            # A second run that waited on the claim fails here instead of hanging the suite.
            cursor.execute("SET lock_timeout = '2s'")
        try:
            second = services.process_offender_changes()
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET lock_timeout")
    finally:
        release.set()
        first.join(10)

    assert second.offenders == 0
    assert first_result["result"].offenders == 1
    assert list(RecomputeRun.objects.filter(scope=RecomputeRun.Scope.CHANGES).values_list("offenders")) == [
        (1,)
    ]
    assert outbox_empty()
