"""The classes REST_FRAMEWORK names for authentication and pagination (mosovo/settings.py).

Kept apart from kit.api, and free of DRF's views: DRF reads these settings while it
defines its own view classes, so a module that imported those views could not be loaded here.

Token keys are kept only as a SHA-256 digest, so a copy of the database holds no usable key;
`manage.py api_token` prints a new key once.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.pagination import PageNumberPagination

from kit.network import client_ip

# An integration's key stops working this long after it was issued: rotate with `api_token`.
TOKEN_MAX_AGE = datetime.timedelta(days=settings.API_TOKEN_MAX_AGE_DAYS)


def token_digest(key: str) -> str:
    """What is stored for a key: its SHA-256, cut to the 40 characters the token table holds
    (160 bits; the key itself has 256 bits of randomness, so no slow hash is needed)."""
    return hashlib.sha256(key.encode()).hexdigest()[:40]


def issue_token(user) -> str:
    """A new key for `user`, replacing any they had; only its digest is kept."""
    key = secrets.token_urlsafe(32)
    Token.objects.filter(user=user).delete()
    Token.objects.create(user=user, key=token_digest(key))
    return key


def _count_failure(counter: str) -> None:
    """One more wrong key from an address; the count lapses API_TOKEN_FAILURE_MINUTES after the
    first."""
    if cache.add(counter, 1, timeout=settings.API_TOKEN_FAILURE_MINUTES * 60):
        return
    try:
        cache.incr(counter)
    except ValueError:  # lapsed between the two calls
        cache.add(counter, 1, timeout=settings.API_TOKEN_FAILURE_MINUTES * 60)


class HashedTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>` for integrations. The key is looked up by its digest; an
    unknown, expired or deactivated user's key gets the same answer, so the answer tells an
    attacker nothing. Token requests carry no session, so the two-factor step does not
    apply to them (kit.middleware)."""

    def authenticate(self, request):
        """Refuse, before any lookup, an address that has sent API_TOKEN_FAILURE_LIMIT wrong keys
        within API_TOKEN_FAILURE_MINUTES; count each wrong key against its address."""
        counter = f"api-token-failures:{client_ip(request)}"
        if cache.get(counter, 0) >= settings.API_TOKEN_FAILURE_LIMIT:
            raise exceptions.Throttled(wait=settings.API_TOKEN_FAILURE_MINUTES * 60)
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            _count_failure(counter)
            raise

    def authenticate_credentials(self, key):
        token = Token.objects.select_related("user").filter(key=token_digest(key)).first()
        if token is None or not token.user.is_active or token.created < timezone.now() - TOKEN_MAX_AGE:
            raise exceptions.AuthenticationFailed("Invalid or expired token.")
        return token.user, token


class TwoFactorSessionAuthentication(SessionAuthentication):
    """The browser's session (with DRF's CSRF check), only once it has given its two-factor
    code. TwoFactorRequiredMiddleware refuses such sessions first; this keeps the API shut to
    them even if the middleware is moved or removed."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        is_verified = getattr(result[0], "is_verified", None)
        if not (callable(is_verified) and is_verified()):
            raise exceptions.PermissionDenied("Two-factor authentication required.")
        return result


class Pagination(PageNumberPagination):
    """`?page=` and `?page_size=` (50 unless asked, at most 100): an integration takes a
    caseload page by page; an unknown page is 404."""

    page_size_query_param = "page_size"
    max_page_size = 100
