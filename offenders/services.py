"""Writes about offenders. Keyword-only, one transaction each; errors are
`django.core.exceptions.ValidationError`s a form can show against its fields."""

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kit.dates import long_date
from offenders import audit
from offenders.case_records import validate_record_date
from offenders.changes import offender_changed
from offenders.life_events import offender_reassess
from offenders.models import (
    AuditOperation,
    FailureResponse,
    IntelligenceCheck,
    IntelligenceResult,
    IntelligenceSystem,
    LifeEvent,
    OffenceType,
    Offender,
    OffenderAssignment,
    Outcome,
    OutcomeKind,
    ProbationAssessment,
    RiskSource,
)
from offenders.permissions import authorise, authorise_all
from offenders.selectors import in_force_on
from rules.choices import Disposal, OffenderStatus, OrderKind, RiskLevel
from rules.life_course import EventKind
from rules.notification import NotificationInputError, notification_period
from workforce.models import ForcePolicy, Role, Staff, Team
from workforce.permissions import Action, require
from workforce.selectors import long_term_absences_on


@transaction.atomic
def offender_register(
    *,
    team: Team,
    offender_manager: Staff | None,
    reference: str,
    first_name: str,
    last_name: str,
    date_of_birth: datetime.date,
    offender_type: str,
    mappa_category: int,
    mappa_level: int,
    disposal: str,
    relevant_date: datetime.date,
    managed_since: datetime.date,
    today: datetime.date,
    acting_user: Staff,
    status: str = OffenderStatus.COMMUNITY,
    sentence_months: int | None = None,
    is_life_sentence: bool = False,
    conditional_discharge_months: int | None = None,
    order_ends_on: datetime.date | None = None,
    offence_on: datetime.date | None = None,
    released_on: datetime.date | None = None,
    licence_ends_on: datetime.date | None = None,
    community_order_ends_on: datetime.date | None = None,
) -> Offender:
    """Register a nominal: their life course begins with a registration event holding where
    they stand (status, index sentence, release, licence, community order), from which the
    notification period, lead agency and dates follow (`offenders.life_events`); then the
    first assignment to an OM."""
    require(acting_user, Action.REGISTER)
    if Offender.objects.filter(force=team.force, reference=reference).exists():
        raise ValidationError({"reference": f"{reference} is already registered in {team.force}."})
    if disposal != Disposal.CIVIL_ORDER and order_ends_on is not None:
        raise ValidationError({"order_ends_on": "Only an SHPO or SRO disposal has an order end date."})
    if managed_since > today:
        raise ValidationError({"managed_since": "Management cannot begin in the future."})
    try:
        notification_period(
            disposal=disposal,
            relevant_date=relevant_date,
            date_of_birth=date_of_birth,
            sentence_months=sentence_months,
            life=is_life_sentence,
            conditional_discharge_months=conditional_discharge_months,
            order_ends_on=order_ends_on,
            offence_on=offence_on,
        )
    except NotificationInputError as error:
        raise ValidationError(str(error)) from error
    offender = Offender(
        force=team.force,
        team=team,
        reference=reference,
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
        offender_type=offender_type,
        mappa_category=mappa_category,
        mappa_level=mappa_level,
        status=status,
        disposal=disposal,
        sentence_months=sentence_months,
        is_life_sentence=is_life_sentence,
        conditional_discharge_months=conditional_discharge_months,
        offence_on=offence_on,
        relevant_date=relevant_date,
        managed_since=managed_since,
        # The unit holds the notification history from the start of its management.
        notification_history_from=managed_since,
    )
    offender.full_clean(exclude=["offender_manager"])
    offender.save()
    LifeEvent.objects.create(
        offender=offender,
        kind=EventKind.REGISTERED,
        occurred_on=managed_since,
        recorded_by=acting_user,
        status=status,
        disposal=disposal,
        relevant_date=relevant_date,
        sentence_months=sentence_months,
        is_life_sentence=is_life_sentence,
        conditional_discharge_months=conditional_discharge_months,
        order_ends_on=order_ends_on,
        released_on=released_on,
        licence_ends_on=licence_ends_on,
        community_order_ends_on=community_order_ends_on,
    )
    if offender_manager is not None:
        offender_assign(
            offender=offender,
            offender_manager=offender_manager,
            starts_on=managed_since,
            reason="Registered",
            acting_user=acting_user,
        )
    audit.log(actor=acting_user, operation=AuditOperation.COLLECTION, offenders=offender, record=offender)
    offender_reassess(offender=offender, today=today, acting_user=acting_user)
    offender.refresh_from_db()
    offender_changed(offender.pk)
    return offender


