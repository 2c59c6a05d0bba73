"""`manage.py demo_code USERNAME`: the two-factor code a demo user's authenticator app shows now,
for signing in to the demo without adding the key to an app. Demo users only."""

import time

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from demo.seed import NotDemoUser, demo_authenticator


class Command(BaseCommand):
    help = "Print a demo user's current two-factor code (demo data only)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="a demo login, as printed by demo_logins")

    def handle(self, *args, **options):
        try:
            device = demo_authenticator(options["username"])
        except NotDemoUser as error:
            raise CommandError(f"{error}: demo_code only works on demo data.") from None
        now = time.time()
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
        totp.time = now
        seconds_left = device.step - int(now - device.t0) % device.step
        self.stdout.write(f"{totp.token():0{device.digits}d}  (a new code in {seconds_left} seconds)")
