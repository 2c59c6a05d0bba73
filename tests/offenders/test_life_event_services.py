"""Life events as writes: recording one recomputes the offender at once; the transitions that
happen by date are applied nightly, once; reactive management is re-checked on every change."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from casework.notifications import supervisor_digests_send
from offenders import orders, services
from offenders.life_events import (
    RULES_VERSION,
    EventDetails,
    life_event_record,
    offender_reassess,
    offender_set_management_mode,
    transitions_apply,
)
from offenders.models import AuditEvent, LifeEvent, ManagementModeChange, Offender, Outcome, RulesApplied
from outstanding.models import OutstandingItem
from risk.services import arms_facts_push
from rules.choices import LeadAgency, ManagementMode, OffenderStatus, RiskLevel
from rules.due import DueKind
from tests import factories

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 12, 6)


@pytest.fixture
def supervisor():
    """The offender manager's supervisor has an email address: some events send them notices."""
    return factories.SupervisorFactory(email="sergeant.fictional@example.test")


def record(offender, om, kind, on, **details):
    return life_event_record(
        offender=offender,
        details=EventDetails(kind=kind, occurred_on=on, **details),
        acting_user=om,
        today=TODAY,
    )


def reloaded(offender) -> Offender:
    return Offender.objects.get(pk=offender.pk)


# Recording an event.


def test_an_event_moves_the_offender_and_is_logged_in_the_same_transaction(offender, om):
    event = record(offender, om, "remanded", D(2026, 11, 1))
    offender = reloaded(offender)
    assert (offender.status, offender.lead_agency, offender.community_since) == (
        OffenderStatus.CUSTODY,
        LeadAgency.POLICE,
        None,
    )
    assert AuditEvent.objects.filter(record_type="lifeevent", record_id=event.pk, actor_id=om.pk).exists()


def test_an_impossible_sequence_is_refused_and_changes_nothing(offender, om):
    with pytest.raises(ValidationError, match="not in custody"):
        record(offender, om, "released", D(2026, 11, 1))
    assert list(offender.life_events.values_list("kind", flat=True)) == ["registered"]
    assert reloaded(offender).status == OffenderStatus.COMMUNITY


def test_an_event_dated_before_the_last_one_needs_a_correction_reason(offender, om):
    record(offender, om, "wanted", D(2026, 11, 10))
    with pytest.raises(ValidationError) as refusal:
        record(offender, om, "missing", D(2026, 11, 1))
    assert "correction_reason" in refusal.value.message_dict
    # With the reason it is put in its place and everything after it replayed.
    with pytest.raises(ValidationError, match="wanted"):
        # missing on 1 November, then wanted on 10 November is possible; located needs them away
        record(offender, om, "located", D(2026, 10, 1), correction_reason="Found on 1 October, keyed late.")
    record(offender, om, "missing", D(2026, 11, 1), correction_reason="Reported missing before the warrant.")
    assert reloaded(offender).status == OffenderStatus.WANTED


@pytest.mark.parametrize(
    ("kind", "details", "field"),
    [
        ("sentenced", {}, "disposal"),
        ("sentenced", {"disposal": "custody"}, "disposal"),  # no term
        ("community_order_made", {}, "community_order_ends_on"),
        ("transferred_out", {"other_force": "Fictshire Police"}, "handover_notes"),
        ("notification_ended", {}, "notes"),
        ("wanted", {"licence_ends_on": D(2027, 1, 1)}, "licence_ends_on"),  # not a field of "wanted"
        ("registered", {}, "kind"),
    ],
)
def test_each_kind_asks_for_its_own_details_and_only_those(offender, om, kind, details, field):
    with pytest.raises(ValidationError) as refusal:
        record(offender, om, kind, D(2026, 11, 1), **details)
    assert field in refusal.value.message_dict


def test_an_event_cannot_be_in_the_future_or_before_management_began(offender, om):
    for on in (TODAY + datetime.timedelta(days=1), offender.managed_since - datetime.timedelta(days=1)):
        with pytest.raises(ValidationError) as refusal:
            record(offender, om, "wanted", on)
        assert "occurred_on" in refusal.value.message_dict


def test_a_civil_order_made_varied_and_discharged(offender, om):
    made = record(
        offender,
        om,
        "civil_order_made",
        D(2026, 1, 5),
        order_kind="shpo",
        conditions=("No unsupervised contact",),
    )
    order = made.order
    assert order.conditions.get().text == "No unsupervised contact"
    record(offender, om, "civil_order_varied", D(2026, 6, 1), order=order, order_ends_on=D(2031, 1, 4))
    order.refresh_from_db()
    assert order.ends_on == D(2031, 1, 4)
    record(offender, om, "civil_order_discharged", D(2026, 11, 2), order=order)
    order.refresh_from_db()
    assert order.ends_on == D(2026, 11, 2)
    with pytest.raises(ValidationError):
        record(offender, om, "civil_order_discharged", D(2026, 11, 20), order=order)


