"""Importing nominals and their history from a CSV extract, the form in which a force would
export from its current system (issue 6).

One file, one row per record: a `record` column says what the row is (`nominal`, `visit`,
`arms`, `rmp`, `check`, `outcome`, `notification`) and `reference` names the nominal (registered by an
earlier row of the file, or already held by the force). Every row goes through the same
service as the browser — same validation, same s62 log — and is checked row by row: a bad row
is reported with its line and reason, every other row is still checked, and if any row is
refused nothing from the file is kept. A history row with `reviewed_by`, `reviewed_on` and
`review_text` is imported signed off with that review (a bespoke text, as for any review);
without them it awaits review. A `notification` row is a registered offender's notification
as taken at the station (`offenders.registration.notification_record`): `kind`, `date`, `place`,
`taken_by`, `changes` (separated by semicolons), `event_on`, `home_address`, `no_fixed_abode`,
`details`, `departs_on`, `returns_on`, `destination`, `carrier`.
"""

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from offenders.case_records import record_submit
from offenders.models import Offender
from offenders.registration import NotificationContent, notification_record
from offenders.services import intelligence_check_record, offender_register, outcome_record
from risk import services as risk_services
from risk.content import ArmsContent, PlanContent
from risk.models import ReviewDecision
from rules.plan import PLAN_SECTIONS
from visits import services as visit_services
from visits.content import VisitContent
from workforce.models import ForcePolicy, Staff, Team
from workforce.permissions import Action, require

RECORD_TYPES = ("nominal", "visit", "arms", "rmp", "check", "outcome", "notification")
MAX_ROWS = 20_000  # one extract at a time; larger moves are done in parts
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


class RowError(Exception):
    """A problem with one row, said in the users' words."""


@dataclass
class ImportReport:
    rows: int = 0
    imported: dict[str, int] = field(default_factory=dict)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Rollback(Exception):
    """Raised to undo the whole import once every row has been checked."""


def _date(row: dict, name: str, *, required: bool = True) -> datetime.date | None:
    value = (row.get(name) or "").strip()
    if not value:
        if required:
            raise RowError(f"{name}: enter a date")
        return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, pattern).date()  # noqa: DTZ007 (a calendar date)
        except ValueError:
            continue
    raise RowError(f"{name}: {value!r} is not a date (use 2026-03-27 or 27/03/2026)")


def _int(row: dict, name: str, *, required: bool = False) -> int | None:
    value = (row.get(name) or "").strip()
    if not value:
        if required:
            raise RowError(f"{name}: enter a whole number")
        return None
    if not value.isdigit():
        raise RowError(f"{name}: {value!r} is not a whole number")
    return int(value)


def _text(row: dict, name: str, *, required: bool = False) -> str:
    value = (row.get(name) or "").strip()
    if required and not value:
        raise RowError(f"{name}: enter a value")
    return value


def _yes(row: dict, name: str) -> bool:
    value = _text(row, name).lower()
    if value not in ("", "yes", "no", "true", "false", "y", "n"):
        raise RowError(f"{name}: {value!r} is not yes or no")
    return value in ("yes", "true", "y")


