"""Lookahead over the pure rules core: determinize, play out, score.

Every built-in agent that thinks uses the same three steps:

1. **determinize** an observation: copy the redacted ``view``, draw the hidden
   capabilities from the agent's ``Belief``, give the copy a chance seed from
   the agent's own stream, and fill in the simultaneous actions the view hides
   (seats that already chose this quarter) with the default play;
2. apply a choice, let the other seats *reply* to it (the side facing a
   package accepts it when that raises its own score, Microsoft matches under
   the ROFR when matching pays it more), then **roll out** the next quarters
   with a cheap default play (no new deals, the standing capex, the obvious
   structural moves: OpenAI converts once it has consent, Microsoft disputes
   an AGI declaration it expects to win, SoftBank pays tranches once OpenAI
   has converted);
3. **score** every seat in growth ``points`` (the score before par) when the
   rollout stops (the game's end, or a horizon). Values are marked to market every quarter, but
   OpenAI's mark is today's revenue at a multiple, so a rollout stopped early
   adds the ``continuation``: what each holder gains from OpenAI's business
   growing on to the game's end. Without it a stake sold now was priced on
   its value six quarters out and the buyer kept the rest of its growth for
   nothing.

The rollout is a projection, not a prediction of what others will really do;
it is cheap (about 0.2 ms per simulated quarter) so agents can compare dozens
of options per decision with common random numbers (same worlds for each).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from game.rules import (SEATS, Accept, Act, Agi, Choice, GameState, Match, Observation, Pass, Phase, Reject, Seat,
                        Waive, agi_uphold_chance, apply_unchecked, move_why_not, openai_payments, openai_value,
                        revenue_multiple, to_move, why_not_package)

from .belief import Belief

M, O, S, R = Seat.MICROSOFT, Seat.OPENAI, Seat.SOFTBANK, Seat.ORACLE
PASS, ACCEPT, REJECT, MATCH, WAIVE = Pass(), Accept(), Reject(), Match(), Waive()
Scores = tuple[float, float, float, float]


# ------------------------------------------------------------ default play
HOLD = Act("hold")


DELAY_TRUST = 0.45   # below this trust in Microsoft, OpenAI gives ChatGPT its models first unless it promised


def default_move(s: GameState, seat: Seat) -> str:
    """The structural move any sensible company makes without thinking: Microsoft
    disputes an AGI declaration it is more likely than not to win, OpenAI
    converts once it has consent and holds its models back from a Microsoft it
    distrusts (unless it promised not to), SoftBank pays tranches after OpenAI
    has converted."""
    if seat == M and s.agi is Agi.DECLARED and s.agi_clause == "board" and agi_uphold_chance(s) < 0.5:
        return "dispute-agi"
    if seat == O and not s.converted and s.consent > 0:
        return "request-conversion"
    if seat == O and s.ip_access and s.delivery_until <= s.quarter and s.trust[O][M] < DELAY_TRUST:
        return "delay-model"
    if seat == S and s.converted and s.sb_pledge > 1e-9 and move_why_not(s, S, "release-tranche") is None:
        return "release-tranche"
    return "hold"


def default_act(s: GameState, seat: Seat) -> Act:
    """Default play in the ACT phase: the structural move, the standing capex."""
    move = default_move(s, seat)
    return HOLD if move == "hold" else Act(move)


def default_answer(s: GameState) -> Choice:
    """Default play for whoever is to move: no new deals, no surprises."""
    ph = s.phase
    if ph is Phase.ACT:
        return default_act(s, to_move(s))
    if ph is Phase.ROFR:
        return WAIVE
    if ph is Phase.PROPOSE:
        return PASS
    return REJECT


def rollout(s: GameState, until_quarter: int) -> GameState:
    """Play ``s`` forward with the default play until ``until_quarter`` starts or the game ends."""
    end = min(until_quarter, s.scenario.quarters)
    while s.phase is not Phase.OVER and s.quarter < end:
        apply_unchecked(s, default_answer(s))
    return s


def points(s: GameState, seat: Seat, extra: float = 0.0) -> float:
    """What the agents weigh: 100 x value / start value, the score before par (with ``extra`` $B of value).

    Par is the scenario's normalisation between seats: it decides who wins and nothing else. Agents that
    weighed par-divided scores played differently under another par (every threshold in points moved), so
    the seat balance could not be measured once and refitted; on growth points the same seed plays the same
    game under any par."""
    co = s.companies[seat]
    return 100.0 * (co.value + extra) / max(co.value_start, 1e-9)


def scores(s: GameState) -> Scores:
    """Every seat's ``points`` in ``s``."""
    return tuple(points(s, seat) for seat in SEATS)  # type: ignore[return-value]


