"""One permission per action, decided in one table (workforce.permissions) and enforced by the
services: the table says what the rules say (pinned here by hand), and every service refuses a
person the table refuses, called directly with no view or API in front of it."""

import inspect
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from casework import rebalancing
from dashboards.scopes import scope_for
from offenders import case_records, erasure, life_events, orders, registration
from offenders import services as offender_services
from offenders.life_events import EventDetails
from offenders.models import Offender
from offenders.registration import NotificationContent
from offenders.selectors import access_log_offender
from risk import importer
from risk import services as risk_services
from risk.content import ArmsContent, PlanContent
from rules.choices import ManagementMode
from tests import factories
from tests.dates import days_ago, today
from visits import services as visit_services
from visits.content import VisitContent
from workforce import services as workforce_services
from workforce.models import ForcePolicy, Role, Staff
from workforce.permissions import PERMISSIONS, Action, Scope, perm_name

pytestmark = pytest.mark.django_db

OM, SUP, SL, ADM = Role.OFFENDER_MANAGER, Role.SUPERVISOR, Role.SENIOR_LEADER, Role.ADMIN

# What the rules say each role may do (docs/rules.md § People and places): written out by hand,
# so that a change to the table is a change someone meant.
RULES = {
    Action.REGISTER: ({SUP}, Scope.ANY),
    Action.RECORD: ({OM, SUP}, Scope.CASE),
    Action.SUBMIT: ({OM, SUP}, Scope.CASE),
    Action.REVISE: ({OM, SUP}, Scope.CASE),
    Action.REVIEW: ({SUP}, Scope.REVIEW_QUEUE),
    Action.AUTHORISE_VISIT: ({SUP}, Scope.CASE),
    Action.AUTHORISE_LATER_REVIEW: ({SUP}, Scope.CASE),
    Action.SET_MANAGEMENT_MODE: ({SUP}, Scope.CASE),
    Action.REASSIGN: ({SUP}, Scope.CASE),
    Action.REBALANCE: ({SUP}, Scope.ANY),
    Action.IMPORT: ({SUP}, Scope.ANY),
    Action.ERASE: ({SL, ADM}, Scope.ANY),
    Action.RECORD_AVAILABILITY: ({SUP}, Scope.ANY),
    Action.REVIEW_ABSTRACTIONS: ({SUP, SL}, Scope.ANY),
    Action.VIEW_DASHBOARDS: ({SUP, SL}, Scope.ANY),
    Action.VIEW_ACCESS_LOG: ({SUP, ADM}, Scope.ANY),
}


def test_the_table_says_what_the_rules_say():
    table = {action: (set(p.roles), p.scope) for action, p in PERMISSIONS.items()}
    assert table == RULES
    assert all(p.refusal.endswith(".") for p in PERMISSIONS.values())


def test_django_permissions_and_templates_read_the_same_table():
    supervisor = factories.SupervisorFactory()
    officer = factories.StaffFactory(team=supervisor.team)
    assert supervisor.has_perm(perm_name(Action.REVIEW)) and supervisor.has_perm("workforce.rebalance")
    assert not officer.has_perm(perm_name(Action.REVIEW))
    assert officer.get_all_permissions() == {"workforce.record", "workforce.submit", "workforce.revise"}
    supervisor.is_active = False
    assert not supervisor.has_perm(perm_name(Action.REVIEW))


# --------------------------------------------------------------------------- the world


@dataclass
class World:
    supervisor: Staff
    om: Staff
    leader: Staff
    admin: Staff
    # Allowed by role but working none of the world's cases: another team of the same force.
    other_supervisor: Staff
    other_om: Staff
    offender: Offender

    def people(self) -> dict[str, Staff]:
        return {OM: self.om, SUP: self.supervisor, SL: self.leader, ADM: self.admin}

    def outsider(self, role: str) -> Staff:
        return {OM: self.other_om, SUP: self.other_supervisor}[role]


@pytest.fixture
def world() -> World:
    team = factories.TeamFactory()
    supervisor = factories.SupervisorFactory(team=team)
    om = factories.StaffFactory(team=team, supervisor=supervisor)
    other_team = factories.TeamFactory(force=team.force)
    other_supervisor = factories.SupervisorFactory(team=other_team)
    return World(
        supervisor=supervisor,
        om=om,
        leader=factories.StaffFactory(team=None, force=team.force, role=Role.SENIOR_LEADER),
        admin=factories.StaffFactory(team=None, force=team.force, role=Role.ADMIN),
        other_supervisor=other_supervisor,
        other_om=factories.StaffFactory(team=other_team, supervisor=other_supervisor),
        offender=factories.OffenderFactory(team=team, offender_manager=om, managed_since=days_ago(900)),
    )


