import pytest
from django.contrib import admin
from django.urls import reverse

from tests import factories
from workforce.models import Role

pytestmark = pytest.mark.django_db

DOMAIN_APPS = {"workforce", "offenders", "visits", "risk"}
# The admin role manages users, teams and policy; of the offender family only the restricted
# nominals' named lists and the s62 log (read only) are in the admin (issue 6).
IN_ADMIN_FROM_OFFENDER_DATA = {"offenders.RestrictedViewer", "offenders.AuditEvent"}
ADMIN_CANNOT_ADD = {"offenders.AuditEvent"}


def test_login_page_renders_a_form(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'name="username"' in response.content and b'name="password"' in response.content


def test_home_needs_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_signed_in_staff_see_their_role(client):
    om = factories.StaffFactory(first_name="Quentin", last_name="Testperson")
    client.force_login(om)
    response = client.get(reverse("home"))
    assert b"Quentin Testperson" in response.content and b"Offender manager" in response.content


def test_healthz_reports_the_database(client):
    assert client.get(reverse("healthz")).json() == {"status": "ok"}


def test_the_admin_holds_the_workforce_and_no_case_records():
    from django.apps import apps

    registered = {model._meta.label for model in admin.site._registry}
    workforce = {model._meta.label for model in apps.get_app_config("workforce").get_models()}
    assert workforce <= registered
    offender_data = {
        model._meta.label
        for label in ("offenders", "visits", "risk")
        for model in apps.get_app_config(label).get_models()
    }
    assert registered & offender_data == IN_ADMIN_FROM_OFFENDER_DATA


@pytest.mark.parametrize(
    "model",
    [m for m in admin.site._registry if m._meta.app_label in DOMAIN_APPS],
    ids=lambda m: m._meta.label,
)
def test_admin_lists_and_add_forms_open(client, model):
    superuser = factories.StaffFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    offender = factories.OffenderFactory()
    factories.SupervisorReviewFactory(visit=factories.VisitFactory(offender=offender))
    client.force_login(superuser)
    opts = model._meta
    changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    add = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    expected_add = 403 if opts.label in ADMIN_CANNOT_ADD else 200
    assert (changelist.status_code, add.status_code) == (200, expected_add)
