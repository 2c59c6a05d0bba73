"""Reads about visits: the monthly crewing table forces keep [docs/rules.md § Visits] and the
authorisations an officer can pick from."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from offenders.models import Offender
from rules.choices import WorkflowStatus
from rules.dates import add_months
from visits.models import LATEST_VERSION, Visit, VisitAuthorisation
from workforce.models import Role, Staff

AUTHORISED = Q(authorisation__isnull=False)
SINGLE_CREWED = Q(crew_size__lt=2)
# The crewing categories the force counts each month (`crewing_by_month`) and lists behind
# each count: a visit both single-crewed and announced is in both.
CREWING_FILTERS = {
    "double_crewed": ~SINGLE_CREWED,
    "single_authorised": SINGLE_CREWED & AUTHORISED,
    "single_unauthorised": SINGLE_CREWED & ~AUTHORISED,
    "announced_authorised": Q(announced=True) & AUTHORISED,
    "announced_unauthorised": Q(announced=True) & ~AUTHORISED,
}


@dataclass(frozen=True)
class CrewingMonth:
    month: datetime.date
    double_crewed: int
    single_authorised: int
    single_unauthorised: int
    announced_authorised: int
    announced_unauthorised: int

    @property
    def visits(self) -> int:
        return self.double_crewed + self.single_authorised + self.single_unauthorised


def crewing_by_month(
    visits: QuerySet[Visit], *, today: datetime.date, months: int = 12
) -> list[CrewingMonth]:
    """Visits done in each of the last `months` calendar months (this one included), counted as
    the force counts them: double-crewed; single-crewed with and without a supervisor's
    authorisation; announced with and without one. A visit both single-crewed and announced
    counts in both. Drafts are not counted, and a revised visit counts once, as its latest
    version (one query; months with no visits show zeros)."""
    first_month = add_months(today.replace(day=1), -(months - 1))
    rows = (
        visits.exclude(status=WorkflowStatus.DRAFT)
        .filter(LATEST_VERSION, visited_on__gte=first_month, visited_on__lte=today)
        .annotate(month=TruncMonth("visited_on"))
        .values("month")
        .annotate(**{name: Count("pk", filter=condition) for name, condition in CREWING_FILTERS.items()})
    )
    by_month = {row.pop("month"): row for row in rows}
    empty = dict.fromkeys(CREWING_FILTERS, 0)
    return [
        CrewingMonth(month=month, **by_month.get(month, empty))
        for month in (add_months(first_month, n) for n in range(months))
    ]


def current_authorisations(offender_id: int, *, today: datetime.date) -> QuerySet[VisitAuthorisation]:
    """The offender's authorisations that still cover today or a later day, soonest first."""
    return (
        VisitAuthorisation.objects.filter(offender_id=offender_id, valid_to__gte=today)
        .select_related("authorised_by")
        .order_by("valid_from", "pk")
    )


def co_attending_officers(offender: Offender, author: Staff) -> QuerySet[Staff]:
    """The officers `author` may name as having visited `offender` with them: active offender
    managers and supervisors of the force, in the offender's team or the author's, by name."""
    return (
        Staff.objects.filter(force_id=offender.force_id, is_active=True)
        .filter(Q(team_id=offender.team_id) | Q(team_id=author.team_id))
        .filter(role__in=[Role.OFFENDER_MANAGER, Role.SUPERVISOR])
        .exclude(pk=author.pk)
        .order_by("last_name", "first_name")
    )


def authorisations_of(offender: Offender) -> QuerySet[VisitAuthorisation]:
    """Every authorisation given for visits to `offender`, with who gave it: a visit names one."""
    return VisitAuthorisation.objects.filter(offender=offender).select_related("authorised_by")