# --------------------------------------------------------------------------- every service

# action → the services that take it, each called as `actor` would call it on the world. The
# arguments are valid where that is cheap; where they are not, an allowed person's call fails
# validation (ValidationError), which is not a refusal.
Call = Callable[[Staff, World], object]


def _submitted_visit(w: World):
    return factories.VisitFactory(offender=w.offender, visited_on=days_ago(10), submitted_on=days_ago(9))


def _draft_visit(w: World):
    return factories.VisitFactory(
        offender=w.offender, author=w.om, visited_on=days_ago(3), status="draft", submitted_on=None
    )


def _signed_off_visit(w: World):
    visit = _submitted_visit(w)
    factories.SupervisorReviewFactory(visit=visit, reviewer=w.supervisor)
    visit.status = "signed_off"
    visit.save(update_fields=["status"])
    return visit


def _condition(w: World):
    order = factories.OrderFactory(offender=w.offender, starts_on=days_ago(300), ends_on=None)
    return order.conditions.create(kind="prohibition", text="Not to use an unregistered device")


SERVICES: dict[Action, dict[str, Call]] = {
    Action.REGISTER: {
        "offender_register": lambda actor, w: offender_services.offender_register(
            team=w.om.team,
            offender_manager=w.om,
            reference="VSR-PERM-0001",
            first_name="Testy",
            last_name="McPermission",
            date_of_birth=days_ago(40 * 365),
            offender_type="rso",
            mappa_category=1,
            mappa_level=1,
            disposal="imprisonment",
            sentence_months=12,
            relevant_date=days_ago(400),
            managed_since=days_ago(30),
            today=today(),
            acting_user=actor,
        ),
    },
    Action.RECORD: {
        "notification_record": lambda actor, w: registration.notification_record(
            offender=w.offender,
            content=NotificationContent(
                kind="periodic",
                notified_on=days_ago(1),
                place="Testbridge Police Station",
                taken_by=actor,
                home_address="1 Fictional Row, Testbridge",
            ),
            acting_user=actor,
            today=today(),
        ),
        # Nothing is overdue in this world: allowed callers get a ValidationError, not a refusal.
        "failure_to_notify_record": lambda actor, w: registration.failure_to_notify_record(
            offender=w.offender,
            acting_user=actor,
            response="contacted",
            occurred_on=today(),
            notes="",
            today=today(),
        ),
        "visit_save": lambda actor, w: visit_services.visit_save(
            offender=w.offender,
            content=VisitContent(visited_on=days_ago(1), outcome="seen", co_attending_officer=w.supervisor),
            acting_user=actor,
            today=today(),
        ),
        "arms_save": lambda actor, w: risk_services.arms_save(
            offender=w.offender,
            content=ArmsContent(assessed_on=days_ago(1), risk_level="medium"),
            acting_user=actor,
            today=today(),
        ),
        "rmp_save": lambda actor, w: risk_services.rmp_save(
            offender=w.offender,
            content=PlanContent(written_on=days_ago(1), next_review_on=days_ago(-100)),
            acting_user=actor,
            today=today(),
        ),
        "intelligence_check_record": lambda actor, w: offender_services.intelligence_check_record(
            offender=w.offender,
            checked_by=actor,
            system="pnd",
            checked_on=days_ago(1),
            result="no_trace",
            notes="",
            today=today(),
        ),
        "reactive_checks_record": lambda actor, w: offender_services.reactive_checks_record(
            offender=w.offender,
            checked_by=actor,
            checked_on=days_ago(1),
            results=dict.fromkeys(("pnd", "pnc", "visor", "local"), "no_trace"),
            notes="",
            today=today(),
        ),
        "outcome_record": lambda actor, w: offender_services.outcome_record(
            offender=w.offender,
            recorded_by=actor,
            kind="arrest",
            occurred_on=days_ago(1),
            offence_type="",
            notes="Arrested on suspicion; released under investigation.",
            today=today(),
        ),
        "probation_assessment_record": lambda actor, w: offender_services.probation_assessment_record(
            offender=w.offender,
            risk_level="high",
            assessed_on=days_ago(1),
            source="OASys RoSH",
            acting_user=actor,
            today=today(),
        ),
        "life_event_record": lambda actor, w: life_events.life_event_record(
            offender=w.offender,
            details=EventDetails(kind="wanted", occurred_on=days_ago(1)),
            acting_user=actor,
            today=today(),
        ),
        "order_condition_add": lambda actor, w: orders.order_condition_add(
            order=factories.OrderFactory(offender=w.offender, starts_on=days_ago(300), ends_on=None),
            kind="prohibition",
            text="Not to enter any park",
            is_digital=False,
            check_every=None,
            check_every_unit="",
            checked_at_every_visit=False,
            acting_user=actor,
        ),
        # Discarding a draft is part of writing the case's records (and the author's alone).
        "record_discard": lambda actor, w: case_records.record_discard(
            record=_draft_visit(w), acting_user=actor
        ),
        "condition_check_record": lambda actor, w: orders.condition_check_record(
            condition=_condition(w),
            checked_on=days_ago(1),
            result="complied",
            notes="",
            acting_user=actor,
            today=today(),
        ),
    },
    Action.SUBMIT: {
        "record_submit": lambda actor, w: case_records.record_submit(
            record=_draft_visit(w), acting_user=actor, today=today()
        ),
        "rmp_submit": lambda actor, w: risk_services.rmp_submit(
            plan=factories.RiskManagementPlanFactory(
                offender=w.offender,
                author=w.om,
                written_on=days_ago(3),
                next_review_on=days_ago(-90),
                status="draft",
                submitted_on=None,
            ),
            acting_user=actor,
            today=today(),
        ),
    },
    Action.REVISE: {
        "record_revise": lambda actor, w: case_records.record_revise(
            record=_signed_off_visit(w), author=actor
        ),
        "visit_revise": lambda actor, w: visit_services.visit_revise(
            visit=_signed_off_visit(w), author=actor
        ),
    },
    Action.REVIEW: {
        "review_record": lambda actor, w: risk_services.review_record(
            record=_submitted_visit(w),
            reviewer=actor,
            text="A considered review of the visit: the address checks out and the plan stands as written.",
            decision="signed_off",
            reviewed_on=today(),
            policy=_policy(),
        ),
    },
    Action.AUTHORISE_VISIT: {
        "visit_authorise": lambda actor, w: visit_services.visit_authorise(
            offender=w.offender,
            supervisor=actor,
            valid_from=today(),
            valid_to=days_ago(-7),
            single_crewed=True,
            announced=False,
            rationale="Second officer unavailable this week; offender compliant at the last six visits.",
            today=today(),
        ),
    },
    Action.AUTHORISE_LATER_REVIEW: {
        "rmp_authorise_later_review": lambda actor, w: risk_services.rmp_authorise_later_review(
            plan=factories.RiskManagementPlanFactory(
                offender=w.offender,
                written_on=days_ago(12),
                next_review_on=days_ago(-500),
                submitted_on=days_ago(11),
            ),
            supervisor=actor,
            reason="Stable for years; the multi-agency meeting agreed a later review date.",
            today=today(),
        ),
    },
    Action.SET_MANAGEMENT_MODE: {
        "offender_set_management_mode": lambda actor, w: life_events.offender_set_management_mode(
            offender=w.offender,
            mode=ManagementMode.REACTIVE,
            supervisor=actor,
            reason="Low risk and compliant for years.",
            today=today(),
        ),
    },
    Action.REASSIGN: {
        "offenders_reassign": lambda actor, w: offender_services.offenders_reassign(
            offenders=[w.offender],
            offender_manager=factories.StaffFactory(team=w.om.team, supervisor=w.supervisor),
            starts_on=today(),
            reason="Balancing the team's caseloads",
            acting_user=actor,
        ),
    },
    Action.REBALANCE: {
        "rebalancing.apply": lambda actor, w: rebalancing.apply(
            rebalancing.suggest(
                w.om.team, supervisor=w.supervisor, today=today(), policy=_policy(), cover_unavailable=False
            ),
            fingerprint="",
            chosen=[],
            reason="Balancing the team's caseloads",
            acting_user=actor,
            today=today(),
        ),
    },
    Action.IMPORT: {
        "import_csv": lambda actor, w: importer.import_csv(
            "", team=w.om.team, acting_user=actor, today=today()
        ),
    },
    Action.ERASE: {
        "offender_erase": lambda actor, w: erasure.offender_erase(
            offender=w.offender, acting_user=actor, justification="The notification period has ended."
        ),
    },
    Action.RECORD_AVAILABILITY: {
        "absence_record": lambda actor, w: workforce_services.absence_record(
            staff=w.om,
            kind="long_term_sickness",
            starts_on=today(),
            ends_on=None,
            notes="",
            acting_user=actor,
        ),
        "absence_end": lambda actor, w: workforce_services.absence_end(
            absence=factories.AbsenceFactory(staff=w.om, starts_on=days_ago(40), ends_on=None),
            ends_on=today(),
            acting_user=actor,
        ),
        "abstraction_record": lambda actor, w: workforce_services.abstraction_record(
            staff=w.om,
            starts_on=days_ago(2),
            ends_on=days_ago(1),
            hours=8,
            reason="Covering the custody suite",
            approved_by=w.supervisor,
            acting_user=actor,
        ),
    },
    Action.REVIEW_ABSTRACTIONS: {
        "abstractions_review": lambda actor, w: workforce_services.abstractions_review(
            abstractions=[factories.AbstractionFactory(staff=w.om, approved_by=w.supervisor)],
            reviewer=actor,
            today=today(),
        ),
    },
    Action.VIEW_DASHBOARDS: {
        "scope_for": lambda actor, w: scope_for(actor, None, today=today()),
    },
    Action.VIEW_ACCESS_LOG: {
        "access_log_offender": lambda actor, w: access_log_offender(actor, w.offender.pk),
    },
}


