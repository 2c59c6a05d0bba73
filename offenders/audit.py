"""The log the Data Protection Act 2018 (Part 3, s62) asks of law-enforcement processing:
collection, alteration, consultation, disclosure, combination and erasure — who, when (UTC),
whose data, which operation, the justification, and for a disclosure its recipient.

Every write service logs in its own transaction; every page, export and API read that shows
an offender's data logs a consultation (or a disclosure) before it answers. A log write that
fails fails the request: there is no path that shows or changes data without its entry.
"""

import contextvars
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Model

from kit.network import client_ip
from offenders.models import AuditEvent, AuditOperation, Offender

# The purpose every consultation serves unless the user gives a more specific one.
PURPOSE = "Management of a sexual or violent offender (MOSOVO)"


@dataclass(frozen=True)
class RequestInfo:
    path: str = ""
    client_ip: str | None = None


_NO_REQUEST = RequestInfo()
_request_info: contextvars.ContextVar[RequestInfo | None] = contextvars.ContextVar(
    "audit_request", default=None
)


class AuditContextMiddleware:
    """Makes the request's path and client address available to services that log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_info.set(
            RequestInfo(
                path=request.path[:300],
                client_ip=client_ip(request) or None,
            )
        )
        try:
            return self.get_response(request)
        finally:
            _request_info.reset(token)


def _offender_ids(offenders) -> list[int | None]:
    if offenders is None:
        return [None]
    if isinstance(offenders, Offender | int):
        offenders = [offenders]
    ids = [offender.pk if isinstance(offender, Offender) else offender for offender in offenders]
    return ids


def record_type(record: Model | None) -> str:
    return record._meta.model_name if record is not None else ""


def log(
    *,
    actor,
    operation: str,
    offenders: Iterable | Offender | int | None,
    record: Model | None = None,
    kind: str = "",
    record_id: int | None = None,
    justification: str = "",
    recipient: str = "",
) -> list[AuditEvent]:
    """Write one entry per subject (offender) in the current transaction."""
    return AuditEvent.objects.bulk_create(
        _entries(
            actor=actor,
            operation=operation,
            offenders=offenders,
            record=record,
            kind=kind,
            record_id=record_id,
            justification=justification,
            recipient=recipient,
        )
    )


def log_each(*, actor, operation: str, records: Iterable[Model]) -> list[AuditEvent]:
    """`log` for many records at once (one query): one entry per record, about its offender
    (`record.offender_id`)."""
    return AuditEvent.objects.bulk_create(
        [
            entry
            for record in records
            for entry in _entries(
                actor=actor,
                operation=operation,
                offenders=record.offender_id,
                record=record,  # type: ignore[attr-defined]
            )
        ]
    )


def _entries(
    *,
    actor,
    operation: str,
    offenders: Iterable | Offender | int | None,
    record: Model | None = None,
    kind: str = "",
    record_id: int | None = None,
    justification: str = "",
    recipient: str = "",
) -> list[AuditEvent]:
    info = _request_info.get() or _NO_REQUEST
    actor_id = getattr(actor, "pk", None)
    username = getattr(actor, "username", "") or ""
    return [
        AuditEvent(
            actor_id=actor_id,
            actor_username=username,
            operation=AuditOperation(operation),
            offender_id=offender_id,
            record_type=kind or record_type(record),
            record_id=record_id if record_id is not None else getattr(record, "pk", None),
            justification=justification[:300],
            recipient=recipient[:200],
            path=info.path,
            client_ip=info.client_ip,
        )
        for offender_id in dict.fromkeys(_offender_ids(offenders))
    ]


def consulted(
    request, offenders, *, record: Model | None = None, kind: str = "", justification: str = PURPOSE
):
    """A user looked at these offenders' data (a record page, a list, a form showing it)."""
    if isinstance(offenders, Iterable) and not isinstance(offenders, Offender):
        offenders = list(offenders)
        if not offenders:
            return []
    return log(
        actor=request.user,
        operation=AuditOperation.CONSULTATION,
        offenders=offenders,
        record=record,
        kind=kind,
        justification=justification,
    )


def disclosed(request, offenders, *, kind: str, recipient: str, justification: str = PURPOSE):
    """Data left the system: an export, an API read by an integration."""
    return log(
        actor=request.user,
        operation=AuditOperation.DISCLOSURE,
        offenders=offenders,
        kind=kind,
        recipient=recipient,
        justification=justification,
    )
