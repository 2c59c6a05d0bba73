"""An offender manager's caseload with its outstanding work, ordered by urgency.

All counting happens in SQL over the outstanding-work table; a page of the caseload costs
the same few queries whatever its size.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min, OuterRef, Prefetch, Q, QuerySet, Subquery

from offenders.models import Offender
from offenders.registration import trips_not_returned
from offenders.selectors import managed, risk_rank, search_reference_or_name
from outstanding.kinds import OVERDUE_FILTERS
from outstanding.models import OutstandingItem

DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class CaseloadFilters:
    risk: str = ""
    status: str = ""
    overdue: str = ""  # a key of OVERDUE_FILTERS, or "any"
    due_soon: bool = False
    search: str = ""


@dataclass(frozen=True)
class CaseloadCount:
    key: str
    label: str
    offenders: int
    query: str  # the filter that lists exactly these offenders


def caseload(
    offenders: QuerySet[Offender], *, today: datetime.date, filters: CaseloadFilters
) -> QuerySet[Offender]:
    """Offenders with their outstanding work, most urgent first: risk level, then the
    oldest overdue item, then name."""
    overdue = Q(outstanding_items__due_on__lt=today)
    offenders = managed(offenders)
    if filters.risk:
        offenders = offenders.filter(risk_level=filters.risk)
    if filters.status:
        offenders = offenders.filter(status=filters.status)
    if filters.overdue in OVERDUE_FILTERS:
        kinds = OVERDUE_FILTERS[filters.overdue][1]
        offenders = offenders.filter(
            pk__in=OutstandingItem.objects.filter(kind__in=kinds, due_on__lt=today).values("offender_id")
        )
    elif filters.overdue == "any":
        offenders = offenders.filter(
            pk__in=OutstandingItem.objects.filter(due_on__lt=today).values("offender_id")
        )
    if filters.due_soon:
        offenders = offenders.filter(
            pk__in=OutstandingItem.objects.filter(
                due_on__gte=today, due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS)
            ).values("offender_id")
        )
    if filters.search:
        offenders = search_reference_or_name(offenders, filters.search.strip())
    trip = trips_not_returned(today).filter(offender=OuterRef("pk"))
    return (
        offenders.annotate(
            trip_departs_on=Subquery(trip.values("departs_on")[:1]),
            trip_returns_on=Subquery(trip.values("returns_on")[:1]),
            trip_destination=Subquery(trip.values("destination")[:1]),
            risk_rank=risk_rank(),
            overdue_items=Count("outstanding_items", filter=overdue),
            oldest_overdue_on=Min("outstanding_items__due_on", filter=overdue),
        )
        .select_related("team", "offender_manager")
        .prefetch_related(
            Prefetch("outstanding_items", queryset=OutstandingItem.objects.order_by("due_on", "kind"))
        )
        .order_by("risk_rank", "oldest_overdue_on", "last_name", "first_name", "pk")
    )


def caseload_counts(offenders: QuerySet[Offender], *, today: datetime.date) -> list[CaseloadCount]:
    """Headline counts, each the number of offenders the matching filter lists (one query)."""
    items = OutstandingItem.objects.filter(offender__in=managed(offenders))
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    aggregates = {
        key: Count("offender", distinct=True, filter=Q(kind__in=kinds, due_on__lt=today))
        for key, (_, kinds) in OVERDUE_FILTERS.items()
    }
    aggregates["due_soon"] = Count("offender", distinct=True, filter=Q(due_on__gte=today, due_on__lte=soon))
    totals = items.aggregate(**aggregates)
    counts = [
        CaseloadCount(key=key, label=f"overdue {label}", offenders=totals[key], query=f"overdue={key}")
        for key, (label, _) in OVERDUE_FILTERS.items()
    ]
    counts.append(
        CaseloadCount(
            key="due_soon",
            label=f"work due in the next {DUE_SOON_DAYS} days",
            offenders=totals["due_soon"],
            query="due_soon=1",
        )
    )
    return counts
