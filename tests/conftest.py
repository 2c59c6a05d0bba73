import os

import pytest
from django.test.client import ClientMixin

# Playwright's event loop trips Django's async-safety check in live-server tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "without_two_factor: client.force_login gives a session that has not given its two-factor code",
    )


@pytest.fixture(scope="session")
def django_db_keepdb():
    """Each worker's database is cloned fresh from the migrated template before the run
    (`django_db_modify_db_settings`), so Django finds it there, migrates nothing, and leaves it
    for the next run's clone to replace."""
    return True


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    from django.conf import settings

    from tests.template_db import clone_test_database

    database = settings.DATABASES["default"]
    clone_test_database(database, database.get("TEST", {}).get("NAME") or f"test_{database['NAME']}")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Counts kept in the cache (API rate limits, wrong API keys per address) start at nothing in
    every test, whatever the tests before it sent from the same address."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Factories hash a password per staff member; the real hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _force_login_gives_two_factor(request, monkeypatch):
    """client.force_login(user) signs in as the full sign-in would: the user gets an
    authenticator if they have none, and the session records it as verified (as
    django_otp.login does) with its clock started (as the password step does). Mark a test
    `without_two_factor` for a session that has only passed the password step."""
    if request.node.get_closest_marker("without_two_factor"):
        return
    from django_otp import DEVICE_ID_SESSION_KEY

    from kit.middleware import start_session_clock
    from tests.two_factor import confirmed_device

    force_login = ClientMixin.force_login

    def force_login_with_two_factor(self, user, backend=None):
        force_login(self, user, backend)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = confirmed_device(user).persistent_id
        start_session_clock(session)
        session.save()

    monkeypatch.setattr(ClientMixin, "force_login", force_login_with_two_factor)


# --------------------------------------------------------------------------- shared people and cases
# One definition of the people most tests need. A module whose test needs someone different
# (an email address, a sign-in, another team) overrides the fixture of the same name locally.


@pytest.fixture
def supervisor():
    """A supervisor (a sergeant) with a team of their own."""
    from tests import factories

    return factories.SupervisorFactory()


@pytest.fixture
def om(supervisor):
    """An offender manager in the supervisor's team, supervised by them."""
    from tests import factories

    return factories.StaffFactory(team=supervisor.team, supervisor=supervisor)


@pytest.fixture
def offender(om):
    """An offender on the offender manager's caseload (the factory's defaults: a medium-risk RSO
    in the community, managed since 2 March 2020)."""
    from tests import factories

    return factories.OffenderFactory(team=om.team, offender_manager=om)


@pytest.fixture
def signed_in_om(client):
    """An offender manager with a team of their own and no supervisor, signed in on `client`
    (with their two-factor code, as client.force_login gives here)."""
    from tests import factories

    om = factories.StaffFactory()
    client.force_login(om)
    return om


@pytest.fixture
def caseload_offender(signed_in_om):
    """A medium-risk offender on the signed-in offender manager's caseload, managed since
    2000 days ago."""
    from rules.choices import RiskLevel
    from tests import factories
    from tests.dates import days_ago

    return factories.OffenderFactory(
        team=signed_in_om.team,
        offender_manager=signed_in_om,
        managed_since=days_ago(2000),
        risk_level=RiskLevel.MEDIUM,
    )
