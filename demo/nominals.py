"""The demo's offenders: who they are, what the court did, where they are now, and when
this unit's management of them began.

Every fact is drawn so the rules agree with it: the dates are drawn so a managed offender's
notification has not ended and a "notification ended" one's has, and the status, lead agency
and notification fields are then derived from the offender's life events by the rules
themselves (`demo.life_courses`; docs/rules.md § Who is managed).
"""

import random
from bisect import bisect

from demo.dates import add_months, to_date
from demo.life_courses import civil_order_in_force, plan_life_course, reactive_from
from rules.choices import (
    CLOSED_STATUSES,
    Disposal,
    LeadAgency,
    OffenderStatus,
    OffenderType,
    OrderKind,
    RiskLevel,
)
from rules.notification import notification_period

YEAR = 365


class Picker:
    """Weighted choice with a precomputed cumulative table (random.choices is slow per call)."""

    def __init__(self, weighted: dict):
        self.values = tuple(weighted)
        self.cumulative, total = [], 0.0
        for weight in weighted.values():
            total += weight
            self.cumulative.append(total)
        self.total = total

    def __call__(self, rnd) -> object:
        return self.values[bisect(self.cumulative, rnd() * self.total)]


STATUS = Picker(
    {
        OffenderStatus.COMMUNITY: 80.0,
        OffenderStatus.CUSTODY: 10.0,
        OffenderStatus.HOSPITAL: 1.2,
        OffenderStatus.WANTED: 1.0,
        OffenderStatus.MISSING: 0.7,
        OffenderStatus.ABROAD: 0.8,
        OffenderStatus.NOTIFICATION_ENDED: 3.0,
        OffenderStatus.DECEASED: 1.3,
        OffenderStatus.TRANSFERRED: 2.0,
    }
)
OFFENDER_TYPE = Picker(
    {
        OffenderType.RSO: 80,
        OffenderType.RVO: 6,
        OffenderType.RTO: 1,
        OffenderType.MAPPA_CAT2_VIOLENT: 5,
        OffenderType.MAPPA_CAT3_OTHER: 3,
        OffenderType.PDP: 5,
    }
)
MAPPA_CATEGORY = {
    OffenderType.RSO: 1,
    OffenderType.RVO: 2,
    OffenderType.RTO: 2,
    OffenderType.MAPPA_CAT2_VIOLENT: 2,
    OffenderType.MAPPA_CAT3_OTHER: 3,
    OffenderType.PDP: 3,
}
RISK = Picker({RiskLevel.LOW: 45, RiskLevel.MEDIUM: 35, RiskLevel.HIGH: 15, RiskLevel.VERY_HIGH: 5})
DISPOSAL = Picker(
    {
        Disposal.CUSTODY: 62,
        Disposal.HOSPITAL_RESTRICTION: 1,
        Disposal.HOSPITAL_NO_RESTRICTION: 1.5,
        Disposal.CAUTION: 4,
        Disposal.CONDITIONAL_DISCHARGE: 1.5,
        Disposal.OTHER: 24,
        Disposal.CIVIL_ORDER: 6,
    }
)
# Disposals whose notification can have run out (status "notification ended").
FIXED_DISPOSAL = Picker(
    {Disposal.CUSTODY: 40, Disposal.CAUTION: 15, Disposal.OTHER: 40, Disposal.CONDITIONAL_DISCHARGE: 5}
)
SENTENCE_MONTHS = Picker({(1, 6): 8, (7, 29): 32, (30, 72): 38, (73, 180): 22})


class Case:
    """One offender as generated: the Offender row's facts plus what the history needs.
    Dates are ordinals (`demo.dates`) except in `derived` (the rules' dates)."""

    def __init__(self, **facts):
        for name, value in facts.items():
            setattr(self, name, value)

    __slots__ = (
        "id",
        "index",
        "team",
        "om",
        "status",
        "offender_type",
        "target_level",
        "disposal",
        "sentence_months",
        "life",
        "discharge_months",
        "relevant",
        "offence",
        "born",
        "released",
        "licence_ends",
        "order_ends",
        "community_order_ends",
        "registered_status",
        "recalled_on",
        "lead",
        "police_lead_since",
        "managed_since",
        "visits_end",
        "work_end",
        "closed_on",
        "reactive_since",
        "returned_to_active_on",
        "returned_because",
        "orders",
        "order_ids",
        "events",
        "derived",
        "arms_level",
        "arms_assessed_on",
        "low_risk_since",
        "probation_level",
        "last_outcome_on",
        "devices",
        "has_digital_conditions",
        "has_polygraph",
        "recent_lead_change",
        "first_name",
        "last_name",
        "mappa_level",
        "restricted",
        "moved_in",
        "visits",
        "history_from",
    )