def _policy():
    return ForcePolicy.rules_for(None)


def _cases(on_case_only: bool = False):
    for action, calls in SERVICES.items():
        if on_case_only and PERMISSIONS[action].scope != Scope.CASE:
            continue
        for name in calls:
            yield pytest.param(action, name, id=f"{action.value}-{name}")


def _call(action: Action, name: str, actor: Staff, world: World) -> str:
    """Call the service in a savepoint rolled back after it: "refused" (PermissionDenied), or
    "allowed" (it ran, or refused the input itself, which is not a refusal of the person)."""
    with transaction.atomic():
        try:
            SERVICES[action][name](actor, world)
        except PermissionDenied:
            outcome = "refused"
        except ValidationError:
            outcome = "allowed"
        else:
            outcome = "allowed"
        transaction.set_rollback(True)
    return outcome


def test_every_action_is_taken_by_some_service():
    assert set(SERVICES) == set(Action)


@pytest.mark.parametrize(("action", "name"), list(_cases()))
def test_each_service_refuses_every_role_the_table_refuses(world, action, name):
    answers = {role: _call(action, name, person, world) for role, person in world.people().items()}
    refused = {role for role, outcome in answers.items() if outcome == "refused"}
    assert refused == set(world.people()) - PERMISSIONS[action].roles


