from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from risk.importer import import_csv
from workforce.models import Staff, Team


class Command(BaseCommand):
    help = "Import nominals and their history from a CSV extract into a team: all of it, or nothing and why."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the CSV file (UTF-8)")
        parser.add_argument("--team", type=int, required=True, help="id of the team the nominals join")
        parser.add_argument("--by", required=True, help="username of the person responsible for the import")

    def handle(self, *args, path, team, by, **options):
        team_obj = Team.objects.filter(pk=team).first()
        if team_obj is None:
            raise CommandError(f"No team {team}.")
        actor = Staff.objects.filter(username=by, is_active=True, force_id=team_obj.force_id).first()
        if actor is None:
            raise CommandError(f"No active member of {team_obj.force} signs in as {by!r}.")
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        report = import_csv(text, team=team_obj, acting_user=actor, today=timezone.localdate())
        if not report.ok:
            for line, reason in report.errors:
                self.stderr.write(f"Line {line}: {reason}")
            raise CommandError(f"{len(report.errors)} row(s) refused: nothing was imported.")
        counts = ", ".join(f"{n} {kind}" for kind, n in report.imported.items())
        self.stdout.write(f"Imported {report.rows} rows into {team_obj}: {counts}.")
