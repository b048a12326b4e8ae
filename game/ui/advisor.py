"""The "suggest" key of the turn panel: the best choice by the panel's own estimate, and why.

The candidates are what a built-in dealer would consider in your place: a fresh ``negotiator`` (the same
bargaining the AIs use, one imagined future) is given your observation, the very one the panel shows, and
nothing else, and composes and prices packages for each counterparty (or, facing one, its counter); the
moves are the menu at your standing capex. Each candidate is then rated by the preview's estimate
(``game.ui.preview.estimate``: to the game's end, from your view), and the advice is the best of them, or
doing nothing when none gains you points. A package the same estimate says costs the other side points is
left out: it would be turned down (the third playtest's advice was refused that way). The advisor used to
suggest the negotiator's own pick, rated on its own six-quarter look ahead: a newcomer saw "Suggested: +12%
of our value" over a preview that said the same package cost points and a rank (issue 14's second
playtest). Now the two cannot disagree.

The dealer's random stream is seeded from the quarter and your seat, so the same position gets the same
suggestion. It is advice, not a rule: the panel fills in the choice and you still decide. No pygame here.
"""

from __future__ import annotations

import zlib
from typing import Any

import numpy as np

from agents.negotiator import Negotiator
from game.rules import (SEATS, Accept, Act, Choice, Counter, Match, Observation, Phase, Propose, exchanges_left,
                        plain_package, why_illegal)

from .preview import Estimate, estimate, quiet, signed
from .session import sealed_for

PACKAGES = 5        # the dealer's best-priced packages rated by the estimate
MIN_GAIN = 0.05     # points a choice must gain by the estimate to beat doing nothing


def _dealer(obs: Observation) -> Negotiator:
    agent = Negotiator()
    seed = zlib.crc32(f"{obs.label}:{obs.phase.value}:{int(obs.seat)}:{len(obs.view.log)}".encode())
    agent.reset(obs.seat, np.random.default_rng(seed))
    agent.observe(obs)
    return agent


def candidates(obs: Observation) -> list[Choice]:
    """What the advisor rates: the dealer's packages or counter, accepting, matching, or the moves."""
    ph = obs.phase
    if ph is Phase.ACT:
        return [Act(c.move) for c in obs.legal if isinstance(c, Act) and c.capex is None and c.move != "hold"]
    if ph is Phase.ROFR:
        return [Match()]
    agent = _dealer(obs)
    worlds = agent.make_worlds(obs)
    if ph is Phase.RESPOND:
        out: list[Choice] = [Accept()]
        if obs.pending is not None and exchanges_left(obs.view, obs.seat, obs.pending.frm) > 0:
            mine, theirs = agent.bargain.appraise_answer(worlds, obs)
            counter = agent.bargain.counter(obs, worlds, mine, theirs)
            if counter is not None:
                out.append(Counter(counter.terms))
        return out
    base = agent.bargain.base(worlds)
    priced = []
    for to in SEATS:
        if to == obs.seat or exchanges_left(obs.view, obs.seat, to) <= 0:
            continue
        for a in agent.bargain.compose(obs, worlds, base, to):
            p = agent.bargain.price(obs.view, a, agent.bargain.ask_share(obs, to))
            if p is not None and p.theirs > 0:
                priced.append(p)
    priced.sort(key=lambda p: -p.mine)
    return [p.choice for p in priced[:PACKAGES]]


def suggest(obs: Observation) -> tuple[Choice, str]:
    """(the advisor's choice, its reason in words) for ``obs``: a choice the rules accept from this seat now."""
    view = sealed_for(obs)
    rated: list[tuple[float, Choice, Estimate]] = []
    for c in candidates(obs):
        if why_illegal(view, c) is not None:
            continue
        est = estimate(view, obs.seat, c)
        if est is None:
            continue
        if isinstance(c, (Propose, Counter)) and est.their_score <= 0:
            continue            # the other side loses by the same estimate: it would turn it down
        rated.append((est.score, c, est))
    rest = quiet(view, obs.seat)
    if why_illegal(view, rest) is not None:
        rest = obs.legal[0]
    n = len(rated)
    if not rated or max(r[0] for r in rated) < MIN_GAIN:
        what = {Phase.PROPOSE: "pass", Phase.RESPOND: "reject it", Phase.ROFR: "waive", Phase.ACT: "hold"}[obs.phase]
        if not n:
            return rest, f"{what}: there is nothing here worth weighing"
        verdict = ("the one choice a dealer would weigh here does not gain you points" if n == 1 else
                   f"none of the {n} choices a dealer would weigh here gains you points")
        return rest, f"{what}: {verdict} by the estimate"
    score, best, est = max(rated, key=lambda r: r[0])
    return best, f"{_words(obs, best)}: the best of {n} by the estimate below (you {signed(score)} pts)"


def _words(obs: Observation, c: Choice) -> str:
    if isinstance(c, Propose):
        return f"offer {c.to.label}: {plain_package(c.terms)}"
    if isinstance(c, Counter):
        return f"counter with {plain_package(c.terms)}"
    if isinstance(c, Accept):
        return "accept it"
    if isinstance(c, Match):
        return "match the deal"
    if isinstance(c, Act):
        return c.move
    return str(c)


def fill(panel: Any) -> None:
    """Set a ``TurnPanel`` to the advisor's choice: the package (counterparty, terms, cash) or the move and
    capex; its reason goes to ``panel.suggestion`` for the preview to show."""
    choice, why = suggest(panel.obs)
    if isinstance(choice, (Propose, Counter)):
        if isinstance(choice, Propose):
            panel.to = choice.to
        panel.load(choice.terms)
    elif isinstance(choice, Act):
        panel.move, panel.capex = choice.move, choice.capex
    panel.suggestion = why


__all__ = ["candidates", "fill", "suggest"]
