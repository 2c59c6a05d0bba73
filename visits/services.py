"""Writes about visits and their exception authorisations [004 RSO visits; Rec 10]."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from offenders import audit
from offenders.case_records import locked_draft, record_revise, save_draft, validate_record_date
from offenders.models import AuditOperation, Offender
from visits.models import DeviceInspection, InspectionFinding, Visit, VisitAuthorisation
from workforce.models import Role, Staff


@transaction.atomic
def visit_authorise(
    *,
    offender: Offender,
    supervisor: Staff,
    valid_from: datetime.date,
    valid_to: datetime.date,
    single_crewed: bool,
    announced: bool,
    rationale: str,
    today: datetime.date,
) -> VisitAuthorisation:
    """A supervisor authorises a single-crewed or announced visit before it happens."""
    if supervisor.role != Role.SUPERVISOR:
        raise ValidationError("Only a supervisor can authorise a visit exception.")
    if not (single_crewed or announced):
        raise ValidationError("An authorisation is for a single-crewed or an announced visit (or both).")
    if valid_to < valid_from:
        raise ValidationError({"valid_to": "The end of the authorisation must be on or after its start."})
    if valid_to < today:
        raise ValidationError(
            {"valid_to": "An authorisation is given before the visit; this range has passed."}
        )
    if not rationale.strip():
        raise ValidationError({"rationale": "Enter the rationale for the exception."})
    authorisation = VisitAuthorisation.objects.create(
        offender=offender,
        authorised_by=supervisor,
        authorised_on=today,
        valid_from=valid_from,
        valid_to=valid_to,
        single_crewed=single_crewed,
        announced=announced,
        rationale=rationale.strip(),
    )
    audit.log(actor=supervisor, operation=AuditOperation.COLLECTION, offenders=offender, record=authorisation)
    return authorisation


def authorisation_covers(
    authorisation: VisitAuthorisation,
    *,
    offender: Offender,
    visited_on: datetime.date,
    crew_size: int,
    announced: bool,
) -> str | None:
    """Why this authorisation does not cover the visit, or None if it does."""
    if authorisation.offender_id != offender.pk:
        return "That authorisation is for another offender."
    if not authorisation.valid_from <= visited_on <= authorisation.valid_to:
        return "That authorisation does not cover the visit date."
    if authorisation.authorised_on > visited_on:
        return "That authorisation was given after the visit; it must be given before."
    if crew_size < 2 and not authorisation.single_crewed:
        return "That authorisation does not cover a single-crewed visit."
    if announced and not authorisation.announced:
        return "That authorisation does not cover an announced visit."
    return None


def _validate_visit(
    *,
    offender: Offender,
    author: Staff,
    visited_on: datetime.date,
    today: datetime.date,
    crew_size: int,
    co_attending_officer: Staff | None,
    announced: bool,
    authorisation: VisitAuthorisation | None,
    intelligence_submitted: bool,
    intelligence_reference: str,
    device_findings: dict[int, str],
) -> None:
    validate_record_date(
        offender=offender, on=visited_on, today=today, label="The visit date", field="visited_on"
    )
    if co_attending_officer is not None and co_attending_officer.pk == author.pk:
        raise ValidationError(
            {"co_attending_officer": "The co-attending officer must be someone other than you."}
        )
    if co_attending_officer is not None and crew_size < 2:
        raise ValidationError({"crew_size": "A visit with a co-attending officer has at least two officers."})
    if intelligence_submitted and not intelligence_reference.strip():
        raise ValidationError(
            {"intelligence_reference": "Enter the reference of the intelligence submitted."}
        )
    is_exception = crew_size < 2 or announced
    if authorisation is not None:
        if not is_exception:
            raise ValidationError(
                {"authorisation": "A double-crewed unannounced visit needs no authorisation."}
            )
        problem = authorisation_covers(
            authorisation, offender=offender, visited_on=visited_on, crew_size=crew_size, announced=announced
        )
        if problem:
            raise ValidationError({"authorisation": problem})
    registered = set(offender.devices.filter(removed_on__isnull=True).values_list("pk", flat=True))
    if set(device_findings) - registered:
        raise ValidationError(
            {"device_findings": "Only the offender's current registered devices can be inspected."}
        )


def _write_inspections(
    visit: Visit, device_findings: dict[int, str], unregistered_devices: list[str]
) -> None:
    DeviceInspection.objects.bulk_create(
        [
            DeviceInspection(visit=visit, device_id=device_id, finding=finding)
            for device_id, finding in device_findings.items()
            if finding != InspectionFinding.NOT_INSPECTED
        ]
        + [
            DeviceInspection(
                visit=visit, unregistered_description=description, finding=InspectionFinding.CONCERNS
            )
            for description in (line.strip()[:120] for line in unregistered_devices)
            if description
        ]
    )


@transaction.atomic
def visit_record(
    *,
    offender: Offender,
    author: Staff,
    visited_on: datetime.date,
    today: datetime.date,
    outcome: str,
    crew_size: int = 2,
    co_attending_officer: Staff | None = None,
    announced: bool = False,
    authorisation: VisitAuthorisation | None = None,
    visited_at: datetime.time | None = None,
    planned_on: datetime.date | None = None,
    observations: str = "",
    concerns: str = "",
    intelligence_submitted: bool = False,
    intelligence_reference: str = "",
    next_visit_actions: str = "",
    device_findings: dict[int, str] | None = None,
    unregistered_devices: list[str] | None = None,
) -> Visit:
    """Record a home visit as a draft. An exception with no authorisation is still recorded
    (the record must be honest) and shows as non-compliant wherever visits are counted."""
    device_findings = device_findings or {}
    _validate_visit(
        offender=offender,
        author=author,
        visited_on=visited_on,
        today=today,
        crew_size=crew_size,
        co_attending_officer=co_attending_officer,
        announced=announced,
        authorisation=authorisation,
        intelligence_submitted=intelligence_submitted,
        intelligence_reference=intelligence_reference,
        device_findings=device_findings,
    )
    visit = Visit.objects.create(
        offender=offender,
        author=author,
        visited_on=visited_on,
        visited_at=visited_at,
        planned_on=planned_on,
        outcome=outcome,
        crew_size=crew_size,
        co_attending_officer=co_attending_officer,
        announced=announced,
        authorisation=authorisation,
        observations=observations,
        concerns=concerns,
        intelligence_submitted=intelligence_submitted,
        intelligence_reference=intelligence_reference.strip(),
        next_visit_actions=next_visit_actions,
    )
    _write_inspections(visit, device_findings, unregistered_devices or [])
    audit.log(actor=author, operation=AuditOperation.COLLECTION, offenders=offender, record=visit)
    return visit


@transaction.atomic
def visit_update_draft(
    *,
    visit: Visit,
    acting_user: Staff,
    visited_on: datetime.date,
    today: datetime.date,
    outcome: str,
    crew_size: int = 2,
    co_attending_officer: Staff | None = None,
    announced: bool = False,
    authorisation: VisitAuthorisation | None = None,
    visited_at: datetime.time | None = None,
    observations: str = "",
    concerns: str = "",
    intelligence_submitted: bool = False,
    intelligence_reference: str = "",
    next_visit_actions: str = "",
    device_findings: dict[int, str] | None = None,
    unregistered_devices: list[str] | None = None,
    expected_version: int | None = None,
) -> Visit:
    """Change a draft visit (its author only); a submitted one is changed only by a new version.
    The device inspections are written again from what the form now says."""
    visit = locked_draft(visit, acting_user, expected_version=expected_version)
    device_findings = device_findings or {}
    _validate_visit(
        offender=visit.offender,
        author=visit.author,
        visited_on=visited_on,
        today=today,
        crew_size=crew_size,
        co_attending_officer=co_attending_officer,
        announced=announced,
        authorisation=authorisation,
        intelligence_submitted=intelligence_submitted,
        intelligence_reference=intelligence_reference,
        device_findings=device_findings,
    )
    values = {
        "visited_on": visited_on,
        "visited_at": visited_at,
        "outcome": outcome,
        "crew_size": crew_size,
        "co_attending_officer": co_attending_officer,
        "announced": announced,
        "authorisation": authorisation,
        "observations": observations,
        "concerns": concerns,
        "intelligence_submitted": intelligence_submitted,
        "intelligence_reference": intelligence_reference.strip(),
        "next_visit_actions": next_visit_actions,
    }
    save_draft(visit, values, acting_user=acting_user)
    visit.device_inspections.all().delete()
    _write_inspections(visit, device_findings, unregistered_devices or [])
    return visit


@transaction.atomic
def visit_revise(*, visit: Visit, author: Staff) -> Visit:
    """Start a new draft version of a returned or signed-off visit, with its device inspections."""
    revision = record_revise(record=visit, author=author)
    DeviceInspection.objects.bulk_create(
        [
            DeviceInspection(
                visit=revision,
                device_id=inspection.device_id,
                unregistered_description=inspection.unregistered_description,
                finding=inspection.finding,
                notes=inspection.notes,
            )
            for inspection in visit.device_inspections.all()
        ]
    )
    return revision
