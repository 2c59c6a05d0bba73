"""Browser tests: Playwright drives the system Chromium against pytest-django's live_server.

./dev test installs Debian's Chromium when it is missing (Playwright never downloads a
browser here). Elsewhere set MOSOVO_CHROMIUM to a Chromium or Chrome binary.
"""

import io
import os
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from demo.seed import DEMO_PASSWORD, demo_logins
from outstanding.services import outstanding_recompute_all
from tests import factories
from tests.two_factor import confirmed_device, current_code
from workforce.models import Staff

PASSWORD = "correct-horse-battery"
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests run as root in CI containers
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def find_chromium() -> str | None:
    candidates = [
        os.environ.get("MOSOVO_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
        shutil.which("google-chrome"),
    ]
    return next((path for path in candidates if path and Path(path).exists()), None)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    chromium = find_chromium()
    if chromium is None:
        reason = "Chromium not found: run ./dev test (installs it as root on Debian) or set MOSOVO_CHROMIUM"
        if os.environ.get("CI"):
            pytest.fail(reason)  # CI must run the browser tests, never skip them
        pytest.skip(reason)
    return {**browser_type_launch_args, "executable_path": chromium, "args": CHROMIUM_ARGS}


@pytest.fixture
def officer(db):
    """An offender manager who signs in with PASSWORD."""
    return factories.StaffFactory(
        username="qtestperson", first_name="Quentin", last_name="Testperson", password=PASSWORD
    )


def csp_refusals(page) -> list[str]:
    """Console messages, from now on, in which Chromium reports something the
    Content-Security-Policy refused (an inline style or script, a resource from elsewhere)."""
    refusals = []
    page.on(
        "console",
        lambda message: refusals.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return refusals


@pytest.fixture(autouse=True)
def _pages_work_under_the_content_security_policy(request):
    """Every page a browser test visits: nothing on it is refused by the policy."""
    if "page" not in request.fixturenames:
        yield
        return
    refusals = csp_refusals(request.getfixturevalue("page"))
    yield
    assert refusals == [], "\n".join(refusals)


def enter_two_factor_code(page, device):
    """Type the code the user's authenticator app shows now, as the user would."""
    page.get_by_label("Code", exact=True).fill(current_code(device))
    page.get_by_role("button", name="Continue").click()


@pytest.fixture
def sign_in(page, live_server):
    """sign_in(user) signs in through the real forms, password then the code from the user's
    authenticator app (one is set up for them if they have none), and waits for the home page."""

    def sign_in(user, password=PASSWORD):
        device = confirmed_device(user)
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(re.compile(r"/accounts/two-factor/\?"))
        enter_two_factor_code(page, device)
        page.wait_for_url(f"{live_server.url}/")
        return page

    return sign_in


# A seeded demo force, shared by the journey and accessibility tests. Live-server tests run on
# a transactional database that is emptied after each test, so each test seeds its own (~1 s).
DEMO_OFFENDERS = 150
DEMO_SEED = 7


@pytest.fixture
def demo_om(transactional_db):
    """Seed a demo force as of today, fill the outstanding-work table, and return the demo
    offender manager (om.0001: overloaded, with overdue work) who signs in with DEMO_PASSWORD."""
    call_command(
        "seed_demo",
        offenders=DEMO_OFFENDERS,
        seed=DEMO_SEED,
        today=timezone.localdate(),
        stdout=io.StringIO(),
    )
    outstanding_recompute_all()
    login = next(login for login in demo_logins() if login.role == "Offender manager")
    return Staff.objects.get(username=login.username)


@pytest.fixture
def demo_supervisor(demo_om):
    """The demo supervisor, who supervises the demo offender manager (seeded with demo_om)."""
    login = next(login for login in demo_logins() if login.role == "Supervisor")
    supervisor = Staff.objects.get(username=login.username)
    assert demo_om.supervisor_id == supervisor.pk
    return supervisor


@pytest.fixture
def om_page(sign_in, demo_om):
    """The demo offender manager, signed in through the real form, on the home page."""
    return sign_in(demo_om, DEMO_PASSWORD)
