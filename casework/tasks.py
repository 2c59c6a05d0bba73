"""Celery tasks of the casework pages: the supervisors' morning digest."""

from celery import shared_task
from django.utils import timezone

from casework import notifications


@shared_task(name="casework.tasks.send_supervisor_digests")
def send_supervisor_digests() -> int:
    return notifications.supervisor_digests_send(today=timezone.localdate())
