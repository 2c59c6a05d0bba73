"""Telling the rest of the system that an offender's facts changed.

Every service that writes facts the due engine reads calls `offender_changed`. It records
the offender in the `OffenderChange` outbox inside the caller's transaction. After commit,
the listeners that higher layers registered run (dashboards recomputes the offender at once,
so the page the user lands on is current); if none handled it, the worker is asked to
process the outbox. Both are best effort: when they fail the write still stands and the
outbox row waits for the next run, so no recompute is ever lost.
"""

import contextlib
import contextvars
import logging
from collections.abc import Callable, Iterator

from celery import current_app
from django.db import transaction
from django.utils import timezone

from offenders.models import OffenderChange

logger = logging.getLogger(__name__)

# By name: this app must not import the app that derives figures (design.md).
PROCESS_CHANGES_TASK = "outstanding.tasks.process_offender_changes"

Listener = Callable[[list[int]], bool]
_listeners: list[Listener] = []
_deferred = contextvars.ContextVar("offender_changes_deferred", default=False)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Within this block changes only go to the outbox: a batch job (the nightly transitions)
    has the outbox processed once at its end instead of one recompute per offender."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def on_offender_change(listener: Listener) -> None:
    """Register `listener(offender_ids) -> handled` to run after each committed change."""
    if listener not in _listeners:
        _listeners.append(listener)


def publish_to_worker() -> None:
    # The project's Celery app (mosovo.celery) is the current app once Django has started.
    try:
        current_app.send_task(PROCESS_CHANGES_TASK, retry=False)
    except Exception:  # noqa: BLE001 - any broker failure: the outbox keeps the request
        logger.warning(
            "Could not reach the task broker; the offender change waits in the outbox", exc_info=True
        )


def _after_commit(offender_ids: list[int]) -> None:
    handled = False
    for listener in _listeners:
        try:
            handled = listener(offender_ids) or handled
        except Exception:  # noqa: BLE001 - the write has committed; the outbox keeps the request
            logger.exception("Recompute after commit failed; the worker will pick the change up")
    if not handled:
        publish_to_worker()


def offender_changed(*offender_ids: int) -> None:
    """Mark offenders for recompute (in the current transaction); act on it after commit."""
    now = timezone.now()
    OffenderChange.objects.bulk_create(
        [OffenderChange(offender_id=pk, requested_at=now) for pk in offender_ids],
        update_conflicts=True,
        unique_fields=["offender"],
        update_fields=["requested_at"],
    )
    if not _deferred.get():
        transaction.on_commit(lambda: _after_commit(list(offender_ids)))
