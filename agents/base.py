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
    """What a seat does when its agent faults: pass, reject, waive, or hold at
    the same capex level (or the highest affordable one below it)."""
    if obs.phase is Phase.PROPOSE:
        return Pass()
    if obs.phase in (Phase.RESPOND, Phase.COUNTERED):
        return Reject()
    if obs.phase is Phase.ROFR:
        return Waive()
    last = obs.view.companies[obs.seat].capex_level
    holds = [c for c in obs.legal if isinstance(c, Act) and c.move == "hold"]
    same = [c for c in holds if c.capex == last]
    if same:
        return same[0]
    lower = [c for c in holds if c.capex <= last]
    return (lower or holds or list(obs.legal))[-1 if lower else 0]
