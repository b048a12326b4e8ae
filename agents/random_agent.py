"""``random``: a uniform legal choice from the agent's own seeded stream."""

from __future__ import annotations

import numpy as np

from game.rules import Choice, Observation, Seat

from .base import Agent
from .registry import register


class Uniforms:
    """The draws ``rng.random()`` would give one at a time, in the same order, taken from the generator a
    block at a time (a numpy Generator's ``random(n)`` fills its array with the very doubles ``n`` single
    calls return). A single call costs about as much as the rest of a random player's cheapest answer; a
    number from the block, a list step. Only for a stream nothing else draws from: the generator runs up to
    a block ahead of the numbers handed out."""

    __slots__ = ("_rng", "_left")

    BLOCK = 64

    def __init__(self, rng: np.random.Generator) -> None:
        self._rng = rng
        self._left = iter(())

    def random(self) -> float:
        """The stream's next double in [0, 1)."""
        for x in self._left:  # the next one, if the block has one
            return x
        self._left = iter(self._rng.random(self.BLOCK).tolist())
        return next(self._left)


@register("random", "picks any legal choice at random: a baseline for testing, not an opponent", "trivial")
class RandomAgent(Agent):
    def __init__(self) -> None:
        super().__init__()
        self._uniforms = Uniforms(self.rng)

    def reset(self, seat: Seat, rng: np.random.Generator) -> None:
        super().reset(seat, rng)
        self._uniforms = Uniforms(rng)  # its own stream, drawn only here

    def act(self, obs: Observation) -> Choice:
        # uniform over obs.legal, without judging every counter to a package
        uniforms = self._uniforms
        if uniforms._rng is not self.rng:  # a caller handed the agent another stream without ``reset``
            uniforms = self._uniforms = Uniforms(self.rng)
        return obs.draw(uniforms)
