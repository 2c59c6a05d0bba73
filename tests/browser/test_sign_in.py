"""Signing in through the real form, and the page shell every screen shares (GOV.UK, axe, CSP)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import PASSWORD, enter_two_factor_code
from tests.two_factor import confirmed_device

pytestmark = pytest.mark.browser

BLOCKING_IMPACTS = {"serious", "critical"}


def blocking_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def test_signing_in_lands_on_home_with_the_officers_name(sign_in, officer, live_server):
    page = sign_in(officer)
    expect(page).to_have_title("Home – MOSOVO caseload")
    expect(page.locator("header")).to_contain_text("Quentin Testperson")
    expect(page.get_by_role("main")).to_contain_text("Signed in as Quentin Testperson, Offender manager")
    navigation = page.get_by_role("navigation", name="Primary navigation").get_by_role("link")
    expect(navigation).to_have_text(["My caseload"])


def test_supervisors_who_are_staff_see_every_section(sign_in, live_server):
    supervisor = factories.SupervisorFactory(is_staff=True, password=PASSWORD)
    page = sign_in(supervisor)
    navigation = page.get_by_role("navigation", name="Primary navigation").get_by_role("link")
    expect(navigation).to_have_text(["My caseload", "Review queue", "Team", "Dashboards", "Admin"])


def test_failed_sign_in_shows_the_error_summary_and_keeps_the_username(page, live_server, officer):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("qtestperson")
    page.get_by_label("Password", exact=True).fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_title("Error: Sign in – MOSOVO caseload")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link", name="Enter a correct username and password")).to_have_attribute(
        "href", "#id_username"
    )
    expect(summary).to_be_focused()  # GOV.UK Frontend's JavaScript ran
    expect(page.get_by_label("Username")).to_have_value("qtestperson")
    expect(page.get_by_label("Password", exact=True)).to_have_value("")


def test_signing_in_works_without_javascript(browser, live_server, officer):
    device = confirmed_device(officer)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("qtestperson")
    page.get_by_label("Password", exact=True).fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    enter_two_factor_code(page, device)
    expect(page.get_by_role("main")).to_contain_text("Signed in as Quentin Testperson")
    context.close()


def test_sign_in_page_has_no_serious_accessibility_problems(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    assert blocking_violations(page) == []


def test_failed_sign_in_page_has_no_serious_accessibility_problems(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert blocking_violations(page) == []


def test_home_page_has_no_serious_accessibility_problems(sign_in, officer):
    page = sign_in(officer)
    assert blocking_violations(page) == []


def test_the_built_stylesheet_is_served_and_sets_arial(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    stylesheet = page.locator('link[rel="stylesheet"]').get_attribute("href")
    response = page.request.get(f"{live_server.url}{stylesheet}")
    assert response.status == 200
    assert "govuk-" in response.text()
    font_family = page.locator("h1").evaluate("element => getComputedStyle(element).fontFamily")
    assert "arial" in font_family.lower()
    assert "GDS Transport" not in font_family


def test_pages_have_no_inline_script_and_the_module_script_runs(sign_in, officer, live_server):
    page = sign_in(officer)
    for path in ["/accounts/login/", "/"]:
        html = page.request.get(f"{live_server.url}{path}").text()
        script_tags = re.findall(r"<script\b[^>]*>", html)
        assert script_tags == ['<script type="module" src="/static/application.js">']
        assert not re.search(r"<[^>]+\son[a-z]+=", html), "inline event handler"
    expect(page.locator("body")).to_have_class(re.compile(r"\bjs-enabled\b.*\bgovuk-frontend-supported\b"))
