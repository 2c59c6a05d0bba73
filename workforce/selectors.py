"""Who is available, who supervises whom, and who covers for an absent supervisor
(docs/rules.md § People and places)."""

import datetime

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from rules.caseload import LONG_TERM_ABSENCE_KIND_VALUES
from workforce.models import Absence, AbsenceKind, Role, Staff, Team


def absences_on(day: datetime.date) -> QuerySet[Absence]:
    """Absences that cover `day` (an open-ended absence continues)."""
    return Absence.objects.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def long_term_absences_on(day: datetime.date, *, long_term_days: int) -> QuerySet[Absence]:
    """Absences covering `day` that take someone out of the adjusted ratio: a kind that can be
    long-term which has lasted by `day` (no end date yet), or is planned to last (an end date),
    `long_term_days` days or more. The SQL of `rules.caseload.is_long_term_absence`."""
    at_least = datetime.timedelta(days=long_term_days - 1)
    return (
        absences_on(day)
        .filter(kind__in=LONG_TERM_ABSENCE_KIND_VALUES)
        .filter(
            Q(ends_on__isnull=True, starts_on__lte=day - at_least) | Q(ends_on__gte=F("starts_on") + at_least)
        )
    )


def absent_on(day: datetime.date) -> Exists:
    """For `Staff.objects.filter(absent_on(day))`: away on `day` for any reason."""
    return Exists(absences_on(day).filter(staff=OuterRef("pk")))


def absent_supervisors(*, force_id: int, day: datetime.date) -> QuerySet[Staff]:
    return Staff.objects.filter(force_id=force_id, role=Role.SUPERVISOR).filter(absent_on(day))


def supervised_staff(supervisor: Staff, *, day: datetime.date) -> QuerySet[Staff]:
    """The staff whose work `supervisor` oversees on `day`: those they supervise, and those
    of any supervisor in the force who is away that day (cover) [docs/rules.md § People and places]."""
    if supervisor.role != Role.SUPERVISOR or supervisor.force_id is None:
        return Staff.objects.none()
    covered = absent_supervisors(force_id=supervisor.force_id, day=day).exclude(pk=supervisor.pk)
    return Staff.objects.filter(Q(supervisor=supervisor) | Q(supervisor__in=covered))


def teams_visible_to(user: Staff, *, day: datetime.date) -> QuerySet[Team]:
    """Teams whose caseloads a user may look at: a supervisor's own team and the teams of the
    staff they supervise or cover for; a senior leader's whole force."""
    if not user.is_authenticated or not user.is_active or user.force_id is None:
        return Team.objects.none()
    if user.role == Role.SENIOR_LEADER:
        return Team.objects.filter(force_id=user.force_id)
    if user.role == Role.SUPERVISOR:
        teams = supervised_staff(user, day=day).values("team_id")
        return Team.objects.filter(Q(pk=user.team_id) | Q(pk__in=teams))
    return Team.objects.none()


def visible_team_or_404(user: Staff, pk) -> Team:
    """The team if `user` may see it today (`teams_visible_to`), else 404."""
    return get_object_or_404(teams_visible_to(user, day=timezone.localdate()), pk=pk)


def team_offender_managers(team: Team) -> QuerySet[Staff]:
    """The team's offender managers in post (a vacancy is an inactive row; see `vacant_posts`)."""
    return Staff.objects.filter(team=team, role=Role.OFFENDER_MANAGER, is_active=True)


def vacancies_on(day: datetime.date) -> QuerySet[Absence]:
    """The vacant posts on `day`, one absence row each: the one definition of a vacancy, for
    the team pages and the dashboard (issue 15, item 17). A vacancy is a post, not a person:
    a vacancy recorded against a row no one holds (inactive). `Absence.is_vacancy` is the same
    test in Python."""
    return absences_on(day).filter(kind=AbsenceKind.VACANCY, staff__is_active=False)


def vacant_posts(team: Team, *, day: datetime.date) -> QuerySet[Absence]:
    """The team's vacant offender manager posts on `day` (`vacancies_on`)."""
    return vacancies_on(day).filter(staff__team=team, staff__role=Role.OFFENDER_MANAGER)
