from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone

from dashboards.supervision import supervisor_notices
from offenders import audit
from workforce.models import ForcePolicy, Role


@login_required
def home(request):
    """Where each user starts; a supervisor sees what needs acting on (issue 4, notifications)."""
    notices = None
    if request.user.role == Role.SUPERVISOR:
        notices = supervisor_notices(
            request.user, today=timezone.localdate(), policy=ForcePolicy.rules_for(request.user.force_id)
        )
        shown = [record.offender_id for _, record in notices.reviews_nearing]
        shown += [visit.offender_id for visit in notices.unauthorised_visits]
        audit.consulted(request, shown, kind="home")
    return render(request, "home.html", {"notices": notices})


def healthz(request):
    """Liveness for the load balancer and the demo smoke test: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
