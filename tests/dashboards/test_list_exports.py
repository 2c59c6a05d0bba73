"""The records behind a dashboard number download as CSV and XLSX: the whole list, the page's
columns, the list page's scope checks, logged as a disclosure (issue 15, item 21)."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dashboards.dashboard_views import LIST_PAGE_SIZE
from offenders.models import AuditEvent, AuditOperation
from outstanding.services import outstanding_recompute_all
from rules.choices import RiskLevel
from tests import factories
from tests.dates import days_ago
from workforce.models import Role

pytestmark = pytest.mark.django_db

CASELOAD = LIST_PAGE_SIZE + 5  # more than one page
EXPORT_BUDGET = 12  # 7 to 9 today, for 55 records and their visits


@pytest.fixture
def leader(supervisor):
    return factories.StaffFactory(role=Role.SENIOR_LEADER, team=None, force=supervisor.force)


@pytest.fixture
def caseload(supervisor):
    om = factories.StaffFactory(team=supervisor.team, supervisor=supervisor)
    offenders = factories.OffenderFactory.create_batch(
        CASELOAD, team=om.team, offender_manager=om, risk_level=RiskLevel.MEDIUM, managed_since=days_ago(900)
    )
    outstanding_recompute_all()
    return offenders


def offenders_url(scope):
    return reverse("dashboard-list", args=["offenders"]), {"scope": scope}


def test_the_list_page_links_to_csv_and_xlsx_downloads_of_the_whole_list(client, leader, caseload):
    client.force_login(leader)
    url, params = offenders_url(f"team:{caseload[0].team_id}")
    page = client.get(url, params)
    body = page.content.decode()
    assert "Download as CSV" in body and "Download as XLSX" in body
    assert len(page.context["rows"]) == LIST_PAGE_SIZE  # the page shows one page of the list

    response = client.get(url, {**params, "format": "csv"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == page.context["listing"].columns
    assert len(rows) - 1 == CASELOAD == page.context["page"].paginator.count
    references = [row[1] for row in rows[1:]]
    assert sorted(references) == sorted(offender.reference for offender in caseload)
    known = caseload[0]
    assert [
        f"{known.last_name.upper()}, {known.first_name}",
        known.reference,
        "Medium",
    ] == next(row for row in rows[1:] if row[1] == known.reference)[:3]
    # The first rows are the page's rows, in the same order.
    assert [row[1] for row in rows[1 : LIST_PAGE_SIZE + 1]] == [
        cells[1].text for cells in page.context["rows"]
    ]

    workbook = load_workbook(io.BytesIO(client.get(url, {**params, "format": "xlsx"}).content))
    values = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    assert values[1] == rows[0]
    assert values[2:] == [[value or None for value in row] for row in rows[1:]]

    assert client.get(url, {**params, "format": "pdf"}).status_code == 404


def test_a_download_is_logged_as_a_disclosure_of_every_offender_listed(client, leader, caseload):
    client.force_login(leader)
    url, params = offenders_url(f"team:{caseload[0].team_id}")
    client.get(url, {**params, "format": "csv"})
    disclosed = AuditEvent.objects.filter(operation=AuditOperation.DISCLOSURE, actor_id=leader.pk)
    assert set(disclosed.values_list("offender_id", flat=True)) == {offender.pk for offender in caseload}
    assert disclosed.first().record_type == "export dashboard offenders"


def test_someone_outside_the_scope_is_refused_the_download_as_they_are_the_list(client, supervisor, caseload):
    url, params = offenders_url(f"team:{caseload[0].team_id}")
    outsider = factories.SupervisorFactory(team=factories.TeamFactory(force=supervisor.force))
    client.force_login(outsider)
    assert client.get(url, params).status_code == 404
    assert client.get(url, {**params, "format": "csv"}).status_code == 404
    assert client.get(url, {**params, "format": "xlsx"}).status_code == 404
    om = caseload[0].offender_manager
    client.force_login(om)
    assert client.get(url, params).status_code == 403
    assert client.get(url, {**params, "format": "csv"}).status_code == 403
    assert not AuditEvent.objects.filter(operation=AuditOperation.DISCLOSURE).exists()


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        ("offenders", {}),
        ("outstanding", {}),
        ("staff", {"measure": "offender_managers"}),
        ("visits", {}),
        ("abstractions", {}),
    ],
)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_download_costs_a_bounded_number_of_queries(
    client, leader, caseload, kind, params, file_format, django_assert_max_num_queries
):
    for offender in caseload:
        factories.VisitFactory(offender=offender, visited_on=days_ago(30))
    client.force_login(leader)
    with django_assert_max_num_queries(EXPORT_BUDGET):
        response = client.get(
            reverse("dashboard-list", args=[kind]),
            {"scope": f"team:{caseload[0].team_id}", **params, "format": file_format},
        )
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
