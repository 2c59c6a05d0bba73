"""The nominals a MOSOVO unit manages, and the facts recorded about them.

See docs/rules.md § Who is managed. An offender's status, lead agency, notification period
and the other facts marked "derived" below follow from their life events
(`rules.life_course`), and are set only by `offenders.life_events.offender_reassess`.
"""

from typing import TYPE_CHECKING, ClassVar, Self

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import capfirst

from rules.choices import (
    Disposal,
    LeadAgency,
    ManagementMode,
    OffenderStatus,
    OffenderType,
    OrderKind,
    RiskLevel,
    VisitRegimeUnit,
    WorkflowStatus,
)
from rules.life_course import EventKind
from rules.registration import ChangeKind, NotificationKind
from workforce.models import Force, Team


class RiskSource(models.TextChoices):
    ARMS = "arms", "Police ARMS assessment"
    PROBATION = "probation", "Probation's assessment"


class MappaCategory(models.IntegerChoices):
    CATEGORY_1 = 1, "Category 1 (registered sexual offender)"
    CATEGORY_2 = 2, "Category 2 (violent and other sexual)"
    CATEGORY_3 = 3, "Category 3 (other dangerous)"


class MappaLevel(models.IntegerChoices):
    LEVEL_1 = 1, "Level 1 (ordinary agency management)"
    LEVEL_2 = 2, "Level 2 (multi-agency)"
    LEVEL_3 = 3, "Level 3 (senior multi-agency)"


