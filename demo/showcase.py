"""Showcase nominals: a few invented offenders whose whole life course is recorded through the
real services after the bulk load, so the demo holds every kind of life event and shows how
each moves status, lead agency and notification (docs/rules.md § Life course).

They all have the surname "Showcase" (search the caseload for it) and belong to the demo
offender manager (om.0001) in the first force. Each event is recorded on the day it happened,
after the nightly run has recorded what came due by date before it (`offender_reassess`);
a last run on the demo's `today` brings them up to date.
"""

import datetime
from dataclasses import dataclass, field

from demo.text import HANDOVER_NOTES, OTHER_FORCES, VIOLENT_ORDER_CONDITIONS
from offenders import changes
from offenders.life_events import EventDetails, life_event_record, offender_reassess
from offenders.models import Offender, Order
from offenders.registration import NotificationContent, notification_record
from offenders.services import offender_register, probation_assessment_record
from risk.content import ArmsContent
from risk.services import arms_save, arms_submit
from rules.choices import Disposal, OffenderType, OrderKind, RiskLevel
from rules.dates import add_months, add_years
from rules.life_course import EventKind
from rules.registration import ChangeKind, NotificationKind
from workforce.models import Force, Role, Staff

SURNAME = "Showcase"
COURT = "Wexmoor Crown Court"
STATION = "Testbridge Police Station"


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@dataclass
class Story:
    """One nominal's life course as it is recorded, event by event, on the day it happened."""

    offender: Offender
    officer: Staff
    today: datetime.date
    orders: dict[str, Order] = field(default_factory=dict)

    def record(self, kind: EventKind, on: datetime.date, **details) -> None:
        # What the nightly run would have recorded by date before this day comes first.
        offender_reassess(offender=self.offender, today=on)
        row = life_event_record(
            offender=self.offender,
            details=EventDetails(kind=kind, occurred_on=on, **details),
            acting_user=self.officer,
            today=on,
        )
        if kind == EventKind.CIVIL_ORDER_MADE:
            self.orders[details["order_kind"]] = row.order

    def assessed(self, on: datetime.date, level: str) -> None:
        """A police ARMS written and submitted for review (so the level is the police's)."""
        assessment = arms_save(
            offender=self.offender,
            content=ArmsContent(assessed_on=on, risk_level=level),
            acting_user=self.officer,
            today=on,
        )
        arms_submit(assessment=assessment, acting_user=self.officer, today=on)

    def up_to_date(self) -> None:
        offender_reassess(offender=self.offender, today=self.today)

    def notifies(self, *, until: datetime.date, moved_on: datetime.date | None = None) -> None:
        """The offender's notifications from the start of the unit's history to `until`, each
        recorded on the day it was made [docs/rules.md § Notification requirements]: a periodic
        one about every year, a release notification the day after each release, none while in
        custody; and a change of home address notified the day after a move on `moved_on`."""
        self.offender.refresh_from_db()
        spells = [
            (
                datetime.date.fromisoformat(begins),
                datetime.date.fromisoformat(ends) + _days(1) if ends else None,
            )
            for begins, ends in self.offender.away_spells
        ]
        day = self.offender.managed_since + _days(30)
        while day <= until:
            away = next(
                (spell for spell in spells if spell[0] <= day and (spell[1] is None or day < spell[1])), None
            )
            if away is not None:
                back = away[1]
                if back is None or back + _days(1) > until:
                    break
                self._notified(NotificationKind.RELEASE, back + _days(1), event_on=back)
                day = back + _days(351)
                continue
            self._notified(NotificationKind.PERIODIC, day)
            following = day + _days(350)
            day = min([following, *(begins for begins, _ in spells if day < begins <= following)])
        if moved_on is not None:
            self._notified(
                NotificationKind.CHANGE,
                moved_on + _days(1),
                event_on=moved_on,
                changes=(ChangeKind.HOME_ADDRESS,),
                home_address="27 Makebelieve Close, Sampleford",
            )

    def _notified(self, kind: NotificationKind, on: datetime.date, **content) -> None:
        content.setdefault("home_address", "14 Imaginary Lane, Testbridge")
        if kind == NotificationKind.CHANGE and ChangeKind.HOME_ADDRESS not in content["changes"]:
            content["home_address"] = ""
        notification_record(
            offender=self.offender,
            content=NotificationContent(
                kind=kind, notified_on=on, place=STATION, taken_by=self.officer, **content
            ),
            acting_user=self.officer,
            today=on,
        )


def add_showcase_nominals(*, force: Force, today: datetime.date) -> list[Offender]:
    """Register and walk the showcase nominals (module docstring); between them they have every
    `EventKind` at least once, and one is led by probation with probation's assessment and no
    police ARMS. Their outstanding work is recomputed with everyone else's (the outbox)."""
    officer = (
        Staff.objects.filter(force=force, role=Role.OFFENDER_MANAGER, is_active=True)
        .order_by("username")
        .first()
    )
    stories = (_custody_and_licence, _orders_and_probation, _whereabouts, _between_forces, _deceased, _review)
    nominals = []
    with changes.deferred():
        for number, story in enumerate(stories, start=1):
            nominals.append(story(_register(officer, today, number), today))
    return nominals


