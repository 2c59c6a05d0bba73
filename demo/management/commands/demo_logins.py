"""`manage.py demo_logins`: who to sign in as to see the demo, one login per role, with the
key of each login's authenticator app (for the two-factor step)."""

from django.core.management.base import BaseCommand, CommandError

from demo.seed import DEMO_PASSWORD, NotDemoUser, demo_authenticator, demo_logins
from kit.signin import authenticator_key


class Command(BaseCommand):
    help = (
        "Print one demo login per role (offender manager, supervisor, senior leader, admin), the "
        "password, and each login's authenticator key."
    )

    def handle(self, *args, **options):
        logins = demo_logins()
        if not logins:
            raise CommandError("No demo data: run `manage.py seed_demo` first.")
        try:
            keys = {login.username: authenticator_key(demo_authenticator(login.username)) for login in logins}
        except NotDemoUser as error:
            raise CommandError(f"{error}: demo_logins only lists demo data.") from None
        role_width = max(len(login.role) for login in logins)
        user_width = max(len(login.username) for login in logins)
        name_width = max(len(login.name) for login in logins) + 2
        for login in logins:
            self.stdout.write(
                f"  {login.role:<{role_width}}  {login.username:<{user_width}}  "
                f"{'(' + login.name + ')':<{name_width}}  key {keys[login.username]}"
            )
        self.stdout.write(f"  Password for all: {DEMO_PASSWORD}")
        self.stdout.write(
            "  Then a 6-digit code: add the login's key to an authenticator app (time-based), or run\n"
            f"  `./dev code USERNAME` (e.g. ./dev code {logins[0].username}) for its code now."
        )
