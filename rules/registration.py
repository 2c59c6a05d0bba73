"""Registration compliance: the notification requirements and their deadlines
(docs/rules.md § Notification requirements).

What a registered offender must tell the police, and by when:

- **initial** notification within 3 days beginning with the relevant date (SOA 2003 s83(1)) or
  the day dealt with (CTA 2008 s47(1));
- each **change** (name, home address, an address stayed at for 7 days, the prescribed details)
  within 3 days beginning with the change (SOA 2003 s84(1); CTA 2008 s48);
- each **release** from custody or hospital within 3 days beginning with the release
  (SOA 2003 s84(1)(d); CTA 2008 s48(4));
- **periodic** notification within one year after the last notification, or within 7 days
  with no sole or main residence (SOA 2003 s85; CTA 2008 s49);
- **foreign travel** before departure, and the **return** (SOA 2003 s86 and its regulations;
  CTA 2008 s52, s56).

Time in custody, detained in hospital or (for sex offenders) outside the United Kingdom does
not count towards the 3 days (SOA 2003 s83(6), s84(5); CTA 2008 s47(4)); a periodic
notification that falls due while away is due within 3 days beginning with the first day back
(SOA 2003 s85(3)-(4); CTA 2008 s49(2)-(3)).

Every deadline here is the **last day** on which the notification is still in time: a
notification on that day is in time, the next day it is overdue (`rules.dates.is_overdue`).
The force's own follow-up dates (verifying a new home address, chasing a traveller's return)
come from `rules.policy.Policy` [docs/rules.md § Address verification and travel follow-up].
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models

from rules import national
from rules.choices import OffenderType
from rules.dates import add_days, last_day_of_days, last_day_of_period, long_date
from rules.policy import DEFAULT_POLICY, Policy


class RegistrationInputError(ValueError):
    """The facts given cannot decide a notification deadline; the message says why."""


class Regime(models.TextChoices):
    """Which statute's notification requirements apply."""

    SEX_OFFENDER = "sex_offender", "Sexual Offences Act 2003, Part 2"
    TERRORIST_OFFENDER = "terrorist_offender", "Counter-Terrorism Act 2008, Part 4"


def regime_for(offender_type: str) -> Regime | None:
    """The notification regime of an offender type: sex offenders (RSO) under the Sexual
    Offences Act 2003, terrorist offenders (RTO) under the Counter-Terrorism Act 2008. None for
    every other type: violent offenders' notification (CJIA 2008 ss108-110) is not tracked yet,
    and MAPPA category 2 and 3 and PDPs have none [docs/rules.md § Notification requirements]."""
    return {OffenderType.RSO: Regime.SEX_OFFENDER, OffenderType.RTO: Regime.TERRORIST_OFFENDER}.get(
        OffenderType(offender_type)
    )


class NotificationKind(models.TextChoices):
    INITIAL = "initial", "Initial notification"
    CHANGE = "change", "Notification of a change"
    RELEASE = "release", "Notification of release from custody or hospital"
    PERIODIC = "periodic", "Periodic (annual or weekly) notification"
    TRAVEL = "travel", "Notification of foreign travel"
    TRAVEL_RETURN = "travel_return", "Notification of return to the United Kingdom"


class ChangeKind(models.TextChoices):
    """What a change notification reports [docs/rules.md § Changes]."""

    NAME = "name", "A name not notified before"
    HOME_ADDRESS = "home_address", "Home address"
    OTHER_ADDRESS = "other_address", "An address stayed at for 7 days (or 7 days in 12 months)"
    HOUSEHOLD_WITH_CHILD = "household_with_child", "Living or staying 12 hours in a household with a child"
    BANK_ACCOUNT = "bank_account", "Bank account"
    PAYMENT_CARD = "payment_card", "Debit or credit card"
    IDENTITY_DOCUMENT = "identity_document", "Passport or other identity document"
    CONTACT_DETAILS = "contact_details", "Contact details (terrorist offenders)"
    VEHICLE = "vehicle", "A motor vehicle kept or used (terrorist offenders)"


