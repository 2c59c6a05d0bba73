"""Pages for recording intelligence checks and outcomes against an offender.

Each view checks access, parses the form, calls one service and goes back to the offender's
record; a rejected form is shown again as typed, with the service's messages on its fields.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from mosovo.web import require_case_worker, save_with_form
from offenders import services
from offenders.forms import IntelligenceCheckForm, OutcomeForm, ReactiveChecksForm
from offenders.models import Offender
from offenders.selectors import offenders_visible_to
from workforce.models import Staff


def _offender_to_record_against(user: Staff, offender_pk: int) -> Offender:
    """The offender, if the user may see them (404 otherwise) and records case work (403 otherwise)."""
    offender = get_object_or_404(offenders_visible_to(user), pk=offender_pk)
    require_case_worker(user)
    return offender


@login_required
def intelligence_check_new(request, offender_pk):
    offender = _offender_to_record_against(request.user, offender_pk)
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
    offender = _offender_to_record_against(request.user, offender_pk)
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
    offender = _offender_to_record_against(request.user, offender_pk)
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
