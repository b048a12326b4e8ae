"""The one way to set up a game: scenario, agents, recorder, Mesa model.

``frenemies run``, ``play --headless``, tournaments, forks, the window's game
session and the benchmarks all start games through ``setup_game`` (or its
play-to-the-end shortcut ``play_game``), so a game is built the same way
everywhere: the same agent streams, the same recorder, the same hooks order
(the recorder first, so every other hook sees a decision after it is
recorded).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from agents import Agent
from game.replay import ForkStart, ReplayRecorder, dumps
from game.rules import FrenemiesError, Outcome, Scenario, load_scenario

from .hooks import GameHook
from .model import DEFAULT_BUDGET_S, FrenemiesModel


@dataclass
class Game:
    """A game set up and ready to play (``play()``), or played (``outcome`` is set)."""

    model: FrenemiesModel
    recorder: ReplayRecorder | None
    agents: list[str]
    outcome: Outcome | None = field(default=None)

    def play(self) -> Outcome:
        """Play to the end."""
        self.outcome = self.model.play()
        return self.outcome

    def replay(self) -> dict[str, Any]:
        """The replay as data (the game must have been set up with ``record=True``)."""
        if self.recorder is None:
            raise FrenemiesError("this game was set up without a recorder")
        return self.recorder.to_dict()

    def replay_text(self) -> str:
        """The replay's canonical text: the same game gives the same bytes."""
        return dumps(self.replay())


#: what ``play_game`` returns (a played ``Game``); the old name stays for callers
GameResult = Game


def setup_game(scenario: str | Scenario, seed: int, agents: Sequence[str], *,
               policies: Sequence[Agent | None] | None = None, hooks: Sequence[GameHook] = (),
               budget_s: float = DEFAULT_BUDGET_S, record: bool = True, start: ForkStart | None = None,
               isolation: str = "auto") -> Game:
    """Build a game.

    ``scenario``: a shipped name, a path, or a loaded ``Scenario``. ``agents``: one spec per seat (what the
    replay records); ``policies`` replaces the agents built from them where
    an entry is not None (the window's person seats, a test's hostile agent). ``start``: play on from a replay's frame (``game.replay.prepare``) instead of a new game; its
    recorder writes the fork. ``record=False`` skips the replay (tournaments that keep only results).
    ``isolation``: where agents built from specs run (``game.play.contain``): "auto" (built-ins in threads,
    plug-ins in processes of their own), "process" (every one in a process) or "thread" (trust plug-ins)."""
    if start is not None:
        scen, seed, state = start.scenario, start.model_seed, start.state
        recorder: ReplayRecorder | None = start.recorder if record else None
    else:
        scen = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        state = None
        recorder = None
        if record:
            if not scen.text:
                raise FrenemiesError(f"scenario {scen.name!r} was changed in code and has no text to record")
            recorder = ReplayRecorder(list(agents), scen.text)
    if len(agents) != 4:
        raise FrenemiesError(f"expected 4 agents, got {len(agents)}")
    given = list(policies) if policies is not None else [None] * len(agents)
    seats = [p if p is not None else spec for p, spec in zip(given, agents)]
    model = FrenemiesModel(scen, seed, seats, [*([recorder] if recorder else []), *hooks], budget_s, state=state,
                           isolation=isolation, names=list(agents))
    return Game(model, recorder, list(agents))


def play_game(scenario: str | Scenario, seed: int, agents: Sequence[str], hooks: Sequence[GameHook] | None = None,
              budget_s: float = DEFAULT_BUDGET_S, record: bool = True, isolation: str = "auto") -> Game:
    """Set up one game headless, play it to the end and return it (its outcome and replay)."""
    game = setup_game(scenario, seed, agents, hooks=hooks or (), budget_s=budget_s, record=record,
                      isolation=isolation)
    game.play()
    return game
