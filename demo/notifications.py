"""Each registered offender's notifications to the police, as the unit holds them from the start
of its management [docs/rules.md § Notification requirements]: the initial notification when it
fell due within that history (on release, when the conviction brought custody), a periodic one
about every year (weekly for the few with no fixed abode), changes of home address placed shortly
before a visit that saw the offender (the visit verifying the new address), other changes, a few
trips abroad with their return, and a release notification after any release during the history.

Nothing is notified before the history begins, after the notification period or the case ended,
while in custody or hospital, or after an offender went missing, was wanted or left the country.
A small share is late or missed, so the demo has something to act on: about 3% of nominals in the
community overdue for their periodic notification, about 1% with a change notified a few days
late, and a couple of travellers who have not notified their return.

Dates are ordinals, as in the rest of the generator. The notifications are drawn in time against
the rules' own deadlines (`rules.registration`): the due engine finds them consistent.
"""

import datetime

from demo import text
from demo.copying import FALSE, NULL, TRUE
from demo.dates import add_months, iso, stamp
from rules.choices import OffenderStatus
from rules.registration import (
    Absence,
    AbsenceKind,
    ChangeKind,
    NotificationKind,
    Regime,
    initial_notification_due,
    regime_for,
)

INITIAL, CHANGE, RELEASE, PERIODIC, TRAVEL, TRAVEL_RETURN = (str(kind) for kind in NotificationKind)
HOME = str(ChangeKind.HOME_ADDRESS)
MINOR_CHANGES = {
    Regime.SEX_OFFENDER: (
        str(ChangeKind.BANK_ACCOUNT),
        str(ChangeKind.PAYMENT_CARD),
        str(ChangeKind.IDENTITY_DOCUMENT),
    ),
    Regime.TERRORIST_OFFENDER: (
        str(ChangeKind.BANK_ACCOUNT),
        str(ChangeKind.PAYMENT_CARD),
        str(ChangeKind.IDENTITY_DOCUMENT),
        str(ChangeKind.CONTACT_DETAILS),
        str(ChangeKind.VEHICLE),
    ),
}
# The kinds that restart the periodic year for either regime (SOA 2003 s85(2); CTA 2008 s49):
# the generator counts the year only from these, which is never later than the rules count it.
RESTARTS = frozenset({INITIAL, RELEASE, PERIODIC})
GONE = (OffenderStatus.WANTED, OffenderStatus.MISSING, OffenderStatus.ABROAD)

# Shares, per nominal or per year of history.
MOVES_A_YEAR = 0.07
MINOR_CHANGES_A_YEAR = 0.08
TRIPS_A_YEAR = 0.03
NO_FIXED_ABODE = 0.015
LATE_CHANGE = 0.01
# Of the nominals whose last periodic notification was made in the last few months, the share
# that missed it (about 3% of all nominals in the community end up overdue).
MISSED_PERIODIC = 0.09
MISSED_RETURN = 0.0015


class Note:
    """One notification as generated (ordinal days)."""

    __slots__ = ("kind", "day", "changes", "event", "address", "nfa", "departs", "returns", "details")

    def __init__(
        self, kind, day, *, changes=(), event=None, address="", nfa=False, departs=None, returns=None
    ):
        self.kind, self.day, self.changes, self.event = kind, day, changes, event
        self.address, self.nfa, self.departs, self.returns = address, nfa, departs, returns
        self.details = ""


