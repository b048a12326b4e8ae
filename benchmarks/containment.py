"""What containing agents costs (issue 13): the same games, side by side in one run, with each seat's agent

  * inline  - called in the game's thread, as before issue 13 (no budget enforced before the answer);
  * watched - called in the game's thread, cut off by the watchdog thread (the built-ins' default);
  * thread  - in a thread of its own (agent objects a caller hands in; isolation="thread");
  * process - in a process of its own, observations pickled over a pipe (the plug-ins' default);

reporting CPU time per game (the game's process plus every agent process it started, read from
/proc/PID/stat before the process is stopped), wall time per game and the cost per decision over inline.

Usage: python benchmarks/containment.py [--games N] [--scenario NAME] [--agents A]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agents import make_agent  # noqa: E402
from game.play import contain, setup_game  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
CHILD_CPU = [0.0]


def _cpu_of(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime
    except (OSError, IndexError, ValueError):
        return 0.0


_real_stop = contain.ProcessSeat._stop


def _counting_stop(self):  # read the agent process's CPU time before it is stopped
    if self.proc is not None and self.proc.pid:
        CHILD_CPU[0] += _cpu_of(self.proc.pid)
    return _real_stop(self)


contain.ProcessSeat._stop = _counting_stop


class Count:
    """A hook that counts decisions."""

    def __init__(self) -> None:
        self.n = 0

    def on_decision(self, *args: object) -> None:
        self.n += 1


def play(mode: str, scenario: str, agent: str, seed: int) -> int:
    """One game with ``agent`` in every seat, its agents run as ``mode`` says; returns its decisions."""
    count = Count()
    if mode == "inline":
        policies = []
        for _ in range(4):
            p = make_agent(agent)
            p.interactive = True  # run in the game's thread, as every agent did before issue 13
            policies.append(p)
        game = setup_game(scenario, seed, [agent] * 4, policies=policies, hooks=[count], record=False)
    else:
        isolation = "auto" if mode == "watched" else mode
        game = setup_game(scenario, seed, [agent] * 4, hooks=[count], record=False, isolation=isolation)
    game.play()
    return count.n


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--games", type=int, default=10)
    p.add_argument("--scenario", default="stargate-2025")
    p.add_argument("--agents", default="random,persona", help="agents to measure, each in all four seats")
    args = p.parse_args(argv)
    print(f"{'agent':10} {'mode':8} {'CPU ms/game':>12} {'wall ms/game':>13} {'decisions':>10} "
          f"{'CPU us/decision over inline':>28}")
    for agent in [a.strip() for a in args.agents.split(",") if a.strip()]:
        play("thread", args.scenario, agent, 10_000)  # warm up (imports, forkserver)
        play("process", args.scenario, agent, 10_000)
        base = None
        for mode in ("inline", "watched", "thread", "process"):
            CHILD_CPU[0] = 0.0
            cpu0, wall0, decisions = time.process_time(), time.perf_counter(), 0
            for seed in range(args.games):
                decisions += play(mode, args.scenario, agent, seed)
            cpu = (time.process_time() - cpu0 + CHILD_CPU[0]) / args.games * 1e3
            wall = (time.perf_counter() - wall0) / args.games * 1e3
            per = decisions / args.games
            base = cpu if base is None else base
            over = "-" if mode == "inline" else f"{(cpu - base) * 1e3 / per:.0f}"
            print(f"{agent:10} {mode:8} {cpu:12.1f} {wall:13.1f} {per:10.0f} {over:>28}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
