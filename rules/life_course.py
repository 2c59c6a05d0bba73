"""An offender's life course: the events that move status, lead agency and the dates that
follow from them (docs/rules.md § Life course).

The record of an offender is the sequence of their life events, the first of which is their
registration with the unit. `replay` folds the events, in date order, into a `LifeState`: where
the offender is (status), whether they are in custody on remand or serving a sentence, any
licence or community order, when they last came back to the community, the sentences that
decide their notification period, and who leads their management. An event that cannot
follow what went before (released when not in custody, an event after death) raises
`LifeEventError` naming the event and what stands in its way.

Some transitions happen by date alone — a licence or community order reaches its end, a civil
order expires, the notification period ends. `date_transitions` lists the ones due by a day,
dated the day they took effect, so the nightly job can record them as events by the system
and every page reads the same state whether or not the job has run yet.

Every event is dated the day its change took effect: "licence ended" is the first day off
licence (the day after the licence's last day), "released" the day of release.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Protocol, cast

from django.db import models

from rules.choices import CLOSED_STATUSES, Disposal, LeadAgency, OffenderStatus


class LifeEventError(ValueError):
    """An event that cannot follow the ones before it; the message says why."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


class EventKind(models.TextChoices):
    REGISTERED = "registered", "Registered with the unit"
    CONVICTED = "convicted", "Convicted, awaiting sentence"
    SENTENCED = "sentenced", "Sentenced or otherwise dealt with"
    REMANDED = "remanded", "Remanded in custody"
    RECALLED = "recalled", "Recalled to prison"
    RELEASED = "released", "Released from custody"
    LICENCE_ENDED = "licence_ended", "Licence ended"
    COMMUNITY_ORDER_MADE = "community_order_made", "Community order made"
    COMMUNITY_ORDER_ENDED = "community_order_ended", "Community order ended"
    CIVIL_ORDER_MADE = "civil_order_made", "Civil order made (SHPO, SRO or Violent Offender Order)"
    CIVIL_ORDER_VARIED = "civil_order_varied", "Civil order varied"
    CIVIL_ORDER_DISCHARGED = "civil_order_discharged", "Civil order discharged"
    CIVIL_ORDER_EXPIRED = "civil_order_expired", "Civil order expired"
    HOSPITAL_ADMITTED = "hospital_admitted", "Admitted to hospital"
    HOSPITAL_DISCHARGED = "hospital_discharged", "Discharged from hospital"
    WANTED = "wanted", "Wanted"
    MISSING = "missing", "Missing"
    LOCATED = "located", "Located"
    ABROAD = "abroad", "Gone abroad"
    RETURNED = "returned", "Returned from abroad"
    TRANSFERRED_OUT = "transferred_out", "Transferred to another force"
    RECEIVED = "received", "Received from another force"
    DECEASED = "deceased", "Deceased"
    NOTIFICATION_ENDED = "notification_ended", "Notification requirements ended"


class Custody(models.TextChoices):
    REMAND = "remand", "On remand"
    SENTENCE = "sentence", "Serving a sentence"