# Changes under SOA 2003 s84(1)(a)-(c) (and CTA 2008 s48 generally) restart the periodic clock;
# the prescribed details (bank, cards, identity documents, a household with a child) do not for
# sex offenders: the Home Office says they are notified under s83(5)(h), not s84, and do not alter
# the annual date. For terrorist offenders the general changes of s48 (contact details, vehicles)
# restart it; financial and identity-document changes (s48A) do not (**choice**, not verified).
_RESTARTING_CHANGES = {
    Regime.SEX_OFFENDER: frozenset({ChangeKind.NAME, ChangeKind.HOME_ADDRESS, ChangeKind.OTHER_ADDRESS}),
    Regime.TERRORIST_OFFENDER: frozenset(
        {
            ChangeKind.NAME,
            ChangeKind.HOME_ADDRESS,
            ChangeKind.OTHER_ADDRESS,
            ChangeKind.CONTACT_DETAILS,
            ChangeKind.VEHICLE,
        }
    ),
}
# Changes only a terrorist offender must notify (CTA 2008 s48(4A)-(4D), inserted in 2019).
TERRORIST_ONLY_CHANGES = frozenset({ChangeKind.CONTACT_DETAILS, ChangeKind.VEHICLE})


class AbsenceKind(models.TextChoices):
    CUSTODY = "custody", "In custody (remanded or serving a sentence)"
    HOSPITAL = "hospital", "Detained in hospital"
    ABROAD = "abroad", "Outside the United Kingdom"
    IMMIGRATION_DETENTION = "immigration_detention", "Detained under the Immigration Acts"


# The time each regime does not count: SOA 2003 s83(6) (custody, hospital, abroad); CTA 2008
# s47(4) (custody, hospital, immigration detention — time abroad counts).
_DISREGARDED = {
    Regime.SEX_OFFENDER: frozenset({AbsenceKind.CUSTODY, AbsenceKind.HOSPITAL, AbsenceKind.ABROAD}),
    Regime.TERRORIST_OFFENDER: frozenset(
        {AbsenceKind.CUSTODY, AbsenceKind.HOSPITAL, AbsenceKind.IMMIGRATION_DETENTION}
    ),
}
# The time that moves a periodic notification falling due in it to 3 days after coming back:
# SOA 2003 s85(3)-(4) (custody, hospital, abroad); CTA 2008 s49(2)-(3) (custody, hospital,
# immigration detention) and s56 (abroad: notification on return, not verified against the text).
_PERIODIC_PAUSED_BY = {
    Regime.SEX_OFFENDER: _DISREGARDED[Regime.SEX_OFFENDER],
    Regime.TERRORIST_OFFENDER: frozenset(AbsenceKind),
}
_DETENTION = frozenset({AbsenceKind.CUSTODY, AbsenceKind.HOSPITAL, AbsenceKind.IMMIGRATION_DETENTION})


@dataclass(frozen=True)
class Absence:
    """A time away that may not count: from `starts_on` to `ends_on`, the last whole day away
    (None while it lasts). A release on 10 March is an absence ending 9 March: the day of
    release is the first day back and counts (**choice**, as `life_course.Spell`)."""

    kind: AbsenceKind
    starts_on: date
    ends_on: date | None = None

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "kind", AbsenceKind(self.kind))
        except ValueError:
            raise RegistrationInputError(f"Unknown absence {self.kind!r}.") from None
        if self.ends_on is not None and self.ends_on < self.starts_on:
            raise RegistrationInputError(
                f"An absence cannot end ({long_date(self.ends_on)}) before it starts "
                f"({long_date(self.starts_on)})."
            )

    def covers(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)

    @property
    def back_on(self) -> date | None:
        """The first day back (the day of release or return); None while still away."""
        return None if self.ends_on is None else self.ends_on + timedelta(days=1)


