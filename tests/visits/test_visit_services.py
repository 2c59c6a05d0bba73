import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests import factories
from visits import services
from visits.content import VisitContent
from visits.models import Visit

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 11, 23)


def record(offender, *, author=None, today=TODAY, **overrides):
    content = VisitContent(**({"visited_on": D(2026, 11, 20), "outcome": "seen"} | overrides))
    return services.visit_save(
        offender=offender, content=content, acting_user=author or offender.offender_manager, today=today
    )


def authorise(offender, **overrides):
    fields = {
        "offender": offender,
        "supervisor": factories.supervisor_of(offender.offender_manager),
        "valid_from": D(2026, 11, 1),
        "valid_to": D(2026, 11, 30),
        "single_crewed": True,
        "announced": False,
        "rationale": (
            "Colleague on leave this week; offender compliant and low risk, seen at the front desk of "
            "the station."
        ),
        "today": D(2026, 11, 1),
    }
    return services.visit_authorise(**(fields | overrides))


def test_a_paired_unannounced_visit_is_compliant():
    offender = factories.OffenderFactory()
    visit = record(offender, co_attending_officer=factories.StaffFactory(team=offender.team))
    visit.refresh_from_db()
    assert (visit.is_exception, visit.is_compliant) == (False, True)


def test_a_single_crewed_visit_without_authorisation_is_kept_and_flagged():
    offender = factories.OffenderFactory()
    visit = record(offender, crew_size=1, unauthorised_reason=factories.UNAUTHORISED_REASON)
    assert list(Visit.objects.non_compliant()) == [visit]
    assert visit.unauthorised_reason == factories.UNAUTHORISED_REASON


@pytest.mark.parametrize("overrides", [{"crew_size": 1}, {"announced": True, "co_attending_officer": None}])
def test_an_exception_without_authorisation_is_refused_without_a_written_reason(overrides):
    offender = factories.OffenderFactory()
    with pytest.raises(ValidationError) as refused:
        record(offender, unauthorised_reason="ok", **overrides)
    assert "unauthorised_reason" in refused.value.message_dict
    assert not Visit.objects.exists()


def test_an_authorised_visit_keeps_no_reason_for_going_ahead_unauthorised():
    offender = factories.OffenderFactory()
    visit = record(
        offender,
        crew_size=1,
        authorisation=authorise(offender),
        unauthorised_reason=factories.UNAUTHORISED_REASON,
    )
    assert visit.unauthorised_reason == ""


def test_an_authorised_single_crewed_visit_is_compliant():
    offender = factories.OffenderFactory()
    visit = record(offender, crew_size=1, authorisation=authorise(offender))
    visit.refresh_from_db()
    assert visit.is_compliant
    assert not Visit.objects.non_compliant().exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"announced": True}, "does not cover an announced visit"),
        ({"visited_on": D(2026, 10, 30)}, "not the visit date, 30 October 2026"),
    ],
)
def test_an_authorisation_must_cover_the_visit(overrides, message):
    offender = factories.OffenderFactory()
    with pytest.raises(ValidationError, match=message):
        record(offender, crew_size=1, authorisation=authorise(offender), **overrides)


def test_an_authorisation_for_another_offender_is_refused():
    offender = factories.OffenderFactory()
    other = factories.OffenderFactory(team=offender.team)
    with pytest.raises(ValidationError, match="another offender"):
        record(offender, crew_size=1, authorisation=authorise(other))


def test_an_authorisation_given_after_the_visit_is_refused():
    offender = factories.OffenderFactory()
    authorisation = authorise(
        offender, valid_from=D(2026, 10, 1), valid_to=D(2026, 10, 31), today=D(2026, 10, 6)
    )
    with pytest.raises(ValidationError, match="after the visit"):
        record(
            offender,
            crew_size=1,
            visited_on=D(2026, 10, 5),
            authorisation=authorisation,
            today=D(2026, 10, 6),
        )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"visited_on": D(2026, 11, 24)}, "today or in the past"),
        ({"visited_on": D(2019, 1, 1)}, "when management began"),
        ({"intelligence_submitted": True}, "reference of the intelligence"),
    ],
)
def test_visit_input_is_validated(overrides, message):
    with pytest.raises(ValidationError, match=message):
        record(factories.OffenderFactory(), **overrides)


def test_only_a_supervisor_authorises():
    offender = factories.OffenderFactory()
    with pytest.raises(PermissionDenied, match="Only a supervisor"):
        authorise(offender, supervisor=offender.offender_manager)
