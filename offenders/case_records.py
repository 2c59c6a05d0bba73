"""The workflow every ARMS, RMP and visit shares: draft → submitted → signed off or
returned; a submitted record is never edited in place, a revision is a new version."""

import dataclasses
import datetime
from typing import TYPE_CHECKING, TypeVar, cast

from django.core.exceptions import ValidationError
from django.db import transaction

from kit.errors import ConcurrentChange
from offenders import audit
from offenders.changes import offender_changed
from offenders.models import AuditOperation, CaseRecord, Offender
from offenders.permissions import authorise
from rules.choices import REVISABLE_STATUSES, WorkflowStatus
from workforce.models import Staff
from workforce.permissions import Action

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

# Any kind of case record (ARMS, RMP, visit): the helpers give back the kind they were given.
_Record = TypeVar("_Record", bound=CaseRecord)

# Fields a revision does not copy: identity, workflow and bookkeeping.
_NOT_COPIED = {"id", "status", "submitted_on", "version", "supersedes", "created_at", "updated_at", "author"}


def validate_record_date(
    *, offender: Offender, on: datetime.date, today: datetime.date, label: str, field: str
) -> None:
    """A record of work done is dated between the start of the offender's management and today."""
    if on > today:
        raise ValidationError({field: f"{label} must be today or in the past."})
    if on < offender.managed_since:
        raise ValidationError(
            {field: f"{label} must be on or after {offender.managed_since:%-d %B %Y}, when management began."}
        )


def ensure_editable(record: CaseRecord) -> None:
    if record.status != WorkflowStatus.DRAFT:
        state = record.get_status_display().lower()
        raise ValidationError(
            f"This {record._meta.verbose_name} is {state} and cannot be changed; a change is a new version."
        )


def locked(record: _Record) -> _Record:
    """The record read again and locked for the rest of the transaction, with who last changed it."""
    return (
        type(record)
        .objects.select_for_update(of=("self",))
        .select_related("updated_by", "author")
        .get(pk=record.pk)
    )


def check_version(record: CaseRecord, expected_version: int | None) -> None:
    """Refuse a change made from an older copy of `record` (None: the caller holds no copy)."""
    if expected_version is not None and record.row_version != expected_version:
        raise ConcurrentChange(record)


def touch(record: CaseRecord, acting_user: Staff, fields: list[str]) -> None:
    """Save `fields` of a changed record with its next version and who changed it."""
    record.row_version += 1
    record.updated_by = acting_user
    record.save(update_fields=[*fields, "row_version", "updated_by", "updated_at"])


def locked_draft(record: _Record, acting_user: Staff, *, expected_version: int | None = None) -> _Record:
    """The record, locked, if `acting_user` may change it: only its author, only as a draft,
    and only from its latest version."""
    record = locked(record)
    check_version(record, expected_version)
    if record.author_id != acting_user.pk:
        raise ValidationError("Only the author can change this draft.")
    ensure_editable(record)
    return record


def content_values(content: "DataclassInstance", *, leave_out: tuple[str, ...] = ()) -> dict[str, object]:
    """A record's content value (a frozen dataclass of its own fields) as model field values."""
    return {
        field.name: getattr(content, field.name)
        for field in dataclasses.fields(content)
        if field.name not in leave_out
    }


def new_or_change(offender: Offender | None, record: CaseRecord | None) -> None:
    """A save service is given an offender (a new draft) or a record (a change to it), not both."""
    if (offender is None) == (record is None):
        raise TypeError("Give the offender for a new draft, or the draft to change; not both.")


def save_draft(record: _Record, values: dict[str, object], *, acting_user: Staff) -> _Record:
    for name, value in values.items():
        setattr(record, name, value)
    touch(record, acting_user, list(values))
    audit.log(
        actor=acting_user, operation=AuditOperation.ALTERATION, offenders=record.offender_id, record=record
    )
    return record


@transaction.atomic
def record_submit(
    *, record: _Record, acting_user: Staff, today: datetime.date, expected_version: int | None = None
) -> _Record:
    """Submit a draft for supervisor review (the one-month clock starts today)
    [docs/rules.md § Supervisor review]."""
    authorise(acting_user, Action.SUBMIT, record.offender)
    record = locked(record)
    check_version(record, expected_version)
    if record.author_id != acting_user.pk:
        raise ValidationError("Only the author can submit this record.")
    ensure_editable(record)
    record.status = WorkflowStatus.SUBMITTED
    record.submitted_on = today
    touch(record, acting_user, ["status", "submitted_on"])
    audit.log(
        actor=acting_user, operation=AuditOperation.ALTERATION, offenders=record.offender_id, record=record
    )
    offender_changed(record.offender_id)
    return record


