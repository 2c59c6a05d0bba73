"""An offender's life course as writes: life events, the transitions that happen by date, and
the one function that brings an offender's derived facts up to date (docs/rules.md § Life course).

`offender_reassess` is what every change that can move an offender's status, lead agency,
notification or management mode ends with: it replays the offender's life events
(`rules.life_course`), records any transition whose date has come, stores the derived
facts on the offender, re-checks reactive management, and marks the offender for the due
engine — all in the caller's transaction.
"""

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from kit.text import mid_sentence
from offenders import audit, changes
from offenders.changes import offender_changed
from offenders.models import (
    AuditOperation,
    ConditionKind,
    LifeEvent,
    ManagementModeChange,
    Offender,
    Order,
    OrderCondition,
    RulesApplied,
)
from offenders.permissions import authorise
from offenders.selectors import reactive_facts
from rules.choices import CLOSED_STATUSES, Disposal, ManagementMode, OffenderStatus, OrderKind
from rules.life_course import (
    EVENT_FIELDS,
    Event,
    EventKind,
    LifeEventError,
    LifeState,
    apply,
    date_transitions,
    replay,
)
from rules.notification import (
    NotificationInputError,
    NotificationPosition,
    OrderSpan,
    notification_period,
    notification_periods,
    notification_position,
)
from rules.policy import Policy
from workforce.models import ForcePolicy, Staff
from workforce.permissions import Action

logger = logging.getLogger(__name__)

# Raise when a rule change alters what `offender_reassess` derives: the next run of
# `transitions_apply` then reassesses every offender once (RulesApplied).
RULES_VERSION = 2  # 2: the times in custody or hospital are kept (away_spells) for the notification rules

# Offender fields that follow from the life course (set only by `offender_reassess`).
DERIVED_FIELDS = (
    "status",
    "lead_agency",
    "licence_ends_on",
    "community_order_ends_on",
    "released_on",
    "police_lead_since",
    "post_licence_rule_applies",
    "community_since",
    "community_since_reason",
    "notification_basis",
    "notification_indefinite",
    "notification_period_months",
    "notification_ends_on",
    "notification_end_provisional",
    "indefinite_review_earliest_on",
    "away_spells",
)


@dataclass(frozen=True)
class EventDetails:
    """What a person records about one life event: its kind and date, and the fields of that
    kind (`rules.life_course.EVENT_FIELDS`). Built by the web form and by the API's
    input serializer; `correction_reason` is required when the event is dated before the
    latest one already recorded."""

    kind: str
    occurred_on: datetime.date
    notes: str = ""
    correction_reason: str = ""
    disposal: str = ""
    relevant_date: datetime.date | None = None
    sentence_months: int | None = None
    is_life_sentence: bool = False
    conditional_discharge_months: int | None = None
    consecutive_to_previous: bool = False
    overlap_months: int | None = None
    licence_ends_on: datetime.date | None = None
    community_order_ends_on: datetime.date | None = None
    order_kind: str = ""
    order: Order | None = None
    order_ends_on: datetime.date | None = None
    court: str = ""
    conditions: tuple[str, ...] = field(default=())
    other_force: str = ""
    handover_notes: str = ""

    def given(self, name: str) -> bool:
        value = getattr(self, name)
        return value not in (None, "", (), False)


# ------------------------------------------------------------------------------- reading


def as_rule_event(row: LifeEvent) -> Event:
    """A stored life event as the pure rules read it."""
    # The columns hold the choices' values (plain strings); the rules compare them by value.
    return Event(
        kind=cast(EventKind, row.kind),
        occurred_on=row.occurred_on,
        sequence=row.pk or 0,
        status=cast(OffenderStatus | None, row.status or None),
        disposal=cast(Disposal | None, row.disposal or None),
        relevant_date=row.relevant_date,
        sentence_months=row.sentence_months,
        life=row.is_life_sentence,
        conditional_discharge_months=row.conditional_discharge_months,
        order_ends_on=row.order_ends_on if row.kind == EventKind.REGISTERED else None,
        consecutive_to_previous=row.consecutive_to_previous,
        overlap_months=row.overlap_months or 0,
        licence_ends_on=row.licence_ends_on,
        community_order_ends_on=row.community_order_ends_on,
        released_on=row.released_on,
        police_lead_since=row.police_lead_since,
        order_id=row.order_id,
    )


def life_state(events: Iterable[LifeEvent], policy: Policy) -> LifeState:
    return replay(
        [as_rule_event(row) for row in events],
        post_licence_rule_on_community_order_end=policy.post_licence_rule_on_community_order_end,
    )