@pytest.mark.parametrize(("action", "name"), list(_cases(on_case_only=True)))
def test_each_service_on_a_case_refuses_those_who_do_not_work_it(world, action, name):
    """Allowed by role, but the case is another team's: refused all the same."""
    for role in PERMISSIONS[action].roles:
        assert _call(action, name, world.outsider(role), world) == "refused", role


def test_a_review_not_in_the_supervisors_queue_is_refused(world):
    """A supervisor of the same force who does not oversee the author may not review."""
    assert _call(Action.REVIEW, "review_record", world.other_supervisor, world) == "refused"


# The services that act for a person and the ones that do not: every public function of the
# service modules that takes a person is in SERVICES, or named here as what the system does
# (or as a step of a service above, which decides for it).
SERVICE_MODULES = (
    offender_services,
    life_events,
    orders,
    case_records,
    erasure,
    risk_services,
    visit_services,
    workforce_services,
    importer,
    rebalancing,
    registration,
)
ACTOR_PARAMETERS = {
    "acting_user",
    "checked_by",
    "recorded_by",
    "reviewer",
    "supervisor",
    "author",
    "approved_by",
}
NOT_ACTIONS = {
    # Steps of the services above, or the system's own recomputation.
    "offender_assign",  # a step of offender_register and offenders_reassign
    "offender_risk_assessed",  # the system: an ARMS's level reaches the offender record
    "arms_facts_push",
    "arms_submit",  # record_submit, then the level
    "offender_reassess",  # the system: life events replayed
    "later_review_refusal",  # questions, for the pages
    "suggest",  # the rebalance's moves for the supervisor's page; apply makes them (REBALANCE)
    "returned_to",
    "locked_draft",  # a step of the save services
    "save_draft",
    "touch",
}


def test_every_service_that_acts_for_a_person_is_checked():
    declared = {name.split(".")[-1] for calls in SERVICES.values() for name in calls}
    unchecked = []
    for module in SERVICE_MODULES:
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__ or name.startswith("_"):
                continue
            acts = ACTOR_PARAMETERS & set(inspect.signature(function).parameters)
            if acts and name not in declared and name not in NOT_ACTIONS:
                unchecked.append(f"{module.__name__}.{name}")
    assert not unchecked
