"""Strength and seat balance of the built-in agents (``make strength``).

Three tables, the bars of DESIGN §5 and issue 4:

1. **pairings** - the strongest agent against each other built-in, one copy
   of it against three of the opponent, its seat rotated through all four
   seats on every seed: its win share's 95% Wilson interval should lie above
   ``--bar`` (30%, issue 15's bar for the strongest; 25% is the share of a
   seat that plays no better than the others);
2. **dealing pays** - ``negotiator`` against ``passive`` two by two in all six
   seatings: the negotiators' mean score per seat against the passive
   agents' in the same seat, and their win share (50% would be no edge);
3. **mirror** - the strongest agent in all four seats: each seat should win
   between 15% and 35% of the games. The table also prints the ``par``
   values that would balance the seats exactly on this sample (scores scale
   with 1 / par), for tuning the scenario.

A fourth table times each thinking agent's decisions (``--only timing``);
run it on an otherwise idle machine, since it measures wall-clock time. A
fifth, **scaling** (``--only scaling``, budgets ``2,8,32,144``), plays the
planner at each budget (``planner@N``: N simulations a decision) in one seat
against three of a fixed field (``--scaling-field``, default planner@easy) on
the same seeds, with win share, paired score difference and think time per
decision (median and p95): strength should rise with the budget.

Games run in worker processes (``--workers``, default: every core); every
game is fixed by its seed, so a rerun gives the same tables. Results go to
``--out`` (JSON, written atomically) as well as to the terminal (``--rows``: resume a stopped run).

    python benchmarks/strength.py                      # the full run (long)
    python benchmarks/strength.py --games 40 --mirror-games 80 --only mirror
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn  # noqa: E402
from rich.table import Table  # noqa: E402

from benchmarks.kept_rows import KeptRows  # noqa: E402
from benchmarks.workers import stopping_pool  # noqa: E402
from game.tournament.sequential import GSPRT, paired_interval  # noqa: E402

SEAT_NAMES = ("Microsoft", "OpenAI", "SoftBank", "Oracle")
DEFAULT_STRONGEST = "planner@easy"
DEFAULT_OPPONENTS = ("random", "passive", "persona", "negotiator")


@dataclass(frozen=True, slots=True)
class Game:
    """One game to play: which table it belongs to, its seed and its four agents."""

    table: str
    key: str
    seed: int
    specs: tuple[str, str, str, str]


def play(game: Game, scenario: str) -> dict:
    """Play one game headless (in a worker) and return what the tables need."""
    from game.play import play_game

    start = time.perf_counter()
    result = play_game(scenario, game.seed, list(game.specs))
    state = result.model.state
    raw = [c.value / max(c.value_start, 1e-9) for c in state.companies]
    deals = sum(1 for q in result.recorder.quarters for line in q["log"] if line.startswith("Signed:"))
    decisions = sum(len(q["decisions"]) for q in result.recorder.quarters)
    return {"table": game.table, "key": game.key, "seed": game.seed, "specs": list(game.specs),
            "scores": list(result.outcome.scores), "raw": raw, "winner": int(result.outcome.winner),
            "faults": len(result.model.faults), "deals": deals, "decisions": decisions,
            "seconds": time.perf_counter() - start}


def _play_star(args: tuple[Game, str]) -> dict:
    return timed(*args) if args[0].table == "timing" else play(*args)


def timed(game: Game, scenario: str) -> dict:
    """Play one game and time every decision of the seat under test (``game.key``)."""
    from agents import Agent, make_agent
    from game.play import setup_game

    class Stopwatch(Agent):
        def __init__(self, inner: Agent) -> None:
            super().__init__()
            self.inner, self.times = inner, []

        def reset(self, seat, rng) -> None:
            self.inner.reset(seat, rng)

        def act(self, obs):
            t = time.perf_counter()
            answer = self.inner.act(obs)
            self.times.append(time.perf_counter() - t)
            return answer

    seat = game.specs.index(game.key)
    policies = [make_agent(s) for s in game.specs]
    watch = Stopwatch(policies[seat])
    policies[seat] = watch
    start = time.perf_counter()
    played = setup_game(scenario, game.seed, list(game.specs), policies=policies, budget_s=1e9, record=False)
    result = played.play()
    return {"table": game.table, "key": game.key, "seed": game.seed, "specs": list(game.specs), "times": watch.times,
            "winner": int(result.winner), "scores": list(result.scores), "faults": len(played.model.faults),
            "seconds": time.perf_counter() - start}


def _dispatch(args: tuple[Game, str]) -> dict:
    """Timing and scaling games time the seat under test; the others just play."""
    game, scenario = args
    return timed(game, scenario) if game.table in ("timing", "scaling") else play(game, scenario)


def wilson(wins: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of a proportion."""
    if n == 0:
        return 0.0, 1.0
    p = wins / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


