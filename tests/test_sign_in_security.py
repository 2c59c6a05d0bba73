"""Sign-in and sessions to OWASP ASVS level 2 (the security issue): two-factor for everyone,
lockout that a spoofed X-Forwarded-For cannot dodge, the session id changing at sign-in, idle
and absolute expiry, sign-out and deactivation ending sessions, password strength, security
headers, CSRF on forms and htmx requests, and `check --deploy` with production settings.

Everything runs through the real middleware, views, django-otp, django-axes and PostgreSQL.
Time passing is simulated by moving the recorded times back (session clock, failure times,
django-otp's back-off), never by replacing code.
"""

import datetime
import json
import os
import re
import secrets
import subprocess
import sys
import time
from base64 import b32encode
from pathlib import Path
from urllib.parse import unquote

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from kit.api_defaults import issue_token
from kit.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from kit.network import client_ip
from kit.signin import WRONG_CODE
from mosovo.settings import env_int
from tests import factories
from tests.two_factor import code_at, code_for_key, confirmed_device, current_code, wrong_code
from workforce.models import Role

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct-horse-battery"
LOCKED = 429


@pytest.fixture
def officer():
    return factories.StaffFactory(username="qtestperson", first_name="Quentin", last_name="Testperson")


@pytest.fixture
def device(officer):
    return confirmed_device(officer)


def enter_password(client, username, password=PASSWORD, next_url=None, **request):
    url = reverse("login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": username, "password": password}, **request)


def enter_code(client, code, step="two-factor", **request):
    return client.post(reverse(step), {"code": code}, **request)


def signed_in(client) -> bool:
    return get_user(client).is_authenticated


def verified(client) -> bool:
    """Past both steps: a page behind sign-in answers."""
    return client.get(reverse("home")).status_code == 200


def session_key(client) -> str:
    return client.cookies[_session_cookie()].value


def _session_cookie() -> str:
    from django.conf import settings

    return settings.SESSION_COOKIE_NAME


