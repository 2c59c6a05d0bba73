"""Recording what a registered offender notified, and their notification position
[docs/rules.md § Notification requirements].

The deadlines are the rules' (`rules.registration`); this module records notifications through
one service (validated, logged in the s62 log, the due engine told) and turns an offender's
stored history into the rules' `RegistrationFacts`.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from kit.dates import long_date
from offenders import audit
from offenders.changes import offender_changed
from offenders.life_events import EventDetails, life_event_record
from offenders.models import (
    AuditOperation,
    FailureResponse,
    Offender,
    Outcome,
    OutcomeKind,
    RegistrationNotification,
)
from offenders.permissions import authorise
from offenders.services import outcome_record
from rules.choices import OffenderStatus
from rules.dates import is_overdue
from rules.life_course import EventKind
from rules.policy import Policy
from rules.registration import (
    TERRORIST_ONLY_CHANGES,
    Absence,
    AbsenceKind,
    ChangeKind,
    Notification,
    NotificationDue,
    NotificationKind,
    Regime,
    RegistrationFacts,
    notification_deadline,
    notifications_due,
    regime_for,
)
from workforce.models import ForcePolicy, Staff
from workforce.permissions import Action

# Notifications that give the offender's home address.
_STATES_HOME_ADDRESS = (NotificationKind.INITIAL, NotificationKind.PERIODIC, NotificationKind.RELEASE)
# Notifications whose home address may be new to the police: verified by a visit.
_NEW_HOME_ADDRESS = (NotificationKind.INITIAL, NotificationKind.RELEASE)
# The day of what the notification reports, by kind, and its label.
_EVENT_DAY = {
    NotificationKind.CHANGE: "the day of the change",
    NotificationKind.RELEASE: "the day of release",
    NotificationKind.TRAVEL_RETURN: "the day the offender came back to the United Kingdom",
}


@dataclass(frozen=True)
class NotificationContent:
    """What was notified, as taken at the police station (the form's and the API's fields)."""

    kind: str
    notified_on: datetime.date
    place: str
    taken_by: Staff
    changes: Sequence[str] = ()
    event_on: datetime.date | None = None
    home_address: str = ""
    no_fixed_abode: bool = False
    details: str = ""
    departs_on: datetime.date | None = None
    returns_on: datetime.date | None = None
    destination: str = ""
    carrier: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "changes", tuple(self.changes))

    @property
    def states_home_address(self) -> bool:
        return self.kind in _STATES_HOME_ADDRESS or ChangeKind.HOME_ADDRESS in self.changes


def _problems(
    offender: Offender, regime: Regime | None, content: NotificationContent, today: datetime.date
) -> dict[str, str]:
    """Every problem with a notification at once, by field."""
    errors: dict[str, str] = {}
    if regime is None:
        return {
            "kind": f"{offender.get_offender_type_display()}s are not subject to the notification "
            "requirements the system tracks."
        }
    if content.kind not in NotificationKind.values:
        return {"kind": "Select what the offender notified."}
    kind = NotificationKind(content.kind)
    if content.notified_on > today:
        errors["notified_on"] = "The date of the notification must be today or in the past."
    elif content.notified_on < offender.relevant_date:
        errors["notified_on"] = (
            f"The notification cannot be before the relevant date, {long_date(offender.relevant_date)}."
        )
    elif offender.notification_ends_on is not None and content.notified_on > offender.notification_ends_on:
        errors["notified_on"] = (
            f"The notification period ended on {long_date(offender.notification_ends_on)}: nothing "
            "is notified after it."
        )
    if not content.place.strip():
        errors["place"] = "Enter the police station where the notification was made."
    if content.taken_by.force_id != offender.force_id:
        errors["taken_by"] = "Choose an officer of this force."
    unknown = [change for change in content.changes if change not in ChangeKind.values]
    if kind == NotificationKind.CHANGE and (unknown or not content.changes):
        errors["changes"] = "Select what changed."
    elif kind != NotificationKind.CHANGE and content.changes:
        errors["changes"] = "Only a notification of a change lists what changed."
    elif regime == Regime.SEX_OFFENDER and TERRORIST_ONLY_CHANGES & set(content.changes):
        errors["changes"] = (
            "Contact details and vehicles are notified only by registered terrorist offenders."
        )
    if kind in _EVENT_DAY:
        if content.event_on is None:
            errors["event_on"] = f"Enter {_EVENT_DAY[kind]}."
        elif kind != NotificationKind.CHANGE and content.event_on > content.notified_on:
            errors["event_on"] = f"{_EVENT_DAY[kind].capitalize()} cannot be after the notification."
    elif content.event_on is not None:
        errors["event_on"] = "Only a change, a release or a return has a day of its own."
    if content.states_home_address and not content.home_address.strip():
        errors["home_address"] = (
            "Enter the home address notified (with no fixed abode, where the offender can regularly "
            "be found)."
        )
    if kind == NotificationKind.TRAVEL:
        if content.departs_on is None:
            errors["departs_on"] = "Enter the date of departure."
        if not content.destination.strip():
            errors["destination"] = "Enter the destination: the country, and the place if known."
        if content.departs_on and content.returns_on and content.returns_on < content.departs_on:
            errors["returns_on"] = "The return must be on or after the departure."
    elif content.departs_on or content.returns_on or content.destination.strip() or content.carrier.strip():
        errors["departs_on"] = "Only a notification of foreign travel gives a trip."
    return errors


@transaction.atomic
def notification_record(
    *, offender: Offender, content: NotificationContent, acting_user: Staff, today: datetime.date
) -> RegistrationNotification:
    """Record a notification the offender made [docs/rules.md § Notification requirements]:
    checked as a whole (every problem at once), logged as a collection in the s62 log; the
    unit holds the offender's history from the earliest notification on record; the due engine
    recomputes what is due next."""
    authorise(acting_user, Action.RECORD, offender)
    offender = Offender.objects.select_for_update().get(pk=offender.pk)
    errors = _problems(offender, regime_for(offender.offender_type), content, today)
    if errors:
        raise ValidationError(errors)
    notification = RegistrationNotification.objects.create(
        offender=offender,
        kind=content.kind,
        notified_on=content.notified_on,
        place=content.place.strip(),
        taken_by=content.taken_by,
        changes=sorted(set(content.changes)),
        event_on=content.event_on,
        home_address=content.home_address.strip() if content.states_home_address else "",
        no_fixed_abode=content.no_fixed_abode and content.states_home_address,
        details=content.details.strip(),
        departs_on=content.departs_on,
        returns_on=content.returns_on,
        destination=content.destination.strip(),
        carrier=content.carrier.strip(),
        recorded_by=acting_user,
    )
    if offender.notification_history_from is None or content.notified_on < offender.notification_history_from:
        offender.notification_history_from = content.notified_on
        offender.save(update_fields=["notification_history_from", "updated_at"])
    audit.log(actor=acting_user, operation=AuditOperation.COLLECTION, offenders=offender, record=notification)
    offender_changed(offender.pk)
    return notification


# ---------------------------------------------------------------------------------------------
# The offender's position, as the rules read it.


def as_rule_notification(row: RegistrationNotification) -> Notification:
    return Notification(
        kind=NotificationKind(row.kind),
        notified_on=row.notified_on,
        changes=frozenset(ChangeKind(change) for change in row.changes),
        event_on=row.event_on,
        no_fixed_abode=row.no_fixed_abode,
        departs_on=row.departs_on,
        returns_on=row.returns_on,
    )


def _away(offender: Offender, notifications: Sequence[Notification], today: datetime.date) -> list[Absence]:
    """Custody and hospital from the life course; time abroad from the trips notified: from the
    departure to the day before the return notified, else the planned return, else still away."""
    away = [
        Absence(
            AbsenceKind.CUSTODY,
            datetime.date.fromisoformat(starts_on),
            datetime.date.fromisoformat(ends_on) if ends_on else None,
        )
        for starts_on, ends_on in offender.away_spells
    ]
    for trip in (n for n in notifications if n.kind == NotificationKind.TRAVEL):
        assert trip.departs_on is not None  # a travel notification gives its departure
        if trip.departs_on > today:
            continue
        back = next(
            (
                n.event_on
                for n in notifications
                if n.kind == NotificationKind.TRAVEL_RETURN and n.event_on and n.event_on >= trip.departs_on
            ),
            None,
        )
        # Back on the day the return says, else (for the deadlines) on the planned return: a
        # return not notified by then is followed up as a notification of its own.
        back = back or trip.returns_on
        if back is not None and back <= trip.departs_on:
            continue
        away.append(
            Absence(AbsenceKind.ABROAD, trip.departs_on, back - datetime.timedelta(days=1) if back else None)
        )
    return away


@dataclass(frozen=True)
class Position:
    """An offender's notification position: the rules' facts (None when nothing is tracked: not a
    registered offender, or no history held) and the day the latest new home address was
    notified (for its verification visit)."""

    facts: RegistrationFacts | None
    home_address_notified_on: datetime.date | None = None


def registration_position(
    offender: Offender, rows: Iterable[RegistrationNotification], *, today: datetime.date
) -> Position:
    """The rules' facts for one offender from their notifications on record (any order)."""
    regime = regime_for(offender.offender_type)
    rows = sorted(rows, key=lambda row: (row.notified_on, row.pk or 0))
    if regime is None:
        return Position(facts=None)
    history_from = offender.notification_history_from
    if history_from is None and not rows:
        return Position(facts=None)
    notifications = [as_rule_notification(row) for row in rows]
    facts = RegistrationFacts(
        regime=regime,
        relevant_date=offender.relevant_date,
        notifications=notifications,
        away=_away(offender, notifications, today),
        period_last_day=None if offender.notification_indefinite else offender.notification_ends_on,
        history_from=history_from or rows[0].notified_on,
    )
    new_addresses = [
        row.notified_on
        for row in rows
        if row.kind in _NEW_HOME_ADDRESS or ChangeKind.HOME_ADDRESS in row.changes
    ]
    return Position(facts=facts, home_address_notified_on=new_addresses[-1] if new_addresses else None)