@transaction.atomic
def offender_assign(
    *, offender: Offender, offender_manager: Staff, starts_on: datetime.date, reason: str, acting_user: Staff
) -> OffenderAssignment:
    """Move an offender to an OM, closing the current assignment so the history is kept."""
    locked = Offender.objects.select_for_update().get(pk=offender.pk)
    return _assign_each(
        [locked],
        offender_manager=offender_manager,
        starts_on=starts_on,
        reason=reason,
        acting_user=acting_user,
    )[0]


@transaction.atomic
def offenders_reassign(
    *,
    offenders: list[Offender],
    offender_manager: Staff,
    starts_on: datetime.date,
    reason: str,
    acting_user: Staff,
    expected_managers: dict[int, int | None] | None = None,
) -> list[OffenderAssignment]:
    """Move one or many offenders to an OM in one go, with the reason; every move is kept in
    the assignment history. All or nothing: one refused move refuses them all. The same
    number of queries however many offenders move.

    `expected_managers` (offender id → the OM the caller saw) makes the move conditional: if
    anyone has moved one of the offenders since, nothing is moved and the caller is told."""
    authorise_all(acting_user, Action.REASSIGN, offenders)
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the reassignment."})
    if not offenders:
        raise ValidationError("Choose at least one offender to reassign.")
    if not offender_manager.is_active:
        raise ValidationError({"offender_manager": f"{offender_manager} is not in post."})
    long_term_days = ForcePolicy.rules_for(offender_manager.force_id).long_term_absence_days
    away = long_term_absences_on(starts_on, long_term_days=long_term_days).filter(staff=offender_manager)
    if away.exists():
        raise ValidationError(
            {
                "offender_manager": f"{offender_manager} is on a long-term absence: "
                "their caseload needs cover, not more offenders."
            }
        )
    locked = {
        offender.pk: offender
        for offender in Offender.objects.select_for_update().filter(pk__in=[o.pk for o in offenders])
    }
    if expected_managers is not None:
        moved = [o for pk, o in locked.items() if o.offender_manager_id != expected_managers.get(pk)]
        if moved:
            names = ", ".join(o.full_name for o in moved)
            raise ValidationError(
                f"Someone has reassigned {names} since this was prepared. Nothing was moved: start again."
            )
    return _assign_each(
        [locked[offender.pk] for offender in offenders],
        offender_manager=offender_manager,
        starts_on=starts_on,
        reason=reason.strip(),
        acting_user=acting_user,
    )


