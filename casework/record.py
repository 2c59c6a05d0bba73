"""What the offender record page shows, each part in one query."""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from heapq import merge

from django.db.models import OuterRef, Prefetch, Subquery
from django.urls import reverse

from offenders.life_course import LifeCourseEntry, long_date
from offenders.models import (
    ConditionCheck,
    IntelligenceCheck,
    ManagementModeChange,
    Offender,
    Order,
    OrderCondition,
    Outcome,
    RegisteredDevice,
    RegistrationNotification,
)
from offenders.registration import HistoryEntry, notification_history, trips_not_returned
from outstanding.models import OutstandingItem
from risk.models import ArmsAssessment, RiskManagementPlan, SupervisorReview, reviews_about
from rules.choices import COMPLETED_STATUSES, LeadAgency, OffenderStatus, RiskLevel, WorkflowStatus
from rules.dates import days_overdue
from rules.life_course import LifeState
from rules.notification import Figure1Row
from rules.policy import Policy
from rules.registration import regime_for
from visits.models import Visit

TIMELINE_PER_KIND = 30
# The record shows the latest life events; the life course page lists them all.
LIFE_COURSE_ON_RECORD = 20


@dataclass(frozen=True)
class DueEntry:
    item: OutstandingItem
    days_overdue: int


@dataclass(frozen=True)
class TimelineEntry:
    on: datetime.date
    kind: str
    title: str
    detail: str
    status: str = ""
    url: str = ""


def force_policy(offender: Offender) -> Policy:
    """The offender's force policy as the rules read it (`ForcePolicy.rules_for`), from the
    row selected with the offender (`force__policy`) when it was."""
    force = offender.force
    return force.policy.as_rules() if hasattr(force, "policy") else Policy()


def due_panel(offender: Offender, *, today: datetime.date) -> list[DueEntry]:
    items = OutstandingItem.objects.filter(offender=offender).order_by("due_on", "kind")
    return [DueEntry(item=item, days_overdue=days_overdue(item.due_on, today)) for item in items]


# The latest notifications the record shows; the rest are on the notifications page.
NOTIFICATIONS_ON_RECORD = 3


@dataclass(frozen=True)
class Notifications:
    """The record's notifications panel: whether the offender notifies at all (`applies`),
    whether the unit holds their history, and the latest few, judged."""

    applies: bool
    held: bool
    history: list[HistoryEntry]
    count: int
    trips: list[RegistrationNotification]  # upcoming and under way, not yet returned from

    @property
    def more(self) -> bool:
        return self.count > len(self.history)


def notifications(offender: Offender, *, today: datetime.date) -> Notifications:
    history = notification_history(offender, today=today)
    return Notifications(
        applies=regime_for(offender.offender_type) is not None,
        held=offender.notification_history_from is not None or bool(history),
        history=history[:NOTIFICATIONS_ON_RECORD],
        count=len(history),
        trips=list(trips_not_returned(today).filter(offender=offender)),
    )


def orders(offender: Offender) -> list[Order]:
    """The offender's orders, latest first, each condition with the date and result of its
    last check (`last_checked_on`, `last_check_result`)."""
    latest = ConditionCheck.objects.filter(condition=OuterRef("pk")).order_by("-checked_on", "-pk")
    conditions = OrderCondition.objects.order_by("pk").annotate(
        last_checked_on=Subquery(latest.values("checked_on")[:1]),
        last_check_result=Subquery(latest.values("result")[:1]),
    )
    return list(
        Order.objects.filter(offender=offender).prefetch_related(Prefetch("conditions", queryset=conditions))
    )


def devices(offender: Offender) -> list[RegisteredDevice]:
    return list(offender.devices.order_by("removed_on", "registered_on"))


