"""Two-factor sign-in in the browser: setting up an authenticator app from the QR code page,
the code prompt and the lockout page, with axe on each; and the Content-Security-Policy, which
refuses an inline style (every browser test checks nothing on its pages is refused:
tests/browser/conftest.py)."""

import re

import pytest
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import PASSWORD, csp_refusals, enter_two_factor_code
from tests.browser.test_sign_in import blocking_violations
from tests.two_factor import code_for_key, confirmed_device, wrong_code
from workforce.models import Role

pytestmark = pytest.mark.browser


def enter_password(page, live_server, username, password=PASSWORD, start="/accounts/login/"):
    page.goto(f"{live_server.url}{start}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_a_new_user_sets_up_an_authenticator_from_the_qr_code_and_lands_on_home(page, live_server, officer):
    enter_password(page, live_server, officer.username)

    expect(page).to_have_title("Set up an authenticator app – MOSOVO caseload")
    qr_code = page.get_by_role("img", name="QR code to add MOSOVO caseload to your authenticator app")
    expect(qr_code).to_be_visible()
    assert qr_code.get_attribute("src").startswith("data:image/svg+xml")
    assert qr_code.evaluate("image => image.complete && image.naturalWidth") > 0
    assert blocking_violations(page) == []

    key = page.locator("#authenticator-key").inner_text()
    page.get_by_label("Code", exact=True).fill(code_for_key(key))
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("main")).to_contain_text("Signed in as Quentin Testperson")
    assert TOTPDevice.objects.get(user=officer).confirmed


def test_a_set_up_page_with_a_wrong_code_has_no_serious_accessibility_problems(page, live_server, officer):
    enter_password(page, live_server, officer.username)
    page.get_by_label("Code", exact=True).fill("12345")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Code must be 6 numbers")
    assert blocking_violations(page) == []


def test_an_enrolled_user_gives_their_code_and_goes_where_they_were_going(page, live_server, officer):
    device = confirmed_device(officer)
    enter_password(page, live_server, officer.username, start="/caseload/")

    expect(page).to_have_title("Enter the code from your authenticator app – MOSOVO caseload")
    assert blocking_violations(page) == []
    page.get_by_label("Code", exact=True).fill(wrong_code(device))
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_title("Error: Enter the code from your authenticator app – MOSOVO caseload")
    summary = page.locator(".govuk-error-summary")
    expect(
        summary.get_by_role("link", name=re.compile("The code is wrong or has expired"))
    ).to_have_attribute("href", "#id_code")
    expect(summary).to_be_focused()
    assert blocking_violations(page) == []

    page.wait_for_timeout(1100)  # django-otp's back-off after one wrong code is a second
    enter_two_factor_code(page, device)
    page.wait_for_url(f"{live_server.url}/caseload/")


def test_the_lockout_page_says_when_to_try_again(page, live_server, officer):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        enter_password(page, live_server, officer.username, password="not-the-password")

    expect(page).to_have_title("You cannot sign in at the moment – MOSOVO caseload")
    expect(page.get_by_role("main")).to_contain_text(
        re.compile(r"You can try again after (\d{1,2}:\d\d[ap]m|midday|midnight)")
    )
    assert "qtestperson" not in page.content()
    assert blocking_violations(page) == []

    enter_password(page, live_server, officer.username)  # the right password, too late
    expect(page).to_have_title("You cannot sign in at the moment – MOSOVO caseload")


def test_the_policy_refuses_an_inline_style(browser, live_server):
    page = browser.new_page()
    refusals = csp_refusals(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate("document.querySelector('h1').setAttribute('style', 'color: red')")
    expect(page.locator("h1")).not_to_have_css("color", "rgb(255, 0, 0)")
    assert refusals and "style-src" in refusals[0]
    page.close()


def test_the_admin_works_under_the_policy(sign_in, live_server):
    admin = factories.StaffFactory(role=Role.ADMIN, is_staff=True, is_superuser=True, password=PASSWORD)
    page = sign_in(admin)
    for path in [
        "/admin/",
        "/admin/workforce/staff/",
        f"/admin/workforce/staff/{admin.pk}/change/",
        "/admin/otp_totp/totpdevice/",
        "/admin/axes/accessattempt/",
    ]:
        assert page.goto(f"{live_server.url}{path}").ok, path
        expect(page.locator("#content")).to_be_visible()
