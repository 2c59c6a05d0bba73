"""`manage.py demo_logins`: who to sign in as to see the demo, one login per role."""

from django.core.management.base import BaseCommand, CommandError

from dashboards.demo_data import DEMO_PASSWORD, demo_logins


class Command(BaseCommand):
    help = (
        "Print one demo login per role (offender manager, supervisor, senior leader, admin) and the password."
    )

    def handle(self, *args, **options):
        logins = demo_logins()
        if not logins:
            raise CommandError("No demo data: run `manage.py seed_demo` first.")
        width = max(len(login.role) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.role:<{width}}  {login.username:<16} ({login.name})")
        self.stdout.write(f"  Password for all: {DEMO_PASSWORD}")
