"""Rows for each demo offender and the facts recorded about them: the offender, the
OM assignment history, orders and their conditions, registered devices, intelligence
checks and outcomes (shared/domain.md § Who is managed)."""

from dashboards import demo_text as text
from dashboards.demo_copy import FALSE, NULL, TRUE
from dashboards.demo_dates import add_months, iso, stamp
from dashboards.demo_offenders import MAPPA_CATEGORY, YEAR, Case, Picker
from mosovo.rules.choices import ManagementMode, OffenderStatus, OrderKind, RiskLevel

DEVICE_KIND = Picker({"phone": 50, "computer": 25, "tablet": 12, "console": 8, "storage": 4, "other": 1})
OUTCOME_KIND = Picker(
    {
        "arrest": 25,
        "concern": 25,
        "new_offence": 12,
        "charge": 8,
        "shpo_breach": 15,
        "sro_breach": 3,
        "recall": 7,
        "polygraph": 5,
    }
)
OFFENCE_TYPE = Picker(
    {
        "iioc": 35,
        "sexual_communication": 20,
        "contact_sexual": 10,
        "violent": 15,
        "notification_breach": 15,
        "other": 5,
    }
)
REASSIGNMENT_REASONS = (
    "Caseload rebalancing",
    "Previous OM moved to another team",
    "Previous OM left the unit",
    "Reallocated after a change of address",
    "Continuity with the co-attending officer",
)


