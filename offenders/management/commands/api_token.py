"""`manage.py api_token USERNAME`: issue an integration's API key, or `--revoke` it.

Issuing replaces any key the user had (rotation); the new key is printed once, on its own on
standard output, and only its digest is stored, so it cannot be shown again: a lost key is
replaced, not recovered. The key acts as that user, with their role and scope (no two-factor
step: keep it in the integration's secret store). Keys expire after API_TOKEN_MAX_AGE_DAYS days
(90 unless set; mosovo/settings.py).
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from kit.api_defaults import TOKEN_MAX_AGE, issue_token


class Command(BaseCommand):
    help = "Create or rotate the API key of an integration user and print it once (or --revoke it)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="the staff account the integration acts as")
        parser.add_argument("--revoke", action="store_true", help="delete the user's key instead")

    def handle(self, *args, username, revoke, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username!r}.")
        if revoke:
            deleted, _ = Token.objects.filter(user=user).delete()
            self.stderr.write(
                f"Revoked the API key of {username}." if deleted else f"{username} had no API key."
            )
            return
        if not user.is_active:
            raise CommandError(f"{username} is deactivated: reactivate them before issuing a key.")
        key = issue_token(user)
        self.stderr.write(
            f"API key for {username} (role {user.role}); any earlier key no longer works. It is shown "
            f"only now and expires in {TOKEN_MAX_AGE.days} days. Send it as 'Authorization: Token <key>'."
        )
        self.stdout.write(key)
