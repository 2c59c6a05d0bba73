"""Suggest a rebalance of one team's caseloads against the 50/20 rule (docs/rules.md
§ Caseloads: the 50/20 rule).

An offender manager holds around `caseload_target` (50) community-based offenders, of whom
no more than `share_max_percent` (20%) are high or very high risk [docs/rules.md § Caseloads: the 50/20 rule].
"Community offenders" here are those the 50/20 rule counts (registered sex offenders, or
every managed type where the force counts them all: `rules.caseload.fifty_twenty_types`);
the caller passes only those.
A supervisor asks for the fewest reassignments that bring every available OM within 50/20.
When the team's totals make that impossible (too many offenders for the OMs available, or
too many of them high risk) the plan says so in terms of the totals: that is a staffing
problem, not an allocation one. No suggestion ever leaves an OM worse than before.

Long-term absent OMs are out of the adjusted ratio [docs/rules.md § Caseloads: the 50/20 rule]: they are
left out of the rebalance unless the supervisor asks to cover them, when their whole caseload
is to move to available OMs.

Offenders of one class (high risk or not) are interchangeable for the rule, so the plan is
worked out on per-OM counts first and only then turned into named offenders.
"""

import bisect
import heapq
from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass
from math import gcd
from typing import TypeVar

from rules.caseload import high_risk_allowance


@dataclass(frozen=True)
class CaseloadOffender:
    """A community offender on an OM's caseload. `move_order`: lower moves first when some
    offenders of the same class must leave an OM (pass e.g. days since assignment, so the
    newest-assigned move first); ties go by `offender_id`, so ids must be orderable among
    themselves (all ints or all strings)."""

    offender_id: Hashable
    high_risk: bool
    move_order: int = 0


@dataclass(frozen=True)
class OfficerCaseload:
    """One OM's community caseload. `available` False: long-term absent."""

    officer_id: Hashable
    offenders: tuple[CaseloadOffender, ...]
    available: bool = True


@dataclass(frozen=True)
class Counts:
    """A caseload as the 50/20 rule sees it: how many community offenders, how many of them
    high or very high risk."""

    community: int
    high_risk: int

    @property
    def not_high_risk(self) -> int:
        return self.community - self.high_risk


@dataclass(frozen=True)
class Move:
    offender_id: Hashable
    from_officer_id: Hashable
    to_officer_id: Hashable


@dataclass(frozen=True)
class OfficerBalance:
    """One OM's caseload before and after the plan's moves."""

    officer_id: Hashable
    before: Counts
    after: Counts


@dataclass(frozen=True)
class RebalancePlan:
    """`feasible`: after `moves` every available OM is within 50/20. `problems`: why the
    team's totals make that impossible, in plain language (empty when feasible).
    `officers`: every OM of the team, in the order given, with counts before and after."""

    moves: tuple[Move, ...]
    problems: tuple[str, ...]
    officers: tuple[OfficerBalance, ...]

    @property
    def feasible(self) -> bool:
        return not self.problems


def not_worse(before: Counts, after: Counts, *, caseload_target: int, share_max_percent: int) -> bool:
    """Whether going from `before` to `after` leaves an OM no worse off against 50/20: no more
    offenders than the larger of before and the target, and a high-risk share no higher than
    the larger of before and the maximum share (an empty caseload's share is 0). So an OM who
    was within stays within, and one who was over gets no more over on either measure."""
    rule = _Rule(caseload_target, share_max_percent)
    return rule.not_worse((before.high_risk, before.not_high_risk), after.high_risk, after.not_high_risk)


