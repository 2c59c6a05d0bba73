"""What a senior leader stumbled on in the dashboards (issue 15, items 15, 19, 20, 23, 24)."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from outstanding.services import outstanding_recompute_all
from rules.choices import RiskLevel
from tests import factories
from tests.dates import days_ago, today
from workforce.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor():
    return factories.SupervisorFactory()


@pytest.fixture
def leader(supervisor):
    return factories.StaffFactory(role=Role.SENIOR_LEADER, team=None, force=supervisor.force)


@pytest.fixture
def om(supervisor):
    om = factories.StaffFactory(team=supervisor.team, supervisor=supervisor)
    for risk in (RiskLevel.MEDIUM, RiskLevel.MEDIUM, RiskLevel.VERY_HIGH):
        offender = factories.OffenderFactory(
            team=om.team, offender_manager=om, risk_level=risk, managed_since=days_ago(900)
        )
        factories.VisitFactory(offender=offender, visited_on=days_ago(400))
    outstanding_recompute_all()
    return om


def test_a_label_mid_sentence_keeps_its_acronyms():
    from kit.text import mid_sentence

    assert mid_sentence("Home visits") == "home visits"
    assert mid_sentence("ARMS assessments") == "ARMS assessments"
    assert mid_sentence("RMP reviews") == "RMP reviews"
    assert mid_sentence("PND checks") == "PND checks"
    assert mid_sentence("ViSOR") == "ViSOR"


def test_outstanding_work_keeps_arms_rmp_and_pnd_in_capitals(client, leader, om):
    """Item 15: the dashboard's tables and the lists behind them."""
    client.force_login(leader)
    page = client.get(reverse("dashboard"), {"scope": f"team:{om.team_id}"}).content.decode()
    for title in ("Outstanding ARMS assessments", "Outstanding RMP reviews", "Outstanding PND checks"):
        assert title in page
    assert "Outstanding reactive annual checks and RMP reviews" in page
    for lowered in ("arms assessments", "rmp reviews", "pnd checks"):
        assert lowered not in page
    listing = client.get(
        reverse("dashboard-list", args=["outstanding"]), {"scope": f"team:{om.team_id}", "group": "rmp"}
    )
    assert listing.context["listing"].title == "Outstanding RMP reviews"


def test_exported_ratios_are_rounded_as_the_page_shows_them(client, leader, om):
    """Item 19: 4 nominals over 3 offender managers is 1.3, not 1.3333333333333333."""
    factories.StaffFactory(team=om.team, supervisor=om.supervisor)
    other = factories.StaffFactory(team=om.team, supervisor=om.supervisor)
    factories.OffenderFactory(team=om.team, offender_manager=other, managed_since=days_ago(900))
    client.force_login(leader)
    scope = {"scope": f"team:{om.team_id}", "export": "staffing"}
    page = client.get(reverse("dashboard"), {"scope": scope["scope"]}).content.decode()
    assert ">1.3</td>" in page
    rows = list(
        csv.reader(io.StringIO(client.get(reverse("dashboard"), {**scope, "format": "csv"}).content.decode()))
    )
    assert ["Nominals per offender manager", "1.3"] in rows
    assert not any("1.333" in value for row in rows for value in row)
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("dashboard"), {**scope, "format": "xlsx"}).content)
    )
    values = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    assert ["Nominals per offender manager", 1.3] in values


def test_the_oldest_overdue_export_keeps_the_offender_and_the_days_overdue(client, leader, om):
    """Item 20: the export says who and how late, with the date in GOV.UK style."""
    offender = om.caseload.get(risk_level=RiskLevel.VERY_HIGH)
    item = offender.outstanding_items.filter(kind="visit").order_by("due_on").first()
    client.force_login(leader)
    scope = {"scope": f"team:{om.team_id}", "export": "oldest"}
    rows = list(
        csv.reader(io.StringIO(client.get(reverse("dashboard"), {**scope, "format": "csv"}).content.decode()))
    )
    very_high = next(row for row in rows if row[0] == "Very high")
    visits = very_high[rows[0].index("Home visits")]
    overdue = (today() - item.due_on).days
    assert f"{offender.last_name.upper()}, {offender.first_name}" in visits
    assert f"{overdue:,} days overdue" in visits
    assert f"{item.due_on.day} {item.due_on:%B %Y}" in visits
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("dashboard"), {**scope, "format": "xlsx"}).content)
    )
    cells = [value for row in workbook.active.iter_rows(values_only=True) for value in row]
    assert any(isinstance(v, str) and offender.last_name.upper() in v and "days overdue" in v for v in cells)


