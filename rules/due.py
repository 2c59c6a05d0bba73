"""The due engine: the one place due dates are decided (docs/rules.md § What falls due).

Fed an `OffenderFacts` (plain values the services read from the database) and the force's
`Policy`, it lists every piece of work due for one offender, each with the rule that set
its date and the date it was counted from. Whether it is overdue depends only on `today`.

What is due, and when:

- Nothing for an offender in a closed status (`CLOSED_STATUSES`: deceased, notification
  ended, transferred): the unit no longer manages them, and work submitted for them is no
  longer listed as due.
- **Visit** [docs/rules.md § Visits]: only for an offender *in the community*
  under *active* management — visits are at the home address, so none fall due while the
  offender is in custody, in hospital, wanted, missing or abroad; reactive cases get no
  routine visits [docs/rules.md § Reactive management]. Due one interval after the latest of: the last
  visit, the start of management, the return to the community (release, discharge,
  located, back from abroad) and the return to active management — so the first visit
  after a release counts from the release. The interval is the RMP's bespoke regime, else
  the force default for the risk level (probation's assessment while no police ARMS
  exists). With no level at all, the most frequent default. Visits fall due whichever
  agency leads: the notification and visits are the police unit's work.
- **ARMS, RMP review** [docs/rules.md § What falls due]: only while the
  police lead. The first ones fall due `first_assessment_days` (force setting, default 15)
  after police management started — the start of management, or the day the police became
  lead if later. Then by the force default for the risk level from the last one. The RMP
  may set an earlier review, never a later one unless a supervisor authorised it. They stay
  due in custody or hospital (planning for release) and in reactive management
  (eligibility needs a *current* ARMS of low).
- **Post-licence ARMS and RMP** [docs/rules.md § Lead agency]: when the lead passed from
  probation to police because a licence (or the prison sentence) ended — or a community
  order, where the force applies the rule to them — and an ARMS and an RMP have not both
  been done on or after that day, both are due within 15 days. While that is outstanding
  it replaces the routine ARMS and RMP items; once both are done the routine intervals
  run from them. It applies only when the lead passed on or after the start of this unit's
  management.
- **Reactive management** [docs/rules.md § Reactive management]: annual intelligence checks (PND,
  ViSOR, PNC, local databases — one date for the full set) and an annual RMP review,
  12 months after the last; the RMP may set an earlier review, never a later one.
- **PND check** [docs/rules.md § What falls due]: active cases at every risk level, any lead, only
  while in the community, by the force's PND interval from the last check; with none yet,
  `first_assessment_days` after management started or the offender came back to the
  community. Reactive cases have it in their annual checks instead.
- **Order condition check** [docs/rules.md § What falls due]: each condition of a civil order in
  force, while the offender is in the community, by the condition's own interval, at every
  visit, or the force default, from the last check (or the order's start).
- **Supervisor review** [docs/rules.md § Supervisor review]: every ARMS, RMP and visit submitted and not yet
  signed off is due for review within one month of submission (on or before the same
  day of the next month), whatever the offender's lead, mode or location.
- **Notifications** [docs/rules.md § Notification requirements]: for a registered offender
  whose notification history the unit holds, the initial, release, periodic and travel-return
  notifications the offender must make (`rules.registration.notifications_due`), and a visit
  verifying each newly notified home address
  [docs/rules.md § Address verification and travel follow-up].
"""

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from typing import cast

from django.db import models

from rules import national
from rules.choices import (
    CLOSED_STATUSES,
    LeadAgency,
    ManagementMode,
    OffenderStatus,
    RiskLevel,
    VisitRegimeUnit,
)
from rules.dates import (
    add_days,
    add_months,
    add_weeks,
    days_overdue,
    is_overdue,
    long_date,
    one_month_deadline,
)
from rules.lead_agency import post_licence_deadline
from rules.policy import DEFAULT_POLICY, Policy
from rules.registration import (
    NotificationKind,
    RegistrationFacts,
    address_verification_due,
    notifications_due,
)


class InvalidFactsError(ValueError):
    """The facts handed to the due engine contradict each other; the message says how."""