def _assign_each(
    offenders: list[Offender],
    *,
    offender_manager: Staff,
    starts_on: datetime.date,
    reason: str,
    acting_user: Staff,
) -> list[OffenderAssignment]:
    """Move offenders, locked by the caller, to an OM: close each one's current assignment, open
    the new one, log the alteration and mark them for recompute (five queries, however many)."""
    if offender_manager.role != Role.OFFENDER_MANAGER:
        raise ValidationError({"offender_manager": f"{offender_manager} is not an offender manager."})
    if any(offender.force_id != offender_manager.force_id for offender in offenders):
        raise ValidationError({"offender_manager": f"{offender_manager} works for another force."})
    current = {
        assignment.offender_id: assignment
        for assignment in OffenderAssignment.objects.filter(
            offender__in=[offender.pk for offender in offenders], ends_on__isnull=True
        )
    }
    for offender in offenders:
        held = current.get(offender.pk)
        if held is None:
            continue
        if held.offender_manager_id == offender_manager.pk:
            raise ValidationError(
                {"offender_manager": f"{offender} is already managed by {offender_manager}."}
            )
        if starts_on < held.starts_on:
            since = long_date(held.starts_on)
            raise ValidationError({"starts_on": f"The move cannot predate the current assignment ({since})."})
    if current:
        OffenderAssignment.objects.filter(pk__in=[held.pk for held in current.values()]).update(
            ends_on=starts_on
        )
    assignments = OffenderAssignment.objects.bulk_create(
        [
            OffenderAssignment(
                offender=offender,
                offender_manager=offender_manager,
                starts_on=starts_on,
                reason=reason,
                assigned_by=acting_user,
            )
            for offender in offenders
        ]
    )
    now = timezone.now()
    for offender in offenders:
        offender.offender_manager = offender_manager
        offender.team_id = offender_manager.team_id or offender.team_id
        offender.updated_at = now
    Offender.objects.bulk_update(offenders, ["offender_manager", "team", "updated_at"])
    audit.log_each(actor=acting_user, operation=AuditOperation.ALTERATION, records=assignments)
    offender_changed(*(offender.pk for offender in offenders))
    return assignments


@transaction.atomic
def offender_risk_assessed(
    *,
    offender_id: int,
    arms_level: str | None,
    assessed_on: datetime.date | None,
    low_risk_since: datetime.date | None,
    today: datetime.date,
    acting_user: Staff | None,
) -> Offender:
    """The offender's police ARMS changed (one was submitted, or one was returned): their risk
    level becomes the latest completed ARMS's — or, with none, probation's latest assessment
    [docs/rules.md § Lead agency] — and reactive management is re-checked at once."""
    offender = Offender.objects.select_for_update().get(pk=offender_id)
    if arms_level is not None:
        offender.risk_level, offender.risk_level_source = arms_level, RiskSource.ARMS
    else:
        _use_probation_level(offender)
    offender.arms_assessed_on = assessed_on
    offender.low_risk_since = low_risk_since
    offender.save(
        update_fields=["risk_level", "risk_level_source", "arms_assessed_on", "low_risk_since", "updated_at"]
    )
    offender_reassess(offender=offender, today=today, acting_user=acting_user)
    offender_changed(offender.pk)
    return offender


def _use_probation_level(offender: Offender) -> None:
    latest = offender.probation_assessments.order_by("-assessed_on", "-pk").first()
    offender.risk_level = latest.risk_level if latest else None
    offender.risk_level_source = RiskSource.PROBATION if latest else ""


@transaction.atomic
def probation_assessment_record(
    *,
    offender: Offender,
    risk_level: str,
    assessed_on: datetime.date,
    source: str,
    acting_user: Staff,
    today: datetime.date,
) -> ProbationAssessment:
    """Record probation's risk assessment (level, date, what it is). Until a police ARMS exists
    it is the offender's risk level, labelled as probation's, so visits follow it and the
    20% share counts it [docs/rules.md § Lead agency]."""
    authorise(acting_user, Action.RECORD, offender)
    errors = {}
    if assessed_on > today:
        errors["assessed_on"] = ["The assessment date must be today or in the past."]
    if risk_level not in RiskLevel.values:
        errors["risk_level"] = ["Choose the risk level probation assessed."]
    if not source.strip():
        errors["source"] = ["Say what the assessment is, for example OASys RoSH."]
    if errors:
        raise ValidationError(errors)
    offender = Offender.objects.select_for_update().get(pk=offender.pk)
    assessment = ProbationAssessment.objects.create(
        offender=offender,
        risk_level=risk_level,
        assessed_on=assessed_on,
        source=source.strip(),
        recorded_by=acting_user,
    )
    if offender.risk_level_source != RiskSource.ARMS:
        _use_probation_level(offender)
        offender.save(update_fields=["risk_level", "risk_level_source", "updated_at"])
    audit.log(actor=acting_user, operation=AuditOperation.COLLECTION, offenders=offender, record=assessment)
    offender_changed(offender.pk)
    return assessment


