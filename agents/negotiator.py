"""``negotiator``: values every package by its expected effect on its own final score, and bargains.

For each decision it draws a world from its belief (hidden capabilities,
chance seed, the simultaneous actions it cannot see), plays each candidate on
a copy, lets the other seats reply as self-interested parties would, rolls
the game forward a few quarters with the default play and compares its own
score (``game.rules.score``) with and without the deal. Through
``agents.bargain`` it

* composes packages (single terms, pairs of the best, a resize) for each
  counterparty and prices them with cash, handing the other side a share of
  the joint surplus that grows as the quarter's exchanges run out;
* answers a package by accepting it, rejecting it, or countering with the
  cash moved its way, and its last word leaves the other side a visible gain;
* picks its quarterly move, and changes its standing capex when that pays,
  by the same lookahead;
* keeps a Kalman belief about the hidden capabilities (``agents.belief``) and
  a record of who takes up its offers, so it stops courting seats that never
  deal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.rules import (SEATS, Accept, Act, Choice, Counter, FrenemiesError, GameState, Match, Observation, Pass, Phase,
                        Reject, Seat, Waive, exchanges_left, parse_term, plain_package)

from .bargain import Bargain, Priced
from .base import Agent, Decision
from .belief import Belief
from .lookahead import Lookahead, Scores, determinize, utility
from .refusals import Refusals, again_words
from .registry import register

PASS, ACCEPT, REJECT = Pass(), Accept(), Reject()
REFUSAL_COST = 1.0   # points a refused offer costs: trust, and an exchange spent for nothing


@dataclass(slots=True)
class Option:
    """A candidate with what the lookahead says it is worth."""

    choice: Choice
    value: float          # own utility, in points
    scores: Scores


class Reputation:
    """How often each seat has taken up our offers: optimistic at first (1.0),
    a third after one refusal, a ninth after four; and which packages it refused
    (``refusals``), so we do not put them again unless something changed.

    Read from the public log: after ``X offers Y: ...`` (or ``X counters Y: ...``)
    comes ``Y accepts``, ``Y counters X: ...`` or ``Y rejects``."""

    def __init__(self) -> None:
        self.offers = [0, 0, 0, 0]
        self.accepts = [0, 0, 0, 0]
        self.refusals = Refusals()
        self._mark = 0

    def read(self, me: Seat, log: list[str], quarter: int = 0) -> None:
        lines = log[self._mark:]
        self._mark = max(self._mark, len(log) - 1)  # the last line is read again: its reply may follow
        offers, counters = f"{me.label} offers ", f"{me.label} counters "
        for i, line in enumerate(lines[:-1]):
            prefix = offers if line.startswith(offers) else counters if line.startswith(counters) else None
            if prefix is None:
                continue
            name, _, text = line[len(prefix):].partition(": ")
            try:
                cp = Seat.parse(name)
            except ValueError:
                continue
            reply = lines[i + 1]
            if prefix is offers:
                self.offers[cp] += 1
                if reply.startswith(f"{cp.label} accepts") or reply.startswith(f"{cp.label} counters"):
                    self.accepts[cp] += 1
            try:
                terms = [parse_term(t) for t in text.split("; ")]
            except (FrenemiesError, ValueError):
                continue
            if reply.startswith(f"{cp.label} rejects"):
                self.refusals.refused_by(cp, terms, quarter)
            else:   # taken up (or answered with a counter): no longer a refusal to remember
                self.refusals.taken(cp, terms)

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
        self.bargain = Bargain(self)

    def reset(self, seat: Seat, rng: np.random.Generator) -> None:
        super().reset(seat, rng)
        self.belief = Belief()
        self.belief.reset(seat)
        self.reputation = Reputation()
        self.look = Lookahead(self.horizon, self.rivalry)

    # ------------------------------------------------------------ helpers
    def observe(self, obs: Observation) -> None:
        self.belief.observe(obs)
        self.reputation.read(obs.seat, obs.view.log, obs.quarter)

    def fresh(self, obs: Observation, to: Seat, terms: tuple, theirs: float | None) -> tuple[bool, str]:
        """Whether an ask may go to ``to`` (not one it refused, unless something changed) and the words that
        say what changed."""
        return self.reputation.refusals.again(to, terms, obs.quarter, theirs, obs.view.scenario.label)

    def sending(self, obs: Observation, to: Seat, terms: tuple, theirs: float | None) -> None:
        """Remember an ask as it goes out, with the gain we expect the other side to see."""
        self.reputation.refusals.sending(to, terms, obs.quarter, theirs)

    def make_worlds(self, obs: Observation, n: int | None = None) -> list[GameState]:
        return [determinize(obs, self.belief, self.rng) for _ in range(n or self.worlds)]

    def value(self, sc: Scores) -> float:
        return utility(sc, self.seat, self.rivalry)

    def option(self, worlds: list[GameState], choices: list[Choice]) -> Option:
        sc = self.look.mean_after(worlds, self.seat, choices)
        return Option(choices[0], self.value(sc), sc)

    # ------------------------------------------------------------ phases
    def best_proposal(self, obs: Observation, worlds: list[GameState]) -> tuple[Priced | None, float, str]:
        """The best priced package to open with, its expected gain (0 when none pays), and what changed since
        its counterparty last refused it ('' when it never did: a refused ask goes again only when something
        changed, see ``agents.refusals``)."""
        base = self.bargain.base(worlds)
        best, best_gain, best_note = None, 0.0, ""
        for to in SEATS:
            if to == obs.seat or exchanges_left(obs.view, obs.seat, to) <= 0:
                continue
            p = self.reputation.willingness(to)
            if p < 0.15:
                continue
            for a in self.bargain.compose(obs, worlds, base, to):
                priced = self.bargain.price(obs.view, a, self.bargain.ask_share(obs, to))
                if priced is None or priced.theirs <= 0:
                    continue
                gain = p * priced.mine - (1.0 - p) * REFUSAL_COST
                if gain > best_gain:
                    ok, note = self.fresh(obs, to, priced.terms, priced.theirs)
                    if ok:
                        best, best_gain, best_note = priced, gain, note
        return best, best_gain, best_note

    def answer(self, obs: Observation, worlds: list[GameState]) -> tuple[Choice, str]:
        """Accept, counter or reject the package on the table."""
        p = obs.pending
        mine, theirs = self.bargain.appraise_answer(worlds, obs)
        what = f"{p.frm.label}'s offer"
        can_accept = ACCEPT in obs.legal
        if exchanges_left(obs.view, obs.seat, p.frm) > 0:
            counter = self.bargain.counter(obs, worlds, mine, theirs)
            if counter is not None and counter.mine > max(mine, 0.0) + self.margin:
                self.sending(obs, p.frm, counter.terms, counter.theirs)
                return Counter(counter.terms), (f"counters {what} ({counter.mine:+.1f}% of our value, "
                                                f"{counter.theirs:+.1f}% of theirs): {plain_package(counter.terms)}")
        if can_accept and mine > 0.1:
            return ACCEPT, f"accepts {what}: {mine:+.1f}% of our value"
        return REJECT, f"rejects {what}: {mine:+.1f}% of our value is not enough"

    def best_act(self, obs: Observation, worlds: list[GameState]) -> tuple[Option, float]:
        """Best move at the standing capex, then the best capex level for that move; and the value of
        holding (what the rationale measures the move against)."""
        acts = [c for c in obs.legal if isinstance(c, Act)]
        by_move = [self.option(worlds, [c]) for c in acts if c.capex is None]
        best = max(by_move, key=lambda o: o.value)
        hold = next((o.value for o in by_move if o.choice.move == "hold"), best.value)  # type: ignore[union-attr]
        move = best.choice.move  # type: ignore[union-attr]
        for c in acts:
            if c.move == move and c.capex is not None:
                opt = self.option(worlds, [c])
                if opt.value > best.value + 0.2:
                    best = opt
        return best, hold


@register("negotiator", "a dealer: offers packages priced by what they do for its own value, haggles over the price", "normal")
class Negotiator(LookaheadAgent):
    """A self-interested dealer: one world per decision, six quarters of lookahead."""

    def act(self, obs: Observation) -> Decision:
        self.observe(obs)
        if len(obs.legal) == 1:
            return Decision(obs.legal[0], "the only legal choice")
        worlds = self.make_worlds(obs)
        ph = obs.phase
        if ph is Phase.PROPOSE:
            best, gain, again = self.best_proposal(obs, worlds)
            if best is None or gain < self.margin:
                return Decision(PASS, "no package on offer pays both sides")
            self.sending(obs, best.to, best.terms, best.theirs)
            # the why before the package: a reason is cut at 200 characters (the package is the move's own line)
            return Decision(best.choice, f"offers {best.to.label}{again_words(again)} ({best.mine:+.1f}% of our "
                                         f"value, {best.theirs:+.1f}% of theirs): {plain_package(best.terms)}")
        if ph is Phase.RESPOND:
            choice, why = self.answer(obs, worlds)
            return Decision(choice, why)
        if ph is Phase.ROFR:
            match, waive = self.option(worlds, [Match()]), self.option(worlds, [Waive()])
            if match.value > waive.value:
                return Decision(Match(), f"matches under the ROFR: {match.value - waive.value:+.1f}% of our value")
            return Decision(Waive(), "waives the ROFR: matching would cost more than it keeps")
        best, hold = self.best_act(obs, worlds)
        c = best.choice
        capex = "" if c.capex is None else f", capex to level {c.capex}"  # type: ignore[union-attr]
        edge = best.value - hold
        left = min(self.horizon, obs.view.scenario.quarters - obs.quarter)
        ahead = "this last quarter" if left <= 1 else f"the next {left} quarters"
        if c.move == "hold":  # type: ignore[union-attr]
            return Decision(c, f"holds{capex}: no move beats it over {ahead}")
        return Decision(c, f"{c.move}{capex}: {edge:+.1f}% of our value over holding, "  # type: ignore[union-attr]
                           f"the best over {ahead}")


__all__ = ["LookaheadAgent", "Negotiator", "Option", "Reputation", "SEATS"]
