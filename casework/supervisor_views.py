"""A supervisor's pages: the review queue, the team's caseloads against 50/20, reassignment
with a preview of everyone's position after it, the rebalance suggestion and the monthly
visit crewing table [docs/rules.md § Supervisor review; docs/rules.md § Visits]. Senior leaders may read the
team pages; only supervisors act."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from casework import rebalancing
from casework.forms import QueueFilterForm, ReassignForm, RebalanceApplyForm
from casework.supervision import reactive_work_due
from kit.web import add_service_errors, save_with_form
from offenders import audit
from offenders.permissions import authorise_all
from offenders.selectors import managed, offenders_visible_to, offenders_writable_by
from offenders.services import offenders_reassign
from outstanding.positions import positions_after, team_caseloads
from risk.selectors import REVIEWABLE, queue_counts, queue_entries, review_queue
from rules.review import AgeBand
from visits.models import Visit
from visits.selectors import crewing_by_month
from workforce.models import ForcePolicy, Role, Staff
from workforce.permissions import Action, may, require
from workforce.selectors import long_term_absences_on, teams_visible_to, visible_team_or_404

PAGE_SIZE = 25
CASELOAD_PAGE_SIZE = 100
MAX_REASSIGN = 200  # offenders moved in one go; more is a restructure, done team by team


def _query_without(request, *names) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@login_required
def queue(request):
    """Everything awaiting the supervisor's review, and reactive cases' annual work coming due."""
    require(request.user, Action.REVIEW)
    today = timezone.localdate()
    form = QueueFilterForm(request.GET or None)
    filters = form.filters()
    page = Paginator(review_queue(request.user, today=today, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    reactive = Paginator(reactive_work_due(request.user, today=today), PAGE_SIZE).get_page(
        request.GET.get("reactive_page")
    )
    counts = queue_counts(request.user, today=today)
    entries = queue_entries(page.object_list, request.user, today=today)
    reactive.object_list = list(reactive.object_list)
    audit.consulted(
        request,
        [e.offender for e in entries] + [item.offender_id for item in reactive.object_list],
        kind="queue",
    )
    return render(
        request,
        "casework/review_queue.html",
        {
            "form": form,
            "page": page,
            "entries": entries,
            "count_rows": _count_rows(counts),
            "bands": AgeBand.choices,
            "filtered": any((filters.kind, filters.band, filters.cover)),
            "query": _query_without(request, "page"),
            "reactive": reactive,
            "reactive_query": _query_without(request, "reactive_page"),
            "today": today,
        },
    )


def _count_rows(counts) -> list[dict]:
    """The queue's count table: a row per kind and one for all, each cell with its filter."""
    rows = [(kind, f"{model._meta.verbose_name}s", f"kind={kind}&") for kind, model in REVIEWABLE.items()]
    rows.append(("total", "All", ""))
    return [
        {
            "label": label[0].upper() + label[1:],
            "cells": [
                {
                    "count": counts[kind][band],
                    "query": f"{prefix}band={band}",
                    "overdue": band != AgeBand.UNDER_1_MONTH,
                }
                for band in AgeBand.values
            ],
            "total": counts[kind]["total"],
            "query": prefix.rstrip("&"),
        }
        for kind, label, prefix in rows
    ]


@login_required
def team_list(request):
    teams = list(teams_visible_to(request.user, day=timezone.localdate()).select_related("force"))
    if len(teams) == 1:
        return redirect("team-detail", teams[0].pk)
    return render(request, "casework/team_list.html", {"teams": teams})


@login_required
def team_detail(request, pk):
    """Each offender manager's community caseload, high-risk share, 50/20 position, outstanding
    work and availability; the team's ratio and its ratio adjusted for long-term absences."""
    team = visible_team_or_404(request.user, pk)
    today = timezone.localdate()
    policy = ForcePolicy.rules_for(team.force_id)
    return render(
        request,
        "casework/team_detail.html",
        {
            "team": team,
            "caseloads": team_caseloads(team, today=today, policy=policy),
            "policy": policy,
            "today": today,
        },
    )


