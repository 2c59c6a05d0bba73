"""Who may see and who may change which offenders: the one scoping function of the offender
family, used by every HTML view, API view, export and dashboard link (issue 6).

- Offender manager: reads their team's offenders; writes their own caseload.
- Supervisor: reads their team's offenders and the caseloads of the officers they supervise
  or cover for; writes those caseloads.
- Senior leader: reads every offender of their force; writes nothing.
- Admin (users, teams, policy) and anyone else: no offenders.
- A restricted nominal is seen only by the staff on its named list, whatever their role.

An offender outside what a user may see answers 404; one they may see but not change, 403.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from offenders.models import (
    LifeEvent,
    ManagementModeChange,
    Offender,
    Order,
    OrderCondition,
    Outcome,
    RestrictedViewer,
    RiskSource,
)
from rules.choices import CIVIL_ORDER_KINDS, CLOSED_STATUSES, RISK_ORDER, OffenderStatus, RiskLevel
from rules.life_course import EventKind
from rules.policy import Policy
from rules.reactive import Eligibility, reactive_eligibility
from workforce.models import ForcePolicy, Role, Staff
from workforce.selectors import supervised_staff


def _unrestricted_for(user: Staff) -> Q:
    listed = RestrictedViewer.objects.filter(offender=OuterRef("pk"), staff=user)
    return Q(is_restricted=False) | Q(Exists(listed))


def _signed_in(user) -> bool:
    return user.is_authenticated and user.is_active and user.force_id is not None


def offenders_visible_to(user: Staff, *, today: datetime.date | None = None) -> QuerySet[Offender]:
    """The offenders `user` may read (module docstring)."""
    offenders = Offender.objects.all()
    if not _signed_in(user):
        return offenders.none()
    if user.role == Role.SENIOR_LEADER:
        scope = Q(force_id=user.force_id)
    elif user.role == Role.OFFENDER_MANAGER and user.team_id:
        scope = Q(team_id=user.team_id)
    elif user.role == Role.SUPERVISOR:
        supervised = supervised_staff(user, day=today or timezone.localdate())
        scope = Q(team_id=user.team_id) | Q(offender_manager__in=supervised)
    else:
        return offenders.none()
    return offenders.filter(scope).filter(_unrestricted_for(user))


def offenders_writable_by(user: Staff) -> QuerySet[Offender]:
    """The offenders whose case records `user` may write (module docstring)."""
    visible = offenders_visible_to(user)
    if user.role == Role.OFFENDER_MANAGER:
        return visible.filter(offender_manager=user)
    if user.role == Role.SUPERVISOR:
        return visible.filter(offender_manager__in=supervised_staff(user, day=timezone.localdate()))
    return visible.none()


def offender_to_read(user: Staff, pk, *, related: tuple[str, ...] = ()) -> Offender:
    """The offender if `user` may read them, else 404 (`related`: for select_related)."""
    offender = offenders_visible_to(user).select_related(*related).filter(pk=pk).first()
    if offender is None:
        raise Http404("No such offender.")
    return offender


def offender_to_write(user: Staff, pk) -> Offender:
    """The offender if `user` may change their records: 404 if they may not even see them,
    403 if they may only read them."""
    offender = offender_to_read(user, pk)
    if not may_write(user, offender):
        raise PermissionDenied(
            "You can read this offender's record but not change it: only their offender manager "
            "and the supervisor who oversees them record work."
        )
    return offender


def may_write(user: Staff, offender: Offender) -> bool:
    return offenders_writable_by(user).filter(pk=offender.pk).exists()


def managed(offenders: QuerySet[Offender]) -> QuerySet[Offender]:
    """Offenders the unit still manages (not deceased, ended or transferred)."""
    return offenders.exclude(status__in=CLOSED_STATUSES)


def risk_rank(prefix: str = "") -> Case:
    """The offender's risk level as a rank to order by, most urgent first (no level last);
    `prefix` is the path to the offender from the rows ordered (e.g. "offender__")."""
    return Case(
        *[When(**{f"{prefix}risk_level": level}, then=Value(rank)) for rank, level in enumerate(RISK_ORDER)],
        default=Value(len(RISK_ORDER)),
        output_field=IntegerField(),
    )


def search_reference_or_name(offenders: QuerySet[Offender], term: str) -> QuerySet[Offender]:
    """The offenders whose ViSOR reference or a name contains `term` (any case)."""
    return offenders.filter(
        Q(reference__icontains=term) | Q(last_name__icontains=term) | Q(first_name__icontains=term)
    )


def orders_with_conditions(offender_id: int) -> list[Order]:
    """The offender's orders, latest first, each with its conditions in the order recorded."""
    return list(
        Order.objects.filter(offender_id=offender_id).prefetch_related(
            Prefetch("conditions", queryset=OrderCondition.objects.order_by("pk"))
        )
    )