@pghistory.track(pghistory.UpdateEvent(), pghistory.DeleteEvent(), append_only=True)
class Offender(models.Model):
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="offenders")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="offenders")
    offender_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="caseload",
        null=True,
        blank=True,
        help_text="Current OM; history is in OffenderAssignment",
    )
    reference = models.CharField("ViSOR reference", max_length=30)
    pnc_id = models.CharField("PNC ID", max_length=20, blank=True)
    first_name = models.CharField(max_length=60)
    last_name = models.CharField(max_length=60)
    date_of_birth = models.DateField()
    offender_type = models.CharField(max_length=20, choices=OffenderType.choices)
    mappa_category = models.PositiveSmallIntegerField(choices=MappaCategory.choices)
    mappa_level = models.PositiveSmallIntegerField(choices=MappaLevel.choices, default=MappaLevel.LEVEL_1)
    status = models.CharField(max_length=20, choices=OffenderStatus.choices, default=OffenderStatus.COMMUNITY)
    is_restricted = models.BooleanField(default=False, help_text="Visible only to a named list of staff")

    # Risk: the level of the latest completed (submitted or signed-off) police ARMS; until one
    # exists, probation's latest assessment (`risk_level_source` says which). Set by
    # `offenders.services.offender_risk_assessed` and `probation_assessment_record`.
    risk_level = models.CharField(max_length=10, choices=RiskLevel.choices, null=True, blank=True)
    risk_level_source = models.CharField(max_length=10, choices=RiskSource.choices, blank=True)
    arms_assessed_on = models.DateField(null=True, blank=True, help_text="Date of the latest police ARMS")
    low_risk_since = models.DateField(
        null=True, blank=True, help_text="First of the current run of police ARMS assessments of low"
    )

    # Derived: lead agency and the facts it is decided from (rules.life_course).
    lead_agency = models.CharField(max_length=10, choices=LeadAgency.choices, default=LeadAgency.POLICE)
    licence_ends_on = models.DateField(null=True, blank=True, help_text="Last day of the current licence")
    community_order_ends_on = models.DateField(null=True, blank=True)
    released_on = models.DateField(null=True, blank=True, help_text="Last release from custody or hospital")
    police_lead_since = models.DateField(
        null=True, blank=True, help_text="When the lead last passed from probation to police"
    )
    post_licence_rule_applies = models.BooleanField(
        default=False, help_text="The police became lead because a licence ended: 15-day ARMS and RMP"
    )
    community_since = models.DateField(
        null=True, blank=True, help_text="First day of the current time in the community"
    )
    community_since_reason = models.CharField(max_length=40, blank=True)

    management_mode = models.CharField(
        max_length=10, choices=ManagementMode.choices, default=ManagementMode.ACTIVE
    )
    reactive_since = models.DateField(null=True, blank=True)
    returned_to_active_on = models.DateField(
        null=True, blank=True, help_text="When the offender last came back from reactive management"
    )

    # The index offence at registration (later ones are life events). Notification: docs/rules.md.
    disposal = models.CharField(max_length=30, choices=Disposal.choices)
    sentence_months = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Custodial term")
    is_life_sentence = models.BooleanField(default=False)
    conditional_discharge_months = models.PositiveSmallIntegerField(null=True, blank=True)
    offence_on = models.DateField(null=True, blank=True, help_text="Date of the offence")
    relevant_date = models.DateField(help_text="Date of conviction, finding or caution: decides the age")
    # Derived: the governing notification period (the latest end of all of them).
    notification_basis = models.CharField(max_length=40, blank=True, help_text="What decided the period")
    notification_indefinite = models.BooleanField(default=False)
    notification_period_months = models.PositiveSmallIntegerField(null=True, blank=True)
    notification_ends_on = models.DateField(null=True, blank=True, help_text="Last day of notification")
    notification_end_provisional = models.BooleanField(
        default=False, help_text="The end moves on while in custody or hospital (Counter-Terrorism Act)"
    )
    indefinite_review_earliest_on = models.DateField(null=True, blank=True)

    # Derived: the times in custody or hospital, as [first day, last day or None] in ISO dates
    # (`rules.life_course.Spell`); the notification deadlines do not count them.
    away_spells = models.JSONField(default=list, blank=True)
    # The day from which the unit holds the offender's notification history: set when the unit
    # registers them or the first notification is recorded; None while none is held
    # [docs/rules.md § Notification requirements].
    notification_history_from = models.DateField(null=True, blank=True)

    managed_since = models.DateField(help_text="When this unit's management began")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["force", "status"]),
            models.Index(fields=["team", "status"]),
            models.Index(fields=["offender_manager", "status"]),
            models.Index(fields=["last_name", "first_name"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["force", "reference"], name="offender_reference_unique_in_force"),
            # Indefinite notification has no end date; a fixed one has no review date (Figure 1).
            models.CheckConstraint(
                condition=Q(notification_indefinite=False) | Q(notification_ends_on__isnull=True),
                name="offender_indefinite_has_no_end",
            ),
            models.CheckConstraint(
                condition=Q(notification_indefinite=True) | Q(indefinite_review_earliest_on__isnull=True),
                name="offender_review_only_if_indefinite",
            ),
            models.CheckConstraint(
                condition=Q(relevant_date__gt=F("date_of_birth")), name="offender_born_before_relevant_date"
            ),
            # A custodial disposal records its length (or life).
            models.CheckConstraint(
                condition=~Q(disposal=Disposal.CUSTODY)
                | Q(is_life_sentence=True)
                | Q(sentence_months__isnull=False),
                name="offender_custody_has_length",
            ),
            models.CheckConstraint(
                condition=~Q(disposal=Disposal.CONDITIONAL_DISCHARGE)
                | Q(conditional_discharge_months__isnull=False),
                name="offender_discharge_has_length",
            ),
            # Reactive management is recorded with its start date.
            models.CheckConstraint(
                condition=Q(management_mode=ManagementMode.ACTIVE) | Q(reactive_since__isnull=False),
                name="offender_reactive_has_start",
            ),
            models.CheckConstraint(
                condition=Q(mappa_category__gte=1, mappa_category__lte=3)
                & Q(mappa_level__gte=1, mappa_level__lte=3),
                name="offender_mappa_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.last_name.upper()}, {self.first_name} ({self.reference})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@pghistory.track(pghistory.UpdateEvent(), pghistory.DeleteEvent(), append_only=True)
class RestrictedViewer(models.Model):
    """A member of staff on the named list of a restricted nominal: only they (and no role by
    itself) may see the offender's record (issue 6, roles and scope)."""

    offender = models.ForeignKey(Offender, on_delete=models.CASCADE, related_name="restricted_viewers")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["offender", "staff"], name="restricted_viewer_unique")]

    def __str__(self):
        return f"{self.staff} may see {self.offender.reference}"


