"""Counterfactual forks that play on: "what if the game had gone on differently from here?"

``game.replay.frames`` rebuilds the exact state at a frame and prepares the
fork's recorder; here the chosen agents play it to the end through the one
game set-up (``setup_game(start=...)``). See ``game.replay.frames`` for
frames, seeds and the file's ``parent`` header.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from game.replay import Frame, dumps, file_sha256, load, parse_frame, prepare, scenario_of
from game.rules import Outcome

from .hooks import GameHook
from .model import DEFAULT_BUDGET_S, FrenemiesModel
from .setup import setup_game


@dataclass
class ForkResult:
    """A finished fork: its replay (as data and canonical text) and outcome."""

    data: dict[str, Any]
    outcome: Outcome
    model: FrenemiesModel

    def text(self) -> str:
        return dumps(self.data)


def run_fork(data: dict[str, Any], frame: Frame, agents: Sequence[str], parent_name: str, parent_sha: str,
             seed: int | None = None, budget_s: float = DEFAULT_BUDGET_S, hooks: Sequence[GameHook] = (),
             where: str = "replay") -> ForkResult:
    """Play a fork to the end with ``agents`` (specs, in seat order); nothing is written."""
    start = prepare(data, frame, agents, parent_name, parent_sha, seed, where)
    game = setup_game(start.scenario, start.model_seed, agents, hooks=hooks, budget_s=budget_s, start=start)
    result = game.play()
    return ForkResult(game.replay(), result, game.model)


def fork_file(path: str | Path, at: str, agents: Sequence[str], seed: int | None = None,
              budget_s: float = DEFAULT_BUDGET_S, hooks: Sequence[GameHook] = ()) -> ForkResult:
    """Load a replay file and fork it at ``at`` (``2026Q3`` or ``2026Q3:5``)."""
    data = load(path)
    frame = parse_frame(at, scenario_of(data, str(path)))
    return run_fork(data, frame, agents, Path(path).name, file_sha256(path), seed, budget_s, hooks, str(path))