def current_arms(offender: Offender) -> ArmsAssessment | None:
    """The latest submitted or signed-off ARMS; one still awaiting sign-off carries the latest
    signed-off one's level and date (`signed_off_level`, `signed_off_on`), for the record to say
    which assessment a supervisor has accepted [docs/rules.md § Supervisor review]."""
    signed_off = ArmsAssessment.objects.filter(
        offender=OuterRef("offender"), status=WorkflowStatus.SIGNED_OFF
    ).order_by("-assessed_on", "-version")
    arms = (
        ArmsAssessment.objects.filter(offender=offender, status__in=COMPLETED_STATUSES)
        .annotate(
            signed_off_level=Subquery(signed_off.values("risk_level")[:1]),
            signed_off_on=Subquery(signed_off.values("assessed_on")[:1]),
        )
        .order_by("-assessed_on", "-version")
        .first()
    )
    if arms is not None and arms.signed_off_level:
        arms.signed_off_level_display = RiskLevel(arms.signed_off_level).label
    return arms


def _run_began(entries: Sequence[LifeCourseEntry], value: Callable[[LifeState], str]) -> datetime.date | None:
    """The day the latest run of events leaving the same `value` (a status, a lead agency)
    began: the first of them (`entries` newest first)."""
    if not entries or entries[0].state is None:
        return None
    current, day = value(entries[0].state), None
    for entry in entries:
        if entry.state is None or value(entry.state) != current:
            break
        day = entry.event.occurred_on
    return day


# --------------------------------------------------------------------------- notification


@dataclass(frozen=True)
class Notification:
    """The offender's notification requirements in words, for the record's details."""

    applies: bool
    basis: str = ""
    end: str = ""
    provisional: bool = False
    review: str = ""


def notification(offender: Offender) -> Notification:
    """What governs the notification (the row of Figure 1 or the order), its last day or that it
    has none, whether the end moves on while detained, and the earliest indefinite review."""
    basis = offender.notification_basis
    if not basis:
        return Notification(applies=False)
    row = Figure1Row(basis) if basis in Figure1Row.values else None
    label = row.label if row else basis
    if not offender.notification_indefinite:
        end = (
            f"last day {long_date(offender.notification_ends_on)}"
            if offender.notification_ends_on
            else "end not known"
        )
        return Notification(
            applies=True, basis=label, end=end, provisional=offender.notification_end_provisional
        )
    if row in (Figure1Row.CIVIL_ORDER, Figure1Row.VIOLENT_OFFENDER_ORDER):
        return Notification(applies=True, basis=label, end="until the order ends")
    if offender.indefinite_review_earliest_on:
        review = f"earliest review {long_date(offender.indefinite_review_earliest_on)}"
    elif offender.status in (OffenderStatus.CUSTODY, OffenderStatus.HOSPITAL):
        review = f"earliest review not yet known ({offender.get_status_display().lower()})"
    else:
        review = "earliest review not yet known"
    return Notification(applies=True, basis=label, end="indefinite", review=review)


def lead_since(offender: Offender, entries: Sequence[LifeCourseEntry]) -> datetime.date | None:
    """Since when the current lead agency has led (the police: from the handover, which may
    predate the unit's management)."""
    if offender.lead_agency == LeadAgency.POLICE and offender.police_lead_since:
        return offender.police_lead_since
    return _run_began(entries, lambda state: state.lead_agency)


def status_since(offender: Offender, entries: Sequence[LifeCourseEntry]) -> datetime.date | None:
    """Since when the offender has had their current status (in the community: since the day
    their current time in it began)."""
    if offender.status == OffenderStatus.COMMUNITY and offender.community_since:
        return offender.community_since
    return _run_began(entries, lambda state: state.status)


# --------------------------------------------------------------------------- timeline


def _mode_change_entry(change: ManagementModeChange) -> TimelineEntry:
    who = "By the system" if change.changed_by is None else f"Decided by {change.changed_by}"
    return TimelineEntry(
        change.changed_on, "management", f"{change.get_mode_display()} management", f"{who}: {change.reason}"
    )


