"""Pages for recording intelligence checks and outcomes against an offender.

Each view checks access, parses the form, calls one service and goes back to the offender's
record; a rejected form is shown again as typed, with the service's messages on its fields.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from mosovo.web import save_with_form
from offenders import audit, services
from offenders.case_views import offender_for_case_work
from offenders.forms import IntelligenceCheckForm, OutcomeForm, ReactiveChecksForm
from offenders.models import AuditEvent, Offender
from offenders.selectors import offender_to_read
from workforce.models import Role


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
    if not request.user.has_perm("offenders.view_access_log"):
        raise PermissionDenied("You cannot see who has seen this record.")
    if request.user.role == Role.ADMIN:
        offender = get_object_or_404(Offender.objects.filter(force_id=request.user.force_id), pk=offender_pk)
    else:
        offender = offender_to_read(request.user, offender_pk)
    audit.consulted(request, offender, kind="access log")
    entries = AuditEvent.objects.filter(offender_id=offender.pk).order_by("-occurred_at", "-pk")
    page = Paginator(entries, ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "offenders/access_log.html",
        {"offender": offender, "page": page, "show_name": request.user.role != Role.ADMIN},
    )