def lock_out(client, username, **request):
    from django.conf import settings

    responses = [
        enter_password(client, username, "not-the-password", **request)
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    return responses[-1]


def failures_for(username) -> int:
    return sum(attempt.failures_since_start for attempt in AccessAttempt.objects.filter(username=username))


# --------------------------------------------------------------------------- two-factor


def test_the_password_leads_to_the_code_which_leads_where_the_user_was_going(client, officer, device):
    response = enter_password(client, "qtestperson", next_url="/caseload/")
    assert response.status_code == 302
    assert response.url == reverse("two-factor") + "?next=/caseload/"
    assert signed_in(client) and not verified(client)

    page = client.get(response.url)
    assert b"Enter the code from your authenticator app" in page.content
    assert page.context["nav_items"] == []  # no way into the service until the code is in
    assert b"Primary navigation" not in page.content

    response = client.post(response.url, {"code": current_code(device)})  # the form posts to its own URL
    assert response.status_code == 302 and response.url == "/caseload/"
    caseload = client.get("/caseload/")
    assert caseload.status_code == 200
    assert [item.text for item in caseload.context["nav_items"]] == ["My caseload"]


def test_signing_in_again_asks_for_the_code_again(client, officer, device):
    client.force_login(officer)
    assert verified(client)
    enter_password(client, "qtestperson")
    assert signed_in(client) and not verified(client)


def test_the_code_step_keeps_next_only_on_this_site(client, officer, device):
    enter_password(client, "qtestperson")
    response = client.post(
        reverse("two-factor") + "?next=https://evil.example/", {"code": current_code(device)}
    )
    assert response.url == reverse("home")


def test_a_user_without_an_authenticator_sets_one_up_from_the_qr_code(client, officer):
    response = enter_password(client, "qtestperson")
    response = client.get(response.url)
    assert response.status_code == 302 and response.url.startswith(reverse("two-factor-set-up"))

    page = client.get(response.url)
    html = page.content.decode()
    qr_src = re.search(r'<img src="(data:image/svg\+xml[^"]+)"', html).group(1)
    assert "<svg" in unquote(qr_src) and "<path" in unquote(qr_src)
    assert not re.search(r'src="https?://', html), "the QR code must not be fetched from anywhere"
    key = re.search(r'id="authenticator-key">([A-Z2-7 ]+)<', html).group(1)
    device = TOTPDevice.objects.get(user=officer)
    assert not device.confirmed
    assert key.replace(" ", "") == b32encode(device.bin_key).decode().rstrip("=")
    assert client.get(reverse("two-factor-set-up")).content.decode().count(key) == 1, "same key on reload"

    response = enter_code(client, code_for_key(key), step="two-factor-set-up")
    assert response.status_code == 302 and response.url == reverse("home")
    assert list(TOTPDevice.objects.filter(user=officer).values_list("confirmed", flat=True)) == [True]
    assert verified(client)


def test_someone_with_only_the_password_cannot_set_up_another_authenticator(client, officer, device):
    enter_password(client, "qtestperson")
    response = client.get(reverse("two-factor-set-up"))
    assert response.status_code == 302 and response.url.startswith(reverse("two-factor") + "?")
    made_up_key = b32encode(b"attackers-own-secret").decode()
    response = enter_code(client, code_for_key(made_up_key), step="two-factor-set-up")
    assert response.status_code == 302
    assert list(TOTPDevice.objects.filter(user=officer)) == [device]
    assert not verified(client)


def test_a_wrong_code_is_refused_with_a_message_and_counts_as_a_failure(client, officer, device):
    enter_password(client, "qtestperson")
    response = enter_code(client, wrong_code(device))
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert WRONG_CODE in response.content.decode()
    assert failures_for("qtestperson") == 1
    assert not verified(client)


@pytest.mark.parametrize(
    ("typed", "message"), [("", "Enter the 6-digit code"), ("12ab56", "Code must be 6 numbers")]
)
def test_a_code_that_is_not_6_numbers_is_refused_without_counting(client, officer, device, typed, message):
    enter_password(client, "qtestperson")
    response = enter_code(client, typed)
    assert message in response.content.decode()
    assert failures_for("qtestperson") == 0


def test_a_code_with_spaces_is_accepted(client, officer, device):
    enter_password(client, "qtestperson")
    code = current_code(device)
    enter_code(client, f"{code[:3]} {code[3:]}")
    assert verified(client)


def test_a_code_works_only_once(client, officer, device):
    t = int(time.time()) // 30
    enter_password(client, "qtestperson")
    enter_code(client, code_at(device, t))
    assert verified(client)
    client.post(reverse("logout"))

    enter_password(client, "qtestperson")
    response = enter_code(client, code_at(device, t))
    assert WRONG_CODE in response.content.decode()
    assert not verified(client)


def test_after_a_wrong_code_there_is_a_short_wait_that_is_not_a_failure(client, officer, device):
    enter_password(client, "qtestperson")
    enter_code(client, wrong_code(device))
    response = enter_code(client, current_code(device))
    assert "You entered a wrong code. Wait 1 second" in response.content.decode()
    assert failures_for("qtestperson") == 1 and not verified(client)

    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(seconds=2)
    )
    enter_code(client, current_code(device))
    assert verified(client)


@pytest.mark.without_two_factor
@pytest.mark.parametrize("path", ["/", "/caseload/", "/admin/", "/admin/workforce/staff/"])
def test_a_session_without_its_code_is_sent_to_the_code_step(client, path):
    client.force_login(factories.StaffFactory(is_staff=True, is_superuser=True))
    response = client.get(path)
    assert response.status_code == 302
    assert response.url == reverse("two-factor") + "?next=" + path


@pytest.mark.without_two_factor
def test_a_session_without_its_code_gets_403_json_from_the_api(client):
    client.force_login(factories.StaffFactory())
    response = client.get(reverse("api-dashboard"))
    assert response.status_code == 403
    assert (
        response.json()["message"] == "Two-factor authentication required."
        and response.json()["status"] == 403
    )


