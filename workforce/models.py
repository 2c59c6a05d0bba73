"""Forces, teams, staff and their availability: what the 50/20 ratios divide by.

See docs/rules.md § People and places.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q

from kit.dates import date_range, long_date
from rules.policy import Policy


class Force(models.Model):
    name = models.CharField(max_length=100, unique=True)
    code = models.CharField(max_length=10, unique=True, help_text="Short force code, e.g. NT")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


# Intervals (in months, or in days) that must be positive.
POLICY_INTERVAL_FIELDS = (
    "visit_authorisation_max_days_very_high",
    "visit_authorisation_max_days_high",
    "visit_authorisation_max_days_medium",
    "visit_authorisation_max_days_low",
    "visit_interval_months_very_high",
    "visit_interval_months_high",
    "visit_interval_months_medium",
    "visit_interval_months_low",
    "arms_interval_months_high",
    "arms_interval_months_low",
    "rmp_review_interval_months_high",
    "rmp_review_interval_months_low",
    "pnd_check_interval_months",
    "order_condition_check_months",
)


class ForcePolicy(models.Model):
    """The force settings of docs/rules.md, one row per force.

    Field names mirror `rules.policy.Policy`; the rules read `as_rules()`.
    """

    force = models.OneToOneField(Force, on_delete=models.CASCADE, related_name="policy")
    visit_interval_months_very_high = models.PositiveSmallIntegerField(default=1)
    visit_interval_months_high = models.PositiveSmallIntegerField(default=3)
    visit_interval_months_medium = models.PositiveSmallIntegerField(default=6)
    visit_interval_months_low = models.PositiveSmallIntegerField(default=12)
    arms_interval_months_high = models.PositiveSmallIntegerField(
        default=6, help_text="ARMS reassessment for high and very high risk"
    )
    arms_interval_months_low = models.PositiveSmallIntegerField(
        default=12, help_text="ARMS reassessment for medium and low risk"
    )
    rmp_review_interval_months_high = models.PositiveSmallIntegerField(default=6)
    rmp_review_interval_months_low = models.PositiveSmallIntegerField(default=12)
    pnd_check_interval_months = models.PositiveSmallIntegerField(default=12)
    caseload_target = models.PositiveSmallIntegerField(default=50)
    caseload_maximum = models.PositiveSmallIntegerField(default=60)
    high_risk_share_max_percent = models.PositiveSmallIntegerField(default=20)
    completion_target_percent = models.PositiveSmallIntegerField(default=95)
    supervisor_span_max = models.PositiveSmallIntegerField(default=10)
    review_min_characters = models.PositiveSmallIntegerField(default=80)
    review_warning_days = models.PositiveSmallIntegerField(
        default=7, help_text="Warn supervisors this many days before a review reaches the one-month mark"
    )
    long_term_absence_days = models.PositiveSmallIntegerField(
        default=28,
        help_text="Sickness, parental leave, suspension, secondment or a vacancy this long (or longer) "
        "takes an officer out of the adjusted ratio",
    )
    first_assessment_days = models.PositiveSmallIntegerField(
        default=15,
        help_text="A new police-led nominal's first ARMS, RMP and PND check are due this many days in",
    )
    post_licence_rule_on_community_order_end = models.BooleanField(
        default=False, help_text="Also give 15 days for a new ARMS and RMP when a community order ends"
    )
    order_condition_check_months = models.PositiveSmallIntegerField(
        default=3, help_text="How often each order condition is checked when it sets no interval of its own"
    )
    fifty_twenty_counts_all_types = models.BooleanField(
        default=False,
        help_text="Count every managed type towards 50/20, not only registered sex offenders",
    )
    address_verification_days = models.PositiveSmallIntegerField(
        default=10, help_text="A visit to verify a newly notified home address is due this many days after it"
    )
    travel_return_grace_days = models.PositiveSmallIntegerField(
        default=3,
        help_text="Follow up a return not notified this many days after the planned return",
    )
    visit_authorisation_max_days_very_high = models.PositiveSmallIntegerField(
        default=14, help_text="The longest a single-crewed or announced visit authorisation runs, in days"
    )
    visit_authorisation_max_days_high = models.PositiveSmallIntegerField(default=28)
    visit_authorisation_max_days_medium = models.PositiveSmallIntegerField(default=60)
    visit_authorisation_max_days_low = models.PositiveSmallIntegerField(default=90)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "force policies"
        constraints = [
            # Every interval is at least a month (a zero interval would make everything due at once).
            *[
                models.CheckConstraint(condition=Q(**{f"{name}__gte": 1}), name=f"policy_{name}_positive")
                for name in POLICY_INTERVAL_FIELDS
            ],
            # Percentages are percentages.
            *[
                models.CheckConstraint(condition=Q(**{f"{name}__lte": 100}), name=f"policy_{name}_percent")
                for name in ("high_risk_share_max_percent", "completion_target_percent")
            ],
            # The maximum caseload cannot be below the target caseload (50/20 rule).
            models.CheckConstraint(
                condition=Q(caseload_maximum__gte=F("caseload_target")), name="policy_max_at_least_target"
            ),
        ]

    def __str__(self):
        return f"Policy for {self.force}"

    def as_rules(self) -> Policy:
        return Policy(**{name: getattr(self, name) for name in Policy.__dataclass_fields__})

    @classmethod
    def rules_for(cls, force_id: int | None) -> Policy:
        """The force's policy as the rules read it; the defaults if it has none stored."""
        policy = cls.objects.filter(force_id=force_id).first() if force_id else None
        return policy.as_rules() if policy else Policy()


