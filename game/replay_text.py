"""A plain terminal rendering of a replay (the pygame viewer is the full one)."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from game.display import quarter_table
from game.replay import states


def print_replay(data: dict[str, Any], where: str) -> None:
    """Re-simulate the replay and print each quarter's board and decisions."""
    console = Console()
    agents = data.get("agents", {})
    console.print(f"[bold]{where}[/]: scenario {data.get('scenario')}, seed {data['seed']}, agents "
                  + ", ".join(f"{k}={v}" for k, v in agents.items()))
    last_q, mark = 0, 0
    for qi, _, state in states(data, where):
        if qi >= 0 and state.quarter != last_q:  # a quarter just resolved
            console.print(quarter_table(state, data["quarters"][qi].get("quarter", ""), state.log[mark:]))
            mark, last_q = len(state.log), state.quarter
    res = data.get("result")
    if res:
        console.print(f"Winner: {res['winner']}  scores: "
                      + ", ".join(f"{k} {v:.1f}" for k, v in res["scores"].items()))
