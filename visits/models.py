"""Home visits, the supervisor authorisations their exceptions need, device inspections.

Visits are unannounced and in pairs; any exception needs a supervisor's authorisation
before the visit, with the rationale recorded [docs/rules.md § Visits].
"""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, F, Q
from django.urls import reverse

from kit.dates import date_range
from offenders.models import CaseRecord, Offender, RegisteredDevice
from rules.choices import WorkflowStatus


@pghistory.track(pghistory.UpdateEvent(), pghistory.DeleteEvent(), append_only=True)
class VisitAuthorisation(models.Model):
    offender = models.ForeignKey(Offender, on_delete=models.CASCADE, related_name="visit_authorisations")
    authorised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    authorised_on = models.DateField(help_text="Given before the visit")
    valid_from = models.DateField()
    valid_to = models.DateField()
    single_crewed = models.BooleanField(default=False)
    announced = models.BooleanField(default=False)
    rationale = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")), name="authorisation_valid_range"
            ),
            # Given before the visits it covers, so never after the last day it covers.
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("authorised_on")), name="authorisation_before_visits"
            ),
            # An authorisation is for an exception: single-crewed, announced or both.
            models.CheckConstraint(
                condition=Q(single_crewed=True) | Q(announced=True), name="authorisation_is_exception"
            ),
            # The rationale is recorded (docs/rules.md, Visits).
            models.CheckConstraint(condition=~Q(rationale=""), name="authorisation_has_rationale"),
        ]

    def __str__(self):
        kinds = " and ".join(
            k for k, on in (("single-crewed", self.single_crewed), ("announced", self.announced)) if on
        )
        return f"{kinds} visit, {date_range(self.valid_from, self.valid_to)}"


class VisitOutcome(models.TextChoices):
    SEEN = "seen", "Seen"
    NO_REPLY = "no_reply", "No reply"
    REFUSED_ENTRY = "refused_entry", "Refused entry"
    NOT_AT_ADDRESS = "not_at_address", "Not at address"
    OTHER = "other", "Other"


# A visit returned and revised is one visit: each counts as its latest version on record. A
# version superseded by a submitted (or reviewed) revision is not counted; while the revision is
# still a draft, the version before it stands (issue 15, item 11).
LATEST_VERSION = Q(superseded_by__isnull=True) | Q(superseded_by__status=WorkflowStatus.DRAFT)


class VisitQuerySet(models.QuerySet):
    def latest_versions(self):
        """Each visit once, as its latest version on record (`LATEST_VERSION`)."""
        return self.filter(LATEST_VERSION)

    def non_compliant(self):
        """Exceptions recorded without a supervisor's authorisation: kept, and flagged."""
        return self.filter(is_exception=True, authorisation__isnull=True)


@pghistory.track(pghistory.UpdateEvent(), pghistory.DeleteEvent(), exclude=["is_exception"], append_only=True)
class Visit(CaseRecord):
    planned_on = models.DateField(null=True, blank=True)
    visited_on = models.DateField()
    visited_at = models.TimeField(null=True, blank=True)
    crew_size = models.PositiveSmallIntegerField(default=2)
    co_attending_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="co_attended_visits",
    )
    announced = models.BooleanField(default=False)
    authorisation = models.ForeignKey(
        VisitAuthorisation, on_delete=models.PROTECT, null=True, blank=True, related_name="visits"
    )
    # Why an exception went ahead without an authorisation, in the author's words: the
    # supervisor is told (docs/rules.md § Visits). Blank for a compliant visit.
    unauthorised_reason = models.TextField(blank=True)
    outcome = models.CharField(max_length=15, choices=VisitOutcome.choices)
    observations = models.TextField(blank=True)
    concerns = models.TextField(blank=True)
    intelligence_submitted = models.BooleanField(default=False)
    intelligence_reference = models.CharField(max_length=40, blank=True)
    next_visit_actions = models.TextField(blank=True)
    # Single-crewed or announced: needs a supervisor's authorisation before the visit.
    is_exception = models.GeneratedField(
        expression=ExpressionWrapper(
            Q(crew_size__lt=2) | Q(announced=True), output_field=models.BooleanField()
        ),
        output_field=models.BooleanField(),
        db_persist=True,
    )

    objects = VisitQuerySet.as_manager()

    class Meta(CaseRecord.Meta):
        ordering = ["-visited_on"]
        indexes = [
            models.Index(fields=["offender", "-visited_on"]),
            # The monthly crewing table reads these columns alone (an index-only scan).
            models.Index(
                fields=["offender", "visited_on"],
                include=["id", "status", "crew_size", "announced", "authorisation"],
                name="visit_crewing",
            ),
            models.Index(fields=["status", "submitted_on"]),
            # The supervisor's notice of unauthorised visits: the few exceptions with no
            # authorisation, by date (1.6 ms instead of 138 ms at 100,000 nominals).
            models.Index(
                fields=["visited_on"],
                condition=Q(is_exception=True, authorisation__isnull=True),
                name="visit_unauthorised",
            ),
        ]
        constraints = [
            *CaseRecord.Meta.constraints,
            models.CheckConstraint(
                condition=Q(crew_size__gte=1, crew_size__lte=6), name="visit_crew_size_range"
            ),
            # A co-attending officer means at least two officers were there.
            models.CheckConstraint(
                condition=Q(co_attending_officer__isnull=True) | Q(crew_size__gte=2),
                name="visit_pair_has_crew",
            ),
            models.CheckConstraint(
                condition=Q(intelligence_submitted=False) | ~Q(intelligence_reference=""),
                name="visit_intelligence_has_reference",
            ),
            models.CheckConstraint(
                condition=~Q(co_attending_officer=F("author")), name="visit_co_attendee_not_author"
            ),
        ]

    @property
    def is_compliant(self) -> bool:
        return not self.is_exception or self.authorisation_id is not None

    def __str__(self):
        return f"Visit to {self.offender} on {self.visited_on}"

    def get_absolute_url(self):
        return reverse("visit-detail", args=[self.pk])


class InspectionFinding(models.TextChoices):
    NO_CONCERNS = "no_concerns", "No concerns"
    CONCERNS = "concerns", "Concerns found"
    NOT_INSPECTED = "not_inspected", "Not inspected"


@pghistory.track(pghistory.UpdateEvent(), pghistory.DeleteEvent(), append_only=True)
class DeviceInspection(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="device_inspections")
    device = models.ForeignKey(
        RegisteredDevice, on_delete=models.PROTECT, null=True, blank=True, related_name="inspections"
    )
    unregistered_description = models.CharField(
        max_length=120, blank=True, help_text="A device found that is not registered with police"
    )
    finding = models.CharField(max_length=15, choices=InspectionFinding.choices)
    notes = models.TextField(blank=True)

    class Meta:
        constraints = [
            # Either a registered device, or a description of an unregistered one: never both, never neither.
            models.CheckConstraint(
                condition=Q(device__isnull=False, unregistered_description="")
                | Q(device__isnull=True) & ~Q(unregistered_description=""),
                name="inspection_device_or_description",
            )
        ]

    def __str__(self):
        return str(self.device or self.unregistered_description)
