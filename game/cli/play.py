"""``frenemies play``: open the pygame window (or, with ``--headless``, print an all-AI game).

Everything on the command line is checked before a window opens, so an
unknown opponent, seat or scenario is one line on stderr and exit code 2.
With ``--as`` or ``--opponents`` the game starts at once; without them the
window opens at the title scene (``--seed`` and ``--scenario`` then prefill
the setup). ``--opponents`` lists the three other seats in seat order and may
name ``person`` for hot-seat play.
"""

from __future__ import annotations

import argparse
import secrets
from pathlib import Path

from .support import REPLAY_DIR, UsageError, play_saving

DEFAULT_OPPONENTS = "random"


def replay_dir() -> Path:
    """The folder games are saved into (created if missing)."""
    try:
        REPLAY_DIR.mkdir(exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create the replay directory {REPLAY_DIR}: {exc.strerror}") from None
    return REPLAY_DIR


def play(args: argparse.Namespace) -> int:
    if args.headless:
        return play_headless(args)
    from game.ui.config import from_command_line

    pace = getattr(args, "pace", 0.4)
    if pace is None or not 0.0 <= pace <= 10.0:
        raise UsageError(f"--pace must be between 0 and 10 seconds, got {pace}")
    resume = getattr(args, "resume", None)
    if resume is not None and (args.seat is not None or args.opponents is not None or args.headless):
        raise UsageError("--resume plays the saved game's own seats: leave out --as, --opponents and --headless")
    config = from_command_line(args.seat, args.opponents, args.seed, args.scenario)
    folder = replay_dir()
    from game.ui import run

    if resume is not None:
        from game.ui.resume import resume_plan

        resume_plan(Path(resume))      # a file that cannot be resumed is one line before any window opens
    start_now = args.seat is not None or args.opponents is not None
    code, messages = run(config if start_now else None, defaults=config, replay_dir=folder, pace=pace,
                         resume=Path(resume) if resume is not None else None)
    for line in messages:
        print(line)
    return code


def play_headless(args: argparse.Namespace) -> int:
    """An all-AI game printed quarter by quarter as rich tables (your seat played by ``passive``)."""
    from rich.console import Console

    from agents import parse_agent_list
    from game.play import check_agents, setup_game
    from game.replay import fresh_path, write_atomic
    from game.rules import SEATS, Seat, load_scenario

    from .display import RichQuarterPrinter, result_table

    console = Console()
    seat = Seat.parse(args.seat) if args.seat else Seat.OPENAI
    others = [s for s in SEATS if s != seat]
    opponents = parse_agent_list(args.opponents, 3, resolve_names=False) if args.opponents else [DEFAULT_OPPONENTS] * 3
    check_agents(opponents)
    specs = ["passive"] * 4
    for s, name in zip(others, opponents):
        specs[s] = name
    seed = args.seed if args.seed is not None else secrets.randbelow(10**6)
    folder = replay_dir()
    console.print(f"[bold]Frenemies[/] - {args.scenario}, seed {seed}. {seat.label} is played by 'passive'; "
                  f"opponents: {', '.join(opponents)}")
    base = f"play-{load_scenario(args.scenario).name}-seed{seed}"
    result = play_saving(lambda: setup_game(args.scenario, seed, specs, hooks=[RichQuarterPrinter(console)]),
                         folder, f"{base}-unfinished")  # Ctrl-C / SIGTERM: the game so far is saved
    out = fresh_path(folder, base)
    write_atomic(out, result.replay_text())
    console.print(result_table(result.model.state, result.outcome, specs))
    console.print(f"replay saved to {out}")
    return 0