# Events the system records by itself when their date arrives (`date_transitions`).
DATE_TRANSITION_KINDS = frozenset(
    {
        EventKind.LICENCE_ENDED,
        EventKind.COMMUNITY_ORDER_ENDED,
        EventKind.CIVIL_ORDER_EXPIRED,
        EventKind.NOTIFICATION_ENDED,
    }
)
# What a person records for each kind of event, beyond its date and notes: (required, optional).
# Registration and a civil order's expiry are recorded by the system, never by hand.
EVENT_FIELDS: dict[EventKind, tuple[tuple[str, ...], tuple[str, ...]]] = {
    EventKind.CONVICTED: ((), ()),
    EventKind.SENTENCED: (
        ("disposal",),
        (
            "relevant_date",
            "sentence_months",
            "is_life_sentence",
            "conditional_discharge_months",
            "consecutive_to_previous",
            "overlap_months",
            "licence_ends_on",
            "community_order_ends_on",
        ),
    ),
    EventKind.REMANDED: ((), ()),
    EventKind.RECALLED: ((), ()),
    EventKind.RELEASED: ((), ("licence_ends_on",)),
    EventKind.LICENCE_ENDED: ((), ()),
    EventKind.COMMUNITY_ORDER_MADE: (("community_order_ends_on",), ()),
    EventKind.COMMUNITY_ORDER_ENDED: ((), ()),
    EventKind.CIVIL_ORDER_MADE: (("order_kind",), ("order_ends_on", "court", "conditions")),
    EventKind.CIVIL_ORDER_VARIED: (("order",), ("order_ends_on", "conditions")),
    EventKind.CIVIL_ORDER_DISCHARGED: (("order",), ()),
    EventKind.HOSPITAL_ADMITTED: ((), ()),
    EventKind.HOSPITAL_DISCHARGED: ((), ()),
    EventKind.WANTED: ((), ()),
    EventKind.MISSING: ((), ()),
    EventKind.LOCATED: ((), ()),
    EventKind.ABROAD: ((), ()),
    EventKind.RETURNED: ((), ()),
    EventKind.TRANSFERRED_OUT: (("other_force", "handover_notes"), ()),
    EventKind.RECEIVED: (("other_force", "handover_notes"), ()),
    EventKind.DECEASED: ((), ()),
    EventKind.NOTIFICATION_ENDED: (("notes",), ()),
}
RECORDABLE_KINDS = tuple(EVENT_FIELDS)
RECORDABLE_KIND_CHOICES = [(kind.value, kind.label) for kind in RECORDABLE_KINDS]

# Where the status must stand for an event to follow (None: any status that is not closed).
_REQUIRED_STATUS = {
    EventKind.RELEASED: {OffenderStatus.CUSTODY},
    EventKind.HOSPITAL_DISCHARGED: {OffenderStatus.HOSPITAL},
    EventKind.LOCATED: {OffenderStatus.WANTED, OffenderStatus.MISSING},
    EventKind.RETURNED: {OffenderStatus.ABROAD},
    EventKind.RECEIVED: {OffenderStatus.TRANSFERRED},
    EventKind.WANTED: {OffenderStatus.COMMUNITY, OffenderStatus.MISSING, OffenderStatus.ABROAD},
    EventKind.MISSING: {OffenderStatus.COMMUNITY, OffenderStatus.WANTED},
    EventKind.ABROAD: {OffenderStatus.COMMUNITY},
}
# Events that may follow a closed status: a new conviction makes someone whose notification
# ended subject again (SOA 2003 s80); a transferred nominal can come back.
_REOPENING = {
    OffenderStatus.NOTIFICATION_ENDED: {EventKind.CONVICTED, EventKind.SENTENCED},
    OffenderStatus.TRANSFERRED: {EventKind.RECEIVED},
    OffenderStatus.DECEASED: set(),
}
_AWAY = {OffenderStatus.CUSTODY, OffenderStatus.HOSPITAL}


@dataclass(frozen=True)
class Event:
    """One life event as plain values (the fields a kind does not use stay empty).

    `sequence` orders events of the same day (the order they were recorded). `REGISTERED`
    carries the state at registration: `status`, the index sentence, `released_on`, any
    licence or community order, and `police_lead_since` when the police already led."""

    kind: EventKind
    occurred_on: date
    sequence: int = 0
    status: OffenderStatus | None = None
    disposal: Disposal | None = None
    relevant_date: date | None = None
    sentence_months: int | None = None
    life: bool = False
    conditional_discharge_months: int | None = None
    order_ends_on: date | None = None
    consecutive_to_previous: bool = False
    overlap_months: int = 0
    licence_ends_on: date | None = None
    community_order_ends_on: date | None = None
    released_on: date | None = None
    police_lead_since: date | None = None
    order_id: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", EventKind(self.kind))
        if self.status is not None:
            object.__setattr__(self, "status", OffenderStatus(self.status))
        if self.disposal is not None:
            object.__setattr__(self, "disposal", Disposal(self.disposal))

    @property
    def label(self) -> str:
        return str(self.kind.label)