class DueKind(models.TextChoices):
    VISIT = "visit", "Home visit"
    ARMS = "arms", "ARMS assessment"
    RMP_REVIEW = "rmp_review", "RMP review"
    POST_LICENCE_ARMS_RMP = "post_licence_arms_rmp", "New ARMS and RMP after police became lead agency"
    REACTIVE_CHECKS = "reactive_checks", "Annual intelligence checks (PND, ViSOR, PNC, local)"
    REACTIVE_RMP_REVIEW = "reactive_rmp_review", "Annual RMP review (reactive management)"
    PND_CHECK = "pnd_check", "PND check"
    CONDITION_CHECK = "condition_check", "Order condition check"
    SUPERVISOR_REVIEW_ARMS = "supervisor_review_arms", "Supervisor review of an ARMS assessment"
    SUPERVISOR_REVIEW_RMP = "supervisor_review_rmp", "Supervisor review of an RMP"
    SUPERVISOR_REVIEW_VISIT = "supervisor_review_visit", "Supervisor review of a visit"
    NOTIFICATION_INITIAL = "notification_initial", "Initial notification by the offender"
    NOTIFICATION_RELEASE = "notification_release", "Notification of release by the offender"
    NOTIFICATION_PERIODIC = "notification_periodic", "Periodic notification by the offender"
    TRAVEL_RETURN = "travel_return", "Return from abroad notified by the offender"
    ADDRESS_VERIFICATION = "address_verification", "Visit to verify a newly notified home address"


# The notifications the offender must make, as due items (docs/rules.md § Notification requirements).
_NOTIFICATION_DUE_KIND = {
    NotificationKind.INITIAL: (DueKind.NOTIFICATION_INITIAL, "relevant date"),
    NotificationKind.RELEASE: (DueKind.NOTIFICATION_RELEASE, "release"),
    NotificationKind.PERIODIC: (DueKind.NOTIFICATION_PERIODIC, "last notification"),
    NotificationKind.TRAVEL_RETURN: (DueKind.TRAVEL_RETURN, "planned return"),
}
# The kinds the offender must do (notify), not the unit: a failure to comply, not overdue work.
NOTIFICATION_DUE_KINDS = frozenset(kind for kind, _ in _NOTIFICATION_DUE_KIND.values())


class ReviewableKind(models.TextChoices):
    """Work a supervisor must review [docs/rules.md § Supervisor review]."""

    ARMS = "arms", "ARMS assessment"
    RMP = "rmp", "Risk management plan"
    VISIT = "visit", "Visit"


_SUPERVISOR_REVIEW_KIND = {
    ReviewableKind.ARMS: DueKind.SUPERVISOR_REVIEW_ARMS,
    ReviewableKind.RMP: DueKind.SUPERVISOR_REVIEW_RMP,
    ReviewableKind.VISIT: DueKind.SUPERVISOR_REVIEW_VISIT,
}
_KIND_ORDER = {kind: position for position, kind in enumerate(DueKind)}


@dataclass(frozen=True)
class VisitRegime:
    """An RMP's bespoke visit regime: every `interval` weeks or months
    [docs/rules.md § Risk assessments and plans]."""

    interval: int
    unit: VisitRegimeUnit

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "unit", VisitRegimeUnit(self.unit))
        except ValueError:
            raise InvalidFactsError(f"Unknown visit regime unit {self.unit!r}.") from None
        if self.interval < 1:
            raise InvalidFactsError(f"A visit regime interval must be at least 1, not {self.interval}.")

    def next_after(self, d: date) -> date:
        if self.unit == VisitRegimeUnit.WEEKS:
            return add_weeks(d, self.interval)
        return add_months(d, self.interval)

    def describe(self) -> str:
        unit = str(self.unit.label)
        if self.interval == 1:
            return f"every {unit.removesuffix('s')}"
        return f"every {self.interval} {unit}"


@dataclass(frozen=True)
class AwaitingReview:
    """An ARMS, RMP or visit submitted on `submitted_on` and not yet signed off."""

    kind: ReviewableKind
    item_id: Hashable
    submitted_on: date

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "kind", ReviewableKind(self.kind))
        except ValueError:
            raise InvalidFactsError(f"Unknown kind of work awaiting review {self.kind!r}.") from None


@dataclass(frozen=True)
class ConditionToCheck:
    """A condition of a civil order in force: checked `every` (its own interval), at every
    visit, or by the force default when it sets neither."""

    condition_id: Hashable
    description: str
    order_starts_on: date
    last_checked_on: date | None = None
    every: VisitRegime | None = None
    at_every_visit: bool = False


