"""The dashboard's metrics as JSON for integrations and tests: /api/v1/dashboard/?scope=force,
team:<id> or om:<id>. The same scopes and access as the pages (`dashboards.scopes`)."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from dashboards.dashboard import metrics_and_children
from dashboards.scopes import scope_for
from kit.api import ApiView, api_recipient
from offenders import audit
from outstanding.models import RecomputeRun
from workforce.models import ForcePolicy

__all__ = ["DashboardView", "api_recipient"]


class DashboardChildSerializer(serializers.Serializer):
    scope = serializers.CharField()
    name = serializers.CharField()
    metrics = serializers.DictField(help_text="The child scope's figures, as for the scope")


class DashboardSerializer(serializers.Serializer):
    scope = serializers.CharField(help_text="force, team:<id> or om:<id>")
    name = serializers.CharField()
    as_of = serializers.DateField()
    last_recomputed_at = serializers.DateTimeField(allow_null=True)
    metrics = serializers.DictField(help_text="The dashboard's figures for the scope")
    children = DashboardChildSerializer(many=True, help_text="The teams or officers within the scope")


class DashboardView(ApiView):
    @extend_schema(
        operation_id="dashboard_retrieve",
        parameters=[
            OpenApiParameter(
                "scope",
                str,
                description="force, force:<id>, team:<id> or om:<id>; a supervisor's own team or a senior "
                "leader's force when absent. Supervisors and senior leaders only.",
            )
        ],
        responses=DashboardSerializer,
    )
    def get(self, request):
        today = timezone.localdate()
        # The page's parser and access (dashboards.scopes): the same tokens, the same refusals;
        # a role without dashboards is refused (403) before the token is read.
        scope = scope_for(request.user, request.query_params.get("scope"), today=today)
        policy = ForcePolicy.rules_for(scope.force.pk)
        metrics, children = metrics_and_children(scope, today=today, policy=policy)
        last = RecomputeRun.objects.order_by("-finished_at").first()
        audit.disclosed(request, None, kind=f"api dashboard {scope.token}", recipient=api_recipient(request))
        return Response(
            {
                "scope": scope.token,
                "name": scope.name,
                "as_of": today,
                "last_recomputed_at": last.finished_at if last else None,
                "metrics": metrics.as_dict(),
                "children": [
                    {"scope": child.token, "name": name, "metrics": child_metrics.as_dict()}
                    for child, name, child_metrics in children
                ],
            }
        )
