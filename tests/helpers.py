"""Small drivers that walk a state to the phase a test needs."""

from __future__ import annotations

from game.rules import Act, GameState, Phase, Seat, apply, parse, to_move


def play(state: GameState, *choices: str) -> None:
    """Apply choices in notation, in order."""
    for c in choices:
        apply(state, parse(c))


def pass_talks(state: GameState) -> None:
    """Everyone passes until the action phase."""
    while state.phase is Phase.PROPOSE:
        apply(state, parse("pass"))


def act_all(state: GameState, moves: dict[Seat, str] | None = None, capex: int | None = None) -> None:
    """Finish the talks with passes, then every seat acts (hold unless told, capex standing unless told),
    resolving the quarter."""
    moves = moves or {}
    pass_talks(state)
    while state.phase is Phase.ACT:
        seat = to_move(state)
        apply(state, Act(moves.get(seat, "hold"), capex))


def run_quarters(state: GameState, n: int) -> None:
    for _ in range(n):
        act_all(state)
