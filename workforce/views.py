"""Team availability: absences (long-term ones make the adjusted ratio and leave caseloads
needing cover) and abstractions, recorded and reviewed every month [docs/rules.md § People and places].
Supervisors record; senior leaders may read."""

import datetime
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from kit.web import save_with_form
from rules.caseload import is_long_term_absence
from rules.dates import add_months
from workforce import services
from workforce.forms import AbsenceEndForm, AbsenceForm, AbstractionForm
from workforce.models import Absence, Abstraction, ForcePolicy, Staff, Team
from workforce.permissions import Action, may, require
from workforce.selectors import team_offender_managers, visible_team_or_404

MONTHS_LISTED = 13


def _members(team: Team):
    """Everyone in the team, vacant posts included (their absence is the vacancy)."""
    return Staff.objects.filter(team=team).order_by("last_name", "first_name", "pk")


def _month(request, today: datetime.date) -> datetime.date:
    """The month asked for as ?month=2026-10, else last month (the one due for review)."""
    try:
        return datetime.date.fromisoformat(f"{request.GET.get('month', '')}-01")
    except ValueError:
        return add_months(today.replace(day=1), -1)


@login_required
def availability(request, pk):
    team = visible_team_or_404(request.user, pk)
    today = timezone.localdate()
    month = _month(request, today)
    next_month = add_months(month, 1)
    policy = ForcePolicy.rules_for(team.force_id)
    members = _members(team)
    current = list(
        Absence.objects.filter(staff__in=members)
        .exclude(ends_on__lt=today)
        .select_related("staff")
        .order_by("starts_on", "pk")
    )
    # Not ended before today, so an absence has begun exactly when it covers today: the
    # same rows as selectors.absences_on / long_term_absences_on, without two more queries.
    begun = [absence for absence in current if absence.starts_on <= today]
    # A vacant post is not a person away (issue 15, item 17): counted apart.
    vacant_today = sum(absence.is_vacancy for absence in begun)
    long_term = {
        absence.pk
        for absence in begun
        if is_long_term_absence(
            kind=absence.kind,
            starts_on=absence.starts_on,
            ends_on=absence.ends_on,
            long_term_days=policy.long_term_absence_days,
            on=today,
        )
    }
    abstractions = (
        Abstraction.objects.filter(staff__in=members, starts_on__gte=month, starts_on__lt=next_month)
        .select_related("staff", "approved_by", "reviewed_by")
        .order_by("starts_on", "pk")
    )
    return render(
        request,
        "workforce/availability.html",
        {
            "team": team,
            "today": today,
            "absences": [(absence, absence.pk in long_term) for absence in current],
            "long_term_days": policy.long_term_absence_days,
            "away_today": len(begun) - vacant_today,
            "vacant_today": vacant_today,
            "month": month,
            "months": [add_months(today.replace(day=1), -n) for n in range(MONTHS_LISTED)],
            "abstractions": abstractions,
            "unreviewed": sum(1 for a in abstractions if a.reviewed_on is None),
            "can_act": may(request.user, Action.RECORD_AVAILABILITY),
            "can_review": may(request.user, Action.REVIEW_ABSTRACTIONS),
        },
    )


@login_required
def absence_new(request, pk):
    team = visible_team_or_404(request.user, pk)
    require(request.user, Action.RECORD_AVAILABILITY)
    form = AbsenceForm(request.POST if request.method == "POST" else None, staff=_members(team))
    if request.method == "POST" and form.is_valid():
        absence = save_with_form(
            form, lambda: services.absence_record(acting_user=request.user, **form.cleaned_data)
        )
        if absence is not None:
            messages.success(request, f"Absence recorded: {absence}.")
            return redirect("team-availability", team.pk)
    return render(request, "workforce/absence_form.html", {"team": team, "form": form})


@login_required
def absence_end(request, pk, absence_pk):
    team = visible_team_or_404(request.user, pk)
    require(request.user, Action.RECORD_AVAILABILITY)
    absence = get_object_or_404(
        Absence.objects.filter(staff__in=_members(team)).select_related("staff"), pk=absence_pk
    )
    form = AbsenceEndForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        ended = save_with_form(
            form,
            lambda: services.absence_end(
                absence=absence, ends_on=form.cleaned_data["ends_on"], acting_user=request.user
            ),
        )
        if ended is not None:
            messages.success(request, f"{absence.staff}'s absence ends on {ended.ends_on:%-d %B %Y}.")
            return redirect("team-availability", team.pk)
    return render(
        request, "workforce/absence_end_form.html", {"team": team, "form": form, "absence": absence}
    )


@login_required
def abstraction_new(request, pk):
    team = visible_team_or_404(request.user, pk)
    require(request.user, Action.RECORD_AVAILABILITY)
    approvers = Staff.objects.filter(
        force_id=team.force_id, is_active=True, role__in=services.APPROVER_ROLES
    ).order_by("last_name", "first_name")
    form = AbstractionForm(
        request.POST if request.method == "POST" else None,
        staff=team_offender_managers(team).order_by("last_name", "first_name", "pk"),
        approvers=approvers,
        initial={"approved_by": request.user},
    )
    if request.method == "POST" and form.is_valid():
        abstraction = save_with_form(
            form, lambda: services.abstraction_record(acting_user=request.user, **form.cleaned_data)
        )
        if abstraction is not None:
            messages.success(request, f"Abstraction recorded: {abstraction}.")
            return redirect(f"{_availability_url(team)}?month={abstraction.starts_on:%Y-%m}")
    return render(request, "workforce/abstraction_form.html", {"team": team, "form": form})


@login_required
@require_POST
def abstractions_review(request, pk):
    """The monthly review of abstractions: mark the chosen ones reviewed."""
    team = visible_team_or_404(request.user, pk)
    require(request.user, Action.REVIEW_ABSTRACTIONS)
    chosen = list(
        Abstraction.objects.filter(
            staff__in=_members(team), pk__in=[v for v in request.POST.getlist("abstraction") if v.isdigit()]
        )
    )
    month = request.POST.get("month", "")
    month = month if re.fullmatch(r"\d{4}-\d{2}", month) else ""
    if not chosen:
        messages.error(request, "Choose the abstractions you have reviewed.")
    else:
        try:
            reviewed = services.abstractions_review(
                abstractions=chosen, reviewer=request.user, today=timezone.localdate()
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, f"{len(reviewed)} abstraction{'s' if len(reviewed) != 1 else ''} marked reviewed."
            )
    return redirect(f"{_availability_url(team)}?month={month}")


def _availability_url(team: Team) -> str:
    return reverse("team-availability", args=[team.pk])
