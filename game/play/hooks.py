"""Hooks: everything that watches a game without being part of its rules
(replay writing, statistics, the UI feed). The engine calls them in order;
the rules never know they exist."""

from __future__ import annotations

from typing import Protocol, Sequence

from game.rules import Choice, GameState, Outcome, Scenario, Seat


class ModelView(Protocol):
    """What a hook may read of the model that calls it."""

    scenario: Scenario
    seed: int
    state: GameState


class GameHook(Protocol):
    """Optional callbacks; implement any subset (missing ones are skipped)."""

    def on_start(self, model: ModelView) -> None: ...
    def on_decision(self, model: ModelView, seat: Seat, choice: Choice, rationale: str,
                    fault: str | None) -> None: ...
    def on_quarter(self, model: ModelView, label: str, state: GameState) -> None: ...
    def on_end(self, model: ModelView, outcome: Outcome) -> None: ...


def call(hooks: Sequence[object], name: str, *args: object) -> None:
    """Call ``name`` on every hook that defines it."""
    for hook in hooks:
        fn = getattr(hook, name, None)
        if fn is not None:
            fn(*args)
