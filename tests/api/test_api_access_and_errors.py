"""Who can call the API and what every refusal looks like: integration keys (issued once,
stored as digests, rotated, revoked, expiring), the two-factor rule for browser sessions (and
not for keys), one error format for every status, answers never cached, and the OpenAPI
schema and its Swagger UI."""

import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from kit.api_defaults import token_digest
from offenders import services as offender_services
from tests.api import support as s
from tests.api.support import api_client, assert_error

pytestmark = pytest.mark.django_db


def issue(username: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("api_token", username, stdout=out, stderr=err)
    assert "shown only now" in err.getvalue()
    return out.getvalue().strip()


def token_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


# --------------------------------------------------------------------------- integration keys


def test_a_key_is_printed_once_stored_as_a_digest_and_acts_as_its_user(world):
    key = issue(world.a.om.username)
    assert len(key) >= 40
    stored = Token.objects.get(user=world.a.om)
    assert stored.key == token_digest(key) != key
    response = token_client(key).get(f"/api/v1/offenders/{world.a.offender.pk}/")
    assert response.status_code == 200


def test_issuing_again_rotates_the_key_and_revoking_ends_it(world):
    first = issue(world.a.om.username)
    second = issue(world.a.om.username)
    assert_error(token_client(first).get("/api/v1/offenders/"), 401, "authentication_failed")
    assert token_client(second).get("/api/v1/offenders/").status_code == 200
    call_command("api_token", world.a.om.username, "--revoke", stderr=io.StringIO())
    assert_error(token_client(second).get("/api/v1/offenders/"), 401, "authentication_failed")


def test_no_key_for_an_unknown_or_deactivated_user(world):
    with pytest.raises(CommandError, match="No user"):
        call_command("api_token", "nobody-by-this-name", stdout=io.StringIO())
    world.a.om.is_active = False
    world.a.om.save()
    with pytest.raises(CommandError, match="deactivated"):
        call_command("api_token", world.a.om.username, stdout=io.StringIO())


def test_an_expired_key_or_a_deactivated_users_key_is_refused_like_a_wrong_one(world):
    key = issue(world.a.om.username)
    wrong = assert_error(token_client("not-a-key").get("/api/v1/offenders/"), 401, "authentication_failed")
    Token.objects.filter(user=world.a.om).update(created=timezone.now() - datetime.timedelta(days=91))
    expired = assert_error(token_client(key).get("/api/v1/offenders/"), 401, "authentication_failed")
    Token.objects.filter(user=world.a.om).update(created=timezone.now())
    world.a.om.is_active = False
    world.a.om.save()
    inactive = assert_error(token_client(key).get("/api/v1/offenders/"), 401, "authentication_failed")
    assert wrong == expired == inactive


def test_wrong_keys_from_one_address_are_throttled_before_any_lookup(world, settings):
    """Issue 13: API_TOKEN_FAILURE_LIMIT wrong keys from one address, then even a right key from
    it is refused (429) until the window passes; another address is not affected."""
    settings.API_TOKEN_FAILURE_LIMIT = 3
    key = issue(world.a.om.username)
    for n in range(3):
        assert_error(token_client(f"guess-{n}").get("/api/v1/offenders/"), 401, "authentication_failed")
    assert_error(token_client(key).get("/api/v1/offenders/"), 429, "throttled")
    assert token_client(key).get("/api/v1/offenders/", REMOTE_ADDR="198.51.100.7").status_code == 200
    cache.clear()  # the window passes
    assert token_client(key).get("/api/v1/offenders/").status_code == 200


def test_no_credentials_is_401_with_the_scheme_to_use(world):
    response = APIClient().get("/api/v1/offenders/")
    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"


# --------------------------------------------------------------------------- two-factor


@pytest.mark.without_two_factor
def test_a_browser_session_without_its_two_factor_code_is_refused(world):
    client = APIClient()
    client.force_login(world.a.om)
    response = client.get(f"/api/v1/offenders/{world.a.offender.pk}/")
    assert response.status_code == 403 and response["Content-Type"] == "application/json"


@pytest.mark.without_two_factor
def test_the_api_refuses_an_unverified_session_even_without_the_middleware(world, settings):
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if m != "kit.middleware.TwoFactorRequiredMiddleware"
    ]
    client = APIClient()
    client.force_login(world.a.om)
    refused = assert_error(client.get(f"/api/v1/offenders/{world.a.offender.pk}/"), 403, "permission_denied")
    assert refused["message"] == "Two-factor authentication required."


def test_a_verified_browser_session_reads_the_api(world):
    client = APIClient()
    client.force_login(world.a.om)
    assert client.get(f"/api/v1/offenders/{world.a.offender.pk}/").status_code == 200