def may_revise(user: Staff, record: CaseRecord) -> bool:
    """Whose record `user` may revise, beyond working the case (Action.REVISE): their own, or
    any record of an offender they manage (the author may have moved on or left).

    The decision (issue 15, item 12): a record's next version is the work of whoever writes the
    case's records, its author or the offender's offender manager, not of the supervisor who
    reviews them. A supervisor who wants a change returns the record with reasons, or asks the
    OM to revise it; they revise only what they wrote themselves. So a supervisor's revision
    never takes a record out of the OM's hands (the draft, and the Revise button, stay theirs)."""
    return user.pk in (record.author_id, record.offender.offender_manager_id)


@transaction.atomic
def record_revise(*, record: _Record, author: Staff) -> _Record:
    """Start a new draft version of a returned or signed-off record; the old one stays as it was.
    Only its author or the offender's OM revises it (`may_revise`)."""
    authorise(author, Action.REVISE, record.offender)
    record = type(record).objects.select_for_update().select_related("offender").get(pk=record.pk)
    if not may_revise(author, record):
        raise ValidationError(
            f"Only {record.author} (who wrote it) or the offender's offender manager can revise this "
            f"{record._meta.verbose_name}. To have it changed, ask them to revise it."
        )
    if record.status not in REVISABLE_STATUSES:
        raise ValidationError("Only a returned or signed-off record can be revised; edit the draft instead.")
    if hasattr(record, "superseded_by"):
        raise ValidationError(f"Version {record.version} has already been revised.")
    values = {
        field.attname: getattr(record, field.attname)
        for field in record._meta.concrete_fields
        if field.name not in _NOT_COPIED and not field.generated
    }
    revision = type(record).objects.create(
        **values, author=author, status=WorkflowStatus.DRAFT, version=record.version + 1, supersedes=record
    )
    audit.log(
        actor=author, operation=AuditOperation.COLLECTION, offenders=record.offender_id, record=revision
    )
    return revision


@transaction.atomic
def record_discard(*, record: CaseRecord, acting_user: Staff, expected_version: int | None = None) -> None:
    """Throw away a draft: only a draft, and only by its author (discarding is part of writing
    the case's records, Action.RECORD). A discarded revision leaves the version it revised the
    current one again, open to a new revision. The erasure is logged (s62)."""
    authorise(acting_user, Action.RECORD, record.offender)
    record = locked(record)
    check_version(record, expected_version)
    if record.author_id != acting_user.pk:
        raise ValidationError("Only the author can discard this draft.")
    if record.status != WorkflowStatus.DRAFT:
        raise ValidationError(
            f"Only a draft can be discarded: this {record._meta.verbose_name} is "
            f"{record.get_status_display().lower()}."
        )
    audit.log(
        actor=acting_user, operation=AuditOperation.ERASURE, offenders=record.offender_id, record=record
    )
    record.delete()


def awaiting_review(offender: Offender) -> list[CaseRecord]:
    """The offender's ARMS, RMPs and visits submitted and not yet reviewed, oldest first.

    Better-performing forces do not carry out the next visit before the previous ARMS,
    RMP and visit are reviewed [docs/rules.md § Supervisor review]. Asks every kind of case record (defined
    in higher apps) without importing them.
    """
    records = [
        record
        for model in CaseRecord.__subclasses__()
        for record in model.objects.filter(offender=offender, status=WorkflowStatus.SUBMITTED)
    ]
    # Each submitted record has its date (the tables' check constraint).
    return sorted(records, key=lambda record: cast(datetime.date, record.submitted_on))


def returned_to(author: Staff) -> list[CaseRecord]:
    """The author's records a supervisor returned and that have not been revised yet, oldest
    first, each with its reviews prefetched (the reasons for return)."""
    records = [
        record
        for model in CaseRecord.__subclasses__()
        # The Django plugin sees neither superseded_by nor reviews on the abstract CaseRecord;
        # every concrete kind of record has both.
        for record in model.objects.filter(  # type: ignore[misc]
            author=author, status=WorkflowStatus.RETURNED, superseded_by__isnull=True
        )
        .select_related("offender")
        .prefetch_related("reviews__reviewer")
    ]
    return sorted(records, key=lambda record: (record.submitted_on, record.pk))