class FactWriter:
    """Rows for the offender and the facts about them: assignments, orders and conditions,
    devices, intelligence checks and outcomes."""

    def __init__(self, rng, today: int, tables, ids, workforce):
        self.rng, self.rnd, self.today = rng, rng.random, today
        self.t, self.ids, self.workforce = tables, ids, workforce

    def between(self, low: int, high: int) -> int:
        return low + int(self.rnd() * (high - low + 1)) if high > low else low

    def offender(self, case: Case, force, reference: str, risk_level: str | None) -> None:
        n = case.notification
        self.t["offender"].add(
            str(case.id),
            str(force.id),
            str(case.team.id),
            NULL if case.closed_on is not None else str(case.om),  # nobody manages a closed case
            reference,
            f"{iso(case.relevant)[2:4]}/{self.between(100000, 999999)}{chr(65 + case.id % 26)}",  # PNC ID
            case.first_name,
            case.last_name,
            iso(case.born),
            str(case.offender_type),
            str(MAPPA_CATEGORY[case.offender_type]),
            str(case.mappa_level),
            str(case.status),
            TRUE if case.restricted else FALSE,
            risk_level or NULL,
            str(case.lead),
            _day(case.licence_ends),
            _day(case.community_order_ends),
            _day(case.released),
            _day(case.police_lead_since),
            ManagementMode.REACTIVE if case.reactive_since else ManagementMode.ACTIVE,
            _day(case.reactive_since),
            str(case.disposal),
            _int(case.sentence_months),
            TRUE if case.life else FALSE,
            _int(case.discharge_months),
            _day(case.offence),
            iso(case.relevant),
            iso(case.starts),
            TRUE if n["notification_indefinite"] else FALSE,
            _int(n["notification_period_months"]),
            _date(n["notification_ends_on"]),
            _date(n["indefinite_review_earliest_on"]),
            iso(case.managed_since),
            stamp(case.managed_since),
            stamp(self.today),
        )

    def assignments(self, case: Case, team_managers: list[int]) -> list[tuple[int, int]]:
        """The OM history: the current (or last) OM, after up to two earlier ones.
        Returns (starts, om) pairs, oldest first, for dating each record's author."""
        rnd, between, today = self.rnd, self.between, self.today
        end = case.closed_on if case.closed_on is not None else today
        history = [case.om]
        others = [om for om in team_managers if om != case.om]
        changes = 2 if rnd() < 0.1 else 1 if rnd() < 0.35 else 0
        if others and end - case.managed_since > 120:
            for _ in range(changes):
                history.insert(0, self.rng.choice([om for om in others if om != history[0]] or others))
        if len(history) > 1:
            cuts = sorted(between(case.managed_since + 60, end - 30) for _ in range(len(history) - 1))
        else:
            cuts = []
        starts = [case.managed_since, *cuts]
        rows = []
        for number, (om, start) in enumerate(zip(history, starts, strict=True)):
            # The last assignment stays open, unless the case is closed.
            ends = case.closed_on if number == len(history) - 1 else starts[number + 1]
            reason = "Registered" if number == 0 else self.rng.choice(REASSIGNMENT_REASONS)
            self.t["assignment"].add(
                str(self._id("assignment")),
                str(case.id),
                str(om),
                iso(start),
                _day(ends),
                reason,
                str(self.workforce.supervisor_of.get(om, om)),
                stamp(start),
            )
            rows.append((start, om))
        return rows

    def orders(self, case: Case) -> None:
        between = self.between
        for kind, starts, ends in case.orders:
            order_id = self._id("order")
            self.t["order"].add(
                str(order_id), str(case.id), str(kind), iso(starts), _day(ends), self.rng.choice(text.COURTS)
            )
            conditions = text.VIOLENT_ORDER_CONDITIONS if kind == OrderKind.VOO else text.ORDER_CONDITIONS
            for condition_kind, wording, digital in self.rng.sample(
                conditions, min(len(conditions), between(2, 5))
            ):
                self.t["condition"].add(
                    str(self._id("condition")),
                    str(order_id),
                    condition_kind,
                    wording,
                    TRUE if digital else FALSE,
                )
                case.has_digital_conditions |= digital and (ends is None or ends > self.today)
                case.has_polygraph |= "polygraph" in wording

    def devices(self, case: Case) -> None:
        """Registered devices, some with monitoring software [003]. Kept on the case for
        the visits' device inspections as (id, registered, removed)."""
        rnd, between, today = self.rnd, self.between, self.today
        case.devices = []
        if case.status == OffenderStatus.CUSTODY or rnd() > (0.75 if case.has_digital_conditions else 0.35):
            return
        for _ in range(between(1, 3)):
            kind = DEVICE_KIND(rnd)
            registered = between(case.managed_since, max(case.managed_since, case.work_end - 1))
            removed = between(registered, today) if rnd() < 0.15 else None
            monitored = rnd() < (0.5 if case.has_digital_conditions else 0.05)
            if kind == "phone":
                identifier = f"35{between(10**12, 10**13 - 1)}"
            else:
                identifier = f"SN-{between(10**7, 10**8 - 1)}"
            device_id = self._id("device")
            self.t["device"].add(
                str(device_id),
                str(case.id),
                kind,
                self.rng.choice(text.DEVICE_MODELS[kind]),
                identifier,
                iso(registered),
                _day(removed),
                TRUE if monitored else FALSE,
            )
            case.devices.append((device_id, registered, removed))

    def intelligence_checks(self, case: Case, author_at, overdue: bool) -> None:
        """PND checks for everyone, about yearly [004 Risk management]; the full set of four
        systems yearly for reactive cases [004 Reactive management]; some offenders overdue."""
        rnd, between = self.rnd, self.between
        end = case.work_end
        if overdue:
            end = min(end, self.today - YEAR - between(10, 200))
        day = case.managed_since + between(0, 60)
        reactive = case.reactive_since
        add = self.t["intelligence"].add
        while day <= end:
            systems = ("pnd", "pnc", "visor", "local") if reactive and day >= reactive else ("pnd",)
            if len(systems) == 1 and rnd() < 0.3:
                systems = ("pnd", self.rng.choice(("pnc", "visor", "local")))
            for offset, system in enumerate(systems):
                checked = min(self.today, day + offset * between(0, 6))
                new = rnd() < 0.06
                add(
                    str(self._id("intelligence")),
                    str(case.id),
                    system,
                    iso(checked),
                    "new" if new else "no_trace",
                    self.rng.choice(text.INTELLIGENCE_NOTES) if new else "",
                    str(author_at(checked)),
                    stamp(checked),
                )
            if reactive and day < reactive <= add_months(day, 12):
                day = reactive + between(0, 40)
            else:
                day = add_months(day, 12) - between(0, 40)

    def outcomes(self, case: Case, author_at) -> None:
        """What the unit found: breaches, arrests, new offences [000; 004]. None for a
        reactive case, which must be offence- and concern-free [004 Reactive management]."""
        rnd, between = self.rnd, self.between
        chance = 0.16 if case.target_level in (RiskLevel.HIGH, RiskLevel.VERY_HIGH) else 0.06
        if case.reactive_since or rnd() > chance or case.work_end <= case.managed_since:
            return
        kinds = {o[0] for o in case.orders}
        for _ in range(between(1, 2)):
            kind = OUTCOME_KIND(rnd)
            if (
                (kind == "shpo_breach" and OrderKind.SHPO not in kinds)
                or (kind == "sro_breach" and OrderKind.SRO not in kinds)
                or (kind == "recall" and case.released is None)
                or (kind == "polygraph" and not case.has_polygraph)
            ):
                kind = "arrest"
            occurred = between(case.managed_since, case.work_end)
            offence_type = (
                OFFENCE_TYPE(rnd) if kind == "new_offence" or (kind == "charge" and rnd() < 0.7) else ""
            )
            self.t["outcome"].add(
                str(self._id("outcome")),
                str(case.id),
                kind,
                offence_type,
                iso(occurred),
                text.OUTCOME_NOTES[kind],
                str(author_at(occurred)),
                stamp(occurred),
            )

    def _id(self, key: str) -> int:
        value = self.ids[key]
        self.ids[key] = value + 1
        return value


