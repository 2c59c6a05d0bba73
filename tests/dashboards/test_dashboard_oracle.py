"""Every dashboard number, checked against an oracle: the same figures counted here in Python,
straight from the base tables (offenders, staff, absences, visits, abstractions) and the due
engine's answer for each offender — not from the outstanding-work table or the SQL the
dashboards use. On a seeded force with known overdue work."""

import datetime
import io
from collections import Counter, defaultdict
from dataclasses import replace

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from dashboards.dashboard import build
from dashboards.metrics import Level, compute
from dashboards.scopes import Scope
from offenders.models import Offender
from outstanding.selectors import due_work
from outstanding.services import outstanding_recompute_all
from rules.choices import CLOSED_STATUSES, WorkflowStatus
from rules.dates import add_months
from tests.shared_data import built_once
from visits.models import Visit
from workforce.models import Absence, Abstraction, Force, ForcePolicy, Role, Staff, Team

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)
HIGH = {"high", "very_high"}
# Sickness, parental leave, suspension, secondment or a vacancy of the policy's length or more
# (planned, or lasted so far when open-ended); never annual leave or "other".
LONG_TERM_KINDS = {"long_term_sickness", "short_sickness", "parental", "suspension", "secondment", "vacancy"}
GROUPS = {
    "visit": {"visit"},
    "arms": {"arms"},
    "rmp": {"rmp_review"},
    "post_licence": {"post_licence_arms_rmp"},
    "review": {"supervisor_review_arms", "supervisor_review_rmp", "supervisor_review_visit"},
    "reactive": {"reactive_checks", "reactive_rmp_review"},
    "pnd": {"pnd_check"},
    "condition_check": {"condition_check"},
    "notification": {
        "notification_initial",
        "notification_release",
        "notification_periodic",
        "travel_return",
    },
    "address_verification": {"address_verification"},
}


@pytest.fixture
def on_today():
    """Pages and the API take today from the clock: set it to TODAY, so the lists they give
    match the numbers built for TODAY whatever the date the suite runs on."""
    noon = datetime.datetime.combine(TODAY, datetime.time(12), tzinfo=timezone.get_current_timezone())
    with time_machine.travel(noon, tick=True):
        yield


@pytest.fixture(scope="module")
def force(django_db_setup, django_db_blocker):
    """One seeded force for the whole module: the tests only read it (and count it)."""
    with built_once(django_db_blocker) as unblocked:
        with unblocked():
            call_command("seed_demo", offenders=400, seed=11, today=TODAY, stdout=io.StringIO())
            outstanding_recompute_all()
            force = Force.objects.get()
        yield force


def band(due_on):
    if due_on >= TODAY:
        return "not_yet"
    if due_on >= add_months(TODAY, -1):
        return "up_to_1"
    if due_on >= add_months(TODAY, -3):
        return "1_to_3"
    if due_on >= add_months(TODAY, -12):
        return "3_to_12"
    return "over_12"


def covers_today(absence):
    return absence.starts_on <= TODAY and (absence.ends_on is None or absence.ends_on >= TODAY)


def long_term(absence, days):
    lasts_until = absence.ends_on or TODAY
    return absence.kind in LONG_TERM_KINDS and (lasts_until - absence.starts_on).days + 1 >= days


