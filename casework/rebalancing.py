"""The "suggest a rebalance" action for one team: the team's caseloads as 50/20 counts them
(community RSOs, or every type where the force counts them all) fed to the pure rule
(`rules.rebalance`), and the moves the supervisor ticks applied when they confirm them — only
if the caseloads are still what the suggestion was made from (issue 15, item 16)."""

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from offenders.models import Offender
from offenders.services import offenders_reassign
from outstanding.positions import PositionChange, community_caseloads
from rules.caseload import fifty_twenty, is_high_risk
from rules.policy import Policy
from rules.rebalance import (
    CaseloadOffender,
    Move,
    OfficerBalance,
    OfficerCaseload,
    RebalancePlan,
    balances_after,
    not_worse,
    suggest_rebalance,
)
from workforce.models import Staff, Team
from workforce.permissions import Action, require
from workforce.selectors import long_term_absences_on, supervised_staff, team_offender_managers


@dataclass(frozen=True)
class SuggestedMove:
    offender: Offender
    from_officer: Staff
    to_officer: Staff

    @property
    def token(self) -> str:
        """What the confirmation form sends back for this move."""
        return move_token(self.offender.pk, self.from_officer.pk, self.to_officer.pk)


@dataclass(frozen=True)
class Suggestion:
    plan: RebalancePlan
    moves: list[SuggestedMove]
    officers: dict[int, Staff]
    policy: Policy
    # The team's offender managers another supervisor oversees: left out of the suggestion.
    left_out: int = 0

    @property
    def fingerprint(self) -> str:
        """What the page sends back to say which suggestion it showed: the same moves give the
        same fingerprint, any change in them another."""
        tokens = "\n".join(sorted(move.token for move in self.moves))
        return hashlib.sha256(tokens.encode()).hexdigest()[:16]

    def chosen(self, tokens: Collection[str]) -> list[SuggestedMove]:
        """The suggested moves among `tokens`, in the suggestion's order."""
        wanted = set(tokens)
        return [move for move in self.moves if move.token in wanted]

    def positions(self, moves: list[SuggestedMove]) -> list[PositionChange]:
        """Every officer's caseload and 50/20 position now and after only `moves` (no query)."""
        return [
            PositionChange(
                officer=self.officers[balance.officer_id],
                before=fifty_twenty(
                    community=balance.before.community, high_risk=balance.before.high_risk, policy=self.policy
                ),
                after=fifty_twenty(
                    community=balance.after.community, high_risk=balance.after.high_risk, policy=self.policy
                ),
            )
            for balance in self._balances(moves)
        ]

    def worse_off(self, moves: list[SuggestedMove]) -> list[Staff]:
        """The officers `moves` alone leave worse off against 50/20 than now (`not_worse`): the
        whole suggestion never does, but some of its moves without the others can."""
        return [
            self.officers[balance.officer_id]
            for balance in self._balances(moves)
            if not not_worse(
                balance.before,
                balance.after,
                caseload_target=self.policy.caseload_target,
                share_max_percent=self.policy.high_risk_share_max_percent,
            )
        ]

    def _balances(self, moves: list[SuggestedMove]) -> tuple[OfficerBalance, ...]:
        return balances_after(
            self.plan.officers,
            [Move(move.offender.pk, move.from_officer.pk, move.to_officer.pk) for move in moves],
            high_risk={move.offender.pk for move in moves if is_high_risk(move.offender.risk_level)},
        )


def move_token(offender_id: int, from_officer_id: int, to_officer_id: int) -> str:
    return f"{offender_id}:{from_officer_id}:{to_officer_id}"


def suggest(
    team: Team, *, supervisor: Staff, today: datetime.date, policy: Policy, cover_unavailable: bool
) -> Suggestion:
    """The fewest moves that bring every available OM in the team within 50/20 (four queries).
    Of each class, the offenders an OM has held for the shortest time move first.

    Only the caseloads `supervisor` works are balanced, moved from and to: the team's offender
    managers they oversee (`supervised_staff`, their own and those they cover for). A move is a
    reassignment (Action.REASSIGN, on a case the supervisor works), so the rebalance suggests
    nothing the supervisor could not do by hand; the others are counted in `left_out`
    (issue 15, item 10)."""
    in_team = team_offender_managers(team)
    overseen = in_team.filter(pk__in=supervised_staff(supervisor, day=today).values("pk"))
    officers = {officer.pk: officer for officer in overseen.order_by("last_name", "pk")}
    left_out = in_team.count() - len(officers)
    away = set(
        long_term_absences_on(today, long_term_days=policy.long_term_absence_days)
        .filter(staff_id__in=officers)
        .values_list("staff_id", flat=True)
    )
    held = community_caseloads(list(officers), today=today, policy=policy)
    offenders = {offender.pk: offender for caseload in held.values() for offender, _ in caseload}
    plan = suggest_rebalance(
        [
            OfficerCaseload(
                officer_id=officer_id,
                offenders=tuple(
                    CaseloadOffender(offender_id=o.pk, high_risk=is_high_risk(o.risk_level), move_order=days)
                    for o, days in held[officer_id]
                ),
                available=officer_id not in away,
            )
            for officer_id in officers
        ],
        caseload_target=policy.caseload_target,
        share_max_percent=policy.high_risk_share_max_percent,
        cover_unavailable=cover_unavailable,
    )
    return Suggestion(
        plan=plan,
        moves=[
            SuggestedMove(
                offender=offenders[move.offender_id],
                from_officer=officers[move.from_officer_id],
                to_officer=officers[move.to_officer_id],
            )
            for move in plan.moves
        ],
        officers=officers,
        policy=policy,
        left_out=left_out,
    )


@transaction.atomic
def apply(
    suggestion: Suggestion,
    *,
    fingerprint: str,
    chosen: Collection[str],
    reason: str,
    acting_user: Staff,
    today: datetime.date,
) -> int:
    """Make the moves the supervisor ticked (`chosen`, tokens of the suggestion's moves), all
    or none, each kept in the assignment history. Refused if the suggestion is not the one the
    page showed (`fingerprint`: someone moved an offender, or a caseload changed, since), if a
    chosen move is not one of it, or if none is chosen. Each move is checked again as it is
    made (`offenders_reassign`: the supervisor works the case, the offender is still with the
    officer it moves from, the officer it moves to is in post and not away long-term)."""
    require(acting_user, Action.REBALANCE)
    if not suggestion.moves:
        raise ValidationError("There are no moves to make.")
    if fingerprint != suggestion.fingerprint:
        raise ValidationError(
            "The team's caseloads have changed since the suggestion was made. "
            "Check the new suggestion below and apply it again."
        )
    if not chosen:
        raise ValidationError("Tick at least one move to make.")
    moves = suggestion.chosen(chosen)
    if len(moves) != len(set(chosen)):
        raise ValidationError(
            "A chosen move is not one of the suggested moves. Nothing was moved: start again."
        )
    by_target: dict[int, list[SuggestedMove]] = defaultdict(list)
    for move in moves:
        by_target[move.to_officer.pk].append(move)
    for to_officer_moves in by_target.values():
        offenders_reassign(
            offenders=[move.offender for move in to_officer_moves],
            offender_manager=to_officer_moves[0].to_officer,
            starts_on=today,
            reason=reason,
            acting_user=acting_user,
            expected_managers={move.offender.pk: move.from_officer.pk for move in to_officer_moves},
        )
    return len(moves)
