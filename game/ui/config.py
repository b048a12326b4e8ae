"""What a game in the window is set up with, and its checks (no pygame here).

A ``GameConfig`` names the scenario, the seed and, per seat, who plays it:
``"person"`` (someone at this screen) or an agent spec from the registry
(``random``, ``planner@hard``, ``mypkg.mod:MyAgent``). The command line and the
setup scene both build one; ``check`` turns any mistake into a one-line
``FrenemiesError`` before a window or a game thread exists.
"""

from __future__ import annotations

import inspect
import secrets
from dataclasses import dataclass
from typing import Sequence

from agents import builtin_agents
from game.rules import SEATS, Seat, load_scenario
from game.rules import FrenemiesError

PERSON = "person"
PERSON_ALIASES = ("person", "human", "you")
LEVELS = ("easy", "normal", "hard")
#: the strongest built-ins, best first (used when present); otherwise the highest registered difficulty wins
PREFERRED_OPPONENTS = ("planner", "negotiator", "persona")
DIFFICULTY_RANK = {"trivial": 0, "easy": 1, "normal": 2, "medium": 2, "hard": 3, "strong": 3}


class SetupError(FrenemiesError):
    """A game setup that cannot be played (bad seat, agent, seed or scenario)."""


@dataclass(frozen=True)
class GameConfig:
    """Everything needed to start one game in the window."""

    scenario: str
    seed: int
    controllers: tuple[str, ...]  # per seat, in seat order: PERSON or an agent spec

    @property
    def people(self) -> tuple[Seat, ...]:
        return tuple(s for s in SEATS if self.controllers[s] == PERSON)


def is_person(spec: str) -> bool:
    return spec.strip().lower() in PERSON_ALIASES


def supports_level(spec_code: str) -> bool:
    """Whether a built-in agent takes a difficulty (``code@easy|normal|hard``)."""
    cls = builtin_agents().get(spec_code)
    if cls is None:
        return False
    if getattr(cls, "levels", None):
        return True
    try:
        params = [p for p in inspect.signature(cls).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        return False
    return bool(params)


def levels_of(spec_code: str) -> tuple[str, ...]:
    cls = builtin_agents().get(spec_code)
    return tuple(getattr(cls, "levels", None) or LEVELS) if supports_level(spec_code) else ()


def default_opponent() -> str:
    """The strongest built-in agent (by its registered difficulty), at normal level if it has levels."""
    table = builtin_agents()
    for code in PREFERRED_OPPONENTS:
        if code in table:
            return f"{code}@normal" if "normal" in levels_of(code) else code
    best = max(table, key=lambda code: (DIFFICULTY_RANK.get(str(table[code].difficulty).lower(), 1),
                                        supports_level(code), code != "random"))
    return f"{best}@normal" if supports_level(best) and "normal" in levels_of(best) else best


def random_seed() -> int:
    """A fresh seed for a new game (the only randomness outside a game: choosing which game)."""
    return secrets.randbelow(1_000_000)


def check(config: GameConfig) -> GameConfig:
    """Validate a config (scenario loads, every agent builds, at least one person); return it."""
    if len(config.controllers) != len(SEATS):
        raise SetupError(f"expected {len(SEATS)} seats, got {len(config.controllers)}")
    if isinstance(config.seed, bool) or not isinstance(config.seed, int) or not 0 <= config.seed < 2**63:
        raise SetupError(f"seed must be a non-negative integer, got {config.seed!r}")
    load_scenario(config.scenario)
    from game.play import check_agents  # plug-ins are looked for in a probe process, not imported here

    check_agents([spec for spec in config.controllers if spec != PERSON])
    if not config.people:
        raise SetupError("at least one seat must be played by a person (use 'frenemies run' for all-AI games)")
    return config


def from_command_line(seat: str | None, opponents: str | None, seed: int | None, scenario: str) -> GameConfig:
    """Build and check a config from ``frenemies play`` options; ``--opponents`` may name ``person`` seats."""
    try:
        me = Seat.parse(seat) if seat else Seat.OPENAI
    except ValueError as exc:
        raise SetupError(str(exc)) from None
    others = [s for s in SEATS if s != me]
    if opponents is None:
        names = [default_opponent()] * len(others)
    else:
        names = [t.strip() for t in opponents.split(",") if t.strip()]
        if len(names) != len(others):
            raise SetupError(f"--opponents expects {len(others)} agents separated by commas (for "
                             f"{', '.join(s.label for s in others)}), got {len(names)}: {opponents!r}")
    controllers = [PERSON] * len(SEATS)
    for s, name in zip(others, names):
        controllers[s] = PERSON if is_person(name) else name
    return check(GameConfig(scenario, random_seed() if seed is None else seed, tuple(controllers)))


def describe(controllers: Sequence[str], viewer: Seat | None) -> tuple[str, ...]:
    """Per-seat labels for the board: "You", "Person 2", or the agent spec."""
    people = [s for s in SEATS if controllers[s] == PERSON]
    out = []
    for seat in SEATS:
        spec = controllers[seat]
        if spec != PERSON:
            out.append(spec)
        elif seat == viewer:
            out.append("You")
        else:
            out.append(f"Person {people.index(seat) + 1}")
    return tuple(out)
