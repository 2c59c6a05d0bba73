"""Session rules every request passes through (OWASP ASVS V3): a signed-in session ends when it
has been idle or alive too long, and a session that has not yet given its two-factor code
reaches only the sign-in steps.

Both answer JSON under /api/, where a redirect to an HTML page would mean nothing to the
caller. DRF token requests carry no session, so neither middleware ever sees them as signed in:
an integration is not asked for a code.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from kit.api_errors import error_body

SIGNED_IN_AT = "mosovo_signed_in_at"
LAST_SEEN_AT = "mosovo_last_seen_at"
# Last-seen is written at most this often, so a page does not cost a session write per request;
# idle time is measured to within this many seconds.
LAST_SEEN_RESOLUTION = 60

# Reachable before the code is given: the sign-in steps, sign-out, the health check, the
# admin's own sign-in URL (which sends people to ours), and the favicon (a static image).
TWO_FACTOR_EXEMPT_VIEWS = {
    "login",
    "logout",
    "two-factor",
    "two-factor-set-up",
    "healthz",
    "admin-login",
    "favicon",
}


def is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def start_session_clock(session, now: float | None = None) -> None:
    """Record sign-in: the idle and absolute limits count from here."""
    now = time.time() if now is None else now
    session[SIGNED_IN_AT] = now
    session[LAST_SEEN_AT] = now


def session_expiry(session, now: float) -> str | None:
    """Why this signed-in session has ended, or None while it is still good."""
    if now - session[SIGNED_IN_AT] > settings.SESSION_ABSOLUTE_HOURS * 3600:
        hours = settings.SESSION_ABSOLUTE_HOURS
        return f"You have been signed out because you signed in more than {hours} hours ago. Sign in again."
    if now - session[LAST_SEEN_AT] > settings.SESSION_IDLE_MINUTES * 60:
        minutes = settings.SESSION_IDLE_MINUTES
        return (
            f"You have been signed out because you had not used the service for {minutes} minutes. "
            "Sign in again."
        )
    return None


class SessionPolicyMiddleware:
    """Ends a signed-in session after SESSION_IDLE_MINUTES without a request or
    SESSION_ABSOLUTE_HOURS after sign-in: the user is signed out (the session is deleted from
    the store) and sent to sign in again with a message saying why.

    Also deletes a session whose user can no longer sign in (deactivated or removed): Django
    already treats it as signed out, and deleting it means reactivating the user later cannot
    bring it back. Signed-in pages are never stored by the browser or a proxy, so Back after
    signing out on a shared computer shows nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        signed_in = request.user.is_authenticated
        if signed_in:
            now = time.time()
            if SIGNED_IN_AT not in session or LAST_SEEN_AT not in session:
                start_session_clock(session, now)
            elif reason := session_expiry(session, now):
                return self.signed_out(request, reason)
            elif now - session[LAST_SEEN_AT] >= LAST_SEEN_RESOLUTION:
                session[LAST_SEEN_AT] = now
        elif SESSION_KEY in session:
            session.flush()
        response = self.get_response(request)
        if signed_in and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response

    @staticmethod
    def signed_out(request, reason: str):
        logout(request)
        if is_api(request):
            return JsonResponse(error_body(403, "permission_denied", reason), status=403)
        messages.info(request, reason)
        login_url = reverse("login")
        if request.method != "GET" or request.path_info in {login_url, reverse("logout")}:
            return redirect(login_url)
        return redirect_to_login(request.get_full_path())


class TwoFactorRequiredMiddleware:
    """A signed-in session that has not given its two-factor code reaches only the sign-in
    steps (TWO_FACTOR_EXEMPT_VIEWS): every other page redirects to the code page, keeping where
    the user was going as `next`; under /api/ the answer is 403 JSON. This covers the Django
    admin too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.resolver_match.view_name in TWO_FACTOR_EXEMPT_VIEWS:
            return None
        if is_api(request):
            return JsonResponse(
                error_body(403, "permission_denied", "Two-factor authentication required."), status=403
            )
        return redirect_to_login(request.get_full_path(), reverse("two-factor"))