@dataclass(frozen=True)
class Notification:
    """One notification the offender made, as the rules need it.

    - `notified_on`: the day it was made.
    - `changes`: for a change, what changed; `event_on` the day it changed (for a release, the
      day of release; for a return, the day back in the United Kingdom).
    - `no_fixed_abode`: the home address notified is a place where the offender can regularly be
      found, not a sole or main residence (SOA 2003 s83(7)(b)); only read from notifications that
      state the home address (initial, periodic, release, a change of home address).
    - `departs_on`, `returns_on`: for travel, the planned departure and return.
    """

    kind: NotificationKind
    notified_on: date
    changes: frozenset[ChangeKind] = frozenset()
    event_on: date | None = None
    no_fixed_abode: bool = False
    departs_on: date | None = None
    returns_on: date | None = None

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "kind", NotificationKind(self.kind))
            object.__setattr__(self, "changes", frozenset(ChangeKind(change) for change in self.changes))
        except ValueError as error:
            raise RegistrationInputError(str(error)) from None
        if self.kind == NotificationKind.CHANGE and not self.changes:
            raise RegistrationInputError("A change notification says what changed.")
        if self.kind != NotificationKind.CHANGE and self.changes:
            raise RegistrationInputError(f"Only a change notification lists changes, not {self.kind.label}.")
        if self.kind == NotificationKind.TRAVEL and self.departs_on is None:
            raise RegistrationInputError("A travel notification gives the date of departure.")
        if self.departs_on and self.returns_on and self.returns_on < self.departs_on:
            raise RegistrationInputError("A trip cannot return before it departs.")

    @property
    def states_home_address(self) -> bool:
        return self.kind in (
            NotificationKind.INITIAL,
            NotificationKind.PERIODIC,
            NotificationKind.RELEASE,
        ) or (ChangeKind.HOME_ADDRESS in self.changes)


@dataclass(frozen=True)
class NotificationDue:
    """A notification the offender must make: its kind, the last day it is in time, the day its
    clock started and the rule that set the date (shown to the user, like `due.DueItem.rule`)."""

    kind: NotificationKind
    due_on: date
    counted_from: date
    rule: str


@dataclass(frozen=True)
class TravelDeadline:
    """When notice of a departure is due: on or before `notify_by`, and (where the offender did
    not know the details 7 days before) at least `hours_before` hours before departing."""

    notify_by: date
    hours_before: int | None
    rule: str


# ---------------------------------------------------------------------------------------------
# Single deadlines.


def days_not_counting(
    starts_on: date, days: int, *, away: Iterable[Absence] = (), regime: Regime = Regime.SEX_OFFENDER
) -> date | None:
    """The last day of `days` days beginning with `starts_on`, not counting a day the offender
    spent away in a way the regime disregards. None while the offender is still away with the
    days not yet run: the deadline is not yet known.

    3 days beginning with 1 March end on 3 March; with custody from 1 to 9 March they end on
    12 March (10, 11, 12 March count) [docs/rules.md § Initial notification]."""
    disregarded = [absence for absence in away if absence.kind in _DISREGARDED[Regime(regime)]]
    counted = 0
    day = starts_on
    while True:
        covering = next((absence for absence in disregarded if absence.covers(day)), None)
        if covering is not None:
            if covering.back_on is None:
                return None
            day = covering.back_on
            continue
        counted += 1
        if counted == days:
            return day
        day += timedelta(days=1)


def initial_notification_due(
    relevant_date: date,
    *,
    regime: Regime = Regime.SEX_OFFENDER,
    released_on: date | None = None,
    away: Sequence[Absence] = (),
) -> date | None:
    """The last day for the initial notification: 3 days beginning with the relevant date (the
    day of conviction, finding or caution; for a terrorist offender the day dealt with), not
    counting time away (SOA 2003 s83(1), (6); CTA 2008 s47(1), (4)).

    `released_on`: the offender was in custody from the relevant date and released that day,
    so the 3 days begin with the release. None while the offender is still away."""
    absences = list(away)
    if released_on is not None:
        if released_on <= relevant_date:
            raise RegistrationInputError("A release before the relevant date is not custody on it.")
        absences.append(Absence(AbsenceKind.CUSTODY, relevant_date, released_on - timedelta(days=1)))
    return days_not_counting(relevant_date, national.NOTIFICATION_DAYS, away=absences, regime=regime)


def change_notification_due(
    changed_on: date, *, regime: Regime = Regime.SEX_OFFENDER, away: Sequence[Absence] = ()
) -> date | None:
    """The last day to notify a change (or a release, or a qualifying stay once its 7th day is
    reached): 3 days beginning with the day of the change, not counting time away
    (SOA 2003 s84(1), (5); CTA 2008 s48)."""
    return days_not_counting(changed_on, national.NOTIFICATION_DAYS, away=away, regime=regime)


