"""A replay printed in the terminal, quarter by quarter (the pygame viewer is the full one).

``quarter_table`` draws one quarter as a rich table; ``print_replay`` is a
visitor of the replay reader that prints one after every quarter resolves.
The CLI's live printer (``game.cli.display``) draws the same table while a
game is played.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from game.rules import SEATS, GameState, outcome, score

from .reader import Move, Visitor, walk


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
    t.caption = escape("\n".join(lines[-12:])) if lines else None
    t.caption_justify = "left"
    return t


class _Printer(Visitor):
    def __init__(self, console: Console) -> None:
        self.console, self.mark = console, 0

    def move(self, m: Move, state: GameState) -> None:
        if m.resolved and not m.partial:
            self.console.print(quarter_table(state, m.label, state.log[self.mark:]))
            self.mark = len(state.log)


def print_replay(data: dict[str, Any], where: str, console: Console | None = None) -> None:
    """Re-simulate the replay and print each quarter's board and decisions."""
    console = console or Console()
    agents = data.get("agents", {})
    console.print(f"[bold]{escape(where)}[/]: scenario {escape(str(data.get('scenario')))}, seed {data['seed']}, "
                  "agents " + escape(", ".join(f"{k}={v}" for k, v in agents.items())))
    final = walk(data, _Printer(console), where=where)
    if final.is_over():  # the result as the game played it, not as the file claims it
        res = outcome(final)
        console.print(escape(f"Winner: {res.winner.label}  scores: "
                             + ", ".join(f"{s.label} {res.scores[s]:.1f}" for s in SEATS)))
    else:
        console.print(escape(f"Unfinished: the replay stops at {final.label()}"))