def _register(officer: Staff, today: datetime.date, number: int):
    def register(first_name: str, *, years_ago: int, born_years_ago: int, **facts) -> Story:
        managed_since = add_years(today, -years_ago)
        facts.setdefault("offender_type", OffenderType.RSO)
        offender = offender_register(
            team=officer.team,
            offender_manager=officer,
            reference=f"VSR-{officer.force.code}-SHOW{number:02d}",
            first_name=first_name,
            last_name=SURNAME,
            date_of_birth=add_years(today, -born_years_ago) - _days(97 * number),
            mappa_category=1 if facts["offender_type"] == OffenderType.RSO else 2,
            mappa_level=1,
            managed_since=managed_since,
            today=managed_since,
            acting_user=officer.supervisor,
            **facts,
        )
        return Story(offender=offender, officer=officer, today=today)

    return register


def _custody_and_licence(register, today: datetime.date) -> Offender:
    """Remanded, convicted and sentenced to two consecutive terms (an aggregate of 48 months:
    indefinite notification), released on licence, recalled, released again; the licence ends
    by date and the police take the lead with 15 days for a new ARMS and RMP."""
    relevant = add_years(today, -8)
    story = register(
        "Thadulon",
        years_ago=7,
        born_years_ago=44,
        disposal=Disposal.CUSTODY,
        sentence_months=10,
        relevant_date=relevant,
        released_on=add_months(relevant, 5),
        licence_ends_on=add_months(relevant, 10),
    )
    remanded = add_years(today, -5)
    sentenced = remanded + _days(75)
    licence_ends = add_months(sentenced, 48) - _days(1)
    story.record(EventKind.REMANDED, remanded)
    story.record(EventKind.CONVICTED, remanded + _days(45))
    story.record(EventKind.SENTENCED, sentenced, disposal=Disposal.CUSTODY, sentence_months=30)
    story.record(
        EventKind.SENTENCED,
        sentenced,
        disposal=Disposal.CUSTODY,
        sentence_months=18,
        consecutive_to_previous=True,
        notes="Consecutive to the 30-month term imposed at the same hearing.",
    )
    story.record(EventKind.RELEASED, add_months(sentenced, 24), licence_ends_on=licence_ends)
    story.record(
        EventKind.RECALLED,
        add_years(today, -2),
        notes="Recalled by probation for failing to reside at the approved premises.",
    )
    story.record(EventKind.RELEASED, add_years(today, -1) - _days(200), licence_ends_on=licence_ends)
    story.assessed(licence_ends + _days(10), RiskLevel.MEDIUM)
    story.up_to_date()
    story.notifies(until=today, moved_on=add_years(today, -2) - _days(100))
    return story.offender


def _orders_and_probation(register, today: datetime.date) -> Offender:
    """A community order that ends by date; a Sexual Risk Order that expires; a Sexual Harm
    Prevention Order made until further order and later varied; then a new community order:
    probation leads, and probation's assessment is the risk level (no police ARMS)."""
    managed_since = add_years(today, -9)
    story = register(
        "Fenora",
        years_ago=9,
        born_years_ago=51,
        disposal=Disposal.OTHER,
        relevant_date=managed_since - _days(40),
        community_order_ends_on=add_years(today, -8),
    )
    sro_made = add_years(today, -8) + _days(100)
    story.record(
        EventKind.CIVIL_ORDER_MADE,
        sro_made,
        order_kind=OrderKind.SRO,
        order_ends_on=add_years(sro_made, 2),
        court=COURT,
        conditions=("Not to enter any park or play area where children are likely to be present.",),
    )
    story.record(
        EventKind.CIVIL_ORDER_MADE,
        add_years(today, -5),
        order_kind=OrderKind.SHPO,
        court=COURT,
        conditions=(
            "Not to delete internet history on any device.",
            "Not to use any encryption or private browsing software.",
        ),
    )
    story.record(
        EventKind.CIVIL_ORDER_VARIED,
        add_years(today, -1),
        order=story.orders[OrderKind.SHPO],
        conditions=("To make any device capable of accessing the internet available for inspection.",),
        notes="Varied on the police's application after a second phone was found.",
    )
    story.record(
        EventKind.COMMUNITY_ORDER_MADE,
        today - _days(250),
        community_order_ends_on=today + _days(480),
        notes="Community order with a requirement to attend a programme, for a breach of the SHPO.",
    )
    assessed = today - _days(230)
    probation_assessment_record(
        offender=story.offender,
        risk_level=RiskLevel.MEDIUM,
        assessed_on=assessed,
        source="OASys RoSH",
        acting_user=story.officer,
        today=assessed,
    )
    story.up_to_date()
    story.notifies(until=today)
    return story.offender