# Short names for messages ("the PND check").
_SYSTEM_NAMES = {
    IntelligenceSystem.PND: "PND",
    IntelligenceSystem.PNC: "PNC",
    IntelligenceSystem.VISOR: "ViSOR",
    IntelligenceSystem.LOCAL: "local systems",
}

# A breach is of an order the offender was under on the day [docs/rules.md § What falls due].
_BREACHED_ORDER: dict[str, OrderKind] = {
    OutcomeKind.SHPO_BREACH: OrderKind.SHPO,
    OutcomeKind.SRO_BREACH: OrderKind.SRO,
    OutcomeKind.VOO_BREACH: OrderKind.VOO,
}


def _record_date_errors(
    *, offender: Offender, on: datetime.date, today: datetime.date, label: str, field: str
) -> dict[str, list[str]]:
    """`validate_record_date`'s complaint as a field → message dict (empty when the date is fine),
    so a service can report it together with its other errors."""
    try:
        validate_record_date(offender=offender, on=on, today=today, label=label, field=field)
    except ValidationError as error:
        return error.message_dict
    return {}


# New intelligence is acted on, so the record says what it is [docs/rules.md § Intelligence and outcomes].
NEW_INTELLIGENCE_NEEDS_NOTES = (
    "Say what the new intelligence is in the notes: what was found, on which system and where it "
    "was submitted."
)


@transaction.atomic
def intelligence_check_record(
    *,
    offender: Offender,
    checked_by: Staff,
    system: str,
    checked_on: datetime.date,
    result: str,
    notes: str,
    today: datetime.date,
) -> IntelligenceCheck:
    """Record one intelligence check: regular PND checks at every risk level, and the annual
    PND, PNC, ViSOR and local checks of reactive cases [docs/rules.md § What falls due;
    docs/rules.md § Reactive management].
    Dated between the start of management and today.

    Calls `offender_changed`: the due engine counts the PND check item and the reactive
    annual checks from these rows, so the offender's outstanding work must be recomputed."""
    authorise(checked_by, Action.RECORD, offender)
    errors = _record_date_errors(
        offender=offender, on=checked_on, today=today, label="The date of the check", field="checked_on"
    )
    if system not in IntelligenceSystem.values:
        errors["system"] = ["Select the system you checked."]
    if result not in IntelligenceResult.values:
        errors["result"] = ["Select the result of the check."]
    elif result == IntelligenceResult.NEW_INTELLIGENCE and not notes.strip():
        errors["notes"] = [NEW_INTELLIGENCE_NEEDS_NOTES]
    if errors:
        raise ValidationError(errors)
    check = IntelligenceCheck.objects.create(
        offender=offender,
        system=system,
        checked_on=checked_on,
        result=result,
        notes=notes.strip(),
        checked_by=checked_by,
    )
    audit.log(actor=checked_by, operation=AuditOperation.COLLECTION, offenders=offender, record=check)
    offender_changed(offender.pk)
    return check


