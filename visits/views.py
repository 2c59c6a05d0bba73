from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mosovo.web import require_case_worker, save_with_form
from offenders.case_records import awaiting_review, record_submit
from offenders.selectors import offenders_visible_to
from visits import services
from visits.forms import VisitForm
from visits.models import Visit


@login_required
def visit_new(request, offender_pk):
    offender = get_object_or_404(offenders_visible_to(request.user), pk=offender_pk)
    require_case_worker(request.user)
    today = timezone.localdate()
    form = VisitForm(request.POST or None, offender=offender, author=request.user)
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST

        def save():
            visit = services.visit_record(
                offender=offender, author=request.user, today=today, **form.service_arguments()
            )
            return record_submit(record=visit, acting_user=request.user, today=today) if submit else visit

        visit = save_with_form(form, save)
        if visit is not None:
            if not visit.is_compliant:
                messages.warning(
                    request,
                    "Visit recorded as non-compliant: single-crewed or announced without an authorisation.",
                )
            messages.success(
                request, "Visit submitted for supervisor review." if submit else "Visit saved as a draft."
            )
            return redirect("offender-record", offender.pk)
    return render(
        request,
        "visits/visit_form.html",
        {"form": form, "offender": offender, "awaiting": awaiting_review(offender)},
    )


def _visible_visit(request, pk) -> Visit:
    return get_object_or_404(
        Visit.objects.filter(offender__in=offenders_visible_to(request.user)).select_related(
            "offender", "author", "co_attending_officer", "authorisation__authorised_by"
        ),
        pk=pk,
    )


@login_required
def visit_detail(request, pk):
    visit = _visible_visit(request, pk)
    return render(
        request,
        "visits/visit_detail.html",
        {
            "visit": visit,
            "inspections": visit.device_inspections.select_related("device"),
            "reviews": visit.reviews.select_related("reviewer"),
        },
    )


@login_required
@require_POST
def visit_submit(request, pk):
    visit = _visible_visit(request, pk)
    if visit.author_id != request.user.pk:
        raise PermissionDenied("Only the author can submit this visit.")
    try:
        record_submit(record=visit, acting_user=request.user, today=timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Visit submitted for supervisor review.")
    return redirect("visit-detail", visit.pk)
