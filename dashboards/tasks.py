"""Celery tasks: thin wrappers that call a service; safe to run twice."""

import dataclasses

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from dashboards import notifications, services


@shared_task(
    name="dashboards.tasks.process_offender_changes",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def process_offender_changes() -> dict:
    return dataclasses.asdict(services.process_offender_changes())


@shared_task(
    name="dashboards.tasks.recompute_all",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def recompute_all() -> dict:
    return dataclasses.asdict(services.outstanding_recompute_all())


@shared_task(name="dashboards.tasks.send_supervisor_digests")
def send_supervisor_digests() -> int:
    return notifications.supervisor_digests_send(today=timezone.localdate())
