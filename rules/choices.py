"""The shared vocabulary of the domain (docs: docs/rules.md).

TextChoices are plain enums (no database access), so the pure rules and the models use
the same names.
"""

from django.db import models


class RiskLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    VERY_HIGH = "very_high", "Very high"


# Most urgent first: used to order caseloads and queues.
RISK_ORDER = (RiskLevel.VERY_HIGH, RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW)
HIGH_RISK_LEVELS = frozenset({RiskLevel.HIGH, RiskLevel.VERY_HIGH})


class OffenderType(models.TextChoices):
    RSO = "rso", "Registered sex offender"
    RVO = "rvo", "Registered violent offender"
    RTO = "rto", "Registered terrorist offender"
    MAPPA_CAT2_VIOLENT = "mappa2_violent", "MAPPA category 2 violent offender"
    MAPPA_CAT3_OTHER = "mappa3_other", "MAPPA category 3 other dangerous offender"
    PDP = "pdp", "Potentially dangerous person"


class OffenderStatus(models.TextChoices):
    COMMUNITY = "community", "In the community"
    CUSTODY = "custody", "In custody"
    HOSPITAL = "hospital", "In hospital"
    WANTED = "wanted", "Wanted"
    MISSING = "missing", "Missing"
    ABROAD = "abroad", "Abroad"
    DECEASED = "deceased", "Deceased"
    NOTIFICATION_ENDED = "notification_ended", "Notification ended"
    TRANSFERRED = "transferred", "Transferred to another force"


# Statuses in which the unit no longer manages the offender at all.
CLOSED_STATUSES = frozenset(
    {OffenderStatus.DECEASED, OffenderStatus.NOTIFICATION_ENDED, OffenderStatus.TRANSFERRED}
)


class LeadAgency(models.TextChoices):
    POLICE = "police", "Police"
    PROBATION = "probation", "Probation Service"


class ManagementMode(models.TextChoices):
    ACTIVE = "active", "Active"
    REACTIVE = "reactive", "Reactive"


class Disposal(models.TextChoices):
    """What the court (or police) did: decides the notification period (Figure 1)."""

    CUSTODY = "custody", "Imprisonment"
    HOSPITAL_RESTRICTION = "hospital_restriction", "Hospital with a restriction order"
    HOSPITAL_NO_RESTRICTION = "hospital_no_restriction", "Hospital without a restriction order"
    CAUTION = "caution", "Caution"
    CONDITIONAL_DISCHARGE = "conditional_discharge", "Conditional discharge"
    OTHER = "other", "Any other disposal (community order, fine, …)"
    CIVIL_ORDER = "civil_order", "Sexual Harm Prevention Order or Sexual Risk Order"


class OrderKind(models.TextChoices):
    SHPO = "shpo", "Sexual Harm Prevention Order"
    SRO = "sro", "Sexual Risk Order"
    VOO = "voo", "Violent Offender Order"


# Civil orders: any of them rules out reactive management [docs/rules.md § Reactive management].
CIVIL_ORDER_KINDS = frozenset({OrderKind.SHPO, OrderKind.SRO, OrderKind.VOO})
# The orders under the Sexual Offences Act 2003 that bring notification for their life.
SEXUAL_ORDER_KINDS = frozenset({OrderKind.SHPO, OrderKind.SRO})


class WorkflowStatus(models.TextChoices):
    """Life of an ARMS, RMP or visit record: draft → submitted → signed off / returned."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for review"
    SIGNED_OFF = "signed_off", "Signed off"
    RETURNED = "returned", "Returned to author"


# A completed ARMS, RMP or visit: its author has submitted it (a draft is unfinished work and a
# returned one is being revised), whether or not the supervisor has signed it off yet.
COMPLETED_STATUSES = (WorkflowStatus.SUBMITTED, WorkflowStatus.SIGNED_OFF)
# A reviewed record: changed only by starting a new version of it (record_revise).
REVISABLE_STATUSES = (WorkflowStatus.RETURNED, WorkflowStatus.SIGNED_OFF)


class VisitRegimeUnit(models.TextChoices):
    WEEKS = "weeks", "weeks"
    MONTHS = "months", "months"
