"""Pages for recording what happens to an offender: intelligence checks, outcomes, life events,
probation's assessments, and their orders' conditions and the checks of them.

Each view checks access, parses the form, calls one service and goes back to the offender's
record; a rejected form is shown again as typed, with the service's messages on its fields.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from kit.dates import long_date
from kit.web import save_with_form
from offenders import audit, life_events, orders, registration, services
from offenders.case_views import offender_for_case_work
from offenders.forms import (
    ConditionCheckForm,
    EventKindForm,
    FailureToNotifyForm,
    IntelligenceCheckForm,
    LifeEventForm,
    NotificationForm,
    NotificationKindForm,
    OrderConditionForm,
    OutcomeForm,
    ProbationAssessmentForm,
    ReactiveChecksForm,
)
from offenders.life_course import life_course
from offenders.models import AuditEvent, LifeEvent, Offender, Order, OrderCondition, RiskSource
from offenders.permissions import may_act
from offenders.registration import notification_history
from offenders.selectors import (
    access_log_offender,
    in_force_on,
    offender_to_read,
    offender_to_write,
    offenders_visible_to,
)
from rules.choices import LeadAgency, ManagementMode
from rules.life_course import RECORDABLE_KINDS, EventKind
from rules.registration import NotificationKind
from workforce.models import ForcePolicy, Role
from workforce.permissions import Action


@login_required
def intelligence_check_new(request, offender_pk):
    offender = offender_for_case_work(request, offender_pk)
    form = IntelligenceCheckForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        check = save_with_form(
            form,
            lambda: services.intelligence_check_record(
                offender=offender, checked_by=request.user, today=timezone.localdate(), **form.cleaned_data
            ),
        )
        if check is not None:
            messages.success(request, f"{check.get_system_display()} check recorded")
            return redirect("offender-record", pk=offender.pk)
    return render(request, "offenders/intelligence_check_form.html", {"offender": offender, "form": form})


@login_required
def reactive_checks_new(request, offender_pk):
    offender = offender_for_case_work(request, offender_pk)
    form = ReactiveChecksForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        checks = save_with_form(
            form,
            lambda: services.reactive_checks_record(
                offender=offender,
                checked_by=request.user,
                checked_on=form.cleaned_data["checked_on"],
                results=form.results(),
                notes=form.cleaned_data["notes"],
                today=timezone.localdate(),
            ),
        )
        if checks is not None:
            messages.success(request, "Annual checks recorded: PND, PNC, ViSOR and local systems")
            return redirect("offender-record", pk=offender.pk)
    return render(request, "offenders/reactive_checks_form.html", {"offender": offender, "form": form})


@login_required
def outcome_new(request, offender_pk):
    offender = offender_for_case_work(request, offender_pk)
    form = OutcomeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        outcome = save_with_form(
            form,
            lambda: services.outcome_record(
                offender=offender, recorded_by=request.user, today=timezone.localdate(), **form.cleaned_data
            ),
        )
        if outcome is not None:
            messages.success(request, f"{outcome.get_kind_display()} recorded")
            return redirect("offender-record", pk=offender.pk)
    return render(request, "offenders/outcome_form.html", {"offender": offender, "form": form})


ACCESS_LOG_PAGE_SIZE = 50


@login_required
def access_log(request, offender_pk):
    """Who has seen, disclosed or changed this offender's record, newest first (the s62 log).
    Its own permission (supervisors and admins, workforce/permissions.py); a supervisor sees
    the log of offenders they may see, an admin of any offender of their force."""
    offender = access_log_offender(request.user, offender_pk)
    audit.consulted(request, offender, kind="access log")
    entries = AuditEvent.objects.filter(offender_id=offender.pk).order_by("-occurred_at", "-pk")
    page = Paginator(entries, ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "offenders/access_log.html",
        {"offender": offender, "page": page, "show_name": request.user.role != Role.ADMIN},
    )


# Life events


def _latest_event(offender: Offender) -> str:
    """The latest life event in words, for "The last event recorded is …" ("" if none)."""
    latest = offender.life_events.order_by("-occurred_on", "-pk").first()
    if latest is None:
        return ""
    label = latest.get_kind_display()
    return f"{label[:1].lower()}{label[1:]} on {latest.occurred_on.day} {latest.occurred_on:%B %Y}"


@login_required
def life_event_choose(request, offender_pk):
    """What happened: the first question of recording a life event; its form follows."""
    offender = offender_for_case_work(request, offender_pk)
    form = EventKindForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        return redirect("life-event-new", offender_pk=offender.pk, kind=form.cleaned_data["kind"])
    return render(
        request,
        "offenders/life_event_choose.html",
        {"offender": offender, "form": form, "latest": _latest_event(offender)},
    )


@login_required
def life_event_new(request, offender_pk, kind):
    """Record one life event of `kind`; the offender's status, lead agency, notification and due
    work follow at once (offenders.life_events.life_event_record)."""
    if kind not in RECORDABLE_KINDS:
        raise Http404("No such kind of life event.")
    offender = offender_for_case_work(request, offender_pk)
    today = timezone.localdate()
    in_force = in_force_on(Order.objects.filter(offender=offender), today).order_by("-starts_on", "pk")
    form = LifeEventForm(
        request.POST if request.method == "POST" else None,
        kind=kind,
        orders=in_force,
        # The licence end given at sentence, if any, is the one a release most likely starts.
        initial={"licence_ends_on": offender.licence_ends_on} if kind == EventKind.RELEASED else None,
    )
    if form.is_valid():
        was = (offender.status, offender.lead_agency, offender.management_mode)
        event = save_with_form(
            form,
            lambda: life_events.life_event_record(
                offender=offender, details=form.details(), acting_user=request.user, today=today
            ),
        )
        if event is not None:
            offender.refresh_from_db()
            messages.success(request, event_recorded_message(event, offender, was=was))
            return redirect("offender-record", pk=offender.pk)
    return render(
        request,
        "offenders/life_event_form.html",
        {
            "offender": offender,
            "form": form,
            "kind": EventKind(kind),
            "latest": _latest_event(offender),
            "no_order": "order" in form.fields and not form.fields["order"].choices,
        },
    )


def event_recorded_message(event: LifeEvent, offender: Offender, *, was: tuple[str, str, str]) -> str:
    """What was recorded and, when it moved the offender (`was`: their status, lead agency and
    management mode before), where they are and who leads now: "Released from custody
    recorded: in the community, probation leads"."""
    status, lead_agency, mode = was
    changes = []
    if (offender.status, offender.lead_agency) != (status, lead_agency):
        lead = "probation leads" if offender.lead_agency == LeadAgency.PROBATION else "the police lead"
        changes += [offender.get_status_display().lower(), lead]
    if offender.management_mode != mode and offender.management_mode == ManagementMode.ACTIVE:
        changes.append("back under active management")
    recorded = f"{event.get_kind_display()} recorded"
    return f"{recorded}: {', '.join(changes)}" if changes else recorded


