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
this one, in lockstep: each round starts a fresh process on each checkout, and
the two play the same seeds 0, 1, ... one game each in turn (who goes first
alternates), each game (played, and its replay's data read) timed in CPU time.
The table gives this checkout's speed as a ratio of the baseline's: the ratio of
the two total times, and the median game's ratio with the range of the middle
90% of games, twice: for a process's first ten games (seeds 0-9, "fresh": the
tables, notations and packages a process keeps are still being filled, and the
first game also pays for Python's own warming up) and for its next ten (seeds
10-19, "warmed": as a tournament worker plays, game after game; the original
benchmark of the baseline, too, timed its full-stack games after eighty games of
the rules core in the same process). Each seed is played once per process, so no
game finds its own chance draws already kept. On this shared VM the same
checkout's game took 21.5 ms in one minute and 32.8 ms a few minutes later:
rounds of ten games each, alternating, gave medians from 1.74x to 1.93x for the
same code, while two games played 30 ms apart see the same machine, so the
lockstep ratio moves much less. Both processes are held to one CPU (where the
system lets a process choose): left to the scheduler, each stayed on a core of
its own for a round, the VM's two cores ran at different speeds, and lockstep
runs of the same code gave 1.54x to 2.03x; held to one CPU, 1.69x to 1.73x in
four runs on either core.
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
from pathlib import Path
sys.path.insert(0, sys.argv[1])
try:
    from game.play import play_game
except ImportError:  # a checkout from before the layout move
    from game.headless import play_game
if Path(sys.modules["game"].__file__).resolve().parents[1] != Path(sys.argv[1]).resolve():
    raise SystemExit(f"{sys.argv[1]} is not a checkout of Frenemies (its game package came from elsewhere)")
"""


#: one side of the lockstep: a game for each seed read from stdin, its CPU time written back. A game is played
#: and its replay's data read (``recorder.to_dict()``): what recording a game is for, so that work left for
#: the reader is counted too
LOCKSTEP = _PLAY_GAME_FROM + """
if sys.argv[3] != "-":
    import os
    os.sched_setaffinity(0, {int(sys.argv[3])})
print("ready", flush=True)
for line in sys.stdin:
    t = time.process_time()
    play_game(sys.argv[2], int(line), ["random"] * 4).recorder.to_dict()
    print(repr(time.process_time() - t), flush=True)
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
    play_game(sys.argv[3], seed, ["random"] * 4).recorder.to_dict()
sys.settrace(None)
print(count[0] / n)
"""


def bytecodes_in(checkout: Path, games: int, scenario: str) -> float:
    """Python bytecodes the game's thread runs per full-stack game of ``checkout`` (seeds 1..games): a count,
    the same on any machine however busy, where the time per game can move by a third between two runs.
    Time follows it only roughly (a bytecode's cost varies: mostly the interpreter's branch mispredictions and
    instruction-cache misses), so it is reported beside the time, not instead of it."""
    return float(_run_in(checkout, BYTECODES, games, scenario))


def _run_in(checkout: Path, script: str, games: int, scenario: str) -> str:
    """The last line ``script`` prints, run in a fresh process on ``checkout``'s code."""
    out = subprocess.run([sys.executable, "-c", script, str(checkout), str(games), scenario],
                         capture_output=True, text=True, cwd=checkout, env={**os.environ, "PYTHONHASHSEED": "0"})
    if out.returncode != 0 or not out.stdout.strip():
        why = (out.stderr.strip().splitlines() or ["no output"])[-1]
        raise SystemExit(f"bench: {checkout}: {why}")
    return out.stdout.strip().splitlines()[-1]


def side_by_side(base: Path, games: int, scenario: str, rounds: int = 9) -> dict:
    """``rounds`` lockstep rounds (see the module's docstring), each in two fresh processes that play seeds
    0 to ``2 * games - 1`` in turn: the first ``games`` games of a process (``"fresh"``: its kept tables,
    notations and packages still being filled) and the next ``games`` (``"warmed"``: as in a tournament
    worker, which plays game after game). For each: ``base`` and ``here`` (games per CPU second over all the
    rounds), ``ratio`` (of the total times: this checkout's speed over the baseline's) and ``per_game``
    (each game's ratio, sorted)."""
    here = Path(__file__).resolve().parents[1]
    cpu = str(min(os.sched_getaffinity(0))) if hasattr(os, "sched_getaffinity") else "-"
    totals = {"fresh": [0.0, 0.0], "warmed": [0.0, 0.0]}
    per_game: dict[str, list[float]] = {"fresh": [], "warmed": []}
    for r in range(rounds):
        sides = [subprocess.Popen([sys.executable, "-c", LOCKSTEP, str(checkout), scenario, cpu], cwd=checkout,
                                  text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  env={**os.environ, "PYTHONHASHSEED": "0"}) for checkout in (base, here)]
        try:
            for side in sides:
                if side.stdout.readline().strip() != "ready":
                    raise SystemExit(f"bench: a checkout could not start a game ({side.args[3]})")
            for seed in range(2 * games):
                took = [0.0, 0.0]
                for i in ((0, 1) if (seed + r) % 2 == 0 else (1, 0)):
                    sides[i].stdin.write(f"{seed}\n")
                    sides[i].stdin.flush()
                    line = sides[i].stdout.readline()
                    if not line:
                        raise SystemExit(f"bench: a game stopped with an error ({sides[i].args[3]}, seed {seed})")
                    took[i] = float(line)
                part = "fresh" if seed < games else "warmed"
                totals[part][0] += took[0]
                totals[part][1] += took[1]
                per_game[part].append(took[0] / took[1])
        finally:
            for side in sides:
                side.stdin.close()
                side.wait()
    n = rounds * games
    return {part: {"base": n / base_t, "here": n / here_t, "ratio": base_t / here_t,
                   "per_game": sorted(per_game[part])} for part, (base_t, here_t) in totals.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--games", type=int, default=40)
    ap.add_argument("--scenario", default="stargate-2025")
    ap.add_argument("--baseline", type=Path, help="another checkout to time side by side (see the docstring)")
    ap.add_argument("--rounds", type=int, default=9, help="lockstep rounds with --baseline (default %(default)s)")
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
        runs = side_by_side(args.baseline.resolve(), games, args.scenario, args.rounds)
        for part, which, seeds in (("fresh", "a process's first", (0, games - 1)),
                                   ("warmed", "the next", (games, 2 * games - 1))):
            run = runs[part]
            per_game = run["per_game"]
            low, high = per_game[len(per_game) // 20], per_game[-1 - len(per_game) // 20]
            table.add_row(f"baseline full-stack games/s, {part}", f"{run['base']:.1f}",
                          f"{args.baseline} (CPU time): {which} {games} games, seeds {seeds[0]}-{seeds[1]}")
            table.add_row("this checkout, same way", f"{run['here']:.1f}",
                          f"in lockstep with the baseline, {args.rounds} rounds of fresh processes")
            table.add_row(f"ratio (this / baseline), {part}", f"{run['ratio']:.2f}x",
                          f"of the total times; median game {statistics.median(per_game):.2f}x "
                          f"(middle 90%: {low:.2f}x to {high:.2f}x)")
    console.print(table)


if __name__ == "__main__":
    main()