def continuation(s: GameState) -> list[float]:
    """$B each seat stands to gain after a truncated rollout stops, from OpenAI's business growing on at the
    scenario's user growth until the game ends.

    Values are marked to market, but OpenAI's mark is today's revenue at a multiple: its growth after the
    horizon is predictable and a truncated rollout does not see it. Without this, a stake sold now is priced
    on its value a few quarters out, and the buyer keeps every later quarter's growth for nothing (measured:
    the negotiator mirror signed 8.3 stake deals a game, the planner's 1.4, and SoftBank, the buyer, was
    the negotiators' strongest seat and the planners' weakest). Only what grows with OpenAI's revenue counts: the stakes (Microsoft's capped
    while OpenAI is unconverted), OpenAI's own residual, and Microsoft's receipts."""
    rem = s.scenario.quarters - s.quarter
    if rem <= 0:
        return [0.0, 0.0, 0.0, 0.0]
    growth = (1.0 + s.scenario.economy.user_growth) ** rem - 1.0
    oai = s.companies[O]
    multiple = revenue_multiple(s)
    receipts = openai_payments(s)
    extra = (oai.revenue - receipts) * multiple * growth
    v = openai_value(s)
    gains = [0.0, 0.0, 0.0, 0.0]
    for seat in (M, S, R):
        stake = s.stakes[seat][O]
        before, after = stake * v, stake * (v + extra)
        if seat == M and not s.converted:
            cap = s.scenario.terms.msft_profit_cap
            before, after = min(before, cap), min(after, cap)
        gains[seat] = after - before
    gains[O] = extra * (1.0 - s.outside) - sum(gains)
    gains[M] += receipts * multiple * growth
    return gains


def projected_scores(s: GameState) -> Scores:
    """``scores`` with the ``continuation`` after a rollout that stopped before the game's end."""
    if s.phase is Phase.OVER:
        return scores(s)
    gains = continuation(s)
    return tuple(points(s, seat, gains[seat]) for seat in SEATS)  # type: ignore[return-value]


def utility(sc: Sequence[float], me: Seat, rivalry: float = 0.0) -> float:
    """Own points, less ``rivalry`` times the best rival's: 0 (every built-in agent) maximises one's own
    growth; above 0 plays against the leader."""
    if rivalry == 0.0:
        return sc[me]
    return sc[me] - rivalry * max(sc[o] for o in SEATS if o != me)


# ------------------------------------------------------------ worlds
def determinize(obs: Observation, belief: Belief, rng: np.random.Generator, sample: bool = True) -> GameState:
    """A full game state consistent with ``obs``: hidden figures drawn from the
    belief (or set to its mean), a chance seed from ``rng``, and the hidden
    simultaneous actions of this quarter filled with the default play."""
    s = obs.view.copy()
    me = obs.seat
    s.seed = int(rng.integers(0, 2**31 - 1))
    if sample:
        oai, msft = belief.sample(rng)
    else:
        oai, msft = belief.oai.mean, belief.msft.mean
    if not s.sees_private(me, O):
        s.companies[O].capability = oai
        if me != M and s.ip_access:
            s.companies[M].delivered = oai
    if not s.sees_private(me, M):
        s.companies[M].capability = msft
    if s.phase is Phase.ACT:
        for seat in SEATS:
            if seat < me and s.actions[seat] is None:
                s.actions[seat] = default_act(s, seat)
    return s


class Lookahead:
    """Evaluates choices for one seat on a fixed set of worlds (common random numbers).

    ``horizon`` is in quarters (0 = to the game's end); ``rivalry`` weighs the
    best rival's score (see ``utility``)."""

    def __init__(self, horizon: int = 6, rivalry: float = 0.0) -> None:
        self.horizon, self.rivalry = horizon, rivalry
        self.rollouts = 0

    def stop_quarter(self, s: GameState) -> int:
        q_end = s.scenario.quarters
        return q_end if self.horizon <= 0 else min(q_end, s.quarter + self.horizon + 1)

    def play_out(self, s: GameState, me: Seat, stop: int) -> Scores:
        """Scores after the other seats reply to what is on the table, then a rollout."""
        ph = s.phase
        who = to_move(s)
        if ph in (Phase.RESPOND, Phase.ROFR) and who != me:
            if ph is Phase.ROFR:
                options = [MATCH, WAIVE]
            else:
                p = s.pending
                options = [ACCEPT, REJECT] if why_not_package(s, p.frm, p.to, p.terms) is None else [REJECT]
            best: Scores | None = None
            for c in options:
                t = s.copy()
                apply_unchecked(t, c)
                sc = self.play_out(t, me, stop)
                if best is None or sc[who] > best[who] + 1e-9:
                    best = sc
            return best  # type: ignore[return-value]
        self.rollouts += 1
        return projected_scores(rollout(s, stop))

    def after(self, world: GameState, me: Seat, choices: Sequence[Choice]) -> Scores:
        """Scores after ``choices`` (legal in sequence) are applied to a copy of ``world``."""
        s = world.copy()
        for c in choices:
            apply_unchecked(s, c)
        return self.play_out(s, me, self.stop_quarter(world))

    def mean_after(self, worlds: Sequence[GameState], me: Seat, choices: Sequence[Choice]) -> Scores:
        """``after`` averaged over several worlds."""
        rows = [self.after(w, me, choices) for w in worlds]
        return tuple(sum(r[i] for r in rows) / len(rows) for i in range(4))  # type: ignore[return-value]