def periodic_notification_due(
    last_notified_on: date,
    *,
    has_sole_or_main_residence: bool,
    regime: Regime = Regime.SEX_OFFENDER,
    away: Sequence[Absence] = (),
) -> date | None:
    """The last day for the next periodic notification: one year after the last notification
    (the year begins the next day, so 28 February 2023 gives 29 February 2024 and 29 February
    2024 gives 28 February 2025), or 7 days after it with no sole or main residence
    (SOA 2003 s85(1), (5)-(6); CTA 2008 s49).

    When that day falls while the offender is away in a way the regime disregards, it is due
    within 3 days beginning with the first day back (SOA 2003 s85(3)-(4); for a terrorist
    offender in custody or hospital the release notification of s48 replaces it, s49(2)-(3),
    on the same day, and one abroad notifies on return, s56, not verified against the text).
    None while still away."""
    if has_sole_or_main_residence:
        due = last_day_of_period(last_notified_on + timedelta(days=1), national.PERIODIC_NOTIFICATION_MONTHS)
    else:
        due = add_days(last_notified_on, national.PERIODIC_NOTIFICATION_DAYS_NO_FIXED_ABODE)
    covering = next(
        (
            absence
            for absence in away
            if absence.kind in _PERIODIC_PAUSED_BY[Regime(regime)] and absence.covers(due)
        ),
        None,
    )
    if covering is None:
        return due
    if covering.back_on is None:
        return None
    return days_not_counting(covering.back_on, national.NOTIFICATION_DAYS, away=away, regime=regime)


def travel_notification_due(
    departure_on: date, *, details_known_on: date | None = None, regime: Regime = Regime.SEX_OFFENDER
) -> TravelDeadline:
    """When notice of foreign travel is due [docs/rules.md § Foreign travel].

    At least 7 days before the day of departure (notice on 8 March for 15 March is in time).
    Where the offender did not know the details more than 7 days before (`details_known_on`
    later than `departure_on` - 8 days), at least 12 hours before departing (24 hours for a
    terrorist offender, not verified against the text): the date alone cannot decide that, so
    `notify_by` is the day of departure and `hours_before` says how many hours before the
    departure time the service must check. None for `details_known_on` means known in time."""
    regime = Regime(regime)
    seven_days_before = departure_on - timedelta(days=national.TRAVEL_NOTICE_DAYS)
    if details_known_on is None or details_known_on < seven_days_before:
        return TravelDeadline(
            notify_by=seven_days_before,
            hours_before=None,
            rule=f"{_travel_source(regime)}: at least {national.TRAVEL_NOTICE_DAYS} days before departure",
        )
    hours = (
        national.TRAVEL_SHORT_NOTICE_HOURS_SEX_OFFENDER
        if regime == Regime.SEX_OFFENDER
        else national.TRAVEL_SHORT_NOTICE_HOURS_TERRORIST_OFFENDER
    )
    return TravelDeadline(
        notify_by=departure_on,
        hours_before=hours,
        rule=(
            f"{_travel_source(regime)}: details not known {national.TRAVEL_NOTICE_DAYS} days "
            f"before, so at least {hours} hours before departure"
        ),
    )


def travel_must_be_notified(*, regime: Regime, trip_days: int | None) -> bool:
    """Whether a trip abroad must be notified: every trip for a sex offender (2012 Regulations);
    for a terrorist offender a trip of 3 days or more (2009 Regulations). `trip_days`: the days
    away, None when not known (then it must be notified)."""
    if Regime(regime) == Regime.SEX_OFFENDER or trip_days is None:
        return True
    return trip_days >= national.TERRORIST_TRAVEL_MIN_DAYS


def travel_return_due(returned_on: date) -> date:
    """The last day to notify a return to the United Kingdom: 3 days beginning with the day
    back, for either regime (not verified against the text of the travel regulations;
    CTA 2008 s56)."""
    return last_day_of_days(returned_on, national.NOTIFICATION_DAYS)