@dataclass(frozen=True)
class Sentence:
    """A disposal that decides a notification period: the relevant date (conviction, finding or
    caution), the day the offender was dealt with, and the term. `term_months` is the term
    the period is decided by: the sentence itself, or the aggregate of consecutive or partly
    concurrent terms (SOA 2003 s82(3)-(4); CTA 2008 s53(6))."""

    relevant_date: date
    dealt_with_on: date
    disposal: Disposal
    sentence_months: int | None = None
    life: bool = False
    conditional_discharge_months: int | None = None
    order_ends_on: date | None = None
    term_months: int | None = None


@dataclass(frozen=True)
class Spell:
    """A time in custody or hospital, from `starts_on` to `ends_on` (the last day away; None
    while it lasts). CTA 2008 s53(7) disregards these days."""

    starts_on: date
    ends_on: date | None = None

    def days_within(self, first: date, last: date) -> int:
        start = max(self.starts_on, first)
        end = min(self.ends_on or last, last)
        return max(0, (end - start).days + 1)


class EndingOrder(Protocol):
    """A civil order as `date_transitions` sees it: its id and last day in force."""

    @property
    def id(self) -> int: ...

    @property
    def ends_on(self) -> date | None: ...


@dataclass(frozen=True)
class LifeState:
    """Where an offender's life course stands after the events replayed so far.

    - `community_since`: the first day of the current time in the community (registration,
      release, discharge, located, returned); None when not in the community. Visits and
      "managed in the community for 3 years" count from it.
    - `community_since_reason`: what began it, in words ("release from custody").
    - `police_lead_since`: the day the police last became lead agency after probation;
      `post_licence_rule_applies`: whether that handover starts the 15-day ARMS and RMP.
    - `released_on`: the last release from custody or discharge from hospital.
    """

    status: OffenderStatus
    custody: Custody | None = None
    awaiting_sentence_since: date | None = None
    licence_ends_on: date | None = None
    community_order_ends_on: date | None = None
    released_on: date | None = None
    community_since: date | None = None
    community_since_reason: str = ""
    police_lead_since: date | None = None
    post_licence_rule_applies: bool = False
    sentences: tuple[Sentence, ...] = ()
    spells: tuple[Spell, ...] = ()
    closed_order_ids: frozenset[int] = field(default_factory=frozenset)
    registered_on: date | None = None

    @property
    def lead_agency(self) -> LeadAgency:
        """Probation leads while the offender serves a prison sentence, is on licence or under
        a community order; the police in every other case, including after conviction and
        before sentence (on remand too) and after the sentence ends [docs/rules.md § Lead agency]."""
        if self.custody == Custody.SENTENCE or self.licence_ends_on or self.community_order_ends_on:
            return LeadAgency.PROBATION
        return LeadAgency.POLICE


def replay(events: Iterable[Event], *, post_licence_rule_on_community_order_end: bool = False) -> LifeState:
    """Fold `events` (any order; sorted here by date, then `sequence`) into the state they
    leave. The first must be `REGISTERED`; no other event may predate it. Raises
    `LifeEventError` for an event that cannot follow the ones before it.

    `post_licence_rule_on_community_order_end`: the force setting that also starts the 15-day
    ARMS and RMP when a community order ends (the national rule is the end of a licence)."""
    ordered = sorted(events, key=lambda event: (event.occurred_on, event.sequence))
    if not ordered or ordered[0].kind != EventKind.REGISTERED:
        raise LifeEventError("The life course must begin with the registration.")
    if any(event.kind == EventKind.REGISTERED for event in ordered[1:]):
        registered_on = ordered[0].occurred_on
        raise LifeEventError(f"The offender was already registered on {_day(registered_on)}.")
    state = _registered(ordered[0])
    for event in ordered[1:]:
        state = apply(state, event, post_licence_rule_on_community_order_end)
    return state


def apply(
    state: LifeState, event: Event, post_licence_rule_on_community_order_end: bool = False
) -> LifeState:
    """The state after one more event (see `replay`)."""
    _check_can_follow(state, event)
    before = state.lead_agency
    handler = _HANDLERS.get(event.kind)
    after = handler(state, event) if handler else state
    return _lead_changes(before, after, event, post_licence_rule_on_community_order_end)


