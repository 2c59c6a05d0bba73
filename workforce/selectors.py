"""Who is available, who supervises whom, and who covers for an absent supervisor
(shared/domain.md § People and places)."""

import datetime

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from mosovo.rules.caseload import LONG_TERM_ABSENCE_KIND_VALUES
from workforce.models import Absence, Role, Staff


def absences_on(day: datetime.date) -> QuerySet[Absence]:
    """Absences that cover `day` (an open-ended absence continues)."""
    return Absence.objects.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def long_term_absences_on(day: datetime.date, *, long_term_days: int) -> QuerySet[Absence]:
    """Absences covering `day` that take someone out of the adjusted ratio: a long-term kind,
    no end date yet, or lasting `long_term_days` or more (mosovo.rules.caseload)."""
    return absences_on(day).filter(
        Q(kind__in=LONG_TERM_ABSENCE_KIND_VALUES)
        | Q(ends_on__isnull=True)
        | Q(ends_on__gte=F("starts_on") + datetime.timedelta(days=long_term_days - 1))
    )


def absent_on(day: datetime.date) -> Exists:
    """For `Staff.objects.filter(absent_on(day))`: away on `day` for any reason."""
    return Exists(absences_on(day).filter(staff=OuterRef("pk")))


def absent_supervisors(*, force_id: int, day: datetime.date) -> QuerySet[Staff]:
    return Staff.objects.filter(force_id=force_id, role=Role.SUPERVISOR).filter(absent_on(day))


def supervised_staff(supervisor: Staff, *, day: datetime.date) -> QuerySet[Staff]:
    """The staff whose work `supervisor` oversees on `day`: those they supervise, and those
    of any supervisor in the force who is away that day (cover) [004 Supervisory staffing]."""
    if supervisor.role != Role.SUPERVISOR or supervisor.force_id is None:
        return Staff.objects.none()
    covered = absent_supervisors(force_id=supervisor.force_id, day=day).exclude(pk=supervisor.pk)
    return Staff.objects.filter(Q(supervisor=supervisor) | Q(supervisor__in=covered))
