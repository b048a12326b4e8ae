"""``random``: a uniform legal choice from the agent's own seeded stream."""

from __future__ import annotations

from itertools import chain
from typing import Callable

import numpy as np

from game.rules import Choice, Observation, Seat

from .base import Agent
from .registry import register


class Uniforms:
    """The draws ``rng.random()`` would give one at a time, in the same order, taken from the generator a
    block at a time (a numpy Generator's ``random(n)`` fills its array with the very doubles ``n`` single
    calls return). A single call costs about as much as the rest of a random player's cheapest answer; here
    ``random`` is the next step of an endless iterator over the blocks, in C. Only for a stream nothing else
    draws from: the generator runs up to a block ahead of the numbers handed out."""

    __slots__ = ("_rng", "random")

    BLOCK = 64

    def __init__(self, rng: np.random.Generator) -> None:
        self._rng = rng
        blocks = iter(lambda: rng.random(self.BLOCK).tolist(), None)  # a list is never None: endless
        self.random: Callable[[], float] = chain.from_iterable(blocks).__next__  # the stream's next double


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