def date_transitions(
    state: LifeState,
    *,
    today: date,
    orders: Iterable[EndingOrder] = (),
    notification_last_day: date | None = None,
    notification_open_ended: bool = True,
) -> list[Event]:
    """The events that have happened by date alone by `today` and are not yet recorded, each
    dated the day it took effect (docs/rules.md § Transitions by date):

    - a licence or community order whose last day has passed ends the day after it (a licence
      does not end while its holder is back in prison on recall);
    - a civil order whose last day has passed expires the day after it (`orders`: objects with
      `id` and `ends_on`, the last day in force; those already closed are skipped);
    - the notification requirements end the day after `notification_last_day` when every
      period has a fixed end (`notification_open_ended` False).
    """
    events: list[Event] = []
    if state.status in CLOSED_STATUSES:
        return events
    if state.licence_ends_on and state.licence_ends_on < today and state.custody != Custody.SENTENCE:
        events.append(
            Event(kind=EventKind.LICENCE_ENDED, occurred_on=state.licence_ends_on + timedelta(days=1))
        )
    if state.community_order_ends_on and state.community_order_ends_on < today:
        events.append(
            Event(
                kind=EventKind.COMMUNITY_ORDER_ENDED,
                occurred_on=state.community_order_ends_on + timedelta(days=1),
            )
        )
    for order in orders:
        # An order that ended before the unit began managing the offender is history. (A state
        # from `replay` always has `registered_on`: it begins with the registration.)
        if (
            order.ends_on
            and cast(date, state.registered_on) <= order.ends_on < today
            and order.id not in state.closed_order_ids
        ):
            events.append(
                Event(
                    kind=EventKind.CIVIL_ORDER_EXPIRED,
                    occurred_on=order.ends_on + timedelta(days=1),
                    order_id=order.id,
                )
            )
    if not notification_open_ended and notification_last_day and notification_last_day < today:
        # A period that had already ended when the unit registered the offender ends the day
        # of registration: nothing in the life course predates it.
        assert state.registered_on is not None  # `replay` begins every state with the registration
        ended_on = max(notification_last_day + timedelta(days=1), state.registered_on)
        events.append(Event(kind=EventKind.NOTIFICATION_ENDED, occurred_on=ended_on))
    events.sort(key=lambda event: event.occurred_on)
    # Nothing follows the end of notification: an order expiring later is history by then.
    ends = [n for n, event in enumerate(events) if event.kind == EventKind.NOTIFICATION_ENDED]
    return events[: ends[0] + 1] if ends else events


# --------------------------------------------------------------------------- the fold


def _registered(event: Event) -> LifeState:
    """The state at registration. A licence or community order that ended before it is history:
    the police already led then (from the day after it ended, unless told otherwise)."""
    status = event.status or OffenderStatus.COMMUNITY
    day = event.occurred_on
    ended = [end for end in (event.licence_ends_on, event.community_order_ends_on) if end and end < day]
    licence = event.licence_ends_on if event.licence_ends_on and event.licence_ends_on >= day else None
    order = (
        event.community_order_ends_on
        if event.community_order_ends_on and event.community_order_ends_on >= day
        else None
    )
    police_lead_since = event.police_lead_since or (max(ended) + timedelta(days=1) if ended else None)
    sentences: tuple[Sentence, ...] = ()
    if event.disposal is not None:
        # The registration holds no sentencing date: the conviction stands for the day the
        # offender was dealt with (Counter-Terrorism Act 2008 s53(4)), not the registration.
        relevant_date = event.relevant_date or event.occurred_on
        sentences = (replace(_sentence(event, relevant_date=relevant_date), dealt_with_on=relevant_date),)
    community_since, reason = None, ""
    if status == OffenderStatus.COMMUNITY:
        if event.released_on and event.released_on > event.occurred_on:
            community_since, reason = event.released_on, "release from custody"
        else:
            community_since, reason = event.occurred_on, "start of management"
    state = LifeState(
        status=status,
        custody=Custody.SENTENCE if status == OffenderStatus.CUSTODY else None,
        licence_ends_on=licence,
        community_order_ends_on=order,
        released_on=event.released_on,
        community_since=community_since,
        community_since_reason=reason,
        sentences=sentences,
        spells=(Spell(day),) if status in _AWAY else (),
        registered_on=day,
    )
    if state.lead_agency == LeadAgency.POLICE and police_lead_since:
        state = replace(state, police_lead_since=police_lead_since, post_licence_rule_applies=True)
    return state


