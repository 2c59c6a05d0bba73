"""What the offender record page shows, each part in one query."""

import datetime
from dataclasses import dataclass
from heapq import merge

from django.urls import reverse

from dashboards.models import OutstandingItem
from mosovo.rules.choices import COMPLETED_STATUSES
from mosovo.rules.dates import days_overdue
from offenders.models import IntelligenceCheck, Offender, Order, Outcome, RegisteredDevice
from offenders.selectors import orders_with_conditions
from risk.models import ArmsAssessment, RiskManagementPlan, SupervisorReview, reviews_about
from visits.models import Visit

TIMELINE_PER_KIND = 30


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


def due_panel(offender: Offender, *, today: datetime.date) -> list[DueEntry]:
    items = OutstandingItem.objects.filter(offender=offender).order_by("due_on", "kind")
    return [DueEntry(item=item, days_overdue=days_overdue(item.due_on, today)) for item in items]


def orders(offender: Offender) -> list[Order]:
    return orders_with_conditions(offender.pk)


def devices(offender: Offender) -> list[RegisteredDevice]:
    return list(offender.devices.order_by("removed_on", "registered_on"))


def current_arms(offender: Offender) -> ArmsAssessment | None:
    return (
        ArmsAssessment.objects.filter(offender=offender, status__in=COMPLETED_STATUSES)
        .order_by("-assessed_on", "-version")
        .first()
    )


def timeline(offender: Offender) -> list[TimelineEntry]:
    """The latest visits, ARMS, RMPs, reviews, intelligence checks and outcomes, newest first."""
    limit = TIMELINE_PER_KIND
    visits = [
        TimelineEntry(
            v.visited_on,
            "visit",
            f"Visit: {v.get_outcome_display()}",
            f"{v.crew_size} officer(s), {'announced' if v.announced else 'unannounced'}"
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
            r.reviewed_on, "review", f"Supervisor review: {r.get_decision_display()}", f"By {r.reviewer}"
        )
        for r in SupervisorReview.objects.filter(reviews_about(offender))
        .select_related("reviewer")
        .order_by("-reviewed_on")[:limit]
    ]
    checks = [
        TimelineEntry(c.checked_on, "check", f"{c.get_system_display()} check", c.get_result_display())
        for c in IntelligenceCheck.objects.filter(offender=offender).order_by("-checked_on")[:limit]
    ]
    outcomes = [
        TimelineEntry(o.occurred_on, "outcome", o.get_kind_display(), o.get_offence_type_display())
        for o in Outcome.objects.filter(offender=offender).order_by("-occurred_on")[:limit]
    ]
    return list(
        merge(visits, assessments, plans, reviews, checks, outcomes, key=lambda e: e.on, reverse=True)
    )