@dataclass(frozen=True)
class OffenderFacts:
    """What the due engine needs to know about one offender, as plain values.

    - `risk_level`: the latest ARMS level; None when there is no ARMS yet.
    - `record_started_on`: when the unit's management of the offender began — the base for
      any work that has never been done.
    - `police_lead_since`: when the lead passed from probation to police (end of licence or
      community order); None if the police have always led. Ignored while probation leads.
    - `last_visit_on`, `last_arms_on`, `last_rmp_on`: when the last visit took place or the
      last ARMS or RMP was completed, whether or not it has been signed off yet (sign-off is
      tracked by `items_awaiting_review`).
    - `rmp_next_review_on`: a review date the current RMP sets itself (on or after
      `last_rmp_on`); `rmp_visit_regime`: the current RMP's visit regime, if any.
    - `last_reactive_checks_on`: when the last *full* set of reactive annual intelligence
      checks (PND, ViSOR, PNC, local) was completed; `reactive_since`: when the offender was
      moved to reactive management — the base for the first annual checks.
    - `items_awaiting_review`: submitted, not yet signed off.
    - `community_since`: the first day of the current time in the community (None when not
      in it); `community_since_reason` says what began it ("release from custody").
    - `returned_to_active_on`: when the offender last came back from reactive management.
    - `post_licence_rule_applies`: the police became lead at `police_lead_since` because a
      licence (or the prison sentence, or a community order where the force says so) ended.
    - `risk_level_source`: "probation" when `risk_level` is probation's assessment (no
      police ARMS yet).
    - `rmp_later_review_authorised`: a supervisor authorised the RMP's later review date.
    - `conditions_to_check`: the conditions of civil orders in force.
    - `registration`: the offender's notification history and position (`rules.registration`);
      None when no notification is tracked (not a registered offender, or no history held).
    - `home_address_notified_on`: the day the latest new home address was notified (initial,
      release or a change of home address); a visit on or after it verifies it.

    Enum fields accept their plain string values. Contradictory facts raise
    `InvalidFactsError`.
    """

    offender_id: Hashable
    status: OffenderStatus
    management_mode: ManagementMode
    lead_agency: LeadAgency
    record_started_on: date
    risk_level: RiskLevel | None = None
    police_lead_since: date | None = None
    last_visit_on: date | None = None
    last_arms_on: date | None = None
    last_rmp_on: date | None = None
    rmp_next_review_on: date | None = None
    rmp_visit_regime: VisitRegime | None = None
    last_pnd_check_on: date | None = None
    reactive_since: date | None = None
    last_reactive_checks_on: date | None = None
    items_awaiting_review: tuple[AwaitingReview, ...] = field(default=())
    community_since: date | None = None
    community_since_reason: str = ""
    returned_to_active_on: date | None = None
    post_licence_rule_applies: bool = False
    risk_level_source: str = ""
    rmp_later_review_authorised: bool = False
    conditions_to_check: tuple[ConditionToCheck, ...] = field(default=())
    registration: RegistrationFacts | None = None
    home_address_notified_on: date | None = None

    def __post_init__(self) -> None:
        for name, choices in (
            ("status", OffenderStatus),
            ("management_mode", ManagementMode),
            ("lead_agency", LeadAgency),
            ("risk_level", RiskLevel),
        ):
            value = getattr(self, name)
            if value is None and name == "risk_level":
                continue
            try:
                object.__setattr__(self, name, choices(value))
            except ValueError:
                raise InvalidFactsError(f"Unknown {name.replace('_', ' ')} {value!r}.") from None
        object.__setattr__(self, "items_awaiting_review", tuple(self.items_awaiting_review))
        object.__setattr__(self, "conditions_to_check", tuple(self.conditions_to_check))
        if self.rmp_next_review_on is not None:
            if self.last_rmp_on is None:
                raise InvalidFactsError("An RMP review date was given but there is no RMP.")
            if self.rmp_next_review_on < self.last_rmp_on:
                raise InvalidFactsError(
                    f"The RMP's next review ({long_date(self.rmp_next_review_on)}) is before the RMP "
                    f"itself ({long_date(self.last_rmp_on)})."
                )


@dataclass(frozen=True)
class DueItem:
    """One piece of work due: `rule` says which rule set `due_on`, counted from `basis_on`
    (`basis` names it, e.g. "last visit"). `related_item_id` is the ARMS, RMP or visit a
    supervisor review is for."""

    offender_id: Hashable
    kind: DueKind
    due_on: date
    rule: str
    basis: str
    basis_on: date
    related_item_id: Hashable | None = None

    def days_overdue(self, today: date) -> int:
        return days_overdue(self.due_on, today)

    def is_overdue(self, today: date) -> bool:
        return is_overdue(self.due_on, today)


