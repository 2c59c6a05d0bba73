import datetime

import pytest
from django.core.exceptions import ValidationError

from offenders import services
from offenders.models import (
    IntelligenceCheck,
    IntelligenceResult,
    IntelligenceSystem,
    OffenceType,
    OffenderChange,
    Outcome,
    OutcomeKind,
)
from tests import factories

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 11, 23)
ALL_CLEAR = dict.fromkeys(IntelligenceSystem.values, IntelligenceResult.NO_TRACE)


@pytest.fixture
def offender():
    return factories.OffenderFactory(managed_since=D(2021, 7, 1))


def record_check(offender, **overrides):
    fields = {
        "offender": offender,
        "checked_by": offender.offender_manager,
        "system": IntelligenceSystem.PND,
        "checked_on": D(2026, 11, 20),
        "result": IntelligenceResult.NO_TRACE,
        "notes": "  Nothing new on PND.  ",
        "today": TODAY,
    }
    fields.update(overrides)
    return services.intelligence_check_record(**fields)


def record_reactive(offender, **overrides):
    fields = {
        "offender": offender,
        "checked_by": offender.offender_manager,
        "checked_on": D(2026, 11, 20),
        "results": ALL_CLEAR,
        "notes": "Annual checks.",
        "today": TODAY,
    }
    fields.update(overrides)
    return services.reactive_checks_record(**fields)


def record_outcome(offender, **overrides):
    fields = {
        "offender": offender,
        "recorded_by": offender.offender_manager,
        "kind": OutcomeKind.ARREST,
        "occurred_on": D(2026, 11, 1),
        "offence_type": "",
        "notes": "",
        "today": TODAY,
    }
    fields.update(overrides)
    return services.outcome_record(**fields)


def messages(excinfo):
    return excinfo.value.message_dict


# Intelligence checks


def test_a_check_is_recorded_and_marks_the_offender_for_recompute(offender):
    check = record_check(offender)
    check.refresh_from_db()
    assert (check.system, check.checked_on, check.result) == ("pnd", D(2026, 11, 20), "no_trace")
    assert check.notes == "Nothing new on PND."
    assert check.checked_by == offender.offender_manager
    assert OffenderChange.objects.filter(offender=offender).exists()


def test_a_check_may_be_dated_today_or_the_day_management_began(offender):
    record_check(offender, checked_on=TODAY)
    record_check(offender, checked_on=offender.managed_since)
    assert IntelligenceCheck.objects.filter(offender=offender).count() == 2


def test_a_check_cannot_be_in_the_future(offender):
    with pytest.raises(ValidationError) as excinfo:
        record_check(offender, checked_on=TODAY + datetime.timedelta(days=1))
    assert messages(excinfo) == {"checked_on": ["The date of the check must be today or in the past."]}
    assert not IntelligenceCheck.objects.exists()


def test_a_check_cannot_predate_management(offender):
    with pytest.raises(ValidationError) as excinfo:
        record_check(offender, checked_on=D(2021, 6, 30))
    assert messages(excinfo) == {
        "checked_on": ["The date of the check must be on or after 1 July 2021, when management began."]
    }


def test_a_check_needs_a_known_system_and_result(offender):
    with pytest.raises(ValidationError) as excinfo:
        record_check(offender, system="facebook", result="")
    assert messages(excinfo) == {
        "system": ["Select the system you checked."],
        "result": ["Select the result of the check."],
    }
    assert not OffenderChange.objects.exists()


# Annual reactive checks


def test_reactive_checks_write_one_row_per_system_on_one_date(offender):
    results = dict(ALL_CLEAR, visor=IntelligenceResult.NEW_INTELLIGENCE)
    record_reactive(offender, results=results)
    rows = set(
        IntelligenceCheck.objects.filter(offender=offender).values_list("system", "checked_on", "result")
    )
    assert rows == {
        ("pnd", D(2026, 11, 20), "no_trace"),
        ("pnc", D(2026, 11, 20), "no_trace"),
        ("visor", D(2026, 11, 20), "new"),
        ("local", D(2026, 11, 20), "no_trace"),
    }
    assert OffenderChange.objects.filter(offender=offender).exists()


def test_reactive_checks_need_every_result_and_write_nothing_otherwise(offender):
    results = {"pnd": IntelligenceResult.NO_TRACE, "pnc": "maybe"}
    with pytest.raises(ValidationError) as excinfo:
        record_reactive(offender, results=results)
    assert messages(excinfo) == {
        "pnc_result": ["Select the result of the PNC check."],
        "visor_result": ["Select the result of the ViSOR check."],
        "local_result": ["Select the result of the local systems check."],
    }
    assert not IntelligenceCheck.objects.exists()