@login_required
def officer_caseload(request, team_pk, staff_pk):
    """One offender manager's caseload, to choose offenders to move."""
    team = visible_team_or_404(request.user, team_pk)
    officer = get_object_or_404(Staff.objects.filter(team=team, role=Role.OFFENDER_MANAGER), pk=staff_pk)
    offenders = (
        managed(offenders_visible_to(request.user))
        .filter(offender_manager=officer)
        .order_by("status", "last_name", "first_name", "pk")
    )
    page = Paginator(offenders, CASELOAD_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    audit.consulted(request, page.object_list, kind="caseload")
    # Offered for reassignment: only the cases the supervisor may move (Action.REASSIGN is on a
    # case they work), so the button never leads to a refusal (issue 15, item 10).
    movable: set[int] = set()
    if may(request.user, Action.REASSIGN) and page.object_list:
        movable = set(
            offenders_writable_by(request.user)
            .filter(pk__in=[offender.pk for offender in page.object_list])
            .values_list("pk", flat=True)
        )
    return render(
        request,
        "casework/officer_caseload.html",
        {
            "team": team,
            "officer": officer,
            "page": page,
            "movable": movable,
            "may_reassign": may(request.user, Action.REASSIGN),
        },
    )


def _assignable_officers(user, today):
    """Offender managers a supervisor may move offenders to: in post, in the teams they can see,
    not on a long-term absence."""
    policy = ForcePolicy.rules_for(user.force_id)
    away = long_term_absences_on(today, long_term_days=policy.long_term_absence_days).values("staff_id")
    return (
        Staff.objects.filter(
            role=Role.OFFENDER_MANAGER, is_active=True, team__in=teams_visible_to(user, day=today)
        )
        .exclude(pk__in=away)
        .select_related("team")
        .order_by("team__name", "last_name", "first_name")
    )


def _chosen_offenders(request) -> list:
    ids = request.POST.getlist("offender") if request.method == "POST" else request.GET.getlist("offender")
    try:
        ids = sorted({int(pk) for pk in ids})
    except ValueError:
        raise Http404("Unknown offender.") from None
    if len(ids) > MAX_REASSIGN:
        raise Http404(f"Choose at most {MAX_REASSIGN} offenders at a time.")
    offenders = list(
        offenders_visible_to(request.user).filter(pk__in=ids).select_related("offender_manager", "team")
    )
    if len(offenders) != len(ids):
        raise Http404("Unknown offender.")
    # One the supervisor can read but does not work: refused with the reason, as the service would.
    authorise_all(request.user, Action.REASSIGN, offenders)
    return offenders


@login_required
def reassign(request):
    """Move one offender or many to another offender manager. The first submission shows every
    affected OM's caseload and 50/20 position after the move; nothing moves until confirmed."""
    require(request.user, Action.REASSIGN)
    today = timezone.localdate()
    offenders = _chosen_offenders(request)
    officers = _assignable_officers(request.user, today)
    form = ReassignForm(
        request.POST if request.method == "POST" else None,
        offender_managers=officers,
        initial={"starts_on": today},
    )
    preview = None
    if request.method == "GET":
        audit.consulted(request, offenders, kind="reassignment")
    if not offenders:
        messages.error(request, "Choose at least one offender to reassign.")
    elif request.method == "POST" and "change" not in request.POST and form.is_valid():
        target = form.cleaned_data["offender_manager"]
        policy = ForcePolicy.rules_for(target.force_id)
        if "confirm" in request.POST:
            expected = {o.pk: _int_or_none(request.POST.get(f"was_{o.pk}", "")) for o in offenders}
            moved = save_with_form(
                form,
                lambda: offenders_reassign(
                    offenders=offenders,
                    offender_manager=target,
                    starts_on=form.cleaned_data["starts_on"],
                    reason=form.cleaned_data["reason"],
                    acting_user=request.user,
                    expected_managers=expected,
                ),
            )
            if moved is not None:
                noun = "offender" if len(moved) == 1 else "offenders"
                messages.success(request, f"{len(moved)} {noun} moved to {target}.")
                if target.team_id:
                    return redirect("team-detail", target.team_id)
                return redirect("home")
        preview = positions_after([(offender, target) for offender in offenders], policy=policy)
    return render(
        request,
        "casework/reassign.html",
        {"form": form, "offenders": offenders, "preview": preview, "today": today},
    )


def _int_or_none(value: str) -> int | None:
    return int(value) if value.isdigit() else None


@login_required
def rebalance(request, pk):
    """Suggest the fewest moves that bring every available offender manager within 50/20, or
    say plainly why the team's totals make that impossible. Every move starts ticked; the
    supervisor may untick some and update the preview (everyone's position after the ticked
    moves only), then apply the ticked ones (issue 15, item 16)."""
    team = visible_team_or_404(request.user, pk)
    require(request.user, Action.REBALANCE)
    today = timezone.localdate()
    policy = ForcePolicy.rules_for(team.force_id)
    cover = request.GET.get("cover") == "1" or request.POST.get("cover") == "1"
    suggestion = rebalancing.suggest(
        team, supervisor=request.user, today=today, policy=policy, cover_unavailable=cover
    )
    form = RebalanceApplyForm(request.POST if request.method == "POST" else None)
    ticked = suggestion.moves
    if request.method == "POST":
        same_suggestion = request.POST.get("suggestion") == suggestion.fingerprint
        if same_suggestion:
            ticked = suggestion.chosen(request.POST.getlist("move"))
        if "preview" in request.POST:
            if not same_suggestion:
                form.add_error(
                    None,
                    "The team's caseloads have changed since the suggestion was made. "
                    "Check the new suggestion below.",
                )
        elif form.is_valid():
            try:
                applied = rebalancing.apply(
                    suggestion,
                    fingerprint=request.POST.get("suggestion", ""),
                    chosen=request.POST.getlist("move"),
                    reason=form.cleaned_data["reason"],
                    acting_user=request.user,
                    today=today,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    f"{applied} offender{'s' if applied != 1 else ''} reassigned to rebalance the team.",
                )
                return redirect("team-detail", team.pk)
    if request.method == "GET" or "preview" in request.POST:
        audit.consulted(request, [move.offender for move in suggestion.moves], kind="rebalance")
    return render(
        request,
        "casework/rebalance.html",
        {
            "team": team,
            "suggestion": suggestion,
            "ticked": {move.token for move in ticked},
            "positions": suggestion.positions(ticked),
            "worse_off": suggestion.worse_off(ticked),
            "form": form,
            "cover": cover,
            "policy": policy,
        },
    )


@login_required
def visit_crewing(request, pk):
    """Visits each month: double-crewed, single-crewed and announced, authorised or not
    [docs/rules.md § Visits]."""
    team = visible_team_or_404(request.user, pk)
    today = timezone.localdate()
    months = crewing_by_month(Visit.objects.filter(offender__team=team), today=today)
    return render(request, "casework/visit_crewing.html", {"team": team, "months": list(reversed(months))})