@pghistory.track(pghistory.UpdateEvent(), pghistory.DeleteEvent(), append_only=True)
class OffenderAssignment(models.Model):
    """History of who managed an offender; the open row is the current OM."""

    offender = models.ForeignKey(Offender, on_delete=models.CASCADE, related_name="assignments")
    offender_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            # One current OM per offender.
            models.UniqueConstraint(
                fields=["offender"],
                condition=Q(ends_on__isnull=True),
                name="assignment_one_open_per_offender",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="assignment_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.offender} → {self.offender_manager} from {self.starts_on}"


@pghistory.track(pghistory.UpdateEvent(), pghistory.DeleteEvent(), append_only=True)
class ManagementModeChange(models.Model):
    """A supervisor's decision to manage an offender reactively, or actively again
    [docs/rules.md § Reactive management]; the offender's `management_mode` is the latest one."""

    offender = models.ForeignKey(Offender, on_delete=models.CASCADE, related_name="management_mode_changes")
    mode = models.CharField(max_length=10, choices=ManagementMode.choices)
    changed_on = models.DateField()
    # None: the system returned the offender to active management when a criterion failed.
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_on", "-pk"]
        # The system's returns to active management lately, for the notices and the digest.
        indexes = [
            models.Index(
                fields=["created_at"], condition=Q(changed_by__isnull=True), name="mode_change_by_system"
            )
        ]
        constraints = [
            # The decision is explained (an auditable rationale, not a bare switch).
            models.CheckConstraint(condition=~Q(reason=""), name="mode_change_has_reason"),
        ]

    def __str__(self):
        return f"{self.get_mode_display()} management from {self.changed_on}"


@pghistory.track(pghistory.UpdateEvent(), pghistory.DeleteEvent(), append_only=True)
class Order(models.Model):
    """SHPO, SRO or violent offender order; conditions are checked while it runs
    [docs/rules.md § What falls due]."""

    offender = models.ForeignKey(Offender, on_delete=models.CASCADE, related_name="orders")
    kind = models.CharField(max_length=5, choices=OrderKind.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="Blank until further order")
    court = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("starts_on")),
                name="order_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.starts_on}"


class ConditionKind(models.TextChoices):
    PROHIBITION = "prohibition", "Prohibition"
    REQUIREMENT = "requirement", "Positive requirement"


@pghistory.track(pghistory.UpdateEvent(), pghistory.DeleteEvent(), append_only=True)
class OrderCondition(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="conditions")
    kind = models.CharField(max_length=12, choices=ConditionKind.choices)
    text = models.TextField()
    is_digital = models.BooleanField(default=False, help_text="About devices or internet use")
    # How often it is checked while the order runs: its own interval, at every visit, or (neither)
    # the force default (Policy.order_condition_check_months).
    check_every = models.PositiveSmallIntegerField(null=True, blank=True)
    check_every_unit = models.CharField(max_length=6, choices=VisitRegimeUnit.choices, blank=True)
    checked_at_every_visit = models.BooleanField(default=False)

    class Meta:
        constraints = [
            # An interval has a number and a unit, or neither; not both an interval and every visit.
            models.CheckConstraint(
                condition=(
                    Q(check_every__isnull=True, check_every_unit="")
                    | Q(check_every__gte=1) & ~Q(check_every_unit="")
                )
                & (Q(checked_at_every_visit=False) | Q(check_every__isnull=True)),
                name="condition_check_interval_complete",
            )
        ]

    def __str__(self):
        return self.text[:60]

    @property
    def check_frequency(self) -> str:
        if self.checked_at_every_visit:
            return "at every visit"
        if self.check_every:
            unit = self.check_every_unit.removesuffix("s") if self.check_every == 1 else self.check_every_unit
            return f"every {self.check_every} {unit}" if self.check_every > 1 else f"every {unit}"
        return "force default"


class ConditionCheckResult(models.TextChoices):
    COMPLIED = "complied", "Complied with"
    SUSPECTED_BREACH = "suspected_breach", "Suspected breach"


