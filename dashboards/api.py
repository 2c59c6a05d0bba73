"""The dashboard's metrics as JSON for integrations and tests: /api/v1/dashboard/?scope=force,
team:<id> or om:<id>. The same scopes and access as the pages (`dashboards.scopes`)."""

from django.utils import timezone
from rest_framework.response import Response
from rest_framework.views import APIView

from dashboards.dashboard import children_of
from dashboards.metrics import compute
from dashboards.models import RecomputeRun
from dashboards.scopes import scope_for
from offenders import audit
from workforce.models import ForcePolicy


def api_recipient(request) -> str:
    """Who an API answer is disclosed to: the integration's token name, else the signed-in user."""
    token = getattr(request, "auth", None)
    client = getattr(token, "name", "") or getattr(getattr(token, "user", None), "username", "")
    return f"API client {client}" if client else f"API user {request.user.username}"


class DashboardView(APIView):
    def get(self, request):
        today = timezone.localdate()
        scope = scope_for(request.user, request.query_params.get("scope"), today=today)
        policy = ForcePolicy.rules_for(scope.force.pk)
        metrics = compute(scope.level, keys=[scope.key], force_id=scope.force.pk, today=today, policy=policy)
        last = RecomputeRun.objects.order_by("-finished_at").first()
        audit.disclosed(request, None, kind=f"api dashboard {scope.token}", recipient=api_recipient(request))
        return Response(
            {
                "scope": scope.token,
                "name": scope.name,
                "as_of": today,
                "last_recomputed_at": last.finished_at if last else None,
                "metrics": metrics[scope.key].as_dict(),
                "children": [
                    {"scope": child.token, "name": name, "metrics": child_metrics.as_dict()}
                    for child, name, child_metrics in children_of(scope, today, policy)
                ],
            }
        )
