"""Fit a scenario's ``par`` (the per-seat score normalisation) by damped fixed-point rounds.

Par is the last resort of balance (docs/RULES.md): the rules and the agents come first. But par is also
part of what the agents play for (a planner weighs its own normalised score against the best rival's), so
changing it changes the play it was fitted on. A one-shot refit (``mechanics.py --refit``) therefore
overshoots; this tool repeats

1. play the mirror families (``benchmarks/mechanics.py``) under the current par,
2. fit the per-seat log offsets that would give every seat a quarter of the wins on those games,
   pooling the families with equal weight, so no one family's play decides it,
3. move log(par) a fraction ``--damping`` of the way to the fit and write it into the scenario file,

and prints every round's win shares, so the last round shows the shares under the par it leaves behind
(seeds ``--seed`` .. ``--seed + games - 1`` in every round: the rounds differ only in par).

Usage: python benchmarks/tune_par.py assets/scenarios/stargate-2025.toml --rounds 3 --games 40
"""

from __future__ import annotations

import argparse
import json
import math
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.mechanics import SEATS, balancing_offsets, shares_under  # noqa: E402
from game.rules import load_scenario  # noqa: E402

COMPANY_KEYS = ("microsoft", "openai", "softbank", "oracle")
PAR_LINE = re.compile(r"^(par\s*=\s*)([0-9.]+)(.*)$")


def read_par(path: Path) -> list[float]:
    scen = load_scenario(path)
    return [scen.companies[i].par for i in range(4)]


def write_par(path: Path, par: list[float], note: str) -> None:
    """Rewrite the ``par = ...`` line of each company table in place, keeping every other line."""
    lines, section = path.read_text(encoding="utf-8").splitlines(), None
    for n, line in enumerate(lines):
        head = re.match(r"^\[companies\.(\w+)\]", line)
        if head:
            section = head.group(1)
        elif line.startswith("["):
            section = None
        m = PAR_LINE.match(line)
        if m and section in COMPANY_KEYS:
            lines[n] = f"{m.group(1)}{par[COMPANY_KEYS.index(section)]:.3f}{' ' * 19}# {note}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def play_round(scenario: Path, families: list[str], games: int, seed: int, workers: int) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        rows = Path(tmp) / "rows.jsonl"
        cmd = [sys.executable, str(ROOT / "benchmarks" / "mechanics.py"), "--scenario", str(scenario),
               "--games", str(games), "--seed", str(seed), "--workers", str(workers), "--rows", str(rows)]
        for fam in families:
            cmd += ["--only", fam]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        return [json.loads(line) for line in rows.read_text().splitlines() if line.strip()]


def shares_now(rows: list[dict], par: list[float]) -> list[float]:
    return shares_under(rows, [-math.log(p) for p in par])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenario", type=Path, help="the scenario file to tune (rewritten in place)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--games", type=int, default=40, help="games per family per round")
    ap.add_argument("--family", action="append", default=None, help="families to pool (default: the mirrors)")
    ap.add_argument("--damping", type=float, default=0.5, help="fraction of the way to the fit per round")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    families = args.family or ["planner", "negotiator", "persona"]
    par = read_par(args.scenario)
    for r in range(args.rounds):
        rows = play_round(args.scenario, families, args.games, args.seed, args.workers)
        by_family = {f: [x for x in rows if x["family"] == f] for f in families}
        n = min(len(v) for v in by_family.values())
        pooled = [x for v in by_family.values() for x in v[:n]]   # equal weight per family
        fit = balancing_offsets(pooled)
        print(f"round {r + 1}: par " + " ".join(f"{p:.3f}" for p in par))
        for f, v in by_family.items():
            print(f"  {f:<10} " + " ".join(f"{s} {x:.0%}" for s, x in zip(SEATS, shares_now(v, par))))
        target = [math.exp(-o) for o in fit]
        par = [math.exp((1 - args.damping) * math.log(p) + args.damping * math.log(t)) for p, t in zip(par, target)]
        print("  fit " + " ".join(f"{t:.3f}" for t in target) + " -> next " + " ".join(f"{p:.3f}" for p in par),
              flush=True)
        write_par(args.scenario, par, f"score normalisation: tune_par.py round {r + 1} ({', '.join(families)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
