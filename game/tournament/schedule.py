"""Which agents sit where, with which seed, in every game of a tournament.

A tournament is a pure function of its settings: game ``i`` always gets the
same seed and the same seating, whatever the worker count or backend, so
any worker can play any game and a killed run can resume anywhere.

Seeds. One ``numpy.random.SeedSequence(S)`` spawns one child per *seed
group* ``k``; the child is ``SeedSequence(S, spawn_key=(k,))``, exactly what
``SeedSequence(S).spawn(k + 1)[k]`` returns, built directly so nothing grows
with the number of games. The game seed is the child's first 64-bit state
word shifted to 63 bits (the range ``frenemies run --seed`` accepts), so any
game can be replayed alone with ``frenemies run --seed``.

Seat rotation (scheme ``cyclic-v1``). With ``m`` agents ``a[0..m-1]`` there are
``R = m`` rotations; rotation ``r`` seats agent ``a[(s + r) % m]`` in seat ``s``
(Microsoft, OpenAI, SoftBank, Oracle = 0..3). Over the ``R`` rotations of one
seed every seat sees every agent exactly once, so each agent plays each seat
equally often, on the same seed (paired games cut variance). For ``m`` = 1,
2 or 4 this is the plain rotation of the line-up (``A,B,A,B`` then ``B,A,B,A``).

Games. Game index ``i`` plays seed group ``i // R`` under rotation ``i % R``;
``--games N`` therefore covers ``ceil(N / R)`` seeds, and the balance is exact
when ``N`` is a multiple of ``R``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import numpy as np

from game.rules import SEATS, FrenemiesError

ROTATION_SCHEME = "cyclic-v1"


class TournamentError(FrenemiesError):
    """Bad tournament input or output directory: one line, exit code 2."""


@dataclass(frozen=True, slots=True)
class GameSpec:
    """One scheduled game: everything a worker needs besides the shared job."""

    index: int
    seed_index: int
    rotation: int
    seed: int
    agents: tuple[str, ...]  # by seat, Microsoft first


def rotations(agents: list[str] | tuple[str, ...]) -> int:
    """How many seatings each seed is played under (one per agent)."""
    return max(1, len(agents))


def seating(agents: list[str] | tuple[str, ...], rotation: int) -> tuple[str, ...]:
    """The agent in each seat under ``rotation`` (scheme ``cyclic-v1``)."""
    m = len(agents)
    return tuple(agents[(int(seat) + rotation) % m] for seat in SEATS)


def game_seed(master_seed: int, seed_index: int) -> int:
    """The game seed of seed group ``seed_index``: child ``seed_index`` of ``SeedSequence(master_seed)``."""
    child = np.random.SeedSequence(master_seed, spawn_key=(seed_index,))
    return int(child.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))


def game_spec(master_seed: int, agents: list[str] | tuple[str, ...], index: int) -> GameSpec:
    """The seed and seating of game ``index``."""
    r = rotations(agents)
    seed_index, rotation = divmod(index, r)
    return GameSpec(index, seed_index, rotation, game_seed(master_seed, seed_index), seating(agents, rotation))


def game_specs(master_seed: int, agents: list[str] | tuple[str, ...], start: int, stop: int) -> Iterator[GameSpec]:
    """Games ``start .. stop-1`` in index order, generated lazily."""
    for index in range(start, stop):
        yield game_spec(master_seed, agents, index)