def test_a_transfer_keeps_the_handover_and_closes_the_case(offender, om):
    record(
        offender,
        om,
        "transferred_out",
        D(2026, 11, 2),
        other_force="Fictshire Police",
        handover_notes="Case file and ViSOR record handed to DS Example of Fictshire MOSOVO on 2 November.",
    )
    assert reloaded(offender).status == OffenderStatus.TRANSFERRED
    record(
        offender, om, "received", D(2026, 11, 20), other_force="Fictshire Police", handover_notes="Returned."
    )
    assert reloaded(offender).status == OffenderStatus.COMMUNITY


# Probation's assessment.


def test_probations_assessment_is_the_risk_level_until_a_police_arms_exists(
    om, django_capture_on_commit_callbacks
):
    offender = factories.OffenderFactory(team=om.team, offender_manager=om, risk_level=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.probation_assessment_record(
            offender=offender,
            risk_level="very_high",
            assessed_on=D(2026, 10, 1),
            source="OASys RoSH",
            acting_user=om,
            today=TODAY,
        )
    offender = reloaded(offender)
    assert (offender.risk_level, offender.risk_level_source) == (RiskLevel.VERY_HIGH, "probation")
    visit = OutstandingItem.objects.get(offender=offender, kind=DueKind.VISIT)
    assert "probation's assessment" in visit.rule
    factories.ArmsAssessmentFactory(
        offender=offender, assessed_on=D(2026, 11, 1), risk_level=RiskLevel.MEDIUM
    )
    arms_facts_push(offender_id=offender.pk, today=TODAY, acting_user=om)
    offender = reloaded(offender)
    assert (offender.risk_level, offender.risk_level_source) == (RiskLevel.MEDIUM, "arms")
    services.probation_assessment_record(
        offender=offender,
        risk_level="low",
        assessed_on=D(2026, 11, 20),
        source="OASys RoSH",
        acting_user=om,
        today=TODAY,
    )
    assert reloaded(offender).risk_level == RiskLevel.MEDIUM  # the police ARMS stands


# Reactive management re-checked on every change.


@pytest.fixture
def reactive(om):
    offender = factories.OffenderFactory(
        team=om.team,
        offender_manager=om,
        risk_level=None,
        managed_since=D(2019, 1, 7),
        community_since=D(2019, 1, 7),
    )
    for on in (D(2020, 1, 6), D(2026, 6, 1)):
        factories.ArmsAssessmentFactory(offender=offender, assessed_on=on, risk_level=RiskLevel.LOW)
    arms_facts_push(offender_id=offender.pk, today=TODAY, acting_user=om)
    offender_set_management_mode(
        offender=offender,
        mode="reactive",
        supervisor=om.supervisor,
        reason="Eligible for years.",
        today=TODAY,
    )
    return reloaded(offender)


def returned_to_active(offender) -> ManagementModeChange:
    offender = reloaded(offender)
    assert (offender.management_mode, offender.reactive_since, offender.returned_to_active_on) == (
        ManagementMode.ACTIVE,
        None,
        TODAY,
    )
    return ManagementModeChange.objects.filter(offender=offender).latest("pk")


def test_an_shpo_made_later_ends_reactive_management(reactive, om):
    record(reactive, om, "civil_order_made", D(2026, 12, 1), order_kind="shpo")
    change = returned_to_active(reactive)
    assert change.changed_by is None and "civil order" in change.reason


def test_an_outcome_ends_reactive_management(reactive, om):
    services.outcome_record(
        offender=reactive,
        recorded_by=om,
        kind="concern",
        occurred_on=D(2026, 12, 1),
        offence_type="",
        notes="",
        today=TODAY,
    )
    assert "offence- and concern-free" in returned_to_active(reactive).reason


def test_an_arms_above_low_ends_reactive_management(reactive, om, django_capture_on_commit_callbacks):
    factories.ArmsAssessmentFactory(
        offender=reactive, assessed_on=D(2026, 12, 1), risk_level=RiskLevel.VERY_HIGH
    )
    with django_capture_on_commit_callbacks(execute=True):
        arms_facts_push(offender_id=reactive.pk, today=TODAY, acting_user=om)
    returned_to_active(reactive)
    visit = OutstandingItem.objects.get(offender=reactive, kind=DueKind.VISIT)
    assert (visit.due_on, visit.basis_on) == (D(2027, 1, 6), TODAY)  # one month for very high


def test_a_low_arms_growing_old_ends_reactive_management_in_the_nightly_run(reactive):
    transitions_apply(today=TODAY)  # nothing yet
    assert reloaded(reactive).management_mode == ManagementMode.REACTIVE
    later = D(2027, 6, 2)  # the last ARMS (1 June 2026) is more than 12 months old
    run = transitions_apply(today=later)
    assert run.returned_to_active == 1
    assert reloaded(reactive).management_mode == ManagementMode.ACTIVE


def test_a_suspected_breach_of_a_condition_is_an_outcome_and_ends_reactive_management(reactive, om):
    order = factories.OrderFactory(offender=reactive, starts_on=D(2026, 1, 1), ends_on=D(2026, 3, 1))
    condition = order.conditions.create(kind="prohibition", text="Not to delete internet history")
    with pytest.raises(ValidationError, match="not in force"):
        orders.condition_check_record(
            condition=condition,
            checked_on=D(2026, 12, 1),
            result="complied",
            notes="",
            acting_user=om,
            today=TODAY,
        )
    order.ends_on = None
    order.save()
    with pytest.raises(ValidationError) as refusal:
        orders.condition_check_record(
            condition=condition,
            checked_on=D(2026, 12, 1),
            result="suspected_breach",
            notes=" ",
            acting_user=om,
            today=TODAY,
        )
    assert "notes" in refusal.value.message_dict
    check = orders.condition_check_record(
        condition=condition,
        checked_on=D(2026, 12, 1),
        result="suspected_breach",
        notes="History cleared on the laptop since the last visit.",
        acting_user=om,
        today=TODAY,
    )
    assert check.outcome.kind == "shpo_breach"
    assert Outcome.objects.filter(offender=reactive, kind="shpo_breach").count() == 1
    returned_to_active(reactive)


# Transitions by date: nightly, idempotent, reported.


@pytest.fixture
def on_licence(om):
    offender = factories.OffenderFactory(
        team=om.team,
        offender_manager=om,
        managed_since=D(2025, 1, 6),
        released_on=D(2025, 1, 6),
        licence_ends_on=D(2026, 12, 1),
    )
    offender_reassess(offender=offender, today=D(2026, 11, 30))
    return reloaded(offender)


def test_the_nightly_run_records_a_licence_end_once_and_starts_the_15_days(on_licence):
    assert on_licence.lead_agency == LeadAgency.PROBATION
    first = transitions_apply(today=TODAY)
    second = transitions_apply(today=TODAY)
    assert (first.events, second.events) == (1, 0)
    offender = reloaded(on_licence)
    assert (offender.lead_agency, offender.police_lead_since, offender.post_licence_rule_applies) == (
        LeadAgency.POLICE,
        D(2026, 12, 2),
        True,
    )
    ended = offender.life_events.get(kind="licence_ended")
    assert (ended.occurred_on, ended.recorded_by) == (D(2026, 12, 2), None)
    assert LifeEvent.objects.filter(offender=offender, kind="licence_ended").count() == 1


def test_a_dry_run_reports_and_keeps_nothing(on_licence):
    run = transitions_apply(today=TODAY, dry_run=True)
    assert run.events == 1
    assert not LifeEvent.objects.filter(kind="licence_ended").exists()
    assert reloaded(on_licence).lead_agency == LeadAgency.PROBATION


def test_the_command_prints_what_it_did_and_recomputes(on_licence, capsys):
    call_command("apply_transitions", "--today", "2026-12-06")
    out = capsys.readouterr().out
    assert on_licence.reference in out and "licence ended on 2 Dec 2026" in out
    assert "Applied 1 transition(s)" in out
    assert OutstandingItem.objects.filter(
        offender=on_licence, kind=DueKind.POST_LICENCE_ARMS_RMP
    ).get().due_on == D(2026, 12, 17)
    call_command("apply_transitions", "--today", "2026-12-06")
    assert "Applied 0 transition(s)" in capsys.readouterr().out


def test_the_first_run_under_new_rules_reassesses_everyone_then_only_candidates(offender):
    RulesApplied.objects.all().delete()
    # A stale derived field: the first run puts it right, as the data migration needs.
    Offender.objects.filter(pk=offender.pk).update(notification_ends_on=D(2031, 1, 1))
    run = transitions_apply(today=TODAY)
    assert run.offenders >= 1 and reloaded(offender).notification_ends_on == D(2030, 3, 1)
    assert RulesApplied.objects.filter(version=RULES_VERSION).exists()
    Offender.objects.filter(pk=offender.pk).update(notification_ends_on=D(2031, 1, 1))
    assert transitions_apply(today=TODAY).offenders == 0


# The OM and supervisor are told.


def test_the_systems_changes_reach_the_supervisor_and_the_om(client, on_licence, om):
    transitions_apply(today=TODAY)
    client.force_login(om.supervisor)
    page = client.get("/").content.decode()
    assert "1</strong> change the system made to your officers' cases" in page and "Licence ended" in page
    client.force_login(om)
    page = client.get("/").content.decode()
    assert "Changes to your cases" in page and "Licence ended" in page
    assert supervisor_digests_send(today=TODAY + datetime.timedelta(days=1)) == 1
    assert "Licence ended" in mail.outbox[0].body
