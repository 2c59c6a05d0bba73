"""ARMS assessments (with OSP), risk management plans and supervisor reviews.

See docs/rules.md § What falls due. Reviews cover ARMS, RMPs and visits, so `risk`
depends on `visits` (workforce ← offenders ← visits ← risk ← dashboards).
"""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q, QuerySet
from django.urls import reverse

from offenders.models import CaseRecord
from rules.choices import RiskLevel, VisitRegimeUnit
from visits.models import Visit


@pghistory.track(pghistory.UpdateEvent(), pghistory.DeleteEvent(), append_only=True)
class ArmsAssessment(CaseRecord):
    """Active Risk Management System: dynamic assessment, outcome low → very high."""

    assessed_on = models.DateField()
    risk_level = models.CharField(max_length=10, choices=RiskLevel.choices)
    # OSP (static, actuarial): contact (OSP/C) and indecent images (OSP/I) categories.
    osp_c = models.CharField("OSP/C category", max_length=10, choices=RiskLevel.choices, blank=True)
    osp_i = models.CharField("OSP/I category", max_length=10, choices=RiskLevel.choices, blank=True)
    risk_factors = models.TextField(blank=True)
    protective_factors = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    class Meta(CaseRecord.Meta):
        ordering = ["-assessed_on"]
        verbose_name = "ARMS assessment"
        indexes = [
            models.Index(fields=["offender", "-assessed_on"]),
            models.Index(fields=["status", "submitted_on"]),
        ]

    def __str__(self):
        return f"ARMS {self.assessed_on}: {self.get_risk_level_display()}"

    def get_absolute_url(self):
        return reverse("arms-detail", args=[self.pk])


@pghistory.track(pghistory.UpdateEvent(), pghistory.DeleteEvent(), append_only=True)
class RiskManagementPlan(CaseRecord):
    written_on = models.DateField()
    supervision = models.TextField(blank=True)
    monitoring_and_control = models.TextField(blank=True)
    interventions_and_treatment = models.TextField(blank=True)
    victim_safety_planning = models.TextField(blank=True)
    contingency = models.TextField(blank=True)
    # The bespoke visit regime: frequency per offender, not per level
    # [docs/rules.md § Risk assessments and plans].
    visit_every = models.PositiveSmallIntegerField(null=True, blank=True)
    visit_every_unit = models.CharField(max_length=6, choices=VisitRegimeUnit.choices, blank=True)
    next_review_on = models.DateField()

    class Meta(CaseRecord.Meta):
        ordering = ["-written_on"]
        verbose_name = "risk management plan"
        indexes = [
            models.Index(fields=["offender", "-written_on"]),
            models.Index(fields=["status", "submitted_on"]),
        ]
        constraints = [
            *CaseRecord.Meta.constraints,
            models.CheckConstraint(
                condition=Q(next_review_on__gt=F("written_on")), name="rmp_review_after_written"
            ),
            # A regime is an interval and its unit, or neither.
            models.CheckConstraint(
                condition=Q(visit_every__isnull=True, visit_every_unit="")
                | Q(visit_every__gte=1) & ~Q(visit_every_unit=""),
                name="rmp_regime_complete",
            ),
        ]

    def __str__(self):
        return f"RMP {self.written_on} (v{self.version})"

    def get_absolute_url(self):
        return reverse("rmp-detail", args=[self.pk])


@pghistory.track(pghistory.UpdateEvent(), pghistory.DeleteEvent(), append_only=True)
class PlanReviewAuthorisation(models.Model):
    """A supervisor's authorisation, with the reason, of an RMP review date later than the
    force's interval for the risk level; without it the interval decides
    (docs/rules.md § What falls due)."""

    plan = models.OneToOneField(RiskManagementPlan, on_delete=models.CASCADE, related_name="later_review")
    authorised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    authorised_on = models.DateField()
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="later_review_has_reason")]

    def __str__(self):
        return f"Later review of {self.plan} authorised by {self.authorised_by}"


class ReviewDecision(models.TextChoices):
    SIGNED_OFF = "signed_off", "Signed off"
    RETURNED = "returned", "Returned to the author"


@pghistory.track(pghistory.UpdateEvent(), pghistory.DeleteEvent(), append_only=True)
class SupervisorReview(models.Model):
    """A bespoke written review of one ARMS, RMP or visit, within a month
    [docs/rules.md § Supervisor review]."""

    arms_assessment = models.ForeignKey(
        ArmsAssessment, on_delete=models.PROTECT, null=True, blank=True, related_name="reviews"
    )
    risk_management_plan = models.ForeignKey(
        RiskManagementPlan, on_delete=models.PROTECT, null=True, blank=True, related_name="reviews"
    )
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews_given"
    )
    text = models.TextField()
    decision = models.CharField(max_length=12, choices=ReviewDecision.choices)
    reviewed_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on"]
        constraints = [
            # Each review is of exactly one record.
            models.CheckConstraint(
                condition=Q(
                    arms_assessment__isnull=False, risk_management_plan__isnull=True, visit__isnull=True
                )
                | Q(arms_assessment__isnull=True, risk_management_plan__isnull=False, visit__isnull=True)
                | Q(arms_assessment__isnull=True, risk_management_plan__isnull=True, visit__isnull=False),
                name="review_of_exactly_one_record",
            ),
            # A written review, not an empty box (length minimum is force policy, checked by the service).
            models.CheckConstraint(condition=~Q(text=""), name="review_has_text"),
            # A record is signed off once.
            *[
                models.UniqueConstraint(
                    fields=[field],
                    condition=Q(decision=ReviewDecision.SIGNED_OFF),
                    name=f"review_one_sign_off_{field}",
                )
                for field in ("arms_assessment", "risk_management_plan", "visit")
            ],
        ]

    def __str__(self):
        return f"{self.get_decision_display()} by {self.reviewer} on {self.reviewed_on}"


_REVIEW_FIELDS = {
    ArmsAssessment: "arms_assessment",
    RiskManagementPlan: "risk_management_plan",
    Visit: "visit",
}


def review_field(model: type) -> str:
    """The SupervisorReview field that points at a record of this model."""
    return _REVIEW_FIELDS[model]


def reviews_about(offenders) -> Q:
    """SupervisorReviews of a record about `offenders`: one offender (or their id), or a
    queryset of offenders.

    A union of one query per kind of record, not an OR across the three joins: each part uses
    its record's offender index and the review's foreign-key index, where the OR made
    PostgreSQL scan every review (3.7 s an offender record at 100,000 nominals, issue 16)."""
    lookup = "offender__in" if isinstance(offenders, QuerySet) else "offender"
    parts = [
        SupervisorReview.objects.filter(**{f"{field}__{lookup}": offenders}).values("pk")
        for field in _REVIEW_FIELDS.values()
    ]
    return Q(pk__in=parts[0].union(*parts[1:], all=True))