def oracle(level, key, force, policy):
    """The metrics of one scope, counted in Python."""
    column = {"force": "force_id", "team": "team_id", "om": "offender_manager_id"}[level]
    everyone = list(Offender.objects.filter(force=force))
    mine = [o for o in everyone if getattr(o, column) == key]
    managed = [o for o in mine if o.status not in CLOSED_STATUSES]
    due = due_work(Offender.objects.filter(pk__in=[o.pk for o in managed]), today=TODAY)

    def late(offender, kinds):
        return any(a.item.kind in kinds and a.item.due_on < TODAY for a in due[offender.pk])

    community = [o for o in managed if o.status == "community"]
    community_rso = [o for o in community if o.offender_type == "rso"]
    police = [o for o in managed if o.lead_agency == "police"]
    expected = {
        "total": len(managed),
        "community": len(community),
        "community_rso": len(community_rso),
        "police_led_community": sum(o.lead_agency == "police" for o in community),
        "reactive": sum(o.management_mode == "reactive" for o in managed),
        "wanted_or_missing": sum(o.status in ("wanted", "missing") for o in managed),
        "in_custody": sum(o.status == "custody" for o in managed),
        "high_risk_community": sum(o.risk_level in HIGH for o in community),
        "high_risk_community_rso": sum(o.risk_level in HIGH for o in community_rso),
        "police_led": len(police),
        "arms_complete": sum(not late(o, {"arms", "post_licence_arms_rmp"}) for o in police),
        "rmp_complete": sum(
            not late(o, {"rmp_review", "post_licence_arms_rmp", "reactive_rmp_review"}) for o in police
        ),
        "by_risk": {
            risk: sum((o.risk_level or "none") == risk for o in managed)
            for risk in ("very_high", "high", "medium", "low", "none")
        },
    }
    outstanding = {g: defaultdict(Counter) for g in GROUPS}
    for offender in managed:
        for assessed in due[offender.pk]:
            group = next(g for g, kinds in GROUPS.items() if assessed.item.kind in kinds)
            outstanding[group][offender.risk_level or "none"][band(assessed.item.due_on)] += 1
    expected["outstanding"] = {
        g: {risk: dict(outstanding[g][risk]) for risk in outstanding[g]} for g in GROUPS
    }

    staff_column = {"force": "force_id", "team": "team_id", "om": "pk"}[level]
    people = [s for s in Staff.objects.filter(force=force) if getattr(s, staff_column) == key]
    absences = [a for a in Absence.objects.filter(staff__in=people) if covers_today(a)]
    away = {a.staff_id for a in absences if long_term(a, policy.long_term_absence_days)}
    oms = [s for s in people if s.is_active and s.role == Role.OFFENDER_MANAGER]
    supervisors = [s for s in people if s.is_active and s.role == Role.SUPERVISOR]
    expected |= {
        "offender_managers": len(oms),
        "offender_managers_available": sum(s.pk not in away for s in oms),
        "supervisors": len(supervisors),
        "supervisors_available": sum(s.pk not in away for s in supervisors),
        "vacancies": sum(a.kind == "vacancy" and not a.staff.is_active for a in absences),
    }
    over_target = over_share = needing_cover = 0
    for om in oms:
        held = [o for o in everyone if o.offender_manager_id == om.pk and o.status not in CLOSED_STATUSES]
        # 50/20 counts community RSOs, or every type where the force counts them all.
        in_community = [
            o
            for o in held
            if o.status == "community" and (o.offender_type == "rso" or policy.fifty_twenty_counts_all_types)
        ]
        high = sum(o.risk_level in HIGH for o in in_community)
        over_target += len(in_community) > policy.caseload_target
        over_share += high * 100 > policy.high_risk_share_max_percent * len(in_community)
        needing_cover += om.pk in away and bool(held)
    expected |= {"over_target": over_target, "over_share": over_share, "needing_cover": needing_cover}
    return expected


def observed(metrics):
    data = metrics.as_dict()
    data["outstanding"] = {
        group: {
            risk: {b: n for b, n in bands.items() if n}
            for risk, bands in risks.items()
            if any(bands.values())
        }
        for group, risks in data["outstanding"].items()
    }
    return data


def check(level, keys, force, policy):
    computed = compute(level, keys=keys, force_id=force.pk, today=TODAY, policy=policy)
    for key in keys:
        expected = oracle(level, key, force, policy)
        got = observed(computed[key])
        assert {name: got[name] for name in expected} == expected, (level, key)
        # The derived figures from the counted ones.
        if expected["offender_managers_available"]:
            assert got["ratio_adjusted"] == round(
                expected["community"] / expected["offender_managers_available"], 2
            )
        if expected["police_led"]:
            assert got["arms_completion_percent"] == round(
                100 * expected["arms_complete"] / expected["police_led"], 2
            )
            assert got["rmp_completion_percent"] == round(
                100 * expected["rmp_complete"] / expected["police_led"], 2
            )
        if expected["offender_managers"]:
            assert got["ratio_community_rso"] == round(
                expected["community_rso"] / expected["offender_managers"], 2
            )