def suggest_rebalance(
    caseloads: Sequence[OfficerCaseload],
    *,
    caseload_target: int,
    share_max_percent: int,
    cover_unavailable: bool = False,
) -> RebalancePlan:
    """The fewest reassignments that bring every available OM within 50/20.

    Unavailable OMs are left out (they neither give nor receive) unless `cover_unavailable`,
    when their whole caseload is to move to available OMs; they never receive.

    When the team's totals allow every available OM within (no more offenders than available
    OMs × target, and no more high-risk offenders than the share allows on that total,
    rounded down caseload by caseload), the plan reaches such an allocation with the fewest
    possible moves. Otherwise `feasible` is False, `problems` gives the reasons, and the moves
    are a greedy improvement (see `_improve`). Either way no OM ends worse (`not_worse`), no
    offender moves twice and nobody moves to their own OM. The same input gives the same plan.
    """
    if caseload_target < 1:
        raise ValueError(f"A caseload target of {caseload_target} leaves no room for anyone.")
    if not 0 <= share_max_percent <= 100:
        raise ValueError(f"A high-risk share of {share_max_percent}% is not a percentage.")
    _check_unique(caseloads)
    rule = _Rule(caseload_target, share_max_percent)

    before = [_counts(caseload) for caseload in caseloads]
    taking_part = [i for i, caseload in enumerate(caseloads) if caseload.available or cover_unavailable]
    capacities = [caseload_target if caseloads[i].available else 0 for i in taking_part]
    starts = [(before[i].high_risk, before[i].not_high_risk) for i in taking_part]

    problems = _problems(caseloads, before, taking_part, rule)
    if problems:
        flows = _improve(starts, capacities, [caseloads[i].available for i in taking_part], rule)
    else:
        targets = _fewest_moves_targets(starts, capacities, rule)
        # _problems is exact: with none, an allocation within exists and the DP finds one.
        assert targets is not None
        flows = _flows_to(starts, targets)

    moves = _moves([caseloads[i] for i in taking_part], flows)
    ends = [list(start) for start in starts]
    for giver, receiver, high_risk in flows:
        column = 0 if high_risk else 1
        ends[giver][column] -= 1
        ends[receiver][column] += 1
    after = list(before)
    for i, (high, low) in zip(taking_part, ends, strict=True):
        after[i] = Counts(community=high + low, high_risk=high)
    return RebalancePlan(
        moves=moves,
        problems=problems,
        officers=tuple(
            OfficerBalance(officer_id=caseload.officer_id, before=b, after=a)
            for caseload, b, a in zip(caseloads, before, after, strict=True)
        ),
    )


def balances_after(
    balances: Sequence[OfficerBalance], moves: Iterable[Move], *, high_risk: Collection[Hashable]
) -> tuple[OfficerBalance, ...]:
    """Each OM's caseload before and after only some of a plan's moves: the supervisor may make
    fewer than suggested. `balances`: the plan's (their `before` is kept); `moves`: those to
    make; `high_risk`: which of the moving offenders are high or very high risk. Making every
    move of a plan gives the plan's own `after`. Fewer moves may leave an OM worse than the
    plan would (`not_worse` says whether worse than now)."""
    community = {balance.officer_id: balance.before.community for balance in balances}
    high = {balance.officer_id: balance.before.high_risk for balance in balances}
    for move in moves:
        shift = 1 if move.offender_id in high_risk else 0
        community[move.from_officer_id] -= 1
        high[move.from_officer_id] -= shift
        community[move.to_officer_id] += 1
        high[move.to_officer_id] += shift
    return tuple(
        OfficerBalance(
            officer_id=balance.officer_id,
            before=balance.before,
            after=Counts(community=community[balance.officer_id], high_risk=high[balance.officer_id]),
        )
        for balance in balances
    )


