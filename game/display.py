"""Rich tables for the terminal: a quarter's board and the final result."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from game.rules import SEATS, GameState, Outcome, score
from game.rules.scoring import openai_value


def quarter_table(state: GameState, label: str, lines: list[str]) -> Table:
    """One quarter as a table: each company's figures, then what happened."""
    t = Table(title=f"{label}  (levers: converted={state.converted}, AGI={state.agi.value}, "
                    f"ROFR={state.rofr}, IP access={state.ip_access}, rev share={state.revenue_share:.0%})",
              title_justify="left", expand=False)
    for col in ("company", "cash $B", "debt $B", "compute GW", "revenue $B/q", "users/reach M", "value $B", "score"):
        t.add_column(col, justify="right" if col != "company" else "left")
    for seat in SEATS:
        co = state.companies[seat]
        people = co.users if seat.label == "OpenAI" else co.reach
        t.add_row(seat.label, f"{co.cash:.1f}", f"{co.debt:.1f}", f"{co.compute_owned:.2f}", f"{co.revenue:.2f}",
                  f"{people:.0f}" if people else "-", f"{co.value:.0f}", f"{score(state, seat):.0f}")
    t.caption = "\n".join(lines[-12:]) if lines else None
    t.caption_justify = "left"
    return t


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