def test_the_seeded_force_has_overdue_work_to_count(force):
    policy = ForcePolicy.rules_for(force.pk)
    expected = oracle("force", force.pk, force, policy)
    overdue = sum(
        n
        for g in expected["outstanding"].values()
        for r in g.values()
        for b, n in r.items()
        if b != "not_yet"
    )
    assert overdue > 100 and expected["arms_complete"] < expected["police_led"]
    assert expected["over_share"] + expected["over_target"] > 0


def test_force_metrics_match_the_oracle(force):
    check(Level.FORCE, [force.pk], force, ForcePolicy.rules_for(force.pk))


def test_every_team_matches_the_oracle(force):
    check(
        Level.TEAM,
        list(Team.objects.filter(force=force).values_list("pk", flat=True)),
        force,
        ForcePolicy.rules_for(force.pk),
    )


def test_every_offender_manager_matches_the_oracle(force):
    keys = list(Staff.objects.filter(force=force, role=Role.OFFENDER_MANAGER).values_list("pk", flat=True))
    check(Level.OM, keys, force, ForcePolicy.rules_for(force.pk))


def test_with_every_type_counted_for_50_20_every_team_and_officer_matches_the_oracle(force):
    """A force may count every managed type towards 50/20 (`fifty_twenty_counts_all_types`); the
    seeded force has community nominals of other types, so the two settings differ."""
    counted_all = replace(ForcePolicy.rules_for(force.pk), fifty_twenty_counts_all_types=True)
    guidance = oracle("force", force.pk, force, ForcePolicy.rules_for(force.pk))
    everyone = oracle("force", force.pk, force, counted_all)
    assert guidance["community_rso"] < guidance["community"]
    assert (guidance["over_target"], guidance["over_share"]) != (
        everyone["over_target"],
        everyone["over_share"],
    )
    check(Level.TEAM, list(Team.objects.filter(force=force).values_list("pk", flat=True)), force, counted_all)
    keys = list(Staff.objects.filter(force=force, role=Role.OFFENDER_MANAGER).values_list("pk", flat=True))
    check(Level.OM, keys, force, counted_all)


def test_the_oldest_overdue_item_at_each_risk_level_matches_the_oracle(force):
    policy = ForcePolicy.rules_for(force.pk)
    board = build(Scope(Level.FORCE, force), today=TODAY, policy=policy)
    table = board.table("oldest")
    managed = Offender.objects.filter(force=force).exclude(status__in=CLOSED_STATUSES)
    due = due_work(managed, today=TODAY)
    risk_of = dict(managed.values_list("pk", "risk_level"))
    oldest = {}
    for offender_id, items in due.items():
        for assessed in items:
            group = next(g for g, kinds in GROUPS.items() if assessed.item.kind in kinds)
            key = (group, risk_of[offender_id] or "none")
            if assessed.item.due_on < TODAY and (key not in oldest or assessed.item.due_on < oldest[key]):
                oldest[key] = assessed.item.due_on
    labels = {
        "Very high": "very_high",
        "High": "high",
        "Medium": "medium",
        "Low": "low",
        "Not assessed": "none",
    }
    for row in table.rows:
        for group, cell in zip(("visit", "arms", "rmp", "review"), row.cells, strict=True):
            due_on = oldest.get((group, labels[row.header.value]))
            assert cell.value == (f"Due {due_on:%-d %B %Y}" if due_on else "None overdue"), (
                row.header.value,
                group,
            )


def test_visit_crewing_and_abstractions_by_month_match_the_oracle(force):
    board = build(Scope(Level.FORCE, force), today=TODAY, policy=ForcePolicy.rules_for(force.pk))
    submitted = list(Visit.objects.filter(offender__force=force).exclude(status=WorkflowStatus.DRAFT))
    # A visit revised (the revision submitted) counts once, as its latest version.
    replaced = {v.supersedes_id for v in submitted if v.supersedes_id}
    visits = [v for v in submitted if v.pk not in replaced]
    crewing = board.table("crewing")
    for row in crewing.rows:
        month = datetime.datetime.strptime(row.header.value, "%B %Y").date()
        in_month = [v for v in visits if (v.visited_on.year, v.visited_on.month) == (month.year, month.month)]
        expected = [
            sum(v.crew_size >= 2 for v in in_month),
            sum(v.crew_size < 2 and v.authorisation_id is not None for v in in_month),
            sum(v.crew_size < 2 and v.authorisation_id is None for v in in_month),
            sum(v.announced and v.authorisation_id is not None for v in in_month),
            sum(v.announced and v.authorisation_id is None for v in in_month),
        ]
        assert [cell.value for cell in row.cells] == expected, row.header.value
    abstractions = list(Abstraction.objects.filter(staff__force=force))
    for row in board.table("abstractions").rows:
        month = datetime.datetime.strptime(row.header.value, "%B %Y").date()
        in_month = [
            a for a in abstractions if (a.starts_on.year, a.starts_on.month) == (month.year, month.month)
        ]
        assert row.cells[0].value == len(in_month)
        assert row.cells[1].value == float(sum(a.hours for a in in_month))
        assert row.cells[2].value == sum(a.reviewed_on is None for a in in_month)