def _whereabouts(register, today: datetime.date) -> Offender:
    """A registered violent offender who notifies under a Violent Offender Order, then is wanted,
    missing, abroad and in hospital, each time coming back to the community."""
    relevant = add_years(today, -7)
    story = register(
        "Kelwick",
        years_ago=5,
        born_years_ago=38,
        offender_type=OffenderType.RVO,
        disposal=Disposal.CUSTODY,
        sentence_months=18,
        relevant_date=relevant,
        released_on=add_months(relevant, 9),
        licence_ends_on=add_months(relevant, 18),
    )
    made = add_years(today, -3)
    story.record(
        EventKind.CIVIL_ORDER_MADE,
        made,
        order_kind=OrderKind.VOO,
        order_ends_on=add_years(made, 5),
        court=COURT,
        conditions=tuple(wording for _, wording, _ in VIOLENT_ORDER_CONDITIONS[:2]),
    )
    story.record(
        EventKind.WANTED, made + _days(60), notes="Circulated as wanted on PNC after failing to answer bail."
    )
    story.record(EventKind.LOCATED, made + _days(75), notes="Arrested at a friend's address and bailed.")
    story.record(EventKind.MISSING, add_years(today, -2), notes="Not at the home address on two visits.")
    story.record(EventKind.LOCATED, add_years(today, -2) + _days(12))
    story.record(EventKind.ABROAD, add_years(today, -1), notes="Notified travel to family abroad.")
    story.record(EventKind.RETURNED, add_years(today, -1) + _days(30))
    story.record(
        EventKind.HOSPITAL_ADMITTED, today - _days(200), notes="Admitted under the Mental Health Act."
    )
    story.record(EventKind.HOSPITAL_DISCHARGED, today - _days(150))
    story.assessed(today - _days(140), RiskLevel.HIGH)
    story.up_to_date()
    return story.offender


def _between_forces(register, today: datetime.date) -> Offender:
    """A MAPPA category 2 violent offender whose licence ends by date, whose Violent Offender
    Order is discharged early, who moves to another force and comes back."""
    relevant = add_years(today, -7)
    story = register(
        "Pellazar",
        years_ago=6,
        born_years_ago=33,
        offender_type=OffenderType.MAPPA_CAT2_VIOLENT,
        disposal=Disposal.CUSTODY,
        sentence_months=24,
        relevant_date=relevant,
        released_on=add_months(relevant, 12),
        licence_ends_on=add_months(relevant, 24),
    )
    made = add_years(today, -4)
    story.record(
        EventKind.CIVIL_ORDER_MADE,
        made,
        order_kind=OrderKind.VOO,
        order_ends_on=add_years(made, 5),
        court=COURT,
        conditions=(VIOLENT_ORDER_CONDITIONS[2][1],),
    )
    story.record(
        EventKind.CIVIL_ORDER_DISCHARGED,
        add_years(today, -3),
        order=story.orders[OrderKind.VOO],
        notes="Discharged by the court on his application; the police did not oppose it.",
    )
    story.record(
        EventKind.TRANSFERRED_OUT,
        add_years(today, -2),
        other_force=OTHER_FORCES[1],
        handover_notes=HANDOVER_NOTES[0],
    )
    story.record(
        EventKind.RECEIVED,
        add_years(today, -1),
        other_force=OTHER_FORCES[1],
        handover_notes="Received back from Harrowmere Police with their last RMP and ARMS.",
    )
    story.assessed(add_years(today, -1) + _days(12), RiskLevel.LOW)
    story.up_to_date()
    return story.offender


def _deceased(register, today: datetime.date) -> Offender:
    """A registered sex offender whose licence ends by date and who has since died."""
    relevant = add_years(today, -9)
    story = register(
        "Yorindle",
        years_ago=8,
        born_years_ago=67,
        disposal=Disposal.CUSTODY,
        sentence_months=40,
        relevant_date=relevant,
        released_on=add_months(relevant, 20),
        licence_ends_on=add_months(relevant, 40),
    )
    story.record(EventKind.DECEASED, today - _days(90), notes="Death confirmed by the coroner's officer.")
    story.up_to_date()
    story.notifies(until=today - _days(91))
    return story.offender


def _review(register, today: datetime.date) -> Offender:
    """A registered sex offender subject to indefinite notification whose requirements end on
    review once the earliest review date has passed (SOA 2003 s91B)."""
    relevant = add_years(today, -20)
    story = register(
        "Bramiver",
        years_ago=17,
        born_years_ago=58,
        disposal=Disposal.CUSTODY,
        sentence_months=48,
        relevant_date=relevant,
        released_on=add_months(relevant, 24),
        licence_ends_on=add_months(relevant, 48),
    )
    story.record(
        EventKind.NOTIFICATION_ENDED,
        today - _days(60),
        notes=(
            "Review under SOA 2003 s91B: the chief officer decided the indefinite notification "
            "requirements end; he was told in writing and did not need to appeal."
        ),
    )
    story.up_to_date()
    story.notifies(until=today - _days(61))
    return story.offender
