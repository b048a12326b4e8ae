"""``random``: a uniform legal choice from the agent's own seeded stream."""

from __future__ import annotations

from game.rules import Choice, Observation

from .base import Agent
from .registry import register


@register("random", "picks any legal choice at random: a baseline for testing, not an opponent", "trivial")
class RandomAgent(Agent):
    def act(self, obs: Observation) -> Choice:
        return obs.draw(self.rng)  # uniform over obs.legal, without judging every counter to a package
