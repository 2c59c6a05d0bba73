"""Signing in (OWASP ASVS V2): a password, then a code from an authenticator app (TOTP).

1. Password (SignInView): Django's LoginView, with django-axes refusing a locked-out username
   or address before the password is checked. The session id changes (Django's login()).
2. Code (two_factor): a user with a confirmed authenticator gives its current code. A user
   without one sets one up first (two_factor_set_up): a QR code drawn on the server as SVG (no
   request leaves the page) and the same key as text, confirmed by the first code. Either way
   the session id changes again once the code is right, and only then does
   kit.middleware.TwoFactorRequiredMiddleware let the session past the sign-in steps.

Wrong codes count towards the same lockout as wrong passwords, so knowing someone's password
buys no more than AXES_FAILURE_LIMIT guesses at their code per cool-off. A right password
alone never clears that count; a right code clears the username's failures.
"""

import math
import re
from base64 import b32encode

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_credentials
from axes.models import AccessAttempt
from axes.utils import reset as reset_failures
from django import forms
from django.conf import settings
from django.contrib.auth import logout, user_login_failed
from django.contrib.auth.views import LoginView, redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from kit.forms import GovukForm
from kit.middleware import start_session_clock
from kit.network import client_ip

ENTER_CODE = "Enter the 6-digit code from your authenticator app"
WRONG_CODE = "The code is wrong or has expired. Enter the code your authenticator app shows now"
QR_SCALE = 4
QR_BORDER = 4


def _time_of_day(moment) -> str:
    """GOV.UK style: 3:45pm, midday, midnight; "tomorrow" when it is not today."""
    local = timezone.localtime(moment)
    if (local.hour, local.minute) == (12, 0):
        text = "midday"
    elif (local.hour, local.minute) == (0, 0):
        text = "midnight"
    else:
        text = f"{local.strftime('%I').lstrip('0')}:{local:%M}{local.strftime('%p').lower()}"
    return text if local.date() == timezone.localdate() else f"{text} tomorrow"


def locked_out(request, original_response=None, credentials=None):
    """The lockout page (AXES_LOCKOUT_CALLABLE), the same whoever the username was, so it never
    tells whether an account exists. The lock lasts the cool-off from the latest failure."""
    try_again_at = _time_of_day(timezone.now() + get_cool_off(request))
    return render(request, "registration/locked_out.html", {"try_again_at": try_again_at}, status=429)


def address_throttled(request) -> bool:
    """Whether the client's address has failed ADDRESS_FAILURE_LIMIT times within the cool-off,
    across every username (the per-username lockouts are django-axes')."""
    since = timezone.now() - get_cool_off(request)
    failures = AccessAttempt.objects.filter(ip_address=client_ip(request), attempt_time__gte=since).aggregate(
        failures=Sum("failures_since_start")
    )["failures"]
    return (failures or 0) >= settings.ADDRESS_FAILURE_LIMIT


def _next_url(request) -> str:
    """Where to go once signed in: `next` if it is on this site, otherwise home."""
    url = request.GET.get("next", "")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


class SignInView(LoginView):
    """Step one, the password. Success starts the session's clock (idle and absolute limits)
    and leads to the code, keeping where the user was going. Signing in again in a session
    that had given its code asks for a code again: the password alone never restarts the
    clock of a fully signed-in session."""

    def post(self, request, *args, **kwargs):
        if address_throttled(request):
            return locked_out(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        self.request.session.pop(DEVICE_ID_SESSION_KEY, None)
        start_session_clock(self.request.session)
        return response

    def get_success_url(self):
        return redirect_to_login(super().get_success_url(), reverse("two-factor")).url


class CodeForm(GovukForm):
    code = forms.CharField(
        label="Code",
        max_length=20,
        error_messages={"required": ENTER_CODE},
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input--width-5",
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self):
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise ValidationError("Code must be 6 numbers")
        return code


def _wait_message(details: dict | None) -> str:
    locked_until = (details or {}).get("locked_until")
    if locked_until is None:
        return WRONG_CODE
    seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    unit = "second" if seconds == 1 else "seconds"
    return f"You entered a wrong code. Wait {seconds} {unit}, then enter the code your app shows now"


def _verified_device(request, device: TOTPDevice, form: CodeForm, credentials: dict) -> TOTPDevice | None:
    """The device if the form's code is right for it. A wrong code is a failed sign-in (it
    counts towards lockout); an attempt made while django-otp's back-off still runs is refused
    without being checked or counted."""
    with transaction.atomic():
        # Locked, so two requests cannot both spend the same code.
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, details = device.verify_is_allowed()
        if not allowed:
            form.add_error("code", _wait_message(details))
            return None
        if device.verify_token(form.cleaned_data["code"]):
            return device
    form.add_error("code", WRONG_CODE)
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return None


def _complete_sign_in(request, device: TOTPDevice) -> None:
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user_id=device.user_id, confirmed=False).delete()
    otp_login(request, device)
    request.session.cycle_key()
    reset_failures(username=request.user.get_username())


def _enrolment_device(user) -> TOTPDevice:
    """The device being set up: the same key on every visit until it is confirmed, so a
    reload does not invalidate what the user has already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def _qr_code(device: TOTPDevice) -> dict:
    qr = segno.make(device.config_url, error="m")
    size, _ = qr.symbol_size(scale=QR_SCALE, border=QR_BORDER)
    return {
        "src": qr.svg_data_uri(scale=QR_SCALE, border=QR_BORDER, dark="#0b0c0c", light="#ffffff"),
        "size": size,
    }


def authenticator_key(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it (base32), in groups of 4 to copy by hand."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def _code_step(request, *, setting_up: bool):
    next_url = _next_url(request)
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(next_url)
    if user.is_verified():
        return redirect(next_url)
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if setting_up and confirmed:
        # Someone with only the password must not be able to add an authenticator of their own.
        return redirect_to_login(next_url, reverse("two-factor"))
    if not setting_up and not confirmed:
        return redirect_to_login(next_url, reverse("two-factor-set-up"))
    credentials = get_credentials(user.get_username())
    if not AxesProxyHandler.is_allowed(request, credentials):
        logout(request)
        return locked_out(request)
    device = confirmed or _enrolment_device(user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        verified = _verified_device(request, device, form, credentials)
        if verified is not None:
            _complete_sign_in(request, verified)
            return redirect(next_url)
        if getattr(request, "axes_locked_out", False):
            logout(request)
            return locked_out(request)
    if not setting_up:
        return render(request, "registration/two_factor.html", {"form": form})
    context = {"form": form, "qr_code": _qr_code(device), "key": authenticator_key(device)}
    return render(request, "registration/two_factor_set_up.html", context)


@sensitive_post_parameters("code")
@never_cache
def two_factor(request):
    """Step two: the current code from the user's authenticator app."""
    return _code_step(request, setting_up=False)


@sensitive_post_parameters("code")
@never_cache
def two_factor_set_up(request):
    """Step two for a user with no authenticator yet: add one, and give its first code."""
    return _code_step(request, setting_up=True)
