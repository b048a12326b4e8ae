"""Engine benchmark (`make bench`): how fast the rules core and the full stack run.

Reports, on one core, for the default 24-quarter scenario with four `random` agents:
  * core games/s      - the pure rules loop: legal_choices + apply, uniform random choice
  * full games/s      - the Mesa model with observations, fault checks and replay recording
  * state copy (us)   - one GameState.copy() of a mid-game state (planners do this constantly)
  * apply_unchecked   - microseconds per decision on the fast path, legal_choices included
  * replay load+verify (ms) and replay size (KiB)
  * bytecodes per game - Python bytecodes a full-stack game runs: a count, the same however busy the machine

Usage: python benchmarks/engine.py [--games N] [--scenario NAME] [--baseline DIR [--rounds R]]
       make bench BASELINE=DIR   (fifteen rounds)

``--baseline DIR`` also times the full stack of another checkout (for instance a
``git worktree add /tmp/base <commit>`` of an older version) side by side with
this one: the two alternate, one game batch each, ``--rounds`` rounds (default
nine), measured in CPU time in fresh processes, and the table gives this
checkout's speed as a ratio of the baseline's in two ways:
  * the median of the rounds' ratios, with the lowest and highest round (on a
    shared machine one round can be off by a third either way, so three rounds
    were not enough to read a ratio from);
  * the ratio of the best times: each game (seed) of a batch is timed on its
    own, each checkout's time for a seed is its fastest over the rounds, and the
    ratio is of the sums. The fastest of several runs is the one least slowed by
    the machine's other work (the advice of Python's ``timeit``): on this shared
    VM the same checkout's game took 21.5 ms in one minute and 32.8 ms a few
    minutes later, so a round's ratio moves with when it ran, and the median of
    fifteen moved from 1.74x to 1.93x between two runs of the same code.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from game import replay  # noqa: E402
from game.play import play_game  # noqa: E402
from game.rules import apply, apply_unchecked, legal_choices, load_scenario, new_game  # noqa: E402


def core_games(scenario, n: int, checked: bool) -> tuple[float, int]:
    """Games per second and decisions made, for the pure rules loop."""
    step = apply if checked else apply_unchecked
    decisions = 0
    start = time.perf_counter()
    for seed in range(n):
        s = new_game(scenario, seed)
        rng = np.random.default_rng(seed)
        while not s.is_over():
            legal = legal_choices(s)
            step(s, legal[int(rng.integers(len(legal)))])
            decisions += 1
    return n / (time.perf_counter() - start), decisions // n


def mid_game_state(scenario):
    s = new_game(scenario, 1)
    rng = np.random.default_rng(1)
    while s.quarter < scenario.quarters // 2:
        legal = legal_choices(s)
        apply(s, legal[int(rng.integers(len(legal)))])
    return s


def time_per_call(fn, repeat: int) -> float:
    """Median of five runs of ``repeat`` calls, in microseconds per call."""
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(repeat):
            fn()
        runs.append((time.perf_counter() - t) / repeat * 1e6)
    return statistics.median(runs)


#: what both scripts below start with: ``play_game`` from the checkout named first on the command line
_PLAY_GAME_FROM = """
import sys, time
sys.path.insert(0, sys.argv[1])
try:
    from game.play import play_game
except ImportError:  # a checkout from before the layout move
    from game.headless import play_game
"""


FULL_STACK = _PLAY_GAME_FROM + """
times = []
for seed in range(int(sys.argv[2])):
    t = time.process_time()
    play_game(sys.argv[3], seed, ["random"] * 4)
    times.append(time.process_time() - t)
print(" ".join(map(repr, times)))
"""


BYTECODES = _PLAY_GAME_FROM + """
play_game(sys.argv[3], 100, ["random"] * 4)  # the first game's one-off work (imports, kept tables) left out
count = [0]
def trace(frame, event, arg):
    frame.f_trace_opcodes = True
    if event == "opcode":
        count[0] += 1
    return trace
n = int(sys.argv[2])
sys.settrace(trace)
for seed in range(1, n + 1):
    play_game(sys.argv[3], seed, ["random"] * 4)
sys.settrace(None)
print(count[0] / n)
"""


def bytecodes_in(checkout: Path, games: int, scenario: str) -> float:
    """Python bytecodes the game's thread runs per full-stack game of ``checkout`` (seeds 1..games): a count,
    the same on any machine however busy, where the time per game can move by a third between two runs.
    Time follows it only roughly (a bytecode's cost varies: mostly the interpreter's branch mispredictions and
    instruction-cache misses), so it is reported beside the time, not instead of it."""
    return float(_run_in(checkout, BYTECODES, games, scenario))


def full_stack_in(checkout: Path, games: int, scenario: str) -> list[float]:
    """CPU seconds of each of ``games`` full-stack games of ``checkout`` (seeds 0, 1, ...), played in that
    order in a fresh process (nothing shared with this one; the first game pays for what a process does once)."""
    return [float(x) for x in _run_in(checkout, FULL_STACK, games, scenario).split()]


def _run_in(checkout: Path, script: str, games: int, scenario: str) -> str:
    """The last line ``script`` prints, run in a fresh process on ``checkout``'s code."""
    out = subprocess.run([sys.executable, "-c", script, str(checkout), str(games), scenario], check=True,
                         capture_output=True, text=True, cwd=checkout, env={**os.environ, "PYTHONHASHSEED": "0"})
    return out.stdout.strip().splitlines()[-1]


