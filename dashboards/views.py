from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from dashboards import record
from dashboards.caseload import caseload, caseload_counts
from dashboards.forms import CaseloadFilterForm
from dashboards.models import RecomputeRun
from mosovo.web import CASE_WORKER_ROLES
from offenders.case_records import returned_to
from offenders.selectors import offenders_visible_to
from visits.selectors import current_authorisations
from workforce.models import Role

PAGE_SIZE = 25


@login_required
def my_caseload(request):
    today = timezone.localdate()
    own = offenders_visible_to(request.user).filter(offender_manager=request.user)
    form = CaseloadFilterForm(request.GET or None)
    filters = form.filters()
    page = Paginator(caseload(own, today=today, filters=filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "dashboards/caseload.html",
        {
            "form": form,
            "page": page,
            "counts": caseload_counts(own, today=today),
            "filtered": any(
                getattr(filters, name) for name in ("risk", "status", "overdue", "due_soon", "search")
            ),
            "query": query.urlencode(),
            "today": today,
            "last_run": RecomputeRun.objects.order_by("-finished_at").first(),
            "returned": returned_to(request.user),
        },
    )


@login_required
def offender_record(request, pk):
    offender = get_object_or_404(
        offenders_visible_to(request.user).select_related("team", "offender_manager__supervisor", "force"),
        pk=pk,
    )
    today = timezone.localdate()
    return render(
        request,
        "dashboards/offender_record.html",
        {
            "offender": offender,
            "today": today,
            "due": record.due_panel(offender, today=today),
            "orders": record.orders(offender),
            "devices": record.devices(offender),
            "current_arms": record.current_arms(offender),
            "timeline": record.timeline(offender),
            "authorisations": current_authorisations(offender.pk, today=today),
            "can_record": request.user.role in CASE_WORKER_ROLES,
            "is_supervisor": request.user.role == Role.SUPERVISOR,
        },
    )
