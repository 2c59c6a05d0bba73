"""Which force, team or offender manager a dashboard is about, and who may look at it.

A scope is written `force` (or `force:<id>`), `team:<id>` or `om:<id>` in addresses and
the API, read by one parser (`parse_scope_token`) for both. Senior leaders see their force
and everything in it; supervisors see the teams they oversee (their own, and those of the
officers they supervise or cover for) and those teams' officers. Anyone else, or a scope
outside that, is refused: 404 for a record they may not know exists.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse

from dashboards.metrics import GROUP_COLUMN, Level, staff_column
from offenders.models import Offender
from outstanding.models import OutstandingItem
from visits.models import Visit
from workforce.models import Force, Role, Staff, Team
from workforce.permissions import Action, require
from workforce.selectors import supervised_staff, teams_visible_to

# What a scope token looks like: `force`, `force:<id>`, `team:<id>` or `om:<id>`, the id in ASCII
# digits and at most 18 of them, so always a valid database key. The page and the API both
# read tokens here.
SCOPE_TOKEN = re.compile(
    r"(?P<level>force)(?::(?P<force_id>[0-9]{1,18}))?|(?P<kind>team|om):(?P<id>[0-9]{1,18})"
)


@dataclass(frozen=True)
class ScopeToken:
    level: str
    id: int | None  # None for plain `force`


def parse_scope_token(token: str) -> ScopeToken:
    """`force`, `force:<id>`, `team:<id>` or `om:<id>`; anything else is no dashboard (Http404)."""
    match = SCOPE_TOKEN.fullmatch(token)
    if match is None:
        raise Http404("No such dashboard.")
    if match["level"]:
        raw = match["force_id"]
        level = Level.FORCE
    else:
        raw = match["id"]
        level = Level.TEAM if match["kind"] == "team" else Level.OM
    return ScopeToken(level=level, id=None if raw is None else int(raw))


@dataclass(frozen=True)
class Scope:
    level: Level
    force: Force
    team: Team | None = None
    officer: Staff | None = None

    @property
    def key(self) -> int:
        return {Level.FORCE: self.force, Level.TEAM: self.team, Level.OM: self.officer}[self.level].pk

    @property
    def token(self) -> str:
        return "force" if self.level == Level.FORCE else f"{self.level}:{self.key}"

    @property
    def name(self) -> str:
        return str({Level.FORCE: self.force, Level.TEAM: self.team, Level.OM: self.officer}[self.level])

    @property
    def url(self) -> str:
        return f"{reverse('dashboard')}?scope={self.token}"

    def _filter(self) -> Q:
        return Q(**{GROUP_COLUMN[self.level]: self.key})

    def offenders(self) -> QuerySet[Offender]:
        return Offender.objects.filter(self._filter(), force=self.force)

    def outstanding(self) -> QuerySet[OutstandingItem]:
        return OutstandingItem.objects.filter(self._filter(), force=self.force)

    def staff(self) -> QuerySet[Staff]:
        return Staff.objects.filter(force=self.force).filter(**{staff_column(self.level): self.key})

    def visits(self) -> QuerySet[Visit]:
        """Visits to the scope's offenders (by the offender's current team or OM)."""
        return Visit.objects.filter(offender__in=self.offenders())


def scope_for(user: Staff, token: str | None, *, today: datetime.date) -> Scope:
    """The scope `token` names, if `user` may see it (PermissionDenied for a role without
    dashboards, Http404 for a scope outside theirs). With no token: a senior leader's force,
    a supervisor's own team."""
    require(user, Action.VIEW_DASHBOARDS)
    if user.force_id is None:
        raise PermissionDenied("Dashboards are for the supervisors and senior leaders of a force.")
    if not token:
        token = "force" if user.role == Role.SENIOR_LEADER else f"team:{user.team_id}"
    parsed = parse_scope_token(token)
    if parsed.level == Level.FORCE:
        if user.role != Role.SENIOR_LEADER or parsed.id not in (None, user.force_id):
            raise Http404("No such dashboard.")
        return Scope(Level.FORCE, user.force)
    teams = teams_visible_to(user, day=today)
    if parsed.level == Level.TEAM:
        team = teams.select_related("force").filter(pk=parsed.id).first()
        if team is None:
            raise Http404("No such dashboard.")
        return Scope(Level.TEAM, team.force, team=team)
    officers = Staff.objects.filter(role=Role.OFFENDER_MANAGER, force_id=user.force_id)
    if user.role == Role.SUPERVISOR:
        officers = officers.filter(Q(team__in=teams) | Q(pk__in=supervised_staff(user, day=today)))
    officer = officers.select_related("force", "team").filter(pk=parsed.id).first()
    if officer is None:
        raise Http404("No such dashboard.")
    return Scope(Level.OM, officer.force, team=officer.team, officer=officer)
