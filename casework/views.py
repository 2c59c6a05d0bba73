from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from casework import record
from casework.caseload import caseload, caseload_counts
from casework.failed_to_notify import failures, failures_in, offenders_watched_by
from casework.forms import CaseloadFilterForm
from casework.om_home import om_today
from casework.supervision import notice_window_start, supervisor_notices
from offenders import audit
from offenders.case_records import returned_to
from offenders.life_course import life_course
from offenders.permissions import allowed_on_case
from offenders.selectors import offender_to_read, offenders_visible_to, system_changes
from outstanding.models import RecomputeRun
from visits.selectors import current_authorisations
from workforce.models import ForcePolicy, Role
from workforce.permissions import Action, may

PAGE_SIZE = 25


@login_required
def my_caseload(request):
    today = timezone.localdate()
    own = offenders_visible_to(request.user).filter(offender_manager=request.user)
    form = CaseloadFilterForm(request.GET or None)
    filters = form.filters()
    page = Paginator(caseload(own, today=today, filters=filters), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    returned = returned_to(request.user)
    audit.consulted(request, [*page.object_list, *[r.offender for r in returned]], kind="caseload")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "casework/caseload.html",
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
            "returned": returned,
        },
    )


@login_required
def offender_record(request, pk):
    offender = offender_to_read(
        request.user, pk, related=("team", "offender_manager__supervisor", "force__policy")
    )
    audit.consulted(request, offender, record=offender)
    today = timezone.localdate()
    allowed = allowed_on_case(request.user, offender)
    policy = record.force_policy(offender)
    events = life_course(offender, policy=policy)
    return render(
        request,
        "casework/offender_record.html",
        {
            "offender": offender,
            "today": today,
            "due": record.due_panel(offender, today=today),
            "orders": record.orders(offender),
            "condition_default_months": policy.order_condition_check_months,
            "devices": record.devices(offender),
            "current_arms": record.current_arms(offender),
            "life_course": events[: record.LIFE_COURSE_ON_RECORD],
            "more_life_events": len(events) > record.LIFE_COURSE_ON_RECORD,
            "status_since": record.status_since(offender, events),
            "lead_since": record.lead_since(offender, events),
            "notification": record.notification(offender),
            "notifications": record.notifications(offender, today=today),
            "timeline": record.timeline(offender, life_course=events),
            "authorisations": current_authorisations(offender.pk, today=today),
            "can_record": Action.RECORD in allowed,
            "can_authorise_visit": Action.AUTHORISE_VISIT in allowed,
            "can_reassign": Action.REASSIGN in allowed,
            "can_set_management_mode": Action.SET_MANAGEMENT_MODE in allowed,
            "can_see_access_log": may(request.user, Action.VIEW_ACCESS_LOG),
        },
    )


@login_required
def home(request):
    """Where each user starts; a supervisor sees what needs acting on (issue 4, notifications)."""
    notices = own_changes = today_work = None
    today = timezone.localdate()
    if request.user.role == Role.SUPERVISOR:
        notices = supervisor_notices(
            request.user, today=today, policy=ForcePolicy.rules_for(request.user.force_id)
        )
        shown = [reviewed.offender_id for _, reviewed in notices.reviews_nearing]
        shown += [visit.offender_id for visit in notices.unauthorised_visits]
        shown += [change.offender.pk for change in notices.system_changes]
        audit.consulted(request, shown, kind="home")
    elif request.user.role == Role.OFFENDER_MANAGER:
        own = offenders_visible_to(request.user).filter(offender_manager=request.user)
        count, changes = system_changes(own, since=notice_window_start(today))
        own_changes = {"count": count, "changes": changes}
        today_work = om_today(
            request.user, own, today=today, policy=ForcePolicy.rules_for(request.user.force_id)
        )
        shown = [change.offender.pk for change in changes] + today_work.shown_offenders
        audit.consulted(request, list(dict.fromkeys(shown)), kind="home")
    return render(
        request,
        "home.html",
        {"notices": notices, "own_changes": own_changes, "today_work": today_work, "today": today},
    )


@login_required
def failed_to_notify(request):
    """The nominals who have failed to notify, oldest first, with what has been done about it
    [docs/rules.md § Failing to comply]: an OM's own, a supervisor's officers', a senior
    leader's force."""
    today = timezone.localdate()
    items = failures_in(offenders_watched_by(request.user, today=today), today=today)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = failures(page.object_list, today=today)
    audit.consulted(
        request, [failure.item.offender_id for failure in page.object_list], kind="failed to notify"
    )
    return render(request, "casework/failed_to_notify.html", {"page": page, "today": today})