def states_after_each(events: Iterable[LifeEvent], policy: Policy) -> list[tuple[LifeEvent, LifeState]]:
    """Each event (in date order) with the state it left: the record page's life course."""
    rows = sorted(events, key=lambda row: (row.occurred_on, row.pk))
    steps, state = [], None
    for row in rows:
        event = as_rule_event(row)
        if state is None:
            state = replay([event])
        else:
            state = apply(state, event, policy.post_licence_rule_on_community_order_end)
        steps.append((row, state))
    return steps


def order_spans(orders: Iterable[Order]) -> list[OrderSpan]:
    # `kind` holds an OrderKind value (a plain string), which the rules compare by value.
    return [
        OrderSpan(kind=cast(OrderKind, order.kind), starts_on=order.starts_on, ends_on=order.ends_on)
        for order in orders
    ]


def position_of(
    offender: Offender, state: LifeState, orders: Iterable[Order], *, today: datetime.date
) -> NotificationPosition:
    """Every notification period of the offender and the one that governs."""
    periods = notification_periods(
        offender_type=offender.offender_type,
        date_of_birth=offender.date_of_birth,
        sentences=state.sentences,
        orders=order_spans(orders),
        spells=state.spells,
        today=today,
    )
    return notification_position(
        periods, date_of_birth=offender.date_of_birth, spells=state.spells, released_on=state.released_on
    )


# ------------------------------------------------------------------------------- reassessing


@dataclass
class Reassessment:
    """What `offender_reassess` did: events recorded by the system, fields changed, and the
    return to active management if a reactive criterion failed."""

    offender: Offender
    transitions: list[LifeEvent] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    returned_to_active: ManagementModeChange | None = None

    @property
    def anything(self) -> bool:
        return bool(self.transitions or self.changed or self.returned_to_active)


def offender_reassess(
    *,
    offender: Offender,
    today: datetime.date,
    acting_user: Staff | None = None,
    policy: Policy | None = None,
) -> Reassessment:
    """Bring one offender's derived facts up to date (module docstring). Records, as events by
    the system, every transition whose date has come (licence or community order ended, civil
    order expired, notification ended); stores status, lead agency, licence, release and
    notification; returns a reactive offender who no longer meets every criterion to active
    management that day. Safe to run twice: a second run finds nothing to do."""
    with transaction.atomic():
        offender = Offender.objects.select_for_update().get(pk=offender.pk)
        policy = policy or ForcePolicy.rules_for(offender.force_id)
        rows = list(offender.life_events.all())
        orders = list(offender.orders.all())
        result = Reassessment(offender=offender)
        state = _state_or_error(rows, policy)
        position = position_of(offender, state, orders, today=today)
        # A transition can bring another (an order's expiry ends the notification it carried).
        for _ in range(len(EventKind)):
            due = date_transitions(
                state,
                today=today,
                orders=orders,
                notification_last_day=position.last_day,
                notification_open_ended=not position.has_fixed_end,
            )
            if not due:
                break
            for event in due:
                row = LifeEvent.objects.create(
                    offender=offender, kind=event.kind, occurred_on=event.occurred_on, order_id=event.order_id
                )
                audit.log(actor=None, operation=AuditOperation.COLLECTION, offenders=offender, record=row)
                result.transitions.append(row)
                rows.append(row)
            state = _state_or_error(rows, policy)
            position = position_of(offender, state, orders, today=today)
        result.changed = _store(offender, state, position)
        if offender.management_mode == ManagementMode.REACTIVE:
            result.returned_to_active = _recheck_reactive(offender, today=today, policy=policy)
        if result.anything:
            if result.changed:
                audit.log(
                    actor=acting_user,
                    operation=AuditOperation.ALTERATION,
                    offenders=offender,
                    record=offender,
                )
            offender_changed(offender.pk)
        return result


def _state_or_error(rows: Iterable[LifeEvent], policy: Policy) -> LifeState:
    try:
        return life_state(rows, policy)
    except LifeEventError as error:
        raise ValidationError({error.field: str(error)} if error.field else str(error)) from error