def _check_can_follow(state: LifeState, event: Event) -> None:
    if event.kind == EventKind.REGISTERED:
        raise LifeEventError("The offender is already registered.", field="occurred_on")
    if state.status in CLOSED_STATUSES and event.kind not in _REOPENING[state.status]:
        raise LifeEventError(
            f"{event.label} cannot be recorded on {_day(event.occurred_on)}: the offender's status is "
            f"“{state.status.label.lower()}” from an earlier event.",
            field="occurred_on",
        )
    allowed = _REQUIRED_STATUS.get(event.kind)
    if allowed is not None and state.status not in allowed:
        wanted = " or ".join(sorted(str(status.label).lower() for status in allowed))
        raise LifeEventError(
            f"{event.label} cannot be recorded on {_day(event.occurred_on)}: the offender is "
            f"{state.status.label.lower()} then, not {wanted}.",
            field="occurred_on",
        )


def _leave_community(
    state: LifeState, status: OffenderStatus, day: date, custody: Custody | None = None
) -> LifeState:
    spells = state.spells
    if status in _AWAY and state.status not in _AWAY:
        spells = (*spells, Spell(day))
    return replace(
        state, status=status, custody=custody, community_since=None, community_since_reason="", spells=spells
    )


def _back_in_community(state: LifeState, day: date, reason: str, *, released: bool = False) -> LifeState:
    spells = state.spells
    if state.status in _AWAY and spells and spells[-1].ends_on is None:
        spells = (*spells[:-1], replace(spells[-1], ends_on=day - timedelta(days=1)))
    return replace(
        state,
        status=OffenderStatus.COMMUNITY,
        custody=None,
        community_since=day,
        community_since_reason=reason,
        released_on=day if released else state.released_on,
        spells=spells,
    )


def _convicted(state: LifeState, event: Event) -> LifeState:
    state = _reopened(state, event)
    return replace(state, awaiting_sentence_since=event.occurred_on)


def _reopened(state: LifeState, event: Event) -> LifeState:
    """A new conviction of someone whose notification had ended makes them subject again."""
    if state.status == OffenderStatus.NOTIFICATION_ENDED:
        return _back_in_community(state, event.occurred_on, "new conviction")
    return state


def _sentenced(state: LifeState, event: Event) -> LifeState:
    if event.disposal is None:
        raise LifeEventError("Give the sentence or other disposal.", field="disposal")
    relevant_date = event.relevant_date or state.awaiting_sentence_since or event.occurred_on
    if relevant_date > event.occurred_on:
        raise LifeEventError(
            f"The date of conviction ({_day(relevant_date)}) cannot be after the sentence "
            f"({_day(event.occurred_on)}).",
            field="relevant_date",
        )
    state = _reopened(state, event)
    state = replace(
        state,
        sentences=_with_sentence(state.sentences, event, relevant_date=relevant_date),
        awaiting_sentence_since=None,
    )
    day = event.occurred_on
    if event.disposal == Disposal.CUSTODY:
        if state.status == OffenderStatus.CUSTODY:
            return replace(state, custody=Custody.SENTENCE, licence_ends_on=event.licence_ends_on)
        return replace(
            _leave_community(state, OffenderStatus.CUSTODY, day, Custody.SENTENCE),
            licence_ends_on=event.licence_ends_on,
        )
    if event.disposal in (Disposal.HOSPITAL_RESTRICTION, Disposal.HOSPITAL_NO_RESTRICTION):
        return _leave_community(state, OffenderStatus.HOSPITAL, day)
    if state.status == OffenderStatus.CUSTODY and state.custody == Custody.REMAND:
        state = _back_in_community(state, day, "release from custody", released=True)
    if event.community_order_ends_on:
        state = replace(state, community_order_ends_on=event.community_order_ends_on)
    return state


