"""Importing a CSV extract: rows go through the same services; a bad row is reported with its
line and reason, and nothing from a refused file is kept."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from offenders.models import AuditEvent, AuditOperation, Offender, RegistrationNotification
from offenders.permissions import NOT_YOUR_CASE
from outstanding.selectors import due_work
from risk.importer import import_csv
from risk.models import ArmsAssessment
from rules.choices import WorkflowStatus
from rules.due import DueKind
from tests import factories
from visits.models import Visit

pytestmark = pytest.mark.django_db

COLUMNS = (
    "record,reference,first_name,last_name,date_of_birth,offender_type,mappa_category,disposal,relevant_date,"
    "notification_starts_on,managed_since,offender_manager,date,risk_level,outcome,crew_size,co_attending_officer,"
    "author,reviewed_by,reviewed_on,review_text"
)
REVIEW = (
    "Assessment scored correctly against the factors recorded; agree medium risk and the plan to "
    "review after the move to the new address."
)


@pytest.fixture
def team_people():
    supervisor = factories.SupervisorFactory(username="sgt.fiddle")
    om = factories.StaffFactory(team=supervisor.team, supervisor=supervisor, username="om.quill")
    partner = factories.StaffFactory(team=supervisor.team, username="om.bramble")
    return supervisor, om, partner


def extract(*rows: str) -> str:
    return "\n".join([COLUMNS, *rows]) + "\n"


NOMINAL = (
    "nominal,VSR-IMP-1,Zanwick,Pebblethorn,1970-05-01,rso,1,other,2020-01-10,2020-01-10,2020-01-10,om.quill"
)
NOMINAL_2 = (
    "nominal,VSR-IMP-2,Ozric,Thimblewood,12/08/1982,rso,1,caution,2021-06-01,2021-06-01,2021-06-01,om.quill"
)
ARMS = f'arms,VSR-IMP-1,,,,,,,,,,,2026-03-01,medium,,,,om.quill,sgt.fiddle,2026-03-10,"{REVIEW}"'
VISIT = "visit,VSR-IMP-1,,,,,,,,,,,2026-05-01,,seen,2,om.bramble,om.quill,,,"


def test_a_good_extract_imports_every_row_through_the_services(team_people):
    supervisor, om, _ = team_people
    report = import_csv(
        extract(NOMINAL, NOMINAL_2, ARMS, VISIT),
        team=om.team,
        acting_user=supervisor,
        today=timezone.localdate(),
    )
    assert report.ok and report.imported == {"nominal": 2, "arms": 1, "visit": 1}
    offender = Offender.objects.get(reference="VSR-IMP-1")
    assert offender.offender_manager == om and offender.notification_period_months == 60
    assert ArmsAssessment.objects.get(offender=offender).status == WorkflowStatus.SIGNED_OFF
    assert Visit.objects.get(offender=offender).status == WorkflowStatus.SUBMITTED  # no review: awaits one
    assert AuditEvent.objects.filter(operation=AuditOperation.COLLECTION, offender_id=offender.pk).exists()


def test_a_bad_row_is_reported_with_its_line_and_nothing_is_kept(team_people):
    supervisor, om, _ = team_people
    bad_date = NOMINAL_2.replace("12/08/1982", "31/02/1982")
    unknown_nominal = VISIT.replace("VSR-IMP-1", "VSR-NOBODY")
    report = import_csv(
        extract(NOMINAL, bad_date, ARMS, unknown_nominal, "parole,VSR-IMP-1"),
        team=om.team,
        acting_user=supervisor,
        today=timezone.localdate(),
    )
    assert not report.ok and report.imported == {}
    lines = dict(report.errors)
    assert set(lines) == {3, 5, 6}
    assert "date_of_birth" in lines[3] and "not a date" in lines[3]
    assert "no nominal VSR-NOBODY" in lines[5]
    assert "'parole' is not one of" in lines[6]
    assert not Offender.objects.exists() and not ArmsAssessment.objects.exists()
    assert not AuditEvent.objects.filter(operation=AuditOperation.COLLECTION).exists()


def test_a_service_refusal_is_reported_in_its_words(team_people):
    supervisor, om, _ = team_people
    future = ARMS.replace("2026-03-01", "2099-03-01")
    report = import_csv(
        extract(NOMINAL, future), team=om.team, acting_user=supervisor, today=timezone.localdate()
    )
    assert report.errors == [(3, "arms: assessed_on: The assessment date must be today or in the past.")]


def test_a_file_without_the_columns_is_refused():
    supervisor = factories.SupervisorFactory()
    report = import_csv(
        "name,dob\nx,y\n", team=supervisor.team, acting_user=supervisor, today=timezone.localdate()
    )
    assert report.errors == [(1, "The first line must name the columns; missing: record, reference")]


def test_a_supervisor_imports_through_the_page(client, team_people):
    supervisor, om, _ = team_people
    client.force_login(supervisor)
    upload = SimpleUploadedFile("extract.csv", extract(NOMINAL, ARMS).encode(), content_type="text/csv")
    response = client.post(reverse("import-extract", args=[om.team.pk]), {"extract": upload})
    assert response.status_code == 302 and Offender.objects.filter(reference="VSR-IMP-1").exists()


def test_the_page_lists_refused_rows(client, team_people):
    supervisor, om, _ = team_people
    client.force_login(supervisor)
    upload = SimpleUploadedFile("extract.csv", extract(NOMINAL, "parole,X").encode(), content_type="text/csv")
    page = client.post(reverse("import-extract", args=[om.team.pk]), {"extract": upload}).content.decode()
    assert "Nothing was imported: 1 row refused" in page and "&#x27;parole&#x27; is not one of" in page


def test_offender_managers_cannot_import(client, team_people):
    _, om, _ = team_people
    client.force_login(om)
    assert client.get(reverse("import-extract", args=[om.team.pk])).status_code == 403


def test_the_command_imports_or_reports(tmp_path, team_people):
    supervisor, om, _ = team_people
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(extract(NOMINAL))
    bad.write_text(extract(NOMINAL_2.replace("rso", "wizard")))
    out = io.StringIO()
    call_command(
        "import_nominals", str(good), "--team", str(om.team.pk), "--by", supervisor.username, stdout=out
    )
    assert "Imported 1 rows" in out.getvalue()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command(
            "import_nominals",
            str(bad),
            "--team",
            str(om.team.pk),
            "--by",
            supervisor.username,
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )


NOTIFICATION_COLUMNS = (
    "record,reference,first_name,last_name,date_of_birth,offender_type,mappa_category,disposal,"
    "sentence_months,relevant_date,released_on,licence_ends_on,managed_since,offender_manager,"
    "kind,date,place,taken_by,changes,event_on,home_address,no_fixed_abode,departs_on,returns_on,"
    "destination,carrier"
)
NOTIFIED_NOMINAL = (
    "nominal,VSR-IMP-3,Quenby,Larkspindle,1975-02-03,rso,1,custody,40,2019-03-01,2020-11-01,2022-07-01,"
    "2020-11-01,om.quill"
)
STATION = "Testbridge Police Station"
HOME = '"14 Imaginary Lane, Testbridge"'
NOTIFICATIONS = (
    f"notification,VSR-IMP-3,,,,,,,,,,,,,initial,2020-11-02,{STATION},om.quill,,,{HOME},no,,,,",
    f"notification,VSR-IMP-3,,,,,,,,,,,,,periodic,2021-10-20,{STATION},sgt.fiddle,,,{HOME},no,,,,",
    f"notification,VSR-IMP-3,,,,,,,,,,,,,change,2023-03-03,{STATION},om.quill,home_address;bank_account,"
    '2023-03-01,"3 Placeholder Row, Testbridge",,,,,',
    f"notification,VSR-IMP-3,,,,,,,,,,,,,travel,2025-06-01,{STATION},om.quill,,,,,2025-07-01,2025-07-10,"
    "Spain,Example Air EX 412",
    f"notification,VSR-IMP-3,,,,,,,,,,,,,travel_return,2025-07-11,{STATION},om.quill,,2025-07-10,,,,,,",
    f"notification,VSR-IMP-3,,,,,,,,,,,,,periodic,2025-09-15,{STATION},om.quill,,,"
    '"3 Placeholder Row, Testbridge",no,,,,',
)
NOTIFIED_TODAY = datetime.date(2026, 6, 1)


def notification_extract(*rows: str) -> str:
    return "\n".join([NOTIFICATION_COLUMNS, *rows]) + "\n"


def test_notifications_import_and_the_next_periodic_one_falls_due(team_people):
    supervisor, om, _ = team_people
    report = import_csv(
        notification_extract(NOTIFIED_NOMINAL, *NOTIFICATIONS),
        team=om.team,
        acting_user=supervisor,
        today=NOTIFIED_TODAY,
    )
    assert report.ok, report.errors
    assert report.imported == {"nominal": 1, "notification": 6}
    offender = Offender.objects.get(reference="VSR-IMP-3")
    rows = list(offender.notifications.order_by("notified_on"))
    assert [row.kind for row in rows] == [
        "initial",
        "periodic",
        "change",
        "travel",
        "travel_return",
        "periodic",
    ]
    assert rows[0].taken_by == rows[0].recorded_by == om
    assert rows[1].taken_by == rows[1].recorded_by == supervisor
    assert rows[2].changes == ["bank_account", "home_address"] and rows[2].event_on == datetime.date(
        2023, 3, 1
    )
    assert (rows[3].departs_on, rows[3].destination) == (datetime.date(2025, 7, 1), "Spain")
    assert offender.notification_history_from == datetime.date(2020, 11, 1)  # the start of management
    due = {
        entry.item.kind: entry
        for entry in due_work(Offender.objects.all(), today=NOTIFIED_TODAY)[offender.pk]
    }
    assert due[DueKind.NOTIFICATION_PERIODIC].item.due_on == datetime.date(2026, 9, 15)
    assert not due[DueKind.NOTIFICATION_PERIODIC].is_overdue
    assert DueKind.NOTIFICATION_INITIAL not in due and DueKind.TRAVEL_RETURN not in due


def test_a_refused_notification_is_reported_with_its_line_and_nothing_is_kept(team_people):
    supervisor, om, _ = team_people
    no_changes = NOTIFICATIONS[2].replace("home_address;bank_account", "")
    before_relevant_date = NOTIFICATIONS[1].replace("2021-10-20", "2018-10-20")
    not_their_case = NOTIFICATIONS[5].replace("om.quill", "om.bramble")
    report = import_csv(
        notification_extract(
            NOTIFIED_NOMINAL, NOTIFICATIONS[0], before_relevant_date, no_changes, not_their_case
        ),
        team=om.team,
        acting_user=supervisor,
        today=NOTIFIED_TODAY,
    )
    assert report.errors == [
        (4, "notification: notified_on: The notification cannot be before the relevant date, 1 March 2019."),
        (5, "notification: changes: Select what changed."),
        (6, f"notification: {NOT_YOUR_CASE}"),
    ]
    assert report.imported == {}
    assert not Offender.objects.exists() and not RegistrationNotification.objects.exists()


# Issue 13: an extract writes nothing in the name of people outside the team imported into.


def test_a_nominal_is_not_placed_with_another_teams_offender_manager(team_people):
    supervisor, om, _ = team_people
    elsewhere = factories.StaffFactory(team=factories.TeamFactory(force=om.force), username="om.elsewhere")
    report = import_csv(
        extract(NOMINAL.replace("om.quill", elsewhere.username)),
        team=om.team,
        acting_user=supervisor,
        today=timezone.localdate(),
    )
    assert report.errors == [
        (
            2,
            "nominal: offender_manager: om.elsewhere is not in "
            f"{om.team.name}; an extract may name only the team's own people (import another team's "
            "nominals into that team)",
        )
    ]
    assert not Offender.objects.exists() and not AuditEvent.objects.exists()


def test_a_record_is_not_signed_off_by_another_teams_supervisor(team_people):
    supervisor, om, _ = team_people
    other_sergeant = factories.SupervisorFactory(force=om.force, username="sgt.elsewhere")
    report = import_csv(
        extract(NOMINAL, ARMS.replace("sgt.fiddle", other_sergeant.username)),
        team=om.team,
        acting_user=supervisor,
        today=timezone.localdate(),
    )
    assert not report.ok and "reviewed_by: sgt.elsewhere is not in" in dict(report.errors)[3]
    assert not Offender.objects.exists() and not ArmsAssessment.objects.exists()