@dataclass(frozen=True)
class HistoryEntry:
    """A notification on record and whether it was in time: `due_on` the last day it was due
    (None when no deadline applies, as for travel) and `days_late` how many days after it."""

    notification: RegistrationNotification
    due_on: datetime.date | None = None
    days_late: int = 0


# The kinds judged against what was due before them (`notifications_due`); the rest by the
# day of what they report (`days_late`).
_DUE_BEFORE = (NotificationKind.INITIAL, NotificationKind.PERIODIC)


def notification_history(offender: Offender, *, today: datetime.date) -> list[HistoryEntry]:
    """The offender's notifications on record, newest first, each judged against its deadline
    [docs/rules.md § Notification requirements]."""
    rows = list(offender.notifications.select_related("taken_by").order_by("notified_on", "pk"))
    position = registration_position(offender, rows, today=today)
    entries = []
    for index, row in enumerate(rows):
        due_on = None
        if position.facts is not None:
            notifications = position.facts.notifications
            due_on = _due_on(position.facts, notifications[:index], notifications[index])
        late = max(0, (row.notified_on - due_on).days) if due_on else 0
        entries.append(HistoryEntry(notification=row, due_on=due_on, days_late=late))
    return entries[::-1]


def _due_on(
    facts: RegistrationFacts, earlier: Sequence[Notification], made: Notification
) -> datetime.date | None:
    """The last day `made` was due: for an initial or periodic notification, what was due
    before it; for a change, release or return, from the day of what it reports."""
    if made.kind in _DUE_BEFORE:
        before = replace(facts, notifications=tuple(earlier))
        return next((due.due_on for due in notifications_due(before) if due.kind == made.kind), None)
    return notification_deadline(made, regime=facts.regime, away=facts.away)