def _sentence(event: Event, *, relevant_date: date) -> Sentence:
    assert event.disposal is not None  # both callers check
    return Sentence(
        relevant_date=relevant_date,
        dealt_with_on=event.occurred_on,
        disposal=event.disposal,
        sentence_months=event.sentence_months,
        life=event.life,
        conditional_discharge_months=event.conditional_discharge_months,
        order_ends_on=event.order_ends_on,
        term_months=event.sentence_months,
    )


def _with_sentence(
    sentences: tuple[Sentence, ...], event: Event, *, relevant_date: date
) -> tuple[Sentence, ...]:
    """`sentences` and the one `event` passes. A term consecutive to (or partly concurrent with)
    the previous term of imprisonment makes each of the joined offences count as sentenced to
    the aggregate, X + Y - Z (SOA 2003 s82(3)-(4); CTA 2008 s53(6))."""
    sentence = _sentence(event, relevant_date=relevant_date)
    if not event.consecutive_to_previous:
        return (*sentences, sentence)
    earlier = next((s for s in reversed(sentences) if s.disposal == Disposal.CUSTODY), None)
    if event.disposal != Disposal.CUSTODY or earlier is None or event.life or event.sentence_months is None:
        raise LifeEventError(
            "Only a term of imprisonment of a set length can run consecutively, after an earlier "
            "term of imprisonment.",
            field="consecutive_to_previous",
        )
    overlap = event.overlap_months or 0
    if earlier.life or earlier.term_months is None:
        aggregate = None  # joined to a life sentence: the period is indefinite either way
    else:
        if overlap < 0 or overlap >= min(earlier.term_months, event.sentence_months):
            raise LifeEventError(
                "The overlap of partly concurrent terms must be less than either term.",
                field="overlap_months",
            )
        aggregate = earlier.term_months + event.sentence_months - overlap
    # The earlier term may itself be an aggregate: every sentence that shares it joins too.
    chain = {
        id(s)
        for s in sentences
        if s is earlier
        or (s.disposal == Disposal.CUSTODY and _aggregated(s) and s.term_months == earlier.term_months)
    }
    return (
        *(
            replace(s, term_months=aggregate, life=aggregate is None) if id(s) in chain else s
            for s in sentences
        ),
        replace(sentence, term_months=aggregate, life=aggregate is None),
    )


def _aggregated(sentence: Sentence) -> bool:
    return sentence.term_months != sentence.sentence_months


def _remanded(state: LifeState, event: Event) -> LifeState:
    if state.status == OffenderStatus.CUSTODY:
        raise LifeEventError(
            f"The offender is already in custody on {_day(event.occurred_on)}.", field="occurred_on"
        )
    return _leave_community(state, OffenderStatus.CUSTODY, event.occurred_on, Custody.REMAND)


def _recalled(state: LifeState, event: Event) -> LifeState:
    if not state.licence_ends_on:
        raise LifeEventError(
            f"The offender is not on licence on {_day(event.occurred_on)}: there is nothing to recall.",
            field="occurred_on",
        )
    if state.status == OffenderStatus.CUSTODY:
        raise LifeEventError(
            f"The offender is already in custody on {_day(event.occurred_on)}.", field="occurred_on"
        )
    return _leave_community(state, OffenderStatus.CUSTODY, event.occurred_on, Custody.SENTENCE)


def _released(state: LifeState, event: Event) -> LifeState:
    if event.licence_ends_on and event.licence_ends_on < event.occurred_on:
        raise LifeEventError("The licence cannot end before the release.", field="licence_ends_on")
    state = _back_in_community(state, event.occurred_on, "release from custody", released=True)
    return replace(state, licence_ends_on=event.licence_ends_on, awaiting_sentence_since=None)


def _licence_ended(state: LifeState, event: Event) -> LifeState:
    if not state.licence_ends_on:
        raise LifeEventError(
            f"The offender is not on licence on {_day(event.occurred_on)}.", field="occurred_on"
        )
    return replace(state, licence_ends_on=None)


def _community_order_made(state: LifeState, event: Event) -> LifeState:
    if not event.community_order_ends_on or event.community_order_ends_on < event.occurred_on:
        raise LifeEventError(
            "Give the community order's end date, on or after the day it was made.",
            field="community_order_ends_on",
        )
    return replace(state, community_order_ends_on=event.community_order_ends_on)


