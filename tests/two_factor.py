"""Authenticator-app codes for tests: what the user's phone would show."""

import time
from base64 import b32decode

from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice


def confirmed_device(user) -> TOTPDevice:
    """The user's authenticator, as if they had set it up (made if they have none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)


def code_at(device: TOTPDevice, t: int) -> str:
    return f"{hotp(device.bin_key, t, digits=device.digits):0{device.digits}d}"


def current_code(device: TOTPDevice) -> str:
    """A code the server accepts now: the current time step's, or the next one's (within the
    device's tolerance) when the current code was already spent, since a code works once."""
    device.refresh_from_db()
    while True:
        now_t = (int(time.time()) - device.t0) // device.step + device.drift
        for t in range(now_t, now_t + device.tolerance + 1):
            if t > device.last_t:
                return code_at(device, t)
        time.sleep(1)


def wrong_code(device: TOTPDevice) -> str:
    """A well-formed code the device does not accept at any step it would check now."""
    now_t = (int(time.time()) - device.t0) // device.step + device.drift
    window = {code_at(device, t) for t in range(now_t - 2, now_t + 3)}
    return next(code for code in (f"{n:06d}" for n in range(1_000_000)) if code not in window)


def code_for_key(key: str) -> str:
    """The code an authenticator app shows now for a key typed in from the set-up page."""
    compact = key.replace(" ", "").upper()
    secret = b32decode(compact + "=" * (-len(compact) % 8))
    return f"{hotp(secret, int(time.time()) // 30, digits=6):06d}"
