"""Headless games: build agents, run the Mesa model, record the replay.

The CLI, tournaments and tests all start games through ``play_game`` so a
game is set up one way everywhere."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from agents import make_agent
from game.model import DEFAULT_BUDGET_S, FrenemiesModel
from game.replay import ReplayRecorder, dumps
from game.rules import Outcome, Scenario, load_scenario
from game.rules.scenario import SCENARIO_DIR


@dataclass
class GameResult:
    """A finished headless game."""

    model: FrenemiesModel
    recorder: ReplayRecorder
    outcome: Outcome

    def replay_text(self) -> str:
        return dumps(self.recorder.to_dict())


def scenario_text(scenario: Scenario, name_or_path: str) -> str:
    """The TOML text a scenario was loaded from (embedded in replays)."""
    path = Path(name_or_path)
    if not path.is_file():
        path = SCENARIO_DIR / f"{name_or_path}.toml"
    return path.read_text(encoding="utf-8")


def play_game(scenario_name: str, seed: int, agent_specs: list[str], hooks: list[object] | None = None,
              budget_s: float = DEFAULT_BUDGET_S) -> GameResult:
    """Play one whole game headless and return its result and replay."""
    scenario = load_scenario(scenario_name)
    policies = [make_agent(spec) for spec in agent_specs]
    recorder = ReplayRecorder(agent_specs, scenario_text(scenario, scenario_name))
    model = FrenemiesModel(scenario, seed, policies, [recorder, *(hooks or [])], budget_s)
    result = model.play()
    return GameResult(model, recorder, result)