@dataclass(frozen=True)
class AssessedItem:
    """A due item as it stands on a given day: overdue iff `days_overdue` > 0."""

    item: DueItem
    days_overdue: int

    @property
    def is_overdue(self) -> bool:
        return self.days_overdue > 0


def due_items(facts: OffenderFacts, policy: Policy = DEFAULT_POLICY) -> list[DueItem]:
    """Every piece of work due for one offender, soonest first (rules: module docstring)."""
    if facts.status in CLOSED_STATUSES:
        return []
    visits = _visits(facts, policy)
    items = [
        *visits,
        *_police_risk_work(facts, policy),
        *_intelligence_checks(facts, policy),
        *_condition_checks(facts, policy, visits),
        *_supervisor_reviews(facts),
        *_registration(facts, policy),
    ]
    return sorted(items, key=lambda item: (item.due_on, _KIND_ORDER[item.kind], str(item.related_item_id)))


def assess(facts: OffenderFacts, policy: Policy, today: date) -> list[AssessedItem]:
    """`due_items` with how many whole days each is overdue on `today` (0 if not yet)."""
    return assess_items(due_items(facts, policy), today)


def assess_items(items: list[DueItem], today: date) -> list[AssessedItem]:
    """Due items with how many whole days each is overdue on `today`."""
    return [AssessedItem(item=item, days_overdue=item.days_overdue(today)) for item in items]


def overdue_items(facts: OffenderFacts, policy: Policy, today: date) -> list[AssessedItem]:
    """The items past their due date on `today` (due today is not overdue)."""
    return [assessed for assessed in assess(facts, policy, today) if assessed.is_overdue]


def _visits(facts: OffenderFacts, policy: Policy) -> list[DueItem]:
    if facts.status != OffenderStatus.COMMUNITY or facts.management_mode == ManagementMode.REACTIVE:
        return []
    basis, basis_on = _latest(
        ("start of management", facts.record_started_on),
        (facts.community_since_reason or "return to the community", facts.community_since),
        ("return to active management", facts.returned_to_active_on),
        ("last visit", facts.last_visit_on),
    )
    if facts.rmp_visit_regime is not None:
        regime = facts.rmp_visit_regime
        due_on = regime.next_after(basis_on)
        rule = f"RMP visit regime: {regime.describe()}"
    elif facts.risk_level is not None:
        months = policy.visit_interval_months(facts.risk_level)
        due_on = add_months(basis_on, months)
        rule = f"Force default for {_risk_label(facts)} risk: {_every_months(months)}"
    else:
        months = min(policy.visit_interval_months(level) for level in RiskLevel)
        due_on = add_months(basis_on, months)
        rule = f"No risk level yet: most frequent force default, {_every_months(months)}"
    return [_item(facts, DueKind.VISIT, due_on, rule, basis, basis_on)]


def _latest(*candidates: tuple[str, date | None]) -> tuple[str, date]:
    """The latest dated candidate (the last one named wins a tie)."""
    dated = [(on, position, name) for position, (name, on) in enumerate(candidates) if on is not None]
    on, _, name = max(dated)
    return name, on


def _police_risk_work(facts: OffenderFacts, policy: Policy) -> list[DueItem]:
    if facts.lead_agency != LeadAgency.POLICE:
        return []
    since = facts.police_lead_since
    # The 15 days run only when the lead passed while this unit managed the offender; one
    # who arrives long after their licence ended gets the routine first ARMS and RMP.
    if (
        facts.post_licence_rule_applies
        and since is not None
        and since >= facts.record_started_on
        and not (
            facts.last_arms_on is not None
            and facts.last_arms_on >= since
            and facts.last_rmp_on is not None
            and facts.last_rmp_on >= since
        )
    ):
        rule = (
            f"National: new ARMS and RMP within {national.POST_LICENCE_DEADLINE_DAYS} days of the "
            "police becoming lead agency"
        )
        return [
            _item(
                facts,
                DueKind.POST_LICENCE_ARMS_RMP,
                post_licence_deadline(police_lead_since=since),
                rule,
                "police became lead agency",
                since,
            )
        ]
    return [_arms(facts, policy), _rmp_review(facts, policy)]


def _police_management_start(facts: OffenderFacts) -> tuple[str, date]:
    return _latest(
        ("start of management", facts.record_started_on),
        ("police became lead agency", facts.police_lead_since),
    )