@login_required
def life_events_list(request, offender_pk):
    """Every life event of the offender, newest first, with the status and lead agency each left."""
    offender = offender_to_read(request.user, offender_pk)
    audit.consulted(request, offender, kind="life course")
    return render(
        request,
        "offenders/life_events.html",
        {
            "offender": offender,
            "life_course": life_course(offender, policy=ForcePolicy.rules_for(offender.force_id)),
            "can_record": may_act(request.user, Action.RECORD, offender),
        },
    )


# Probation's assessment


@login_required
def probation_assessment_new(request, offender_pk):
    offender = offender_for_case_work(request, offender_pk)
    form = ProbationAssessmentForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        assessment = save_with_form(
            form,
            lambda: services.probation_assessment_record(
                offender=offender, acting_user=request.user, today=timezone.localdate(), **form.cleaned_data
            ),
        )
        if assessment is not None:
            offender.refresh_from_db()
            counts = (
                "it is their risk level until a police ARMS exists"
                if offender.risk_level_source != RiskSource.ARMS
                else "the police ARMS remains their risk level"
            )
            messages.success(
                request,
                f"Probation's assessment recorded ({assessment.get_risk_level_display().lower()}): {counts}",
            )
            return redirect("offender-record", pk=offender.pk)
    return render(request, "offenders/probation_assessment_form.html", {"offender": offender, "form": form})


# Order conditions and their checks


def _order_for_case_work(request, order_pk) -> Order:
    """The order, if the user may change its offender's records (404 if unseen, 403 if
    read-only); showing the form is a consultation of the offender's record."""
    order = get_object_or_404(
        Order.objects.filter(offender__in=offenders_visible_to(request.user)).select_related("offender"),
        pk=order_pk,
    )
    offender_to_write(request.user, order.offender_id)
    if request.method == "GET":
        audit.consulted(request, order.offender, record=order)
    return order


