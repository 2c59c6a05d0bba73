from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone

from dashboards.supervision import notice_window_start, supervisor_notices
from offenders import audit
from offenders.selectors import offenders_visible_to, system_changes
from workforce.models import ForcePolicy, Role


@login_required
def home(request):
    """Where each user starts; a supervisor sees what needs acting on (issue 4, notifications)."""
    notices = own_changes = None
    today = timezone.localdate()
    if request.user.role == Role.SUPERVISOR:
        notices = supervisor_notices(
            request.user, today=today, policy=ForcePolicy.rules_for(request.user.force_id)
        )
        shown = [record.offender_id for _, record in notices.reviews_nearing]
        shown += [visit.offender_id for visit in notices.unauthorised_visits]
        shown += [change.offender.pk for change in notices.system_changes]
        audit.consulted(request, shown, kind="home")
    elif request.user.role == Role.OFFENDER_MANAGER:
        count, changes = system_changes(
            offenders_visible_to(request.user).filter(offender_manager=request.user),
            since=notice_window_start(today),
        )
        own_changes = {"count": count, "changes": changes}
        audit.consulted(request, [change.offender.pk for change in changes], kind="home")
    return render(request, "home.html", {"notices": notices, "own_changes": own_changes})


def healthz(request):
    """Liveness for the load balancer and the demo smoke test: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
