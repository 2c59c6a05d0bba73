"""Importing a CSV extract: rows go through the same services; a bad row is reported with its
line and reason, and nothing from a refused file is kept."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from offenders.models import AuditEvent, AuditOperation, Offender
from risk.importer import import_csv
from risk.models import ArmsAssessment
from rules.choices import WorkflowStatus
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