def test_an_integrations_token_is_not_asked_for_a_code(client):
    """A token request carries no session, so the middleware never sees it as signed in: the
    API's token authentication alone decides."""
    from kit.api_defaults import issue_token

    leader = factories.StaffFactory(role=Role.SENIOR_LEADER)
    assert not TOTPDevice.objects.filter(user=leader).exists()
    response = client.get(reverse("api-dashboard"), HTTP_AUTHORIZATION=f"Token {issue_token(leader)}")
    assert response.status_code == 200


@pytest.mark.without_two_factor
def test_a_session_without_its_code_reaches_the_sign_in_steps_and_sign_out(client):
    client.force_login(factories.StaffFactory())
    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("two-factor")).url.startswith(reverse("two-factor-set-up"))
    assert client.get(reverse("two-factor-set-up")).status_code == 200
    assert client.post(reverse("logout")).url == reverse("login")
    assert not signed_in(client)


def test_the_admin_sign_in_page_sends_people_to_ours(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response.url == reverse("login") + "?next=/admin/"


def test_force_login_in_these_tests_gives_a_verified_session(client, officer):
    client.force_login(officer)
    assert verified(client)


# --------------------------------------------------------------------------- lockout


def test_a_username_is_locked_after_the_failure_limit_even_with_the_right_password(client, officer, device):
    response = lock_out(client, "qtestperson")
    assert response.status_code == LOCKED
    assert "You cannot sign in at the moment" in response.content.decode()
    response = enter_password(client, "qtestperson", REMOTE_ADDR="198.51.100.9")  # from anywhere
    assert response.status_code == LOCKED
    assert not signed_in(client)


def test_one_failure_fewer_than_the_limit_does_not_lock(client, settings, officer, device):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert enter_password(client, "qtestperson", "not-the-password").status_code == 200
    assert enter_password(client, "qtestperson").status_code == 302


def test_the_lockout_page_is_the_same_for_a_username_that_does_not_exist(client, officer):
    def words(response):
        main = re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)
        return re.sub(r"\d{1,2}:\d\d[ap]m|midday|midnight", "TIME", main)

    known = lock_out(client, "qtestperson", REMOTE_ADDR="198.51.100.1")
    unknown = lock_out(Client(), "no-such-person", REMOTE_ADDR="198.51.100.2")
    assert known.status_code == unknown.status_code == LOCKED
    assert words(known) == words(unknown)
    assert "qtestperson" not in known.content.decode() and "no-such-person" not in unknown.content.decode()
    assert "You can try again after" in words(known)


def test_the_lockout_page_says_when_the_cool_off_ends(client, settings, officer):
    def clock(moment):
        hour = moment.hour % 12 or 12
        text = {(12, 0): "midday", (0, 0): "midnight"}.get((moment.hour, moment.minute))
        return text or f"{hour}:{moment:%M}{'am' if moment.hour < 12 else 'pm'}"

    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=45)
    before = timezone.localtime() + settings.AXES_COOLOFF_TIME
    response = lock_out(client, "qtestperson")
    after = timezone.localtime() + settings.AXES_COOLOFF_TIME
    page = response.content.decode()
    assert any(f"You can try again after <strong>{clock(moment)}" in page for moment in (before, after)), page


def test_the_lock_lifts_after_the_cool_off(client, settings, officer, device):
    lock_out(client, "qtestperson")
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    )
    response = enter_password(client, "qtestperson")
    assert response.status_code == 302 and response.url.startswith(reverse("two-factor"))


def test_many_failures_across_usernames_throttle_the_address(client, settings, officer, device):
    """One client trying passwords across accounts is stopped at ADDRESS_FAILURE_LIMIT."""
    settings.ADDRESS_FAILURE_LIMIT = 12
    for n in range(settings.ADDRESS_FAILURE_LIMIT):
        enter_password(client, f"guess{n}", "not-the-password", REMOTE_ADDR="198.51.100.3")
    assert enter_password(client, "qtestperson", REMOTE_ADDR="198.51.100.3").status_code == LOCKED
    assert enter_password(Client(), "qtestperson", REMOTE_ADDR="198.51.100.4").status_code == 302