def _community_order_ended(state: LifeState, event: Event) -> LifeState:
    if not state.community_order_ends_on:
        raise LifeEventError(
            f"The offender is not under a community order on {_day(event.occurred_on)}.", field="occurred_on"
        )
    return replace(state, community_order_ends_on=None)


def _order_closed(state: LifeState, event: Event) -> LifeState:
    if event.order_id is None:
        return state
    if event.order_id in state.closed_order_ids:
        raise LifeEventError("That order has already ended.", field="order")
    return replace(state, closed_order_ids=state.closed_order_ids | {event.order_id})


# What an event of one kind does to the state (`_HANDLERS`).
_Handler = Callable[[LifeState, Event], LifeState]


def _to(status: OffenderStatus) -> _Handler:
    def handler(state: LifeState, event: Event) -> LifeState:
        if status in _AWAY:
            return _leave_community(state, status, event.occurred_on)
        return replace(state, status=status, custody=None, community_since=None, community_since_reason="")

    return handler


def _back(reason: str, *, released: bool = False) -> _Handler:
    def handler(state: LifeState, event: Event) -> LifeState:
        return _back_in_community(state, event.occurred_on, reason, released=released)

    return handler


def _closed(status: OffenderStatus) -> _Handler:
    def handler(state: LifeState, event: Event) -> LifeState:
        spells = state.spells
        if spells and spells[-1].ends_on is None:
            spells = (*spells[:-1], replace(spells[-1], ends_on=event.occurred_on - timedelta(days=1)))
        return replace(
            state, status=status, custody=None, community_since=None, community_since_reason="", spells=spells
        )

    return handler


_HANDLERS = {
    EventKind.CONVICTED: _convicted,
    EventKind.SENTENCED: _sentenced,
    EventKind.REMANDED: _remanded,
    EventKind.RECALLED: _recalled,
    EventKind.RELEASED: _released,
    EventKind.LICENCE_ENDED: _licence_ended,
    EventKind.COMMUNITY_ORDER_MADE: _community_order_made,
    EventKind.COMMUNITY_ORDER_ENDED: _community_order_ended,
    EventKind.CIVIL_ORDER_DISCHARGED: _order_closed,
    EventKind.CIVIL_ORDER_EXPIRED: _order_closed,
    EventKind.HOSPITAL_ADMITTED: _to(OffenderStatus.HOSPITAL),
    EventKind.HOSPITAL_DISCHARGED: _back("discharge from hospital", released=True),
    EventKind.WANTED: _to(OffenderStatus.WANTED),
    EventKind.MISSING: _to(OffenderStatus.MISSING),
    EventKind.LOCATED: _back("located"),
    EventKind.ABROAD: _to(OffenderStatus.ABROAD),
    EventKind.RETURNED: _back("return from abroad"),
    EventKind.TRANSFERRED_OUT: _closed(OffenderStatus.TRANSFERRED),
    EventKind.RECEIVED: _back("received from another force"),
    EventKind.DECEASED: _closed(OffenderStatus.DECEASED),
    EventKind.NOTIFICATION_ENDED: _closed(OffenderStatus.NOTIFICATION_ENDED),
}


def _lead_changes(
    before: LeadAgency, after: LifeState, event: Event, on_community_order_end: bool
) -> LifeState:
    """When the lead passes from probation to the police, the police lead from that day; the
    15-day ARMS and RMP apply when it passed because a licence or the prison sentence ended
    (national) or a community order ended (force setting) [docs/rules.md § Lead agency]."""
    lead = after.lead_agency
    if lead == before:
        return after
    if lead == LeadAgency.PROBATION:
        return replace(after, police_lead_since=None, post_licence_rule_applies=False)
    handover = event.kind in (EventKind.LICENCE_ENDED, EventKind.RELEASED) or (
        event.kind == EventKind.COMMUNITY_ORDER_ENDED and on_community_order_end
    )
    return replace(after, police_lead_since=event.occurred_on, post_licence_rule_applies=handover)


def _day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"
