"""Reads that feed the due engine: an offender's facts, gathered in a fixed number of
queries whatever the number of offenders (one per table, grouped in SQL)."""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from offenders.models import (
    IntelligenceCheck,
    IntelligenceSystem,
    Offender,
    OrderCondition,
    RegistrationNotification,
)
from offenders.registration import registration_position
from risk.models import ArmsAssessment, PlanReviewAuthorisation, RiskManagementPlan
from rules.choices import COMPLETED_STATUSES, OrderKind, WorkflowStatus
from rules.due import (
    AssessedItem,
    AwaitingReview,
    ConditionToCheck,
    DueItem,
    OffenderFacts,
    ReviewableKind,
    VisitRegime,
    assess_items,
    due_items,
)
from rules.policy import Policy
from visits.models import Visit, VisitOutcome
from workforce.models import ForcePolicy

REACTIVE_CHECK_SYSTEMS = tuple(IntelligenceSystem.values)


def _latest_dates(queryset: QuerySet, date_field: str) -> dict[int, datetime.date]:
    rows = (
        queryset.values("offender_id").annotate(latest=Max(date_field)).values_list("offender_id", "latest")
    )
    return dict(rows)


def _current_plans(offender_ids: list[int]) -> dict[int, RiskManagementPlan]:
    plans = (
        RiskManagementPlan.objects.filter(offender_id__in=offender_ids, status__in=COMPLETED_STATUSES)
        .order_by("offender_id", "-written_on", "-version")
        .distinct("offender_id")
        .only("offender_id", "written_on", "next_review_on", "visit_every", "visit_every_unit")
    )
    return {plan.offender_id: plan for plan in plans}


def _reactive_checks_completed(offender_ids: list[int]) -> dict[int, datetime.date]:
    """The date the last full set of annual checks (PND, PNC, ViSOR, local) was complete:
    the oldest of each system's latest check, for offenders checked on every system."""
    latest = (
        IntelligenceCheck.objects.filter(offender_id__in=offender_ids)
        .values("offender_id", "system")
        .annotate(latest=Max("checked_on"))
        .values_list("offender_id", "system", "latest")
    )
    per_offender: dict[int, dict[str, datetime.date]] = defaultdict(dict)
    for offender_id, system, checked_on in latest:
        per_offender[offender_id][system] = checked_on
    return {
        offender_id: min(systems.values())
        for offender_id, systems in per_offender.items()
        if len(systems) == len(REACTIVE_CHECK_SYSTEMS)
    }


def _conditions_to_check(offender_ids: list[int], today: datetime.date) -> dict[int, list[ConditionToCheck]]:
    """The conditions of civil orders in force today, with each one's last check."""
    conditions = (
        OrderCondition.objects.filter(order__offender_id__in=offender_ids, order__starts_on__lte=today)
        .filter(Q(order__ends_on__isnull=True) | Q(order__ends_on__gte=today))
        .annotate(last_checked_on=Max("checks__checked_on"))
        .values_list(
            "pk",
            "order__offender_id",
            "order__kind",
            "order__starts_on",
            "text",
            "check_every",
            "check_every_unit",
            "checked_at_every_visit",
            "last_checked_on",
        )
        .order_by("pk")
    )
    found: dict[int, list[ConditionToCheck]] = defaultdict(list)
    for pk, offender_id, kind, starts_on, text, every, unit, at_visit, last_checked_on in conditions:
        found[offender_id].append(
            ConditionToCheck(
                condition_id=pk,
                description=f"{OrderKind(kind).name} – {text}"[:120],
                order_starts_on=starts_on,
                last_checked_on=last_checked_on,
                every=VisitRegime(interval=every, unit=unit) if every else None,
                at_every_visit=at_visit,
            )
        )
    return found


def _awaiting_review(offender_ids: list[int]) -> dict[int, list[AwaitingReview]]:
    awaiting: dict[int, list[AwaitingReview]] = defaultdict(list)
    for kind, model in (
        (ReviewableKind.ARMS, ArmsAssessment),
        (ReviewableKind.RMP, RiskManagementPlan),
        (ReviewableKind.VISIT, Visit),
    ):
        rows = model.objects.filter(
            offender_id__in=offender_ids, status=WorkflowStatus.SUBMITTED
        ).values_list("offender_id", "pk", "submitted_on")
        for offender_id, item_id, submitted_on in rows:
            awaiting[offender_id].append(
                AwaitingReview(kind=kind, item_id=item_id, submitted_on=submitted_on)
            )
    return awaiting


