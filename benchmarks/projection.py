"""How far the planner's model is off: its projection of every seat against where the seat really ends.

The planner judges a choice by rolling the game on six quarters with the default play (no new deals, the
standing capex, the structural moves) and adding the ``continuation`` of OpenAI's growth to the end
(``agents.lookahead``). More simulations sharpen the estimate of that model and cannot remove its bias, so
the bias is what a stronger search has to beat. This plays games (planner@easy in every seat by default),
and at the start of every quarter rolls the *real* state (true capabilities, the game's own chance) on with
the model, then sets each seat's projected points against its points at the game's end.

Prints, by quarter range and seat, the mean error (projected less final, growth points before par: over 0,
the model rates the seat too high) and its spread, and how often the seat the projection puts first (over
par) is the one that wins. ``--json FILE`` also writes the per-quarter mean errors, a 5-quarter running
mean, with the games and seeds.

Usage: python benchmarks/projection.py [--games 60] [--seed 1000] [--agents planner@easy,...] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from agents.lookahead import projected_scores, rollout, scores  # noqa: E402
from benchmarks.kept_rows import code_commit  # noqa: E402
from game.play import play_game  # noqa: E402
from game.rules import SEATS, load_scenario  # noqa: E402

HORIZON = 6  # the planner's (``agents.planner.LEVELS``)


class Projections:
    """A hook: at every quarter's start, each seat's projected points from the real state."""

    def __init__(self) -> None:
        self.rows: list[tuple[int, list[float]]] = []

    def on_quarter(self, model, label, state) -> None:  # noqa: ANN001 - the hook protocol's
        if state.is_over():
            return
        s = state.copy()
        s.seen_values = None  # a rollout publishes nothing (as a planner's imagined futures do)
        stop = min(s.scenario.quarters, s.quarter + HORIZON + 1)
        self.rows.append((state.quarter, list(projected_scores(rollout(s, stop)))))


def play(scenario: str, seed: int, agents: list[str]) -> dict:
    hook = Projections()
    game = play_game(scenario, seed, agents, hooks=[hook], record=False)
    return {"seed": seed, "final": list(scores(game.model.state)), "winner": int(game.outcome.winner),
            "rows": hook.rows}


def errors_by_quarter(games: list[dict], quarters: int) -> list[list[list[float]]]:
    """``[quarter][seat]``: every game's projected less final points."""
    out: list[list[list[float]]] = [[[] for _ in SEATS] for _ in range(quarters)]
    for g in games:
        for q, projected in g["rows"]:
            for k in SEATS:
                out[q][k].append(projected[k] - g["final"][k])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--games", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1000, help="first seed (away from the strength runs' 0-99)")
    ap.add_argument("--scenario", default="stargate-2025")
    ap.add_argument("--agents", default="planner@easy,planner@easy,planner@easy,planner@easy")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    agents = [a.strip() for a in args.agents.split(",")]
    try:
        scen = load_scenario(args.scenario)
        if len(agents) != 4:
            raise ValueError(f"--agents wants four agents, got {len(agents)}")
    except Exception as exc:  # bad input: one line
        print(f"projection: error: {exc}", file=sys.stderr)
        return 2
    console = Console()
    games = []
    for seed in range(args.seed, args.seed + args.games):
        games.append(play(args.scenario, seed, agents))
    errs = errors_by_quarter(games, scen.quarters)
    pars = [c.par for c in scen.companies]
    t = Table(title=f"Projection error, {args.games} games of {', '.join(agents)} (seeds {args.seed}-"
                    f"{args.seed + args.games - 1}): projected less final growth points, mean (sd)",
              title_justify="left")
    for col in ("quarters", *(s.label for s in SEATS), "projected leader wins"):
        t.add_column(col, justify="right")
    step = max(1, scen.quarters // 4)
    for lo in range(0, scen.quarters, step):
        cells = []
        for k in SEATS:
            xs = [x for q in range(lo, min(lo + step, scen.quarters)) for x in errs[q][k]]
            cells.append(f"{statistics.mean(xs):+.0f} ({statistics.pstdev(xs):.0f})" if xs else "-")
        picks = [(max(SEATS, key=lambda k: p[k] / pars[k]) == g["winner"]) for g in games
                 for q, p in g["rows"] if lo <= q < lo + step]
        t.add_row(f"{scen.label(lo)}-{scen.label(min(lo + step, scen.quarters) - 1)}", *cells,
                  f"{sum(picks) / len(picks):.0%}" if picks else "-")
    console.print(t)
    if args.json:
        mean = [[statistics.mean(errs[q][k]) for k in SEATS] if errs[q][0] else None for q in range(scen.quarters)]
        known = [q for q in range(scen.quarters) if mean[q] is not None]
        smooth = []
        for q in range(scen.quarters):
            near = [mean[j] for j in known if abs(j - q) <= 2] or [mean[min(known, key=lambda j: abs(j - q))]]
            smooth.append([round(sum(m[k] for m in near) / len(near), 1) for k in SEATS])
        args.json.write_text(json.dumps({"scenario": scen.name, "agents": agents, "games": args.games,
                                         "seeds": f"{args.seed}-{args.seed + args.games - 1}",
                                         "commit": code_commit(), "horizon": HORIZON,
                                         "mean_error_by_quarter": mean, "running_mean_5": smooth}, indent=1))
        console.print(f"written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
