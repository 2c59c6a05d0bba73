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
