"""Celery tasks of the due engine: thin wrappers that call a service; safe to run twice."""

import dataclasses

from celery import shared_task
from django.db import OperationalError

from outstanding import services


@shared_task(
    name="outstanding.tasks.process_offender_changes",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def process_offender_changes() -> dict:
    return dataclasses.asdict(services.process_offender_changes())


@shared_task(
    name="outstanding.tasks.recompute_all",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def recompute_all() -> dict:
    return dataclasses.asdict(services.outstanding_recompute_all())