def derived_values(state: LifeState, position: NotificationPosition) -> dict[str, object]:
    """The offender fields (`DERIVED_FIELDS`) that follow from a life state and notification."""
    governing = position.governing
    return {
        "status": state.status,
        "lead_agency": state.lead_agency,
        "licence_ends_on": state.licence_ends_on,
        "community_order_ends_on": state.community_order_ends_on,
        "released_on": state.released_on,
        "police_lead_since": state.police_lead_since,
        "post_licence_rule_applies": state.post_licence_rule_applies,
        "community_since": state.community_since,
        "community_since_reason": state.community_since_reason,
        "notification_basis": governing.row if governing else "",
        "notification_indefinite": position.indefinite,
        "notification_period_months": governing.months if governing and not governing.indefinite else None,
        "notification_ends_on": position.last_day,
        "notification_end_provisional": bool(governing and governing.provisional),
        "indefinite_review_earliest_on": position.review_earliest_on,
        "away_spells": [
            [spell.starts_on.isoformat(), spell.ends_on.isoformat() if spell.ends_on else None]
            for spell in state.spells
        ],
    }


def _store(offender: Offender, state: LifeState, position: NotificationPosition) -> list[str]:
    values = derived_values(state, position)
    changed = [name for name, value in values.items() if getattr(offender, name) != value]
    for name in changed:
        setattr(offender, name, values[name])
    if changed:
        offender.save(update_fields=[*changed, "updated_at"])
    return changed


def _recheck_reactive(
    offender: Offender, *, today: datetime.date, policy: Policy
) -> ManagementModeChange | None:
    """A reactive offender who no longer meets every criterion returns to active management
    that day; the change names each unmet criterion (the OM and supervisor see it among their
    notices)."""
    eligibility = reactive_facts(offender, today=today, policy=policy).eligibility
    if eligibility.eligible:
        return None
    reason = "Returned to active management: no longer " + "; ".join(
        criterion[0].lower() + criterion[1:] for criterion in eligibility.unmet_descriptions
    )
    return _set_mode(offender, ManagementMode.ACTIVE, today=today, changed_by=None, reason=reason)


def _set_mode(
    offender: Offender, mode: str, *, today: datetime.date, changed_by: Staff | None, reason: str
) -> ManagementModeChange:
    offender.management_mode = mode
    offender.reactive_since = today if mode == ManagementMode.REACTIVE else None
    if mode == ManagementMode.ACTIVE:
        offender.returned_to_active_on = today
    offender.save(update_fields=["management_mode", "reactive_since", "returned_to_active_on", "updated_at"])
    change = ManagementModeChange.objects.create(
        offender=offender, mode=mode, changed_on=today, changed_by=changed_by, reason=reason
    )
    audit.log(actor=changed_by, operation=AuditOperation.ALTERATION, offenders=offender, record=change)
    offender_changed(offender.pk)
    return change


@transaction.atomic
def offender_set_management_mode(
    *, offender: Offender, mode: str, supervisor: Staff, reason: str, today: datetime.date
) -> ManagementModeChange:
    """Move an offender to reactive management — only when every criterion holds, each unmet
    one named [docs/rules.md § Reactive management] — or back to active management (always allowed).
    A supervisor's decision, recorded with its reason; the due engine then asks for the
    annual checks and RMP review of a reactive case instead of visits."""
    authorise(supervisor, Action.SET_MANAGEMENT_MODE, offender)
    if mode not in ManagementMode.values:
        raise ValidationError({"mode": "Choose active or reactive management."})
    offender = Offender.objects.select_for_update().get(pk=offender.pk)
    if offender.management_mode == mode:
        raise ValidationError(
            f"{offender.full_name} is already under {ManagementMode(mode).label.lower()} management."
        )
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the decision."})
    if mode == ManagementMode.REACTIVE:
        eligibility = reactive_facts(offender, today=today).eligibility
        if not eligibility.eligible:
            unmet = "; ".join(eligibility.unmet_descriptions)
            raise ValidationError(f"{offender.full_name} cannot be managed reactively. Not met: {unmet}.")
    return _set_mode(offender, mode, today=today, changed_by=supervisor, reason=reason.strip())


# ------------------------------------------------------------------------------- recording events


