"""Applying a rebalance: only the moves the supervisor ticked, each checked again on the server,
all or nothing (issue 15, item 16)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework import rebalancing
from offenders.models import AuditEvent, AuditOperation, Offender, OffenderAssignment
from rules.choices import OffenderStatus, OffenderType, RiskLevel
from rules.policy import Policy
from tests import factories
from tests.dates import today

pytestmark = pytest.mark.django_db

REASON = "Rebalancing to 50/20."


def give(om, count, risk=RiskLevel.MEDIUM):
    offenders = factories.OffenderFactory.create_batch(
        count,
        team=om.team,
        offender_manager=om,
        risk_level=risk,
        status=OffenderStatus.COMMUNITY,
        offender_type=OffenderType.RSO,
        managed_since=today() - datetime.timedelta(days=800),
    )
    for offender in offenders:
        factories.OffenderAssignmentFactory(
            offender=offender, starts_on=today() - datetime.timedelta(days=400)
        )
    return offenders


@pytest.fixture
def team(supervisor):
    """Two offender managers over 50 and one with room: five moves in all."""
    busy = factories.StaffFactory(team=supervisor.team, supervisor=supervisor, first_name="Busy")
    crowded = factories.StaffFactory(team=supervisor.team, supervisor=supervisor, first_name="Crowded")
    light = factories.StaffFactory(team=supervisor.team, supervisor=supervisor, first_name="Light")
    give(busy, 53)
    give(crowded, 52)
    give(light, 20)
    return busy, crowded, light


def suggestion_for(supervisor):
    return rebalancing.suggest(
        supervisor.team, supervisor=supervisor, today=today(), policy=Policy(), cover_unavailable=False
    )


def apply(supervisor, suggestion, chosen, *, fingerprint=None):
    return rebalancing.apply(
        suggestion,
        fingerprint=suggestion.fingerprint if fingerprint is None else fingerprint,
        chosen=chosen,
        reason=REASON,
        acting_user=supervisor,
        today=today(),
    )


def holders(offenders):
    return dict(
        Offender.objects.filter(pk__in=[o.pk for o in offenders]).values_list("pk", "offender_manager_id")
    )


def test_only_the_ticked_moves_are_made(supervisor, team):
    suggestion = suggestion_for(supervisor)
    assert len(suggestion.moves) == 5
    ticked, unticked = suggestion.moves[:2], suggestion.moves[2:]
    assert apply(supervisor, suggestion, [move.token for move in ticked]) == 2
    now = holders([move.offender for move in suggestion.moves])
    assert all(now[move.offender.pk] == move.to_officer.pk for move in ticked)
    assert all(now[move.offender.pk] == move.from_officer.pk for move in unticked)
    made = OffenderAssignment.objects.filter(reason=REASON, assigned_by=supervisor, ends_on__isnull=True)
    assert set(made.values_list("offender_id", flat=True)) == {move.offender.pk for move in ticked}


def test_each_move_made_is_logged_as_an_alteration_of_its_offender(supervisor, team):
    suggestion = suggestion_for(supervisor)
    ticked = suggestion.moves[1:4]
    apply(supervisor, suggestion, [move.token for move in ticked])
    logged = AuditEvent.objects.filter(
        operation=AuditOperation.ALTERATION, record_type="offenderassignment", actor_id=supervisor.pk
    )
    assert sorted(logged.values_list("offender_id", flat=True)) == sorted(move.offender.pk for move in ticked)
    assignments = dict(OffenderAssignment.objects.filter(reason=REASON).values_list("pk", "offender_id"))
    assert {(event.record_id, event.offender_id) for event in logged} == set(assignments.items())


def test_nothing_ticked_is_refused_not_a_silent_success(supervisor, team):
    suggestion = suggestion_for(supervisor)
    with pytest.raises(ValidationError, match="Tick at least one move"):
        apply(supervisor, suggestion, [])
    assert not OffenderAssignment.objects.filter(reason=REASON).exists()


def test_a_move_that_is_not_one_of_the_suggestion_is_refused_and_nothing_moves(supervisor, team):
    busy, _, light = team
    suggestion = suggestion_for(supervisor)
    staying = Offender.objects.filter(offender_manager=busy).exclude(
        pk__in=[move.offender.pk for move in suggestion.moves]
    )[0]
    tampered = rebalancing.move_token(staying.pk, busy.pk, light.pk)
    elsewhere = factories.OffenderFactory()  # another team's offender, moved to an OM of this one
    outside = rebalancing.move_token(elsewhere.pk, elsewhere.offender_manager_id, light.pk)
    for bad in (tampered, outside):
        with pytest.raises(ValidationError, match="not one of the suggested moves"):
            apply(supervisor, suggestion, [suggestion.moves[0].token, bad])
    assert not OffenderAssignment.objects.filter(reason=REASON).exists()
    assert holders([staying, elsewhere]) == {staying.pk: busy.pk, elsewhere.pk: elsewhere.offender_manager_id}


def test_a_stale_suggestion_is_refused_and_nothing_moves(supervisor, team):
    """The caseloads changed after the page was shown: the suggestion now is another one."""
    busy = team[0]
    shown = suggestion_for(supervisor)
    give(busy, 1)
    now = suggestion_for(supervisor)
    with pytest.raises(ValidationError, match="have changed since the suggestion was made"):
        apply(supervisor, now, [move.token for move in shown.moves[:2]], fingerprint=shown.fingerprint)
    assert not OffenderAssignment.objects.filter(reason=REASON).exists()


def test_an_offender_moved_by_someone_else_meanwhile_refuses_every_move(supervisor, team):
    """Between the suggestion and the apply (the row lock decides): nothing is half-applied."""
    light = team[2]
    suggestion = suggestion_for(supervisor)
    first, second = suggestion.moves[0], suggestion.moves[1]
    Offender.objects.filter(pk=second.offender.pk).update(offender_manager=light)
    with pytest.raises(ValidationError, match="since this was prepared"):
        apply(supervisor, suggestion, [first.token, second.token])
    assert not OffenderAssignment.objects.filter(reason=REASON).exists()
    assert holders([first.offender]) == {first.offender.pk: first.from_officer.pk}


def test_the_preview_counts_only_the_ticked_moves(supervisor, team):
    busy, crowded, light = team
    suggestion = suggestion_for(supervisor)
    from_busy = [move for move in suggestion.moves if move.from_officer == busy]
    after = {position.officer: position.after.community for position in suggestion.positions(from_busy[:1])}
    assert after == {busy: 52, crowded: 52, light: 21}
    everything = {position.officer: position.after for position in suggestion.positions(suggestion.moves)}
    assert all(status.within for status in everything.values())


def test_the_page_keeps_unticked_moves_unticked_and_applies_the_ticked(client, supervisor, team):
    client.force_login(supervisor)
    url = reverse("rebalance", args=[supervisor.team.pk])
    suggestion = client.get(url).context["suggestion"]
    ticked = [move.token for move in suggestion.moves[:3]]
    form = {"suggestion": suggestion.fingerprint, "move": ticked, "reason": REASON}
    preview = client.post(url, {**form, "preview": "1"})
    assert preview.status_code == 200 and preview.context["ticked"] == set(ticked)
    html = preview.content.decode()
    assert html.count('name="move" type="checkbox"') == 5
    assert all(f'value="{token}" checked>' in html for token in ticked)
    assert all(f'value="{move.token}">' in html for move in suggestion.moves[3:])
    assert "Caseloads now and after the 3 ticked moves" in html
    assert not OffenderAssignment.objects.filter(reason=REASON).exists()
    response = client.post(url, {**form, "apply": "1"})
    assert response.status_code == 302
    assert OffenderAssignment.objects.filter(reason=REASON).count() == 3


def test_the_page_refuses_an_apply_with_nothing_ticked(client, supervisor, team):
    client.force_login(supervisor)
    url = reverse("rebalance", args=[supervisor.team.pk])
    suggestion = client.get(url).context["suggestion"]
    response = client.post(url, {"suggestion": suggestion.fingerprint, "reason": REASON, "apply": "1"})
    assert response.status_code == 200
    assert "Tick at least one move to make." in response.content.decode()
    assert not OffenderAssignment.objects.filter(reason=REASON).exists()


def test_applying_takes_the_same_queries_however_many_moves(supervisor, django_assert_max_num_queries):
    """One move or twenty to the same offender manager: the same queries."""
    over = factories.StaffFactory(team=supervisor.team, supervisor=supervisor)
    give(over, 70)
    give(factories.StaffFactory(team=supervisor.team, supervisor=supervisor), 10)
    suggestion = suggestion_for(supervisor)
    assert len(suggestion.moves) == 20
    counts = []
    for moves in (suggestion.moves[:1], suggestion.moves):
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            with django_assert_max_num_queries(15):
                apply(supervisor, suggestion, [move.token for move in moves])
            transaction.set_rollback(True)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_preview_of_a_changed_suggestion_says_so_and_ticks_the_new_one(client, supervisor, team):
    client.force_login(supervisor)
    url = reverse("rebalance", args=[supervisor.team.pk])
    shown = client.get(url).context["suggestion"]
    give(team[0], 1)
    response = client.post(
        url,
        {"suggestion": shown.fingerprint, "move": [shown.moves[0].token], "reason": REASON, "preview": "1"},
    )
    now = response.context["suggestion"]
    assert now.fingerprint != shown.fingerprint
    assert response.context["ticked"] == {move.token for move in now.moves}
    assert "have changed since the suggestion was made" in response.content.decode()


def test_the_page_warns_when_the_ticked_moves_alone_leave_someone_worse_off(client, supervisor):
    """Moving a high-risk offender without the moves that make room for them can leave the
    officer who receives them worse off than now: the preview says who."""
    give(factories.StaffFactory(team=supervisor.team, supervisor=supervisor, first_name="Full"), 60)
    over_share = factories.StaffFactory(team=supervisor.team, supervisor=supervisor, first_name="Risky")
    give(over_share, 38)
    give(over_share, 12, RiskLevel.HIGH)
    factories.StaffFactory(team=supervisor.team, supervisor=supervisor, first_name="New")
    client.force_login(supervisor)
    url = reverse("rebalance", args=[supervisor.team.pk])
    page = client.get(url)
    suggestion = page.context["suggestion"]
    assert page.context["worse_off"] == []
    high_risk = next(move for move in suggestion.moves if move.offender.risk_level == RiskLevel.HIGH)
    form = {"suggestion": suggestion.fingerprint, "move": [high_risk.token], "reason": REASON, "preview": "1"}
    preview = client.post(url, form)
    assert preview.context["worse_off"] == [high_risk.to_officer]
    assert (
        f"Without the unticked moves, {high_risk.to_officer} would be worse off" in preview.content.decode()
    )