def address_verification_due(notified_on: date, policy: Policy) -> date:
    """**Force setting**: the visit verifying a newly notified home address is due
    `address_verification_days` (default 10) after the notification, day 0 being the day it
    was notified [docs/rules.md § Address verification and travel follow-up]."""
    return add_days(notified_on, policy.address_verification_days)


def travel_return_follow_up_due(planned_return_on: date, policy: Policy) -> date:
    """**Force setting**: the last day a traveller's return notification is awaited before the
    unit follows it up: the planned return date plus `travel_return_grace_days` (default 3)
    [docs/rules.md § Address verification and travel follow-up]."""
    return add_days(planned_return_on, policy.travel_return_grace_days)


def travel_return_overdue_on(planned_return_on: date, policy: Policy) -> date:
    """The first day a traveller who has not notified their return is overdue and the notice is
    sent: the day after `travel_return_follow_up_due`."""
    return travel_return_follow_up_due(planned_return_on, policy) + timedelta(days=1)


def notification_deadline(
    notification: Notification, *, regime: Regime = Regime.SEX_OFFENDER, away: Sequence[Absence] = ()
) -> date | None:
    """The last day a change, release or return notification was due, from the day of the event
    it reports (`event_on`); None when there is no event date or no statutory deadline (initial,
    periodic and travel deadlines come from the history, see `notifications_due`)."""
    if notification.event_on is None:
        return None
    if notification.kind in (NotificationKind.CHANGE, NotificationKind.RELEASE):
        return change_notification_due(notification.event_on, regime=regime, away=away)
    if notification.kind == NotificationKind.TRAVEL_RETURN:
        return travel_return_due(notification.event_on)
    return None


def days_late(
    notification: Notification, *, regime: Regime = Regime.SEX_OFFENDER, away: Sequence[Absence] = ()
) -> int:
    """Whole days a change, release or return notification was made after its deadline; 0 when
    in time or when it has none. A change of home address on 1 March notified on 5 March is
    2 days late (due by 3 March)."""
    deadline = notification_deadline(notification, regime=regime, away=away)
    if deadline is None:
        return 0
    return max(0, (notification.notified_on - deadline).days)


# ---------------------------------------------------------------------------------------------
# What is due next, from the history.


@dataclass(frozen=True)
class RegistrationFacts:
    """An offender's notification position, as plain values.

    - `regime`: `Regime` (see `regime_for`).
    - `relevant_date`: the relevant date of the conviction, finding or caution that started the
      requirements (for a terrorist offender, the day dealt with).
    - `notifications`: every notification made, any order.
    - `away`: times in custody, in hospital, abroad or in immigration detention, past and
      current (a current one has no end).
    - `period_last_day`: the last day of the notification period
      (`notification.NotificationPosition.last_day` when it has a fixed end); None when it has
      no fixed end. Nothing falls due after it.
    - `initial_required`: False when the offender need not notify again for this conviction
      because they are already subject and have notified (SOA 2003 s83(2); CTA 2008 s47(5)).
    - `history_from`: the day from which the unit holds the offender's notification history
      (None: all of it). An initial notification due before that day, and not on record, was
      made before the history began: it is not due, and releases count from that day.
    """

    regime: Regime
    relevant_date: date
    notifications: Sequence[Notification] = ()
    away: Sequence[Absence] = ()
    period_last_day: date | None = None
    initial_required: bool = True
    history_from: date | None = None

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "regime", Regime(self.regime))
        except ValueError:
            raise RegistrationInputError(f"Unknown regime {self.regime!r}.") from None
        object.__setattr__(
            self, "notifications", tuple(sorted(self.notifications, key=lambda n: n.notified_on))
        )
        object.__setattr__(self, "away", tuple(sorted(self.away, key=lambda a: a.starts_on)))
        for notification in self.notifications:
            if self.regime == Regime.SEX_OFFENDER and notification.changes & TERRORIST_ONLY_CHANGES:
                raise RegistrationInputError(
                    "Contact details and vehicles are notified only by terrorist offenders (CTA 2008 s48)."
                )