class Importer:
    def __init__(self, *, team: Team, acting_user: Staff, today: datetime.date):
        self.team, self.acting_user, self.today = team, acting_user, today
        self.policy = ForcePolicy.rules_for(team.force_id)
        self.staff = {s.username: s for s in Staff.objects.filter(force_id=team.force_id, is_active=True)}
        # Whom an extract may name (issue 13): the team imported into, and the uploader.
        self.in_scope = {s.pk for s in self.staff.values() if s.team_id == team.pk} | {acting_user.pk}

    def _person(self, row: dict, name: str, *, required: bool = True) -> Staff | None:
        username = _text(row, name, required=required)
        if not username:
            return None
        if username not in self.staff:
            raise RowError(f"{name}: nobody in the force signs in as {username!r}")
        person = self.staff[username]
        if person.pk not in self.in_scope:
            raise RowError(
                f"{name}: {username} is not in {self.team.name}; an extract may name only the team's own "
                "people (import another team's nominals into that team)"
            )
        return person

    def _offender(self, row: dict) -> Offender:
        reference = _text(row, "reference", required=True)
        offender = Offender.objects.filter(force_id=self.team.force_id, reference=reference).first()
        if offender is None:
            raise RowError(f"reference: no nominal {reference} (register them with a nominal row first)")
        return offender

    def _review(self, row: dict, record) -> None:
        """Sign the imported record off with the review it had in the old system, if any."""
        reviewer = self._person(row, "reviewed_by", required=False)
        if reviewer is None:
            return
        risk_services.review_record(
            record=record,
            reviewer=reviewer,
            text=_text(row, "review_text", required=True),
            decision=ReviewDecision.SIGNED_OFF,
            reviewed_on=_date(row, "reviewed_on"),
            policy=self.policy,
        )

    def _submitted(self, row: dict, record, author: Staff, on: datetime.date):
        record = record_submit(record=record, acting_user=author, today=on)
        self._review(row, record)
        return record

    def nominal(self, row: dict):
        status = _text(row, "status") or "community"
        return offender_register(
            team=self.team,
            offender_manager=self._person(row, "offender_manager", required=False),
            reference=_text(row, "reference", required=True),
            first_name=_text(row, "first_name", required=True),
            last_name=_text(row, "last_name", required=True),
            date_of_birth=_date(row, "date_of_birth"),
            offender_type=_text(row, "offender_type", required=True),
            mappa_category=_int(row, "mappa_category", required=True),
            mappa_level=_int(row, "mappa_level") or 1,
            disposal=_text(row, "disposal", required=True),
            relevant_date=_date(row, "relevant_date"),
            managed_since=_date(row, "managed_since"),
            today=self.today,
            acting_user=self.acting_user,
            status=status,
            sentence_months=_int(row, "sentence_months"),
            is_life_sentence=_yes(row, "life_sentence"),
            conditional_discharge_months=_int(row, "conditional_discharge_months"),
            order_ends_on=_date(row, "order_ends_on", required=False),
            offence_on=_date(row, "offence_on", required=False),
            released_on=_date(row, "released_on", required=False),
            licence_ends_on=_date(row, "licence_ends_on", required=False),
            community_order_ends_on=_date(row, "community_order_ends_on", required=False),
        )

    def visit(self, row: dict):
        author, on = self._person(row, "author"), _date(row, "date")
        visit = visit_services.visit_save(
            offender=self._offender(row),
            content=VisitContent(
                visited_on=on,
                outcome=_text(row, "outcome", required=True),
                crew_size=_int(row, "crew_size") or 2,
                co_attending_officer=self._person(row, "co_attending_officer", required=False),
                announced=_yes(row, "announced"),
                observations=_text(row, "observations"),
            ),
            acting_user=author,
            today=self.today,
        )
        return self._submitted(row, visit, author, on)

    def arms(self, row: dict):
        author, on = self._person(row, "author"), _date(row, "date")
        assessment = risk_services.arms_save(
            offender=self._offender(row),
            content=ArmsContent(
                assessed_on=on, risk_level=_text(row, "risk_level", required=True), notes=_text(row, "notes")
            ),
            acting_user=author,
            today=self.today,
        )
        assessment = risk_services.arms_submit(assessment=assessment, acting_user=author, today=on)
        self._review(row, assessment)
        return assessment

    def rmp(self, row: dict):
        author, on = self._person(row, "author"), _date(row, "date")
        plan = risk_services.rmp_save(
            offender=self._offender(row),
            content=PlanContent(
                written_on=on,
                next_review_on=_date(row, "next_review_on"),
                visit_every=_int(row, "visit_every"),
                visit_every_unit=_text(row, "visit_every_unit"),
                **{section: _text(row, section) for section in PLAN_SECTIONS},
            ),
            acting_user=author,
            today=self.today,
        )
        plan = risk_services.rmp_submit(plan=plan, acting_user=author, today=on)
        self._review(row, plan)
        return plan

    def check(self, row: dict):
        return intelligence_check_record(
            offender=self._offender(row),
            checked_by=self._person(row, "author"),
            system=_text(row, "system", required=True),
            checked_on=_date(row, "date"),
            result=_text(row, "result", required=True),
            notes=_text(row, "notes"),
            today=self.today,
        )

    def outcome(self, row: dict):
        return outcome_record(
            offender=self._offender(row),
            recorded_by=self._person(row, "author"),
            kind=_text(row, "kind", required=True),
            occurred_on=_date(row, "date"),
            offence_type=_text(row, "offence_type"),
            notes=_text(row, "notes"),
            today=self.today,
        )

    def notification(self, row: dict):
        taken_by = self._person(row, "taken_by")
        assert taken_by is not None  # required
        return notification_record(
            offender=self._offender(row),
            content=NotificationContent(
                kind=_text(row, "kind", required=True).lower(),
                notified_on=_date(row, "date"),
                place=_text(row, "place"),
                taken_by=taken_by,
                changes=[
                    change.strip().lower() for change in _text(row, "changes").split(";") if change.strip()
                ],
                event_on=_date(row, "event_on", required=False),
                home_address=_text(row, "home_address"),
                no_fixed_abode=_yes(row, "no_fixed_abode"),
                details=_text(row, "details"),
                departs_on=_date(row, "departs_on", required=False),
                returns_on=_date(row, "returns_on", required=False),
                destination=_text(row, "destination"),
                carrier=_text(row, "carrier"),
            ),
            acting_user=taken_by,
            today=self.today,
        )


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
        return " ".join(error.messages)
    return str(error)


def import_csv(text: str, *, team: Team, acting_user: Staff, today: datetime.date) -> ImportReport:
    """Check every row and import the file, or import nothing and report every bad row."""
    require(acting_user, Action.IMPORT)
    report = ImportReport()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = {"record", "reference"} - set(reader.fieldnames or ())
    if missing:
        report.errors.append(
            (1, f"The first line must name the columns; missing: {', '.join(sorted(missing))}")
        )
        return report
    importer = Importer(team=team, acting_user=acting_user, today=today)
    handlers: dict[str, Callable] = {kind: getattr(importer, kind) for kind in RECORD_TYPES}
    try:
        with transaction.atomic():
            for row in reader:
                line = reader.line_num
                report.rows += 1
                if report.rows > MAX_ROWS:
                    report.errors.append((line, f"More than {MAX_ROWS:,} rows: import the extract in parts"))
                    break
                kind = _text(row, "record").lower()
                if kind not in handlers:
                    report.errors.append((line, f"record: {kind!r} is not one of {', '.join(RECORD_TYPES)}"))
                    continue
                try:
                    with transaction.atomic():  # a savepoint: a refused row leaves no trace
                        handlers[kind](row)
                except (RowError, ValidationError, PermissionDenied) as error:
                    report.errors.append((line, f"{kind}: {_reason(error)}"))
                    continue
                report.imported[kind] = report.imported.get(kind, 0) + 1
            if report.errors:
                raise _Rollback
    except _Rollback:
        report.imported = {}
    return report
