"""The agent protocol: a seat, a seeded random stream, then one observation
at a time answered with one legal choice (and, optionally, a one-line
rationale). Agents never receive the game state, only ``Observation``s."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

import numpy as np

from game.rules import Act, Choice, Observation, Pass, Phase, Reject, Seat, Waive


@dataclass(frozen=True, slots=True)
class Decision:
    """A choice with the agent's one-line reason (stored in replays as ``rationale``)."""

    choice: Choice
    rationale: str = ""


Answer = Union[Choice, Decision]


class Agent:
    """Base class for policies. Subclasses override ``act``; ``reset`` is called
    once per game before the first observation."""

    #: registry code, description and difficulty; set by ``@register``
    code: str = "agent"
    description: str = ""
    difficulty: str = "-"
    #: True for a policy that must answer in the game's own thread, with no time budget (a person at the
    #: window); every other policy is asked through a watchdog (``game.play.contain``)
    interactive: bool = False

    def __init__(self) -> None:
        self.seat: Seat | None = None
        self.rng: np.random.Generator = np.random.default_rng(0)

    def reset(self, seat: Seat, rng: np.random.Generator) -> None:
        """Start a new game in ``seat`` with this agent's own random stream."""
        self.seat, self.rng = seat, rng

    def act(self, obs: Observation) -> Answer:  # pragma: no cover - abstract
        raise NotImplementedError


def default_choice(obs: Observation) -> Choice:
    """What a seat does when its agent faults: pass, reject, waive, or hold with its standing capex."""
    if obs.phase is Phase.PROPOSE:
        return Pass()
    if obs.phase is Phase.RESPOND:
        return Reject()
    if obs.phase is Phase.ROFR:
        return Waive()
    return Act("hold")
