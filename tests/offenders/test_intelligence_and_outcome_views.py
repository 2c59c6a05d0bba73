import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from offenders.models import IntelligenceCheck, Outcome
from outstanding.models import OutstandingItem
from outstanding.services import outstanding_recompute_all
from rules.dates import add_months
from rules.due import DueKind
from tests import factories
from tests.dates import days_ago
from workforce.models import Role

pytestmark = pytest.mark.django_db


def date_parts(name, day):
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


def url(name, offender):
    return reverse(name, kwargs={"offender_pk": offender.pk})


def flash(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def is_checked(html, name, value):
    """The radio `name`=`value` is rendered selected."""
    inputs = re.findall(rf'<input[^>]*name="{name}"[^>]*>', html)
    return any(f'value="{value}"' in tag and " checked" in tag for tag in inputs)


def has_value(html, name, value):
    return re.search(rf'name="{name}"[^>]*value="{re.escape(value)}"', html) is not None


CHECK = "intelligence-check-new"
REACTIVE = "reactive-checks-new"
OUTCOME = "outcome-new"


# One intelligence check


def test_it_shows_the_check_form(client, caseload_offender):
    response = client.get(url(CHECK, caseload_offender))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Record an intelligence check" in html
    assert reverse("offender-record", kwargs={"pk": caseload_offender.pk}) in html
    assert url(REACTIVE, caseload_offender) in html


def test_it_records_a_check_and_returns_to_the_record(client, signed_in_om, caseload_offender):
    checked_on = days_ago(2)
    response = client.post(
        url(CHECK, caseload_offender),
        {
            "system": "pnc",
            **date_parts("checked_on", checked_on),
            "result": "new",
            "notes": "Arrested elsewhere",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("offender-record", kwargs={"pk": caseload_offender.pk})
    check = IntelligenceCheck.objects.get(offender=caseload_offender)
    assert (check.system, check.checked_on, check.result, check.notes) == (
        "pnc",
        checked_on,
        "new",
        "Arrested elsewhere",
    )
    assert check.checked_by == signed_in_om
    assert flash(response) == ["Police National Computer (PNC) check recorded"]


def test_a_pnd_check_moves_the_outstanding_pnd_check_at_once(
    client, caseload_offender, django_capture_on_commit_callbacks
):
    outstanding_recompute_all()
    pnd_item = OutstandingItem.objects.filter(offender=caseload_offender, kind=DueKind.PND_CHECK)
    # Never checked: due 15 days (the force setting) after the start of management.
    assert pnd_item.get().due_on == caseload_offender.managed_since + datetime.timedelta(days=15)

    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(CHECK, caseload_offender),
            {"system": "pnd", **date_parts("checked_on", today), "result": "no_trace"},
        )
    assert response.status_code == 302
    interval = caseload_offender.force.policy.pnd_check_interval_months
    assert pnd_item.get().due_on == add_months(today, interval)


def test_a_rejected_check_keeps_what_was_typed(client, caseload_offender):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        url(CHECK, caseload_offender),
        {"system": "visor", **date_parts("checked_on", tomorrow), "result": "new", "notes": "Typed notes"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert html.count("The date of the check must be today or in the past.") == 2  # summary and field
    assert is_checked(html, "system", "visor")
    assert is_checked(html, "result", "new")
    assert has_value(html, "checked_on_day", str(tomorrow.day))
    assert has_value(html, "checked_on_year", str(tomorrow.year))
    assert "Typed notes</textarea>" in html
    assert not IntelligenceCheck.objects.exists()


def test_a_check_with_an_unreal_date_shows_it_as_typed(client, caseload_offender):
    response = client.post(
        url(CHECK, caseload_offender),
        {"system": "pnd", "checked_on_day": "31", "checked_on_month": "2", "checked_on_year": "2026"},
    )
    html = response.content.decode()
    assert "Date of the check must be a real date" in html
    assert "Select the result of the check" in html
    assert has_value(html, "checked_on_day", "31")
    assert is_checked(html, "system", "pnd")
    assert not IntelligenceCheck.objects.exists()


def test_an_empty_check_asks_for_everything(client, caseload_offender):
    response = client.post(url(CHECK, caseload_offender), {})
    errors = response.context["form"].errors
    assert errors == {
        "system": ["Select the system you checked"],
        "checked_on": ["Enter the date of the check"],
        "result": ["Select the result of the check"],
    }


# Annual reactive checks


def reactive_data(checked_on, **results):
    data = {**date_parts("checked_on", checked_on), "notes": "All four checked"}
    for system in ("pnd", "pnc", "visor", "local"):
        data[f"{system}_result"] = results.get(system, "no_trace")
    return data


def test_it_records_the_four_reactive_checks(client, signed_in_om, caseload_offender):
    checked_on = days_ago(1)
    response = client.post(url(REACTIVE, caseload_offender), reactive_data(checked_on, local="new"))
    assert response.status_code == 302
    assert response.url == reverse("offender-record", kwargs={"pk": caseload_offender.pk})
    rows = IntelligenceCheck.objects.filter(
        offender=caseload_offender, checked_on=checked_on, checked_by=signed_in_om
    )
    assert dict(rows.values_list("system", "result")) == {
        "pnd": "no_trace",
        "pnc": "no_trace",
        "visor": "no_trace",
        "local": "new",
    }
    assert flash(response) == ["Annual checks recorded: PND, PNC, ViSOR and local systems"]


def test_reactive_checks_complete_the_annual_checks_item(
    client, signed_in_om, django_capture_on_commit_callbacks
):
    offender = factories.OffenderFactory(
        team=signed_in_om.team,
        offender_manager=signed_in_om,
        managed_since=days_ago(2000),
        management_mode="reactive",
        reactive_since=days_ago(800),
        risk_level="low",
    )
    outstanding_recompute_all()
    annual = OutstandingItem.objects.filter(offender=offender, kind=DueKind.REACTIVE_CHECKS)
    assert annual.get().due_on < timezone.localdate()
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(REACTIVE, offender), reactive_data(today))
    assert annual.get().due_on == add_months(today, 12)


def test_the_reactive_page_says_when_the_case_is_active(client, caseload_offender):
    html = client.get(url(REACTIVE, caseload_offender)).content.decode()
    assert "is under active management" in html


def test_a_rejected_reactive_form_keeps_every_result(client, caseload_offender):
    data = reactive_data(days_ago(1), pnc="new")
    del data["visor_result"]
    data["checked_on_month"] = "13"
    response = client.post(url(REACTIVE, caseload_offender), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select the result of the ViSOR check" in html
    assert "Date of the checks must be a real date" in html
    assert is_checked(html, "pnc_result", "new")
    assert is_checked(html, "pnd_result", "no_trace")
    assert has_value(html, "checked_on_month", "13")
    assert "All four checked</textarea>" in html
    assert not IntelligenceCheck.objects.exists()


def test_reactive_checks_before_management_began_are_refused(client, caseload_offender):
    response = client.post(url(REACTIVE, caseload_offender), reactive_data(days_ago(2001)))
    assert response.status_code == 200
    assert "when management began" in response.content.decode()
    assert not IntelligenceCheck.objects.exists()


# Outcomes


def test_it_records_an_outcome(client, signed_in_om, caseload_offender):
    occurred_on = days_ago(3)
    response = client.post(
        url(OUTCOME, caseload_offender),
        {
            "kind": "new_offence",
            "offence_type": "iioc",
            **date_parts("occurred_on", occurred_on),
            "notes": "Images found on an unregistered phone",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("offender-record", kwargs={"pk": caseload_offender.pk})
    outcome = Outcome.objects.get(offender=caseload_offender)
    assert (outcome.kind, outcome.offence_type, outcome.occurred_on, outcome.recorded_by) == (
        "new_offence",
        "iioc",
        occurred_on,
        signed_in_om,
    )
    assert flash(response) == ["New offence recorded"]


def test_a_new_offence_without_its_type_is_shown_again_as_typed(client, caseload_offender):
    response = client.post(
        url(OUTCOME, caseload_offender),
        {
            "kind": "new_offence",
            "offence_type": "",
            **date_parts("occurred_on", days_ago(3)),
            "notes": "Kept",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Select the type of offence for a new offence.") == 2
    assert 'href="#id_offence_type"' in html
    assert is_checked(html, "kind", "new_offence")
    assert has_value(html, "occurred_on_day", str(days_ago(3).day))
    assert "Kept</textarea>" in html
    assert not Outcome.objects.exists()


def test_an_arrest_keeps_the_chosen_offence_type_when_rejected(client, caseload_offender):
    response = client.post(
        url(OUTCOME, caseload_offender), {"kind": "arrest", "offence_type": "violent", "occurred_on_day": "4"}
    )
    html = response.content.decode()
    assert "Date it happened must include a month and year" in html
    assert re.search(r'<option value="violent" selected>', html)


def test_an_shpo_breach_without_an_shpo_is_refused(client, caseload_offender):
    response = client.post(
        url(OUTCOME, caseload_offender), {"kind": "shpo_breach", **date_parts("occurred_on", days_ago(3))}
    )
    assert response.status_code == 200
    assert "was not under a Sexual Harm Prevention Order" in response.content.decode()
    assert not Outcome.objects.exists()


def test_an_shpo_breach_during_the_order_is_recorded(client, caseload_offender):
    factories.OrderFactory(offender=caseload_offender, kind="shpo", starts_on=days_ago(500), ends_on=None)
    response = client.post(
        url(OUTCOME, caseload_offender), {"kind": "shpo_breach", **date_parts("occurred_on", days_ago(3))}
    )
    assert response.status_code == 302
    assert Outcome.objects.get().kind == "shpo_breach"


# Who may record


@pytest.mark.parametrize("name", [CHECK, REACTIVE, OUTCOME])
def test_an_offender_out_of_scope_is_not_found(client, name):
    client.force_login(factories.StaffFactory())
    elsewhere = factories.OffenderFactory()  # another team
    assert client.get(url(name, elsewhere)).status_code == 404
    assert client.post(url(name, elsewhere), {"system": "pnd"}).status_code == 404


@pytest.mark.parametrize("name", [CHECK, REACTIVE, OUTCOME])
def test_a_senior_leader_may_see_but_not_record(client, caseload_offender, name):
    leader = factories.StaffFactory(role=Role.SENIOR_LEADER, team=caseload_offender.team)
    client.force_login(leader)
    assert client.get(reverse("offender-record", kwargs={"pk": caseload_offender.pk})).status_code == 200
    assert client.get(url(name, caseload_offender)).status_code == 403
    assert client.post(url(name, caseload_offender), reactive_data(days_ago(1))).status_code == 403
    assert not IntelligenceCheck.objects.exists()


def test_the_supervisor_of_the_om_may_record(client, caseload_offender):
    supervisor = factories.SupervisorFactory(team=factories.TeamFactory(force=caseload_offender.force))
    caseload_offender.offender_manager.supervisor = supervisor
    caseload_offender.offender_manager.save(update_fields=["supervisor"])
    client.force_login(supervisor)
    response = client.post(
        url(CHECK, caseload_offender),
        {"system": "local", **date_parts("checked_on", days_ago(1)), "result": "no_trace"},
    )
    assert response.status_code == 302
    assert IntelligenceCheck.objects.get().checked_by == supervisor


@pytest.mark.parametrize("name", [CHECK, REACTIVE, OUTCOME])
def test_signing_in_is_required(client, name):
    offender = factories.OffenderFactory()
    response = client.get(url(name, offender))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# Issue 15, item 5: new intelligence needs notes, and the notes are on the record.


def test_new_intelligence_without_notes_is_refused_with_what_was_chosen_kept(client, caseload_offender):
    response = client.post(
        url(CHECK, caseload_offender),
        {"system": "pnd", **date_parts("checked_on", days_ago(1)), "result": "new"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["notes"] == [
        "Say what the new intelligence is in the notes: what was found, on which system and where it "
        "was submitted."
    ]
    assert is_checked(response.content.decode(), "result", "new")
    assert not IntelligenceCheck.objects.exists()


def test_reactive_checks_with_new_intelligence_need_notes(client, caseload_offender):
    response = client.post(
        url(REACTIVE, caseload_offender), reactive_data(days_ago(1), pnc="new") | {"notes": " "}
    )
    assert response.status_code == 200
    assert "notes" in response.context["form"].errors
    assert not IntelligenceCheck.objects.exists()


def test_the_notes_of_checks_and_outcomes_are_on_the_record(client, caseload_offender):
    client.post(
        url(CHECK, caseload_offender),
        {
            "system": "pnd",
            **date_parts("checked_on", days_ago(2)),
            "result": "new",
            "notes": "Seen at a park",
        },
    )
    client.post(
        url(OUTCOME, caseload_offender),
        {"kind": "arrest", **date_parts("occurred_on", days_ago(1)), "notes": "Arrested at home by CID"},
    )
    page = client.get(reverse("offender-record", args=[caseload_offender.pk])).content.decode()
    assert "New intelligence found; Seen at a park" in page
    assert "Arrested at home by CID" in page
