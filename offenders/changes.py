"""Telling the rest of the system that an offender's facts changed.

Every service that writes facts the due engine reads calls `offender_changed`. It records
the offender in the `OffenderChange` outbox inside the caller's transaction and, after
commit, asks the worker to process the outbox. Publishing is best effort: if Redis or the
worker is down the write still succeeds and the outbox row waits for the next run.
"""

import logging

from django.db import transaction
from django.utils import timezone

from offenders.models import OffenderChange

logger = logging.getLogger(__name__)

# By name: this app must not import the app that derives figures (design.md).
PROCESS_CHANGES_TASK = "dashboards.tasks.process_offender_changes"


def _publish() -> None:
    from mosovo.celery import app

    try:
        app.send_task(PROCESS_CHANGES_TASK, retry=False)
    except Exception:  # noqa: BLE001 - any broker failure: the outbox keeps the request
        logger.warning(
            "Could not reach the task broker; the offender change waits in the outbox", exc_info=True
        )


def offender_changed(*offender_ids: int) -> None:
    """Mark offenders for recompute (in the current transaction) and nudge the worker after commit."""
    now = timezone.now()
    OffenderChange.objects.bulk_create(
        [OffenderChange(offender_id=pk, requested_at=now) for pk in offender_ids],
        update_conflicts=True,
        unique_fields=["offender"],
        update_fields=["requested_at"],
    )
    transaction.on_commit(_publish)