class CaseMaker:
    """Draws each offender's facts, consistent with the notification and lead-agency rules and
    `today`, then their life course (`demo.life_courses`)."""

    def __init__(self, rng: random.Random, today: int, *, post_licence_rule_on_community_order_end: bool):
        self.rng, self.rnd, self.today = rng, rng.random, today
        self.post_licence_rule_on_community_order_end = post_licence_rule_on_community_order_end

    def between(self, low: int, high: int) -> int:
        return low + int(self.rnd() * (high - low + 1)) if high > low else low

    def make(self, case: Case) -> Case:
        rnd, between = self.rnd, self.between
        status = case.status
        # In the demo only a registered sex offender's notification has run out by date.
        case.offender_type = (
            OffenderType.RSO if status == OffenderStatus.NOTIFICATION_ENDED else OFFENDER_TYPE(rnd)
        )
        case.target_level = RISK(rnd)
        case.mappa_level = 1
        draw = rnd() * (3 if case.target_level in (RiskLevel.HIGH, RiskLevel.VERY_HIGH) else 1)
        if draw > 2.7:
            case.mappa_level = 3
        elif draw > 2.0 or rnd() < 0.04:
            case.mappa_level = 2
        case.restricted = rnd() < 0.005
        if status == OffenderStatus.CUSTODY:
            disposal = Disposal.CUSTODY
        elif status == OffenderStatus.NOTIFICATION_ENDED:
            disposal = FIXED_DISPOSAL(rnd)
        elif case.offender_type == OffenderType.PDP:
            disposal = Disposal.CIVIL_ORDER if rnd() < 0.7 else Disposal.OTHER
        else:
            disposal = DISPOSAL(rnd)
        case.disposal = disposal
        case.sentence_months = case.discharge_months = case.order_ends = None
        case.life = False
        if disposal == Disposal.CUSTODY:
            if status == OffenderStatus.CUSTODY and rnd() < 0.04:
                case.life = True
            else:
                low, high = SENTENCE_MONTHS(rnd)
                if status == OffenderStatus.NOTIFICATION_ENDED:
                    low, high = (1, 6) if rnd() < 0.3 else (7, 29)
                case.sentence_months = between(low, high)
        elif disposal == Disposal.CONDITIONAL_DISCHARGE:
            case.discharge_months = between(12, 36)
        self._dates(case)
        self._lead_and_management(case)
        return case

    def _dates(self, case: Case) -> None:
        """Relevant date, birth, release, licence and community order, drawn so the notification
        is current for a managed offender and over for "notification ended"."""
        rnd, between, today, status = self.rnd, self.between, self.today, case.status
        juvenile = rnd() < 0.03
        age_days = between(5570, 6500) if juvenile else int(self.rng.triangular(18.3, 72, 31) * 365.25)
        if rnd() < 0.01 and not juvenile:
            age_days = between(6590, 6900)  # 18 at conviction, 17 at the offence
        months = case.sentence_months
        half = -(-months // 2) if months else 0
        case.recent_lead_change = False
        case.recalled_on = None
        # When the offender came under this unit, if not at conviction or release: 1–10 years ago.
        case.moved_in = today - (between(20, 364) if rnd() < 0.08 else between(YEAR, 10 * YEAR))
        order_months = None
        if case.disposal == Disposal.CIVIL_ORDER:
            order_months = None if rnd() < 0.5 and status != OffenderStatus.NOTIFICATION_ENDED else 60
        period = self._period_months(case, age_days, order_months)

        if status == OffenderStatus.CUSTODY:
            if not case.life and months >= 12 and rnd() < 0.3:
                # Back inside while managed: released on licence, registered, then recalled while
                # the licence still runs.
                on_licence = int((months - half) * 30.4)
                case.recalled_on = today - between(14, max(14, on_licence - 90))
                earliest = add_months(today, -months) + 1
                relevant = between(earliest, max(earliest, add_months(case.recalled_on, -half) - 60))
            else:  # newly sentenced
                serving = between(8, 20) * YEAR if case.life else int(half * 30.4)
                relevant = today - between(14, max(15, serving - 1))
        elif status == OffenderStatus.NOTIFICATION_ENDED:
            ended = today - between(1, 1000)
            relevant = add_months(ended, -(period or 60)) - 3
        else:
            latest = today - 20
            if months:
                latest = add_months(today, -half) - 10
            # No end (indefinite, an order until further order, or no period that follows from the
            # conviction): convicted up to 30 years ago.
            earliest = today - 30 * YEAR if period is None else add_months(today, -period) + 10
            if (
                status == OffenderStatus.COMMUNITY
                and rnd() < 0.025
                and case.disposal in (Disposal.CUSTODY, Disposal.OTHER)
            ):
                case.recent_lead_change = True  # licence or community order ended in the last few weeks
                ended = today - between(1, 45)
                relevant = add_months(ended, -(months or 24))
            else:  # before the move into the area where the notification allows
                before_move = case.moved_in - (int(half * 30.4) if months else 0)
                if before_move < earliest:
                    before_move = latest
                relevant = between(earliest, max(earliest, min(latest, before_move)))
        if juvenile and today - relevant < int(0.3 * YEAR):
            age_days = between(6590, 8000)  # too recent to be 18 today as a juvenile: make an adult
        if juvenile and age_days < 6574 and (today - relevant) + age_days < 6575:
            age_days = 6575 - (today - relevant) + between(1, 60)
        born = relevant - age_days
        if today - born > 85 * YEAR:
            born = today - 85 * YEAR + between(1, 300)
        case.relevant, case.born = relevant, born
        if age_days >= 6590 and age_days <= 6900:
            case.offence = born + 6400  # aged 17 and a half
        elif rnd() < 0.95:
            case.offence = max(born + 12 * YEAR, relevant - between(20, 700))
        else:
            case.offence = None
        case.released = case.licence_ends = case.community_order_ends = None
        if case.disposal == Disposal.CUSTODY and (status != OffenderStatus.CUSTODY or case.recalled_on):
            case.released = add_months(relevant, half)
            case.licence_ends = add_months(relevant, months)
        elif case.disposal == Disposal.OTHER and (case.recent_lead_change or rnd() < 0.6):
            case.community_order_ends = add_months(
                relevant, 24 if case.recent_lead_change else between(12, 36)
            )
        if case.disposal == Disposal.CIVIL_ORDER and order_months:
            case.order_ends = add_months(relevant, order_months)
        case.closed_on = None
        if status == OffenderStatus.NOTIFICATION_ENDED:
            case.closed_on = self._notification_end(case) + 1  # the first day without it

    def _notification_end(self, case: Case) -> int:
        """The last day of a registered sex offender's notification period (Figure 1)."""
        period = notification_period(
            disposal=case.disposal,
            relevant_date=to_date(case.relevant),
            date_of_birth=to_date(case.born),
            sentence_months=case.sentence_months,
            life=case.life,
            conditional_discharge_months=case.discharge_months,
        )
        return period.ends_on.toordinal()

    def _period_months(self, case: Case, age_days: int, order_months: int | None) -> int | None:
        """A registered sex offender's notification length for choosing dates (Figure 1), from
        the rule. None if it has no end, and for every other type: a terrorist offender's period
        runs from registration, a violent offender's from an order drawn in force, and MAPPA
        category 2 and 3 offenders and PDPs have none."""
        if case.offender_type != OffenderType.RSO:
            return None
        probe = self.today
        period = notification_period(
            disposal=case.disposal,
            relevant_date=to_date(probe),
            date_of_birth=to_date(probe - age_days),
            sentence_months=case.sentence_months,
            life=case.life,
            conditional_discharge_months=case.discharge_months,
            order_ends_on=to_date(add_months(probe, order_months) if order_months else None),
        )
        if period.ends_on is None:
            return None
        return period.months or order_months

    def _lead_and_management(self, case: Case) -> None:
        rnd, between, today, status = self.rnd, self.between, self.today, case.status
        # The police have led since a licence or community order ended (a recalled offender's
        # licence runs on).
        ended = [d for d in (case.licence_ends, case.community_order_ends) if d is not None and d < today]
        police_lead_since = max(ended) + 1 if ended and status != OffenderStatus.CUSTODY else None
        # When this unit's management began: at release or conviction, or a move into the
        # force's area within the last ten years.
        entry = case.released if case.released is not None else case.relevant
        if case.recalled_on is not None:  # registered on release, recalled since
            managed = min(case.recalled_on - 30, entry + between(0, 30))
        elif status == OffenderStatus.CUSTODY:  # sentenced on arrival
            managed = min(today, entry + between(0, 30))
        else:
            managed = min(today - 5, max(entry + between(0, 40), case.moved_in))
        if police_lead_since and police_lead_since > today - 60:
            managed = min(managed, police_lead_since - between(60, 400))
            managed = max(managed, entry)
        case.registered_status = (
            OffenderStatus.CUSTODY
            if status == OffenderStatus.CUSTODY and case.recalled_on is None
            else OffenderStatus.COMMUNITY
        )
        case.visits_end = case.work_end = today
        if status in (OffenderStatus.DECEASED, OffenderStatus.TRANSFERRED):
            case.closed_on = today - between(1, max(1, min(1000, today - entry - 40)))
        if case.closed_on is not None:
            managed = max(entry, min(managed, case.closed_on - between(30, 900)))
            case.closed_on = max(case.closed_on, managed)
        elif case.recalled_on is not None:  # visited in the community until recalled
            case.visits_end = case.recalled_on
        elif status == OffenderStatus.CUSTODY:
            case.visits_end = None
        elif status != OffenderStatus.COMMUNITY:  # hospital, wanted, missing, abroad: since then
            case.visits_end = max(min(today, managed + 10), today - between(10, 400))
        case.managed_since = managed
        self._orders(case)
        plan_life_course(
            case,
            today=today,
            post_licence_rule_on_community_order_end=self.post_licence_rule_on_community_order_end,
        )
        if case.closed_on is not None:  # (the notification may have ended it: dated by the rule)
            case.visits_end = case.work_end = case.closed_on
        derived = case.derived
        case.lead = derived["lead_agency"]
        since = derived["police_lead_since"]
        case.police_lead_since = since.toordinal() if since else None
        case.reactive_since = None
        if (
            case.status == OffenderStatus.COMMUNITY
            and case.lead == LeadAgency.POLICE
            and case.target_level == RiskLevel.LOW
            and reactive_from(case) < today - 20
            and not civil_order_in_force(case, today)
            and not case.recent_lead_change
            and rnd() < 0.35
        ):
            case.reactive_since = between(reactive_from(case), today - 20)

    def _orders(self, case: Case) -> None:
        """SHPO / SRO / Violent Offender Orders, with their conditions chosen later; none made
        after a case closed."""
        rnd, between, today = self.rnd, self.between, self.today
        end = case.closed_on if case.closed_on is not None else today
        orders = []
        if case.disposal == Disposal.CIVIL_ORDER:
            kind = OrderKind.SRO if case.offender_type == OffenderType.PDP else OrderKind.SHPO
            orders.append((kind, case.relevant, case.order_ends))
        elif (
            case.offender_type == OffenderType.RSO
            and case.status != OffenderStatus.NOTIFICATION_ENDED  # an order would still run
            and rnd() < 0.3
        ):
            length = (None, 60, 120)[bisect((0.45, 0.7), rnd())]
            ends = add_months(case.relevant, length) if length else None
            orders.append((OrderKind.SHPO, case.relevant, ends))
        elif case.offender_type == OffenderType.RVO and rnd() < 0.6:
            # A registered violent offender notifies while a Violent Offender Order (2 to 5 years)
            # is in force: drawn in force today.
            length = between(24, 60)
            earliest = max(case.relevant, add_months(today, -length) + 1)
            starts = between(earliest, end - 30) if earliest < end - 30 else earliest
            if starts <= end:
                orders.append((OrderKind.VOO, starts, add_months(starts, length)))
        elif case.offender_type == OffenderType.MAPPA_CAT2_VIOLENT and rnd() < 0.15:
            orders.append((OrderKind.VOO, case.relevant, add_months(case.relevant, between(24, 60))))
        elif case.offender_type == OffenderType.PDP and rnd() < 0.3:
            starts = min(end - 10, case.managed_since + between(30, 400))
            if starts > case.managed_since:
                orders.append((OrderKind.SRO, starts, add_months(starts, between(24, 60))))
        case.orders = orders
        case.has_digital_conditions = case.has_polygraph = False


def is_closed(status: str) -> bool:
    return status in CLOSED_STATUSES
