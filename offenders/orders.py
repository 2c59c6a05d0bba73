"""Civil orders' conditions, and the checks that they are being followed
[docs/rules.md § What falls due]. Orders themselves are made, varied and discharged as life
events (`offenders.life_events`)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from offenders import audit
from offenders.changes import offender_changed
from offenders.models import (
    AuditOperation,
    ConditionCheck,
    ConditionCheckResult,
    ConditionKind,
    Order,
    OrderCondition,
    OutcomeKind,
)
from offenders.permissions import authorise
from offenders.selectors import in_force_on
from offenders.services import outcome_record
from rules.choices import OrderKind, VisitRegimeUnit
from workforce.models import Staff
from workforce.permissions import Action

# The outcome a suspected breach of each kind of order is recorded as.
BREACH_OUTCOME: dict[str, OutcomeKind] = {
    OrderKind.SHPO: OutcomeKind.SHPO_BREACH,
    OrderKind.SRO: OutcomeKind.SRO_BREACH,
    OrderKind.VOO: OutcomeKind.VOO_BREACH,
}


@transaction.atomic
def order_condition_add(
    *,
    order: Order,
    kind: str,
    text: str,
    is_digital: bool,
    check_every: int | None,
    check_every_unit: str,
    checked_at_every_visit: bool,
    acting_user: Staff,
) -> OrderCondition:
    """Add a condition to an order with how often it is checked: its own interval (e.g. a
    polygraph every 12 months), at every visit (e.g. device checks), or — neither — the
    force's default."""
    authorise(acting_user, Action.RECORD, order.offender)
    errors = {}
    if kind not in ConditionKind.values:
        errors["kind"] = "Choose a prohibition or a positive requirement."
    if not text.strip():
        errors["text"] = "Write the condition as the order words it."
    if (check_every is None) != (not check_every_unit):
        errors["check_every"] = "Give how often it is checked as a number and a unit (weeks or months)."
    elif check_every is not None and check_every < 1:
        errors["check_every"] = "Checks must be at least every 1 week or month."
    elif check_every_unit and check_every_unit not in VisitRegimeUnit.values:
        errors["check_every"] = "Choose weeks or months."
    if checked_at_every_visit and check_every is not None:
        errors["checked_at_every_visit"] = "Choose either an interval or every visit, not both."
    if errors:
        raise ValidationError(errors)
    condition = OrderCondition.objects.create(
        order=order,
        kind=kind,
        text=text.strip(),
        is_digital=is_digital,
        check_every=check_every,
        check_every_unit=check_every_unit,
        checked_at_every_visit=checked_at_every_visit,
    )
    audit.log(
        actor=acting_user, operation=AuditOperation.COLLECTION, offenders=order.offender_id, record=condition
    )
    offender_changed(order.offender_id)
    return condition


@transaction.atomic
def condition_check_record(
    *,
    condition: OrderCondition,
    checked_on: datetime.date,
    result: str,
    notes: str,
    acting_user: Staff,
    today: datetime.date,
) -> ConditionCheck:
    """Record a check of one condition while its order runs: complied with, or a suspected
    breach — which is also recorded as an outcome (an SHPO, SRO or Violent Offender Order
    breach), so it counts among what the unit found and ends any reactive management. A
    suspected breach needs notes saying what was found."""
    authorise(acting_user, Action.RECORD, condition.order.offender)
    order = condition.order
    errors = {}
    if checked_on > today:
        errors["checked_on"] = "The date of the check must be today or in the past."
    elif not in_force_on(Order.objects.filter(pk=order.pk), checked_on).exists():
        errors["checked_on"] = f"The {order.get_kind_display()} was not in force on {checked_on:%-d %B %Y}."
    if result not in ConditionCheckResult.values:
        errors["result"] = "Choose whether the condition was complied with."
    elif result == ConditionCheckResult.SUSPECTED_BREACH and not notes.strip():
        errors["notes"] = "Say what was found that suggests a breach."
    if errors:
        raise ValidationError(errors)
    outcome = None
    if result == ConditionCheckResult.SUSPECTED_BREACH:
        outcome = outcome_record(
            offender=order.offender,
            recorded_by=acting_user,
            kind=BREACH_OUTCOME[order.kind],
            occurred_on=checked_on,
            offence_type="",
            notes=f"Suspected breach of the condition “{condition.text}”: {notes.strip()}",
            today=today,
        )
    check = ConditionCheck.objects.create(
        condition=condition,
        checked_on=checked_on,
        result=result,
        notes=notes.strip(),
        checked_by=acting_user,
        outcome=outcome,
    )
    audit.log(
        actor=acting_user, operation=AuditOperation.COLLECTION, offenders=order.offender_id, record=check
    )
    offender_changed(order.offender_id)
    return check
