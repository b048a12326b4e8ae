"""Tournament benchmark: games/s with 1 and 2 workers, the speed-up, and the
peak memory of a 10 000-game run (issue 5; goal: speed-up >= 1.8x on 2 cores).

    .venv/bin/python benchmarks/tournament.py                 # everything (~6 min on 2 cores)
    .venv/bin/python benchmarks/tournament.py --skip-big      # speed only
    .venv/bin/python benchmarks/tournament.py --big-scenario stargate-2025   # the big run on the long scenario

Every run goes through the real ``frenemies tournament`` command in a child
process, so start-up, file writing and the summary are all counted. The big
run samples the resident memory of the driver and of all its worker
processes while it plays: flat memory means the samples at 10% and at 100%
of the games are about the same. The big run uses the 8-quarter
``sprint-2025`` scenario by default so the benchmark stays a few minutes
long (a 10 000-game ``stargate-2025`` run takes about 7 minutes on 2 cores).
Outputs go to ``benchmarks/out/`` (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out" / "tournament"


def command(out: Path, games: int, workers: int, scenario: str, backend: str = "local",
            agents: str = "random,random,random,random") -> list[str]:
    names = ",".join(dict.fromkeys(agents.split(",")))  # the tournament wants distinct agents
    who = ["--mirror", names] if "," not in names else ["--agents", names]
    return [sys.executable, "-m", "game", "tournament", *who, "--games", str(games), "--workers", str(workers),
            "--scenario", scenario, "--backend", backend, "--out", str(out), "--seed", "2025"]


def rss_kib(pid: int) -> int:
    """Resident memory of one process (KiB), 0 if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def descendants(pid: int) -> list[int]:
    """All processes below ``pid`` (the forkserver and its workers included)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def timed_run(out: Path, games: int, workers: int, scenario: str, sample: bool = False) -> dict:
    """Run one tournament from scratch; wall time, and memory samples if asked."""
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.Popen(command(out, games, workers, scenario), cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    samples: list[tuple[int, int, int]] = []  # (games done, driver KiB, driver + workers KiB)
    log = out / "games.jsonl"
    while proc.poll() is None:
        if sample:
            done = log.read_bytes().count(b"\n") if log.exists() else 0
            driver = rss_kib(proc.pid)
            total = driver + sum(rss_kib(p) for p in descendants(proc.pid))
            samples.append((done, driver, total))
        time.sleep(0.5 if sample else 0.05)
    wall = time.perf_counter() - start
    printed, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"tournament failed: {err.strip()}")
    played = re.search(r"played \d+ games in ([\d.]+)s", printed)
    return {"games": games, "workers": workers, "wall_s": wall, "games_per_s": games / wall, "samples": samples,
            "play_s": float(played.group(1)) if played else wall}


def _burn(n: int) -> float:
    start, x = time.perf_counter(), 0
    for i in range(n):
        x += i * i
    return time.perf_counter() - start


def machine_parallelism(n: int = 5_000_000) -> float:
    """Control: how much faster two CPU-bound processes finish two jobs than one process
    (about 2.0 on two idle cores; less while other programs use the CPU)."""
    import multiprocessing

    serial = _burn(n) * 2
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pool.map(_burn, [1000, 1000])  # start-up outside the timing
        start = time.perf_counter()
        pool.map(_burn, [n, n])
        parallel = time.perf_counter() - start
    return serial / parallel


def speed(games: int, scenario: str, repeat: int = 2) -> tuple[dict, dict]:
    """Fastest of ``repeat`` alternating runs per worker count (other programs only ever slow a run down)."""
    ones, twos = [], []
    for _ in range(repeat):
        ones.append(timed_run(OUT / "speed-1", games, 1, scenario))
        twos.append(timed_run(OUT / "speed-2", games, 2, scenario))
    one, two = min(ones, key=lambda r: r["play_s"]), min(twos, key=lambda r: r["play_s"])
    if repeat > 1:
        ratios = ", ".join(f"{a['play_s'] / b['play_s']:.2f}x" for a, b in zip(ones, twos))
        print(f"speed-up of each 1-worker/2-worker pair (playing): {ratios}")
    same = _without_timing(OUT / "speed-1") == _without_timing(OUT / "speed-2")
    print(f"speed ({games} games of {scenario}, random agents, best of {repeat}; playing only / whole command "
          "incl. start-up):")
    for run in (one, two):
        print(f"  {run['workers']} worker{'s' if run['workers'] > 1 else ' '}: {games / run['play_s']:6.1f} games/s "
              f"playing ({run['play_s']:.1f}s) / {run['games_per_s']:6.1f} games/s whole ({run['wall_s']:.1f}s)")
    print(f"  speed-up : {one['play_s'] / two['play_s']:.2f}x playing, {two['games_per_s'] / one['games_per_s']:.2f}x "
          f"whole command (goal >= 1.8x); games.jsonl identical apart from durations: {same}")
    print(f"  control  : two CPU-bound processes on this machine right now: {machine_parallelism():.2f}x")
    return one, two


def _without_timing(out: Path) -> list[dict]:
    rows = []
    with open(out / "games.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            row.pop("duration_s", None)
            rows.append(row)
    return rows


def big(games: int, workers: int, scenario: str) -> dict:
    run = timed_run(OUT / "big", games, workers, scenario, sample=True)
    samples = [s for s in run["samples"] if s[0] > 0]
    size = (OUT / "big" / "games.jsonl").stat().st_size
    print(f"big run ({games} games of {scenario}, {workers} workers): {run['wall_s']:.0f}s, "
          f"{run['games_per_s']:.1f} games/s, games.jsonl {size / 1e6:.1f} MB")
    if samples:
        peak_driver = max(s[1] for s in run["samples"])
        peak_total = max(s[2] for s in run["samples"])
        print(f"  peak resident memory: driver {peak_driver / 1024:.0f} MiB, driver + workers {peak_total / 1024:.0f} MiB")
        for frac in (0.1, 0.5, 0.9):
            s = min(samples, key=lambda x: abs(x[0] - frac * games))
            print(f"  at {s[0]:5d} games: driver {s[1] / 1024:.0f} MiB, driver + workers {s[2] / 1024:.0f} MiB")
    return run


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--games", type=int, default=1000, help="games per speed run (start-up is ~1.5 s of serial time)")
    ap.add_argument("--scenario", default="stargate-2025", help="scenario of the speed runs")
    ap.add_argument("--big-games", type=int, default=10_000)
    ap.add_argument("--big-scenario", default="sprint-2025")
    ap.add_argument("--big-workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=2, help="runs per worker count; the fastest counts")
    ap.add_argument("--skip-big", action="store_true")
    ap.add_argument("--skip-speed", action="store_true")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, load average {_load()}")
    if not args.skip_speed:
        speed(args.games, args.scenario, args.repeat)
    if not args.skip_big:
        big(args.big_games, args.big_workers, args.big_scenario)
    print(f"load average at the end: {_load()} (other busy processes make the speed-up look smaller)")


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


if __name__ == "__main__":
    main()