def _reviewed_record(review: SupervisorReview) -> str:
    """What a review was of, in words: "the visit on 3 October 2026"."""
    if review.visit is not None:
        return f"the visit on {long_date(review.visit.visited_on)}"
    if review.arms_assessment is not None:
        return f"the ARMS assessment of {long_date(review.arms_assessment.assessed_on)}"
    plan = review.risk_management_plan
    assert plan is not None  # a review is of exactly one record
    return f"the risk management plan of {long_date(plan.written_on)}"


def _with_notes(detail: str, notes: str) -> str:
    """A timeline entry's detail followed by the notes recorded with it."""
    return "; ".join(part for part in (detail, notes.strip()) if part)


def timeline(offender: Offender, *, life_course: Sequence[LifeCourseEntry]) -> list[TimelineEntry]:
    """The latest life events (`life_course`, newest first), changes of management, visits,
    ARMS, RMPs, reviews, intelligence checks and outcomes, newest first."""
    limit = TIMELINE_PER_KIND
    events_url = reverse("life-events", args=[offender.pk])
    events = [
        TimelineEntry(
            entry.event.occurred_on,
            "event",
            entry.what,
            f"Recorded by {entry.recorded_by}"
            + (
                f"; corrects the record: {entry.event.correction_reason}"
                if entry.event.correction_reason
                else ""
            ),
            url=events_url,
        )
        for entry in life_course[:limit]
    ]
    modes = [
        _mode_change_entry(change)
        for change in ManagementModeChange.objects.filter(offender=offender)
        .select_related("changed_by")
        .order_by("-changed_on", "-pk")[:limit]
    ]
    visits = [
        TimelineEntry(
            v.visited_on,
            "visit",
            f"Visit: {v.get_outcome_display()}",
            f"{v.crew_size} officer{'' if v.crew_size == 1 else 's'}, "
            f"{'announced' if v.announced else 'unannounced'}"
            + ("" if v.is_compliant else " – non-compliant, unauthorised"),
            v.get_status_display(),
            reverse("visit-detail", args=[v.pk]),
        )
        for v in Visit.objects.filter(offender=offender).order_by("-visited_on")[:limit]
    ]
    assessments = [
        TimelineEntry(
            a.assessed_on,
            "arms",
            f"ARMS assessment: {a.get_risk_level_display()}",
            f"Version {a.version}",
            a.get_status_display(),
            reverse("arms-detail", args=[a.pk]),
        )
        for a in ArmsAssessment.objects.filter(offender=offender).order_by("-assessed_on")[:limit]
    ]
    plans = [
        TimelineEntry(
            p.written_on,
            "rmp",
            "Risk management plan",
            f"Version {p.version}; next review {p.next_review_on:%-d %b %Y}",
            p.get_status_display(),
            reverse("rmp-detail", args=[p.pk]),
        )
        for p in RiskManagementPlan.objects.filter(offender=offender).order_by("-written_on")[:limit]
    ]
    reviews = [
        TimelineEntry(
            r.reviewed_on,
            "review",
            f"Supervisor review of {_reviewed_record(r)}: {r.get_decision_display().lower()}",
            f"By {r.reviewer}",
        )
        for r in SupervisorReview.objects.filter(reviews_about(offender))
        .select_related("reviewer", "visit", "arms_assessment", "risk_management_plan")
        .order_by("-reviewed_on")[:limit]
    ]
    checks = [
        TimelineEntry(
            c.checked_on,
            "check",
            f"{c.get_system_display()} check",
            _with_notes(c.get_result_display(), c.notes),
        )
        for c in IntelligenceCheck.objects.filter(offender=offender).order_by("-checked_on")[:limit]
    ]
    outcomes = [
        TimelineEntry(
            o.occurred_on, "outcome", o.get_kind_display(), _with_notes(o.get_offence_type_display(), o.notes)
        )
        for o in Outcome.objects.filter(offender=offender).order_by("-occurred_on")[:limit]
    ]
    return list(
        merge(
            events,
            modes,
            visits,
            assessments,
            plans,
            reviews,
            checks,
            outcomes,
            key=lambda e: e.on,
            reverse=True,
        )
    )