def _day(day: int | None) -> str:
    return NULL if day is None else iso(day)


def _date(value) -> str:
    return NULL if value is None else value.isoformat()


def _int(value: int | None) -> str:
    return NULL if value is None else str(value)


OFFENDER_TABLES = {
    "offender": (
        "offenders.Offender",
        (
            "id",
            "force_id",
            "team_id",
            "offender_manager_id",
            "reference",
            "pnc_id",
            "first_name",
            "last_name",
            "date_of_birth",
            "offender_type",
            "mappa_category",
            "mappa_level",
            "status",
            "is_restricted",
            "risk_level",
            "lead_agency",
            "licence_ends_on",
            "community_order_ends_on",
            "released_on",
            "police_lead_since",
            "management_mode",
            "reactive_since",
            "disposal",
            "sentence_months",
            "is_life_sentence",
            "conditional_discharge_months",
            "offence_on",
            "relevant_date",
            "notification_starts_on",
            "notification_indefinite",
            "notification_period_months",
            "notification_ends_on",
            "indefinite_review_earliest_on",
            "managed_since",
            "created_at",
            "updated_at",
        ),
    ),
    "assignment": (
        "offenders.OffenderAssignment",
        (
            "id",
            "offender_id",
            "offender_manager_id",
            "starts_on",
            "ends_on",
            "reason",
            "assigned_by_id",
            "created_at",
        ),
    ),
    "order": ("offenders.Order", ("id", "offender_id", "kind", "starts_on", "ends_on", "court")),
    "condition": ("offenders.OrderCondition", ("id", "order_id", "kind", "text", "is_digital")),
    "device": (
        "offenders.RegisteredDevice",
        (
            "id",
            "offender_id",
            "kind",
            "description",
            "identifier",
            "registered_on",
            "removed_on",
            "has_monitoring_software",
        ),
    ),
    "intelligence": (
        "offenders.IntelligenceCheck",
        ("id", "offender_id", "system", "checked_on", "result", "notes", "checked_by_id", "created_at"),
    ),
    "outcome": (
        "offenders.Outcome",
        ("id", "offender_id", "kind", "offence_type", "occurred_on", "notes", "recorded_by_id", "created_at"),
    ),
}
