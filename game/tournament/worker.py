"""The worker side of a tournament: play scheduled games, return plain records.

Everything here runs inside a worker (the driver process itself, a
``multiprocessing`` child or a Ray task), so it takes and returns only plain,
picklable data: a ``Job`` (the scenario's TOML *text*, so a remote Ray node
needs no copy of the file) and ``GameSpec``s in, JSON-ready dicts out.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from game.play import setup_game
from game.rules import SEATS, parse_scenario
from game.version import __version__

from .schedule import GameSpec


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


def play_one(job: Job, spec: GameSpec) -> Played:
    """Play one scheduled game headless and describe its result."""
    start = time.perf_counter()
    scenario = parse_scenario(job.scenario_text, job.scenario_where)  # cached: parsed once per worker
    agents = list(spec.agents)
    game = setup_game(scenario, spec.seed, agents, budget_s=job.budget_s, record=job.save_replays)
    result = game.play()
    model = game.model
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
    replay = game.replay_text() if job.save_replays else None
    return Played(record, replay)


def play_chunk(job: Job, specs: list[GameSpec]) -> list[Played]:
    """Play consecutive games (one task per chunk keeps the per-task overhead small)."""
    return [play_one(job, spec) for spec in specs]
