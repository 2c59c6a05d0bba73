"""Dashboard pages, access, exports, snapshots and their reconciliation, and the API."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from dashboards.metrics import Level
from dashboards.models import MetricSnapshot, SnapshotItem, SnapshotOffender, SnapshotRun
from dashboards.snapshots import periods_due, reconcile, snapshot_take
from dashboards.tasks import nightly
from offenders.models import Offender
from outstanding.services import outstanding_recompute_all
from rules.choices import OffenderStatus, RiskLevel
from tests import factories
from tests.dates import days_ago, today
from workforce.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(supervisor):
    return factories.StaffFactory(role=Role.SENIOR_LEADER, team=None, force=supervisor.force)


def caseload(om, n, risk=RiskLevel.MEDIUM):
    offenders = factories.OffenderFactory.create_batch(
        n, team=om.team, offender_manager=om, risk_level=risk, managed_since=days_ago(900)
    )
    for offender in offenders:
        factories.VisitFactory(offender=offender, visited_on=days_ago(400))
    return offenders


@pytest.fixture
def team(supervisor):
    om = factories.StaffFactory(team=supervisor.team, supervisor=supervisor)
    caseload(om, 4)
    caseload(om, 2, RiskLevel.VERY_HIGH)
    outstanding_recompute_all()
    return supervisor.team


def test_a_senior_leader_sees_the_force_and_drills_down_to_a_team_and_an_officer(client, leader, team):
    client.force_login(leader)
    page = client.get(reverse("dashboard"))
    assert page.status_code == 200 and page.context["scope"].level == Level.FORCE
    assert f"?scope=team:{team.pk}" in page.content.decode()
    team_page = client.get(reverse("dashboard"), {"scope": f"team:{team.pk}"})
    om = team.staff.filter(role=Role.OFFENDER_MANAGER).first()
    assert f"?scope=om:{om.pk}" in team_page.content.decode()
    assert client.get(reverse("dashboard"), {"scope": f"om:{om.pk}"}).status_code == 200


def test_a_supervisor_sees_their_team_but_not_the_force_or_other_teams(client, supervisor, team):
    client.force_login(supervisor)
    assert client.get(reverse("dashboard")).context["scope"].team == team
    assert client.get(reverse("dashboard"), {"scope": "force"}).status_code == 404
    other = factories.TeamFactory(force=supervisor.force)
    assert client.get(reverse("dashboard"), {"scope": f"team:{other.pk}"}).status_code == 404
    assert client.get(reverse("dashboard"), {"scope": "team:x"}).status_code == 404


@pytest.mark.parametrize("role", [Role.OFFENDER_MANAGER, Role.ADMIN])
def test_other_roles_have_no_dashboards(client, team, role):
    client.force_login(factories.StaffFactory(role=role, team=team))
    assert client.get(reverse("dashboard")).status_code == 403
    assert client.get(reverse("api-dashboard")).status_code == 403


def test_another_forces_scopes_are_not_found(client, leader):
    elsewhere = factories.TeamFactory()
    client.force_login(leader)
    assert client.get(reverse("dashboard"), {"scope": f"team:{elsewhere.pk}"}).status_code == 404
    assert client.get(reverse("dashboard"), {"scope": f"force:{elsewhere.force_id}"}).status_code == 404


def test_the_api_needs_authentication(client):
    assert client.get(reverse("api-dashboard")).status_code in (401, 403)


def test_the_api_gives_the_scope_metrics_and_children(client, leader, team):
    client.force_login(leader)
    data = client.get(reverse("api-dashboard"), {"scope": f"team:{team.pk}"}).json()
    assert data["scope"] == f"team:{team.pk}" and data["metrics"]["community"] == 6
    assert data["metrics"]["by_risk"]["very_high"] == 2
    assert len(data["children"]) == 1 and data["children"][0]["metrics"]["total"] == 6


def test_a_table_exports_as_csv_and_xlsx_with_the_numbers_shown(client, leader, team):
    client.force_login(leader)
    scope = {"scope": f"team:{team.pk}", "export": "risk"}
    response = client.get(reverse("dashboard"), {**scope, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Risk level", "Nominals"]
    assert ["Very high", "2"] in rows and ["Medium", "4"] in rows
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("dashboard"), {**scope, "format": "xlsx"}).content)
    )
    values = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    assert ["Very high", 2] in values and ["Medium", 4] in values
    assert client.get(reverse("dashboard"), {**scope, "format": "pdf"}).status_code == 404
    assert client.get(reverse("dashboard"), {"scope": "force", "export": "nonsense"}).status_code == 404


def test_exported_text_cannot_run_as_a_spreadsheet_formula(client, leader, team):
    om = team.staff.filter(role=Role.OFFENDER_MANAGER).first()
    om.first_name, om.last_name = "=HYPERLINK(", "evil)"
    om.save()
    client.force_login(leader)
    body = client.get(
        reverse("dashboard"), {"scope": f"team:{team.pk}", "export": "breakdown", "format": "csv"}
    )
    assert "'=HYPERLINK(" in body.content.decode()


def test_the_records_behind_a_number_are_limited_to_what_the_user_may_see(client, supervisor, team):
    client.force_login(supervisor)
    url = reverse("dashboard-list", args=["offenders"])
    listed = client.get(url, {"scope": f"team:{team.pk}", "measure": "risk_very_high"})
    assert listed.context["page"].paginator.count == 2
    assert client.get(url, {"scope": f"team:{team.pk}", "measure": "nonsense"}).status_code == 404
    assert (
        client.get(reverse("dashboard-list", args=["nonsense"]), {"scope": f"team:{team.pk}"}).status_code
        == 404
    )


def test_the_dashboard_costs_the_same_queries_for_a_small_or_large_team(client, leader, supervisor):
    def count(size):
        om = factories.StaffFactory(team=supervisor.team, supervisor=supervisor)
        caseload(om, size)
        outstanding_recompute_all()
        snapshot_take(period=SnapshotRun.Period.WEEKLY, today=today())
        client.force_login(leader)
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get(reverse("dashboard"), {"scope": f"team:{supervisor.team.pk}"}).status_code == 200
            )
        return len(queries)

    assert count(2) == count(40)


def test_snapshots_keep_every_scope_and_taking_one_again_replaces_it(team):
    first = snapshot_take(period=SnapshotRun.Period.WEEKLY, today=today())
    again = snapshot_take(period=SnapshotRun.Period.WEEKLY, today=today())
    assert first.scopes == again.scopes == MetricSnapshot.objects.count() == 3  # force, team, officer
    assert SnapshotRun.objects.count() == 1
    assert SnapshotOffender.objects.count() == Offender.objects.count() == again.offenders == 6
    assert SnapshotItem.objects.count() == again.items > 0
    snapshot = MetricSnapshot.objects.get(level=Level.TEAM, key=team.pk)
    assert snapshot.metrics["community"] == 6


def test_daily_snapshots_keep_only_the_figures(team):
    result = snapshot_take(period=SnapshotRun.Period.DAILY, today=today())
    assert result.scopes == 3 and (result.offenders, result.items) == (0, 0)


def test_snapshots_fall_due_daily_weekly_on_mondays_and_monthly_on_the_first():
    assert periods_due(datetime.date(2026, 11, 24)) == ["daily"]
    assert periods_due(datetime.date(2026, 11, 23)) == ["daily", "weekly"]
    assert periods_due(datetime.date(2027, 2, 1)) == ["daily", "weekly", "monthly"]


def test_reconciliation_agrees_on_the_same_day_and_lists_what_changed_in_between(team):
    snapshot_take(period="weekly", today=today())
    snapshot_take(period="monthly", today=today())
    weekly, monthly = SnapshotRun.objects.get(period="weekly"), SnapshotRun.objects.get(period="monthly")
    assert monthly.offenders == weekly.offenders == 6
    assert reconcile(weekly=weekly, monthly=monthly, level=Level.TEAM, key=team.pk).agrees
    # An offender leaves the team's count after the weekly snapshot; the monthly one no longer has them.
    leaving = Offender.objects.filter(team=team).first()
    Offender.objects.filter(pk=leaving.pk).update(status=OffenderStatus.DECEASED)
    outstanding_recompute_all()
    snapshot_take(period="monthly", today=today())
    monthly = SnapshotRun.objects.get(period="monthly")
    result = reconcile(weekly=weekly, monthly=monthly, level=Level.TEAM, key=team.pk)
    assert result.offenders_only_weekly == [leaving.pk] and result.offenders_only_monthly == []
    assert {row[0] for row in result.items_only_weekly} == {leaving.pk}


def test_the_reconciliation_page_names_the_differences(client, leader, team):
    snapshot_take(period="weekly", today=today())
    leaving = Offender.objects.filter(team=team).first()
    Offender.objects.filter(pk=leaving.pk).update(status=OffenderStatus.NOTIFICATION_ENDED)
    outstanding_recompute_all()
    snapshot_take(period="monthly", today=today())
    client.force_login(leader)
    page = client.get(reverse("dashboard-reconciliation"), {"scope": "force"}).content.decode()
    assert f"{leaving.last_name.upper()}, {leaving.first_name}" in page
    assert "Offenders counted on" in page and "(weekly) and not on" in page


def test_the_nightly_task_recomputes_then_snapshots(team):
    Offender.objects.update(risk_level=RiskLevel.HIGH)
    result = nightly.apply().get()
    assert result["recomputed"]["offenders"] == 6
    assert [s["period"] for s in result["snapshots"]] == periods_due(today())
    daily = MetricSnapshot.objects.get(level=Level.TEAM, key=team.pk, run__period="daily")
    assert daily.metrics["high_risk_community"] == 6


def test_the_snapshot_command_says_what_it_kept(team):
    out = io.StringIO()
    call_command("snapshot", "--period", "weekly", "--period", "daily", stdout=out)
    weekly, daily = out.getvalue().splitlines()
    assert (
        weekly.startswith("Weekly snapshot of") and "figures for 3 scopes and the 6 offenders and" in weekly
    )
    # A daily snapshot keeps no offenders: its line says so rather than "0 offenders kept".
    assert daily.startswith("Daily snapshot of") and "figures for 3 scopes only (the offenders" in daily
    assert "0 offenders" not in daily


def test_trends_show_each_snapshot(client, leader, team):
    for weeks in (2, 1, 0):
        snapshot_take(period="weekly", today=today() - datetime.timedelta(weeks=weeks))
    client.force_login(leader)
    board = client.get(reverse("dashboard"), {"scope": f"team:{team.pk}"}).context["board"]
    trend = board.table("trend_weekly")
    assert len(trend.rows) == 3 and all(row.cells[0].value == 6 for row in trend.rows)
    assert "<polyline" in client.get(reverse("dashboard"), {"scope": f"team:{team.pk}"}).content.decode()
