"""``negotiator``: values every offer by its expected effect on its own final score.

For each decision it draws a world from its belief (hidden capabilities,
chance seed, the simultaneous actions it cannot see), applies each candidate
on a copy, lets the other seats reply as self-interested parties would, rolls
the game forward a few quarters with the default play and compares its own
score (``game.rules.score``) with and without the deal. It

* proposes the deal (counterparty, type, size) that raises its score most
  among those the counterparty should also want, probing one size per deal
  type first and refining the best few;
* answers an offer with accept, reject or a counter at the size it prefers,
  predicting whether the proposer will take the counter;
* picks its quarterly move and capex by the same lookahead;
* keeps a Kalman belief about the hidden capabilities (``agents.belief``) and
  a record of who accepts its offers, so it stops courting seats that never
  deal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.rules import (SEATS, Accept, Act, Choice, Counter, GameState, Match, Observation, Pass, Phase, Propose,
                        Reject, Seat, Waive)

from .base import Agent, Decision
from .belief import Belief
from .lookahead import Lookahead, Scores, determinize, utility
from .registry import register

PASS, ACCEPT, REJECT = Pass(), Accept(), Reject()
REFUSAL_COST = 2.0   # score points a refused offer costs: trust, and a talk slot spent for nothing


@dataclass(slots=True)
class Option:
    """A candidate with what the lookahead says it is worth."""

    choice: Choice
    value: float          # own utility, in score points
    scores: Scores


class Reputation:
    """How often each seat has taken up our offers: optimistic at first (1.0),
    a third after one refusal, a ninth after four.

    Read from the public log: after ``X proposes ... to Y`` comes ``Y accepts``,
    ``Y counters ...`` or ``Rejected``."""

    def __init__(self) -> None:
        self.offers = [0, 0, 0, 0]
        self.accepts = [0, 0, 0, 0]
        self._mark = 0

    def read(self, me: Seat, log: list[str]) -> None:
        lines = log[self._mark:]
        self._mark = max(self._mark, len(log) - 1)  # the last line is read again: its reply may follow
        prefix = f"{me.label} proposes "
        for i, line in enumerate(lines[:-1]):
            if not line.startswith(prefix):
                continue
            cp = Seat.parse(line.rsplit(" to ", 1)[1])
            reply = lines[i + 1]
            self.offers[cp] += 1
            if reply.startswith(f"{cp.label} accepts") or reply.startswith(f"{cp.label} counters"):
                self.accepts[cp] += 1

    def willingness(self, seat: Seat) -> float:
        """Chance that ``seat`` takes an offer it should want."""
        return (self.accepts[seat] + 0.5) / (self.offers[seat] + 0.5)


class LookaheadAgent(Agent):
    """Shared machinery: belief, reputation, worlds and option evaluation."""

    horizon = 6
    worlds = 1
    rivalry = 0.0
    margin = 0.5          # score points a deal must gain before we bother

    def __init__(self, level: str | None = None) -> None:
        super().__init__()
        self.level = level
        self.belief = Belief()
        self.reputation = Reputation()
        self.look = Lookahead(self.horizon, self.rivalry)

    def reset(self, seat: Seat, rng: np.random.Generator) -> None:
        super().reset(seat, rng)
        self.belief = Belief()
        self.belief.reset(seat)
        self.reputation = Reputation()
        self.look = Lookahead(self.horizon, self.rivalry)

    # ------------------------------------------------------------ helpers
    def observe(self, obs: Observation) -> None:
        self.belief.observe(obs)
        self.reputation.read(obs.seat, obs.view.log)

    def make_worlds(self, obs: Observation, n: int | None = None) -> list[GameState]:
        return [determinize(obs, self.belief, self.rng) for _ in range(n or self.worlds)]

    def value(self, sc: Scores) -> float:
        return utility(sc, self.seat, self.rivalry)

    def option(self, worlds: list[GameState], choices: list[Choice]) -> Option:
        sc = self.look.mean_after(worlds, self.seat, choices)
        return Option(choices[0], self.value(sc), sc)

    # ------------------------------------------------------------ phases
    def best_proposal(self, obs: Observation, worlds: list[GameState]) -> tuple[Option, Option | None, float]:
        """(pass option, best proposal or None, its expected gain)."""
        base = self.option(worlds, [PASS])
        proposals = [c for c in obs.legal if isinstance(c, Propose)]
        by_pair: dict[tuple[Seat, str], list[Propose]] = {}
        for c in proposals:
            by_pair.setdefault((c.to, c.deal), []).append(c)

        def expected(c: Propose) -> tuple[float, Option]:
            opt = self.option(worlds, [c, ACCEPT])
            cp_gain = opt.scores[c.to] - base.scores[c.to]
            if cp_gain <= 0.0:
                return -1.0, opt
            p = self.reputation.willingness(c.to)
            return p * (opt.value - base.value) - (1.0 - p) * REFUSAL_COST, opt

        probes: list[tuple[float, tuple[Seat, str], Option]] = []
        for pair, sizes in by_pair.items():
            probe = next((c for c in sizes if c.size == 2), sizes[len(sizes) // 2])
            gain, opt = expected(probe)
            probes.append((gain, pair, opt))
        probes.sort(key=lambda t: -t[0])
        best_gain, best = 0.0, None
        for gain, pair, opt in probes[:3]:
            if gain > best_gain:
                best_gain, best = gain, opt
            for c in by_pair[pair]:
                if c != opt.choice and gain > 0:
                    g2, o2 = expected(c)
                    if g2 > best_gain:
                        best_gain, best = g2, o2
        return base, best, best_gain

    def answer_offer(self, obs: Observation, worlds: list[GameState]) -> tuple[Option, dict[str, Option]]:
        """Evaluate accept / reject / counters; returns the best and all options by notation."""
        options = {str(c): self.option(worlds, [c]) for c in obs.legal}
        best = max(options.values(), key=lambda o: o.value)
        reject = options.get("reject")
        if reject is not None and best.choice != REJECT and best.value < reject.value + 1e-9:
            best = reject
        return best, options

    def best_act(self, obs: Observation, worlds: list[GameState]) -> Option:
        """Best move at the current capex level, then the best capex level for that move."""
        acts = [c for c in obs.legal if isinstance(c, Act)]
        level = obs.view.companies[obs.seat].capex_level
        levels = sorted({c.capex for c in acts})
        current = max([lv for lv in levels if lv <= level] or [levels[0]])
        by_move = [self.option(worlds, [c]) for c in acts if c.capex == current]
        best = max(by_move, key=lambda o: o.value)
        move = best.choice.move  # type: ignore[union-attr]
        for c in acts:
            if c.move == move and c.capex != current:
                opt = self.option(worlds, [c])
                if opt.value > best.value + 1e-9:
                    best = opt
        return best


@register("negotiator", "values each offer by its effect on its own final score (lookahead); counters", "normal")
class Negotiator(LookaheadAgent):
    """A self-interested dealer: one world per decision, six quarters of lookahead."""

    def act(self, obs: Observation) -> Decision:
        self.observe(obs)
        if len(obs.legal) == 1:
            return Decision(obs.legal[0], "the only legal choice")
        worlds = self.make_worlds(obs)
        ph = obs.phase
        if ph is Phase.PROPOSE:
            base, best, gain = self.best_proposal(obs, worlds)
            if best is None or gain < self.margin:
                return Decision(PASS, "no deal on offer that pays both sides")
            c = best.choice
            return Decision(c, f"offers {c.deal} size={c.size} to {c.to.label}: "  # type: ignore[union-attr]
                               f"{gain:+.1f} score for us, {best.scores[c.to] - base.scores[c.to]:+.1f} "  # type: ignore[union-attr]
                               f"for them")
        if ph in (Phase.RESPOND, Phase.COUNTERED):
            best, options = self.answer_offer(obs, worlds)
            ref = options["reject"].value
            p = obs.pending
            what = f"{p.deal} size={obs.offer_size} from {p.proposer.label if ph is Phase.RESPOND else p.counterparty.label}"
            if isinstance(best.choice, Counter):
                return Decision(best.choice, f"counters {what} at size={best.choice.size}: "
                                             f"{best.value - ref:+.1f} score against rejecting")
            if isinstance(best.choice, Accept):
                return Decision(ACCEPT, f"accepts {what}: {best.value - ref:+.1f} score")
            return Decision(REJECT, f"rejects {what}: no size of it raises our score")
        if ph is Phase.ROFR:
            match, waive = self.option(worlds, [Match()]), self.option(worlds, [Waive()])
            if match.value > waive.value:
                return Decision(Match(), f"matches under the ROFR: {match.value - waive.value:+.1f} score")
            return Decision(Waive(), "waives the ROFR: matching would cost more than it keeps")
        best = self.best_act(obs, worlds)
        c = best.choice
        return Decision(c, f"{c.move} with capex {c.capex}: best projected score "  # type: ignore[union-attr]
                           f"{best.scores[self.seat]:.0f} over the next quarters")


__all__ = ["LookaheadAgent", "Negotiator", "Option", "Reputation", "SEATS"]
