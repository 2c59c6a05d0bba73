"""manage.py verify_audit_log: walk the s62 log's hash chain and report the first entry changed
or deleted since it was sealed (offenders.audit_chain). Exits 1 when the chain is broken or old
entries are unsealed."""

from django.core.management.base import BaseCommand, CommandError

from offenders import audit_chain


class Command(BaseCommand):
    help = "Check the s62 log's hash chain and report the first entry changed or deleted."

    def add_arguments(self, parser):
        parser.add_argument("--seal", action="store_true", help="seal the entries due a link first")

    def handle(self, *args, seal: bool, **options):
        if seal:
            self.stdout.write(f"Sealed {audit_chain.seal():,} entries.")
        verdict = audit_chain.verify()
        if verdict.broken:
            raise CommandError(
                f"The audit log's chain is broken after {verdict.checked:,} entries: {verdict.broken}."
            )
        if verdict.unsealed:
            raise CommandError(
                f"{verdict.checked:,} entries check out, but {verdict.unsealed:,} older than a minute "
                "have no link: is the sealing job running?"
            )
        self.stdout.write(
            f"The audit log is intact: {verdict.checked:,} entries check out against their links."
        )
