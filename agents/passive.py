"""``passive``: never proposes, rejects every offer, holds with steady capex.

The "no deals" baseline: a dealing agent should clearly beat it."""

from __future__ import annotations

from .base import Agent, Decision, default_choice
from .registry import register
from game.rules import Observation


@register("passive", "never deals: proposes nothing, turns every offer down, holds", "trivial")
class PassiveAgent(Agent):
    def act(self, obs: Observation) -> Decision:
        return Decision(default_choice(obs), "stays out of every deal")
