"""The API's teams and staff: read only, within `api_teams` (a supervisor's own team and those
of the officers they oversee; a senior leader's force; an offender manager's own team).

A member of staff is given by name, role and team only: never their username, contact
details, account flags or anything about their sign-in.
"""

from django.db.models import Q, QuerySet
from django.utils import timezone
from django_filters import rest_framework as filters
from rest_framework import serializers

from kit.api import IdFilter, ReadOnlyModelSerializer, ReadViewSet
from workforce.models import Role, Staff, Team
from workforce.selectors import teams_visible_to


def api_teams(user) -> QuerySet[Team]:
    """The teams the caller may list: those whose caseloads they may look at, and their own team
    (an offender manager sees their colleagues)."""
    teams = teams_visible_to(user, day=timezone.localdate())
    if user.is_authenticated and user.is_active and user.role == Role.OFFENDER_MANAGER and user.team_id:
        return Team.objects.filter(Q(pk__in=teams.values("pk")) | Q(pk=user.team_id))
    return teams


class TeamSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "name", "area"]


class TeamViewSet(ReadViewSet):
    serializer_class = TeamSerializer

    def get_queryset(self):
        return api_teams(self.request.user).order_by("name", "pk")


class StaffSerializer(ReadOnlyModelSerializer):
    name = serializers.CharField(source="__str__")

    class Meta:
        model = Staff
        fields = ["id", "name", "role", "team"]


class StaffFilter(filters.FilterSet):
    team = IdFilter(field_name="team_id")
    role = filters.ChoiceFilter(choices=Role.choices)

    class Meta:
        model = Staff
        fields = []


class StaffViewSet(ReadViewSet):
    """Staff in post in the teams the caller may see."""

    serializer_class = StaffSerializer
    filterset_class = StaffFilter

    def get_queryset(self):
        teams = api_teams(self.request.user)
        return Staff.objects.filter(team__in=teams, is_active=True).order_by("last_name", "first_name", "pk")