@pytest.mark.without_two_factor
def test_an_integration_key_needs_no_two_factor_code(world):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    assert not TOTPDevice.objects.filter(user=world.a.om).exists()
    assert api_client(world.a.om).get(f"/api/v1/offenders/{world.a.offender.pk}/").status_code == 200


# --------------------------------------------------------------------------- one error format


def test_every_kind_of_error_has_the_one_format(world):
    client = api_client(world.a.om)
    assert_error(client.get("/api/v1/no-such-resource/"), 404, "not_found")
    assert_error(client.get("/api/v1/offenders/not-a-number/"), 404, "not_found")
    assert_error(client.delete(f"/api/v1/visits/{world.a.visit_draft.pk}/"), 405, "method_not_allowed")
    parse = client.post("/api/v1/visits/", data="{not json", content_type="application/json")
    assert_error(parse, 400, "parse_error")
    form = client.post("/api/v1/visits/", data={"offender": "1"}, format="multipart")
    assert_error(form, 415, "unsupported_media_type")
    listing = client.post("/api/v1/visits/", data=[1, 2], format="json")
    assert assert_error(listing, 400, "invalid")["errors"] == {"non_field_errors": ["Send a JSON object."]}
    invalid = assert_error(client.post("/api/v1/visits/", {"offender": "x"}, format="json"), 400, "invalid")
    assert invalid["errors"] == {"offender": ["A valid integer is required."]}
    assert invalid["message"] == "A valid integer is required."


def test_too_many_requests_is_429_with_retry_after(world, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"user": "2/minute"})
    cache.clear()
    client = api_client(world.a.om)
    client.get("/api/v1/teams/")
    client.get("/api/v1/teams/")
    response = client.get("/api/v1/teams/")
    assert_error(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0
    cache.clear()


def test_an_unexpected_failure_is_500_with_a_reference_and_no_detail(world, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("database password is hunter2")

    monkeypatch.setattr(offender_services, "intelligence_check_record", broken)
    response = api_client(world.a.om).post(
        "/api/v1/intelligence-checks/", s.new_check(world.a), format="json"
    )
    body = assert_error(response, 500, "server_error")
    assert "hunter2" not in response.content.decode()
    reference = re.search(r"logged as (\w+)", body["message"]).group(1)
    assert any(reference in record.getMessage() and record.exc_info for record in caplog.records)


def test_api_answers_are_never_cached(world):
    response = api_client(world.a.om).get(f"/api/v1/offenders/{world.a.offender.pk}/")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


# --------------------------------------------------------------------------- schema and docs


def test_the_schema_is_for_signed_in_callers_and_describes_every_error(world):
    assert_error(APIClient().get("/api/schema/"), 401, "not_authenticated")
    schema = api_client(world.a.om).get("/api/schema/?format=json").json()
    assert schema["openapi"].startswith("3.") and "Token <key>" in schema["info"]["description"]
    assert set(schema["components"]["securitySchemes"]) == {"tokenAuth", "cookieAuth"}
    error = {"$ref": "#/components/schemas/Error"}
    for path, methods in schema["paths"].items():
        assert path.startswith("/api/v1/")
        for method, operation in methods.items():
            responses = operation["responses"]
            for status in ("401", "403", "404", "429", "500"):
                assert responses[status]["content"]["application/json"]["schema"] == error, (
                    path,
                    method,
                    status,
                )
            assert operation["security"] == [{"tokenAuth": []}, {"cookieAuth": []}]
            body = (
                operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            )
            if body:
                component = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
                assert component["additionalProperties"] is False, (path, method)
    versioned = [
        (path, method)
        for path, methods in schema["paths"].items()
        for method, op in methods.items()
        if "409" in op["responses"]
    ]
    assert ("/api/v1/visits/{id}/", "put") in versioned and ("/api/v1/reviews/", "post") in versioned


def test_swagger_ui_is_served_offline_under_the_sites_content_security_policy(world):
    client = api_client(world.a.om)
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<style" not in html and " style=" not in html
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts and all('src="' in tag for tag in scripts)
    assert all(src.startswith("/") for src in re.findall(r'(?:src|href)="([^"]+)"', html))
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert "unsafe-inline" not in page["Content-Security-Policy"]
    script_url = re.findall(r'src="([^"]+script=[^"]*)"', html)[0].replace("&amp;", "&")
    script = client.get(script_url)
    assert (
        script["Content-Type"].startswith("application/javascript")
        and "SwaggerUIBundle" in script.content.decode()
    )
    bundle = re.findall(r'src="([^"]+swagger-ui-bundle\.js)"', html)[0]
    assert client.get(bundle).status_code == 200
    assert_error(APIClient().get("/api/docs/"), 401, "not_authenticated")