def test_the_officer_dashboard_leaves_out_rows_that_do_not_apply_to_one_officer(client, leader, om):
    """Item 23: no "Supervisors in post 0" on one officer's dashboard; the team's keeps them."""
    client.force_login(leader)
    officer = client.get(reverse("dashboard"), {"scope": f"om:{om.pk}"})
    rows = [row.header.value for row in officer.context["board"].table("staffing").rows]
    for absent in (
        "Offender managers in post",
        "Supervisors in post",
        "Supervisors available",
        "Vacant offender manager posts",
        "Offender managers per supervisor",
        "Nominals per supervisor",
    ):
        assert absent not in rows
        assert absent not in officer.content.decode()
    assert "Nominals per offender manager" not in rows and "Nominals managed" in officer.content.decode()
    team = client.get(reverse("dashboard"), {"scope": f"team:{om.team_id}"}).context["board"]
    team_rows = [row.header.value for row in team.table("staffing").rows]
    assert "Supervisors in post" in team_rows and "Vacant offender manager posts" in team_rows


def test_the_api_accepts_every_scope_the_page_accepts(client, leader, om):
    """Item 24: one parser for the page and the API, so `force:<id>` works in both."""
    client.force_login(leader)
    for token in (
        "force",
        f"force:{leader.force_id}",
        f"team:{om.team_id}",
        f"om:{om.pk}",
        f"force:{leader.force_id + 1000}",
        "force:",
        "team:",
        "team:x",
        "team:99999999999999999999",
        "om:١٢",
        "nonsense",
    ):
        page = client.get(reverse("dashboard"), {"scope": token}).status_code
        api = client.get(reverse("api-dashboard"), {"scope": token})
        assert page == api.status_code, token
        if api.status_code == 200:
            assert (
                api.json()["scope"]
                == client.get(reverse("dashboard"), {"scope": token}).context["scope"].token
            )
    data = client.get(reverse("api-dashboard"), {"scope": f"force:{leader.force_id}"}).json()
    assert data["scope"] == "force" and data["metrics"]["total"] == 3


def test_the_demo_backfills_a_year_of_weekly_and_monthly_snapshots(client, leader, om):
    """Item 22: trends show a year of points on the demo's first run, not one; the backfilled
    runs keep figures only and are not offered for reconciliation; running it again adds none."""
    from django.core.management import call_command

    from dashboards.models import SnapshotRun

    call_command("snapshot", "--period", "weekly", "--period", "monthly", "--backfill")
    weekly = SnapshotRun.objects.filter(period="weekly").order_by("taken_on")
    monthly = SnapshotRun.objects.filter(period="monthly").order_by("taken_on")
    assert weekly.count() == 53 and monthly.count() == 13  # today's and a year before it
    backfilled = SnapshotRun.objects.exclude(taken_on=today())
    assert all(run.taken_on.weekday() == 0 for run in backfilled.filter(period="weekly"))
    assert all(run.taken_on.day == 1 for run in backfilled.filter(period="monthly"))
    assert weekly.first().taken_on >= today() - datetime.timedelta(days=371)
    assert not backfilled.filter(offenders__gt=0).exists() and not backfilled.filter(items__gt=0).exists()
    call_command("snapshot", "--backfill", "--period", "daily")
    assert SnapshotRun.objects.exclude(period="daily").count() == 66
    client.force_login(leader)
    board = client.get(reverse("dashboard"), {"scope": f"team:{om.team_id}"}).context["board"]
    for period in ("weekly", "monthly"):
        trend = board.table(f"trend_{period}")
        assert len(trend.rows) == 12
        assert trend.rows[-1].header.value == f"{today().day} {today():%B %Y}"
        # As if on each date: less had fallen overdue a year ago than today.
        assert trend.rows[0].cells[2].value <= trend.rows[-1].cells[2].value
    page = client.get(reverse("dashboard-reconciliation"), {"scope": f"team:{om.team_id}"})
    assert [run.taken_on for run in page.context["weekly_runs"]] == [today()]