@transaction.atomic
def life_event_record(
    *, offender: Offender, details: EventDetails, acting_user: Staff, today: datetime.date
) -> LifeEvent:
    """Record one life event (docs/rules.md § Life course), then bring the offender's status,
    lead agency, notification, management mode and every due date up to date in the same
    transaction. An event dated before the latest one recorded is refused unless it says it
    is a correction, with the reason; an event that cannot follow the ones before it
    (released when not in custody, anything after death) is refused with the reason, and
    nothing is kept."""
    authorise(acting_user, Action.RECORD, offender)
    offender = Offender.objects.select_for_update().get(pk=offender.pk)
    _validate_details(offender, details, today=today)
    latest = offender.life_events.order_by("-occurred_on", "-pk").first()
    if (
        latest is not None
        and details.occurred_on < latest.occurred_on
        and not details.correction_reason.strip()
    ):
        last = mid_sentence(latest.get_kind_display())
        raise ValidationError(
            {
                "correction_reason": (
                    f"This event is dated before the last one recorded ({last} "
                    f"on {latest.occurred_on:%-d %B %Y}). If it corrects the record, give the reason."
                )
            }
        )
    order = _order_for(offender, details)
    row = LifeEvent.objects.create(
        offender=offender,
        kind=details.kind,
        occurred_on=details.occurred_on,
        recorded_by=acting_user,
        correction_reason=details.correction_reason.strip(),
        notes=details.notes.strip(),
        disposal=details.disposal,
        relevant_date=details.relevant_date,
        sentence_months=details.sentence_months,
        is_life_sentence=details.is_life_sentence,
        conditional_discharge_months=details.conditional_discharge_months,
        consecutive_to_previous=details.consecutive_to_previous,
        overlap_months=details.overlap_months,
        licence_ends_on=details.licence_ends_on,
        community_order_ends_on=details.community_order_ends_on,
        order=order,
        order_ends_on=details.order_ends_on,
        other_force=details.other_force.strip(),
        handover_notes=details.handover_notes.strip(),
    )
    audit.log(actor=acting_user, operation=AuditOperation.COLLECTION, offenders=offender, record=row)
    offender_reassess(offender=offender, today=today, acting_user=acting_user)
    return row


def _validate_details(offender: Offender, details: EventDetails, *, today: datetime.date) -> None:
    try:
        kind = EventKind(details.kind)
        required, optional = EVENT_FIELDS[kind]
    except (ValueError, KeyError):
        raise ValidationError({"kind": "Choose what happened."}) from None
    errors: dict[str, str] = {}
    if details.occurred_on > today:
        errors["occurred_on"] = "The date must be today or in the past."
    elif details.occurred_on < offender.managed_since:
        errors["occurred_on"] = (
            f"The date must be on or after {offender.managed_since:%-d %B %Y}, when management began."
        )
    for name in required:
        if not details.given(name):
            errors[name] = _MISSING.get(name, "Give this detail.")
    allowed = {*required, *optional, "kind", "occurred_on", "notes", "correction_reason"}
    for detail in fields(EventDetails):
        if detail.name not in allowed and details.given(detail.name):
            errors[detail.name] = f"This does not apply to “{mid_sentence(kind.label)}”."
    if kind == EventKind.SENTENCED and details.disposal == Disposal.CIVIL_ORDER:
        errors["disposal"] = (
            "Record a Sexual Harm Prevention Order or Sexual Risk Order as “civil order made”."
        )
    elif kind == EventKind.SENTENCED and "disposal" not in errors:
        errors.update(_sentence_errors(offender, details))
    for name in ("licence_ends_on", "community_order_ends_on", "order_ends_on"):
        value = getattr(details, name)
        if value is not None and value < details.occurred_on:
            errors[name] = "This date must be on or after the date of the event."
    if details.order is not None and details.order.offender_id != offender.pk:
        errors["order"] = "Choose one of this offender's orders."
    if errors:
        raise ValidationError(errors)


_MISSING = {
    "disposal": "Choose the sentence or other disposal.",
    "community_order_ends_on": "Give the date the community order ends.",
    "order_kind": "Choose the kind of order.",
    "order": "Choose the order.",
    "other_force": "Give the other force.",
    "handover_notes": "Record the handover: what was handed over, to whom and when.",
    "notes": "Say why the notification requirements ended (for example, the review that ended them).",
}


def _sentence_errors(offender: Offender, details: EventDetails) -> dict[str, str]:
    """The sentence's own consistency, with the notification rules' messages."""
    try:
        notification_period(
            disposal=details.disposal,
            relevant_date=details.relevant_date or details.occurred_on,
            date_of_birth=offender.date_of_birth,
            sentence_months=None if details.is_life_sentence else details.sentence_months,
            life=details.is_life_sentence,
            conditional_discharge_months=details.conditional_discharge_months,
        )
    except NotificationInputError as error:
        return {"disposal": str(error)}
    if details.relevant_date and details.relevant_date > details.occurred_on:
        return {"relevant_date": "The date of conviction must be on or before the date of the sentence."}
    return {}