# ---------------------------------------------------------------------------------------------
# Failure to comply [docs/rules.md § Failing to comply].


def overdue_notifications(
    offender: Offender, *, today: datetime.date, policy: Policy
) -> list[NotificationDue]:
    """The notifications the offender has failed to make by `today` (past their last day)."""
    rows = list(offender.notifications.all())
    facts = registration_position(offender, rows, today=today).facts
    if facts is None:
        return []
    return [due for due in notifications_due(facts, policy) if is_overdue(due.due_on, today)]


@transaction.atomic
def failure_to_notify_record(
    *,
    offender: Offender,
    acting_user: Staff,
    response: str,
    occurred_on: datetime.date,
    notes: str,
    today: datetime.date,
) -> Outcome:
    """What the unit did about an offender who failed to notify: an outcome of the failure with
    the response (contact made and notified late, circulated as wanted, arrested, charged),
    and, when circulated as wanted, the life event that makes them wanted. Only while a
    notification is overdue [docs/rules.md § Failing to comply]."""
    authorise(acting_user, Action.RECORD, offender)
    overdue = overdue_notifications(offender, today=today, policy=ForcePolicy.rules_for(offender.force_id))
    if not overdue:
        raise ValidationError(
            f"{offender.full_name} has no overdue notification: there is no failure to notify to record."
        )
    outcome = outcome_record(
        offender=offender,
        recorded_by=acting_user,
        kind=OutcomeKind.FAILED_TO_NOTIFY,
        response=response,
        occurred_on=occurred_on,
        offence_type="",
        notes=notes,
        today=today,
    )
    if response == FailureResponse.WANTED and offender.status != OffenderStatus.WANTED:
        life_event_record(
            offender=offender,
            details=EventDetails(
                kind=EventKind.WANTED,
                occurred_on=occurred_on,
                notes="Circulated as wanted: failed to notify.",
            ),
            acting_user=acting_user,
            today=today,
        )
    return outcome


# ---------------------------------------------------------------------------------------------
# Foreign travel on the caseload and the record [docs/rules.md § Foreign travel].

# A trip shows on the caseload from this many days before departure.
TRAVEL_SHOWN_DAYS_BEFORE = 14


def trips_not_returned(today: datetime.date) -> QuerySet[RegistrationNotification]:
    """Notified trips abroad that are upcoming (departing within TRAVEL_SHOWN_DAYS_BEFORE days)
    or under way: no return notified since the departure. A return not notified by the planned
    date stays shown: the unit is following it up."""
    returned = RegistrationNotification.objects.filter(
        offender=OuterRef("offender"),
        kind=NotificationKind.TRAVEL_RETURN,
        event_on__gte=OuterRef("departs_on"),
    )
    return (
        RegistrationNotification.objects.filter(
            kind=NotificationKind.TRAVEL,
            departs_on__lte=today + datetime.timedelta(days=TRAVEL_SHOWN_DAYS_BEFORE),
        )
        .exclude(Exists(returned))
        .order_by("departs_on", "pk")
    )
