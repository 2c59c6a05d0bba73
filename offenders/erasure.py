"""Erasure of a nominal the unit no longer manages: every row of their data goes, in one
transaction, and the s62 log records that it happened — never what was erased (DPA 2018
s62(1)(f); issue 6).

The case-record tables refuse changes to signed-off records and reviews, and the change
history tables are append-only; erasure is the one operation allowed past them, marked for
the database by the transaction-local setting `mosovo.erasing` (and `pgtrigger.ignore` for
the history triggers, so erasing leaves no copy behind in the history either).

This module deletes by walking the model registry (every table that refers to the offender,
and to those rows, and their history), so it needs no import of the apps above it.
"""

from dataclasses import dataclass
from typing import cast

import pgtrigger
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import ForeignObjectRel

from offenders import audit
from offenders.models import AuditEvent, AuditOperation, Offender
from rules.choices import CLOSED_STATUSES
from workforce.models import Staff
from workforce.permissions import Action, require

# Tables that keep a copy of an offender's id without a foreign key (snapshots of counts).
_PLAIN_OFFENDER_ID_MODELS = ("dashboards.SnapshotOffender", "dashboards.SnapshotItem")
MIN_JUSTIFICATION = 20


@dataclass(frozen=True)
class Erased:
    offender_id: int
    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _history_models_of(model: type[models.Model]) -> list[type[models.Model]]:
    """pghistory's event models that track `model` (their `pgh_obj` points at it)."""
    found = []
    for candidate in apps.get_models():
        field = next((f for f in candidate._meta.fields if f.name == "pgh_obj"), None)
        if field is not None and field.related_model is model:
            found.append(candidate)
    return found


def _children(model: type[models.Model]) -> list[tuple[type[models.Model], str]]:
    """(model, foreign key name) of every table whose rows belong to a row of `model`."""
    children = []
    history = _history_models_of(model)
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.one_to_many or relation.one_to_one) or relation.concrete:
            continue
        relation = cast(ForeignObjectRel, relation)  # not concrete, one to many or one: a reverse relation
        child = relation.related_model
        if child is AuditEvent or child in history:
            continue
        if getattr(relation.field, "db_constraint", True) is False:
            continue  # a history event's copy of a foreign key: removed with its tracked row
        children.append((child, relation.field.name))
    return children


def _erase_rows(
    model: type[models.Model],
    ids: list[object],
    rows: dict[str, int],
    seen: set[tuple[type[models.Model], tuple[object, ...]]],
) -> None:
    if not ids or (model, tuple(ids)) in seen:
        return
    seen.add((model, tuple(ids)))
    # The type: ignores below: each model here has the default `objects` manager, which django-stubs
    # does not promise on any model class (type[Model]).
    for child, field in _children(model):
        child_ids = list(child.objects.filter(**{f"{field}__in": ids}).values_list("pk", flat=True))  # type: ignore[attr-defined]
        _erase_rows(child, child_ids, rows, seen)
    for history in _history_models_of(model):
        rows[history._meta.label] = rows.get(history._meta.label, 0) + history.objects.filter(  # type: ignore[attr-defined]
            pgh_obj_id__in=ids
        )._raw_delete(connection.alias)
    rows[model._meta.label] = rows.get(model._meta.label, 0) + model.objects.filter(pk__in=ids)._raw_delete(  # type: ignore[attr-defined]
        connection.alias
    )


@transaction.atomic
def offender_erase(*, offender: Offender, acting_user: Staff, justification: str) -> Erased:
    """Erase every row of a closed nominal's data (deceased, notification ended, transferred).

    Refused for an offender still managed, and without a written justification. The log
    keeps one erasure entry per erased subject: who, when, the subject's id, the reason."""
    require(acting_user, Action.ERASE)
    offender = Offender.objects.select_for_update().get(pk=offender.pk)
    if offender.status not in CLOSED_STATUSES:
        raise ValidationError(
            f"{offender.reference} is still managed ({offender.get_status_display().lower()}); only the "
            "records of a nominal whose notification has ended, who has died or who has transferred can be "
            "erased."
        )
    if len(justification.strip()) < MIN_JUSTIFICATION:
        raise ValidationError(
            {"justification": "Give the reason for the erasure (the retention rule that applies)."}
        )
    offender_id = offender.pk
    rows: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('mosovo.erasing', 'on', true)")
    with pgtrigger.ignore():
        for label in _PLAIN_OFFENDER_ID_MODELS:
            model = apps.get_model(label)
            rows[label] = model.objects.filter(offender_id=offender_id)._raw_delete(connection.alias)
        _erase_rows(Offender, [offender_id], rows, set())
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('mosovo.erasing', 'off', true)")
    audit.log(
        actor=acting_user,
        operation=AuditOperation.ERASURE,
        offenders=offender_id,
        kind="offender",
        record_id=offender_id,
        justification=justification.strip(),
    )
    return Erased(offender_id=offender_id, rows={label: n for label, n in rows.items() if n})
