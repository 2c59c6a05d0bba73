from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kit.web import save_with_form
from offenders import audit
from offenders.case_records import awaiting_review, record_submit
from offenders.case_views import (
    change_flags,
    offender_for_case_work,
    record_for_case_work,
    refuse_unless_editable,
    revise,
    visible_record,
)
from visits import services
from visits.forms import VisitAuthorisationForm, VisitForm
from visits.models import Visit
from workforce.permissions import Action, require

# What a visit's pages show beside the case record's own relations.
VISIT_RELATED = ("co_attending_officer", "authorisation__authorised_by")


def _tell_saved(request, visit: Visit, *, submitted: bool) -> None:
    """One banner saying what happened to the visit: saved or submitted and, for an exception
    without an authorisation, that it is recorded as non-compliant and when the supervisor is told
    (on submission: their notices and digest list it, with the reason)."""
    saved = "Visit submitted for supervisor review" if submitted else "Visit saved as a draft"
    if visit.is_compliant:
        messages.success(request, f"{saved}.")
        return
    exception = " and ".join(
        kind
        for kind, is_it in (("single-crewed", visit.crew_size < 2), ("announced", visit.announced))
        if is_it
    )
    told = (
        "Your supervisor is told, with your reason."
        if submitted
        else "Your supervisor is told, with your reason, when you submit it."
    )
    messages.warning(
        request,
        f"{saved}. It is recorded as non-compliant: {exception} without a supervisor's authorisation. {told}",
    )


@login_required
def visit_new(request, offender_pk):
    offender = offender_for_case_work(request, offender_pk)
    today = timezone.localdate()
    form = VisitForm(request.POST or None, offender=offender, author=request.user)
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST

        def save():
            visit = services.visit_save(
                offender=offender, content=form.content(), acting_user=request.user, today=today
            )
            return record_submit(record=visit, acting_user=request.user, today=today) if submit else visit

        visit = save_with_form(form, save)
        if visit is not None:
            _tell_saved(request, visit, submitted=submit)
            return redirect("offender-record", offender.pk)
    return render(
        request,
        "visits/visit_form.html",
        {"form": form, "offender": offender, "awaiting": awaiting_review(offender)},
    )


@login_required
def visit_detail(request, pk):
    visit = visible_record(request, Visit, pk, related=VISIT_RELATED)
    audit.consulted(request, visit.offender_id, record=visit)
    return render(
        request,
        "visits/visit_detail.html",
        {
            "visit": visit,
            "record": visit,
            "inspections": visit.device_inspections.select_related("device"),
            "reviews": visit.reviews.select_related("reviewer"),
            **change_flags(request.user, visit),
        },
    )


@login_required
def visit_edit(request, pk):
    """Change a draft visit (its author only); a visit past draft is changed by a new version."""
    visit = record_for_case_work(request, Visit, pk, related=VISIT_RELATED, author_only=True)
    refusal = refuse_unless_editable(
        request,
        visit,
        "visit-detail",
        refusal=f"This visit is {visit.get_status_display().lower()} and cannot be changed.",
    )
    if refusal:
        return refusal
    today = timezone.localdate()
    form = VisitForm(
        request.POST if request.method == "POST" else None,
        offender=visit.offender,
        author=request.user,
        initial=VisitForm.initial_from(visit),
    )
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST

        def save():
            saved = services.visit_save(
                visit=visit,
                content=form.content(),
                acting_user=request.user,
                today=today,
                expected_version=form.expected_version,
            )
            return record_submit(record=saved, acting_user=request.user, today=today) if submit else saved

        saved = save_with_form(form, save)
        if saved is not None:
            _tell_saved(request, saved, submitted=submit)
            return redirect(
                "offender-record" if submit else "visit-detail", saved.offender_id if submit else saved.pk
            )
    return render(
        request,
        "visits/visit_form.html",
        {
            "form": form,
            "offender": visit.offender,
            "record": visit,
            "awaiting": awaiting_review(visit.offender),
        },
    )


@login_required
@require_POST
def visit_revise(request, pk):
    """Start a new draft version of a returned or signed-off visit; the old one stays as it was."""
    return revise(
        request,
        Visit,
        pk,
        detail_url="visit-detail",
        edit_url="visit-edit",
        revise_with=lambda visit, author: services.visit_revise(visit=visit, author=author),
        related=VISIT_RELATED,
    )


@login_required
@require_POST
def visit_submit(request, pk):
    visit = record_for_case_work(request, Visit, pk, related=VISIT_RELATED)
    if visit.author_id != request.user.pk:
        raise PermissionDenied("Only the author can submit this visit.")
    try:
        record_submit(record=visit, acting_user=request.user, today=timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _tell_saved(request, visit, submitted=True)
    return redirect("visit-detail", visit.pk)


@login_required
def authorisation_new(request, offender_pk):
    """A supervisor authorises a single-crewed or announced visit before it happens, for a named
    offender and date range, with the rationale [docs/rules.md § Visits]; the OM then picks it when
    logging."""
    require(request.user, Action.AUTHORISE_VISIT)
    offender = offender_for_case_work(request, offender_pk)
    form = VisitAuthorisationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        authorisation = save_with_form(
            form,
            lambda: services.visit_authorise(
                offender=offender,
                supervisor=request.user,
                today=timezone.localdate(),
                **form.service_arguments(),
            ),
        )
        if authorisation is not None:
            messages.success(
                request,
                f"Authorised: {authorisation} for {offender.full_name}. "
                "The offender manager can now choose it when logging the visit.",
            )
            return redirect("offender-record", offender.pk)
    return render(request, "visits/authorisation_form.html", {"form": form, "offender": offender})
