"""The life course as the pages show it: each life event in words, with the status and lead
agency it left (docs/rules.md § Life course)."""

import datetime
from dataclasses import dataclass

from offenders.life_events import states_after_each
from offenders.models import LifeEvent, Offender
from rules.choices import Disposal
from rules.life_course import EventKind, LifeEventError, LifeState
from rules.policy import Policy


@dataclass(frozen=True)
class LifeCourseEntry:
    """One life event, what happened in words, and the status and lead agency it left (None
    when the history cannot be replayed)."""

    event: LifeEvent
    what: str
    state: LifeState | None

    @property
    def recorded_by(self) -> str:
        return "the system" if self.event.by_system else str(self.event.recorded_by)

    @property
    def status(self) -> str:
        return self.state.status.label if self.state else ""

    @property
    def lead_agency(self) -> str:
        return self.state.lead_agency.label if self.state else ""


def life_course(offender: Offender, *, policy: Policy) -> list[LifeCourseEntry]:
    """Every life event of the offender, newest first, each with the state it left."""
    rows = list(LifeEvent.objects.filter(offender=offender).select_related("recorded_by", "order"))
    try:
        steps = states_after_each(rows, policy)
    except LifeEventError:
        # A history the rules cannot replay (kept from before them) is still shown, as it is.
        steps = [(row, None) for row in sorted(rows, key=lambda row: (row.occurred_on, row.pk))]
    return [LifeCourseEntry(row, event_in_words(row), state) for row, state in reversed(steps)]


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _months(months: int) -> str:
    return f"{months} month{'' if months == 1 else 's'}"


def sentence_in_words(event: LifeEvent) -> str:
    """A sentence or registration's index disposal: "imprisonment for 12 months, licence to
    5 April 2021"."""
    disposal = event.disposal
    if disposal == Disposal.CUSTODY:
        words = (
            "imprisonment for life"
            if event.is_life_sentence
            else f"imprisonment for {_months(event.sentence_months or 0)}"
        )
        if event.consecutive_to_previous:
            words += (
                f", partly concurrent with the earlier term ({_months(event.overlap_months)} overlap)"
                if event.overlap_months
                else ", consecutive to the earlier term"
            )
    elif disposal == Disposal.CONDITIONAL_DISCHARGE:
        words = f"conditional discharge for {_months(event.conditional_discharge_months or 0)}"
    elif disposal == Disposal.OTHER:
        words = "another disposal"
    else:
        words = Disposal(disposal).label.lower() if disposal in Disposal.values else "not recorded"
    if event.licence_ends_on:
        words += f", licence to {long_date(event.licence_ends_on)}"
    if event.community_order_ends_on:
        order = f"community order to {long_date(event.community_order_ends_on)}"
        words = order if disposal == Disposal.OTHER else f"{words}, {order}"
    if event.relevant_date and event.relevant_date != event.occurred_on:
        words += f" (convicted {long_date(event.relevant_date)})"
    return words


def event_in_words(event: LifeEvent) -> str:
    """What happened, in words: "Sentenced: imprisonment for 12 months", "Released from
    custody, licence to 5 April 2021"."""
    kind = event.kind
    if kind == EventKind.REGISTERED:
        return (
            f"Registered with the unit: {sentence_in_words(event)}"
            if event.disposal
            else event.get_kind_display()
        )
    if kind == EventKind.SENTENCED:
        return f"Sentenced: {sentence_in_words(event)}"
    if kind == EventKind.RELEASED:
        licence = f"licence to {long_date(event.licence_ends_on)}" if event.licence_ends_on else "no licence"
        return f"Released from custody, {licence}"
    if kind == EventKind.COMMUNITY_ORDER_MADE and event.community_order_ends_on:
        return f"Community order made, to {long_date(event.community_order_ends_on)}"
    if kind in (EventKind.TRANSFERRED_OUT, EventKind.RECEIVED) and event.other_force:
        direction = "Transferred to" if kind == EventKind.TRANSFERRED_OUT else "Received from"
        return f"{direction} {event.other_force}"
    if event.order is not None:
        return _order_event_in_words(event)
    return event.get_kind_display()


def _order_event_in_words(event: LifeEvent) -> str:
    order = event.order.get_kind_display()
    kind = event.kind
    if kind == EventKind.CIVIL_ORDER_MADE:
        ends = f"to {long_date(event.order_ends_on)}" if event.order_ends_on else "until further order"
        return f"{order} made, {ends}"
    if kind == EventKind.CIVIL_ORDER_VARIED:
        new_end = f", now to {long_date(event.order_ends_on)}" if event.order_ends_on else ""
        return f"{order} varied{new_end}"
    if kind == EventKind.CIVIL_ORDER_DISCHARGED:
        return f"{order} discharged"
    return f"{order} expired"
