"""The 403, 404, 500 and CSRF-failure pages are GOV.UK pages that say what to do next (issue 15,
item 18); the API keeps its JSON errors."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from tests import factories
from workforce.models import Role

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_a_govuk_page_that_says_what_to_do_next(client):
    client.force_login(factories.StaffFactory())
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "<title>Page not found – MOSOVO caseload</title>" in page
    assert 'class="govuk-heading-l">Page not found</h1>' in page
    assert "check it is correct" in page and f'href="{reverse("home")}"' in page
    assert "govuk-template__body" in page  # the project's base template


def test_a_refusal_is_a_govuk_page_that_says_why_and_what_to_do(client):
    client.force_login(factories.StaffFactory(role=Role.OFFENDER_MANAGER))
    response = client.get(reverse("dashboard"))
    page = response.content.decode()
    assert response.status_code == 403
    assert '<h1 class="govuk-heading-l">You cannot do this</h1>' in page
    assert "Dashboards are for supervisors and senior leaders." in page  # the permission table's refusal
    assert "ask your supervisor" in page and "govuk-template__body" in page


def test_a_server_error_is_a_govuk_page_that_says_what_to_do_next():
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page and "Try again later." in page
    assert "govuk-template__body" in page


def test_a_csrf_failure_is_a_govuk_page_that_says_what_to_do_next():
    client = Client(enforce_csrf_checks=True)
    client.force_login(factories.StaffFactory())
    response = client.post(reverse("logout"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "Sorry, your form could not be sent" in page and "send the form again" in page
    assert "Nothing from this form has been saved." in page and "govuk-template__body" in page
    assert "CSRF verification failed" not in page


def test_the_api_keeps_its_json_errors(client):
    client.force_login(factories.StaffFactory(role=Role.OFFENDER_MANAGER))
    for address, status in (("/api/v1/no-such-resource/", 404), (reverse("api-dashboard"), 403)):
        response = client.get(address)
        assert response.status_code == status
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["status"] == status
