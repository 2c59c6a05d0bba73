"""The demo offenders' life courses, worked out with the real rules.

Each generated offender gets the life events their drawn facts imply — the registration,
then what happened since: a recall, a status other than in the community, civil orders
made, and the transitions by date (licence, community order or civil order ended,
notification ended) — and the facts `offenders.life_events.offender_reassess` derives from
them: `replay`, the notification periods of the offender's sentences and orders, and
`derived_values`. So on freshly seeded data the nightly run (`transitions_apply`) has
nothing to record and nothing to change (docs/rules.md § Life course).

Reactive management is re-checked the same way (`reactive_check`), once the offender's ARMS
history is drawn: a reactive case whose criteria no longer hold was returned to active
management the day the first one failed, as the nightly run would have done.
"""

import datetime
from dataclasses import dataclass

from offenders.life_events import derived_values
from rules import national
from rules.choices import CIVIL_ORDER_KINDS, Disposal, OffenderStatus, RiskLevel
from rules.dates import add_months, add_years
from rules.life_course import DATE_TRANSITION_KINDS, Event, EventKind, date_transitions, replay
from rules.notification import OrderSpan, notification_periods, notification_position
from rules.reactive import ReactiveCriterion, reactive_eligibility

ONE_DAY = datetime.timedelta(days=1)
# The event that takes an offender out of the community into each status (dated when visits stopped).
LEAVING_EVENT = {
    OffenderStatus.HOSPITAL: EventKind.HOSPITAL_ADMITTED,
    OffenderStatus.WANTED: EventKind.WANTED,
    OffenderStatus.MISSING: EventKind.MISSING,
    OffenderStatus.ABROAD: EventKind.ABROAD,
}
CLOSING_EVENT = {
    OffenderStatus.DECEASED: EventKind.DECEASED,
    OffenderStatus.TRANSFERRED: EventKind.TRANSFERRED_OUT,
}
# Same-day order: what people record, then what the system records by date, then a closure.
RECORDED, BY_DATE, CLOSURE = 0, 1, 2


@dataclass(frozen=True)
class OrderRef:
    """A civil order as `date_transitions` reads it; `id` is the order's place in `case.orders`
    until the rows get their ids."""

    id: int
    ends_on: datetime.date | None


def _day(ordinal: int | None) -> datetime.date | None:
    return None if ordinal is None else datetime.date.fromordinal(ordinal)


def plan_life_course(case, *, today: int, post_licence_rule_on_community_order_end: bool) -> None:
    """Set `case.events` (the life events, in the order they are stored) and `case.derived`
    (the offender's derived fields, `offenders.life_events.DERIVED_FIELDS`).

    Should the drawn dates end a managed offender's notification (they are drawn not to), the
    case is closed by it instead, so the data still obeys the rules."""
    flag = post_licence_rule_on_community_order_end
    managed = case.managed_since
    recorded = [_registration(case)]
    if case.recalled_on is not None:
        recorded.append(Event(kind=EventKind.RECALLED, occurred_on=_day(case.recalled_on)))
    leaving = LEAVING_EVENT.get(case.status)
    if leaving is not None:
        recorded.append(Event(kind=leaving, occurred_on=_day(case.visits_end)))
    for index, (_, starts, _) in enumerate(case.orders):
        if starts > managed:  # one made before registration is part of where they stood then
            recorded.append(Event(kind=EventKind.CIVIL_ORDER_MADE, occurred_on=_day(starts), order_id=index))
    closing = CLOSING_EVENT.get(case.status)
    # A closed case: only what happened up to the day it closed.
    horizon = case.closed_on if closing is not None else today
    state = replay(recorded, post_licence_rule_on_community_order_end=flag)
    position = _position(case, state, today)
    due = date_transitions(
        state,
        today=_day(horizon),
        orders=[OrderRef(index, _day(ends)) for index, (_, _, ends) in enumerate(case.orders)],
        notification_last_day=position.last_day,
        notification_open_ended=not position.has_fixed_end,
    )
    ended = next((event for event in due if event.kind == EventKind.NOTIFICATION_ENDED), None)
    if ended is not None:
        # The notification ended: that closes the case, and nothing follows it.
        case.status, case.closed_on, closing = (
            OffenderStatus.NOTIFICATION_ENDED,
            ended.occurred_on.toordinal(),
            None,
        )
        recorded = [
            event
            for event in recorded
            if event.occurred_on <= ended.occurred_on or event.kind == EventKind.REGISTERED
        ]
        due = [event for event in due if event.occurred_on <= ended.occurred_on]
    elif case.status == OffenderStatus.NOTIFICATION_ENDED:
        raise AssertionError(f"demo offender {case.index}: drawn as notification ended, but it has not")
    events = [(event.occurred_on, RECORDED, event) for event in recorded]
    events += [(event.occurred_on, BY_DATE, event) for event in due]
    if closing is not None:
        events.append((_day(case.closed_on), CLOSURE, Event(kind=closing, occurred_on=_day(case.closed_on))))
    events.sort(key=lambda entry: entry[:2])
    # Stored in this order, so their ids keep it: offender_reassess replays them by date, then
    # id, as `replay` (a stable sort) does here.
    case.events = [event for _, _, event in events]
    if due or closing is not None:
        state = replay(case.events, post_licence_rule_on_community_order_end=flag)
        position = _position(case, state, today)
    case.derived = derived_values(state, position)


