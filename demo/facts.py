"""Rows for each demo offender and the facts recorded about them: the offender, the
OM assignment history, orders and their conditions, registered devices, intelligence
checks, outcomes, life events, probation's assessments and changes of management mode
(docs/rules.md § Who is managed)."""

from demo import text
from demo.copying import FALSE, NULL, TRUE, encode
from demo.dates import add_months, iso, stamp, to_date
from demo.life_courses import is_by_the_system
from demo.nominals import MAPPA_CATEGORY, YEAR, Case, Picker
from offenders.life_events import DERIVED_FIELDS
from offenders.models import RiskSource
from rules.choices import LeadAgency, ManagementMode, OffenderStatus, OrderKind, RiskLevel
from rules.life_course import EventKind

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

    def offender(self, case: Case, force, reference: str) -> None:
        """The offender row. Risk level: the latest completed police ARMS, else probation's latest
        assessment [docs/rules.md § Lead agency]; the derived fields as the life course leaves them."""
        if case.arms_level is not None:
            risk_level, source = case.arms_level, RiskSource.ARMS
        elif case.probation_level is not None:
            risk_level, source = case.probation_level, RiskSource.PROBATION
        else:
            risk_level, source = NULL, ""
        reactive = case.reactive_since is not None and case.returned_to_active_on is None
        derived = case.derived
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
            TRUE if case.restricted else FALSE,
            str(risk_level),
            str(source),
            _day(case.arms_assessed_on),
            _day(case.low_risk_since),
            ManagementMode.REACTIVE if reactive else ManagementMode.ACTIVE,
            _day(case.reactive_since) if reactive else NULL,
            _day(case.returned_to_active_on),
            str(case.disposal),
            _int(case.sentence_months),
            TRUE if case.life else FALSE,
            _int(case.discharge_months),
            _day(case.offence),
            iso(case.relevant),
            iso(case.managed_since),
            _day(case.history_from),
            stamp(case.managed_since),
            stamp(self.today),
            *(encode(derived[name]) for name in DERIVED_FIELDS),
        )

    def life_events(self, case: Case, author_at) -> None:
        """The offender's life events, in the order `demo_life` replayed them (so their ids keep
        that order): the registration, recorded by the OM's supervisor; what happened since,
        recorded by the OM; the transitions by date, by the system (no one)."""
        add, rng = self.t["life_event"].add, self.rng
        for event in case.events:
            kind, day = event.kind, event.occurred_on.toordinal()
            author = author_at(day)
            if kind == EventKind.REGISTERED:
                recorded_by = str(self.workforce.supervisor_of.get(author, author))
            else:
                recorded_by = NULL if is_by_the_system(kind) else str(author)
            notes = text.LIFE_EVENT_NOTES.get(kind, ())
            other_force = handover = ""
            if kind == EventKind.TRANSFERRED_OUT:
                other_force = rng.choice(text.OTHER_FORCES)
                handover = rng.choice(text.HANDOVER_NOTES)
            order = NULL if event.order_id is None else str(case.order_ids[event.order_id])
            order_ends = event.order_ends_on
            if kind == EventKind.CIVIL_ORDER_MADE:  # the end the court set
                order_ends = to_date(case.orders[event.order_id][2])
            add(
                str(self._id("life_event")),
                str(case.id),
                str(kind),
                iso(day),
                recorded_by,
                stamp(day),
                rng.choice(notes) if notes else "",
                str(event.status or ""),
                encode(event.released_on),
                str(event.disposal or ""),
                encode(event.relevant_date),
                encode(event.sentence_months),
                TRUE if event.life else FALSE,
                encode(event.conditional_discharge_months),
                encode(event.licence_ends_on),
                encode(event.community_order_ends_on),
                order,
                encode(order_ends),
                other_force,
                handover,
            )

    def probation_assessment(self, case: Case, author_at) -> None:
        """Probation's risk assessment (OASys RoSH) for a probation-led offender with no police
        ARMS yet: their risk level until one exists [docs/rules.md § Lead agency]."""
        case.probation_level = None
        if case.arms_level is not None or case.lead != LeadAgency.PROBATION or self.rnd() > 0.85:
            return
        latest = max(case.relevant, min(self.today - 1, case.work_end))
        assessed = self.between(max(case.relevant, case.managed_since - 120), latest)
        case.probation_level = str(case.target_level)
        self.t["probation"].add(
            str(self._id("probation")),
            str(case.id),
            case.probation_level,
            iso(assessed),
            "OASys RoSH",
            str(author_at(assessed)),
            stamp(assessed),
        )

    def management_mode_changes(self, case: Case, author_at) -> None:
        """The supervisor's decision to manage the offender reactively, and the system's return
        to active management if a criterion has failed since (`demo_life.reactive_check`)."""
        if case.reactive_since is None:
            return
        add = self.t["mode_change"].add
        om = author_at(case.reactive_since)
        supervisor = self.workforce.supervisor_of.get(om, om)
        add(
            str(self._id("mode_change")),
            str(case.id),
            ManagementMode.REACTIVE,
            iso(case.reactive_since),
            str(supervisor),
            self.rng.choice(text.REACTIVE_REASONS),
            stamp(case.reactive_since),
        )
        if case.returned_to_active_on is not None:
            unmet = "; ".join(reason[0].lower() + reason[1:] for reason in case.returned_because)
            add(
                str(self._id("mode_change")),
                str(case.id),
                ManagementMode.ACTIVE,
                iso(case.returned_to_active_on),
                NULL,
                f"Returned to active management: no longer {unmet}",
                stamp(case.returned_to_active_on),
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
        case.order_ids = []
        for kind, starts, ends in case.orders:
            order_id = self._id("order")
            case.order_ids.append(order_id)
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
        """Registered devices, some with monitoring software
        [docs/rules.md § Intelligence and outcomes]. Kept on the case for
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
        """PND checks for everyone, about yearly [docs/rules.md § What falls due]; the full set of four
        systems yearly for reactive cases [docs/rules.md § Reactive management]; some offenders overdue."""
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
        """What the unit found: breaches, arrests, new offences
        [docs/rules.md § Intelligence and outcomes]. None for a
        reactive case, which must be offence- and concern-free [docs/rules.md § Reactive management]."""
        rnd, between = self.rnd, self.between
        chance = 0.16 if case.target_level in (RiskLevel.HIGH, RiskLevel.VERY_HIGH) else 0.06
        case.last_outcome_on = None
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
            case.last_outcome_on = max(occurred, case.last_outcome_on or occurred)
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
            "is_restricted",
            "risk_level",
            "risk_level_source",
            "arms_assessed_on",
            "low_risk_since",
            "management_mode",
            "reactive_since",
            "returned_to_active_on",
            "disposal",
            "sentence_months",
            "is_life_sentence",
            "conditional_discharge_months",
            "offence_on",
            "relevant_date",
            "managed_since",
            "notification_history_from",
            "created_at",
            "updated_at",
            *DERIVED_FIELDS,
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
    "life_event": (
        "offenders.LifeEvent",
        (
            "id",
            "offender_id",
            "kind",
            "occurred_on",
            "recorded_by_id",
            "recorded_at",
            "notes",
            "status",
            "released_on",
            "disposal",
            "relevant_date",
            "sentence_months",
            "is_life_sentence",
            "conditional_discharge_months",
            "licence_ends_on",
            "community_order_ends_on",
            "order_id",
            "order_ends_on",
            "other_force",
            "handover_notes",
        ),
    ),
    "probation": (
        "offenders.ProbationAssessment",
        ("id", "offender_id", "risk_level", "assessed_on", "source", "recorded_by_id", "created_at"),
    ),
    "mode_change": (
        "offenders.ManagementModeChange",
        ("id", "offender_id", "mode", "changed_on", "changed_by_id", "reason", "created_at"),
    ),
}
