"""Probation's assessment, order conditions and the checks of them, through their pages; and
what the offender's record shows of them."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from offenders.models import ConditionCheck, ConditionKind, OrderCondition, Outcome, RiskSource
from tests import factories
from tests.dates import date_fields, days_ago, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(caseload_offender):
    return factories.OrderFactory(offender=caseload_offender, starts_on=days_ago(400), ends_on=None)


@pytest.fixture
def condition(order):
    return OrderCondition.objects.create(
        order=order, kind=ConditionKind.PROHIBITION, text="Not to delete history"
    )


def flash(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def is_checked(html, name, value):
    inputs = re.findall(rf'<input[^>]*name="{name}"[^>]*>', html)
    return any(f'value="{value}"' in tag and " checked" in tag for tag in inputs)


def has_value(html, name, value):
    return re.search(rf'name="{name}"[^>]*value="{re.escape(value)}"', html) is not None


def probation_url(offender):
    return reverse("probation-assessment-new", kwargs={"offender_pk": offender.pk})


def condition_url(order):
    return reverse("order-condition-new", kwargs={"order_pk": order.pk})


def check_url(condition):
    return reverse("condition-check-new", kwargs={"condition_pk": condition.pk})


def record_html(client, offender):
    return client.get(reverse("offender-record", kwargs={"pk": offender.pk})).content.decode()


# Probation's assessment


def test_it_shows_the_probation_assessment_form(client, caseload_offender):
    response = client.get(probation_url(caseload_offender))
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Record probation\'s assessment</h1>' in response.content.decode()


def test_probations_assessment_is_the_risk_level_until_a_police_arms(client, signed_in_om):
    offender = factories.OffenderFactory(
        team=signed_in_om.team, offender_manager=signed_in_om, risk_level=None
    )
    response = client.post(
        probation_url(offender),
        {"risk_level": "high", **date_fields("assessed_on", days_ago(4)), "source": "OASys RoSH"},
    )
    assert response.status_code == 302
    offender.refresh_from_db()
    assert (offender.risk_level, offender.risk_level_source) == ("high", RiskSource.PROBATION)
    assert flash(response) == [
        "Probation's assessment recorded (high): it is their risk level until a police ARMS exists"
    ]
    assert "High (probation's assessment)" in record_html(client, offender)


def test_a_police_arms_stays_the_risk_level(client, caseload_offender):
    response = client.post(
        probation_url(caseload_offender),
        {"risk_level": "low", **date_fields("assessed_on", days_ago(4)), "source": "OASys RoSH"},
    )
    assert response.status_code == 302
    caseload_offender.refresh_from_db()
    assert (caseload_offender.risk_level, caseload_offender.risk_level_source) == ("medium", RiskSource.ARMS)


def test_a_future_assessment_is_refused_and_kept_as_typed(client, caseload_offender):
    tomorrow = today() + datetime.timedelta(days=1)
    response = client.post(
        probation_url(caseload_offender),
        {"risk_level": "very_high", **date_fields("assessed_on", tomorrow), "source": "RoSH"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "assessed_on": ["The assessment date must be today or in the past."]
    }
    html = response.content.decode()
    assert is_checked(html, "risk_level", "very_high")
    assert has_value(html, "assessed_on_year", str(tomorrow.year))
    assert has_value(html, "source", "RoSH")


def test_an_empty_assessment_asks_for_everything(client, caseload_offender):
    response = client.post(probation_url(caseload_offender), {})
    assert response.context["form"].errors == {
        "risk_level": ["Select the risk level probation assessed"],
        "assessed_on": ["Enter the date of the assessment"],
        "source": ["Say what the assessment is, for example OASys RoSH"],
    }


# Order conditions


def test_it_shows_the_condition_form_with_the_force_default(client, order):
    response = client.get(condition_url(order))
    assert response.status_code == 200
    html = response.content.decode()
    assert "The force&#x27;s default: every 3 months" in html
    assert 'data-aria-controls="conditional-id_check_how_1"' in html


@pytest.mark.parametrize(
    "how, typed, expected",
    [
        (
            "default",
            {"check_every": "4", "check_every_unit": "weeks"},
            (None, "", False, "by the force default"),
        ),
        (
            "interval",
            {"check_every": "12", "check_every_unit": "months"},
            (12, "months", False, "every 12 months"),
        ),
        ("visits", {}, (None, "", True, "at every visit")),
    ],
)
def test_a_condition_is_added_with_how_often_it_is_checked(client, order, how, typed, expected):
    response = client.post(
        condition_url(order),
        {
            "kind": "requirement",
            "text": "Annual polygraph examination",
            "is_digital": "",
            "check_how": how,
            **typed,
        },
    )
    assert response.status_code == 302
    condition = order.conditions.get()
    assert (condition.check_every, condition.check_every_unit, condition.checked_at_every_visit) == expected[
        :3
    ]
    assert condition.kind == ConditionKind.REQUIREMENT
    assert flash(response) == [f"Condition added to the Sexual Harm Prevention Order: checked {expected[3]}"]


def test_an_interval_needs_its_number_and_unit(client, order):
    response = client.post(
        condition_url(order),
        {"kind": "prohibition", "text": "No contact with children", "check_how": "interval"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "check_every": ["Enter how many weeks or months between checks"],
        "check_every_unit": ["Select weeks or months"],
    }
    html = response.content.decode()
    assert is_checked(html, "check_how", "interval")
    assert "No contact with children</textarea>" in html
    assert not order.conditions.exists()


def test_the_record_shows_each_condition_with_its_frequency_and_last_check(
    client, signed_in_om, caseload_offender, order, condition
):
    OrderCondition.objects.create(
        order=order,
        kind=ConditionKind.REQUIREMENT,
        text="Polygraph",
        check_every=12,
        check_every_unit="months",
    )
    ConditionCheck.objects.create(
        condition=condition, checked_on=days_ago(40), result="complied", checked_by=signed_in_om
    )
    ConditionCheck.objects.create(
        condition=condition, checked_on=days_ago(9), result="complied", checked_by=signed_in_om
    )
    html = record_html(client, caseload_offender)
    nine_days_ago = days_ago(9)
    assert "Checked by the force default, every 3 months." in html
    assert f"Last checked {nine_days_ago.day} {nine_days_ago:%B %Y}: complied with." in html
    assert "Checked every 12 months. Not checked yet." in html
    assert check_url(condition) in html
    assert condition_url(order) in html


def test_a_reader_sees_no_links_to_change_the_orders(client, caseload_offender, order, condition):
    client.force_login(factories.StaffFactory(team=caseload_offender.team))
    html = record_html(client, caseload_offender)
    assert check_url(condition) not in html
    assert condition_url(order) not in html


# Condition checks


def test_it_shows_the_check_form(client, condition):
    response = client.get(check_url(condition))
    assert response.status_code == 200
    assert "Not to delete history" in response.content.decode()


def test_a_check_that_it_was_complied_with_is_recorded(client, signed_in_om, condition):
    response = client.post(
        check_url(condition), {**date_fields("checked_on", days_ago(1)), "result": "complied"}
    )
    assert response.status_code == 302
    check = condition.checks.get()
    assert (check.checked_on, check.result, check.checked_by, check.outcome) == (
        days_ago(1),
        "complied",
        signed_in_om,
        None,
    )
    assert flash(response) == ["Check recorded: complied with"]


def test_a_suspected_breach_needs_notes_and_becomes_an_outcome(client, caseload_offender, condition):
    data = {**date_fields("checked_on", days_ago(1)), "result": "suspected_breach"}
    response = client.post(check_url(condition), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {"notes": ["Say what was found that suggests a breach."]}
    assert is_checked(response.content.decode(), "result", "suspected_breach")
    assert not ConditionCheck.objects.exists()

    response = client.post(check_url(condition), {**data, "notes": "Browser history cleared on the phone"})
    assert response.status_code == 302
    assert Outcome.objects.filter(offender=caseload_offender, kind="shpo_breach").exists()
    assert flash(response) == ["Check recorded: suspected breach and recorded as an outcome"]


def test_a_check_before_the_order_is_refused_on_the_date(client, condition):
    response = client.post(
        check_url(condition), {**date_fields("checked_on", days_ago(500)), "result": "complied"}
    )
    assert "was not in force on" in response.context["form"].errors["checked_on"][0]


# Who may use these pages


@pytest.mark.parametrize("page", ["probation", "condition", "check"])
def test_a_teammate_may_not_and_another_team_cannot_see(client, caseload_offender, condition, page):
    url = {
        "probation": probation_url(caseload_offender),
        "condition": condition_url(condition.order),
        "check": check_url(condition),
    }[page]
    for user, status in (
        (factories.StaffFactory(team=caseload_offender.team), 403),
        (factories.StaffFactory(), 404),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status
        assert client.post(url, {}).status_code == status


def test_the_supervisor_may_add_a_condition(client, caseload_offender, order):
    supervisor = factories.SupervisorFactory(team=caseload_offender.team)
    caseload_offender.offender_manager.supervisor = supervisor
    caseload_offender.offender_manager.save(update_fields=["supervisor"])
    client.force_login(supervisor)
    response = client.post(
        condition_url(order),
        {"kind": "prohibition", "text": "No unsupervised contact", "check_how": "visits"},
    )
    assert response.status_code == 302
