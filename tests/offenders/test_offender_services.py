import datetime

import pytest
from django.core.exceptions import ValidationError

from offenders import services
from rules.choices import Disposal, LeadAgency, OffenderStatus, OffenderType
from tests import factories
from workforce.models import Role

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 11, 23)


def register(**overrides):
    team = overrides.pop("team", None) or factories.TeamFactory()
    om = overrides.pop("offender_manager", None) or factories.StaffFactory(team=team)
    fields = {
        "team": team,
        "offender_manager": om,
        "reference": "VSR-TS-000001",
        "first_name": "Quillon",
        "last_name": "Testperson",
        "date_of_birth": D(1980, 5, 5),
        "offender_type": OffenderType.RSO,
        "mappa_category": 1,
        "mappa_level": 1,
        "disposal": Disposal.CUSTODY,
        "sentence_months": 18,
        "relevant_date": D(2020, 1, 15),
        "managed_since": D(2021, 7, 1),
        "today": TODAY,
    }
    fields.update(overrides)
    fields.setdefault("acting_user", om.supervisor or factories.SupervisorFactory(team=team))
    return services.offender_register(**fields)


def test_registration_stores_the_figure_1_period_and_first_assignment():
    offender = register()
    assert (offender.notification_indefinite, offender.notification_period_months) == (False, 120)
    # The period begins with the relevant date, so its last day is the day before ten years on.
    assert offender.notification_ends_on == D(2030, 1, 14)
    assignment = offender.assignments.get()
    assert assignment.offender_manager == offender.offender_manager
    # Registered by a supervisor (the only role the permission table lets register).
    assert assignment.assigned_by.role == Role.SUPERVISOR
    (registration,) = offender.life_events.all()
    assert (registration.kind, registration.occurred_on, registration.recorded_by) == (
        "registered",
        D(2021, 7, 1),
        assignment.assigned_by,
    )


def test_registration_of_an_under_18_halves_the_period():
    offender = register(date_of_birth=D(2003, 1, 16))
    assert offender.notification_period_months == 60


def test_indefinite_registration_records_the_earliest_review():
    offender = register(sentence_months=30, released_on=D(2023, 2, 1), managed_since=D(2023, 2, 1))
    assert offender.notification_indefinite is True
    assert offender.notification_ends_on is None
    assert offender.indefinite_review_earliest_on == D(2038, 2, 1)


def test_an_indefinite_review_is_not_yet_known_while_in_custody():
    offender = register(sentence_months=30, status=OffenderStatus.CUSTODY)
    assert offender.notification_indefinite is True
    assert offender.indefinite_review_earliest_on is None


def test_registration_refuses_a_custody_without_length():
    with pytest.raises(ValidationError):
        register(sentence_months=None)


def test_registration_refuses_a_duplicate_reference():
    offender = register()
    with pytest.raises(ValidationError, match="already registered"):
        register(team=offender.team)


def test_registration_on_licence_gives_probation_the_lead():
    offender = register(licence_ends_on=D(2027, 3, 1))
    assert offender.lead_agency == LeadAgency.PROBATION


def test_a_licence_that_ends_after_registration_passes_the_lead_to_police_the_next_day():
    offender = register(licence_ends_on=D(2026, 11, 10))
    assert offender.lead_agency == LeadAgency.POLICE
    assert offender.police_lead_since == D(2026, 11, 11)
    ended = offender.life_events.get(kind="licence_ended")
    assert (ended.occurred_on, ended.recorded_by) == (D(2026, 11, 11), None)  # by the system


def test_custody_keeps_probation_as_lead():
    offender = register(status=OffenderStatus.CUSTODY)
    assert offender.lead_agency == LeadAgency.PROBATION


def test_reassignment_closes_the_old_assignment_and_keeps_history():
    offender = register()
    first_om = offender.offender_manager
    new_om = factories.StaffFactory(team=offender.team)
    services.offender_assign(
        offender=offender,
        offender_manager=new_om,
        starts_on=D(2026, 1, 5),
        reason="Rebalance",
        acting_user=new_om,
    )
    offender.refresh_from_db()
    assert offender.offender_manager == new_om
    history = list(offender.assignments.order_by("starts_on").values_list("offender_manager", "ends_on"))
    assert history == [(first_om.pk, D(2026, 1, 5)), (new_om.pk, None)]


def test_only_an_offender_manager_can_hold_a_caseload():
    offender = register()
    supervisor = factories.SupervisorFactory(team=offender.team)
    with pytest.raises(ValidationError, match="not an offender manager"):
        services.offender_assign(
            offender=offender,
            offender_manager=supervisor,
            starts_on=TODAY,
            reason="x",
            acting_user=supervisor,
        )
