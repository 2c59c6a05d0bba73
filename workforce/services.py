"""Writes about staff availability: absences and abstractions [docs/rules.md § People and places].

Keyword-only, one transaction each; errors are ValidationErrors a form can show.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from workforce.models import Absence, AbsenceKind, Abstraction, Role, Staff
from workforce.permissions import Action, require

# Who may approve an abstraction: the people who can take an OM off MOSOVO duties.
APPROVER_ROLES = (Role.SUPERVISOR, Role.SENIOR_LEADER)
HOURS_PER_DAY_MAX = 24


def _overlapping(
    queryset: QuerySet[Absence], starts_on: datetime.date, ends_on: datetime.date | None
) -> QuerySet[Absence]:
    """Rows of `queryset` whose dates overlap [starts_on, ends_on] (None: open-ended)."""
    overlapping = queryset.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=ends_on)
    return overlapping


@transaction.atomic
def absence_record(
    *,
    staff: Staff,
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    notes: str,
    acting_user: Staff,
) -> Absence:
    """Record an absence: long-term sickness, parental leave, vacancy, leave. Long-term ones
    take the person out of the adjusted ratio and their caseload needs cover."""
    require(acting_user, Action.RECORD_AVAILABILITY)
    errors = {}
    if kind not in AbsenceKind.values:
        errors["kind"] = "Select the kind of absence."
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = "The end date must be on or after the start date."
    if errors:
        raise ValidationError(errors)
    Staff.objects.select_for_update().filter(pk=staff.pk).first()  # one absence written at a time per person
    clash = _overlapping(Absence.objects.filter(staff=staff), starts_on, ends_on).first()
    if clash is not None:
        until = f"to {clash.ends_on:%-d %B %Y}" if clash.ends_on else "with no end date"
        raise ValidationError(
            {
                "starts_on": f"{staff} is already recorded as absent ({clash.get_kind_display().lower()}) "
                f"from {clash.starts_on:%-d %B %Y} {until}."
            }
        )
    return Absence.objects.create(
        staff=staff,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        notes=notes.strip(),
        recorded_by=acting_user,
    )


@transaction.atomic
def absence_end(*, absence: Absence, ends_on: datetime.date, acting_user: Staff) -> Absence:
    """Record the last day of an absence that had no end date yet."""
    require(acting_user, Action.RECORD_AVAILABILITY)
    absence = Absence.objects.select_for_update().get(pk=absence.pk)
    if absence.ends_on is not None:
        raise ValidationError(f"This absence already ends on {absence.ends_on:%-d %B %Y}.")
    if ends_on < absence.starts_on:
        raise ValidationError({"ends_on": "The end date must be on or after the start date."})
    absence.ends_on = ends_on
    absence.save(update_fields=["ends_on"])
    return absence


@transaction.atomic
def abstraction_record(
    *,
    staff: Staff,
    starts_on: datetime.date,
    ends_on: datetime.date,
    hours: Decimal,
    reason: str,
    approved_by: Staff,
    acting_user: Staff,
) -> Abstraction:
    """Record an abstraction — an OM taken off MOSOVO duties to cover other work — with who
    approved it: abstractions are recorded and reviewed and must not be regular
    [docs/rules.md § People and places]."""
    require(acting_user, Action.RECORD_AVAILABILITY)
    errors = {}
    if ends_on < starts_on:
        errors["ends_on"] = "The end date must be on or after the start date."
    days = (ends_on - starts_on).days + 1
    if hours <= 0:
        errors["hours"] = "Enter the hours abstracted, more than 0."
    elif ends_on >= starts_on and hours > HOURS_PER_DAY_MAX * days:
        errors["hours"] = f"{hours} hours is more than {HOURS_PER_DAY_MAX} hours a day for {days} day(s)."
    if not reason.strip():
        errors["reason"] = "Enter why the officer was abstracted."
    if approved_by.pk == staff.pk:
        errors["approved_by"] = "Nobody approves their own abstraction."
    elif approved_by.role not in APPROVER_ROLES:
        errors["approved_by"] = "An abstraction is approved by a supervisor or a senior leader."
    if errors:
        raise ValidationError(errors)
    return Abstraction.objects.create(
        staff=staff,
        starts_on=starts_on,
        ends_on=ends_on,
        hours=hours,
        reason=reason.strip(),
        approved_by=approved_by,
    )


@transaction.atomic
def abstractions_review(
    *, abstractions: list[Abstraction], reviewer: Staff, today: datetime.date
) -> list[Abstraction]:
    """Mark abstractions reviewed in the monthly review [docs/rules.md § People and places]: by a
    supervisor or senior leader, never of their own abstraction; one already reviewed is left
    as it was."""
    require(reviewer, Action.REVIEW_ABSTRACTIONS)
    locked = list(
        Abstraction.objects.select_for_update().filter(
            pk__in=[a.pk for a in abstractions], reviewed_on__isnull=True
        )
    )
    own = [a for a in locked if a.staff_id == reviewer.pk]
    if own:
        raise ValidationError("You cannot review your own abstraction; another supervisor must.")
    for abstraction in locked:
        abstraction.reviewed_on = today
        abstraction.reviewed_by = reviewer
    Abstraction.objects.bulk_update(locked, ["reviewed_on", "reviewed_by"])
    return locked