def _first(facts: OffenderFacts, policy: Policy, kind: DueKind, work: str) -> DueItem:
    basis, basis_on = _police_management_start(facts)
    days = policy.first_assessment_days
    return _item(
        facts,
        kind,
        add_days(basis_on, days),
        f"Force setting: first {work} within {days} days of police management starting",
        basis,
        basis_on,
    )


def _arms(facts: OffenderFacts, policy: Policy) -> DueItem:
    if facts.last_arms_on is None:
        return _first(facts, policy, DueKind.ARMS, "ARMS")
    months, rule = _default_interval(facts, policy.arms_interval_months, "ARMS")
    return _item(
        facts, DueKind.ARMS, add_months(facts.last_arms_on, months), rule, "last ARMS", facts.last_arms_on
    )


def _default_interval(facts: OffenderFacts, interval_for: Callable[[str], int], work: str) -> tuple[int, str]:
    """The force default interval for the offender's risk level, and the rule to show; with
    no level recorded, the most frequent of the defaults."""
    if facts.risk_level is not None:
        months = interval_for(facts.risk_level)
        return months, f"Force default for {_risk_label(facts)} risk: {work} {_every_months(months)}"
    months = min(interval_for(level) for level in RiskLevel)
    return months, f"No risk level recorded: most frequent force default, {_every_months(months)}"


def _rmp_review(facts: OffenderFacts, policy: Policy) -> DueItem:
    """The RMP's own review date counts when it is earlier than the interval, or later with a
    supervisor's authorisation; otherwise the interval decides [docs/rules.md § What falls due]."""
    if facts.last_rmp_on is None:
        return _first(facts, policy, DueKind.RMP_REVIEW, "RMP")
    if facts.management_mode == ManagementMode.REACTIVE:
        kind, months = DueKind.REACTIVE_RMP_REVIEW, national.REACTIVE_RMP_REVIEW_MONTHS
        rule = f"Reactive management: RMP review {_every_months(months)}"
        set_by_plan = "Review date set by the RMP (reactive management)"
    else:
        kind = DueKind.RMP_REVIEW
        months, rule = _default_interval(facts, policy.rmp_review_interval_months, "RMP review")
        set_by_plan = "Review date set by the RMP"
    interval_due = add_months(facts.last_rmp_on, months)
    own = facts.rmp_next_review_on
    if own is not None and own < interval_due:
        due_on, rule = own, f"{set_by_plan}, earlier than the interval"
    elif own is not None and own > interval_due and facts.rmp_later_review_authorised:
        due_on, rule = own, f"{set_by_plan}, later than the interval: authorised by a supervisor"
    elif own is not None and own > interval_due:
        due_on = interval_due
        rule += " (the RMP's later review date has not been authorised by a supervisor)"
    else:
        due_on = interval_due
    return _item(facts, kind, due_on, rule, "last RMP", facts.last_rmp_on)


@dataclass(frozen=True)
class PlanReviewInterval:
    """The latest review date the interval allows an RMP (`due_on`, from the day it was
    written) and the rule that sets it, for showing on the plan."""

    due_on: date
    rule: str


def rmp_review_interval(
    *,
    written_on: date,
    risk_level: str | None,
    management_mode: str,
    risk_level_source: str = "",
    policy: Policy = DEFAULT_POLICY,
) -> PlanReviewInterval:
    """The review date the force's interval gives an RMP written on `written_on`: a review
    date the plan sets later than this needs a supervisor's authorisation. Decided by
    `_rmp_review`, the one place the rule lives."""
    facts = OffenderFacts(
        offender_id=None,
        status=OffenderStatus.COMMUNITY,
        # OffenderFacts turns the strings into their choices (__post_init__).
        management_mode=cast(ManagementMode, management_mode),
        lead_agency=LeadAgency.POLICE,
        record_started_on=written_on,
        risk_level=cast(RiskLevel | None, risk_level),
        risk_level_source=risk_level_source,
        last_rmp_on=written_on,
    )
    item = _rmp_review(facts, policy)
    return PlanReviewInterval(due_on=item.due_on, rule=item.rule)