def offender_facts(
    offenders: Iterable[Offender], *, today: datetime.date | None = None
) -> dict[int, OffenderFacts]:
    """The due engine's facts for each offender, keyed by offender id (11 queries in all)."""
    offenders = list(offenders)
    today = today or timezone.localdate()
    ids = [offender.pk for offender in offenders]
    # Only a visit where the offender was seen counts as the visit done; an attempt
    # (no reply, not at address) leaves the visit due.
    last_visit = _latest_dates(
        Visit.objects.filter(offender_id__in=ids, status__in=COMPLETED_STATUSES, outcome=VisitOutcome.SEEN),
        "visited_on",
    )
    last_arms = _latest_dates(
        ArmsAssessment.objects.filter(offender_id__in=ids, status__in=COMPLETED_STATUSES), "assessed_on"
    )
    last_pnd = _latest_dates(
        IntelligenceCheck.objects.filter(offender_id__in=ids, system=IntelligenceSystem.PND), "checked_on"
    )
    plans = _current_plans(ids)
    later_reviews = set(
        PlanReviewAuthorisation.objects.filter(plan__in=[plan.pk for plan in plans.values()]).values_list(
            "plan_id", flat=True
        )
    )
    reactive_checks = _reactive_checks_completed(ids)
    awaiting = _awaiting_review(ids)
    conditions = _conditions_to_check(ids, today)
    notifications = defaultdict(list)
    for row in RegistrationNotification.objects.filter(offender_id__in=ids):
        notifications[row.offender_id].append(row)

    facts = {}
    for offender in offenders:
        plan = plans.get(offender.pk)
        registration = registration_position(offender, notifications.get(offender.pk, ()), today=today)
        regime = None
        if plan is not None and plan.visit_every:
            regime = VisitRegime(interval=plan.visit_every, unit=plan.visit_every_unit)
        facts[offender.pk] = OffenderFacts(
            offender_id=offender.pk,
            status=offender.status,
            management_mode=offender.management_mode,
            lead_agency=offender.lead_agency,
            record_started_on=offender.managed_since,
            risk_level=offender.risk_level,
            police_lead_since=offender.police_lead_since,
            last_visit_on=last_visit.get(offender.pk),
            last_arms_on=last_arms.get(offender.pk),
            last_rmp_on=plan.written_on if plan else None,
            rmp_next_review_on=plan.next_review_on if plan else None,
            rmp_visit_regime=regime,
            last_pnd_check_on=last_pnd.get(offender.pk),
            reactive_since=offender.reactive_since,
            last_reactive_checks_on=reactive_checks.get(offender.pk),
            items_awaiting_review=tuple(awaiting.get(offender.pk, ())),
            community_since=offender.community_since,
            community_since_reason=offender.community_since_reason,
            returned_to_active_on=offender.returned_to_active_on,
            post_licence_rule_applies=offender.post_licence_rule_applies,
            risk_level_source=offender.risk_level_source,
            rmp_later_review_authorised=plan is not None and plan.pk in later_reviews,
            conditions_to_check=tuple(conditions.get(offender.pk, ())),
            registration=registration.facts,
            home_address_notified_on=registration.home_address_notified_on,
        )
    return facts


def policies_for(offenders: Iterable[Offender]) -> dict[int, Policy]:
    """Each force's policy as the rules read it (one query)."""
    force_ids = {offender.force_id for offender in offenders}
    return {
        policy.force_id: policy.as_rules() for policy in ForcePolicy.objects.filter(force_id__in=force_ids)
    }


def due_items_by_offender(offenders: Iterable[Offender]) -> dict[int, list[DueItem]]:
    """Every offender's due items from the one due engine, under their force's policy."""
    offenders = list(offenders)
    facts = offender_facts(offenders)
    policies = policies_for(offenders)
    return {
        offender.pk: due_items(facts[offender.pk], policies.get(offender.force_id, Policy()))
        for offender in offenders
    }


def due_work(offenders: QuerySet[Offender], *, today: datetime.date) -> dict[int, list[AssessedItem]]:
    """What is due for each offender and how overdue it is on `today`."""
    return {
        offender_id: assess_items(items, today)
        for offender_id, items in due_items_by_offender(offenders).items()
    }