class NotificationWriter:
    """Draws and writes each registered offender's notifications; sets `case.history_from` (for
    every offender)."""

    def __init__(self, rng, today: int, tables, ids):
        self.rng, self.rnd, self.today = rng, rng.random, today
        self.t, self.ids = tables, ids

    def between(self, low: int, high: int) -> int:
        return low + int(self.rnd() * (high - low + 1)) if high > low else low

    def pick(self, options):
        return options[int(self.rnd() * len(options))]

    def _id(self) -> int:
        value = self.ids["notification"]
        self.ids["notification"] = value + 1
        return value

    def _address(self) -> str:
        return f"{self.between(1, 140)} {self.pick(text.STREETS)}, {self.pick(text.NOTIFICATION_TOWNS)}"

    # ------------------------------------------------------------------ planning

    def write(self, case, author_at, team_managers) -> None:
        # As `offender_register`: the unit holds the history from the start of its management.
        case.history_from = start = case.managed_since
        regime = regime_for(case.offender_type)
        if regime is None:
            return
        spells = [
            (
                datetime.date.fromisoformat(begins).toordinal(),
                None if ends is None else datetime.date.fromisoformat(ends).toordinal() + 1,
            )
            for begins, ends in case.derived["away_spells"]
        ]
        stop = self._last_day(case, spells)
        notes = self._plan(case, regime, start, stop, spells)
        self._write(case, notes, author_at, team_managers)

    def _last_day(self, case, spells) -> int:
        """The last day the offender could notify: today, or before the case closed, the
        notification ended, they went missing, wanted or abroad, or a current custody or hospital
        spell began."""
        stop = self.today
        if case.closed_on is not None:
            stop = min(stop, case.closed_on - 1)
        ends = case.derived["notification_ends_on"]
        if ends is not None:
            stop = min(stop, ends.toordinal())
        if case.status in GONE and case.visits_end is not None:
            stop = min(stop, case.visits_end - 1)
        for begins, back in spells:
            if back is None:
                stop = min(stop, begins - 1)
        return stop

    def _plan(self, case, regime, start, stop, spells) -> list[Note]:
        """The first notification, releases, a time with no fixed abode, moves and other changes,
        then the periodic ones between them, trips in the gaps, and the few missed or away."""
        rnd, between = self.rnd, self.between
        relevant = case.relevant
        address = self._address()
        notes: list[Note] = []
        first = self._first(case, regime, start, stop, spells, address)
        if first is None:
            return notes
        notes.append(first)
        # Abroad now (or a traveller who has not notified their return): nothing after leaving.
        visits = case.visits
        abroad_from = None
        if case.status == OffenderStatus.ABROAD and case.visits_end is not None:
            abroad_from = case.visits_end
        elif case.status == OffenderStatus.COMMUNITY and stop == self.today and rnd() < MISSED_RETURN:
            last_visit = visits[-1][0] if visits else start
            if last_visit <= self.today - 40:
                abroad_from = between(last_visit + 3, self.today - 20)
        chain_stop = stop if abroad_from is None else min(stop, abroad_from - 1)
        for begins, back in spells:
            if back is None or back <= first.day or begins > chain_stop:
                continue
            # A release during the history: notified within 3 days beginning with the day back.
            if back > chain_stop:
                chain_stop = begins - 1
                break
            notes.append(
                Note(
                    RELEASE,
                    min(chain_stop, back + between(0, 2)),
                    event=back,
                    address=self._address(),
                )
            )
        nfa_span = None
        if rnd() < NO_FIXED_ABODE:
            nfa_span = self._no_fixed_abode(notes, visits, first.day, chain_stop)
        self._moves(notes, visits, first.day, chain_stop, nfa_span, relevant)
        self._minor_changes(notes, regime, first.day, chain_stop, nfa_span)
        notes.sort(key=lambda note: note.day)
        notes = self._periodic(notes, chain_stop, spells)
        self._trips(notes, visits, first.day, chain_stop)
        if abroad_from is not None:
            self._gone_abroad(notes, case, abroad_from, start)
        elif case.status == OffenderStatus.COMMUNITY and stop == self.today:
            self._missed_periodic(notes)
        # Nothing is notified from custody or hospital (the release notification comes after).
        notes = [
            note
            for note in notes
            if note.kind == RELEASE
            or not any(begins <= note.day and (back is None or note.day < back) for begins, back in spells)
        ]
        notes.sort(key=lambda note: note.day)
        return notes

    def _first(self, case, regime, start, stop, spells, address) -> Note | None:
        """The first notification the unit holds: the initial one if it fell due within the
        history (after the release, when the conviction brought custody), else a change of home
        address on moving into the area, else the periodic one carried over from before."""
        between = self.between
        relevant = case.relevant
        if relevant + 2 >= start:
            away = [
                Absence(
                    AbsenceKind.CUSTODY,
                    datetime.date.fromordinal(begins),
                    None if back is None else datetime.date.fromordinal(back - 1),
                )
                for begins, back in spells
            ]
            due = initial_notification_due(datetime.date.fromordinal(relevant), regime=regime, away=away)
            if due is None or due.toordinal() < start:
                return None if due is None else self._carried_over(start, stop, address)
            day = between(max(start, relevant), min(stop, due.toordinal()))
            if day > stop:
                return None
            note = Note(INITIAL, day, address=address)
            note.details = text.NOTIFICATION_DETAILS["initial"][1]
            return note
        if case.released is not None and case.released + 2 >= start:
            day = between(start, min(stop, case.released + 2))
            if day > stop:
                return None
            note = Note(INITIAL, day, address=address)
            note.details = text.NOTIFICATION_DETAILS["initial"][0]
            return note
        # Moved into the area: the change of home address, verified by the first visit.
        seen_soon = any(verified and start + 2 < day <= start + 30 for day, verified in case.visits)
        if case.moved_in == start and seen_soon and start + 2 <= stop:
            return Note(CHANGE, start + between(0, 2), changes=(HOME,), event=start, address=address)
        return self._carried_over(start, stop, address)

    def _carried_over(self, start, stop, address) -> Note | None:
        """The periodic notification the unit first holds, its date carried over from before the
        history (within the first year, and before the history ends)."""
        if stop < start:
            return None
        return Note(PERIODIC, start + self.between(0, min(330, stop - start)), address=address)

    def _no_fixed_abode(self, notes, visits, first, stop) -> tuple[int, int] | None:
        """A time with no fixed abode: notified as a change of home address shortly before a visit
        that saw the offender, then weekly periodic notifications, until a change back to a home
        notified before the next such visit (or still now). Returns its first and last days."""
        between = self.between
        seen = [day for day, verified in visits if verified and first + 40 <= day <= stop]
        if not seen:
            return None
        at = int(self.rnd() * len(seen))
        begins = seen[at] - between(1, 9)
        later = [day for day in seen[at + 1 :] if 28 <= day - seen[at] <= 150]
        if later:
            ends = later[0] - between(8, 14)
        elif stop - begins <= 140:
            ends = stop  # still with no fixed abode
        else:
            return None
        place = self.pick(text.NO_FIXED_ABODE_PLACES)
        notes.append(
            Note(CHANGE, begins, changes=(HOME,), event=begins - between(0, 2), address=place, nfa=True)
        )
        day = begins
        while day + 7 <= ends:
            day += between(5, 7)
            weekly = Note(PERIODIC, day, address=place, nfa=True)
            weekly.details = self.pick(text.NOTIFICATION_DETAILS["weekly"])
            notes.append(weekly)
        if ends < stop:
            home = between(day + 1, day + 7)
            notes.append(Note(CHANGE, home, changes=(HOME,), event=home, address=self._address()))
        return begins, ends

    def _moves(self, notes, visits, first, stop, nfa_span, relevant) -> None:
        """Changes of home address, each notified shortly before a visit that saw the offender
        (and so verified it), most within the force's 10 days."""
        rnd = self.rnd
        seen = [day for day, verified in visits if verified and first + 40 <= day <= stop]
        if not seen:
            return
        years = (stop - first) / 365
        moves = sum(1 for _ in range(int(years) + 1) if rnd() < MOVES_A_YEAR * min(1.0, years))
        for _ in range(moves):
            visit = self.pick(seen)
            day = visit - (self.between(1, 9) if rnd() < 0.85 else self.between(10, 30))
            if nfa_span and nfa_span[0] - 7 <= day <= nfa_span[1] + 7:
                continue
            moved = max(relevant, day - self.between(0, 2))
            notes.append(Note(CHANGE, day, changes=(HOME,), event=moved, address=self._address()))

    def _minor_changes(self, notes, regime, first, stop, nfa_span) -> None:
        """Bank accounts, cards, identity documents (and a terrorist offender's contact details and
        vehicles), notified in time but for the odd nominal's last one, a few days late."""
        rnd, between = self.rnd, self.between
        if stop <= first:
            return
        years = (stop - first) / 365
        count = sum(1 for _ in range(int(years) + 1) if rnd() < MINOR_CHANGES_A_YEAR * min(1.0, years))
        late = rnd() < LATE_CHANGE
        if late:
            count += 1
        for number in range(count):
            day = between(first + 1, stop)
            if nfa_span and nfa_span[0] <= day <= nfa_span[1]:
                continue
            kinds = [self.pick(MINOR_CHANGES[regime])]
            if rnd() < 0.2:
                kinds.append(self.pick(MINOR_CHANGES[regime]))
            # The last one of a late nominal's: changed a few days before the 3 days ran out.
            changed = day - (2 + between(1, 6) if late and number == count - 1 else between(0, 2))
            notes.append(Note(CHANGE, day, changes=tuple(sorted(set(kinds))), event=max(first, changed)))

    def _periodic(self, notes: list[Note], stop: int, spells) -> list[Note]:
        """Periodic notifications filling the years between the others: each made up to a month
        before the year from the last notification that restarts it runs out (a change of home
        address restarts it too; a weekly one with no fixed abode is already in the notes).
        None while in custody or hospital: the release notification restarts the year."""
        rnd, between = self.rnd, self.between
        kept = [note for note in notes if note.day <= stop]
        result: list[Note] = []
        last = None
        for note in [*kept, None]:
            until = stop + 1 if note is None else note.day
            while last is not None and not last.nfa:
                day = add_months(last.day, 12) - between(0, 30)
                if day >= until or any(
                    begins <= day and (back is None or day < back) for begins, back in spells
                ):
                    break
                last = Note(PERIODIC, day, address=self._address() if rnd() < 0.02 else last.address)
                result.append(last)
            if note is None:
                break
            result.append(note)
            if note.kind in RESTARTS or HOME in note.changes:
                if not note.address:
                    note.address = last.address if last is not None else self._address()
                last = note
        return result

    def _trips(self, notes, visits, first, stop) -> None:
        """A few trips abroad, each between two visits with no other notification while away,
        notified at least 7 days before departure, the return within 3 days of coming back."""
        rnd, between = self.rnd, self.between
        years = (stop - first) / 365
        if len(visits) < 2 or years <= 0:
            return
        for _ in range(int(years) + 1):
            if rnd() >= TRIPS_A_YEAR * min(1.0, years):
                continue
            at = int(rnd() * (len(visits) - 1))
            before, after = visits[at][0], visits[at + 1][0]
            if after - before < 30:
                continue
            departs = between(before + 4, after - 20)
            returns = departs + between(4, 14)
            notified = departs - between(7, 35)
            back_notified = returns + between(0, 2)
            if notified < first or back_notified > stop:
                continue
            if any(notified <= note.day <= back_notified + 3 for note in notes):
                continue
            trip = Note(TRAVEL, notified, departs=departs, returns=returns)
            notes.append(trip)
            notes.append(Note(TRAVEL_RETURN, back_notified, event=returns))

    def _gone_abroad(self, notes, case, departs, start) -> None:
        """The trip of a nominal abroad now: notified before leaving; the return date unknown
        or still to come, or (a couple of them) passed with no return notified."""
        earlier_trips = [note.day for note in notes if note.kind in (TRAVEL, TRAVEL_RETURN)]
        notified = max(departs - self.between(7, 30), start, max(earlier_trips, default=start) + 1)
        if notified > departs:
            return
        if case.status == OffenderStatus.ABROAD:
            returns = None if self.rnd() < 0.6 else self.today + self.between(10, 200)
        else:
            returns = min(self.today - 5, departs + self.between(5, 14))
        notes.append(Note(TRAVEL, notified, departs=departs, returns=returns))

    def _missed_periodic(self, notes: list[Note]) -> None:
        """A few in the community missed their last periodic notification: it is left out when
        the one before it was due in the last few months, so it is overdue today."""
        restarting = [note for note in notes if note.kind in RESTARTS or HOME in note.changes]
        if len(restarting) < 2 or restarting[-1].kind != PERIODIC or restarting[-1].nfa:
            return
        due = add_months(restarting[-2].day, 12)
        if self.today - 120 <= due < self.today and self.rnd() < MISSED_PERIODIC:
            notes.remove(restarting[-1])

    # ------------------------------------------------------------------ writing

    def _write(self, case, notes, author_at, team_managers) -> None:
        rnd, pick = self.rnd, self.pick
        add = self.t["notification"].add
        home_station = text.POLICE_STATIONS[case.team.id % len(text.POLICE_STATIONS)]
        details = text.NOTIFICATION_DETAILS
        for note in notes:
            day = note.day
            officer = author_at(day)
            taken_by = pick(team_managers) if rnd() < 0.15 else officer
            states_home = note.kind in RESTARTS or HOME in note.changes
            travel = note.kind == TRAVEL
            add(
                str(self._id()),
                str(case.id),
                note.kind,
                iso(day),
                home_station if rnd() < 0.9 else pick(text.POLICE_STATIONS),
                str(taken_by),
                "{" + ",".join(note.changes) + "}",
                NULL if note.event is None else iso(note.event),
                note.address if states_home else "",
                TRUE if note.nfa and states_home else FALSE,
                note.details or pick(details[note.kind]),
                NULL if note.departs is None else iso(note.departs),
                NULL if note.returns is None else iso(note.returns),
                pick(text.DESTINATIONS) if travel else "",
                pick(text.CARRIERS) if travel else "",
                str(officer),
                stamp(day),
            )


NOTIFICATION_TABLES = {
    "notification": (
        "offenders.RegistrationNotification",
        (
            "id",
            "offender_id",
            "kind",
            "notified_on",
            "place",
            "taken_by_id",
            "changes",
            "event_on",
            "home_address",
            "no_fixed_abode",
            "details",
            "departs_on",
            "returns_on",
            "destination",
            "carrier",
            "recorded_by_id",
            "created_at",
        ),
    ),
}
