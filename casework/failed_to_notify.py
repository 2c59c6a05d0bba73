"""Who has failed to notify [docs/rules.md § Failing to comply]: every offender with a
notification past its last day, computed from the outstanding work (so nothing is lost if a
notice is not sent), with what the unit has done about it since.

One query whatever the caseload: the overdue notification items, each with the latest
response recorded on or after its due date (a subquery).
"""

import datetime
from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery

from offenders.models import FailureResponse, Offender, Outcome, OutcomeKind
from offenders.selectors import offenders_visible_to
from outstanding.models import OutstandingItem
from rules.dates import days_overdue
from rules.due import NOTIFICATION_DUE_KINDS
from workforce.models import Role, Staff
from workforce.selectors import supervised_staff


@dataclass(frozen=True)
class Failure:
    """One notification not made in time, and the latest response to it (if any)."""

    item: OutstandingItem
    days_overdue: int
    response: str
    response_on: datetime.date | None

    @property
    def response_label(self) -> str:
        return str(FailureResponse(self.response).label) if self.response else ""


def failures_in(offenders: QuerySet[Offender], *, today: datetime.date) -> QuerySet[OutstandingItem]:
    """The overdue notification items of `offenders`, oldest first, with the latest response
    recorded on or after each one's due date."""
    latest = Outcome.objects.filter(
        offender=OuterRef("offender"), kind=OutcomeKind.FAILED_TO_NOTIFY, occurred_on__gte=OuterRef("due_on")
    ).order_by("-occurred_on", "-pk")
    return (
        OutstandingItem.objects.filter(
            offender__in=offenders, kind__in=NOTIFICATION_DUE_KINDS, due_on__lt=today
        )
        .annotate(
            response=Subquery(latest.values("response")[:1]),
            response_on=Subquery(latest.values("occurred_on")[:1]),
        )
        .select_related("offender", "offender_manager")
        .order_by("due_on", "offender__last_name", "pk")
    )


def failures(items: QuerySet[OutstandingItem], *, today: datetime.date) -> list[Failure]:
    return [
        Failure(
            item=item,
            days_overdue=days_overdue(item.due_on, today),
            response=item.response or "",
            response_on=item.response_on,
        )
        for item in items
    ]


def offenders_watched_by(user: Staff, *, today: datetime.date) -> QuerySet[Offender]:
    """Whose failures a person follows: an OM their own caseload, a supervisor the caseloads of
    the officers they oversee, anyone else every offender they may read."""
    visible = offenders_visible_to(user, today=today)
    if user.role == Role.OFFENDER_MANAGER:
        return visible.filter(offender_manager=user)
    if user.role == Role.SUPERVISOR:
        return visible.filter(offender_manager__in=supervised_staff(user, day=today))
    return visible