@transaction.atomic
def reactive_checks_record(
    *,
    offender: Offender,
    checked_by: Staff,
    checked_on: datetime.date,
    results: Mapping[str, str],
    notes: str,
    today: datetime.date,
) -> list[IntelligenceCheck]:
    """Record the annual intelligence checks of a reactive case — PND, PNC, ViSOR and local
    systems, all on one date — as one row per system [docs/rules.md § Reactive management].

    The due engine counts the annual checks as done only when every system has been checked,
    so all four rows are written or none. `results` maps each `IntelligenceSystem` value to an
    `IntelligenceResult` value; a missing or unknown result is an error keyed
    `<system>_result` (e.g. `pnd_result`) so a form with one field per system can show it.
    The same notes are stored on each row so every check reads on its own. Dated as in
    `intelligence_check_record`, and calls `offender_changed` for the same reason."""
    authorise(checked_by, Action.RECORD, offender)
    unknown = set(results) - set(IntelligenceSystem.values)
    if unknown:
        raise ValidationError(f"Unknown intelligence systems: {', '.join(sorted(unknown))}.")
    errors = _record_date_errors(
        offender=offender, on=checked_on, today=today, label="The date of the checks", field="checked_on"
    )
    for system in IntelligenceSystem:
        if results.get(system) not in IntelligenceResult.values:
            name = _SYSTEM_NAMES.get(system, system.label)
            errors[f"{system}_result"] = [f"Select the result of the {name} check."]
    if IntelligenceResult.NEW_INTELLIGENCE in results.values() and not notes.strip():
        errors["notes"] = [NEW_INTELLIGENCE_NEEDS_NOTES]
    if errors:
        raise ValidationError(errors)
    checks = IntelligenceCheck.objects.bulk_create(
        [
            IntelligenceCheck(
                offender=offender,
                system=system,
                checked_on=checked_on,
                result=results[system],
                notes=notes.strip(),
                checked_by=checked_by,
            )
            for system in IntelligenceSystem.values
        ]
    )
    audit.log(
        actor=checked_by, operation=AuditOperation.COLLECTION, offenders=offender, kind="intelligencecheck"
    )
    offender_changed(offender.pk)
    return checks


@transaction.atomic
def outcome_record(
    *,
    offender: Offender,
    recorded_by: Staff,
    kind: str,
    occurred_on: datetime.date,
    offence_type: str,
    notes: str,
    today: datetime.date,
    response: str = "",
) -> Outcome:
    """Record what the unit found — breaches, new offences, arrests, charges, recalls,
    polygraph disclosures [docs/rules.md § Intelligence and outcomes] — so the unit can show the
    harm it prevents.

    - Dated between the start of management and today.
    - A new offence says which kind of offence (the `outcome_offence_has_type` constraint);
      other outcomes may name one (an arrest or charge for an offence).
    - An SHPO or SRO breach is refused, not merely warned about, unless the offender was under
      that order on the day: a breach of an order the record does not hold is either the
      wrong outcome or a missing order, and breach counts are a performance figure, so the
      order is added to the record first.
    - Re-checks reactive management at once: an offender with an offence or concern in the
      last 3 years returns to active management that day [docs/rules.md § Reactive management].
    """
    authorise(recorded_by, Action.RECORD, offender)
    errors = _record_date_errors(
        offender=offender, on=occurred_on, today=today, label="The date", field="occurred_on"
    )
    if kind not in OutcomeKind.values:
        errors["kind"] = ["Select what happened."]
    elif kind == OutcomeKind.FAILED_TO_NOTIFY and response not in FailureResponse.values:
        errors["response"] = ["Select what was done about the failure to notify."]
    elif kind != OutcomeKind.FAILED_TO_NOTIFY and response:
        errors["response"] = ["Only a failure to notify records what was done about it."]
    if offence_type and offence_type not in OffenceType.values:
        errors["offence_type"] = ["Select a type of offence from the list."]
    elif kind == OutcomeKind.NEW_OFFENCE and not offence_type:
        errors["offence_type"] = ["Select the type of offence for a new offence."]
    order_kind = _BREACHED_ORDER.get(kind)
    if (
        order_kind is not None
        and "occurred_on" not in errors
        and not in_force_on(offender.orders.filter(kind=order_kind), occurred_on).exists()
    ):
        errors["kind"] = [
            f"{offender.full_name} was not under a {OrderKind(order_kind).label} on "
            f"{occurred_on:%-d %B %Y}. Add the order to their record first, or choose another outcome."
        ]
    if errors:
        raise ValidationError(errors)
    outcome = Outcome.objects.create(
        offender=offender,
        kind=kind,
        offence_type=offence_type,
        occurred_on=occurred_on,
        notes=notes.strip(),
        recorded_by=recorded_by,
        response=response,
    )
    audit.log(actor=recorded_by, operation=AuditOperation.COLLECTION, offenders=offender, record=outcome)
    offender_reassess(offender=offender, today=today, acting_user=recorded_by)
    return outcome