def in_force_on(orders: QuerySet[Order], day: datetime.date) -> QuerySet[Order]:
    """The orders among `orders` in force on `day`: started on or before it, not ended before it."""
    return orders.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))


@dataclass(frozen=True)
class ReactiveFacts:
    """The facts reactive eligibility is decided from, kept so the page can show them."""

    low_risk_since: datetime.date | None  # first of the current run of low police ARMS
    community_since: datetime.date | None  # first day of the current time in the community
    current_arms_on: datetime.date | None
    last_outcome: Outcome | None
    civil_orders: list[Order]
    eligibility: Eligibility


def reactive_facts(
    offender: Offender, *, today: datetime.date, policy: Policy | None = None
) -> ReactiveFacts:
    """Gather what `rules.reactive` needs [docs/rules.md § Reactive management]: how long the
    offender has been low risk (the current run of low police ARMS assessments) in the
    community (since their last return to it), whether their ARMS is current (no older than
    the force's interval for low risk), their latest outcome (any breach, offence, arrest,
    charge, recall, disclosure or concern), and any civil order in force today (SHPO, SRO or
    Violent Offender Order)."""
    policy = policy or ForcePolicy.rules_for(offender.force_id)
    community_since = offender.community_since if offender.status == OffenderStatus.COMMUNITY else None
    low_risk_since = offender.low_risk_since
    last_outcome = Outcome.objects.filter(offender=offender).order_by("-occurred_on", "-pk").first()
    civil_orders = list(
        in_force_on(Order.objects.filter(offender=offender, kind__in=CIVIL_ORDER_KINDS), today)
    )
    police_level = offender.risk_level if offender.risk_level_source == RiskSource.ARMS else None
    low_risk_community_since = (
        max(low_risk_since, community_since) if low_risk_since and community_since else None
    )
    return ReactiveFacts(
        low_risk_since=low_risk_since,
        community_since=community_since,
        current_arms_on=offender.arms_assessed_on,
        last_outcome=last_outcome,
        civil_orders=civil_orders,
        eligibility=reactive_eligibility(
            today=today,
            low_risk_community_since=low_risk_community_since,
            last_offence_or_concern_on=last_outcome.occurred_on if last_outcome else None,
            current_arms_level=police_level,
            current_arms_on=offender.arms_assessed_on,
            arms_current_months=policy.arms_interval_months(RiskLevel.LOW),
            has_active_civil_order=bool(civil_orders),
        ),
    )


# Changes the system made by itself are shown to the OM and supervisor for this long.
SYSTEM_CHANGE_NOTICE_DAYS = 7


@dataclass(frozen=True)
class SystemChange:
    """A change the system made to an offender's case by itself: a transition by date (licence
    ended, order expired, notification ended) or a return to active management when a
    reactive criterion failed. `what` says it in words; `on` is the day it took effect."""

    offender: Offender
    on: datetime.date
    what: str


def system_changes(
    offenders: QuerySet[Offender], *, since: datetime.datetime, limit: int = 10
) -> tuple[int, list[SystemChange]]:
    """How many changes the system made to these offenders' cases since `since`, and the
    latest `limit` of them (four queries). A convenience for the notices and the digest: the
    changes themselves are the offenders' life events and management-mode decisions."""
    events = LifeEvent.objects.filter(
        offender__in=offenders, recorded_by__isnull=True, recorded_at__gte=since
    ).exclude(kind=EventKind.REGISTERED)
    returns = ManagementModeChange.objects.filter(
        offender__in=offenders, changed_by__isnull=True, created_at__gte=since
    )
    count = events.count() + returns.count()
    latest = [
        SystemChange(offender=event.offender, on=event.occurred_on, what=str(event.get_kind_display()))
        for event in events.select_related("offender").order_by("-recorded_at", "-pk")[:limit]
    ] + [
        SystemChange(offender=change.offender, on=change.changed_on, what=change.reason)
        for change in returns.select_related("offender").order_by("-created_at", "-pk")[:limit]
    ]
    return count, sorted(latest, key=lambda change: change.on, reverse=True)[:limit]
