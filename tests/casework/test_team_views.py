"""Caseload balancing: the team page's figures against a count made here, reassignment with a
preview of every affected OM's 50/20 position, and the rebalance suggestion applied."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.rebalancing import suggest
from offenders.models import Offender, OffenderAssignment
from outstanding.positions import positions_after, team_caseloads
from outstanding.services import outstanding_recompute_all
from rules.choices import HIGH_RISK_LEVELS, OffenderStatus, OffenderType, RiskLevel
from rules.policy import Policy
from tests import factories
from tests.dates import date_fields, today
from workforce.models import AbsenceKind, ForcePolicy

pytestmark = pytest.mark.django_db


def days(n):
    return today() + datetime.timedelta(days=n)


def give(om, count, risk=RiskLevel.MEDIUM, status=OffenderStatus.COMMUNITY, offender_type=OffenderType.RSO):
    offenders = factories.OffenderFactory.create_batch(
        count,
        team=om.team,
        offender_manager=om,
        risk_level=risk,
        status=status,
        offender_type=offender_type,
        managed_since=days(-800),
    )
    for offender in offenders:
        factories.OffenderAssignmentFactory(offender=offender, starts_on=days(-400))
    return offenders


def test_the_team_figures_match_a_count_of_the_offenders(supervisor):
    team = supervisor.team
    busy = factories.StaffFactory(team=team, supervisor=supervisor)
    light = factories.StaffFactory(team=team, supervisor=supervisor)
    absent = factories.StaffFactory(team=team, supervisor=supervisor)
    give(busy, 50)
    give(busy, 6, RiskLevel.HIGH)
    give(busy, 4, RiskLevel.VERY_HIGH, status=OffenderStatus.CUSTODY)
    give(light, 20, RiskLevel.LOW)
    give(light, 2, status=OffenderStatus.DECEASED)
    give(absent, 10, RiskLevel.HIGH)
    factories.AbsenceFactory(
        staff=absent, kind=AbsenceKind.LONG_TERM_SICKNESS, starts_on=days(-40), ends_on=None
    )
    outstanding_recompute_all()
    caseloads = team_caseloads(team, today=today(), policy=Policy())
    rows = {row.officer: row for row in caseloads.officers}
    for om in (busy, light, absent):
        mine = Offender.objects.filter(offender_manager=om)
        community = mine.filter(status=OffenderStatus.COMMUNITY)
        assert rows[om].fifty_twenty.community == community.count()
        assert rows[om].fifty_twenty.high_risk == community.filter(risk_level__in=HIGH_RISK_LEVELS).count()
        assert rows[om].managed == mine.exclude(status=OffenderStatus.DECEASED).count()
        assert rows[om].outstanding == sum(o.outstanding_items.count() for o in mine)
        assert rows[om].overdue == sum(o.outstanding_items.filter(due_on__lt=today()).count() for o in mine)
    assert rows[busy].fifty_twenty.over_target and not rows[busy].fifty_twenty.over_share
    assert rows[absent].needs_cover and not rows[busy].needs_cover
    assert caseloads.community == 56 + 20 + 10
    assert caseloads.ratio == pytest.approx(86 / 3)
    assert caseloads.adjusted_ratio == pytest.approx(86 / 2)
    assert [row.officer for row in caseloads.outside_fifty_twenty] == [busy]


def test_only_an_absence_lasting_the_policy_length_takes_an_om_out_of_the_adjusted_ratio(supervisor):
    """Issue 10: five days into a long-term sickness the OM still counts; a suspension planned
    for two months takes its OM out at once; annual leave never does."""
    team = supervisor.team
    sick, suspended, on_leave = (factories.StaffFactory(team=team, supervisor=supervisor) for _ in range(3))
    for om in (sick, suspended, on_leave):
        give(om, 10)
    factories.AbsenceFactory(
        staff=sick, kind=AbsenceKind.LONG_TERM_SICKNESS, starts_on=days(-4), ends_on=None
    )
    factories.AbsenceFactory(
        staff=suspended, kind=AbsenceKind.SUSPENSION, starts_on=days(0), ends_on=days(60)
    )
    factories.AbsenceFactory(
        staff=on_leave, kind=AbsenceKind.ANNUAL_LEAVE, starts_on=days(-10), ends_on=days(25)
    )
    caseloads = team_caseloads(team, today=today(), policy=Policy())
    assert [row.officer for row in caseloads.available] == sorted(
        [sick, on_leave], key=lambda om: (om.last_name, om.first_name, om.pk)
    )
    assert caseloads.adjusted_ratio == pytest.approx(30 / 2)
    later = team_caseloads(team, today=days(23), policy=Policy())  # the sickness's 28th day
    assert [row.officer for row in later.available] == [on_leave]


def test_the_team_page_flags_50_20_and_cover(client, supervisor):
    om = factories.StaffFactory(team=supervisor.team, supervisor=supervisor, first_name="Ozzemon")
    give(om, 52)
    client.force_login(supervisor)
    page = client.get(reverse("team-detail", args=[supervisor.team.pk])).content.decode()
    assert "Over 50" in page and "1 available offender manager outside 50/20" in page


def test_50_20_counts_community_rsos_and_the_page_shows_every_type_beside_them(client, supervisor):
    """Issue 10: 48 community RSOs and 5 community violent offenders are within 50/20 as the
    guidance counts them; a force that counts every type finds the same OM over 50."""
    om = factories.StaffFactory(team=supervisor.team, supervisor=supervisor)
    give(om, 48)
    give(om, 5, RiskLevel.HIGH, offender_type=OffenderType.RVO)
    row = team_caseloads(supervisor.team, today=today(), policy=Policy()).officers[0]
    assert (row.community_rso, row.community, row.fifty_twenty.community) == (48, 53, 48)
    assert row.fifty_twenty.within and row.fifty_twenty.high_risk == 0
    client.force_login(supervisor)
    page = client.get(reverse("team-detail", args=[supervisor.team.pk])).content.decode()
    assert (
        "Community RSOs per offender manager" in page
        and "All community nominals per offender manager" in page
    )
    assert "Within 50/20" in page and "community RSOs, as the guidance says" in page

    ForcePolicy.objects.update_or_create(
        force=supervisor.force, defaults={"fifty_twenty_counts_all_types": True}
    )
    counted_all = team_caseloads(
        supervisor.team, today=today(), policy=ForcePolicy.rules_for(supervisor.force_id)
    )
    assert counted_all.officers[0].fifty_twenty.community == 53
    assert counted_all.officers[0].fifty_twenty.summary == "Over 50"
    page = client.get(reverse("team-detail", args=[supervisor.team.pk])).content.decode()
    assert "Over 50" in page and "every managed type, as this force chooses" in page


def test_moving_an_offender_50_20_does_not_count_leaves_the_positions_as_they_were(supervisor):
    busy = factories.StaffFactory(team=supervisor.team, supervisor=supervisor)
    light = factories.StaffFactory(team=supervisor.team, supervisor=supervisor)
    give(busy, 50)
    violent = give(busy, 1, offender_type=OffenderType.RVO)[0]
    [rso] = give(busy, 1)
    moved_violent = {p.officer: p for p in positions_after([(violent, light)], policy=Policy())}
    assert (moved_violent[busy].before.community, moved_violent[busy].after.community) == (51, 51)
    assert moved_violent[light].after.community == 0
    moved_rso = {p.officer: p for p in positions_after([(rso, light)], policy=Policy())}
    assert (moved_rso[busy].after.community, moved_rso[light].after.community) == (50, 1)
    every_type = Policy(fifty_twenty_counts_all_types=True)
    moved_violent = {p.officer: p for p in positions_after([(violent, light)], policy=every_type)}
    assert (moved_violent[busy].before.community, moved_violent[busy].after.community) == (52, 51)


def test_the_rebalance_moves_only_offenders_50_20_counts(supervisor):
    busy = factories.StaffFactory(team=supervisor.team, supervisor=supervisor)
    factories.StaffFactory(team=supervisor.team, supervisor=supervisor)
    give(busy, 50)
    give(busy, 6, offender_type=OffenderType.PDP)
    assert (
        suggest(
            supervisor.team, supervisor=supervisor, today=today(), policy=Policy(), cover_unavailable=False
        ).moves
        == []
    )
    every_type = suggest(
        supervisor.team,
        supervisor=supervisor,
        today=today(),
        policy=Policy(fifty_twenty_counts_all_types=True),
        cover_unavailable=False,
    )
    assert len(every_type.moves) == 6


def test_the_team_page_costs_the_same_queries_for_a_small_or_large_team(client, supervisor):
    def count(officers):
        for _ in range(officers):
            give(factories.StaffFactory(team=supervisor.team, supervisor=supervisor), 3)
        client.force_login(supervisor)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("team-detail", args=[supervisor.team.pk])).status_code == 200
        return len(queries)

    assert count(2) == count(12)


@pytest.fixture
def overloaded(supervisor):
    busy = factories.StaffFactory(team=supervisor.team, supervisor=supervisor, first_name="Busy")
    light = factories.StaffFactory(team=supervisor.team, supervisor=supervisor, first_name="Light")
    return busy, light, give(busy, 53), give(light, 30)


def test_reassigning_shows_every_affected_om_before_and_after_then_moves_on_confirmation(
    client, supervisor, overloaded
):
    busy, light, busy_cases, _ = overloaded
    moving = busy_cases[:3]
    client.force_login(supervisor)
    query = "&".join(f"offender={o.pk}" for o in moving)
    form = client.get(reverse("reassign") + "?" + query).content.decode()
    assert "Reassign 3 offenders" in form
    data = {
        "offender": [o.pk for o in moving],
        **{f"was_{o.pk}": busy.pk for o in moving},
        "offender_manager": light.pk,
        **date_fields("starts_on", today()),
        "reason": "Busy is over 50; Light has capacity.",
    }
    preview = client.post(reverse("reassign"), data | {"preview": "1"})
    positions = {p.officer: p for p in preview.context["preview"]}
    assert (positions[busy].before.community, positions[busy].after.community) == (53, 50)
    assert (positions[light].before.community, positions[light].after.community) == (30, 33)
    assert positions[busy].before.over_target and positions[busy].after.within
    assert Offender.objects.filter(offender_manager=busy).count() == 53  # nothing moved yet
    response = client.post(reverse("reassign"), data | {"confirm": "1"})
    assert response.status_code == 302
    assert Offender.objects.filter(offender_manager=light).count() == 33
    history = OffenderAssignment.objects.filter(offender=moving[0]).order_by("starts_on", "pk")
    assert [(a.offender_manager, a.ends_on) for a in history] == [(busy, today()), (light, None)]
    assert (
        history.last().reason == "Busy is over 50; Light has capacity."
        and history.last().assigned_by == supervisor
    )


def test_a_reassignment_prepared_before_someone_else_moved_an_offender_moves_nothing(
    client, supervisor, overloaded
):
    busy, light, busy_cases, _ = overloaded
    other = factories.StaffFactory(team=supervisor.team, supervisor=supervisor)
    client.force_login(supervisor)
    stale = {f"was_{busy_cases[0].pk}": busy.pk, f"was_{busy_cases[1].pk}": busy.pk}
    Offender.objects.filter(pk=busy_cases[0].pk).update(offender_manager=other)
    response = client.post(
        reverse("reassign"),
        {
            "offender": [busy_cases[0].pk, busy_cases[1].pk],
            **stale,
            "offender_manager": light.pk,
            **date_fields("starts_on", today()),
            "reason": "Balancing.",
            "confirm": "1",
        },
    )
    assert "since this was prepared" in response.content.decode()
    assert not Offender.objects.filter(offender_manager=light, pk__in=[busy_cases[1].pk]).exists()


def test_a_reason_is_required(client, supervisor, overloaded):
    busy, light, busy_cases, _ = overloaded
    client.force_login(supervisor)
    response = client.post(
        reverse("reassign"),
        {
            "offender": [busy_cases[0].pk],
            "offender_manager": light.pk,
            **date_fields("starts_on", today()),
            "reason": "",
            "preview": "1",
        },
    )
    assert "Give the reason for the move" in response.content.decode()


def test_an_om_on_long_term_absence_is_not_offered(client, supervisor, overloaded):
    busy, light, busy_cases, _ = overloaded
    factories.AbsenceFactory(staff=light, kind=AbsenceKind.PARENTAL, starts_on=days(-3), ends_on=days(180))
    client.force_login(supervisor)
    form = client.get(reverse("reassign") + f"?offender={busy_cases[0].pk}")
    assert light not in form.context["form"].fields["offender_manager"].queryset


def test_offenders_outside_the_supervisors_oversight_cannot_be_chosen(client, supervisor, overloaded):
    client.force_login(supervisor)
    elsewhere = factories.OffenderFactory()
    assert client.get(reverse("reassign") + f"?offender={elsewhere.pk}").status_code == 404
    assert client.get(reverse("reassign") + "?offender=abc").status_code == 404


def test_offender_managers_cannot_reassign(client, overloaded):
    busy, _, busy_cases, _ = overloaded
    client.force_login(busy)
    assert client.get(reverse("reassign") + f"?offender={busy_cases[0].pk}").status_code == 403


def test_the_rebalance_suggestion_is_applied_and_brings_everyone_within(client, supervisor, overloaded):
    busy, light, _, _ = overloaded
    client.force_login(supervisor)
    page = client.get(reverse("rebalance", args=[supervisor.team.pk]))
    suggestion = page.context["suggestion"]
    assert suggestion.plan.feasible and len(suggestion.moves) == 3
    response = client.post(
        reverse("rebalance", args=[supervisor.team.pk]),
        {
            "suggestion": suggestion.fingerprint,
            "move": [move.token for move in suggestion.moves],
            "reason": "Rebalancing to 50/20.",
        },
    )
    assert response.status_code == 302
    after = team_caseloads(supervisor.team, today=today(), policy=Policy())
    assert all(row.fifty_twenty.within for row in after.officers)
    assert (
        OffenderAssignment.objects.filter(reason="Rebalancing to 50/20.", assigned_by=supervisor).count() == 3
    )


def test_a_stale_rebalance_is_refused(client, supervisor, overloaded):
    busy, light, busy_cases, _ = overloaded
    client.force_login(supervisor)
    suggestion = client.get(reverse("rebalance", args=[supervisor.team.pk])).context["suggestion"]
    give(busy, 1)  # the caseloads change before the supervisor confirms
    response = client.post(
        reverse("rebalance", args=[supervisor.team.pk]),
        {
            "suggestion": suggestion.fingerprint,
            "move": [move.token for move in suggestion.moves],
            "reason": "Rebalancing.",
        },
    )
    assert "have changed since the suggestion was made" in response.content.decode()
    assert Offender.objects.filter(offender_manager=light).count() == 30


def test_an_impossible_team_is_told_it_is_a_staffing_problem(client, supervisor):
    for _ in range(2):
        give(factories.StaffFactory(team=supervisor.team, supervisor=supervisor), 55)
    client.force_login(supervisor)
    page = client.get(reverse("rebalance", args=[supervisor.team.pk])).content.decode()
    assert "this is a staffing problem, not an allocation one" in page
    assert "110 community offenders" in page


@pytest.fixture
def colleagues_officer(supervisor, overloaded):
    """An offender manager in the supervisor's team overseen by another supervisor, over 50."""
    colleague = factories.SupervisorFactory(team=supervisor.team)
    officer = factories.StaffFactory(team=supervisor.team, supervisor=colleague, first_name="Colleagues")
    return officer, give(officer, 54)