@login_required
def order_condition_new(request, order_pk):
    order = _order_for_case_work(request, order_pk)
    policy = ForcePolicy.rules_for(order.offender.force_id)
    form = OrderConditionForm(
        request.POST if request.method == "POST" else None, default_months=policy.order_condition_check_months
    )
    if form.is_valid():
        condition = save_with_form(
            form,
            lambda: orders.order_condition_add(
                order=order, acting_user=request.user, **form.service_arguments()
            ),
        )
        if condition is not None:
            how = condition.check_frequency
            how = f"by the {how}" if how == "force default" else how
            messages.success(request, f"Condition added to the {order.get_kind_display()}: checked {how}")
            return redirect("offender-record", pk=order.offender_id)
    return render(
        request,
        "offenders/order_condition_form.html",
        {"offender": order.offender, "order": order, "form": form},
    )


@login_required
def condition_check_new(request, condition_pk):
    condition = get_object_or_404(
        OrderCondition.objects.filter(order__offender__in=offenders_visible_to(request.user)).select_related(
            "order__offender"
        ),
        pk=condition_pk,
    )
    offender = condition.order.offender
    offender_to_write(request.user, offender.pk)
    if request.method == "GET":
        audit.consulted(request, offender, record=condition)
    form = ConditionCheckForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        check = save_with_form(
            form,
            lambda: orders.condition_check_record(
                condition=condition, acting_user=request.user, today=timezone.localdate(), **form.cleaned_data
            ),
        )
        if check is not None:
            also = " and recorded as an outcome" if check.outcome_id else ""
            messages.success(request, f"Check recorded: {check.get_result_display().lower()}{also}")
            return redirect("offender-record", pk=offender.pk)
    return render(
        request,
        "offenders/condition_check_form.html",
        {"offender": offender, "condition": condition, "order": condition.order, "form": form},
    )


# Notifications the offender made [docs/rules.md § Notification requirements]


@login_required
def notification_choose(request, offender_pk):
    """What the offender notified: the first question; its form follows."""
    offender = offender_for_case_work(request, offender_pk)
    form = NotificationKindForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        return redirect("notification-new", offender_pk=offender.pk, kind=form.cleaned_data["kind"])
    return render(request, "offenders/notification_choose.html", {"offender": offender, "form": form})


@login_required
def notification_new(request, offender_pk, kind):
    """Record one notification of `kind`; what is due next follows at once."""
    if kind not in NotificationKind.values:
        raise Http404("No such kind of notification.")
    offender = offender_for_case_work(request, offender_pk)
    form = NotificationForm(
        request.POST if request.method == "POST" else None,
        kind=NotificationKind(kind),
        offender=offender,
        user=request.user,
    )
    if form.is_valid():
        notification = save_with_form(
            form,
            lambda: registration.notification_record(
                offender=offender,
                content=form.content(),
                acting_user=request.user,
                today=timezone.localdate(),
            ),
        )
        if notification is not None:
            messages.success(
                request,
                f"{notification.get_kind_display()} of {long_date(notification.notified_on)} recorded.",
            )
            return redirect("offender-record", pk=offender.pk)
    return render(
        request,
        "offenders/notification_form.html",
        {"offender": offender, "form": form, "kind_label": NotificationKind(kind).label},
    )


@login_required
def notifications_list(request, offender_pk):
    """Every notification the offender made, newest first, each with how late it was."""
    offender = offender_to_read(request.user, offender_pk)
    audit.consulted(request, offender, kind="notifications")
    return render(
        request,
        "offenders/notifications.html",
        {
            "offender": offender,
            "history": notification_history(offender, today=timezone.localdate()),
            "can_record": may_act(request.user, Action.RECORD, offender),
        },
    )


@login_required
def failure_to_notify_new(request, offender_pk):
    """Record what was done about an offender's failure to notify: an outcome, and when
    circulated as wanted, the life event that makes them wanted."""
    offender = offender_for_case_work(request, offender_pk)
    today = timezone.localdate()
    overdue = registration.overdue_notifications(
        offender, today=today, policy=ForcePolicy.rules_for(offender.force_id)
    )
    form = FailureToNotifyForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        outcome = save_with_form(
            form,
            lambda: registration.failure_to_notify_record(
                offender=offender, acting_user=request.user, today=today, **form.cleaned_data
            ),
        )
        if outcome is not None:
            messages.success(request, f"Recorded: {outcome.get_response_display().lower()}.")
            return redirect("offender-record", pk=offender.pk)
    return render(
        request,
        "offenders/failure_to_notify_form.html",
        {"offender": offender, "form": form, "overdue": overdue},
    )
