"""Keeping each offender's outstanding work current, from the one due engine.

The table is derived data: recomputing an offender twice gives the same rows, so every
entry point (after a write, the nightly run, the `recompute` command) is safe to repeat.
"""

import dataclasses
import datetime
from collections.abc import Hashable, Iterable
from typing import cast

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from offenders.models import Offender, OffenderChange
from outstanding.models import OutstandingItem, RecomputeRun
from outstanding.selectors import due_items_by_offender

CHUNK_SIZE = 2000
# What makes two versions of an item differ (beyond its identity: offender, kind, record).
_COMPARED = ("due_on", "basis_on", "rule", "team_id", "offender_manager_id", "risk_level")


@dataclasses.dataclass
class RecomputeResult:
    offenders: int = 0
    added: int = 0
    removed: int = 0
    changed: int = 0

    def __iadd__(self, other: "RecomputeResult") -> "RecomputeResult":
        for field in dataclasses.fields(self):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))
        return self


def _derived_rows(
    offenders: list[Offender], computed_at: datetime.datetime
) -> dict[tuple[int, str, Hashable], OutstandingItem]:
    by_offender = due_items_by_offender(offenders)
    rows = {}
    for offender in offenders:
        for item in by_offender[offender.pk]:
            key = (offender.pk, str(item.kind), item.related_item_id)
            rows[key] = OutstandingItem(
                offender_id=offender.pk,
                force_id=offender.force_id,
                team_id=offender.team_id,
                offender_manager_id=offender.offender_manager_id,
                risk_level=offender.risk_level,
                kind=item.kind,
                due_on=item.due_on,
                basis_on=item.basis_on,
                rule=item.rule[:200],
                # The rules carry a record's id as any Hashable; here it is an ARMS, RMP or visit pk.
                related_item_id=cast(int | None, item.related_item_id),
                computed_at=computed_at,
            )
    return rows


@transaction.atomic
def _recompute_offenders(offender_ids: list[int]) -> RecomputeResult:
    # Lock the offenders so two recomputes of one offender run one after the other.
    offenders = list(
        Offender.objects.select_for_update(of=("self",)).filter(pk__in=offender_ids).order_by("pk")
    )
    new = _derived_rows(offenders, timezone.now())
    existing = {
        (row.offender_id, row.kind, row.related_item_id): row
        for row in OutstandingItem.objects.filter(offender_id__in=offender_ids).only(
            "pk", *_COMPARED, "offender_id", "kind", "related_item_id"
        )
    }
    stale = [row.pk for key, row in existing.items() if key not in new]
    changed = [
        key
        for key, row in existing.items()
        if key in new and any(getattr(row, name) != getattr(new[key], name) for name in _COMPARED)
    ]
    fresh = [row for key, row in new.items() if key not in existing]
    OutstandingItem.objects.filter(pk__in=stale + [existing[key].pk for key in changed]).delete()
    OutstandingItem.objects.bulk_create(fresh + [new[key] for key in changed], batch_size=5000)
    return RecomputeResult(
        offenders=len(offenders), added=len(fresh), removed=len(stale), changed=len(changed)
    )


def _record_run(scope: str, started_at: datetime.datetime, result: RecomputeResult) -> None:
    RecomputeRun.objects.create(
        scope=scope, started_at=started_at, finished_at=timezone.now(), **dataclasses.asdict(result)
    )


def outstanding_recompute(*, offender_ids: Iterable[int]) -> RecomputeResult:
    """Recompute the outstanding work of the given offenders (in chunks, one transaction each)."""
    ids = sorted(set(offender_ids))
    result = RecomputeResult()
    for start in range(0, len(ids), CHUNK_SIZE):
        result += _recompute_offenders(ids[start : start + CHUNK_SIZE])
    return result


def outstanding_recompute_all() -> RecomputeResult:
    """Recompute every offender: the nightly catch-all for time passing and anything missed."""
    started_at = timezone.now()
    # The changes waiting now are covered by this run; one written later (even by a transaction
    # that began earlier) keeps its row for the worker, so nothing is dropped.
    waiting = list(OffenderChange.objects.values_list("pk", "requested_at"))
    result = outstanding_recompute(offender_ids=Offender.objects.values_list("pk", flat=True))
    for start in range(0, len(waiting), CHUNK_SIZE):
        covered = Q()
        for pk, requested_at in waiting[start : start + CHUNK_SIZE]:
            covered |= Q(pk=pk, requested_at=requested_at)
        OffenderChange.objects.filter(covered).delete()
    with connection.cursor() as cursor:
        # Fresh statistics for the dashboards' plans after the table's nightly churn.
        cursor.execute("ANALYZE dashboards_outstandingitem")
    _record_run(RecomputeRun.Scope.FULL, started_at, result)
    return result


def recompute_changed_offenders(offender_ids: list[int]) -> bool:
    """After a committed write: recompute these offenders now and clear their outbox rows.

    Registered with `offenders.changes` when `RECOMPUTE_AFTER_COMMIT` is "inline"; with
    "worker" it declines, and the change goes to the Celery worker instead.
    """
    if settings.RECOMPUTE_AFTER_COMMIT != "inline":
        return False
    with transaction.atomic():
        claimed = list(
            OffenderChange.objects.select_for_update(skip_locked=True)
            .filter(offender_id__in=offender_ids)
            .values_list("pk", flat=True)
        )
        _recompute_offenders(offender_ids)
        OffenderChange.objects.filter(pk__in=claimed).delete()
    return True


def process_offender_changes(*, batch_size: int = 500) -> RecomputeResult:
    """Recompute the offenders in the change outbox, claiming rows so workers never clash.

    A change recorded while a batch is being processed waits on the claimed row and is
    written again after it is deleted, so it is processed by the next batch, not lost.
    """
    started_at = timezone.now()
    result = RecomputeResult()
    while True:
        with transaction.atomic():
            claimed = list(
                OffenderChange.objects.select_for_update(skip_locked=True)
                .order_by("requested_at")
                .values_list("pk", "offender_id")[:batch_size]
            )
            if not claimed:
                break
            result += _recompute_offenders([offender_id for _, offender_id in claimed])
            OffenderChange.objects.filter(pk__in=[pk for pk, _ in claimed]).delete()
    if result.offenders:
        _record_run(RecomputeRun.Scope.CHANGES, started_at, result)
    return result