# ------------------------------------------------------------ schedules
def pairing_games(strongest: str, opponents: Iterable[str], games: int, seed: int) -> list[Game]:
    out = []
    for opp in opponents:
        for i in range(games):
            seat = i % 4
            specs = [opp] * 4
            specs[seat] = strongest
            out.append(Game("pairings", opp, seed + i // 4, tuple(specs)))  # type: ignore[arg-type]
    return out


SEATINGS_2V2 = ((0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3))


def dealing_games(games: int, seed: int) -> list[Game]:
    out = []
    for i in range(games):
        pair = SEATINGS_2V2[i % 6]
        specs = tuple("negotiator" if s in pair else "passive" for s in range(4))
        out.append(Game("dealing", "2v2", seed + 10_000 + i // 6, specs))  # type: ignore[arg-type]
    return out


def timing_games(agents: Iterable[str], seed: int) -> list[Game]:
    """Each agent once in every seat, against personas."""
    out = []
    for agent in agents:
        for seat in range(4):
            specs = ["persona"] * 4
            specs[seat] = agent
            out.append(Game("timing", agent, seed + 30_000 + seat, tuple(specs)))  # type: ignore[arg-type]
    return out


def scaling_games(budgets: list[str], field: str, games: int, seed: int) -> list[Game]:
    """planner@B in one seat (rotated) against three of ``field``, for each budget, on the same seeds: the
    pairings' own (so ``planner@144`` against ``planner@easy`` is the pairing of ``hard`` against ``easy``,
    game for game, and either run's rows serve the other)."""
    out = []
    for b in budgets:
        spec = f"planner@{b}"
        for g in pairing_games(spec, [field], games, seed):
            out.append(Game("scaling", spec, g.seed, g.specs))
    return out


def budget_order(spec: str) -> tuple[int, str]:
    """``planner@8`` before ``planner@16``; named levels after the numbers."""
    level = spec.split("@", 1)[-1]
    return (int(level), spec) if level.isdigit() else (10**9, spec)


def paired_text(paired: tuple[float, float, float] | None) -> str:
    """A paired mean difference with its interval: ``+12.8 [+8.0, +17.5]``."""
    return f"{paired[0]:+.1f} [{paired[1]:+.1f}, {paired[2]:+.1f}]" if paired else "-"


def scaling_table(rows: list[dict], field: str) -> tuple[Table, list[dict]]:
    """Win share (Wilson 95%) and think time per decision (median, p95) for each budget."""
    t = Table(title=f"Scaling: the planner at each budget (one seat, rotated) against three {field}",
              title_justify="left")
    for col in ("budget", "games", "win share", "95% CI", "paired diff [95% CI]", "against the budget before",
                "think p50", "think p95"):
        t.add_column(col, justify="right")
    out = []
    before: tuple[str, list[dict]] | None = None
    for key in sorted(dict.fromkeys(r["key"] for r in rows), key=budget_order):
        games = [r for r in rows if r["key"] == key]
        step = step_against(before[1], before[0], games, key) if before else None
        before = (key, games)
        wins = sum(1 for r in games if r["specs"][r["winner"]] == key)
        lo, hi = wilson(wins, len(games))
        times = sorted(x for r in games for x in r["times"])
        p50 = times[len(times) // 2] if times else 0.0
        p95 = times[int(len(times) * 0.95)] if times else 0.0
        paired = paired_interval(group_differences(key, games))
        t.add_row(key, str(len(games)), f"{wins / len(games):.1%}", f"{lo:.1%}-{hi:.1%}",
                  paired_text(paired), step_text(step),
                  f"{p50 * 1000:.0f} ms", f"{p95 * 1000:.0f} ms")
        out.append({"budget": key, "games": len(games), "wins": wins, "ci": [lo, hi], "think_p50_s": p50,
                    "think_p95_s": p95, "paired_diff": list(paired) if paired else None, "against_before": step})
    return t, out


def step_against(before: list[dict], key_before: str, games: list[dict], key: str) -> dict | None:
    """A budget against the one before it on the same games (the same seed, the planner in the same seat, the
    same field): its own score less the one before's, averaged per seed group, with a paired interval over the
    groups, and the games each won that the other lost with an exact sign test. Win shares a few points apart
    on 200 games each are within each other's intervals; played on the same games, the comparison is paired
    and tighter. None when no game is shared."""
    seat_of = lambda r, k: r["specs"].index(k) if list(r["specs"]).count(k) == 1 else None  # noqa: E731
    prev = {(r["seed"], seat_of(r, key_before)): r for r in before}
    by_seed: dict[int, list[float]] = {}
    only_here = only_before = 0
    for r in games:
        seat = seat_of(r, key)
        p = prev.get((r["seed"], seat)) if seat is not None else None
        if p is None:
            continue
        by_seed.setdefault(r["seed"], []).append(r["scores"][seat] - p["scores"][seat])
        won, won_before = r["winner"] == seat, p["winner"] == seat
        only_here += won and not won_before
        only_before += won_before and not won
    if not by_seed:
        return None
    paired = paired_interval([sum(d) / len(d) for d in by_seed.values()])
    return {"games": sum(len(d) for d in by_seed.values()), "paired_diff": list(paired) if paired else None,
            "only_here": only_here, "only_before": only_before, "sign_p": sign_test(only_here, only_before)}


def sign_test(a: int, b: int) -> float:
    """Two-sided exact sign test of ``a`` against ``b`` discordant outcomes (1.0 when there are none)."""
    n = a + b
    if n == 0:
        return 1.0
    tail = sum(math.comb(n, i) for i in range(min(a, b) + 1)) / 2 ** n
    return min(1.0, 2 * tail)


def step_text(step: dict | None) -> str:
    """``+9.0 [+2.7, +15.2], won 30 / 21 (p 0.26)``: the paired score difference, the games only this budget
    won against those only the one before won, and the sign test's p."""
    if step is None:
        return "-"
    diff = paired_text(tuple(step["paired_diff"])) if step["paired_diff"] else "-"
    return f"{diff}, won {step['only_here']} / {step['only_before']} (p {step['sign_p']:.2f})"


def mirror_games(strongest: str, games: int, seed: int) -> list[Game]:
    return [Game("mirror", strongest, seed + 20_000 + i, (strongest,) * 4) for i in range(games)]


# ------------------------------------------------------------ tables
def pairing_table(strongest: str, rows: list[dict], bar: float = 0.30) -> tuple[Table, list[dict]]:
    t = Table(title=f"1. {strongest} (one seat, rotated) against three of each built-in", title_justify="left")
    for col in ("opponent", "games", "wins", "win share", "95% CI", "its mean score", "opp. mean score",
                "paired diff [95% CI]", "bar"):
        t.add_column(col, justify="right" if col not in ("opponent", "bar") else "left")
    summary = []
    for opp in dict.fromkeys(r["key"] for r in rows):
        games = [r for r in rows if r["key"] == opp]
        wins = sum(1 for r in games if r["specs"][r["winner"]] == strongest)
        lo, hi = wilson(wins, len(games))
        mine = [r["scores"][s] for r in games for s in range(4) if r["specs"][s] == strongest]
        theirs = [r["scores"][s] for r in games for s in range(4) if r["specs"][s] != strongest]
        paired = paired_interval(group_differences(strongest, games))
        ok = lo > bar
        t.add_row(opp, str(len(games)), str(wins), f"{wins / len(games):.1%}", f"{lo:.1%}-{hi:.1%}",
                  f"{sum(mine) / len(mine):.0f}", f"{sum(theirs) / len(theirs):.0f}",
                  paired_text(paired),
                  f"[green]CI above {bar:.0%}[/]" if ok else f"[red]not above {bar:.0%}[/]")
        summary.append({"opponent": opp, "games": len(games), "wins": wins, "ci": [lo, hi], "ok": ok,
                        "paired_diff": list(paired) if paired else None})
    return t, summary


def group_differences(strongest: str, games: list[dict]) -> list[float]:
    """Per seed group: the agent's mean score less its opponents' mean score in the same games."""
    by_seed: dict[int, list[dict]] = {}
    for r in games:
        by_seed.setdefault(r["seed"], []).append(r)
    out = []
    for rs in by_seed.values():
        mine = [r["scores"][s] for r in rs for s in range(4) if r["specs"][s] == strongest]
        theirs = [r["scores"][s] for r in rs for s in range(4) if r["specs"][s] != strongest]
        out.append(sum(mine) / len(mine) - sum(theirs) / len(theirs))
    return out


def sequential_pairings(strongest: str, opponents: list[str], max_games: int, seed: int, scenario: str,
                        workers: int, test: "GSPRT", console: Console, kept: KeptRows | None = None) -> list[dict]:
    """Pairings played seed group by seed group (four games: the agent in each seat) under a GSPRT that
    stops each pairing as soon as it is decided; prints the log-likelihood ratio after every group. Games
    ``kept`` from an earlier run are read back instead of played."""
    kept = kept or KeptRows(None, scenario, "")
    rows: list[dict] = []
    for opp in opponents:
        sprt = GSPRT(test.p0, test.p1, test.alpha, test.beta)
        games = pairing_games(strongest, [opp], max_games, seed)
        group: list[dict] = []
        console.print(f"[bold]{strongest} vs 3x {opp}[/]: H1 win share {sprt.p1:.0%} against H0 {sprt.p0:.0%}, "
                      f"alpha {sprt.alpha}, beta {sprt.beta}; stops at LLR {sprt.lower:+.2f} or {sprt.upper:+.2f}")
        with stopping_pool(max(1, workers)) as pool:
            played = pool.imap(_play_star, [(g, scenario) for g in games if kept.get(g) is None], chunksize=1)
            for g in games:
                row = kept.get(g) or kept.add(next(played))  # in order: imap keeps the games' order
                rows.append(row)
                group.append(row)
                if len(group) < 4:
                    continue
                wins = sum(1 for r in group if r["specs"][r["winner"]] == strongest)
                sprt.add(wins / 4)
                group = []
                n = len(sprt.shares)
                console.print(f"  group {n:3d}: {wins}/4 wins, {sum(sprt.shares) / n:.1%} so far, "
                              f"LLR {sprt.llr:+.2f}  [{sprt.state}]", highlight=False)
                if sprt.state != "open":
                    break
        played = 4 * len(sprt.shares)
        console.print(f"  {opp}: {sprt.state} after {played} games (fixed count {max_games})")
    return rows


def dealing_table(rows: list[dict]) -> tuple[Table, dict]:
    t = Table(title="2. dealing pays: negotiator vs passive, two of each, all six seatings", title_justify="left")
    for col in ("seat", "negotiator mean score", "passive mean score", "ratio", "negotiator wins / games"):
        t.add_column(col, justify="right" if col != "seat" else "left")
    total_wins = sum(1 for r in rows if r["specs"][r["winner"]] == "negotiator")
    for s, name in enumerate(SEAT_NAMES):
        neg = [r["scores"][s] for r in rows if r["specs"][s] == "negotiator"]
        pas = [r["scores"][s] for r in rows if r["specs"][s] == "passive"]
        wins = sum(1 for r in rows if r["winner"] == s and r["specs"][s] == "negotiator")
        mn, mp = sum(neg) / max(len(neg), 1), sum(pas) / max(len(pas), 1)
        t.add_row(name, f"{mn:.0f}", f"{mp:.0f}", f"{mn / max(mp, 1e-9):.2f}x", f"{wins} / {len(neg)}")
    lo, hi = wilson(total_wins, len(rows))
    deals = sum(r["deals"] for r in rows) / max(len(rows), 1)
    t.caption = (f"negotiators win {total_wins}/{len(rows)} = {total_wins / max(len(rows), 1):.1%} "
                 f"(95% CI {lo:.1%}-{hi:.1%}; 50% = no edge), {deals:.1f} deals signed per game")
    return t, {"games": len(rows), "negotiator_wins": total_wins, "ci": [lo, hi], "deals_per_game": deals}


def timing_table(rows: list[dict]) -> tuple[Table, list[dict]]:
    t = Table(title="think time per decision (one seat each, against personas)", title_justify="left")
    for col in ("agent", "decisions", "mean", "p95", "max"):
        t.add_column(col, justify="right" if col != "agent" else "left")
    out = []
    for agent in dict.fromkeys(r["key"] for r in rows):
        times = sorted(x for r in rows if r["key"] == agent for x in r["times"])
        mean, p95, worst = sum(times) / len(times), times[int(0.95 * (len(times) - 1))], times[-1]
        t.add_row(agent, str(len(times)), f"{mean * 1000:.0f} ms", f"{p95 * 1000:.0f} ms", f"{worst * 1000:.0f} ms")
        out.append({"agent": agent, "decisions": len(times), "mean": mean, "p95": p95, "max": worst})
    return t, out


def balancing_par(rows: list[dict], pars: list[float], rounds: int = 3000, tau: float = 0.03) -> list[float]:
    """Par values that would give each seat a quarter of the wins on this sample.

    Scores scale with 1 / par. Hard win counts are flat almost everywhere, so
    this fits soft shares (a softmax of log scores at temperature ``tau``) by
    nudging each seat's log par towards its share's excess; pars are kept at
    a geometric mean of 1, and the result is rounded for the scenario file."""
    if not rows:
        return list(pars)
    logs = np.log(np.array([r["raw"] for r in rows]))
    lp = np.zeros(4)
    for _ in range(rounds):
        z = (logs - lp) / tau
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        lp += 0.3 * tau * (p.mean(axis=0) - 0.25) / 0.25
        lp -= lp.mean()
    return [round(float(x), 2) for x in np.exp(lp)]


def mirror_table(strongest: str, rows: list[dict], pars: list[float]) -> tuple[Table, dict]:
    t = Table(title=f"3. mirror: {strongest} in all four seats", title_justify="left")
    for col in ("seat", "wins", "win share", "95% CI", "mean score", "par now", "balancing par", "bar"):
        t.add_column(col, justify="right" if col not in ("seat", "bar") else "left")
    suggest = balancing_par(rows, pars)
    out = {"games": len(rows), "seats": []}
    for s, name in enumerate(SEAT_NAMES):
        wins = sum(1 for r in rows if r["winner"] == s)
        share = wins / max(len(rows), 1)
        lo, hi = wilson(wins, len(rows))
        mean = sum(r["scores"][s] for r in rows) / max(len(rows), 1)
        ok = 0.15 <= share <= 0.35
        t.add_row(name, str(wins), f"{share:.1%}", f"{lo:.1%}-{hi:.1%}", f"{mean:.0f}", f"{pars[s]:g}",
                  f"{suggest[s]:g}", "[green]within 15-35%[/]" if ok else "[red]outside 15-35%[/]")
        out["seats"].append({"seat": name, "wins": wins, "share": share, "ci": [lo, hi], "ok": ok})
    out["balancing_par"] = suggest
    return t, out


# ------------------------------------------------------------ driver
def run_games(games: list[Game], scenario: str, workers: int, console: Console,
              kept: KeptRows | None = None) -> list[dict]:
    """Every game's row: those ``kept`` from an earlier run read back, the others played (and kept)."""
    kept = kept or KeptRows(None, scenario, "")
    rows = [row for row in map(kept.get, games) if row is not None]
    games = [g for g in games if kept.get(g) is None]
    if rows:
        console.print(f"{len(rows)} games read back from {kept.path} (commit {kept.commit}), {len(games)} to play")
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(f"{len(games)} games", total=len(games))
        if workers <= 1:
            for g in games:
                rows.append(kept.add(_dispatch((g, scenario))))
                progress.advance(task)
        else:
            with stopping_pool(workers) as pool:
                jobs = [(g, scenario) for g in games]
                for row in pool.imap_unordered(_dispatch, jobs, chunksize=1):
                    rows.append(kept.add(row))
                    progress.advance(task)
    rows.sort(key=lambda r: (r["table"], r["key"], r["seed"], r["specs"]))
    return rows


def write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--strongest", default=DEFAULT_STRONGEST, help="the agent to test (default %(default)s)")
    p.add_argument("--opponents", default=",".join(DEFAULT_OPPONENTS), help="comma-separated built-ins")
    p.add_argument("--games", type=int, default=400,
                   help="games per pairing (>= 200 for the bar; 400 settles a close pairing)")
    p.add_argument("--dealing-games", type=int, default=240, help="games of negotiator vs passive")
    p.add_argument("--mirror-games", type=int, default=400, help="mirror games (>= 400 for the bar)")
    p.add_argument("--scenario", default="stargate-2025")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    p.add_argument("--timing", default="persona,negotiator,planner@easy,planner@normal,planner@hard",
                   help="agents whose think time per decision the timing table measures")
    p.add_argument("--budgets", default="2,8,32,144",
                   help="planner simulations a decision for the scaling table (planner@N)")
    p.add_argument("--bar", type=float, default=0.30,
                   help="the pairings' bar: each win share's 95%% lower bound should lie above it")
    p.add_argument("--scaling-field", default="planner@easy", help="the three opponents of the scaling table")
    p.add_argument("--scaling-games", type=int, default=200, help="games per budget in the scaling table")
    p.add_argument("--only", choices=("pairings", "dealing", "mirror", "timing", "scaling"), action="append",
                   help="run only these tables (repeatable)")
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "strength.json")
    p.add_argument("--rows", type=Path, default=None,
                   help="keep every game's row here as it ends (JSON lines), and read back the rows kept at this "
                        "commit instead of playing those games again: a long run stopped midway goes on from there")
    p.add_argument("--sprt", metavar="P0,P1", default=None,
                   help="play the pairings seed group by seed group under a sequential test of win share P1 "
                        "against P0 (e.g. 0.25,0.35), stopping each as soon as it is decided (--games caps it)")
    p.add_argument("--alpha", type=float, default=0.05, help="the sequential test's false-positive rate")
    p.add_argument("--beta", type=float, default=0.05, help="the sequential test's false-negative rate")
    args = p.parse_args(argv)
    console = Console(width=max(Console().width, 120))
    try:
        from agents import make_agent
        from game.rules import load_scenario
        scen = load_scenario(args.scenario)
        opponents = [o.strip() for o in args.opponents.split(",") if o.strip()]
        budgets = [b.strip() for b in args.budgets.split(",") if b.strip()]
        for spec in [args.strongest, *opponents, args.scaling_field, *(f"planner@{b}" for b in budgets)]:
            make_agent(spec)     # built, not just looked up: a bad level is one line here, not a worker's traceback
        sprt = None
        if args.sprt:
            try:
                p0, p1 = (float(x) for x in args.sprt.split(","))
            except ValueError:
                raise ValueError(f"--sprt wants P0,P1 such as 0.25,0.35, got {args.sprt!r}") from None
            sprt = GSPRT(p0, p1, args.alpha, args.beta)
        kept = KeptRows(args.rows, args.scenario)
    except Exception as exc:  # bad input: one line
        print(f"strength: error: {exc}", file=sys.stderr)
        return 2
    if not args.out.parent.is_dir():
        args.out.parent.mkdir(parents=True, exist_ok=True)
    tables = args.only or ["pairings", "dealing", "mirror", "timing", "scaling"]
    games: list[Game] = []
    if "pairings" in tables and sprt is None:
        games += pairing_games(args.strongest, opponents, args.games, args.seed)
    if "dealing" in tables:
        games += dealing_games(args.dealing_games, args.seed)
    if "mirror" in tables:
        games += mirror_games(args.strongest, args.mirror_games, args.seed)
    if "timing" in tables:
        games += timing_games([a.strip() for a in args.timing.split(",") if a.strip()], args.seed)
    if "scaling" in tables:
        games += scaling_games(budgets, args.scaling_field, args.scaling_games, args.seed)
    console.print(f"strength: {len(games)} games of {scen.name} on {args.workers} worker(s)"
                  + (", then the pairings under a sequential test" if sprt is not None and "pairings" in tables else ""))
    start = time.perf_counter()
    rows = run_games(games, args.scenario, args.workers, console, kept) if games else []
    if "pairings" in tables and sprt is not None:
        rows += sequential_pairings(args.strongest, opponents, args.games, args.seed, args.scenario, args.workers,
                                    sprt, console, kept)
    report: dict = {"scenario": scen.name, "strongest": args.strongest, "seed": args.seed,
                    "seconds": round(time.perf_counter() - start, 1), "games": rows}
    if "pairings" in tables:
        t, report["pairings"] = pairing_table(args.strongest, [r for r in rows if r["table"] == "pairings"],
                                              args.bar)
        console.print(t)
    if "dealing" in tables:
        t, report["dealing"] = dealing_table([r for r in rows if r["table"] == "dealing"])
        console.print(t)
    if "mirror" in tables:
        pars = [c.par for c in scen.companies]
        t, report["mirror"] = mirror_table(args.strongest, [r for r in rows if r["table"] == "mirror"], pars)
        console.print(t)
    if "timing" in tables:
        t, report["timing"] = timing_table([r for r in rows if r["table"] == "timing"])
        console.print(t)
    if "scaling" in tables:
        t, report["scaling"] = scaling_table([r for r in rows if r["table"] == "scaling"], args.scaling_field)
        console.print(t)
    played = len(rows)
    # every game counts in the summary line (rows kept before timed games recorded these lack them)
    faults = sum(r.get("faults", 0) for r in rows)
    walls = [r["seconds"] for r in rows if "seconds" in r]
    per_game = sum(walls) / len(walls) if walls else 0.0
    report["games"] = [r for r in rows if r["table"] not in ("timing", "scaling")]
    console.print(f"{played} games in {report['seconds']:.0f}s wall ({per_game:.1f}s per game per worker), "
                  f"{faults} agent faults")
    write_atomic(args.out, json.dumps(report, indent=1))
    console.print(f"results written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