def side_by_side(base: Path, games: int, scenario: str, rounds: int = 9) -> dict:
    """Alternating rounds of a batch of ``games`` games each: ``base`` (games/s), ``here`` (games/s; both the
    median of the rounds), ``ratios`` (each round's, sorted), ``best`` (the ratio of the sums of each seed's
    fastest time)."""
    here = Path(__file__).resolve().parents[1]
    runs: tuple[list[list[float]], list[list[float]]] = ([], [])
    for _ in range(rounds):
        runs[0].append(full_stack_in(base, games, scenario))
        runs[1].append(full_stack_in(here, games, scenario))
    speeds = [[games / sum(times) for times in side] for side in runs]
    best = [sum(min(column) for column in zip(*side)) for side in runs]
    return {"base": statistics.median(speeds[0]), "here": statistics.median(speeds[1]),
            "ratios": sorted(h / b for b, h in zip(*speeds)), "best": best[0] / best[1]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--games", type=int, default=40)
    ap.add_argument("--scenario", default="stargate-2025")
    ap.add_argument("--baseline", type=Path, help="another checkout to time side by side (see the docstring)")
    ap.add_argument("--rounds", type=int, default=9, help="alternating rounds with --baseline (default %(default)s)")
    args = ap.parse_args()
    if args.rounds < 1:
        ap.error("--rounds must be at least 1")
    scen = load_scenario(args.scenario)
    console = Console()
    console.print(f"[bold]Frenemies engine benchmark[/] - {args.scenario}, one core, four random agents")

    fast, per_game = core_games(scen, args.games, checked=False)
    checked, _ = core_games(scen, args.games, checked=True)
    t = time.perf_counter()
    full_n = max(5, args.games // 4)
    last = None
    for seed in range(full_n):
        last = play_game(args.scenario, seed, ["random"] * 4)
    full = full_n / (time.perf_counter() - t)
    mid = mid_game_state(scen)
    copy_us = time_per_call(mid.copy, 20000)
    digest_us = time_per_call(mid.digest, 500)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.json"
        path.write_text(last.replay_text())
        size_kib = path.stat().st_size / 1024
        load_ms = time_per_call(lambda: replay.load(path), 20) / 1000
        verify_ms = time_per_call(lambda: replay.verify(replay.load(path)), 5) / 1000

    table = Table(title="Results", title_justify="left")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("note")
    table.add_row("decisions per game", f"{per_game}", "proposals, answers, ROFR prompts and actions")
    table.add_row("core games/s (fast path)", f"{fast:.1f}", "legal_choices + apply_unchecked; goal 500")
    table.add_row("core games/s (checked)", f"{checked:.1f}", "legal_choices + checked apply")
    table.add_row("us per decision (fast path)", f"{1e6 / fast / per_game:.1f}", "")
    table.add_row("full-stack games/s", f"{full:.1f}", "Mesa model, observations, replay recording")
    table.add_row("state copy (us)", f"{copy_us:.1f}", "mid-game GameState.copy()")
    table.add_row("state digest (us)", f"{digest_us:.0f}", "SHA-256 of the numbers and the rest, once a quarter")
    table.add_row("replay size (KiB)", f"{size_kib:.1f}", f"{scen.quarters} quarters")
    table.add_row("replay load (ms)", f"{load_ms:.2f}", "read + parse + structural checks")
    table.add_row("replay load + verify (ms)", f"{verify_ms:.1f}", "re-simulate every decision, compare hashes")
    here = Path(__file__).resolve().parents[1]
    codes = bytecodes_in(here, 3, args.scenario)
    table.add_row("bytecodes per game", f"{codes / 1e6:.2f} M", "Python bytecodes run, seeds 1-3: a count, not a time")
    if args.baseline:
        base_codes = bytecodes_in(args.baseline.resolve(), 3, args.scenario)
        table.add_row("baseline bytecodes per game", f"{base_codes / 1e6:.2f} M",
                      f"{args.baseline}: {base_codes / codes:.2f}x this checkout's")
        games = max(5, args.games // 4)
        run = side_by_side(args.baseline.resolve(), games, args.scenario, args.rounds)
        ratios = run["ratios"]
        table.add_row("baseline full-stack games/s", f"{run['base']:.1f}", f"{args.baseline} (CPU time, fresh process)")
        table.add_row("this checkout, same way", f"{run['here']:.1f}", f"alternating with the baseline, {len(ratios)} rounds")
        table.add_row("ratio (this / baseline)", f"{statistics.median(ratios):.2f}x",
                      f"median of the rounds (lowest {ratios[0]:.2f}x, highest {ratios[-1]:.2f}x)")
        table.add_row("ratio of best times", f"{run['best']:.2f}x",
                      f"each of the {games} seeds' fastest game over the rounds, summed")
    console.print(table)


if __name__ == "__main__":
    main()
