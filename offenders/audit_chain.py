"""The s62 log made tamper-evident: every entry gets a link in a hash chain
(`AuditSeal`: SHA-256 of the previous link and of the entry's content), written by a job
shortly after the entry, and `verify` walks the chain and reports the first entry that no
longer matches its link (changed, or deleted, by someone able to get past the database's
append-only triggers, such as its owner).

The chain is written apart from the entries, and a little after them, so that writing the
log stays as cheap as it is (no lock shared by every request that logs) and a transaction
that commits late still gets its link: links follow the order entries were sealed in, not
their ids. An entry older than SEAL_AFTER with no link is reported as unsealed.
"""

import datetime
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from offenders.models import AuditEvent, AuditSeal

# Entries are sealed once this old: any transaction writing them has long committed.
SEAL_AFTER = datetime.timedelta(minutes=1)
BATCH = 5_000
GENESIS = "0" * 64
# Serialises the sealing jobs (never the requests that write the log).
_LOCK = 62_062

_FIELDS = (
    "pk",
    "occurred_at",
    "actor_id",
    "actor_username",
    "operation",
    "offender_id",
    "record_type",
    "record_id",
    "justification",
    "recipient",
    "path",
    "client_ip",
)


def content(event: AuditEvent) -> str:
    """An entry's content as the chain hashes it: every field, in a fixed order."""
    values = []
    for name in _FIELDS:
        value = getattr(event, name)
        values.append(value.isoformat() if isinstance(value, datetime.datetime) else str(value))
    return "\x1f".join(values)


def link(previous: str, event: AuditEvent) -> str:
    return hashlib.sha256(f"{previous}\x1e{content(event)}".encode()).hexdigest()


def seal(*, now: datetime.datetime | None = None) -> int:
    """Link every entry older than SEAL_AFTER that has no link yet, oldest id first; return
    how many were sealed. Safe to run twice at once (the second waits)."""
    cutoff = (now or timezone.now()) - SEAL_AFTER
    sealed = 0
    while True:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
            last = AuditSeal.objects.order_by("-pk").values_list("digest", flat=True).first() or GENESIS
            events = list(
                AuditEvent.objects.filter(occurred_at__lt=cutoff)
                .exclude(Exists(AuditSeal.objects.filter(event_id=OuterRef("pk"))))
                .order_by("pk")[:BATCH]
            )
            if not events:
                return sealed
            seals = []
            for event in events:
                last = link(last, event)
                seals.append(AuditSeal(event_id=event.pk, digest=last))
            AuditSeal.objects.bulk_create(seals)
            sealed += len(seals)


@dataclass(frozen=True)
class Verdict:
    """What `verify` found: how many links were checked, the first broken one (None if every
    link holds) and how many old entries have no link."""

    checked: int
    broken: str | None
    unsealed: int

    @property
    def intact(self) -> bool:
        return self.broken is None and self.unsealed == 0


def _links() -> Iterator[tuple[AuditSeal, AuditEvent | None]]:
    last_pk = 0
    while True:
        seals = list(AuditSeal.objects.filter(pk__gt=last_pk).order_by("pk")[:BATCH])
        if not seals:
            return
        events = AuditEvent.objects.in_bulk([seal.event_id for seal in seals])
        for seal_row in seals:
            yield seal_row, events.get(seal_row.event_id)
        last_pk = seals[-1].pk


def verify(*, now: datetime.datetime | None = None) -> Verdict:
    """Walk the chain from its start: each link must be the hash of the one before and of its
    entry as the entry is now. The first that is not names the entry changed or deleted."""
    previous, checked = GENESIS, 0
    for seal_row, event in _links():
        if event is None:
            return Verdict(
                checked, f"audit event {seal_row.event_id} (link {seal_row.pk}) has been deleted", 0
            )
        if link(previous, event) != seal_row.digest:
            return Verdict(
                checked,
                f"audit event {event.pk} (link {seal_row.pk}) has been changed since it was sealed",
                0,
            )
        previous = seal_row.digest
        checked += 1
    cutoff = (now or timezone.now()) - SEAL_AFTER
    unsealed = (
        AuditEvent.objects.filter(occurred_at__lt=cutoff)
        .exclude(Exists(AuditSeal.objects.filter(event_id=OuterRef("pk"))))
        .count()
    )
    return Verdict(checked, None, unsealed)