def _registration(case) -> Event:
    """Where the offender stood when the unit began managing them: in custody if sentenced on
    arrival, otherwise in the community (whatever happened since is a later event)."""
    return Event(
        kind=EventKind.REGISTERED,
        occurred_on=_day(case.managed_since),
        status=case.registered_status,
        disposal=case.disposal,
        relevant_date=_day(case.relevant),
        sentence_months=case.sentence_months,
        life=case.life,
        conditional_discharge_months=case.discharge_months,
        order_ends_on=_day(case.order_ends) if case.disposal == Disposal.CIVIL_ORDER else None,
        licence_ends_on=_day(case.licence_ends),
        community_order_ends_on=_day(case.community_order_ends),
        released_on=_day(case.released),
    )


def _position(case, state, today: int):
    """Every notification period of the offender and the one that governs, as
    `offenders.life_events.position_of` works them out."""
    born = _day(case.born)
    periods = notification_periods(
        offender_type=case.offender_type,
        date_of_birth=born,
        sentences=state.sentences,
        orders=[
            OrderSpan(kind=kind, starts_on=_day(starts), ends_on=_day(ends))
            for kind, starts, ends in case.orders
        ],
        spells=state.spells,
        today=_day(today),
    )
    return notification_position(
        periods, date_of_birth=born, spells=state.spells, released_on=state.released_on
    )


def is_by_the_system(kind: EventKind) -> bool:
    """Transitions by date are recorded by the nightly job, not by a person."""
    return kind in DATE_TRANSITION_KINDS


def civil_order_in_force(case, day: int) -> bool:
    """A SHPO, SRO or Violent Offender Order in force on `day` (rules out reactive management)."""
    return any(
        kind in CIVIL_ORDER_KINDS and starts <= day and (ends is None or ends >= day)
        for kind, starts, ends in case.orders
    )


def reactive_check(case, *, today: int, arms_current_months: int) -> None:
    """Set `case.returned_to_active_on` for a reactive case that no longer meets every criterion,
    as `offenders.selectors.reactive_facts` checks them [docs/rules.md § Reactive management]: the day the
    first one failed (for a stale ARMS, the day after it was last current), or today."""
    case.returned_to_active_on = None
    case.returned_because = ()
    if case.reactive_since is None:
        return
    in_community = case.derived["status"] == OffenderStatus.COMMUNITY
    community_since = case.derived["community_since"] if in_community else None
    low_risk_since = _day(case.low_risk_since)
    day = _day(today)
    eligibility = reactive_eligibility(
        today=day,
        low_risk_community_since=max(low_risk_since, community_since)
        if low_risk_since and community_since
        else None,
        last_offence_or_concern_on=_day(case.last_outcome_on),
        current_arms_level=case.arms_level,
        current_arms_on=_day(case.arms_assessed_on),
        arms_current_months=arms_current_months,
        has_active_civil_order=civil_order_in_force(case, today),
    )
    if eligibility.eligible:
        return
    failed = day
    if eligibility.unmet == (ReactiveCriterion.CURRENT_ARMS_LOW,) and case.arms_level == RiskLevel.LOW:
        failed = add_months(_day(case.arms_assessed_on), arms_current_months) + ONE_DAY
    earliest = _day(case.reactive_since) + ONE_DAY
    case.returned_to_active_on = min(day, max(failed, earliest)).toordinal()
    case.returned_because = eligibility.unmet_descriptions


def reactive_from(case) -> int:
    """The earliest day a supervisor could have moved the offender to reactive management: 3
    years of low risk in the community after their first ARMS (drawn within 40 days)."""
    return add_years(_day(case.managed_since) + 40 * ONE_DAY, national.REACTIVE_LOW_RISK_YEARS).toordinal()