def test_reactive_checks_follow_the_date_rules(offender):
    with pytest.raises(ValidationError) as excinfo:
        record_reactive(offender, checked_on=D(2027, 1, 1))
    assert messages(excinfo) == {"checked_on": ["The date of the checks must be today or in the past."]}
    assert not IntelligenceCheck.objects.exists()


def test_reactive_checks_refuse_an_unknown_system(offender):
    with pytest.raises(ValidationError, match="Unknown intelligence systems: facebook"):
        record_reactive(offender, results=dict(ALL_CLEAR, facebook=IntelligenceResult.NO_TRACE))


# Outcomes


def test_an_outcome_is_recorded(offender):
    outcome = record_outcome(
        offender, kind=OutcomeKind.CHARGE, offence_type=OffenceType.IIOC, notes=" Charged today. "
    )
    outcome.refresh_from_db()
    assert (outcome.kind, outcome.offence_type, outcome.occurred_on) == ("charge", "iioc", D(2026, 11, 1))
    assert outcome.notes == "Charged today."
    assert outcome.recorded_by == offender.offender_manager


def test_outcomes_do_not_ask_for_a_recompute(offender):
    record_outcome(offender)
    assert not OffenderChange.objects.exists()


def test_a_new_offence_needs_its_offence_type(offender):
    with pytest.raises(ValidationError) as excinfo:
        record_outcome(offender, kind=OutcomeKind.NEW_OFFENCE, offence_type="")
    assert messages(excinfo) == {"offence_type": ["Select the type of offence for a new offence."]}
    assert not Outcome.objects.exists()


def test_a_new_offence_with_its_type_is_recorded(offender):
    outcome = record_outcome(
        offender, kind=OutcomeKind.NEW_OFFENCE, offence_type=OffenceType.SEXUAL_COMMUNICATION
    )
    assert outcome.offence_type == "sexual_communication"


def test_an_outcome_needs_known_choices(offender):
    with pytest.raises(ValidationError) as excinfo:
        record_outcome(offender, kind="parking", offence_type="speeding")
    assert messages(excinfo) == {
        "kind": ["Select what happened."],
        "offence_type": ["Select a type of offence from the list."],
    }


def test_an_outcome_follows_the_date_rules_and_reports_every_error(offender):
    with pytest.raises(ValidationError) as excinfo:
        record_outcome(offender, kind=OutcomeKind.NEW_OFFENCE, occurred_on=TODAY + datetime.timedelta(days=3))
    assert messages(excinfo) == {
        "occurred_on": ["The date must be today or in the past."],
        "offence_type": ["Select the type of offence for a new offence."],
    }
    with pytest.raises(ValidationError) as excinfo:
        record_outcome(offender, occurred_on=D(2020, 1, 1))
    assert messages(excinfo) == {
        "occurred_on": ["The date must be on or after 1 July 2021, when management began."]
    }


def test_an_shpo_breach_is_refused_without_an_shpo(offender):
    with pytest.raises(ValidationError) as excinfo:
        record_outcome(offender, kind=OutcomeKind.SHPO_BREACH)
    assert messages(excinfo) == {
        "kind": [
            f"{offender.full_name} was not under a Sexual Harm Prevention Order on 1 November 2026. "
            "Add the order to their record first, or choose another outcome."
        ]
    }
    assert not Outcome.objects.exists()


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "accepted"),
    [
        (D(2022, 1, 10), None, True),  # until further order
        (D(2022, 1, 10), D(2026, 11, 1), True),  # its last day
        (D(2022, 1, 10), D(2026, 10, 31), False),  # ended the day before
        (D(2026, 11, 2), None, False),  # made the day after
    ],
)
def test_an_shpo_breach_needs_the_shpo_in_force_that_day(offender, starts_on, ends_on, accepted):
    factories.OrderFactory(offender=offender, kind="shpo", starts_on=starts_on, ends_on=ends_on)
    if accepted:
        assert record_outcome(offender, kind=OutcomeKind.SHPO_BREACH).kind == "shpo_breach"
    else:
        with pytest.raises(ValidationError):
            record_outcome(offender, kind=OutcomeKind.SHPO_BREACH)


def test_an_sro_does_not_make_an_shpo_breach_and_vice_versa(offender):
    factories.OrderFactory(offender=offender, kind="sro", starts_on=D(2022, 1, 10), ends_on=None)
    with pytest.raises(ValidationError):
        record_outcome(offender, kind=OutcomeKind.SHPO_BREACH)
    assert record_outcome(offender, kind=OutcomeKind.SRO_BREACH).kind == "sro_breach"