@dataclass(frozen=True)
class _Rule:
    target: int
    percent: int

    def least_caseload(self, high_risk: int) -> int | None:
        """The smallest caseload whose share allows `high_risk` high-risk offenders
        (None: no caseload does)."""
        if high_risk == 0:
            return 0
        if self.percent == 0:
            return None
        return -(-100 * high_risk // self.percent)

    def least_caseload_of(self, high_risk: int) -> int:
        """`least_caseload` for a number of high-risk offenders that some caseload allows (the
        caller knows it does: the share is above 0, or `high_risk` is one of an OM's options)."""
        least = self.least_caseload(high_risk)
        assert least is not None
        return least

    def within(self, high: int, low: int, capacity: int) -> bool:
        return high + low <= capacity and 100 * high <= self.percent * (high + low)

    def not_worse(self, start: tuple[int, int], high: int, low: int) -> bool:
        """`not_worse` from (high, low) counts `start`."""
        start_high, start_low = start
        if high + low > max(start_high + start_low, self.target):
            return False
        if high == 0:
            return True
        # Shares compared as fractions, without rounding: h'/n' <= P/100 or h'/n' <= h/n.
        if 100 * high <= self.percent * (high + low):
            return True
        return start_high + start_low > 0 and high * (start_high + start_low) <= start_high * (high + low)

    def excess(self, high: int, low: int, capacity: int) -> int:
        """How far over 50/20, in hundredths of an offender: 100 per offender over the
        capacity plus the high-risk share's excess (100h - Pn)."""
        return 100 * max(0, high + low - capacity) + max(0, 100 * high - self.percent * (high + low))


def _check_unique(caseloads: Sequence[OfficerCaseload]) -> None:
    officers = [caseload.officer_id for caseload in caseloads]
    if len(set(officers)) != len(officers):
        raise ValueError("An offender manager appears twice in the team.")
    offenders = [offender.offender_id for caseload in caseloads for offender in caseload.offenders]
    if len(set(offenders)) != len(offenders):
        raise ValueError("An offender appears on more than one caseload.")


def _counts(caseload: OfficerCaseload) -> Counts:
    return Counts(
        community=len(caseload.offenders),
        high_risk=sum(1 for offender in caseload.offenders if offender.high_risk),
    )


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _team_share_allowance(community: int, officers: int, rule: _Rule) -> int:
    """The most high-risk offenders `officers` OMs can hold between them, within 50/20,
    when they hold `community` offenders in all (no more than `officers` × target).

    Rounding down caseload by caseload makes this less than P% of the total in general
    (with a target of 7 and 20%, 21 offenders allow 3, not 4). An OM allowed j high-risk
    offenders needs a caseload of at least least_caseload(j); the rest of the offenders fit
    anywhere, as more offenders never lower an allowance. So the answer is the largest Σj
    whose least caseloads add up to no more than `community`: a small knapsack over OMs."""
    per_officer = high_risk_allowance(rule.target, rule.percent)
    # No more than P% of the total in any case: Σ floor(n_i P/100) <= floor(N P/100).
    most = min(officers * per_officer, high_risk_allowance(community, rule.percent))
    # least[s]: the fewest offenders that give the OMs so far an allowance of s between them.
    least = [0] + [community + 1] * most
    for _ in range(officers):
        grown = list(least)
        for s, used in enumerate(least):
            if used > community:
                continue
            for j in range(1, min(per_officer, most - s) + 1):
                total = used + rule.least_caseload_of(j)
                if total < grown[s + j]:
                    grown[s + j] = total
        least = grown
    return max(s for s, used in enumerate(least) if used <= community)


def _percent(part: int, whole: int, limit: int) -> str:
    """`part` as a percentage of `whole`, with a decimal place when the whole number would
    hide that it is over `limit`."""
    if 100 * part > limit * whole and round(100 * part / whole) <= limit:
        return f"{100 * part / whole:.1f}%"
    return f"{round(100 * part / whole)}%"


def _problems(
    caseloads: Sequence[OfficerCaseload], before: list[Counts], taking_part: list[int], rule: _Rule
) -> tuple[str, ...]:
    """Why the team's totals rule out every available OM within 50/20; empty when they
    allow it. Exact: an allocation within exists iff N <= k·T and H <= the most high-risk
    offenders k caseloads of N offenders in all can hold (`_team_share_allowance`), as fewer
    high-risk offenders always fit where more do."""
    if not caseloads:
        return ("The team has no offender managers.",)
    officers = sum(1 for caseload in caseloads if caseload.available)
    community = sum(before[i].community for i in taking_part)
    high_risk = sum(before[i].high_risk for i in taking_part)
    if officers == 0:
        held = sum(counts.community for counts in before)
        return (
            f"None of the team's {_plural(len(caseloads), 'offender manager', 'offender managers')} "
            f"is available to hold its {_plural(held, 'community offender', 'community offenders')}.",
        )
    problems = []
    target, percent = rule.target, rule.percent
    if community > officers * target:
        needed = -(-community // target)
        problems.append(
            f"The team has {community} community offenders for "
            f"{_plural(officers, 'available offender manager', 'available offender managers')}; "
            f"{target} each is {officers * target}: {needed} offender managers are needed."
        )
        # The share is then judged as if the needed OMs were there.
        officers = needed
    allowance = _team_share_allowance(community, officers, rule)
    if high_risk > allowance:
        rounding = ""
        if allowance < community * percent // 100:
            rounding = f" of each caseload, rounded down, across {officers} offender managers"
        problems.append(
            f"{high_risk} of the team's {community} community offenders are high or very high risk "
            f"({_percent(high_risk, community, percent)}); {target}/{percent} allows at most "
            f"{allowance} ({percent}%{rounding})."
        )
    return tuple(problems)


def _fewest_moves_targets(
    starts: list[tuple[int, int]], capacities: list[int], rule: _Rule
) -> list[tuple[int, int]] | None:
    """Final (high, low) counts per OM, every one within 50/20 and its capacity, reached with
    the fewest moves; None if there are none. Exact:

    Moves to reach final counts (h'_i, l'_i) = Σ max(0, h_i - h'_i) + Σ max(0, l_i - l'_i):
    each offender an OM loses must move at least once, and moving it straight to an OM that
    gains one of its class is enough.

    Fix the highs h'. OM i then needs m_i <= l'_i <= M_i lows (m_i: the least that makes h'_i
    within the share; M_i = c_i - h'_i). Clamp l_i into [m_i, M_i]: A = Σ lows forced in,
    B = Σ lows forced out. At least max(A, B) lows must move, and max(A, B) is enough when
    Σm <= L <= ΣM: with A > B, take A - B more from OMs still above their m_i (possible iff
    Σm <= L); with B > A, put B - A more on OMs still below their M_i (possible iff ΣM >= L,
    i.e. N <= Σc, whatever h' is). When A <= B, Σm <= L follows (Σ(l_i - m_i) >= B - A >= 0).

    So a dynamic programme over the OMs (`_layers`) with state (Σh', D = A - B, Σm) and value
    the least "high moves + forced low moves out" is exact: the total is that + max(0, D),
    given Σm <= L. Σm only matters near that limit, and rarely even there; so the DP first runs
    without it, from the last OM back (`_cheapest_highs`). Its answer stands when it happens to
    have Σm <= L. If not, what it found for each state is a lower bound on what completing that
    state costs, and the full DP keeps only states whose cost + bound is within a limit, raised
    from the relaxed answer (doubling the margin) until it finds a plan. A limit at or above
    the fewest moves keeps every state of a cheapest plan, so the first plan found is one.
    """
    highs = sum(h for h, _ in starts)
    lows = sum(low for _, low in starts)
    if highs + lows > sum(capacities):
        return None
    if all(rule.within(h, low, c) for (h, low), c in zip(starts, capacities, strict=True)):
        return list(starts)
    # The DP keeps far fewer states when it takes the OMs with the most lows first (measured:
    # about a third of the time on teams of 15).
    order = sorted(range(len(starts)), key=lambda i: -starts[i][1])
    options = _options([starts[i] for i in order], [capacities[i] for i in order], rule, highs)
    ordered_highs = _cheapest_highs(options, highs, lows, rule)
    if ordered_highs is None:
        return None
    final_highs = [0] * len(starts)
    for position, i in enumerate(order):
        final_highs[i] = ordered_highs[position]
    return _settle_lows(starts, capacities, final_highs, rule)


def _cheapest_highs(
    options: list[list[tuple[int, int, int, int]]], highs: int, lows: int, rule: _Rule
) -> list[int] | None:
    """Each OM's final highs in a plan with the fewest moves (see `_fewest_moves_targets`)."""
    backwards = _layers(options[::-1], highs, rule)
    relaxed = _cheapest(backwards[-1])
    if relaxed is None:
        return None
    final_highs = _trace(backwards, options[::-1], relaxed[1])[::-1]
    if sum(rule.least_caseload_of(h) - h for h in final_highs) <= lows:
        return final_highs

    # to_go[i]: for the OMs from i on, by the highs left for them, the relaxed states as a
    # staircase (D, cost): see `_staircase`.
    to_go: list[dict[int, list[_Step]]] = []
    for layer in reversed(backwards):
        by_high: dict[int, list[_Step]] = {}
        for (sum_high, net_in, _), (cost, _) in layer.items():
            by_high.setdefault(sum_high, []).append((net_in, cost, None))
        to_go.append({rest: _staircase(entries) for rest, entries in by_high.items()})
    margin = 1
    while True:
        limit = relaxed[0] + margin
        layers = _layers(options, highs, rule, lows=lows, to_go=to_go, limit=limit)
        best = _cheapest(layers[-1])
        if best is not None:
            return _trace(layers, options, best[1])
        if limit >= highs + lows:
            return None
        margin *= 2


def _options(
    starts: list[tuple[int, int]], capacities: list[int], rule: _Rule, highs: int
) -> list[list[tuple[int, int, int, int]]]:
    """Per OM, for every final number of highs h' it can hold within 50/20 (from 0 up to what
    its capacity's share allows): (h', high moves out + forced low moves out, D's change, m)."""
    options = []
    for (high, low), capacity in zip(starts, capacities, strict=True):
        officer_options = []
        for final_high in range(min(highs, capacity) + 1):
            least = rule.least_caseload(final_high)
            if least is None or least > capacity:
                break
            fewest_lows, most_lows = least - final_high, capacity - final_high
            forced_in, forced_out = max(0, fewest_lows - low), max(0, low - most_lows)
            officer_options.append(
                (final_high, max(0, high - final_high) + forced_out, forced_in - forced_out, fewest_lows)
            )
        options.append(officer_options)
    return options


_SAFE = -1  # in place of Σm when no completion can take it over L, or when it is not tracked

# A DP state (Σh', D, Σm); a layer maps each to (least cost, (previous state, option) or None).
_State = tuple[int, int, int]
_Layer = dict[_State, tuple[int, tuple[_State, int] | None]]
# A staircase entry (D, cost, state); the state is None in the relaxed bounds (`to_go`).
_Step = tuple[int, int, _State | None]
_StepT = TypeVar("_StepT", bound=_Step)


def _layers(
    options: list[list[tuple[int, int, int, int]]],
    highs: int,
    rule: _Rule,
    *,
    lows: int | None = None,
    to_go: list[dict[int, list[_Step]]] | None = None,
    limit: int = 0,
) -> list[_Layer]:
    """The DP of `_fewest_moves_targets`, OM by OM: layers[i] maps each state (Σh', D, Σm)
    after i OMs to (least cost, (previous state, option)). Σm is tracked only when `lows` (L)
    is given; `to_go` and `limit` drop states whose cost + lower bound exceeds the limit.

    Dropped also: states that can no longer reach Σh' = H; states every completion takes Σm over
    L (they can end neither with D > 0 nor, see `_fewest_moves_targets`, with D <= 0); and states
    another beats whatever follows (`_undominated`). Σm becomes "safe" once no completion can
    take it over L."""
    reachable_after = [0] * (len(options) + 1)
    for i in range(len(options) - 1, -1, -1):
        reachable_after[i] = reachable_after[i + 1] + options[i][-1][0]
    if lows is not None:
        # Σm for the x highs still to place: at least least_caseload(x) - x, at most x(100 - P)/P
        # plus, for each OM still to come, what rounding up adds: at most (per - 1)/per, with
        # (100 - P)/P = lows_per/per in lowest terms.
        common = gcd(100, rule.percent)
        lows_per, per = (100 - rule.percent) // common, rule.percent // common
        fewest_rest = [0] + [rule.least_caseload_of(rest) - rest for rest in range(1, highs + 1)]

    layers: list[_Layer] = [{(0, 0, _SAFE if lows is None else 0): (0, None)}]
    for i, officer_options in enumerate(options):
        layer: _Layer = {}
        still_needed = highs - reachable_after[i + 1]
        if lows is not None:
            officers_left = len(options) - i - 1
            most_rest = [0] + [
                (rest * lows_per + min(officers_left, rest) * (per - 1)) // per
                for rest in range(1, highs + 1)
            ]
        bounds = to_go[i + 1] if to_go is not None else None
        for state, (cost, _) in layers[-1].items():
            sum_high, net_in, sum_least = state
            for option_index, (final_high, option_cost, change, fewest_lows) in enumerate(officer_options):
                new_high = sum_high + final_high
                if new_high > highs:
                    break
                if new_high < still_needed:
                    continue
                new_least = _SAFE
                if sum_least != _SAFE:
                    # Σm is tracked (not _SAFE from the start) only when `lows` is given.
                    assert lows is not None
                    new_least = sum_least + fewest_lows
                    if new_least + fewest_rest[highs - new_high] > lows:
                        continue
                    if new_least + most_rest[highs - new_high] <= lows:
                        new_least = _SAFE
                new_cost, new_net = cost + option_cost, net_in + change
                if bounds is not None:
                    still_to_pay = _least_to_go(bounds.get(highs - new_high), new_net)
                    if still_to_pay is None or new_cost + still_to_pay > limit:
                        continue
                new_state = (new_high, new_net, new_least)
                held = layer.get(new_state)
                if held is None or new_cost < held[0]:
                    layer[new_state] = (new_cost, (state, option_index))
        layers.append(_undominated(layer))
    return layers


def _least_to_go(staircase: Sequence[_Step] | None, net_in: int) -> int | None:
    """The least that completing a state with net low inflow `net_in` adds, over the completions
    in `staircase` (D, cost): cost + max(0, net_in + D), or None when there are none. Costs fall
    as D rises, so the cheapest completion with net_in + D <= 0 is the last such; cost + D rises,
    so the cheapest of the others is the first."""
    if not staircase:
        return None
    after = bisect.bisect_right(staircase, -net_in, key=lambda entry: entry[0])
    least = staircase[after - 1][1] if after else None
    if after < len(staircase):
        other = staircase[after][1] + staircase[after][0] + net_in
        least = other if least is None else min(least, other)
    return least


def _cheapest(layer: _Layer) -> tuple[int, _State] | None:
    """The final state with the fewest moves in all: cost + max(0, D)."""
    best: tuple[int, _State] | None = None
    for state, (cost, _) in layer.items():
        total = cost + max(0, state[1])
        if best is None or total < best[0]:
            best = (total, state)
    return best


def _trace(layers: list[_Layer], options: list[list[tuple[int, int, int, int]]], state: _State) -> list[int]:
    """Each OM's final highs on the way to `state`."""
    final_highs = [0] * len(options)
    for i in range(len(options), 0, -1):
        back = layers[i][state][1]
        assert back is not None  # only the first layer's state has no previous one
        state, option_index = back
        final_highs[i - 1] = options[i - 1][option_index][0]
    return final_highs


def _undominated(layer: _Layer) -> _Layer:
    """Drop the DP states that another with the same Σh' beats whatever follows.

    State 1 (cost c1, net low inflow D1, Σm1) beats state 2 when Σm1 <= Σm2 ("safe" counting
    least) and c1 + max(0, D1 - D2) <= c2: the total adds max(0, D + later change), which grows
    by at most what D does, and the Σm <= L test passes for state 1 whenever it passes for
    state 2 (when it is needed at all: a plan ending with D <= 0 has Σm <= L anyway). The
    relation is transitive, so testing against the states kept is enough. States are taken in
    order of Σm; those kept so far form a staircase over D (`_staircase`)."""
    by_high: dict[int, dict[int, list[tuple[int, int, _State]]]] = {}
    for state, (cost, _) in layer.items():
        by_high.setdefault(state[0], {}).setdefault(state[2], []).append((state[1], cost, state))
    kept: _Layer = {}
    for levels in by_high.values():
        staircase: list[tuple[int, int, _State]] = []
        for sum_least in sorted(levels):
            survivors = [
                entry for entry in _staircase(levels[sum_least]) if not _beaten(staircase, entry[0], entry[1])
            ]
            for _, _, state in survivors:
                kept[state] = layer[state]
            staircase = _staircase(staircase + survivors)
    return kept


def _staircase(entries: list[_StepT]) -> list[_StepT]:
    """The (D, cost, state) entries no other beats on D and cost alone, by D: a state is beaten
    by one with less inflow that costs no more, or by one with more inflow whose cost + D is
    no more. What is left has cost falling and cost + D rising as D rises."""
    entries.sort(key=lambda entry: (entry[0], entry[1]))
    cheaper: list[_StepT] = []
    for entry in entries:
        if not cheaper or entry[1] < cheaper[-1][1]:
            cheaper.append(entry)
    kept: list[_StepT] = []
    for entry in reversed(cheaper):
        if not kept or entry[0] + entry[1] < kept[-1][0] + kept[-1][1]:
            kept.append(entry)
    kept.reverse()
    return kept


def _beaten(staircase: Sequence[_Step], net_in: int, cost: int) -> bool:
    """Whether a state of the staircase beats (net_in, cost): one that adds no more than `cost`
    to completing it, as `_least_to_go` counts with the inflows the other way round."""
    least = _least_to_go(staircase, -net_in)
    return least is not None and least <= cost


def _settle_lows(
    starts: list[tuple[int, int]], capacities: list[int], final_highs: list[int], rule: _Rule
) -> list[tuple[int, int]]:
    """The final lows for fixed final highs, with max(A, B) low moves (see
    `_fewest_moves_targets`). Lows beyond the forced ones leave the fullest OMs first and go to
    the emptiest first, so the team ends as even as the fewest moves allow."""
    fewest = [rule.least_caseload_of(h) - h for h in final_highs]
    most = [c - h for c, h in zip(capacities, final_highs, strict=True)]
    lows = [min(max(low, f), m) for (_, low), f, m in zip(starts, fewest, most, strict=True)]
    surplus = sum(lows) - sum(low for _, low in starts)
    if surplus > 0:
        heap = [
            (-(h + low), i)
            for i, (h, low) in enumerate(zip(final_highs, lows, strict=True))
            if low > fewest[i]
        ]
        heapq.heapify(heap)
        for _ in range(surplus):
            size, i = heapq.heappop(heap)
            lows[i] -= 1
            if lows[i] > fewest[i]:
                heapq.heappush(heap, (size + 1, i))
    elif surplus < 0:
        heap = [
            (h + low, i) for i, (h, low) in enumerate(zip(final_highs, lows, strict=True)) if low < most[i]
        ]
        heapq.heapify(heap)
        for _ in range(-surplus):
            size, i = heapq.heappop(heap)
            lows[i] += 1
            if lows[i] < most[i]:
                heapq.heappush(heap, (size + 1, i))
    return list(zip(final_highs, lows, strict=True))


def _flows_to(starts: list[tuple[int, int]], targets: list[tuple[int, int]]) -> list[tuple[int, int, bool]]:
    """One (giver, receiver, high risk) per offender to move, pairing givers and receivers of
    each class in team order."""
    flows = []
    for high_risk, column in ((True, 0), (False, 1)):
        givers = [
            [i, start[column] - target[column]]
            for i, (start, target) in enumerate(zip(starts, targets, strict=True))
        ]
        receivers = [[i, -spare] for i, spare in givers if spare < 0]
        givers = [pair for pair in givers if pair[1] > 0]
        for giver in givers:
            while giver[1]:
                receiver = receivers[0]
                flows.append((giver[0], receiver[0], high_risk))
                giver[1] -= 1
                receiver[1] -= 1
                if not receiver[1]:
                    receivers.pop(0)
    return flows


def _improve(
    starts: list[tuple[int, int]], capacities: list[int], receives: list[bool], rule: _Rule
) -> list[tuple[int, int, bool]]:
    """Moves that improve a team whose totals rule out 50/20 for everyone, never leaving an OM
    worse than it started (`not_worse`, against its starting counts).

    Greedy: repeatedly make the step that most improves the team, judged first by how many
    OMs it brings within (an absent OM being covered counts once empty), then by how much it
    cuts the total excess (`_Rule.excess`) per offender moved, then by moving fewer. A step is
    one offender moved, a swap of a high-risk offender for one who is not (what an OM at its
    target but over the share needs), or a high-risk offender moved with enough others to stay
    within the share beside them (what a receiver at its share needs). It stops when no step
    improves: every step gains OMs within, or the same number with less excess, so it ends.
    No OM both gives and receives offenders of one class, so no offender moves twice."""
    team = len(starts)
    now = [list(start) for start in starts]
    gave = [[False, False] for _ in range(team)]  # per OM, [high risk, not high risk]
    took = [[False, False] for _ in range(team)]

    def score(i: int, high: int, low: int) -> tuple[int, int]:
        if rule.within(high, low, capacities[i]):
            return 1, 0
        return 0, -rule.excess(high, low, capacities[i])

    scores = [score(i, high, low) for i, (high, low) in enumerate(starts)]
    # A step: (highs from giver to receiver, lows from giver to receiver, lows back). The
    # bundles carry the lows that make room for one more high-risk offender (4 at 20%).
    carry = min(rule.least_caseload_of(1) - 1, 9) if rule.percent else 0
    shapes = [(1, 0, 0), (0, 1, 0), (1, 0, 1)] + [(1, lows, 0) for lows in range(1, carry + 1)]

    def gain(giver: int, receiver: int, shape: tuple[int, int, int]) -> tuple[int, float, int] | None:
        """(OMs brought within, excess cut per move, -moves), or None: not allowed, or no better."""
        highs_over, lows_over, lows_back = shape
        if lows_back and not receives[giver]:
            return None
        # Nobody gives a class it took, so what an OM gives is its own: no one moves twice.
        if highs_over and (took[giver][0] or gave[receiver][0]):
            return None
        if lows_over and (took[giver][1] or gave[receiver][1]):
            return None
        if lows_back and (took[receiver][1] or gave[giver][1]):
            return None
        giver_high, giver_low = now[giver][0] - highs_over, now[giver][1] - lows_over
        receiver_high, receiver_low = now[receiver][0] + highs_over, now[receiver][1] - lows_back
        if giver_high < 0 or giver_low < 0 or receiver_low < 0:
            return None
        giver_low += lows_back
        receiver_low += lows_over
        within = cut = 0
        for i, high, low in ((giver, giver_high, giver_low), (receiver, receiver_high, receiver_low)):
            if not rule.not_worse(starts[i], high, low):
                return None
            new = score(i, high, low)
            within += new[0] - scores[i][0]
            cut += new[1] - scores[i][1]
        if within < 0 or (within == 0 and cut <= 0):
            return None
        moved = highs_over + lows_over + lows_back
        return within, cut / moved, -moved

    def best_step(giver: int, receiver: int) -> tuple[tuple[int, float, int], tuple[int, int, int]] | None:
        best = None
        for shape in shapes:
            found = gain(giver, receiver, shape)
            if found is not None and (best is None or found > best[0]):
                best = (found, shape)
        return best

    # The best step between each pair of OMs, redone only for pairs a step touches.
    best = {
        (giver, receiver): best_step(giver, receiver)
        for giver in range(team)
        for receiver in range(team)
        if giver != receiver and receives[receiver]
    }
    flows: list[tuple[int, int, bool]] = []
    while True:
        chosen = None
        for pair, found in best.items():
            if found is not None and (chosen is None or found[0] > chosen[1][0]):
                chosen = (pair, found)
        if chosen is None:
            return flows
        (giver, receiver), (_, (highs_over, lows_over, lows_back)) = chosen
        for count, column, source, target in (
            (highs_over, 0, giver, receiver),
            (lows_over, 1, giver, receiver),
            (lows_back, 1, receiver, giver),
        ):
            if count:
                now[source][column] -= count
                now[target][column] += count
                gave[source][column] = took[target][column] = True
                flows.extend([(source, target, column == 0)] * count)
        for i in (giver, receiver):
            scores[i] = score(i, *now[i])
        for pair in best:
            if giver in pair or receiver in pair:
                best[pair] = best_step(*pair)


def _moves(caseloads: list[OfficerCaseload], flows: list[tuple[int, int, bool]]) -> tuple[Move, ...]:
    """Name the offenders: from each giver, of each class, the lowest `move_order` first
    (then the lowest id), in the order the flows go."""
    queues = {}
    for position, caseload in enumerate(caseloads):
        for high_risk in (True, False):
            offenders = [o for o in caseload.offenders if o.high_risk == high_risk]
            offenders.sort(key=lambda o: (o.move_order, o.offender_id))
            queues[position, high_risk] = iter(offenders)
    ordered = sorted(flows, key=lambda flow: (flow[0], not flow[2]))
    return tuple(
        Move(
            offender_id=next(queues[giver, high_risk]).offender_id,
            from_officer_id=caseloads[giver].officer_id,
            to_officer_id=caseloads[receiver].officer_id,
        )
        for giver, receiver, high_risk in ordered
    )
