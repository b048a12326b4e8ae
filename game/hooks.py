"""Hooks: everything that watches a game without being part of its rules
(replay writing, statistics, the UI feed). The engine calls them in order;
the rules never know they exist."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from game.rules import Choice, GameState, Outcome, Seat

if TYPE_CHECKING:  # pragma: no cover
    from game.model import FrenemiesModel


class GameHook(Protocol):
    """Optional callbacks; implement any subset (missing ones are skipped)."""

    def on_start(self, model: "FrenemiesModel") -> None: ...
    def on_decision(self, model: "FrenemiesModel", seat: Seat, choice: Choice, rationale: str,
                    fault: str | None) -> None: ...
    def on_quarter(self, model: "FrenemiesModel", label: str, state: GameState) -> None: ...
    def on_end(self, model: "FrenemiesModel", outcome: Outcome) -> None: ...


def call(hooks: list[object], name: str, *args: object) -> None:
    """Call ``name`` on every hook that defines it."""
    for hook in hooks:
        fn = getattr(hook, name, None)
        if fn is not None:
            fn(*args)
