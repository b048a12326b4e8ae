"""The "suggest" key of the turn panel: what a built-in dealer would do in your place, and why.

A fresh ``negotiator`` (the same bargaining and look ahead the AIs use, one imagined future) is given your
observation, the very one the panel shows, and nothing else; its random stream is seeded from the quarter
and your seat, so the same position gets the same suggestion. It is advice, not a rule: the panel fills in
the choice and you still decide. No pygame here."""

from __future__ import annotations

import zlib
from typing import Any

import numpy as np

from agents.negotiator import Negotiator
from game.rules import Act, Choice, Counter, Observation, Propose, why_illegal

from .session import sealed_for


def suggest(obs: Observation) -> tuple[Choice, str]:
    """(the advisor's choice, its reason in words) for ``obs``: a choice the rules accept from this seat now
    (the first of ``obs.legal`` should the advisor's not be)."""
    agent = Negotiator()
    seed = zlib.crc32(f"{obs.label}:{obs.phase.value}:{int(obs.seat)}:{len(obs.view.log)}".encode())
    agent.reset(obs.seat, np.random.default_rng(seed))
    decision = agent.act(obs)
    legal = why_illegal(sealed_for(obs), decision.choice) is None
    choice = decision.choice if legal else obs.legal[0]
    return choice, decision.rationale


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


__all__ = ["fill", "suggest"]