@pghistory.track(pghistory.UpdateEvent(), pghistory.DeleteEvent(), append_only=True)
class ConditionCheck(models.Model):
    """A check that an order's condition is being followed [docs/rules.md § What falls due]. A suspected
    breach is also recorded as an outcome."""

    condition = models.ForeignKey(OrderCondition, on_delete=models.CASCADE, related_name="checks")
    checked_on = models.DateField()
    result = models.CharField(max_length=20, choices=ConditionCheckResult.choices)
    notes = models.TextField(blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.OneToOneField(
        "Outcome", on_delete=models.PROTECT, null=True, blank=True, related_name="condition_check"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-checked_on", "-pk"]
        indexes = [models.Index(fields=["condition", "-checked_on"])]
        constraints = [
            # A suspected breach becomes an outcome (what the unit found).
            models.CheckConstraint(
                condition=~Q(result=ConditionCheckResult.SUSPECTED_BREACH) | Q(outcome__isnull=False),
                name="condition_breach_has_outcome",
            )
        ]

    def __str__(self):
        return f"{self.get_result_display()} on {self.checked_on}"


@pghistory.track(pghistory.UpdateEvent(), pghistory.DeleteEvent(), append_only=True)
class LifeEvent(models.Model):
    """One event of an offender's life course (rules.life_course): registration,
    conviction, sentence, custody, release, licence and orders, escalation, moves, death, the
    end of notification. Each is dated the day its change took effect; the offender's status,
    lead agency and dates are replayed from all of them. Never changed: a mistake is put
    right by a later event marked as a correction, with the reason.

    `recorded_by` None: recorded by the system (a transition by date, by the nightly job).
    The fields a kind does not use stay empty."""

    offender = models.ForeignKey(Offender, on_delete=models.CASCADE, related_name="life_events")
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    occurred_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    correction_reason = models.TextField(
        blank=True, help_text="Why an event dated before the last one was added"
    )
    notes = models.TextField(blank=True)
    # Registration: where the offender stood when the unit began managing them.
    status = models.CharField(max_length=20, choices=OffenderStatus.choices, blank=True)
    released_on = models.DateField(null=True, blank=True)
    police_lead_since = models.DateField(null=True, blank=True)
    # A sentence (and the registration's index offence).
    disposal = models.CharField(max_length=30, choices=Disposal.choices, blank=True)
    relevant_date = models.DateField(
        null=True, blank=True, help_text="Date of conviction, finding or caution"
    )
    sentence_months = models.PositiveSmallIntegerField(null=True, blank=True)
    is_life_sentence = models.BooleanField(default=False)
    conditional_discharge_months = models.PositiveSmallIntegerField(null=True, blank=True)
    consecutive_to_previous = models.BooleanField(default=False)
    overlap_months = models.PositiveSmallIntegerField(null=True, blank=True)
    licence_ends_on = models.DateField(null=True, blank=True, help_text="Last day of the licence")
    community_order_ends_on = models.DateField(null=True, blank=True)
    # A civil order made, varied, discharged or expired.
    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, null=True, blank=True, related_name="life_events"
    )
    order_ends_on = models.DateField(null=True, blank=True)
    # A transfer: the other force and the handover.
    other_force = models.CharField(max_length=100, blank=True)
    handover_notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        indexes = [
            models.Index(fields=["offender", "occurred_on"]),
            # The changes the system made lately, for the home pages' notices and the digest.
            models.Index(
                fields=["recorded_at"], condition=Q(recorded_by__isnull=True), name="life_event_by_system"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=[EventKind.REGISTERED, EventKind.SENTENCED]) | ~Q(disposal=""),
                name="life_event_sentence_has_disposal",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=[EventKind.TRANSFERRED_OUT, EventKind.RECEIVED])
                | (~Q(other_force="") & ~Q(handover_notes="")),
                name="life_event_transfer_has_handover",
            ),
            models.CheckConstraint(
                condition=~Q(
                    kind__in=[
                        EventKind.CIVIL_ORDER_MADE,
                        EventKind.CIVIL_ORDER_VARIED,
                        EventKind.CIVIL_ORDER_DISCHARGED,
                        EventKind.CIVIL_ORDER_EXPIRED,
                    ]
                )
                | Q(order__isnull=False),
                name="life_event_order_event_names_order",
            ),
            # One registration per offender: the life course begins with it.
            models.UniqueConstraint(
                fields=["offender"],
                condition=Q(kind=EventKind.REGISTERED),
                name="life_event_one_registration",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.occurred_on}"

    @property
    def by_system(self) -> bool:
        return self.recorded_by_id is None


