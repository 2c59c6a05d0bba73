"""Who may see which offenders: the one scoping function every view, API and export uses."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from mosovo.rules.choices import CLOSED_STATUSES
from offenders.models import Offender
from workforce.models import Role, Staff
from workforce.selectors import supervised_staff


def offenders_visible_to(user: Staff, *, today: datetime.date | None = None) -> QuerySet[Offender]:
    """Offender managers and supervisors see their team's offenders (and a supervisor also
    the caseloads of the OMs they supervise or cover for, wherever those sit); senior leaders
    see their force. Anyone else sees none. A record outside this set answers 404."""
    offenders = Offender.objects.all()
    if not user.is_authenticated or not user.is_active or user.force_id is None:
        return offenders.none()
    if user.role == Role.SENIOR_LEADER:
        return offenders.filter(force_id=user.force_id)
    if user.role == Role.OFFENDER_MANAGER:
        return offenders.filter(team_id=user.team_id) if user.team_id else offenders.none()
    if user.role == Role.SUPERVISOR:
        supervised = supervised_staff(user, day=today or timezone.localdate())
        return offenders.filter(Q(team_id=user.team_id) | Q(offender_manager__in=supervised))
    return offenders.none()


def managed(offenders: QuerySet[Offender]) -> QuerySet[Offender]:
    """Offenders the unit still manages (not deceased, ended or transferred)."""
    return offenders.exclude(status__in=CLOSED_STATUSES)
