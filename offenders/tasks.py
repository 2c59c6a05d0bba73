"""The s62 log's sealing job (offenders.audit_chain), every minute from beat."""

from celery import shared_task

from offenders import audit_chain


@shared_task
def seal_audit_log() -> int:
    return audit_chain.seal()