@pghistory.track(pghistory.UpdateEvent(), pghistory.DeleteEvent(), append_only=True)
class ProbationAssessment(models.Model):
    """Probation's risk assessment (e.g. OASys RoSH): the offender's risk level, labelled as
    probation's, until a police ARMS exists [docs/rules.md § Lead agency]."""

    offender = models.ForeignKey(Offender, on_delete=models.CASCADE, related_name="probation_assessments")
    risk_level = models.CharField(max_length=10, choices=RiskLevel.choices)
    assessed_on = models.DateField()
    source = models.CharField(max_length=100, help_text="What the assessment is, e.g. OASys RoSH")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-pk"]

    def __str__(self):
        return f"Probation: {self.get_risk_level_display()} on {self.assessed_on}"


class DeviceKind(models.TextChoices):
    PHONE = "phone", "Mobile phone"
    COMPUTER = "computer", "Computer or laptop"
    TABLET = "tablet", "Tablet"
    CONSOLE = "console", "Games console"
    STORAGE = "storage", "Storage device"
    OTHER = "other", "Other"


@pghistory.track(pghistory.UpdateEvent(), pghistory.DeleteEvent(), append_only=True)
class RegisteredDevice(models.Model):
    """A device registered with police; monitoring software raises alerts
    [docs/rules.md § Intelligence and outcomes]."""

    offender = models.ForeignKey(Offender, on_delete=models.CASCADE, related_name="devices")
    kind = models.CharField(max_length=10, choices=DeviceKind.choices)
    description = models.CharField(max_length=120, help_text="Make and model")
    identifier = models.CharField(max_length=60, blank=True, help_text="IMEI or serial number")
    registered_on = models.DateField()
    removed_on = models.DateField(null=True, blank=True)
    has_monitoring_software = models.BooleanField(default=False)

    class Meta:
        ordering = ["registered_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(removed_on__isnull=True) | Q(removed_on__gte=F("registered_on")),
                name="device_removed_after_registered",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description}"


class IntelligenceSystem(models.TextChoices):
    PND = "pnd", "Police National Database (PND)"
    PNC = "pnc", "Police National Computer (PNC)"
    VISOR = "visor", "ViSOR"
    LOCAL = "local", "Local intelligence systems"


class IntelligenceResult(models.TextChoices):
    NO_TRACE = "no_trace", "No new intelligence"
    NEW_INTELLIGENCE = "new", "New intelligence found"


