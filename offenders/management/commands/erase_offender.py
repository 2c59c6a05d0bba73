from django.core.management.base import BaseCommand, CommandError

from offenders.erasure import offender_erase
from offenders.models import Offender
from workforce.models import Staff


class Command(BaseCommand):
    help = (
        "Erase every row of one closed nominal's data (notification ended, deceased or transferred), "
        "logging the erasure (never the erased content) in the s62 log."
    )

    def add_arguments(self, parser):
        parser.add_argument("reference", help="ViSOR reference of the nominal")
        parser.add_argument("--force-code", required=True, help="the force's code (references are per force)")
        parser.add_argument("--by", required=True, help="username of the person responsible for the erasure")
        parser.add_argument("--justification", required=True, help="the retention rule that applies")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, reference, force_code, by, justification, yes, **options):
        offender = Offender.objects.filter(reference=reference, force__code=force_code).first()
        if offender is None:
            raise CommandError(f"No nominal {reference} in force {force_code}.")
        actor = Staff.objects.filter(username=by, is_active=True).first()
        if actor is None:
            raise CommandError(f"No active member of staff {by!r}.")
        if not yes:
            answer = input(f"Erase every record of {reference} permanently? Type the reference to confirm: ")
            if answer.strip() != reference:
                raise CommandError("Not confirmed: nothing was erased.")
        try:
            erased = offender_erase(offender=offender, acting_user=actor, justification=justification)
        except Exception as error:
            raise CommandError("; ".join(getattr(error, "messages", [str(error)]))) from error
        self.stdout.write(f"Erased {reference}: {erased.total} rows.")
        for label, count in sorted(erased.rows.items()):
            self.stdout.write(f"  {label:<40} {count:>6}")