def _order_for(offender: Offender, details: EventDetails) -> Order | None:
    """The civil order an order event is about: made (a new order with its conditions), varied
    (a new end and any new conditions) or discharged (ends that day)."""
    kind = details.kind
    if kind == EventKind.CIVIL_ORDER_MADE:
        if details.order_kind not in OrderKind.values:
            raise ValidationError({"order_kind": "Choose the kind of order."})
        order = Order(
            offender=offender,
            kind=details.order_kind,
            starts_on=details.occurred_on,
            ends_on=details.order_ends_on,
            court=details.court.strip(),
        )
        _save_order(order)
        _add_conditions(order, details.conditions)
        return order
    if kind not in (EventKind.CIVIL_ORDER_VARIED, EventKind.CIVIL_ORDER_DISCHARGED):
        return None
    assert details.order is not None  # required for these kinds: _validate_details refused its absence
    order = Order.objects.select_for_update().get(pk=details.order.pk)
    if order.ends_on is not None and order.ends_on < details.occurred_on:
        raise ValidationError({"order": f"That order ended on {order.ends_on:%-d %B %Y}."})
    if kind == EventKind.CIVIL_ORDER_DISCHARGED:
        order.ends_on = details.occurred_on
    elif details.order_ends_on is not None:
        order.ends_on = details.order_ends_on
    _save_order(order)
    _add_conditions(order, details.conditions)
    return order


def _save_order(order: Order) -> None:
    if order.ends_on is not None and order.ends_on <= order.starts_on:
        raise ValidationError({"order_ends_on": "An order ends after the day it was made."})
    order.save()


def _add_conditions(order: Order, conditions: Iterable[str]) -> None:
    OrderCondition.objects.bulk_create(
        [
            OrderCondition(order=order, kind=ConditionKind.PROHIBITION, text=text.strip())
            for text in conditions
            if text.strip()
        ]
    )


# ------------------------------------------------------------------------------- by date


@dataclass(frozen=True)
class TransitionRun:
    offenders: int
    reassessed: list[Reassessment]

    @property
    def events(self) -> int:
        return sum(len(result.transitions) for result in self.reassessed)

    @property
    def returned_to_active(self) -> int:
        return sum(result.returned_to_active is not None for result in self.reassessed)


class _DryRun(Exception):
    pass


def transitions_apply(
    *, today: datetime.date, everyone: bool = False, dry_run: bool = False
) -> TransitionRun:
    """The nightly run of transitions by date (docs/rules.md § Transitions by date): every
    offender whose licence, community order, civil order or notification has reached its end,
    whose notification end moves while they are detained, or who is managed reactively (the
    criteria are re-checked as time passes) is reassessed, one transaction each, so one
    offender's failure leaves the others' done (it is logged, and tried again the next night).
    `everyone` reassesses every offender, as the first run after the rules changed does by
    itself (`RULES_VERSION`). Idempotent: a second run the same day finds nothing. `dry_run`
    reports what would happen and keeps nothing."""
    first_under_these_rules = not RulesApplied.objects.filter(version=RULES_VERSION).exists()
    everyone = everyone or first_under_these_rules
    ids = list(_candidates(today=today, everyone=everyone).order_by("pk").values_list("pk", flat=True))
    results: list[Reassessment] = []

    def reassess_each() -> None:
        for offender_id in ids:
            try:
                with transaction.atomic():
                    result = offender_reassess(offender=Offender(pk=offender_id), today=today)
            except ValidationError:
                logger.exception("Could not reassess offender %s; the next run tries again", offender_id)
                continue
            if result.anything:
                results.append(result)

    # The outbox collects the changed offenders for one recompute after the run, not one each.
    with changes.deferred():
        if not dry_run:
            reassess_each()
            RulesApplied.objects.get_or_create(version=RULES_VERSION)
            return TransitionRun(offenders=len(ids), reassessed=results)
        try:
            with transaction.atomic():
                reassess_each()
                raise _DryRun
        except _DryRun:
            pass
    return TransitionRun(offenders=len(ids), reassessed=results)


def _candidates(*, today: datetime.date, everyone: bool) -> QuerySet[Offender]:
    offenders = Offender.objects.exclude(status__in=CLOSED_STATUSES)
    if everyone:
        return Offender.objects.all()
    closed_orders = LifeEvent.objects.filter(
        order=OuterRef("pk"), kind__in=[EventKind.CIVIL_ORDER_DISCHARGED, EventKind.CIVIL_ORDER_EXPIRED]
    )
    expired_orders = Order.objects.filter(
        offender=OuterRef("pk"), ends_on__lt=today, ends_on__gte=OuterRef("managed_since")
    ).exclude(Exists(closed_orders))
    return offenders.filter(
        Q(licence_ends_on__lt=today)
        | Q(community_order_ends_on__lt=today)
        | Q(notification_ends_on__lt=today)
        | Q(notification_end_provisional=True)
        | Q(management_mode=ManagementMode.REACTIVE)
        | Exists(expired_orders)
    )