@pghistory.track(pghistory.UpdateEvent(), pghistory.DeleteEvent(), append_only=True)
class IntelligenceCheck(models.Model):
    offender = models.ForeignKey(Offender, on_delete=models.CASCADE, related_name="intelligence_checks")
    system = models.CharField(max_length=5, choices=IntelligenceSystem.choices)
    checked_on = models.DateField()
    result = models.CharField(max_length=10, choices=IntelligenceResult.choices)
    notes = models.TextField(blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-checked_on"]
        indexes = [models.Index(fields=["offender", "system", "-checked_on"])]

    def __str__(self):
        return f"{self.get_system_display()} check on {self.checked_on}"


class OutcomeKind(models.TextChoices):
    SHPO_BREACH = "shpo_breach", "SHPO breach"
    SRO_BREACH = "sro_breach", "SRO breach"
    VOO_BREACH = "voo_breach", "Violent Offender Order breach"
    NEW_OFFENCE = "new_offence", "New offence"
    ARREST = "arrest", "Arrest"
    CHARGE = "charge", "Charge"
    RECALL = "recall", "Recall to prison"
    POLYGRAPH_DISCLOSURE = "polygraph", "Polygraph disclosure"
    CONCERN = "concern", "Other concern"
    FAILED_TO_NOTIFY = "failed_to_notify", "Failure to comply with the notification requirements"


class FailureResponse(models.TextChoices):
    """What the unit did about a failure to notify [docs/rules.md § Failing to comply]."""

    CONTACTED = "contacted", "Contact made: the offender notified late"
    WANTED = "wanted", "Circulated as wanted"
    ARRESTED = "arrested", "Arrested"
    CHARGED = "charged", "Charged with failing to comply (SOA 2003 s91, CTA 2008 s54)"


class OffenceType(models.TextChoices):
    IIOC = "iioc", "Indecent images of children"
    SEXUAL_COMMUNICATION = "sexual_communication", "Sexual communication with a child"
    CONTACT_SEXUAL = "contact_sexual", "Contact sexual offence"
    VIOLENT = "violent", "Violent offence"
    NOTIFICATION_BREACH = "notification_breach", "Breach of notification requirements"
    OTHER = "other", "Other offence"


@pghistory.track(pghistory.UpdateEvent(), pghistory.DeleteEvent(), append_only=True)
class Outcome(models.Model):
    """What the unit found: breaches, new offences, arrests, charges, recalls
    [docs/rules.md § Intelligence and outcomes]."""

    offender = models.ForeignKey(Offender, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(max_length=20, choices=OutcomeKind.choices)
    offence_type = models.CharField(max_length=25, choices=OffenceType.choices, blank=True)
    # For a failure to notify: what the unit did about it.
    response = models.CharField(max_length=12, choices=FailureResponse.choices, blank=True)
    occurred_on = models.DateField()
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on"]
        constraints = [
            # A new offence says which kind of offence; other outcomes may.
            models.CheckConstraint(
                condition=~Q(kind=OutcomeKind.NEW_OFFENCE) | ~Q(offence_type=""),
                name="outcome_offence_has_type",
            ),
            # A failure to notify says what was done about it; no other outcome has a response.
            models.CheckConstraint(
                condition=Q(kind=OutcomeKind.FAILED_TO_NOTIFY, response__gt="")
                | ~Q(kind=OutcomeKind.FAILED_TO_NOTIFY) & Q(response=""),
                name="outcome_failure_has_response",
            ),
        ]
        indexes = [models.Index(fields=["offender", "kind", "-occurred_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.occurred_on}"


class CaseRecord(models.Model):
    """An ARMS assessment, RMP or visit: written by an OM, reviewed by a supervisor.

    Workflow: draft → submitted → signed off, or returned to the author who revises it as
    a new version (`supersedes`). A submitted or signed-off record is never edited in place.
    """

    offender = models.ForeignKey(Offender, on_delete=models.CASCADE, related_name="%(class)ss")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="authored_%(class)ss"
    )
    status = models.CharField(max_length=12, choices=WorkflowStatus.choices, default=WorkflowStatus.DRAFT)
    submitted_on = models.DateField(null=True, blank=True)
    version = models.PositiveSmallIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: every change adds one; a change made from an older copy is refused.
    row_version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    if TYPE_CHECKING:
        # Every concrete case record has its manager; django-stubs gives an abstract model none.
        objects: ClassVar[models.Manager[Self]]

    class Meta:
        abstract = True
        constraints = [
            # Anything past draft has been submitted, on a known date.
            models.CheckConstraint(
                condition=Q(status=WorkflowStatus.DRAFT) | Q(submitted_on__isnull=False),
                name="%(class)s_submitted_has_date",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="%(class)s_version_positive"),
            # A revision follows the version it replaces.
            models.CheckConstraint(
                condition=Q(supersedes__isnull=True, version=1) | Q(supersedes__isnull=False, version__gt=1),
                name="%(class)s_version_matches_supersedes",
            ),
        ]

    @property
    def kind_label(self) -> str:
        """'Visit', 'ARMS assessment', 'Risk management plan'."""
        return capfirst(self._meta.verbose_name)


class RulesApplied(models.Model):
    """The version of the life-course rules every offender's derived facts were last brought to
    (`offenders.life_events.RULES_VERSION`). The first nightly run after the rules change finds
    no row for the new version and reassesses every offender, then records it."""

    version = models.PositiveIntegerField(unique=True)
    applied_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Life-course rules version {self.version} applied at {self.applied_at:%Y-%m-%d %H:%M}"


class OffenderChange(models.Model):
    """Outbox: an offender whose facts changed and whose derived figures need recomputing.

    Written in the same transaction as the change, so a recompute is never lost even when
    the broker or the worker is down; whoever derives figures (dashboards) consumes it.
    """

    offender = models.OneToOneField(Offender, on_delete=models.CASCADE, related_name="+")
    requested_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Recompute offender {self.offender_id}"


@pghistory.track(pghistory.UpdateEvent(), pghistory.DeleteEvent(), append_only=True)
class RegistrationNotification(models.Model):
    """A notification a registered offender made in person at a police station, as taken
    [docs/rules.md § Notification requirements]: when and where, who took it and what was
    notified. `event_on` is the day of what it reports (the change, the release, the return to
    the United Kingdom); a travel notification gives the trip."""

    offender = models.ForeignKey(Offender, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=15, choices=NotificationKind.choices)
    notified_on = models.DateField()
    place = models.CharField(max_length=100, help_text="The police station where it was made")
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changes = ArrayField(
        models.CharField(max_length=25, choices=ChangeKind.choices), default=list, blank=True
    )
    event_on = models.DateField(null=True, blank=True)
    home_address = models.TextField(blank=True)
    no_fixed_abode = models.BooleanField(
        default=False, help_text="The address is where the offender can regularly be found, not a residence"
    )
    details = models.TextField(blank=True, help_text="What else was notified")
    departs_on = models.DateField(null=True, blank=True)
    returns_on = models.DateField(null=True, blank=True)
    destination = models.CharField(max_length=100, blank=True)
    carrier = models.CharField(
        max_length=100, blank=True, help_text="Airline, ferry or train, and its number"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-notified_on", "-pk"]
        indexes = [models.Index(fields=["offender", "-notified_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=NotificationKind.CHANGE) | ~Q(changes=[]),
                name="notification_change_says_what",
            ),
            models.CheckConstraint(
                condition=Q(kind=NotificationKind.CHANGE) | Q(changes=[]),
                name="notification_changes_only_in_change",
            ),
            models.CheckConstraint(
                condition=~Q(kind=NotificationKind.TRAVEL) | Q(departs_on__isnull=False),
                name="notification_travel_has_departure",
            ),
            models.CheckConstraint(
                condition=Q(returns_on__isnull=True)
                | Q(departs_on__isnull=True)
                | Q(returns_on__gte=F("departs_on")),
                name="notification_trip_returns_after_departure",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.notified_on}"

    def changes_display(self) -> list[str]:
        """What changed, in words."""
        return [str(ChangeKind(change).label) for change in self.changes]


class AuditOperation(models.TextChoices):
    """The processing operations a law-enforcement log records (Data Protection Act 2018 s62)."""

    COLLECTION = "collection", "Collection"
    ALTERATION = "alteration", "Alteration"
    CONSULTATION = "consultation", "Consultation"
    DISCLOSURE = "disclosure", "Disclosure"
    COMBINATION = "combination", "Combination"
    ERASURE = "erasure", "Erasure"


class AuditEvent(models.Model):
    """One logged processing operation on one subject's data: append-only (PostgreSQL refuses
    UPDATE and DELETE on this table). Plain ids and copied names rather than foreign keys, so
    the log outlives and never blocks changes to what it describes; an erasure entry names
    the subject's id and what was erased, never the erased content."""

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)  # UTC (USE_TZ)
    actor_id = models.BigIntegerField(null=True)  # null for the system (nightly jobs)
    actor_username = models.CharField(max_length=150, blank=True)
    operation = models.CharField(max_length=12, choices=AuditOperation.choices)
    offender_id = models.BigIntegerField(null=True)  # the data subject; null for non-personal exports
    record_type = models.CharField(max_length=40, blank=True)  # e.g. "visit", "arms", "export"
    record_id = models.BigIntegerField(null=True)
    justification = models.CharField(max_length=300, blank=True)
    recipient = models.CharField(max_length=200, blank=True)  # for disclosures: who received it
    path = models.CharField(max_length=300, blank=True)
    client_ip = models.GenericIPAddressField(null=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["offender_id", "-occurred_at"]), models.Index(fields=["actor_id"])]

    def __str__(self):
        return (
            f"{self.get_operation_display()} by {self.actor_username or 'the system'} at {self.occurred_at}"
        )


class AuditSeal(models.Model):
    """One audit event's link in the log's hash chain (offenders.audit_chain): the SHA-256 of
    the link before it and of the event's content. Append-only like the log; an event changed
    or deleted afterwards no longer matches its link, and `manage.py verify_audit_log` says
    which. The links follow the order events were sealed in (shortly after they were written),
    so a transaction committing late still gets its link."""

    event_id = models.BigIntegerField(unique=True)
    digest = models.CharField(max_length=64)
    sealed_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Seal {self.pk} of audit event {self.event_id}"
