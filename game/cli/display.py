"""Rich tables for the terminal: the live quarter printer and the final result (a quarter's table is
``game.replay.text.quarter_table``, shared with ``frenemies replay --text``)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from game.replay.text import quarter_table
from game.rules import GameState, Outcome, openai_value


def result_table(state: GameState, result: Outcome, agents: list[str]) -> Table:
    t = Table(title=f"Final result: {result.winner.label} wins  (joint value created ${result.joint_value:.0f}B, "
                    f"OpenAI valued ${openai_value(state):.0f}B)", title_justify="left")
    for col in ("rank", "company", "agent", "score", "value $B", "start $B"):
        t.add_column(col, justify="right" if col not in ("company", "agent") else "left")
    for rank, seat in enumerate(result.ranking, 1):
        co = state.companies[seat]
        t.add_row(str(rank), seat.label, agents[seat], f"{result.scores[seat]:.1f}", f"{co.value:.0f}",
                  f"{co.value_start:.0f}")
    return t


class RichQuarterPrinter:
    """A hook that prints each quarter as a rich table while a game runs."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console()
        self.mark = 0

    def on_quarter(self, model, label: str, state: GameState) -> None:
        lines = state.log[self.mark:]
        self.mark = len(state.log)
        self.console.print(quarter_table(state, label, lines))
