"""One save service for a visit (`visit_save` with a `VisitContent`), and one value whether
the visit form or the API's visit input built it."""

import datetime

import pytest

from kit.errors import ConcurrentChange
from rules.choices import WorkflowStatus
from tests import factories
from tests.dates import date_fields
from visits import services
from visits.api import NewVisit, VisitChange
from visits.content import VisitContent
from visits.forms import VisitForm
from visits.models import InspectionFinding

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 11, 23)


@pytest.fixture
def offender():
    return factories.OffenderFactory()


def test_save_creates_a_draft_then_changes_it_and_refuses_a_stale_version(offender):
    om = offender.offender_manager
    partner = factories.StaffFactory(team=offender.team)
    device = factories.RegisteredDeviceFactory(offender=offender)
    content = VisitContent(
        visited_on=D(2026, 11, 20),
        outcome="seen",
        planned_on=D(2026, 11, 19),
        co_attending_officer=partner,
        intelligence_submitted=True,
        intelligence_reference="  INT/42  ",
        device_findings={device.pk: InspectionFinding.NO_CONCERNS},
        unregistered_devices=["Black tablet in the bedroom", " "],
    )
    visit = services.visit_save(offender=offender, content=content, acting_user=om, today=TODAY)
    visit.refresh_from_db()
    assert (visit.offender, visit.author, visit.status, visit.row_version) == (
        offender,
        om,
        WorkflowStatus.DRAFT,
        1,
    )
    assert (visit.planned_on, visit.intelligence_reference) == (D(2026, 11, 19), "INT/42")
    assert {(i.device_id, i.unregistered_description, i.finding) for i in visit.device_inspections.all()} == {
        (device.pk, "", InspectionFinding.NO_CONCERNS),
        (None, "Black tablet in the bedroom", InspectionFinding.CONCERNS),
    }

    changed = VisitContent(visited_on=D(2026, 11, 21), outcome="seen", co_attending_officer=partner)
    services.visit_save(visit=visit, content=changed, acting_user=om, today=TODAY, expected_version=1)
    visit.refresh_from_db()
    assert (visit.visited_on, visit.row_version, visit.updated_by) == (D(2026, 11, 21), 2, om)
    assert visit.planned_on == D(2026, 11, 19)  # set when first recorded; a change keeps it
    assert not visit.device_inspections.exists()

    with pytest.raises(ConcurrentChange):
        services.visit_save(visit=visit, content=content, acting_user=om, today=TODAY, expected_version=1)
    visit.refresh_from_db()
    assert (visit.visited_on, visit.row_version) == (D(2026, 11, 21), 2)


def test_save_takes_an_offender_or_a_visit_not_both(offender):
    content = VisitContent(visited_on=D(2026, 11, 20), outcome="seen", crew_size=1)
    visit = factories.VisitFactory(offender=offender, status=WorkflowStatus.DRAFT, submitted_on=None)
    for where in ({}, {"offender": offender, "visit": visit}):
        with pytest.raises(TypeError):
            services.visit_save(**where, content=content, acting_user=offender.offender_manager, today=TODAY)


def test_the_form_and_the_api_build_the_same_visit(offender):
    om = offender.offender_manager
    partner = factories.StaffFactory(team=offender.team, last_name="Partnerperson")
    device = factories.RegisteredDeviceFactory(offender=offender)
    form = VisitForm(
        {
            **date_fields("visited_on", D(2026, 11, 20)),
            "visited_at": "14:30",
            "crew": "2",
            "co_attending_officer": str(partner.pk),
            "announced": "no",
            "outcome": "seen",
            "observations": "Address clean.",
            "concerns": "New associate.",
            "intelligence_submitted": "on",
            "intelligence_reference": "INT/42",
            "next_visit_actions": "Check the tablet.",
            f"device_{device.pk}": InspectionFinding.CONCERNS,
            "unregistered_devices": "Black tablet\nOld laptop",
            "row_version": "3",
        },
        offender=offender,
        author=om,
    )
    assert form.is_valid(), form.errors
    body = {
        "visited_on": "2026-11-20",
        "visited_at": "14:30",
        "crew_size": 2,
        "co_attending_officer": partner.pk,
        "announced": False,
        "outcome": "seen",
        "observations": "Address clean.",
        "concerns": "New associate.",
        "intelligence_submitted": True,
        "intelligence_reference": "INT/42",
        "next_visit_actions": "Check the tablet.",
        "device_findings": [{"device": device.pk, "finding": InspectionFinding.CONCERNS}],
        "unregistered_devices": ["Black tablet", "Old laptop"],
    }
    change = VisitChange(data={**body, "row_version": 3}, context={"offender": offender, "author": om})
    new = NewVisit(data={**body, "offender": offender.pk}, context={"offender": offender, "author": om})
    assert change.is_valid(), change.errors
    assert new.is_valid(), new.errors
    assert form.content() == VisitChange.content(change.validated_data)
    assert form.content() == NewVisit.content(new.validated_data)
    assert form.content().device_findings == {device.pk: InspectionFinding.CONCERNS}