def test_every_number_on_the_force_dashboard_opens_a_list_of_exactly_that_many_records(
    client, force, on_today
):
    """Each linked count leads to its records; the list's total is the number shown."""
    leader = Staff.objects.filter(force=force, role=Role.SENIOR_LEADER).first()
    client.force_login(leader)
    board = build(Scope(Level.FORCE, force), today=TODAY, policy=ForcePolicy.rules_for(force.pk))
    checked = 0
    for table in board.tables:
        for row in table.rows:
            for cell in row.cells:
                if cell.url and cell.numeric and "/dashboards/records/" in cell.url:
                    response = client.get(cell.url)
                    assert response.status_code == 200, cell.url
                    listed = response.context["page"].paginator.count + response.context["hidden"]
                    assert listed == cell.value, (table.key, row.header.value, cell.url)
                    checked += 1
    assert checked > 150


def test_the_api_returns_the_same_metrics(client, force, on_today):
    leader = Staff.objects.filter(force=force, role=Role.SENIOR_LEADER).first()
    client.force_login(leader)
    policy = ForcePolicy.rules_for(force.pk)
    data = client.get(reverse("api-dashboard"), {"scope": "force"}).json()
    expected = oracle("force", force.pk, force, policy)
    got = data["metrics"]
    got["outstanding"] = {
        g: {r: {b: n for b, n in bands.items() if n} for r, bands in risks.items() if any(bands.values())}
        for g, risks in got["outstanding"].items()
    }
    assert {name: got[name] for name in expected} == expected
    assert {child["scope"] for child in data["children"]} == {
        f"team:{t.pk}" for t in Team.objects.filter(force=force)
    }


def test_the_force_summed_from_its_teams_equals_the_force_counted_on_its_own(force):
    """The dashboard sums the teams for the force's offender and outstanding counts."""
    from dashboards.dashboard import metrics_and_children

    policy = ForcePolicy.rules_for(force.pk)
    summed, children = metrics_and_children(Scope(Level.FORCE, force), today=TODAY, policy=policy)
    counted = compute(Level.FORCE, keys=[force.pk], force_id=force.pk, today=TODAY, policy=policy)[force.pk]
    assert summed.as_dict() == counted.as_dict()
    assert len(children) == Team.objects.filter(force=force).count()


def test_the_registration_compliance_figures_match_the_oracle(force):
    """Notifications due soon, overdue and overdue from this month, counted in Python from the
    due engine (issue 12), against the dashboard's table."""
    board = build(Scope(Level.FORCE, force), today=TODAY, policy=ForcePolicy.rules_for(force.pk))
    table = next(table for table in board.tables if table.key == "registration_compliance")
    shown = [row.cells[0].value for row in table.rows]
    managed = Offender.objects.filter(force=force).exclude(status__in=CLOSED_STATUSES)
    notifications = [
        assessed.item.due_on
        for items in due_work(managed, today=TODAY).values()
        for assessed in items
        if assessed.item.kind in GROUPS["notification"]
    ]
    expected = [
        sum(TODAY <= due_on <= TODAY + datetime.timedelta(days=7) for due_on in notifications),
        sum(due_on < TODAY for due_on in notifications),
        sum(TODAY.replace(day=1) <= due_on < TODAY for due_on in notifications),
    ]
    assert shown == expected
    assert expected[1] > 0  # the seeded force has offenders who failed to notify: the figures are tested
