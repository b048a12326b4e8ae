"""``planner``: determinized Monte Carlo search over the pure rules core.

Each decision is a small search whose root children are the seat's own
candidate choices:

1. **shortlist** with the negotiator's one-world lookahead: the packages it
   composes and prices (``agents.bargain``) for every counterparty, or, facing
   a package, accept, reject and its counter; every move at the standing
   capex, then capex changes for the best moves; keeping the ``width`` best
   plus the do-nothing choice;
2. spend ``sims`` simulations on the children by *sequential halving*: each
   round samples fresh worlds from the belief (hidden capabilities, a chance
   seed, the simultaneous actions the view hides), plays every surviving
   child on the same worlds (common random numbers: the comparison is paired,
   so a few worlds suffice), and drops the worse half. A simulation applies
   the child, lets the other seats reply as self-interested parties
   (accept/reject, match/waive, by their own projected score) and plays out
   ``horizon`` quarters with the default play;
3. back up the utility. ``easy`` and ``normal`` back up the seat's own
   projected growth, as the negotiator does: growth does not depend on par,
   so the census's reference player (``easy``) plays the same games under
   any par and the seat balance can be measured once and refitted, and the
   window's default opponent (``normal``) deals freely. ``hard`` and the
   numbered budgets (``planner@48``, the scaling curve's family) play to win
   (``aim``): a simulation is worth the chance to finish first that its
   projected scores (growth over par) give, a logistic in the margin over the
   best rival, as wide as what the rest of the game can still move
   (``Planner.judge``). A deal that grows us less than it grows the leader is
   then worth less than passing, and a seat behind takes the riskier line.
   Measured (stargate-2025, every seat against three planner@easy, 400 games a
   budget, seeds 0-99): planner@2 24.2%, @8 30.8%, @32 37.0%, @144 (hard)
   40.0% (35.3-44.9%); the same search on growth won 10 of 40. From 64
   simulations the shortlist draws on a bigger pool (``Budget.pool``,
   ``Budget.greedy``): four packages a counterparty instead of two, the best
   three again at a harder price. With the old shortlist 144 was no stronger
   than 32 (145 wins in 400): more simulations only choose better among the
   candidates they are given. The gain is the big seats' and Oracle's; from
   SoftBank's seat hard wins 7%, less than planner@easy does there. Against
   three of each other built-in: docs/AGENTS.md. Playing to win it deals
   less (measured with the old shortlist): 37.6 signings a game against 49.9 (seeds 0-9), and in the two
   self-play games looked at
   four of them let OpenAI's conversion go (consent grows OpenAI more than
   the seat that sells it). (A linear rivalry term, own score less 0.7 x the
   best rival's, played in every seat of a mirror, had made the small seats
   refuse every deal that also helped the leader: Oracle grew 0.76 in log
   value against 0.97.)

Every level looks six quarters ahead, like the negotiator and the reply
model: measured against negotiators, longer horizons played worse, because a
planner that values deals further out than its counterparties mispredicts
which offers they take. Levels differ in simulations, shortlist width and
aim. More price points per package (asks at 0.4 and 0.7 of the standard
share, the search picking the price the reply model takes) were tried at
144 simulations: 10 wins in 32 games against 8, no measurable gain, dropped.
The budget is counted in simulations, not seconds, so a seed fixes the
result, and it is never overspent: a budget smaller than the shortlist
compares only the shortlist's first few candidates (``planner@1`` plays the
first without a simulation), and halving stops where a round would need more
than is left. ``easy`` / ``normal`` / ``hard`` map to budgets (see ``LEVELS``);
``benchmarks/strength.py`` measures what each costs in time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from game.rules import (SEATS, Accept, Act, Counter, Match, Observation, Pass, Phase, Propose, Reject, Seat, Waive,
                        exchanges_left, plain_package)

from .bargain import Priced
from .base import Decision
from .lookahead import Lookahead, utility
from .negotiator import PASS, LookaheadAgent, Option
from .refusals import again_words
from .registry import register


@dataclass(frozen=True, slots=True)
class Budget:
    """Search budget of one difficulty level."""

    sims: int        # simulations per decision (after the shortlist)
    width: int       # root children kept from the shortlist
    horizon: int     # quarters each simulation plays out
    aim: float = 0.0  # 0: the search backs up growth; above 0, the chance to finish first (see ``Planner.judge``)
    pool: int = 2     # packages composed per counterparty for the shortlist
    greedy: int = 0   # how many of the best are also offered at a harder price (half the other side's share)


LEVELS: dict[str, Budget] = {
    "easy": Budget(sims=8, width=3, horizon=6),
    "normal": Budget(sims=16, width=4, horizon=6),
    "hard": Budget(sims=144, width=10, horizon=6, aim=1.0, pool=4, greedy=3),
}


def custom_budget(level: str) -> Budget | None:
    """``planner@48``: a budget of that many simulations a decision (for scaling curves), the shortlist as
    wide as the nearest level's, playing to win like ``hard``. From 64 simulations the shortlist draws on a
    bigger pool, as ``hard``'s does: more simulations only choose better among the candidates they are
    given, and at 32 the shortlist had nothing more to give them."""
    if not level.isdigit() or not 1 <= int(level) <= 10_000:
        return None
    sims = int(level)
    if sims >= 64:
        return replace(LEVELS["hard"], sims=sims)
    return Budget(sims=sims, width=3 if sims < 16 else 4, horizon=6, aim=1.0)


@register("planner", "thinks ahead: plays its best options out in imagined futures before it chooses; @easy (quick), @normal, @hard (slow, strongest)", "normal")
class Planner(LookaheadAgent):
    """Search-based player; ``Planner("hard")`` for the strongest setting."""

    horizon = 6          # the shortlist's lookahead

    def __init__(self, level: str | None = None) -> None:
        level = (level or "normal").strip().lower()
        budget = LEVELS.get(level) or custom_budget(level)
        if budget is None:
            raise ValueError(f"unknown planner level {level!r} (expected {', '.join(LEVELS)}, or a number of "
                             f"simulations such as 48)")
        super().__init__(level)
        self.budget = budget
        self.difficulty = level
        self.search = Lookahead(self.budget.horizon, self.rivalry)
        self.asks: dict[object, tuple[float, str]] = {}   # this decision's asks: their expected gain, what changed

    def reset(self, seat: Seat, rng: np.random.Generator) -> None:
        super().reset(seat, rng)
        self.search = Lookahead(self.budget.horizon, self.rivalry)

    # ------------------------------------------------------------ shortlist
    def shortlist(self, obs: Observation) -> list[Option]:
        """Candidate root children, best first by a one-world lookahead."""
        worlds = self.make_worlds(obs)
        ph, width = obs.phase, self.budget.width
        if ph is Phase.PROPOSE:
            base = self.bargain.base(worlds)
            out = [Option(PASS, self.value(base), base)]
            priced = []
            for to in SEATS:
                if to == obs.seat or exchanges_left(obs.view, obs.seat, to) <= 0:
                    continue
                share = self.bargain.ask_share(obs, to)
                for a in self.bargain.compose(obs, worlds, base, to, keep=self.budget.pool):
                    p = self.bargain.price(obs.view, a, share)
                    if self.askable(obs, p):
                        priced.append((p, a, share))
            priced.sort(key=lambda x: -x[0].mine)
            out += [Option(p.choice, p.mine, base) for p, _, _ in priced[:width - 1 - self.budget.greedy]]
            out += self.harder_prices(obs, priced[:self.budget.greedy], {o.choice for o in out}, base)
            return out
        if ph is Phase.RESPOND:
            mine, theirs = self.bargain.appraise_answer(worlds, obs)
            out = [Option(c, 0.0, (0.0, 0.0, 0.0, 0.0)) for c in obs.legal if isinstance(c, (Accept, Reject))]
            if exchanges_left(obs.view, obs.seat, obs.pending.frm) > 0:
                counter = self.bargain.counter(obs, worlds, mine, theirs)
                if counter is not None:
                    out.append(Option(Counter(counter.terms), counter.mine, (0.0, 0.0, 0.0, 0.0)))
                    self.asks[out[-1].choice] = (counter.theirs, "")
            return out
        if ph is Phase.ACT:
            acts = [c for c in obs.legal if isinstance(c, Act)]
            opts = [self.option(worlds, [c]) for c in acts if c.capex is None]
            opts.sort(key=lambda o: -o.value)
            top_moves = [o.choice.move for o in opts[:2]]  # type: ignore[union-attr]
            opts += [self.option(worlds, [c]) for c in acts if c.capex is not None and c.move in top_moves]
            opts.sort(key=lambda o: -o.value)
            return opts[:width]
        return [Option(c, 0.0, (0.0, 0.0, 0.0, 0.0)) for c in obs.legal]

    def harder_prices(self, obs: Observation, best: list, seen: set, base) -> list[Option]:
        """The best packages again, each handing the other side half the share of the gain its standard
        price does: whether the counterparty takes the harder price is for the simulations (the reply model)
        to find out. ``best``: (priced, appraisal, standard share) of the packages, best first."""
        out = []
        for _, a, share in best:
            g = self.bargain.price(obs.view, a, share * 0.5)
            if g is not None and g.choice not in seen and self.askable(obs, g):
                seen.add(g.choice)
                out.append(Option(g.choice, g.mine, base))
        return out

    def askable(self, obs: Observation, p: Priced | None) -> bool:
        """Whether a priced package may go out as an ask: it gains both sides something and its counterparty
        has not refused it unchanged (``fresh``); if so its expected gain for them is noted for ``sent``."""
        if p is None or p.theirs <= 0 or p.mine <= 0:
            return False
        ok, note = self.fresh(obs, p.to, p.terms, p.theirs)
        if ok:
            self.asks[p.choice] = (p.theirs, note)
        return ok

    # ------------------------------------------------------------ search
    def act(self, obs: Observation) -> Decision:
        self.observe(obs)
        if len(obs.legal) == 1:
            return Decision(obs.legal[0], "the only legal choice")
        self.asks = {}
        children = self.shortlist(obs)
        if len(children) == 1:
            return Decision(children[0].choice, f"{children[0].choice}: nothing else pays")
        children = children[:max(1, self.budget.sims)]  # a budget below the shortlist compares its first few
        if len(children) == 1:
            return Decision(children[0].choice, f"{children[0].choice}: the only candidate the budget allows")
        n = len(children)
        totals, visits = [0.0] * n, [0] * n
        alive = list(range(n))
        rounds = max(1, math.ceil(math.log2(n)))
        used = 0
        for r in range(rounds):
            left = self.budget.sims - used
            if r and left < len(alive):  # no simulation a survivor for another round: the budget is spent
                break
            per = max(1, left // (len(alive) * (rounds - r)))
            for _ in range(per):
                world = self.make_worlds(obs, 1)[0]
                for i in alive:
                    sc = self.search.after(world, obs.seat, [children[i].choice])
                    totals[i] += self.judge(obs, sc)
                    visits[i] += 1
                    used += 1
            alive.sort(key=lambda i: -totals[i] / visits[i])
            if r < rounds - 1:
                alive = alive[:max(1, (len(alive) + 1) // 2)]
        best = alive[0]
        # only the candidates that lasted to the final round share the best's futures: compare with those
        means = [totals[k] / visits[k] if visits[k] == visits[best] else None for k in range(n)]
        again = self.sent(obs, children[best].choice)
        return Decision(children[best].choice, self.reason(obs, children, means, best, used, again))

    def judge(self, obs: Observation, sc) -> float:
        """What one simulation is worth: growth points, or with ``aim`` the chance to finish first, from the
        projected scores (points over par) and how much of the game is left to move them."""
        if self.budget.aim <= 0:
            return utility(sc, obs.seat, self.rivalry)
        view = obs.view
        pars = [view.scenario.companies[k].par for k in SEATS]
        mine = sc[obs.seat] / pars[obs.seat]
        best = max(sc[k] / pars[k] for k in SEATS if k != obs.seat)
        left = max(1, view.scenario.quarters - view.quarter - self.budget.horizon)
        spread = self.budget.aim * (15.0 + 60.0 * math.sqrt(left / view.scenario.quarters))
        return 100.0 / (1.0 + math.exp(-(mine - best) / spread))

    def sent(self, obs: Observation, c: object) -> str:
        """Remember an ask (offer or counter) as it goes out; what changed since it was refused ('' if never)."""
        if not isinstance(c, (Propose, Counter)) or c not in self.asks:
            return ""
        theirs, note = self.asks[c]
        to = c.to if isinstance(c, Propose) else obs.pending.frm
        self.sending(obs, to, c.terms, theirs)
        return note

    def reason(self, obs: Observation, children: list[Option], means: list[float | None], best: int,
               used: int, again: str = "") -> str:
        """The choice in plain words, measured against what not acting would have given (passing, rejecting,
        holding) in the same imagined futures; the runner-up where that was not among the candidates."""
        c = children[best].choice
        mine = means[best] or 0.0    # never None: the best always lasted to the final round
        base = next((k for k, o in enumerate(children) if means[k] is not None and not_acting(obs.phase, o.choice)),
                    None)
        futures = f"in {used} imagined futures"
        if base is None or base == best:
            others = [m for k, m in enumerate(means) if k != best and m is not None]
            rival, than, what = (max(others) if others else None), "over", "the next best"
        else:
            rival, than, what = means[base], "against", NOT_ACTING[obs.phase]
        if self.budget.aim > 0:  # the chance itself first: a seat far behind sees every choice at +0.0
            gap = ("the others fell behind early" if rival is None else
                   f"about the same as {what}" if abs(mine - rival) < 0.05 else
                   f"{mine - rival:+.1f} points {than} {what}")
            edge = f"{chance_words(mine)} to finish first; {gap}, {futures}"
        elif rival is None:
            edge = f"the others fell behind early, {futures}"
        else:
            edge = f"{mine - rival:+.1f}% of our value {than} {what}, {futures}"
        # the why before the package: a reason is cut at 200 characters, and the package is the move's own line
        if isinstance(c, Propose):
            return f"offers {c.to.label}{again_words(again)} ({edge}): {plain_package(c.terms)}"
        if isinstance(c, Counter):
            return f"counters {obs.pending.frm.label}'s offer ({edge}): {plain_package(c.terms)}"
        if isinstance(c, Accept):
            return f"accepts {obs.pending.frm.label}'s offer ({edge})"
        if isinstance(c, Reject):
            return f"rejects {obs.pending.frm.label}'s offer: accepting is worth less ({edge})"
        if isinstance(c, Pass):
            return f"passes: no package beats waiting ({edge})"
        if isinstance(c, Match):
            return f"matches the rival's compute deal under its right of first refusal ({edge})"
        if isinstance(c, Waive):
            return f"lets the rival's compute deal go: matching is worth less ({edge})"
        if isinstance(c, Act):
            capex = "" if c.capex is None else f", capex to level {c.capex}"
            return f"{'holds' if c.move == 'hold' else c.move}{capex} ({edge})"
        return f"{c} ({edge})"


def chance_words(p: float) -> str:
    """A chance in points (0-100) as a reason says it: a seat far behind or far ahead reads as such."""
    if p < 1.0:
        return "under a 1% chance"
    if p > 99.0:
        return "over a 99% chance"
    return f"a {p:.0f}% chance"


NOT_ACTING = {Phase.PROPOSE: "passing", Phase.RESPOND: "rejecting", Phase.ACT: "holding", Phase.ROFR: "waiving"}


def not_acting(phase: Phase, choice: object) -> bool:
    """Whether ``choice`` is the phase's way of doing nothing (what a reason measures the choice against):
    passing, rejecting, waiving, or holding at the standing capex."""
    if phase is Phase.ACT:
        return isinstance(choice, Act) and choice.move == "hold" and choice.capex is None
    return isinstance(choice, {Phase.PROPOSE: Pass, Phase.RESPOND: Reject, Phase.ROFR: Waive}.get(phase, ()))
