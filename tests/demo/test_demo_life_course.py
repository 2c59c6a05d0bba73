"""The demo's life courses: every offender's derived facts are what the rules derive from their
life events, so the nightly run finds nothing to record or change on freshly seeded data;
reactive offenders meet every criterion; and the demo holds every kind of life event."""

import datetime
import logging

import pytest
from django.db.models import Count, Q

from demo.seed import seed_demo
from demo.showcase import SURNAME as SHOWCASE_SURNAME
from offenders.life_events import (
    DERIVED_FIELDS,
    RULES_VERSION,
    derived_values,
    life_state,
    position_of,
    transitions_apply,
)
from offenders.models import LifeEvent, ManagementModeChange, Offender, RiskSource, RulesApplied
from offenders.selectors import reactive_facts
from risk.models import ArmsAssessment
from rules.choices import CLOSED_STATUSES, LeadAgency, ManagementMode, OffenderType
from rules.life_course import DATE_TRANSITION_KINDS, EventKind
from rules.notification import Figure1Row
from rules.policy import Policy
from workforce.models import Role, Staff

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)
CLOSING = {"deceased": EventKind.DECEASED, "transferred": EventKind.TRANSFERRED_OUT}


def seed(offenders: int = 300, seed: int = 1) -> None:
    seed_demo(offenders=offenders, seed=seed, today=TODAY, log=lambda line: None)


def test_every_offenders_derived_facts_are_what_their_life_events_give():
    seed()
    policy = Policy()  # every demo force keeps the defaults
    offenders = Offender.objects.prefetch_related("life_events", "orders")
    for offender in offenders:
        state = life_state(offender.life_events.all(), policy)
        expected = derived_values(state, position_of(offender, state, offender.orders.all(), today=TODAY))
        stored = {name: getattr(offender, name) for name in DERIVED_FIELDS}
        assert stored == expected, offender.reference


@pytest.mark.parametrize("seed_value", [1, 2])
def test_the_nightly_run_has_nothing_to_record_or_change_on_fresh_data(seed_value, caplog):
    seed(400, seed_value)
    assert RulesApplied.objects.filter(version=RULES_VERSION).exists()
    events = LifeEvent.objects.count()
    with caplog.at_level(logging.ERROR, logger="offenders.life_events"):
        run = transitions_apply(today=TODAY, everyone=True)
    assert run.offenders == Offender.objects.count()
    assert [record.getMessage() for record in caplog.records] == []  # no life course it cannot replay
    done = {
        result.offender.reference: (
            [(row.kind, row.occurred_on) for row in result.transitions],
            result.changed,
            result.returned_to_active and result.returned_to_active.reason,
        )
        for result in run.reassessed
    }
    assert done == {}
    assert LifeEvent.objects.count() == events


def test_the_first_nightly_run_does_not_reassess_everyone():
    seed()
    run = transitions_apply(today=TODAY, dry_run=True)
    assert run.offenders < Offender.objects.count() / 2


def test_every_life_course_begins_with_the_registration_and_a_closed_one_ends_with_its_closure():
    seed()
    assert (
        not Offender.objects.annotate(
            registrations=Count("life_events", filter=Q(life_events__kind=EventKind.REGISTERED))
        )
        .exclude(registrations=1)
        .exists()
    )
    for offender in Offender.objects.prefetch_related("life_events"):
        events = sorted(offender.life_events.all(), key=lambda row: (row.occurred_on, row.pk))
        assert events[0].kind == EventKind.REGISTERED and events[0].occurred_on == offender.managed_since
        assert not events[0].by_system  # the registration is a person's
        if offender.last_name == SHOWCASE_SURNAME:
            continue  # (one of them has their notification ended on review, by a person)
        for row in events[1:]:
            assert row.by_system == (row.kind in DATE_TRANSITION_KINDS), (offender.reference, row.kind)
        if offender.status in CLOSED_STATUSES:
            closure = CLOSING.get(offender.status, EventKind.NOTIFICATION_ENDED)
            assert events[-1].kind == closure, offender.reference
            assert events[-1].notes
    transferred = LifeEvent.objects.filter(kind=EventKind.TRANSFERRED_OUT)
    assert transferred.exists() and not transferred.filter(Q(other_force="") | Q(handover_notes="")).exists()


def test_notification_follows_each_offenders_type():
    seed(1000)
    by_type = {
        offender_type: set(
            Offender.objects.filter(offender_type=offender_type).values_list("notification_basis", flat=True)
        )
        for offender_type in OffenderType
    }
    terrorism = {Figure1Row.TERRORISM_10_YEARS, Figure1Row.TERRORISM_15_YEARS, Figure1Row.TERRORISM_30_YEARS}
    assert by_type[OffenderType.RVO] == {"", Figure1Row.VIOLENT_OFFENDER_ORDER}
    assert by_type[OffenderType.RTO] and by_type[OffenderType.RTO] <= terrorism
    for offender_type in (OffenderType.MAPPA_CAT2_VIOLENT, OffenderType.MAPPA_CAT3_OTHER, OffenderType.PDP):
        assert by_type[offender_type] == {""}
    assert Figure1Row.CUSTODY_30_MONTHS_OR_MORE in by_type[OffenderType.RSO]
    assert Figure1Row.CIVIL_ORDER in by_type[OffenderType.RSO]


def test_reactive_offenders_meet_every_criterion_and_the_rest_went_back_to_active():
    seed(1000)
    reactive = Offender.objects.filter(management_mode=ManagementMode.REACTIVE)
    assert reactive.count() >= 20
    for offender in reactive:
        assert reactive_facts(offender, today=TODAY).eligibility.eligible, offender.reference
        decision = offender.management_mode_changes.get()
        assert decision.changed_on == offender.reactive_since
        assert decision.changed_by.role == Role.SUPERVISOR
    returned = Offender.objects.filter(returned_to_active_on__isnull=False)
    assert returned.exists()
    for offender in returned:
        assert offender.management_mode == ManagementMode.ACTIVE and offender.reactive_since is None
        back = offender.management_mode_changes.first()
        assert (back.mode, back.changed_on, back.changed_by) == (
            ManagementMode.ACTIVE,
            offender.returned_to_active_on,
            None,
        )
        assert back.reason.startswith("Returned to active management: no longer ")


def test_the_demo_has_every_kind_of_life_event():
    seed()
    assert set(LifeEvent.objects.values_list("kind", flat=True).distinct()) == set(EventKind.values)


def test_the_showcase_nominals_belong_to_the_demo_offender_manager():
    seed()
    showcase = Offender.objects.filter(last_name=SHOWCASE_SURNAME)
    officer = Staff.objects.get(username="om.0001")
    assert 3 <= showcase.count() <= 6
    assert set(showcase.values_list("offender_manager", "team")) == {(officer.pk, officer.team_id)}
    assert officer.team_id == officer.force.teams.order_by("pk").first().pk
    probation_led = showcase.filter(lead_agency=LeadAgency.PROBATION, risk_level_source=RiskSource.PROBATION)
    assert probation_led.exists()
    assert not ArmsAssessment.objects.filter(offender__in=probation_led).exists()
    kinds = set(LifeEvent.objects.filter(offender__in=showcase).values_list("kind", flat=True))
    assert kinds == set(EventKind.values)
    assert ManagementModeChange.objects.filter(offender__in=showcase).count() == 0
