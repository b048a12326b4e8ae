"""``frenemies play``: until the pygame front end is in place, one headless
game against AI agents, printed quarter by quarter as rich tables."""

from __future__ import annotations

import argparse
import secrets

from rich.console import Console

from agents import parse_agent_list
from game.display import RichQuarterPrinter, result_table
from game.headless import play_game
from game.replay import write_atomic
from game.rules import SEATS, Seat

DEFAULT_OPPONENTS = "random"


def play(args: argparse.Namespace) -> int:
    from game.cli_support import REPLAY_DIR, UsageError

    console = Console()
    seat = Seat.parse(args.seat) if args.seat else Seat.OPENAI
    others = [s for s in SEATS if s != seat]
    opponents = parse_agent_list(args.opponents, 3) if args.opponents else [DEFAULT_OPPONENTS] * 3
    specs = ["passive"] * 4
    for s, name in zip(others, opponents):
        specs[s] = name
    seed = args.seed if args.seed is not None else secrets.randbelow(10**6)
    if not REPLAY_DIR.is_dir():
        raise UsageError(f"replay directory {REPLAY_DIR} does not exist")
    console.print(f"[bold]Frenemies[/] - {args.scenario}, seed {seed}. {seat.label} is played by the "
                  f"'passive' stand-in until the window opens; opponents: {', '.join(opponents)}")
    result = play_game(args.scenario, seed, specs, [RichQuarterPrinter(console)])
    out = REPLAY_DIR / f"play-{result.model.scenario.name}-seed{seed}.json"
    write_atomic(out, result.replay_text())
    console.print(result_table(result.model.state, result.outcome, specs))
    console.print(f"replay saved to {out}")
    return 0