class Team(models.Model):
    """A geographic MOSOVO team within an area / command of a force."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=100)
    area = models.CharField(max_length=100, blank=True, help_text="Area or command")

    class Meta:
        ordering = ["force__name", "name"]
        constraints = [models.UniqueConstraint(fields=["force", "name"], name="team_name_unique_in_force")]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    OFFENDER_MANAGER = "offender_manager", "Offender manager"
    SUPERVISOR = "supervisor", "Supervisor"
    SENIOR_LEADER = "senior_leader", "Senior leader"
    ADMIN = "admin", "Administrator"


class Staff(AbstractUser):
    """A member of MOSOVO staff; the user who signs in."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="staff", null=True, blank=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="staff", null=True, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.OFFENDER_MANAGER)
    supervisor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="supervisees",
        null=True,
        blank=True,
        help_text="The supervisor with secondary responsibility for this person's caseload",
    )
    collar_number = models.CharField(max_length=20, blank=True)
    is_police_officer = models.BooleanField(default=True, help_text="Police officer, or police staff")

    class Meta:
        verbose_name = "staff member"
        verbose_name_plural = "staff"
        ordering = ["last_name", "first_name"]
        constraints = [
            # Nobody supervises themselves.
            models.CheckConstraint(condition=~Q(supervisor=F("id")), name="staff_not_own_supervisor"),
            # A team belongs to one force; staff in a team belong to a force.
            models.CheckConstraint(
                condition=Q(team__isnull=True) | Q(force__isnull=False), name="staff_team_has_force"
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username


class AbsenceKind(models.TextChoices):
    """Which of these can be long-term, and when, is decided in one place:
    `rules.caseload.is_long_term_absence` (its length, never its name, decides)."""

    LONG_TERM_SICKNESS = "long_term_sickness", "Long-term sickness"
    PARENTAL = "parental", "Maternity or paternity leave"
    SUSPENSION = "suspension", "Suspension"
    SECONDMENT = "secondment", "Secondment"
    VACANCY = "vacancy", "Vacancy"
    ANNUAL_LEAVE = "annual_leave", "Annual leave"
    SHORT_SICKNESS = "short_sickness", "Short-term sickness"
    OTHER = "other", "Other"


class Absence(models.Model):
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="absences")
    kind = models.CharField(max_length=20, choices=AbsenceKind.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="Blank while the absence continues")
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on"]
        indexes = [models.Index(fields=["staff", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="absence_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.staff}: {self.get_kind_display()} from {long_date(self.starts_on)}"

    @property
    def is_vacancy(self) -> bool:
        """A vacant post, not a person away: a vacancy recorded against a post no one holds
        (an inactive row). The Python of `workforce.selectors.vacancies_on` (needs `staff`)."""
        return self.kind == AbsenceKind.VACANCY and not self.staff.is_active


class Abstraction(models.Model):
    """An OM taken off MOSOVO duties to cover other work: recorded and reviewed
    [docs/rules.md § People and places]."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="abstractions")
    starts_on = models.DateField()
    ends_on = models.DateField()
    hours = models.DecimalField(max_digits=6, decimal_places=1)
    reason = models.TextField()
    approved_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="approved_abstractions", null=True, blank=True
    )
    reviewed_on = models.DateField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="reviewed_abstractions", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on"]
        indexes = [models.Index(fields=["staff", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="abstraction_ends_after_start"
            ),
            # A review says who reviewed it and when [docs/rules.md § People and places].
            models.CheckConstraint(
                condition=Q(reviewed_on__isnull=True, reviewed_by__isnull=True)
                | Q(reviewed_on__isnull=False, reviewed_by__isnull=False),
                name="abstraction_review_has_reviewer",
            ),
            models.CheckConstraint(condition=Q(hours__gt=0), name="abstraction_hours_positive"),
            # Nobody approves their own abstraction.
            models.CheckConstraint(
                condition=~Q(approved_by=F("staff")), name="abstraction_not_self_approved"
            ),
        ]

    def __str__(self):
        return f"{self.staff}: abstracted {date_range(self.starts_on, self.ends_on)}"


class VettingLevel(models.TextChoices):
    NPPV1 = "nppv1", "NPPV1"
    NPPV2 = "nppv2", "NPPV2"
    NPPV3 = "nppv3", "NPPV3"


class VettingRecord(models.Model):
    """NPPV2 minimum before post, re-vetted at least every 3 years [docs/rules.md § People and places]."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="vetting_records")
    level = models.CharField(max_length=5, choices=VettingLevel.choices)
    granted_on = models.DateField()
    expires_on = models.DateField()

    class Meta:
        ordering = ["-granted_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=F("granted_on")), name="vetting_expires_after_grant"
            )
        ]

    def __str__(self):
        return f"{self.staff}: {self.get_level_display()} to {self.expires_on}"


class Course(models.TextChoices):
    PIP1 = "pip1", "PIP level 1"
    MOSOVO = "mosovo", "National MOSOVO course (includes ARMS)"
    OSP = "osp", "OASys Sexual reoffending Predictor (OSP)"
    MAPPA = "mappa", "MAPPA"
    VISOR = "visor", "ViSOR"
    CSODS = "csods", "Child Sex Offender Disclosure Scheme"
    DIGITAL = "digital", "Digital MOSOVO course"


class TrainingRecord(models.Model):
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="training_records")
    course = models.CharField(max_length=10, choices=Course.choices)
    completed_on = models.DateField()

    class Meta:
        ordering = ["-completed_on"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "course", "completed_on"], name="training_record_unique")
        ]

    def __str__(self):
        return f"{self.staff}: {self.get_course_display()} ({self.completed_on})"


class WellbeingKind(models.TextChoices):
    PSYCHOLOGICAL_SCREENING = "screening", "Psychological health screening"
    COUNSELLING = "counselling", "Counselling session"


class WellbeingScreening(models.Model):
    """Psychological screening at least annually [docs/rules.md § People and places]; counselling
    [docs/rules.md § People and places].

    Holds only that it happened, never clinical content.
    """

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="wellbeing_screenings")
    kind = models.CharField(max_length=12, choices=WellbeingKind.choices)
    held_on = models.DateField()

    class Meta:
        ordering = ["-held_on"]
        constraints = [models.UniqueConstraint(fields=["staff", "kind", "held_on"], name="wellbeing_unique")]

    def __str__(self):
        return f"{self.staff}: {self.get_kind_display()} ({self.held_on})"