def notifications_due(facts: RegistrationFacts, policy: Policy = DEFAULT_POLICY) -> list[NotificationDue]:
    """What the offender must notify next, each with its last day and the rule that set it,
    earliest first [docs/rules.md § What is due next].

    - **Initial**, until one is made on or after the relevant date (unless not required).
    - **Release**, after the latest release from custody or hospital that came after the
      initial notification, until a notification is made on or after the release.
    - **Periodic**, from the last notification that restarts the clock (initial, release,
      periodic, a change of name or address, for a terrorist offender a return), weekly when the
      last home address notified was not a sole or main residence. For a terrorist offender in
      custody or hospital on the due day, the release notification replaces it.
    - **Travel return**, after the latest notified trip with no return notified since it
      departed: its statutory deadline is unknown until the offender is back, so the item
      carries the force's follow-up date (planned return plus the grace days).

    Nothing is due while its clock has not started (still in custody, say) or after the
    notification period's last day: a deadline after `period_last_day` is dropped. Change
    notifications are prompted by events the police learn of with them, so they are never
    listed as due; `days_late` judges them once made."""
    release = _release(facts)
    periodic = [
        item
        for item in _periodic(facts)
        # A terrorist offender's periodic notification replaced by the release notification.
        if not any(item.kind == r.kind and item.due_on == r.due_on for r in release)
    ]
    items = [*_initial(facts), *release, *periodic, *_travel_return(facts, policy)]
    if facts.period_last_day is not None:
        items = [item for item in items if item.due_on <= facts.period_last_day]
    return sorted(items, key=lambda item: (item.due_on, item.kind))


def _travel_return(facts: RegistrationFacts, policy: Policy) -> list[NotificationDue]:
    """The return notification awaited after the latest notified trip, dated by the force's
    follow-up rule (`travel_return_follow_up_due`); none once a return has been notified on or
    after the departure."""
    trips = [n for n in facts.notifications if n.kind == NotificationKind.TRAVEL]
    if not trips:
        return []
    trip = trips[-1]
    departs_on = trip.departs_on
    assert departs_on is not None  # Notification requires it for travel
    returned = any(
        n.kind == NotificationKind.TRAVEL_RETURN and n.notified_on >= departs_on for n in facts.notifications
    )
    if returned or trip.returns_on is None:
        return []
    due_on = travel_return_follow_up_due(trip.returns_on, policy)
    return [
        NotificationDue(
            kind=NotificationKind.TRAVEL_RETURN,
            due_on=due_on,
            counted_from=trip.returns_on,
            rule=(
                f"Force setting: return from abroad notified within {policy.travel_return_grace_days} days "
                f"of the planned return ({long_date(trip.returns_on)})"
            ),
        )
    ]


def _source(regime: Regime, soa: str, cta: str) -> str:
    return (
        f"Sexual Offences Act 2003 {soa}"
        if regime == Regime.SEX_OFFENDER
        else f"Counter-Terrorism Act 2008 {cta}"
    )


def _travel_source(regime: Regime) -> str:
    return (
        "SOA 2003 s86 and the 2012 Regulations"
        if regime == Regime.SEX_OFFENDER
        else "CTA 2008 s52 and the 2009 Regulations"
    )


def _initial_made(facts: RegistrationFacts) -> Notification | None:
    return next(
        (
            n
            for n in facts.notifications
            if n.kind == NotificationKind.INITIAL and n.notified_on >= facts.relevant_date
        ),
        None,
    )


def _initial_before_history(facts: RegistrationFacts) -> bool:
    """Whether the initial notification fell due before the unit's history begins (so it was
    made, or missed, before then: not the unit's to chase)."""
    if facts.history_from is None:
        return False
    due_on = initial_notification_due(facts.relevant_date, regime=facts.regime, away=facts.away)
    return due_on is not None and due_on < facts.history_from


def _initial(facts: RegistrationFacts) -> list[NotificationDue]:
    if not facts.initial_required or _initial_made(facts) is not None or _initial_before_history(facts):
        return []
    due_on = initial_notification_due(facts.relevant_date, regime=facts.regime, away=facts.away)
    if due_on is None:
        return []
    return [
        NotificationDue(
            kind=NotificationKind.INITIAL,
            due_on=due_on,
            counted_from=facts.relevant_date,
            rule=(
                f"{_source(facts.regime, 's83(1)', 's47(1)')}: initial notification within 3 days of the "
                f"{'relevant date' if facts.regime == Regime.SEX_OFFENDER else 'day dealt with'}, time in "
                f"{_away_words(facts.regime)} not counted"
            ),
        )
    ]


