"""Pages for recording ARMS assessments and writing risk management plans.

Each record follows the case-record workflow (offenders.case_records): its author edits
it as a draft (or discards it), submits it for supervisor review, and after review its author
or the offender's OM may revise it as a new version (`offenders.case_records.may_revise`).
Views parse, call the service, redirect.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.views.decorators.http import require_POST

from kit.web import save_with_form
from offenders import audit, life_events
from offenders.case_records import record_discard as record_discard_service
from offenders.case_views import (
    change_flags,
    offender_for_case_work,
    record_for_case_work,
    refuse_unless_editable,
    revise,
    visible_record,
)
from offenders.models import CaseRecord
from offenders.permissions import authorise, may_act
from offenders.selectors import offender_to_read, reactive_facts
from risk import services
from risk.forms import (
    ArmsAssessmentForm,
    ImportForm,
    LaterReviewForm,
    ManagementModeForm,
    ReviewForm,
    RiskManagementPlanForm,
)
from risk.importer import import_csv
from risk.models import ArmsAssessment, ReviewDecision, RiskManagementPlan
from risk.selectors import REVIEWABLE, review_context, reviewable_record
from rules.choices import ManagementMode, WorkflowStatus
from rules.dates import days_overdue
from rules.due import ReviewableKind
from rules.review import review_deadline
from workforce.models import ForcePolicy
from workforce.permissions import Action, require
from workforce.selectors import visible_team_or_404


def _bound(form_class, request, **kwargs):
    # Bound on every POST, even an empty one, so a blank submission shows its errors.
    return form_class(request.POST if request.method == "POST" else None, **kwargs)


def _saved_message(record: CaseRecord, submitted: bool) -> str:
    name = capfirst(record._meta.verbose_name)
    if submitted:
        return f"{name} submitted for supervisor review."
    return f"{name} saved as a draft. Only you can change it, until you submit it for review."


def _after_save(request, record: CaseRecord, *, submitted: bool, detail_url: str):
    messages.success(request, _saved_message(record, submitted))
    if submitted:
        return redirect("offender-record", record.offender_id)
    return redirect(detail_url, record.pk)


def _detail(request, record: CaseRecord, template: str, **context):
    audit.consulted(request, record.offender_id, record=record)
    return render(
        request,
        template,
        {
            "record": record,
            "offender": record.offender,
            "reviews": record.reviews.select_related("reviewer"),
            **change_flags(request.user, record),
            **context,
        },
    )


# ARMS assessments


@login_required
def arms_new(request, offender_pk):
    offender = offender_for_case_work(request, offender_pk)
    form = _bound(ArmsAssessmentForm, request)
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        today = timezone.localdate()

        def save():
            assessment = services.arms_save(
                offender=offender, content=form.content(), acting_user=request.user, today=today
            )
            if submit:
                return services.arms_submit(assessment=assessment, acting_user=request.user, today=today)
            return assessment

        assessment = save_with_form(form, save)
        if assessment is not None:
            return _after_save(request, assessment, submitted=submit, detail_url="arms-detail")
    return render(request, "risk/arms_form.html", {"form": form, "offender": offender})


@login_required
def arms_edit(request, pk):
    assessment = record_for_case_work(request, ArmsAssessment, pk)
    refusal = refuse_unless_editable(request, assessment, "arms-detail")
    if refusal:
        return refusal
    form = _bound(ArmsAssessmentForm, request, initial=ArmsAssessmentForm.initial_from(assessment))
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        today = timezone.localdate()

        def save():
            saved = services.arms_save(
                assessment=assessment,
                content=form.content(),
                acting_user=request.user,
                today=today,
                expected_version=form.expected_version,
            )
            if submit:
                return services.arms_submit(assessment=saved, acting_user=request.user, today=today)
            return saved

        saved = save_with_form(form, save)
        if saved is not None:
            return _after_save(request, saved, submitted=submit, detail_url="arms-detail")
    return render(
        request,
        "risk/arms_form.html",
        {"form": form, "offender": assessment.offender, "record": assessment},
    )


@login_required
def arms_detail(request, pk):
    return _detail(request, visible_record(request, ArmsAssessment, pk), "risk/arms_detail.html")


@login_required
@require_POST
def arms_revise(request, pk):
    return revise(request, ArmsAssessment, pk, detail_url="arms-detail", edit_url="arms-edit")


# Risk management plans


@login_required
def rmp_new(request, offender_pk):
    offender = offender_for_case_work(request, offender_pk)
    form = _bound(RiskManagementPlanForm, request, offender=offender, submitting="submit" in request.POST)
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        today = timezone.localdate()

        def save():
            plan = services.rmp_save(
                offender=offender, content=form.content(), acting_user=request.user, today=today
            )
            return services.rmp_submit(plan=plan, acting_user=request.user, today=today) if submit else plan

        plan = save_with_form(form, save)
        if plan is not None:
            return _after_save(request, plan, submitted=submit, detail_url="rmp-detail")
    return render(request, "risk/rmp_form.html", {"form": form, "offender": offender})


@login_required
def rmp_edit(request, pk):
    plan = record_for_case_work(request, RiskManagementPlan, pk)
    refusal = refuse_unless_editable(request, plan, "rmp-detail")
    if refusal:
        return refusal
    form = _bound(
        RiskManagementPlanForm,
        request,
        initial=RiskManagementPlanForm.initial_from(plan),
        offender=plan.offender,
        submitting="submit" in request.POST,
    )
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        today = timezone.localdate()

        def save():
            saved = services.rmp_save(
                plan=plan,
                content=form.content(),
                acting_user=request.user,
                today=today,
                expected_version=form.expected_version,
            )
            return services.rmp_submit(plan=saved, acting_user=request.user, today=today) if submit else saved

        saved = save_with_form(form, save)
        if saved is not None:
            return _after_save(request, saved, submitted=submit, detail_url="rmp-detail")
    return render(request, "risk/rmp_form.html", {"form": form, "offender": plan.offender, "record": plan})


# What a plan's review date is judged with: any authorisation, and the force's policy.
PLAN_REVIEW_RELATED = ("later_review__authorised_by", "offender__force__policy")


@login_required
def rmp_detail(request, pk):
    plan = visible_record(request, RiskManagementPlan, pk, related=PLAN_REVIEW_RELATED)
    return _detail(request, plan, "risk/rmp_detail.html", **_review_date(request.user, plan))


def _review_date(user, plan: RiskManagementPlan) -> dict:
    """The plan's review date against the force's interval (the due engine's rule), any
    supervisor's authorisation of a later one, and whether `user` may give it."""
    force = plan.offender.force
    policy = force.policy.as_rules() if hasattr(force, "policy") else ForcePolicy.rules_for(None)
    interval = services.plan_review_interval(plan, policy)
    return {
        "interval": interval,
        "review_later": plan.next_review_on > interval.due_on,
        "review_earlier": plan.next_review_on < interval.due_on,
        "later_review": getattr(plan, "later_review", None),
        "refusal": services.later_review_refusal(plan=plan, supervisor=user, policy=policy),
        "can_authorise_later_review": not services.later_review_refusal(
            plan=plan, supervisor=user, policy=policy
        )
        and may_act(user, Action.AUTHORISE_LATER_REVIEW, plan.offender),
    }


@login_required
def rmp_authorise_later_review(request, pk):
    """A supervisor authorises, with the reason, a plan's review date later than the force's
    interval for the offender's risk level; without it the interval decides (the due engine)."""
    require(request.user, Action.AUTHORISE_LATER_REVIEW)
    plan = record_for_case_work(request, RiskManagementPlan, pk, related=PLAN_REVIEW_RELATED)
    review_date = _review_date(request.user, plan)
    if review_date["refusal"]:
        messages.error(request, review_date["refusal"])
        return redirect("rmp-detail", plan.pk)
    form = LaterReviewForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        authorisation = save_with_form(
            form,
            lambda: services.rmp_authorise_later_review(
                plan=plan,
                supervisor=request.user,
                reason=form.cleaned_data["reason"],
                today=timezone.localdate(),
            ),
        )
        if authorisation is not None:
            review_on = f"{plan.next_review_on:%-d %B %Y}"
            messages.success(
                request, f"Later review date authorised: the plan is next reviewed on {review_on}."
            )
            return redirect("rmp-detail", plan.pk)
    return render(
        request,
        "risk/rmp_later_review_form.html",
        {"record": plan, "offender": plan.offender, "form": form, **review_date},
    )


@login_required
@require_POST
def rmp_revise(request, pk):
    return revise(request, RiskManagementPlan, pk, detail_url="rmp-detail", edit_url="rmp-edit")


# Discarding a draft

DETAIL_URLS = {
    ReviewableKind.ARMS: "arms-detail",
    ReviewableKind.RMP: "rmp-detail",
    ReviewableKind.VISIT: "visit-detail",
}


@login_required
def record_discard(request, kind, pk):
    """Ask, then throw away the author's draft ARMS, RMP or visit; a discarded revision leaves
    the version it revised current again."""
    if kind not in REVIEWABLE:
        raise Http404("No such kind of record.")
    record = record_for_case_work(request, REVIEWABLE[kind], pk, author_only=True)
    detail_url = DETAIL_URLS[ReviewableKind(kind)]
    if record.status != WorkflowStatus.DRAFT:
        messages.error(
            request, f"Only a draft can be discarded: this one is {record.get_status_display().lower()}."
        )
        return redirect(detail_url, record.pk)
    if request.method == "POST":
        version = request.POST.get("row_version", "")
        try:
            record_discard_service(
                record=record,
                acting_user=request.user,
                expected_version=int(version) if version.isdigit() else None,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(detail_url, record.pk)
        name = capfirst(record._meta.verbose_name)
        if record.supersedes_id:
            messages.success(
                request,
                f"Draft version {record.version} discarded. Version {record.version - 1} is the current "
                f"{record._meta.verbose_name} again.",
            )
            return redirect(detail_url, record.supersedes_id)
        messages.success(request, f"{name} draft discarded.")
        return redirect("offender-record", record.offender_id)
    return render(
        request,
        "risk/record_discard.html",
        {"record": record, "detail_url": detail_url, "noun": record._meta.verbose_name},
    )


# Supervisor review


@login_required
def review_record(request, kind, pk):
    """Review one ARMS, RMP or visit beside its context [docs/rules.md § Supervisor review]: sign it off
    or return it with reasons. The author never reviews their own work."""
    require(request.user, Action.REVIEW)
    today = timezone.localdate()
    record = reviewable_record(kind, pk, request.user, today=today)
    if record is None:
        raise Http404("No such record awaiting your review.")
    if request.method == "GET":
        audit.consulted(request, record.offender_id, record=record)
    own_work = record.author_id == request.user.pk
    form = ReviewForm(
        request.POST if request.method == "POST" else None, initial={"row_version": record.row_version}
    )
    if request.method == "POST" and form.is_valid():
        review = save_with_form(
            form,
            lambda: services.review_record(
                record=record,
                reviewer=request.user,
                text=form.cleaned_data["text"],
                decision=form.cleaned_data["decision"],
                reviewed_on=today,
                policy=ForcePolicy.rules_for(record.offender.force_id),
                expected_version=form.expected_version,
            ),
        )
        if review is not None:
            done = "signed off" if review.decision == ReviewDecision.SIGNED_OFF else "returned to the author"
            messages.success(request, f"{record.kind_label} for {record.offender.full_name} {done}.")
            return redirect("review-queue")
    deadline = review_deadline(record.submitted_on) if record.submitted_on else None
    return render(
        request,
        "risk/review_form.html",
        {
            "record": record,
            "kind": kind,
            "offender": record.offender,
            "form": form,
            "own_work": own_work,
            "awaiting": record.status == WorkflowStatus.SUBMITTED,
            "deadline": deadline,
            "days_overdue": days_overdue(deadline, today) if deadline else 0,
            "context": review_context(record),
            "inspections": record.device_inspections.select_related("device") if kind == "visit" else [],
            "min_characters": ForcePolicy.rules_for(record.offender.force_id).review_min_characters,
        },
    )


# Reactive management


@login_required
def management_mode(request, offender_pk):
    """Move an offender to reactive management when every criterion holds, or back to active
    management [docs/rules.md § Reactive management]. Anyone who can see the offender sees the criteria;
    only a supervisor decides."""
    offender = offender_to_read(request.user, offender_pk)
    today = timezone.localdate()
    form = ManagementModeForm(request.POST if request.method == "POST" else None)
    if request.method == "GET":
        audit.consulted(request, offender, kind="management")
    if request.method == "POST":
        authorise(request.user, Action.SET_MANAGEMENT_MODE, offender)
        target = (
            ManagementMode.ACTIVE
            if offender.management_mode == ManagementMode.REACTIVE
            else ManagementMode.REACTIVE
        )
        if form.is_valid():
            change = save_with_form(
                form,
                lambda: life_events.offender_set_management_mode(
                    offender=offender,
                    mode=target,
                    supervisor=request.user,
                    reason=form.cleaned_data["reason"],
                    today=today,
                ),
            )
            if change is not None:
                messages.success(
                    request,
                    f"{offender.full_name} is now under {change.get_mode_display().lower()} management.",
                )
                return redirect("offender-record", offender.pk)
    return render(
        request,
        "risk/management_mode.html",
        {
            "offender": offender,
            "form": form,
            "facts": reactive_facts(offender, today=today),
            "history": offender.management_mode_changes.select_related("changed_by")[:20],
            "can_decide": may_act(request.user, Action.SET_MANAGEMENT_MODE, offender),
        },
    )


# Import


@login_required
def import_extract(request, team_pk):
    """A supervisor imports nominals and their history into their team from a CSV extract:
    every row checked, all imported or none, every refused row named with its line."""
    require(request.user, Action.IMPORT)
    team = visible_team_or_404(request.user, team_pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = import_csv(
            form.cleaned_data["extract"], team=team, acting_user=request.user, today=timezone.localdate()
        )
        if report.ok:
            counts = ", ".join(f"{n} {kind}" for kind, n in report.imported.items())
            messages.success(request, f"Imported {report.rows} rows: {counts}.")
            return redirect("team-detail", team.pk)
    return render(request, "risk/import.html", {"team": team, "form": form, "report": report})
