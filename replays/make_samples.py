"""Make the sample replays shipped in replays/ (``make samples``).

Each sample is a game chosen for what it shows; the script plays it with
fixed agents, trying seeds from 0 up until the game shows what the sample is
for (the first seed that does, so the same code always gives the same
files). Re-run it whenever the rules or the agents change: the tests verify
every sample, so a rules change that breaks them is caught there.

  sample-planner-selfplay.json  the strongest built-in AI in all four seats, the full 2025-2030 game
  sample-agi-dispute.json       OpenAI (a planner) declares AGI, Microsoft disputes it, arbitration decides
  sample-deadline-passes.json   the sprint: Microsoft sits on its veto (a passive Microsoft never consents), the
                                2025Q4 conversion deadline passes and SoftBank's round shrinks; strong agents
                                convert in time, since a late conversion costs OpenAI 8% more
  sample-fork-consent.json      "what if Microsoft had consented in 2025Q3?": a fork of the previous game at
                                2025Q3 where the Microsoft and OpenAI personas play on (consent for a stake,
                                then conversion before the deadline)

Usage: python replays/make_samples.py [--only NAME] [--out DIR]
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.play import play_game, run_fork  # noqa: E402
from game.replay import Timeline, dumps, file_sha256, load, parse_frame, scenario_of, verify, write_atomic  # noqa: E402

STRONGEST = "planner@hard"   # the strongest built-in agent when these were made (see 'frenemies agents')
STRONG = "planner@normal"    # the same search with a smaller budget, where a sample needs several games
MAX_SEEDS = 40


def marks(data: dict) -> set[str]:
    """Everything that happened in a replay, as the viewer's seek bar marks it."""
    return set().union(*Timeline(data).marks)


@dataclass(frozen=True)
class Sample:
    name: str
    scenario: str
    agents: tuple[str, ...]
    wanted: Callable[[dict], bool]
    why: str


SAMPLES = (
    Sample("sample-planner-selfplay", "stargate-2025", (STRONGEST,) * 4,
           lambda d: {"deal", "conversion"} <= marks(d), "strong AIs in self-play, deals and a conversion"),
    Sample("sample-agi-dispute", "stargate-2025", ("microsoft", STRONG, "persona", "persona"),
           lambda d: {"agi-declared", "agi-disputed"} <= marks(d), "AGI declared and disputed"),
    Sample("sample-deadline-passes", "sprint-2025", ("passive", STRONG, "persona", "persona"),
           lambda d: "deadline" in marks(d), "the conversion deadline passes"),
)

FORK = ("sample-fork-consent", "sample-deadline-passes", "2025Q3", ("microsoft", "openai", "persona", "persona"))


def make(sample: Sample, out: Path) -> Path:
    start = time.perf_counter()
    for seed in range(MAX_SEEDS):
        result = play_game(sample.scenario, seed, list(sample.agents))
        data = result.recorder.to_dict()
        if sample.wanted(data):
            path = out / f"{sample.name}.json"
            write_atomic(path, dumps(data))
            report(path, data, f"seed {seed}, {time.perf_counter() - start:.0f}s: {sample.why}")
            return path
        print(f"  {sample.name}: seed {seed} does not show {sample.why}; trying the next", flush=True)
    raise SystemExit(f"make_samples: no seed below {MAX_SEEDS} gives {sample.name} ({sample.why})")


def make_fork(out: Path) -> Path:
    name, parent_name, at, agents = FORK
    parent = out / f"{parent_name}.json"
    pdata = load(parent)
    frame = parse_frame(at, scenario_of(pdata))
    result = run_fork(pdata, frame, list(agents), parent.name, file_sha256(parent))
    path = out / f"{name}.json"
    write_atomic(path, result.text())
    report(path, result.data, f"fork of {parent.name} at {at}")
    return path


def report(path: Path, data: dict, what: str) -> None:
    ok = verify(data, str(path))
    res = data.get("result", {})
    print(f"{path.name}: {what}; winner {res.get('winner')}; marks {sorted(marks(data))}; {ok.message}",
          flush=True)
    if not ok.ok:
        raise SystemExit(f"make_samples: {path} does not verify: {ok.message}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", help="make one sample (a name without .json)")
    ap.add_argument("--out", type=Path, default=ROOT / "replays", help="output folder (default: replays/)")
    args = ap.parse_args()
    names = [s.name for s in SAMPLES] + [FORK[0]]
    if args.only and args.only not in names:
        raise SystemExit(f"make_samples: unknown sample {args.only!r} (known: {', '.join(names)})")
    for sample in SAMPLES:
        if args.only in (None, sample.name):
            make(sample, args.out)
    if args.only in (None, FORK[0]):
        make_fork(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