def _latest_release(facts: RegistrationFacts) -> date | None:
    releases = [
        absence.back_on
        for absence in facts.away
        if absence.kind in _DETENTION and absence.back_on is not None
    ]
    return max(releases) if releases else None


def _release(facts: RegistrationFacts) -> list[NotificationDue]:
    initial = _initial_made(facts)
    release = _latest_release(facts)
    if release is None:
        return []
    # Before the initial notification, the initial one (counted without the custody) covers it;
    # made before the unit's history began, releases count from that day.
    first_notified = initial.notified_on if initial is not None else None
    if first_notified is None and _initial_before_history(facts):
        first_notified = facts.history_from
    if first_notified is None or release <= first_notified:
        return []
    if any(n.notified_on >= release and _restarts(n, facts.regime) for n in facts.notifications):
        return []
    due_on = change_notification_due(release, regime=facts.regime, away=facts.away)
    if due_on is None:
        return []
    return [
        NotificationDue(
            kind=NotificationKind.RELEASE,
            due_on=due_on,
            counted_from=release,
            rule=f"{_source(facts.regime, 's84(1)(d)', 's48(4)')}: release notified within 3 days",
        )
    ]


def _restarts(notification: Notification, regime: Regime) -> bool:
    """Whether a notification starts the periodic year (or week) again (SOA 2003 s85(2);
    CTA 2008 s49(1))."""
    if notification.kind in (NotificationKind.INITIAL, NotificationKind.RELEASE, NotificationKind.PERIODIC):
        return True
    if notification.kind == NotificationKind.CHANGE:
        return bool(notification.changes & _RESTARTING_CHANGES[regime])
    # CTA 2008 s49 counts from a notification on return after absence from the UK (s56).
    return notification.kind == NotificationKind.TRAVEL_RETURN and regime == Regime.TERRORIST_OFFENDER


def _periodic(facts: RegistrationFacts) -> list[NotificationDue]:
    if _initial_made(facts) is None and facts.initial_required and not _initial_before_history(facts):
        return []
    restarting = [n for n in facts.notifications if _restarts(n, facts.regime)]
    if not restarting:
        return []
    last = restarting[-1]
    home = [n for n in facts.notifications if n.states_home_address]
    no_fixed_abode = bool(home) and home[-1].no_fixed_abode
    due_on = periodic_notification_due(
        last.notified_on, has_sole_or_main_residence=not no_fixed_abode, regime=facts.regime, away=facts.away
    )
    if due_on is None:
        return []
    if no_fixed_abode:
        source = _source(facts.regime, "s85(5)-(6) and the 2012 Regulations", "s49, not verified")
        period = f"within 7 days ({source}): no sole or main residence"
    else:
        period = f"within one year ({_source(facts.regime, 's85(1)', 's49(1)')})"
    straight = periodic_notification_due(last.notified_on, has_sole_or_main_residence=not no_fixed_abode)
    assert straight is not None  # with nothing away there is always a date
    kind = NotificationKind.PERIODIC
    extended = ""
    if due_on != straight:
        covering = next(
            a for a in facts.away if a.kind in _PERIODIC_PAUSED_BY[facts.regime] and a.covers(straight)
        )
        if facts.regime == Regime.TERRORIST_OFFENDER and covering.kind in _DETENTION:
            kind = NotificationKind.RELEASE
            extended = (
                "; detained on the due day, so the release notification replaces it (CTA 2008 s49(2)-(3))"
            )
        else:
            extended = f"; {covering.kind.label.lower()} on the due day, so within 3 days of coming back"
    return [
        NotificationDue(
            kind=kind,
            due_on=due_on,
            counted_from=last.notified_on,
            rule=f"Periodic notification {period} of the last notification{extended}",
        )
    ]


def _away_words(regime: Regime) -> str:
    if regime == Regime.SEX_OFFENDER:
        return "custody, hospital or abroad"
    return "custody, hospital or immigration detention"