def test_a_colleagues_officer_page_offers_no_reassignment_and_says_why(
    client, supervisor, overloaded, colleagues_officer, django_assert_max_num_queries
):
    """Issue 15, item 10: the supervisor may read the caseload of an officer a colleague oversees
    but not move it, so the page offers no button that would lead nowhere."""
    officer, _ = colleagues_officer
    client.force_login(supervisor)
    with django_assert_max_num_queries(25):
        page = client.get(reverse("officer-caseload", args=[supervisor.team.pk, officer.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "54 offenders managed" in html
    assert "Reassign the chosen offenders" not in html and 'name="offender"' not in html
    assert "only the supervisor who oversees them can reassign" in html
    busy = overloaded[0]
    own = client.get(reverse("officer-caseload", args=[supervisor.team.pk, busy.pk])).content.decode()
    assert "Reassign the chosen offenders" in own and own.count('name="offender"') == 53


def test_choosing_a_case_the_supervisor_does_not_work_is_refused_not_missing(
    client, supervisor, colleagues_officer
):
    """A case the supervisor can read but not move: 403 with the reason, not a 404."""
    _, cases = colleagues_officer
    client.force_login(supervisor)
    response = client.get(reverse("reassign") + f"?offender={cases[0].pk}")
    assert response.status_code == 403


def test_the_rebalance_moves_only_cases_the_supervisor_works(
    client, supervisor, overloaded, colleagues_officer
):
    """Issue 15, item 10: the colleague's officer is over 50 too, but their caseload is the
    colleague's to move; the page says it is left out, and the suggestion applies."""
    officer, cases = colleagues_officer
    client.force_login(supervisor)
    page = client.get(reverse("rebalance", args=[supervisor.team.pk]))
    suggestion = page.context["suggestion"]
    assert suggestion.moves and all(
        officer not in (move.from_officer, move.to_officer) for move in suggestion.moves
    )
    assert "overseen by another supervisor" in page.content.decode()
    response = client.post(
        reverse("rebalance", args=[supervisor.team.pk]),
        {
            "suggestion": suggestion.fingerprint,
            "move": [move.token for move in suggestion.moves],
            "reason": "Rebalancing to 50/20.",
        },
    )
    assert response.status_code == 302
    assert Offender.objects.filter(offender_manager=officer).count() == 54
