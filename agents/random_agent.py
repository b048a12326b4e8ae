"""``random``: a uniform legal choice from the agent's own seeded stream."""

from __future__ import annotations

import copy
from typing import Iterable

import numpy as np

from game.rules import Choice, Observation

from .base import Agent
from .registry import register


class Uniforms:
    """The draws ``rng.random()`` would give one at a time, in the same order, taken from the generator a
    block at a time (a numpy Generator's ``random(n)`` fills its array with the very doubles ``n`` single
    calls return): a single call costs about as much as the rest of a random player's cheapest answer. Only
    for a stream nothing else draws from: the generator runs up to a block ahead of the numbers handed out.
    A copy or a pickle carries the numbers not handed out yet, so it goes on as the original would; a
    cut-off that lands while a block is drawn loses at most that block (the stream goes on after it)."""

    __slots__ = ("rng", "_left")

    BLOCK = 64

    def __init__(self, rng: np.random.Generator, left: Iterable[float] = ()) -> None:
        self.rng = rng  # the generator the numbers come from
        self._left = iter(list(left))

    def random(self) -> float:
        """The stream's next double in [0, 1)."""
        for x in self._left:  # the block's next number, if it has one
            return x
        left = iter(self.rng.random(self.BLOCK).tolist())
        self._left = left  # (one step: a cut-off before it leaves the old, empty iterator in place)
        return next(left)

    def __reduce__(self) -> tuple:
        """A copy that hands out the same numbers next: the generator and the unread rest of the block (a
        copy of the block's iterator is read, not the iterator itself)."""
        return (Uniforms, (self.rng, list(copy.copy(self._left))))


@register("random", "picks any legal choice at random: a baseline for testing, not an opponent", "trivial")
class RandomAgent(Agent):
    def __init__(self) -> None:
        super().__init__()
        self._uniforms = Uniforms(self.rng)

    def act(self, obs: Observation) -> Choice:
        # uniform over obs.legal, without judging every counter to a package
        uniforms = self._uniforms
        if uniforms.rng is not self.rng:  # a new stream (``reset``, or handed over without it): drawn only here
            uniforms = self._uniforms = Uniforms(self.rng)
        return obs.draw(uniforms)
