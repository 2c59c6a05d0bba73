"""factory-boy factories for the domain. Names are obviously fictional."""

import datetime

import factory

from offenders.models import LifeEvent, Offender, OffenderAssignment, Order, RegisteredDevice, RiskSource
from risk.models import ArmsAssessment, ReviewDecision, RiskManagementPlan, SupervisorReview
from rules.choices import Disposal, OffenderStatus, OffenderType, RiskLevel, WorkflowStatus
from rules.life_course import EventKind
from visits.models import Visit, VisitAuthorisation, VisitOutcome
from workforce.models import Absence, AbsenceKind, Abstraction, Force, ForcePolicy, Role, Staff, Team

TODAY = datetime.date(2026, 11, 23)

# A plan whose every section is written: what a plan needs before it is submitted.
PLAN_SECTIONS_WRITTEN = {
    "supervision": "Weekly contact with the offender manager.",
    "monitoring_and_control": "Device checks at every visit; curfew monitored by tag.",
    "interventions_and_treatment": (
        "Not applicable: the accredited programme was completed in custody last year."
    ),
    "victim_safety_planning": "Victim's address flagged; warning markers on the police systems.",
    "contingency": "Recall through the probation duty officer on any breach of the licence.",
}
# Why a single-crewed or announced visit went ahead without an authorisation, written out.
UNAUTHORISED_REASON = (
    "The second officer was called away to an emergency at the door; the offender was expecting "
    "us, is compliant and the visit was kept short."
)


class ForceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Force
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Testshire Constabulary {n}")
    code = factory.Sequence(lambda n: f"TS{n}")
    policy = factory.RelatedFactory("tests.factories.ForcePolicyFactory", factory_related_name="force")


class ForcePolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForcePolicy
        django_get_or_create = ("force",)

    force = factory.SubFactory(ForceFactory, policy=None)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    force = factory.SubFactory(ForceFactory)
    name = factory.Sequence(lambda n: f"Team Quillmoor {n}")
    area = "Northern command"


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Staff
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = factory.Sequence(lambda n: f"Officer{n}")
    last_name = "Testperson"
    team = factory.SubFactory(TeamFactory)
    force = factory.SelfAttribute("team.force")
    role = Role.OFFENDER_MANAGER
    password = factory.django.Password("correct-horse-battery")


class SupervisorFactory(StaffFactory):
    role = Role.SUPERVISOR


def supervisor_of(officer: Staff) -> Staff:
    """The officer's supervisor, given one in their team if they have none: the person the
    services let review the officer's work and act on their caseload."""
    if officer.supervisor is None:
        officer.supervisor = SupervisorFactory(team=officer.team, force=officer.force)
        officer.save(update_fields=["supervisor"])
    return officer.supervisor


class OffenderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offender
        skip_postgeneration_save = True

    team = factory.SubFactory(TeamFactory)
    force = factory.SelfAttribute("team.force")
    offender_manager = factory.SubFactory(StaffFactory, team=factory.SelfAttribute("..team"))
    reference = factory.Sequence(lambda n: f"VSR-TS-{n:06d}")
    first_name = factory.Sequence(lambda n: f"Zebulon{n}")
    last_name = "Quillfeather"
    date_of_birth = datetime.date(1975, 4, 12)
    offender_type = OffenderType.RSO
    mappa_category = 1
    mappa_level = 1
    status = OffenderStatus.COMMUNITY
    risk_level = RiskLevel.MEDIUM
    risk_level_source = factory.LazyAttribute(lambda o: RiskSource.ARMS if o.risk_level else "")
    # 18 months' imprisonment on 2 March 2020: notified for 10 years, to 1 March 2030.
    disposal = Disposal.CUSTODY
    sentence_months = 18
    relevant_date = datetime.date(2020, 3, 2)
    notification_basis = "custody_over_6_under_30_months"
    notification_period_months = 120
    notification_ends_on = datetime.date(2030, 3, 1)
    managed_since = datetime.date(2020, 3, 2)
    community_since = factory.LazyAttribute(
        lambda o: o.managed_since if o.status == OffenderStatus.COMMUNITY else None
    )
    community_since_reason = factory.LazyAttribute(
        lambda o: "start of management" if o.status == OffenderStatus.COMMUNITY else ""
    )

    @factory.post_generation
    def registration(offender, create, extracted, **kwargs):
        """Every offender's life course begins with their registration (offenders.life_events)."""
        if create:
            LifeEvent.objects.create(
                offender=offender,
                kind=EventKind.REGISTERED,
                occurred_on=offender.managed_since,
                status=offender.status,
                disposal=offender.disposal,
                relevant_date=offender.relevant_date,
                sentence_months=offender.sentence_months,
                is_life_sentence=offender.is_life_sentence,
                conditional_discharge_months=offender.conditional_discharge_months,
                released_on=offender.released_on,
                licence_ends_on=offender.licence_ends_on,
                community_order_ends_on=offender.community_order_ends_on,
                police_lead_since=offender.police_lead_since,
            )


class OffenderAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OffenderAssignment

    offender = factory.SubFactory(OffenderFactory)
    offender_manager = factory.SelfAttribute("offender.offender_manager")
    starts_on = factory.SelfAttribute("offender.managed_since")


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    offender = factory.SubFactory(OffenderFactory)
    kind = "shpo"
    starts_on = datetime.date(2022, 1, 10)
    ends_on = datetime.date(2032, 1, 10)


class RegisteredDeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegisteredDevice

    offender = factory.SubFactory(OffenderFactory)
    kind = "phone"
    description = "Fictiphone 9"
    registered_on = datetime.date(2023, 5, 1)


class ArmsAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArmsAssessment

    offender = factory.SubFactory(OffenderFactory)
    author = factory.SelfAttribute("offender.offender_manager")
    assessed_on = datetime.date(2026, 6, 1)
    risk_level = RiskLevel.MEDIUM
    status = WorkflowStatus.SUBMITTED
    submitted_on = factory.SelfAttribute("assessed_on")


class RiskManagementPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskManagementPlan

    offender = factory.SubFactory(OffenderFactory)
    author = factory.SelfAttribute("offender.offender_manager")
    written_on = datetime.date(2026, 6, 1)
    next_review_on = datetime.date(2027, 6, 1)
    supervision = PLAN_SECTIONS_WRITTEN["supervision"]
    monitoring_and_control = PLAN_SECTIONS_WRITTEN["monitoring_and_control"]
    interventions_and_treatment = PLAN_SECTIONS_WRITTEN["interventions_and_treatment"]
    victim_safety_planning = PLAN_SECTIONS_WRITTEN["victim_safety_planning"]
    contingency = PLAN_SECTIONS_WRITTEN["contingency"]
    status = WorkflowStatus.SUBMITTED
    submitted_on = factory.SelfAttribute("written_on")


class VisitAuthorisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitAuthorisation

    offender = factory.SubFactory(OffenderFactory)
    authorised_by = factory.SubFactory(SupervisorFactory, team=factory.SelfAttribute("..offender.team"))
    authorised_on = datetime.date(2026, 10, 31)
    valid_from = datetime.date(2026, 11, 1)
    valid_to = datetime.date(2026, 11, 30)
    single_crewed = True
    rationale = "Second officer unavailable; offender low risk and compliant at recent visits."


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    offender = factory.SubFactory(OffenderFactory)
    author = factory.SelfAttribute("offender.offender_manager")
    visited_on = datetime.date(2026, 10, 1)
    crew_size = 2
    outcome = VisitOutcome.SEEN
    status = WorkflowStatus.SUBMITTED
    submitted_on = factory.SelfAttribute("visited_on")


class SupervisorReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisorReview

    visit = factory.SubFactory(VisitFactory)
    reviewer = factory.SubFactory(SupervisorFactory)
    text = "Visit well planned; devices inspected and the next visit's actions are clear and proportionate."
    decision = ReviewDecision.SIGNED_OFF
    reviewed_on = datetime.date(2026, 10, 10)


class AbsenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Absence

    staff = factory.SubFactory(StaffFactory)
    kind = AbsenceKind.LONG_TERM_SICKNESS
    starts_on = datetime.date(2026, 9, 1)


class AbstractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Abstraction

    staff = factory.SubFactory(StaffFactory)
    starts_on = datetime.date(2026, 10, 5)
    ends_on = datetime.date(2026, 10, 6)
    hours = 15
    reason = "Covering the custody suite during a staffing shortfall."