def test_one_officer_mistyping_does_not_lock_out_colleagues_behind_the_same_address(settings):
    """Issue 13: a whole station signs in from one address behind its proxy. One officer locks
    only themselves; twenty colleagues behind the same address keep signing in."""
    station = "198.51.100.20"
    colleagues = [factories.StaffFactory(username=f"qcolleague{n}") for n in range(20)]
    for colleague in colleagues:
        confirmed_device(colleague)
    mistyper = colleagues[0]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        enter_password(Client(), mistyper.username, "not-the-password", REMOTE_ADDR=station)
    assert enter_password(Client(), mistyper.username, REMOTE_ADDR=station).status_code == LOCKED
    for colleague in colleagues[1:]:
        response = enter_password(Client(), colleague.username, REMOTE_ADDR=station)
        assert response.status_code == 302 and response.url.startswith(reverse("two-factor")), colleague


def test_a_spoofed_x_forwarded_for_does_not_dodge_or_reset_the_count(client, settings, officer, device):
    """With no trusted proxy (the default) the header is ignored: each failure, whatever it
    claims, counts against the connecting address."""
    settings.ADDRESS_FAILURE_LIMIT = settings.AXES_FAILURE_LIMIT  # to see which address is counted
    for n in range(settings.AXES_FAILURE_LIMIT):
        enter_password(client, f"guess{n}", "not-the-password", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    response = enter_password(client, "qtestperson", HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert response.status_code == LOCKED
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_behind_a_trusted_proxy_failures_count_against_the_address_the_proxy_saw(
    client, settings, officer, device
):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ADDRESS_FAILURE_LIMIT = settings.AXES_FAILURE_LIMIT  # to see which address is counted
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(settings.AXES_FAILURE_LIMIT):
        spoofed = f"192.0.2.{n}, 203.0.113.7"  # the client's own claim, then what the proxy appended
        enter_password(client, f"guess{n}", "not-the-password", HTTP_X_FORWARDED_FOR=spoofed, **proxy)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}
    locked = enter_password(client, "qtestperson", HTTP_X_FORWARDED_FOR="192.0.2.200, 203.0.113.7", **proxy)
    assert locked.status_code == LOCKED
    other_client = enter_password(Client(), "qtestperson", HTTP_X_FORWARDED_FOR="203.0.113.8", **proxy)
    assert other_client.status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, "203.0.113.1", "10.0.0.1"),
        (1, "192.0.2.66, 203.0.113.1", "203.0.113.1"),
        (1, "not-an-address, 203.0.113.1", "203.0.113.1"),
        (2, "192.0.2.66, 203.0.113.1, 10.0.0.5", "203.0.113.1"),
        (2, "203.0.113.1", "10.0.0.1"),  # too short to have come through both proxies
        (1, "", "10.0.0.1"),
    ],
)
def test_the_client_address(settings, proxies, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_ip(request) == expected


def test_wrong_codes_lock_the_account_and_end_the_half_signed_in_session(client, settings, officer, device):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own back-off would make each retry wait
    enter_password(client, "qtestperson")
    responses = [enter_code(client, wrong_code(device)) for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert [response.status_code for response in responses] == [200] * (len(responses) - 1) + [LOCKED]
    assert not signed_in(client)
    assert enter_password(client, "qtestperson").status_code == LOCKED


def test_the_right_password_does_not_clear_wrong_codes(client, settings, officer, device):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    enter_password(client, "qtestperson")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        enter_code(client, wrong_code(device))
    client.post(reverse("logout"))
    assert enter_password(client, "qtestperson").status_code == 302
    assert enter_code(client, wrong_code(device)).status_code == LOCKED


def test_the_right_code_clears_the_usernames_failures(client, settings, officer, device):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    enter_password(client, "qtestperson")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        enter_code(client, wrong_code(device))
    enter_code(client, current_code(device))
    assert verified(client)
    assert failures_for("qtestperson") == 0


def test_a_locked_account_cannot_continue_at_the_code_step(client, officer, device):
    enter_password(client, "qtestperson")
    lock_out(Client(), "qtestperson", REMOTE_ADDR="198.51.100.5")  # someone else, meanwhile
    response = enter_code(client, current_code(device))
    assert response.status_code == LOCKED
    assert not signed_in(client)


# --------------------------------------------------------------------------- sessions


def test_the_session_id_changes_at_sign_in_and_again_at_the_code(client, officer, device):
    anonymous = client.session.session_key
    enter_password(client, "qtestperson")
    after_password = session_key(client)
    enter_code(client, current_code(device))
    after_code = session_key(client)
    assert len({anonymous, after_password, after_code}) == 3
    assert not Session.objects.filter(session_key__in=[anonymous, after_password]).exists()
    assert verified(client)


def age_session(client, **seconds_ago):
    session = client.session
    now = time.time()
    for key, ago in seconds_ago.items():
        session[{"signed_in": SIGNED_IN_AT, "last_seen": LAST_SEEN_AT}[key]] = now - ago
    session.save()


def test_an_idle_session_ends_with_a_message(client, officer):
    client.force_login(officer)
    key = session_key(client)
    age_session(client, last_seen=30 * 60 + 5)
    response = client.get("/caseload/")
    assert response.status_code == 302 and response.url == reverse("login") + "?next=/caseload/"
    page = client.get(response.url)
    assert "you had not used the service for 30 minutes" in page.content.decode()
    assert not signed_in(client)
    assert not Session.objects.filter(session_key=key).exists()


def test_a_session_in_use_stays_signed_in_and_its_idle_time_starts_again(client, officer):
    client.force_login(officer)
    age_session(client, last_seen=29 * 60)
    assert client.get(reverse("home")).status_code == 200
    assert time.time() - client.session[LAST_SEEN_AT] < 5


def test_a_busy_session_ends_at_the_absolute_limit(client, officer):
    client.force_login(officer)
    age_session(client, signed_in=10 * 3600 + 5, last_seen=10)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert "signed in more than 10 hours ago" in client.get(response.url).content.decode()
    assert not signed_in(client)


def test_the_limits_come_from_the_policy_settings(client, settings, officer):
    settings.SESSION_IDLE_MINUTES = 5
    settings.SESSION_ABSOLUTE_HOURS = 1
    client.force_login(officer)
    age_session(client, last_seen=6 * 60)
    assert client.get(reverse("home")).status_code == 302
    client.force_login(officer)
    age_session(client, signed_in=3600 + 5, last_seen=0)
    assert client.get(reverse("home")).status_code == 302


def test_an_expired_session_gets_403_json_from_the_api(client, officer):
    client.force_login(officer)
    age_session(client, last_seen=31 * 60)
    response = client.get(reverse("api-dashboard"))
    assert response.status_code == 403 and "signed out" in response.json()["message"]


def test_the_password_step_starts_the_session_clock(client, officer, device):
    enter_password(client, "qtestperson")
    assert abs(time.time() - client.session[SIGNED_IN_AT]) < 5


def test_signing_out_ends_the_session_everywhere(client, officer):
    client.force_login(officer)
    key = session_key(client)
    assert client.get(reverse("logout")).status_code == 405  # a link cannot sign anyone out
    assert client.post(reverse("logout")).url == reverse("login")
    assert not Session.objects.filter(session_key=key).exists()
    stolen = Client()
    stolen.cookies[_session_cookie()] = key
    assert stolen.get(reverse("home")).status_code == 302


def test_deactivating_a_user_ends_their_session_at_once(client, officer, django_capture_on_commit_callbacks):
    client.force_login(officer)
    key = session_key(client)
    other_device = Client()
    other_device.force_login(officer)
    assert client.get(reverse("home")).status_code == 200
    issue_token(officer)
    with django_capture_on_commit_callbacks(execute=True):
        officer.is_active = False
        officer.save(update_fields=["is_active"])
    # Gone as the deactivation commits, on every device, with the API key: not at the next request.
    assert not Session.objects.filter(session_key__in=[key, session_key(other_device)]).exists()
    assert not Token.objects.filter(user=officer).exists()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not Session.objects.filter(session_key=key).exists()
    officer.is_active = True
    officer.save(update_fields=["is_active"])
    assert client.get(reverse("home")).status_code == 302, "reactivation must not bring the session back"


def test_signed_in_pages_are_not_kept_by_the_browser(client, officer):
    client.force_login(officer)
    assert "no-store" in client.get(reverse("home"))["Cache-Control"]
    assert "no-store" in client.get(reverse("login"))["Cache-Control"]


# --------------------------------------------------------------------------- passwords


@pytest.mark.parametrize(
    "password",
    ["Tr0ub4dor&3", "123456789012", "password1234", "qtestperson1"],
    ids=["too short", "all numbers", "common", "like the username"],
)
def test_weak_passwords_are_refused(officer, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=officer)


def test_a_long_uncommon_password_is_accepted(officer):
    assert validate_password("plum kettle orbit seventeen", user=officer) is None  # raises if refused


# --------------------------------------------------------------------------- headers


def test_pages_carry_a_strict_content_security_policy(client):
    header = client.get(reverse("login"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in header.split(";"))
    assert directives == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "object-src": "'none'",
        "base-uri": "'self'",
        "frame-ancestors": "'none'",
        "form-action": "'self'",
    }


def test_pages_carry_the_other_security_headers(client):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def production_env(**overrides) -> dict[str, str]:
    """The environment of a production process: DEBUG off, a real secret, no local overrides."""
    keep = {"PATH", "HOME", "LANG", "DATABASE_URL", "REDIS_URL", "PYTHONPATH", "VIRTUAL_ENV"}
    env = {name: value for name, value in os.environ.items() if name in keep}
    env |= {
        "DJANGO_SETTINGS_MODULE": "mosovo.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "mosovo.example",
    }
    return env | overrides


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def settings_under(env: dict[str, str], *names: str) -> dict:
    """Settings as a process with this environment would load them."""
    result = run_python(
        "import json, mosovo.settings as s; "
        f"print(json.dumps({{name: getattr(s, name, None) for name in {list(names)!r}}}, default=str))",
        env,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_defaults():
    assert settings_under(
        production_env(),
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_HTTPONLY",
        "SESSION_COOKIE_NAME",
        "CSRF_COOKIE_NAME",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SAMESITE",
        "AXES_FAILURE_LIMIT",
        "AXES_COOLOFF_TIME",
        "TRUSTED_PROXY_COUNT",
        "SESSION_IDLE_MINUTES",
        "SESSION_ABSOLUTE_HOURS",
        "SESSION_COOKIE_AGE",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE",
    ) == {
        "SECURE_HSTS_SECONDS": 365 * 24 * 3600,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": False,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": None,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_NAME": "__Host-sessionid",
        "CSRF_COOKIE_NAME": "__Host-csrftoken",
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SAMESITE": "Lax",
        "AXES_FAILURE_LIMIT": 5,
        "AXES_COOLOFF_TIME": "0:30:00",
        "TRUSTED_PROXY_COUNT": 0,
        "SESSION_IDLE_MINUTES": 30,
        "SESSION_ABSOLUTE_HOURS": 10,
        "SESSION_COOKIE_AGE": 10 * 3600,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": True,
    }


def test_development_leaves_https_to_production():
    env = production_env(DEBUG="true")
    names = ("SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_NAME")
    assert settings_under(env, *names) == {
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_SSL_REDIRECT": False,
        "SESSION_COOKIE_SECURE": False,
        "SESSION_COOKIE_NAME": None,  # Django's own: a __Host- cookie must be Secure
    }


def test_the_policy_settings_come_from_the_environment():
    env = production_env(
        AXES_FAILURE_LIMIT="3",
        AXES_COOLOFF_MINUTES="60",
        TRUSTED_PROXY_COUNT="2",
        TRUST_X_FORWARDED_PROTO="true",
        SESSION_IDLE_MINUTES="15",
        SESSION_ABSOLUTE_HOURS="8",
        SECURE_HSTS_SECONDS="600",
        SECURE_HSTS_PRELOAD="true",
    )
    names = (
        "AXES_FAILURE_LIMIT",
        "AXES_COOLOFF_TIME",
        "TRUSTED_PROXY_COUNT",
        "SECURE_PROXY_SSL_HEADER",
        "SESSION_IDLE_MINUTES",
        "SESSION_ABSOLUTE_HOURS",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_PRELOAD",
    )
    assert settings_under(env, *names) == {
        "AXES_FAILURE_LIMIT": 3,
        "AXES_COOLOFF_TIME": "1:00:00",
        "TRUSTED_PROXY_COUNT": 2,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SESSION_IDLE_MINUTES": 15,
        "SESSION_ABSOLUTE_HOURS": 8,
        "SECURE_HSTS_SECONDS": 600,
        "SECURE_HSTS_PRELOAD": True,
    }


@pytest.mark.parametrize(
    ("name", "value"),
    [("SESSION_IDLE_MINUTES", "0"), ("AXES_FAILURE_LIMIT", "five"), ("TRUSTED_PROXY_COUNT", "-1")],
)
def test_bad_security_settings_fail_loudly(name, value):
    result = run_python("import mosovo.settings", production_env(**{name: value}))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and name in result.stderr


def test_env_int(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", " 12 ")
    assert env_int("SOME_NUMBER", 3) == 12
    monkeypatch.setenv("SOME_NUMBER", "")
    assert env_int("SOME_NUMBER", 3) == 3
    monkeypatch.setenv("SOME_NUMBER", "1.5")
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER must be a whole number"):
        env_int("SOME_NUMBER", 3)


def check_deploy(**env) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = check_deploy()
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (1 silenced)." in result.stdout  # security.W021, see settings
    assert "WARNING" not in output and "?:" not in output


def test_check_deploy_silences_nothing_once_hsts_preload_is_chosen():
    result = check_deploy(SECURE_HSTS_PRELOAD="true")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_catches_a_weakened_setting():
    result = check_deploy(SECURE_HSTS_SECONDS="0", SECURE_COOKIES="false")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "security.W004" in output and "security.W012" in output


# --------------------------------------------------------------------------- CSRF


def csrf_client() -> Client:
    return Client(enforce_csrf_checks=True)


def csrf_cookie(client) -> str:
    from django.conf import settings

    return client.cookies[settings.CSRF_COOKIE_NAME].value


HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["form", "htmx"])
def test_signing_in_without_a_csrf_token_is_refused(officer, device, headers):
    client = csrf_client()
    client.get(reverse("login"))
    assert enter_password(client, "qtestperson", **headers).status_code == 403
    assert not signed_in(client)


def test_signing_in_with_the_token_in_the_htmx_header_is_accepted(officer, device):
    client = csrf_client()
    client.get(reverse("login"))
    response = enter_password(client, "qtestperson", HTTP_X_CSRFTOKEN=csrf_cookie(client), **HTMX)
    assert response.status_code == 302 and signed_in(client)


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["form", "htmx"])
def test_the_code_step_without_a_csrf_token_is_refused(officer, device, headers):
    client = csrf_client()
    client.get(reverse("login"))
    enter_password(client, "qtestperson", HTTP_X_CSRFTOKEN=csrf_cookie(client))
    assert signed_in(client)
    assert enter_code(client, current_code(device), **headers).status_code == 403
    assert not verified(client)


@pytest.fixture
def offender():
    return factories.OffenderFactory()


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["form", "htmx"])
def test_a_signed_in_form_without_a_csrf_token_is_refused(offender, headers):
    client = csrf_client()
    client.force_login(offender.offender_manager)
    url = reverse("visit-new", args=[offender.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"submit": "1"}, **headers).status_code == 403


def test_a_signed_in_form_with_the_token_in_the_htmx_header_is_accepted(offender):
    client = csrf_client()
    client.force_login(offender.offender_manager)
    url = reverse("visit-new", args=[offender.pk])
    client.get(url)
    response = client.post(url, {"submit": "1"}, HTTP_X_CSRFTOKEN=csrf_cookie(client), **HTMX)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()  # the form ran: its validation answered
