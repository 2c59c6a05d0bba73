"""Celery tasks of the dashboards: the snapshots, and the nightly run that leads up to them."""

import dataclasses

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from dashboards import snapshots
from offenders.life_events import transitions_apply
from outstanding import services


@shared_task(
    name="dashboards.tasks.take_snapshots",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def take_snapshots() -> list[dict]:
    """Today's snapshots: daily, and weekly on Mondays, monthly on the 1st (retaken if run twice)."""
    return [dataclasses.asdict(result) for result in snapshots.snapshots_take_due(today=timezone.localdate())]


@shared_task(
    name="dashboards.tasks.nightly",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def nightly() -> dict:
    """The nightly run: apply the life-course transitions whose date has come (each recorded as
    an event by the system), recompute every offender (time has passed), then snapshot."""
    today = timezone.localdate()
    transitions = transitions_apply(today=today)
    recomputed = services.outstanding_recompute_all()
    taken = snapshots.snapshots_take_due(today=today)
    return {
        "transitions": {"events": transitions.events, "returned_to_active": transitions.returned_to_active},
        "recomputed": dataclasses.asdict(recomputed),
        "snapshots": [dataclasses.asdict(t) for t in taken],
    }
