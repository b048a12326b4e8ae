"""The worker side of a tournament: play scheduled games, return plain records.

Everything here runs inside a worker (the driver process itself, a
``multiprocessing`` child or a Ray task), so it takes and returns only plain,
picklable data: a ``Job`` (the scenario's TOML *text*, so a remote Ray node
needs no copy of the file) and ``GameSpec``s in, JSON-ready dicts out.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


from agents import make_agent
from game.model import FrenemiesModel
from game.replay import ReplayRecorder, dumps
from game.rules import SEATS, Scenario, parse_scenario
from game.tournament_schedule import GameSpec
from game.version import __version__


@dataclass(frozen=True, slots=True)
class Job:
    """What every game of one tournament shares."""

    scenario_text: str
    scenario_where: str
    budget_s: float
    save_replays: bool


@dataclass(frozen=True, slots=True)
class Played:
    """A finished game: its ``games.jsonl`` record and, if asked for, its replay text."""

    record: dict[str, Any]
    replay: str | None


@lru_cache(maxsize=4)
def _scenario(text: str, where: str) -> Scenario:
    """Parse once per worker, not once per game (parsing costs ~10% of a short game)."""
    return parse_scenario(text, where)


def play_one(job: Job, spec: GameSpec) -> Played:
    """Play one scheduled game headless and describe its result."""
    start = time.perf_counter()
    scenario = _scenario(job.scenario_text, job.scenario_where)
    agents = list(spec.agents)
    policies = [make_agent(name) for name in agents]
    hooks: list[object] = []
    recorder = None
    if job.save_replays:
        recorder = ReplayRecorder(agents, job.scenario_text)
        hooks.append(recorder)
    model = FrenemiesModel(scenario, spec.seed, policies, hooks, job.budget_s)
    result = model.play()
    faults = {seat.label: list(model.companies[seat].faults) for seat in SEATS if model.companies[seat].faults}
    record: dict[str, Any] = {
        "index": spec.index,
        "seed_index": spec.seed_index,
        "rotation": spec.rotation,
        "seed": spec.seed,
        "agents": {seat.label: agents[seat] for seat in SEATS},
        "scores": {seat.label: result.scores[seat] for seat in SEATS},
        "ranking": [seat.label for seat in result.ranking],
        "winner": result.winner.label,
        "joint_value": result.joint_value,
        "faults": faults,
        "digest": model.state.digest(),
        "game_version": __version__,
        "duration_s": round(time.perf_counter() - start, 4),
    }
    replay = dumps(recorder.to_dict()) if recorder is not None else None
    return Played(record, replay)


def play_chunk(job: Job, specs: list[GameSpec]) -> list[Played]:
    """Play consecutive games (one task per chunk keeps the per-task overhead small)."""
    return [play_one(job, spec) for spec in specs]
