"""The ``frenemies`` command (also ``python -m game``): the parser and one function per command.

Every bad input ends in one line on stderr and exit code 2, never a
traceback; outputs are written atomically so a failed run loses nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Sequence

from game.rules import FrenemiesError
from game.version import __version__

from .support import EXIT_BAD_INPUT, REPLAY_DIR, OneLineParser, UsageError, seed_type, writable_file


def build_parser() -> argparse.ArgumentParser:
    p = OneLineParser(prog="frenemies", description="Frenemies: Microsoft, OpenAI, SoftBank and Oracle "
                                                      "negotiate over compute, capital and contract levers, 2025-2030.")
    p.add_argument("--version", action="version", version=f"frenemies {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)

    run = sub.add_parser("run", help="play one headless game and write its replay")
    run.add_argument("--agents", default="random,random,random,random",
                     help="four agents for Microsoft,OpenAI,SoftBank,Oracle (see 'frenemies agents')")
    run.add_argument("--seed", type=seed_type, default=0, help="game seed (non-negative integer)")
    run.add_argument("--scenario", default="stargate-2025", help="scenario name or path to a .toml file")
    run.add_argument("--out", type=Path, help="replay file to write (default: replays/run-SCENARIO-seedN.json)")
    run.add_argument("--metrics", type=Path, help="write per-quarter metrics to this CSV file")
    run.add_argument("--budget", type=float, default=10.0, help="seconds an agent may think per decision")
    run.add_argument("--show", action="store_true", help="print every quarter as a table")
    run.add_argument("--quiet", action="store_true", help="print only the replay path")

    play = sub.add_parser("play", help="play a company against AI agents in a window")
    play.add_argument("--as", dest="seat", default=None, help="your company: Microsoft, OpenAI, SoftBank or Oracle "
                      "(with --as or --opponents the game starts at once; otherwise the title screen opens)")
    play.add_argument("--opponents", default=None, help="three agents for the other seats, in seat order "
                      "('person' for another player at this screen)")
    play.add_argument("--seed", type=seed_type, default=None, help="game seed (default: random)")
    play.add_argument("--scenario", default="stargate-2025", help="scenario name or path to a .toml file")
    play.add_argument("--pace", type=float, default=0.4, help="seconds each AI move stays on screen (default 0.4)")
    play.add_argument("--headless", action="store_true", help="watch an all-AI game in the terminal instead")
    play.add_argument("--resume", metavar="FILE", default=None,
                      help="play on an -unfinished game saved by 'Save and leave', closing the window or Ctrl-C")

    rp = sub.add_parser("replay", help="watch or verify a saved replay")
    rp.add_argument("file", type=Path, help="replay file (.json)")
    rp.add_argument("--verify", action="store_true", help="re-simulate and check every claim the file makes "
                    "(each quarter's state hash, log and label, the result); exit 1 if one is false")
    rp.add_argument("--reproduce", action="store_true", help="with --verify: also re-run the recorded agents "
                    "from the seed and check they make every recorded decision")
    rp.add_argument("--budget", type=float, default=10.0, help="with --reproduce: seconds an agent may think")
    rp.add_argument("--text", action="store_true", help="print the game quarter by quarter instead of opening "
                                                        "the viewer")

    fk = sub.add_parser("fork", help="replay a saved game up to a quarter, then let other agents play on")
    fk.add_argument("file", type=Path, help="parent replay file (.json)")
    fk.add_argument("--at", required=True, help="frame to fork at: a quarter such as 2026Q3 (its start), or "
                                                "2026Q3:N (after its first N decisions)")
    fk.add_argument("--agents", required=True, help="four agents who play on, for Microsoft,OpenAI,SoftBank,Oracle")
    fk.add_argument("--seed", type=seed_type, default=None,
                    help="new chance seed from the frame on (later events, signals, the agents' streams); "
                         "default: keep the parent's")
    fk.add_argument("--out", type=Path, help="fork replay to write (default: replays/fork-PARENT-at-QUARTER.json)")
    fk.add_argument("--budget", type=float, default=10.0, help="seconds an agent may think per decision")

    tour = sub.add_parser("tournament", help="play many seat-rotated headless games and rate the agents")
    who = tour.add_mutually_exclusive_group(required=True)
    who.add_argument("--agents", help="agents to compare, comma-separated (rotated through all four seats)")
    who.add_argument("--mirror", metavar="AGENT", help="one agent in all four seats: the seat balance report")
    tour.add_argument("--games", type=int, required=True, metavar="N",
                      help="number of games: each seed is played in R seat rotations, R = number of agents")
    tour.add_argument("--seed", type=seed_type, default=0, metavar="S", help="master seed (non-negative integer)")
    tour.add_argument("--workers", type=int, default=1, metavar="K", help="games played at once (default 1)")
    tour.add_argument("--backend", default="local", metavar="local|ray",
                      help="local processes (default), or Ray (a local instance, or the cluster in RAY_ADDRESS)")
    tour.add_argument("--scenario", default="stargate-2025", help="scenario name or path to a .toml file")
    tour.add_argument("--out", type=Path, metavar="DIR",
                      help="output directory; rerun to resume (default: tournaments/SCENARIO_AGENTS_seedS)")
    tour.add_argument("--budget", type=float, default=10.0, help="seconds an agent may think per decision")
    tour.add_argument("--save-replays", action="store_true", help="also write every game's replay to DIR/replays/")
    tour.add_argument("--recheck", action="store_true", help="on resume, re-play every game already in DIR and "
                      "compare it with its logged line before going on (catches forged lines; costs a replay)")
    tour.add_argument("--quiet", action="store_true", help="print only the path of summary.json")

    sub.add_parser("agents", help="list the built-in agents")
    sub.add_parser("scenarios", help="list the shipped scenarios")
    return p


def cmd_run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from agents import parse_agent_list
    from .display import RichQuarterPrinter, result_table
    from game.play import check_agents, setup_game
    from game.replay import safe_stem, write_atomic
    from game.rules import load_scenario

    from .support import play_saving

    specs = check_agents(parse_agent_list(args.agents, resolve_names=False))
    scen = load_scenario(args.scenario)
    out = args.out or REPLAY_DIR / f"{safe_stem(f'run-{scen.name}-seed{args.seed}')}.json"
    writable_file(out, "replay file")
    if args.metrics:
        writable_file(args.metrics, "metrics file")
    if args.budget <= 0:
        raise UsageError("--budget must be a positive number of seconds")
    console = Console(stderr=False)
    hooks = [RichQuarterPrinter(console)] if args.show and not args.quiet else []
    result = play_saving(lambda: setup_game(scen, args.seed, specs, hooks=hooks, budget_s=args.budget),
                         out.parent, f"{out.stem}-unfinished")  # Ctrl-C / SIGTERM: the game so far is kept
    write_atomic(out, result.replay_text())
    if args.metrics:
        result.model.write_metrics(args.metrics)
    if args.quiet:
        print(out)
        return 0
    console.print(result_table(result.model.state, result.outcome, specs))
    for fault in result.model.faults:
        console.print(f"[yellow]fault:[/] {fault}")
    console.print(f"replay written to {out}")
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    from game import replay

    data = replay.load(args.file)
    if args.reproduce and not args.verify:
        raise UsageError("--reproduce goes with --verify")
    if args.verify:
        if args.reproduce:
            from game.play.reproduce import reproduce

            result = reproduce(data, str(args.file), args.budget)
        else:
            result = replay.verify(data, str(args.file))
        if not result.ok:
            print(f"frenemies: {args.file}: {result.message}", file=sys.stderr)
            return 1
        print(f"{args.file}: {result.message}")
        if data.get("parent"):
            from game.replay import check_parent
            print(f"{args.file}: {check_parent(data, args.file.parent / str(data['parent'].get('file', '')))}")
        return 0
    if not args.text:
        from game.ui import run_viewer
        return run_viewer(args.file, data)
    from game.replay.text import print_replay
    print_replay(data, str(args.file))
    return 0


def cmd_fork(args: argparse.Namespace) -> int:
    from agents import parse_agent_list
    from game.play import check_agents, run_fork
    from game.replay import default_out, file_sha256, load, parse_frame, scenario_of, write_atomic

    specs = check_agents(parse_agent_list(args.agents, resolve_names=False))
    if args.budget <= 0:
        raise UsageError("--budget must be a positive number of seconds")
    data = load(args.file)
    frame = parse_frame(args.at, scenario_of(data, str(args.file)))
    out = args.out or default_out(args.file, frame.text(scenario_of(data)), REPLAY_DIR)
    writable_file(out, "fork replay file")
    result = run_fork(data, frame, specs, args.file.name, file_sha256(args.file), args.seed, args.budget,
                      where=str(args.file))
    write_atomic(out, result.text())
    res = result.data["result"]
    print(f"fork of {args.file.name} at {frame.text(result.model.scenario)} written to {out}: winner {res['winner']} "
          f"(" + ", ".join(f"{k} {v:.1f}" for k, v in res["scores"].items()) + ")")
    return 0


def cmd_agents(_: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from agents import builtin_agents

    t = Table(title="Built-in agents (use NAME, or NAME@easy|normal|hard where supported)", title_justify="left")
    for col in ("name", "difficulty", "description"):
        t.add_column(col)
    for code, cls in builtin_agents().items():
        t.add_row(code, cls.difficulty, cls.description)
    Console().print(t)
    print("Plug-ins: --agents mypkg.module:MyAgent, or the 'frenemies.agents' entry-point group.")
    return 0


def cmd_scenarios(_: argparse.Namespace) -> int:
    from game.rules import available_scenarios, load_scenario

    for name in available_scenarios():
        s = load_scenario(name)
        print(f"{name:16} {s.quarters:2d} quarters {s.label(0)}-{s.label(s.quarters - 1)}  {s.description}")
    return 0


def cmd_play(args: argparse.Namespace) -> int:
    from .play import play
    try:
        from game.rules import Seat
        if args.seat:
            Seat.parse(args.seat)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return play(args)


def cmd_tournament(args: argparse.Namespace) -> int:
    from rich.console import Console

    from game import tournament

    agents = [args.mirror] if args.mirror else args.agents.split(",")
    settings = tournament.make_settings(agents, args.games, args.seed, args.scenario, args.budget)
    options = tournament.RunOptions(args.out or tournament.default_out(settings), args.workers, args.backend,
                                    args.save_replays, args.quiet, bool(args.mirror), args.recheck)
    report = tournament.run_tournament(settings, options)
    tournament.print_report(report, options, Console())
    return 0


COMMANDS = {"run": cmd_run, "replay": cmd_replay, "fork": cmd_fork, "agents": cmd_agents, "scenarios": cmd_scenarios,
            "play": cmd_play, "tournament": cmd_tournament}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not args.command:
            parser.print_help()
            return 0
        return COMMANDS[args.command](args)
    except FrenemiesError as exc:
        print(f"frenemies: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("frenemies: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: still one line, with a way to see more
        if os.environ.get("FRENEMIES_DEBUG"):
            raise
        print(f"frenemies: internal error: {type(exc).__name__}: {exc} (set FRENEMIES_DEBUG=1 for details)",
              file=sys.stderr)
        return 1


def entry() -> None:
    """Console-script entry point."""
    sys.exit(main())
