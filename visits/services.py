"""Writes about visits and their exception authorisations [docs/rules.md § Visits]."""

import datetime
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from kit.dates import date_range, long_date
from offenders import audit
from offenders.case_records import (
    content_values,
    locked_draft,
    new_or_change,
    record_revise,
    save_draft,
    validate_record_date,
)
from offenders.models import AuditOperation, Offender
from offenders.permissions import authorise
from rules.policy import Policy
from rules.review import written_reason_problem
from visits.content import VisitContent
from visits.models import DeviceInspection, InspectionFinding, Visit, VisitAuthorisation
from workforce.models import ForcePolicy, Staff
from workforce.permissions import Action


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
    """A supervisor authorises a single-crewed or announced visit before it happens, for no longer
    than the force allows at the offender's risk level, with a rationale written like a review
    [docs/rules.md § Visits]."""
    authorise(supervisor, Action.AUTHORISE_VISIT, offender)
    if not (single_crewed or announced):
        raise ValidationError("An authorisation is for a single-crewed or an announced visit (or both).")
    policy = ForcePolicy.rules_for(offender.force_id)
    errors: dict[str, str] = {}
    if valid_to < valid_from:
        errors["valid_to"] = "The end of the authorisation must be on or after its start."
    elif valid_to < today:
        errors["valid_to"] = "An authorisation is given before the visit; this range has passed."
    else:
        longest = policy.visit_authorisation_max_days(offender.risk_level)
        days = (valid_to - valid_from).days + 1
        if days > longest:
            level = offender.get_risk_level_display().lower() if offender.risk_level else "not yet assessed"
            errors["valid_to"] = (
                f"An authorisation for a {level} risk offender lasts at most {longest} days (the force's "
                f"setting); {date_range(valid_from, valid_to)} is {days} days. Authorise a shorter period."
            )
    problem = written_reason_problem(rationale, min_characters=policy.review_min_characters)
    if problem:
        errors["rationale"] = problem
    if errors:
        raise ValidationError(errors)
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
        return (
            f"That authorisation covers {date_range(authorisation.valid_from, authorisation.valid_to)}, "
            f"not the visit date, {long_date(visited_on)}. Choose one that covers the visit date."
        )
    if authorisation.authorised_on > visited_on:
        return "That authorisation was given after the visit; it must be given before."
    if crew_size < 2 and not authorisation.single_crewed:
        return "That authorisation does not cover a single-crewed visit."
    if announced and not authorisation.announced:
        return "That authorisation does not cover an announced visit."
    return None


def unauthorised_reason_problem(reason: str, *, policy: Policy) -> str | None:
    """Why `reason` does not say why a single-crewed or announced visit went ahead without a
    supervisor's authorisation (None if it does): written like any reason
    [docs/rules.md § Visits]."""
    return written_reason_problem(
        reason,
        min_characters=policy.review_min_characters,
        what="reason",
        asking="why the visit went ahead without a supervisor's authorisation (your supervisor is told)",
    )


def _validate_visit(
    *, offender: Offender, author: Staff, content: VisitContent, today: datetime.date
) -> None:
    validate_record_date(
        offender=offender, on=content.visited_on, today=today, label="The visit date", field="visited_on"
    )
    co_attending_officer, crew_size = content.co_attending_officer, content.crew_size
    if co_attending_officer is not None and co_attending_officer.pk == author.pk:
        raise ValidationError(
            {"co_attending_officer": "The co-attending officer must be someone other than you."}
        )
    if co_attending_officer is not None and crew_size < 2:
        raise ValidationError({"crew_size": "A visit with a co-attending officer has at least two officers."})
    if content.intelligence_submitted and not content.intelligence_reference.strip():
        raise ValidationError(
            {"intelligence_reference": "Enter the reference of the intelligence submitted."}
        )
    if content.authorisation is not None:
        if not content.is_exception:
            raise ValidationError(
                {"authorisation": "A double-crewed unannounced visit needs no authorisation."}
            )
        problem = authorisation_covers(
            content.authorisation,
            offender=offender,
            visited_on=content.visited_on,
            crew_size=crew_size,
            announced=content.announced,
        )
        if problem:
            raise ValidationError({"authorisation": problem})
    if content.is_unauthorised:
        problem = unauthorised_reason_problem(
            content.unauthorised_reason, policy=ForcePolicy.rules_for(offender.force_id)
        )
        if problem:
            raise ValidationError({"unauthorised_reason": problem})
    registered = set(offender.devices.filter(removed_on__isnull=True).values_list("pk", flat=True))
    if set(content.device_findings) - registered:
        raise ValidationError(
            {"device_findings": "Only the offender's current registered devices can be inspected."}
        )


def _write_inspections(
    visit: Visit, device_findings: Mapping[int, str], unregistered_devices: Sequence[str]
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


# What a visit's content holds beside the visit's own columns: its device inspections.
_INSPECTIONS = ("device_findings", "unregistered_devices")


def _visit_values(content: VisitContent, *, leave_out: tuple[str, ...]) -> dict[str, object]:
    """The visit's columns from its content, trimmed; a reason for going ahead unauthorised is
    kept only while the visit is an unauthorised exception."""
    values = content_values(content, leave_out=leave_out)
    values["intelligence_reference"] = content.intelligence_reference.strip()
    values["unauthorised_reason"] = content.unauthorised_reason.strip() if content.is_unauthorised else ""
    return values


@transaction.atomic
def visit_save(
    *,
    offender: Offender | None = None,
    visit: Visit | None = None,
    content: VisitContent,
    acting_user: Staff,
    today: datetime.date,
    expected_version: int | None = None,
) -> Visit:
    """Record a home visit as a draft by `acting_user` for `offender`, or change the draft
    `visit` (its author only, from its latest version); a submitted one is changed only by a
    new version. A change writes the device inspections again from `content` and keeps the
    date the visit was planned for. An exception with no authorisation is still recorded (the
    record must be honest) and shows as non-compliant wherever visits are counted."""
    new_or_change(offender, visit)
    authorise(acting_user, Action.RECORD, offender if visit is None else visit.offender)
    if visit is None:
        assert offender is not None  # new_or_change refused neither being given
        _validate_visit(offender=offender, author=acting_user, content=content, today=today)
        values = _visit_values(content, leave_out=_INSPECTIONS)
        visit = Visit.objects.create(offender=offender, author=acting_user, **values)
        _write_inspections(visit, content.device_findings, content.unregistered_devices)
        audit.log(actor=acting_user, operation=AuditOperation.COLLECTION, offenders=offender, record=visit)
        return visit
    visit = locked_draft(visit, acting_user, expected_version=expected_version)
    _validate_visit(offender=visit.offender, author=visit.author, content=content, today=today)
    values = _visit_values(content, leave_out=(*_INSPECTIONS, "planned_on"))
    save_draft(visit, values, acting_user=acting_user)
    visit.device_inspections.all().delete()
    _write_inspections(visit, content.device_findings, content.unregistered_devices)
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