def _intelligence_checks(facts: OffenderFacts, policy: Policy) -> list[DueItem]:
    if facts.management_mode == ManagementMode.REACTIVE:
        months = national.REACTIVE_CHECK_INTERVAL_MONTHS
        basis, basis_on = _latest(
            ("start of management", facts.record_started_on),
            ("start of reactive management", facts.reactive_since),
            ("last annual checks", facts.last_reactive_checks_on),
        )
        rule = f"Reactive management: PND, ViSOR, PNC and local checks {_every_months(months)}"
        return [_item(facts, DueKind.REACTIVE_CHECKS, add_months(basis_on, months), rule, basis, basis_on)]
    if facts.status != OffenderStatus.COMMUNITY:
        return []
    if facts.last_pnd_check_on is None:
        basis, basis_on = _latest(
            ("start of management", facts.record_started_on),
            (facts.community_since_reason or "return to the community", facts.community_since),
        )
        days = policy.first_assessment_days
        rule = f"Force setting: first PND check within {days} days"
        return [_item(facts, DueKind.PND_CHECK, add_days(basis_on, days), rule, basis, basis_on)]
    months = policy.pnd_check_interval_months
    return [
        _item(
            facts,
            DueKind.PND_CHECK,
            add_months(facts.last_pnd_check_on, months),
            f"Force default: PND check {_every_months(months)}",
            "last PND check",
            facts.last_pnd_check_on,
        )
    ]


def _condition_checks(facts: OffenderFacts, policy: Policy, visits: list[DueItem]) -> list[DueItem]:
    if facts.status != OffenderStatus.COMMUNITY:
        return []
    items = []
    for condition in facts.conditions_to_check:
        basis, basis_on = _latest(
            ("start of the order", condition.order_starts_on), ("last check", condition.last_checked_on)
        )
        if condition.at_every_visit:
            if not visits:
                continue
            due_on, rule = visits[0].due_on, "Order condition checked at every visit"
        elif condition.every is not None:
            due_on = condition.every.next_after(basis_on)
            rule = f"Order condition checked {condition.every.describe()}"
        else:
            months = policy.order_condition_check_months
            due_on, rule = (
                add_months(basis_on, months),
                f"Force default: order condition checked {_every_months(months)}",
            )
        items.append(
            _item(
                facts,
                DueKind.CONDITION_CHECK,
                due_on,
                f"{rule}: {condition.description}",
                basis,
                basis_on,
                related_item_id=condition.condition_id,
            )
        )
    return items


def _supervisor_reviews(facts: OffenderFacts) -> list[DueItem]:
    return [
        _item(
            facts,
            _SUPERVISOR_REVIEW_KIND[awaiting.kind],
            one_month_deadline(awaiting.submitted_on),
            f"National: supervisor's written review within {national.SUPERVISOR_REVIEW_MONTHS} month "
            "of submission",
            "submitted for review",
            awaiting.submitted_on,
            related_item_id=awaiting.item_id,
        )
        for awaiting in facts.items_awaiting_review
    ]


def _registration(facts: OffenderFacts, policy: Policy) -> list[DueItem]:
    """What the offender must notify next (`rules.registration.notifications_due`: it stops at
    the end of the notification period), and the visit verifying a newly notified home address
    while the offender is in the community: due `address_verification_days` (force setting)
    after it was notified, done by a visit on or after that day."""
    if facts.registration is None:
        return []
    items = []
    for due in notifications_due(facts.registration, policy):
        kind, basis = _NOTIFICATION_DUE_KIND[due.kind]
        items.append(_item(facts, kind, due.due_on, due.rule, basis, due.counted_from))
    notified_on = facts.home_address_notified_on
    if (
        notified_on is not None
        and facts.status == OffenderStatus.COMMUNITY
        and (facts.last_visit_on is None or facts.last_visit_on < notified_on)
    ):
        days = policy.address_verification_days
        rule = f"Force setting: a visit verifies a newly notified home address within {days} days"
        items.append(
            _item(
                facts,
                DueKind.ADDRESS_VERIFICATION,
                address_verification_due(notified_on, policy),
                rule,
                "home address notified",
                notified_on,
            )
        )
    return items


def _item(
    facts: OffenderFacts,
    kind: DueKind,
    due_on: date,
    rule: str,
    basis: str,
    basis_on: date,
    related_item_id: Hashable | None = None,
) -> DueItem:
    return DueItem(
        offender_id=facts.offender_id,
        kind=kind,
        due_on=due_on,
        rule=rule,
        basis=basis,
        basis_on=basis_on,
        related_item_id=related_item_id,
    )


def _risk_label(facts: OffenderFacts) -> str:
    assert facts.risk_level is not None  # both callers check
    label = str(RiskLevel(facts.risk_level).label).lower()
    return f"{label} (probation's assessment)" if facts.risk_level_source == "probation" else label


def _every_months(months: int) -> str:
    return "every month" if months == 1 else f"every {months} months"
