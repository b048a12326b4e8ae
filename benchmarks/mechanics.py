"""A mechanics census (``make mechanics``): which rules strong agents use, and whether the seats balance.

It plays families of games on the default scenario and counts, per family:

- how often each deal term is proposed and signed (share of games with at least one signing holding it),
  and each move played (share of its company's quarters);
- how often each lever fires: the deadline passing unconverted, AGI declared / disputed / upheld /
  rejected, the ROFR matched / waived / released, promises broken, emergency money;
- the share of games with a signed package of two or more terms (not counting cash), and the most common
  combinations of terms signed (no one combination should dominate);
- the most common first-year consent (same quarter, same terms): an opening everyone plays is a solved one;
- seat win shares with 95% Wilson intervals, and the winning margin.

Families: ``planner`` (planner@easy in all four seats), ``negotiator`` and ``persona`` mirrors, ``mixed``
(planner@easy, negotiator, persona, negotiator rotated through the seats) and ``pairing`` (planner@easy in
one seat against three negotiators, rotated: every seat must be winnable). Every game is fixed by its seed;
games run in worker processes.

    python benchmarks/mechanics.py --games 400 --mixed-games 200 --json census.json
    python benchmarks/mechanics.py --games 40 --only negotiator --only persona     # a quick look
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from benchmarks.kept_rows import code_commit  # noqa: E402
from benchmarks.workers import stopping_pool  # noqa: E402

SEATS = ("Microsoft", "OpenAI", "SoftBank", "Oracle")
KINDS = ("consent", "compute", "stake", "ip", "agi", "revshare", "release", "delivery", "info", "loan", "venture",
         "cash")
MENUS = {"Microsoft": ("hold", "plan-b", "throttle-azure", "open-azure", "dispute-agi", "rush-build"),
         "OpenAI": ("hold", "request-conversion", "declare-agi", "delay-model", "shift-to-training",
                    "shift-to-serving", "go-multi-cloud"),
         "SoftBank": ("hold", "release-tranche", "back-stargate"),
         "Oracle": ("hold", "rush-build", "back-stargate")}
FAMILIES = {
    "planner": ("planner@easy",) * 4,
    "negotiator": ("negotiator",) * 4,
    "persona": ("persona",) * 4,
    "mixed": ("planner@easy", "negotiator", "persona", "negotiator"),
    "pairing": ("planner@easy", "negotiator", "negotiator", "negotiator"),
}


def seatings(lineup: tuple[str, ...], n: int, seed: int) -> list[tuple[int, tuple[str, ...]]]:
    """``n`` games. A mirror plays seeds ``seed .. seed + n - 1``; a mixed line-up plays seed ``seed + i // 4``
    in rotation ``i % 4``, so every seat sees every agent on each seed (paired games)."""
    if len(set(lineup)) == 1:
        return [(seed + i, tuple(lineup)) for i in range(n)]
    out = []
    for i in range(n):
        r = i % 4
        out.append((seed + i // 4, tuple(lineup[(s + r) % 4] for s in range(4))))
    return out


class Census:
    """A hook that records what a game's signings, moves and levers were."""

    def __init__(self) -> None:
        self.proposed: Counter[str] = Counter()
        self.signed: list[tuple[int, tuple[str, ...]]] = []    # (quarter, non-cash kinds)
        self.signed_text: list[tuple[int, str]] = []
        self.played: Counter[str] = Counter()
        self.table: Any = None
        self.rofr: Counter[str] = Counter()

    def on_decision(self, model: Any, seat: Any, choice: Any, rationale: str, fault: str | None) -> None:
        from game.rules import Accept, Act, Counter as CounterChoice, Match, Propose, Waive, kind

        state = model.state
        if isinstance(choice, (Propose, CounterChoice)):
            self.table = (state.quarter, choice.terms)
            for k in {kind(t) for t in choice.terms}:
                self.proposed[k] += 1
        elif isinstance(choice, Accept) and state.phase.value != "rofr" and self.table is not None:
            self._sign(*self.table)
        elif isinstance(choice, Match):
            self.rofr["matched"] += 1
            q, terms = self.table
            self._sign(q, tuple(t for t in terms if kind(t) == "compute"))
        elif isinstance(choice, Waive):
            self.rofr["waived"] += 1
            self._sign(*self.table)
        elif isinstance(choice, Act):
            self.played[f"{seat.label}:{choice.move}"] += 1

    def _sign(self, quarter: int, terms: tuple) -> None:
        from game.rules import kind

        self.signed.append((quarter, tuple(sorted(kind(t) for t in terms if kind(t) != "cash"))))
        self.signed_text.append((quarter, "; ".join(str(t) for t in terms)))
        self.table = None


def play(args: tuple[str, int, tuple[str, ...], str, str | None]) -> dict:
    """Play one game in a worker and summarise it."""
    family, seed, specs, scenario, replay_dir = args
    from game.play import play_game
    from game.rules import Agi, Seat

    census = Census()
    start = time.process_time()
    game = play_game(scenario, seed, list(specs), hooks=[census], record=replay_dir is not None)
    s = game.model.state
    if replay_dir is not None:
        name = f"{family}-seed{seed}-{'-'.join(x.replace('@', '_') for x in specs)}.json"
        (Path(replay_dir) / name).write_text(game.replay_text(), encoding="utf-8")
    log = s.log
    first_year = [(q, text) for q, text in census.signed_text if q < 4 and "consent " in text]
    consent = None
    if first_year:
        q, text = first_year[0]
        consent = f"{s.scenario.label(q)}: {text}"
    scores = list(game.outcome.scores)
    ranked = sorted(scores, reverse=True)
    return {
        "family": family, "seed": seed, "specs": list(specs), "scores": scores, "winner": int(game.outcome.winner),
        "margin": (ranked[0] - ranked[1]) / max(abs(ranked[1]), 1e-9),
        "growth": [math.log(max(c.value, 1e-9) / max(c.value_start, 1e-9)) for c in s.companies],
        "proposed": dict(census.proposed), "signed": [list(k) for _, k in census.signed],
        "played": dict(census.played), "consent": consent,
        "levers": {
            "deadline_unconverted": s.deadline_passed,
            "converted": s.converted,
            "agi_declared": any("declares AGI" in line for line in log),
            "agi_disputed": any("disputes the AGI" in line for line in log),
            "agi_panel_ruled": any(line.startswith("The expert panel") for line in log),
            "agi_upheld": s.agi is Agi.UPHELD,
            "agi_rejected": any("rejects OpenAI's AGI" in line for line in log),
            "rofr_matched": census.rofr["matched"], "rofr_waived": census.rofr["waived"],
            "rofr_released": not s.rofr,
            "ip_horizon_reached": any("IP rights to OpenAI's models expire" in line for line in log),
        },
        "broken": len(s.broken), "breaches": 0,
        "outside_rounds": sum(1 for x in s.shortfalls if " OpenAI " in f" {x} "),
        "emergency_loans": sum(1 for x in s.shortfalls if " OpenAI " not in f" {x} "),
        "seconds": time.process_time() - start, "quarters": s.scenario.quarters,
        "seat_of": {seat.label: specs[int(seat)] for seat in Seat},
    }


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def summarise(rows: list[dict]) -> dict:
    """One family's census."""
    n = len(rows)
    quarters = rows[0]["quarters"] if rows else 0
    signed_games = {k: sum(1 for r in rows if any(k in combo for combo in r["signed"])) for k in KINDS if k != "cash"}
    proposed = Counter()
    for r in rows:
        proposed.update(r["proposed"])
    played = Counter()
    for r in rows:
        played.update(r["played"])
    move_share = {key: played[key] / (n * quarters) for key in
                  (f"{company}:{m}" for company, menu in MENUS.items() for m in menu)}
    combos = Counter(tuple(c) for r in rows for c in r["signed"])
    total_signed = sum(combos.values())
    multi = sum(1 for r in rows if any(len(c) >= 2 for c in r["signed"]))
    consents = Counter(r["consent"] for r in rows if r["consent"])
    top_consent = consents.most_common(1)[0] if consents else ("none", 0)
    seat_wins = Counter(SEATS[r["winner"]] for r in rows)
    levers = {k: sum(float(r["levers"][k]) for r in rows) / n for k in rows[0]["levers"]} if rows else {}
    by_agent: Counter[str] = Counter()
    games_by_agent: Counter[str] = Counter()
    for r in rows:
        by_agent[r["specs"][r["winner"]]] += 1
        for spec in set(r["specs"]):
            games_by_agent[spec] += 1
    return {
        "games": n, "seat_wins": {s: seat_wins[s] for s in SEATS},
        "seat_win_ci": {s: wilson(seat_wins[s], n) for s in SEATS},
        "signed": signed_games, "signed_share": {k: v / n for k, v in signed_games.items()},
        "proposed": dict(proposed), "played": dict(played), "played_share": move_share,
        "multi_term_signed_share": multi / n if n else 0.0,
        "signings_per_game": total_signed / n if n else 0.0,
        "top_combos": [(list(c), k / max(total_signed, 1)) for c, k in combos.most_common(5)],
        "top_first_year_consent": [top_consent[0], top_consent[1] / n if n else 0.0],
        "levers": levers,
        "breaches_per_game": sum(r["broken"] + r["breaches"] for r in rows) / n if n else 0.0,
        "involuntary_breaches_per_game": sum(r["breaches"] for r in rows) / n if n else 0.0,
        "broken_promises_per_game": sum(r["broken"] for r in rows) / n if n else 0.0,
        "outside_rounds_per_game": sum(r["outside_rounds"] for r in rows) / n if n else 0.0,
        "emergency_loans_per_game": sum(r["emergency_loans"] for r in rows) / n if n else 0.0,
        "margin_median": sorted(r["margin"] for r in rows)[n // 2] if n else 0.0,
        "close_games_share": sum(1 for r in rows if r["margin"] < 0.05) / n if n else 0.0,
        "mean_log_growth": {s: sum(r["growth"][i] for r in rows) / n for i, s in enumerate(SEATS)} if n else {},
        "wins_by_agent": {a: [by_agent[a], games_by_agent[a]] for a in games_by_agent},
        "seconds_per_game": sum(r["seconds"] for r in rows) / n if n else 0.0,
    }


def pairing_seats(rows: list[dict], agent: str, offsets: list[float] | None = None) -> dict[str, list[int]]:
    """Per seat: [wins, games] of ``agent`` when it sat there (with ``offsets``: the wins under that par)."""
    out = {s: [0, 0] for s in SEATS}
    for r in rows:
        winner = r["winner"] if offsets is None else winner_under(r, offsets)
        for i, spec in enumerate(r["specs"]):
            if spec == agent:
                out[SEATS[i]][1] += 1
                out[SEATS[i]][0] += int(winner == i)
    return out


def show(console: Console, name: str, fam: dict, rows: list[dict]) -> None:
    n = fam["games"]
    t = Table(title=f"{name}: {n} games, {fam['signings_per_game']:.1f} signings a game, "
                    f"{fam['seconds_per_game']:.1f} s CPU a game", title_justify="left")
    for col in ("seat", "wins", "share", "95% CI", "mean log growth"):
        t.add_column(col, justify="left" if col == "seat" else "right")
    for s in SEATS:
        lo, hi = fam["seat_win_ci"][s]
        t.add_row(s, str(fam["seat_wins"][s]), f"{fam['seat_wins'][s] / max(n, 1):.1%}", f"{lo:.1%}-{hi:.1%}",
                  f"{fam['mean_log_growth'].get(s, 0):.2f}")
    console.print(t)
    t = Table(title="terms: share of games with a signing holding it (proposals)", title_justify="left")
    for k in fam["signed_share"]:
        t.add_column(k, justify="right")
    t.add_row(*(f"{fam['signed_share'][k]:.0%} ({fam['proposed'].get(k, 0)})" for k in fam["signed_share"]))
    console.print(t)
    t = Table(title="moves: share of the company's quarters", title_justify="left")
    t.add_column("company")
    t.add_column("moves")
    for company, menu in MENUS.items():
        t.add_row(company, "  ".join(f"{m} {fam['played_share'][f'{company}:{m}']:.1%}" for m in menu))
    console.print(t)
    lv = fam["levers"]
    console.print(f"  multi-term packages signed in {fam['multi_term_signed_share']:.0%} of games; top combinations: "
                  + ", ".join(f"{'+'.join(c) or 'cash'} {s:.0%}" for c, s in fam["top_combos"][:4]))
    console.print(f"  first-year consent most common: {fam['top_first_year_consent'][0]!r} in "
                  f"{fam['top_first_year_consent'][1]:.0%} of games")
    console.print("  levers: " + ", ".join(f"{k} {v:.2f}" for k, v in lv.items()))
    console.print(f"  breaches {fam['breaches_per_game']:.2f}/game (involuntary {fam['involuntary_breaches_per_game']:.2f}"
                  f", broken promises {fam['broken_promises_per_game']:.2f}); OpenAI's outside rounds "
                  f"{fam['outside_rounds_per_game']:.1f}/game, loans beyond a credit line "
                  f"{fam['emergency_loans_per_game']:.2f}/game; median winning margin {fam['margin_median']:.1%}, "
                  f"decided by <5% in {fam['close_games_share']:.0%}")
    if name == "pairing":
        seats = pairing_seats(rows, "planner@easy")
        console.print("  planner@easy by seat against three negotiators: " + ", ".join(
            f"{s} {w}/{g} ({w / max(g, 1):.0%}, CI {wilson(w, g)[0]:.0%}-{wilson(w, g)[1]:.0%})"
            for s, (w, g) in seats.items()))


def shares_under(rows: list[dict], offsets: list[float]) -> list[float]:
    """Seat win shares if each seat's log growth were shifted by ``offsets`` (a par of exp(-offset))."""
    wins = [0] * 4
    for r in rows:
        wins[winner_under(r, offsets)] += 1
    return [w / max(len(rows), 1) for w in wins]


def balancing_offsets(rows: list[dict], rounds: int = 400) -> list[float]:
    """Log offsets that bring every seat's win share to a quarter on ``rows`` (a stochastic-approximation
    fit; the par that would do it is exp(-offset), relative to the current one)."""
    off = [0.0] * 4
    for k in range(rounds):
        sh = shares_under(rows, off)
        step = 0.5 / (1 + k / 20)
        off = [o + step * (0.25 - x) for o, x in zip(off, sh)]
        mean = sum(off) / 4
        off = [o - mean for o in off]
    return off


BANDS = {"planner": (0.15, 0.35), "negotiator": (0.15, 0.35), "persona": (0.10, 0.40)}
PAIRING_FLOOR = 0.20


def band_gap(by_family: dict[str, list[dict]], offsets: list[float]) -> float:
    """How far the worst seat's 95% interval reaches outside its band under ``offsets`` (its mirror's band, or
    the pairing floor for planner@easy in each seat); on the intervals, since a result on the line is no pass.
    Negative: every interval is inside, by that much."""
    gap = -1.0
    for fam, rows in by_family.items():
        if fam == "pairing":
            for won, games in pairing_seats(rows, "planner@easy", offsets).values():
                gap = max(gap, PAIRING_FLOOR - wilson(won, max(games, 1))[0])
        elif fam in BANDS:
            lo, hi = BANDS[fam]
            for x in shares_under(rows, offsets):
                low, high = wilson(round(x * len(rows)), len(rows))
                gap = max(gap, lo - low, high - hi)
    return gap


def winner_under(row: dict, offsets: list[float]) -> int:
    """The game's winner had each seat's log growth been shifted by ``offsets``."""
    return first_of([g + o for g, o in zip(row["growth"], offsets)])


def first_of(values: list[float]) -> int:
    """The seat with the highest value; a tie goes to the lower seat, as the game's do."""
    return max(range(4), key=lambda i: (values[i], -i))


def band_offsets(by_family: dict[str, list[dict]], start: list[float], tries: int = 4000) -> list[float]:
    """Offsets that keep every seat's interval furthest inside its band (minimise ``band_gap``): a seeded random local
    search from ``start``, Microsoft's offset fixed at 0 (only differences matter)."""
    import numpy as np

    rng = np.random.default_rng(0)
    best = [o - start[0] for o in start]
    best_gap = band_gap(by_family, best)
    for k in range(tries):
        step = 0.06 if k < tries // 2 else 0.02
        cand = [0.0] + [o + float(rng.normal(0.0, step)) for o in best[1:]]
        gap = band_gap(by_family, cand)
        if gap <= best_gap:
            best, best_gap = cand, gap
    return best


def rescore(rows: list[dict], scenario: str) -> list[dict]:
    """Rows with their scores, winner and margin recomputed from log growth under the scenario's par now.
    Exact, because the same seed plays the same game under any par; so one census serves every par fit."""
    from game.rules import load_scenario

    pars = [c.par for c in load_scenario(scenario).companies]
    for r in rows:
        scores = [100.0 * math.exp(g) / p for g, p in zip(r["growth"], pars)]
        ranked = sorted(scores, reverse=True)
        r["scores"] = scores
        r["winner"] = first_of(scores)
        r["margin"] = (ranked[0] - ranked[1]) / max(abs(ranked[1]), 1e-9)
    return rows


def load_rows(paths: list[Path]) -> list[dict]:
    """Rows from saved files (``.jsonl`` or ``.jsonl.gz``), each game once (chunks that overlap would count a
    game twice)."""
    import gzip

    rows, seen = [], set()
    for path in paths:
        try:
            text = gzip.decompress(path.read_bytes()).decode("utf-8") if path.suffix == ".gz" else \
                path.read_text(encoding="utf-8")
            for line in text.splitlines():
                if line.strip():
                    r = json.loads(line)
                    key = (r["family"], r["seed"], tuple(r["specs"]))
                    if key not in seen:
                        seen.add(key)
                        rows.append(r)
        except OSError as exc:
            raise RowsError(f"{path}: {exc.strerror or exc}") from None
        except (ValueError, KeyError, TypeError) as exc:  # not JSON lines, not gzip, or not census rows
            raise RowsError(f"{path}: not census rows ({type(exc).__name__}: {exc})") from None
    return rows


class RowsError(ValueError):
    """A rows file that cannot be read (one line)."""


def refit(paths: list[Path], console: Console) -> None:
    """Print, from saved game rows (``--rows``), the par offsets that balance each family and all of them
    pooled, each family's win shares under the pooled fit, and the par that keeps every seat furthest inside
    the bands (mirrors, and planner@easy in each seat against negotiators)."""
    rows = load_rows(paths)
    fams = sorted({r["family"] for r in rows if r["family"] != "pairing"})
    mirror = [r for r in rows if r["family"] in fams and len(set(r["specs"])) == 1]
    pooled = balancing_offsets(mirror)
    t = Table(title="par offsets (log growth added per seat) that balance the seats", title_justify="left")
    for col in ("family", *SEATS, "win shares under the pooled offsets"):
        t.add_column(col, justify="right" if col != "family" else "left")
    for fam in fams:
        fr = [r for r in rows if r["family"] == fam]
        t.add_row(fam, *(f"{o:+.3f}" for o in balancing_offsets(fr)),
                  " ".join(f"{x:.0%}" for x in shares_under(fr, pooled)))
    t.add_row("pooled mirrors", *(f"{o:+.3f}" for o in pooled), " ".join(f"{x:.0%}" for x in shares_under(mirror, pooled)))
    console.print(t)
    console.print("pooled par (exp(-offset), relative; rows hold raw log growth, par not applied): "
                  + ", ".join(f"{s} {math.exp(-o):.3f}" for s, o in zip(SEATS, pooled)))
    by_family = {f: [r for r in rows if r["family"] == f] for f in (*BANDS, "pairing")}
    by_family = {f: rs for f, rs in by_family.items() if rs}
    band = band_offsets(by_family, pooled)
    gap = band_gap(by_family, band)
    where = f"{-gap:.1%} inside" if gap <= 0 else f"{gap:.1%} outside: no par passes, play more or change the game"
    console.print(f"band par (every seat's 95% interval furthest inside its band; the worst {where}): "
                  + ", ".join(f"{s} {math.exp(-o):.3f}" for s, o in zip(SEATS, band)))
    for fam, fr in by_family.items():
        if fam == "pairing":
            console.print("  pairing (planner@easy wins by seat): "
                          + ", ".join(f"{w}/{g}" for w, g in pairing_seats(fr, "planner@easy", band).values()))
        else:
            console.print(f"  {fam}: " + " ".join(f"{x:.0%}" for x in shares_under(fr, band)))


def run(args: argparse.Namespace, names: list[str], console: Console) -> list[dict]:
    """Play the census's games in worker processes; each row is appended to ``--rows`` as its game ends,
    so an interrupted run keeps what it played."""
    if args.save_replays:
        args.save_replays.mkdir(parents=True, exist_ok=True)
    jobs = []
    for name in names:
        n = args.mixed_games if name == "mixed" else args.games
        for seed, specs in seatings(FAMILIES[name], n, args.seed):
            jobs.append((name, seed, specs, args.scenario, str(args.save_replays) if args.save_replays else None))
    commit = code_commit()
    start = time.perf_counter()
    rows: list[dict] = []
    sink = args.rows.open("w", encoding="utf-8") if args.rows else None
    try:
        with stopping_pool(args.workers) as pool:
            for i, row in enumerate(pool.imap_unordered(play, jobs, chunksize=1)):
                row["commit"] = commit
                rows.append(row)
                if sink:
                    sink.write(json.dumps(row) + "\n")
                    sink.flush()
                if (i + 1) % 50 == 0:
                    console.print(f"  {i + 1}/{len(jobs)} games, {time.perf_counter() - start:.0f}s", style="dim")
    finally:
        if sink:
            sink.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--games", type=int, default=400, help="games per mirror family and for the pairing (default 400)")
    p.add_argument("--mixed-games", type=int, default=200, help="games of the mixed field (default 200)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--scenario", default="stargate-2025")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    p.add_argument("--only", action="append", choices=sorted(FAMILIES), help="run only these families")
    p.add_argument("--json", type=Path, help="write the census here as JSON")
    p.add_argument("--rows", type=Path, help="also write every game's summary here (JSON lines)")
    p.add_argument("--save-replays", type=Path, help="write every game's replay into this directory")
    p.add_argument("--refit", type=Path, nargs="+", metavar="ROWS", help="only print the par refit from saved rows and stop")
    p.add_argument("--from-rows", type=Path, nargs="+", metavar="ROWS",
                   help="play nothing: report (and --json) the census of saved rows, for instance chunks of one "
                        "census run with different --seed values")
    args = p.parse_args(argv)
    console = Console()
    try:
        return census(args, console)
    except RowsError as exc:
        print(f"mechanics: error: {exc}", file=sys.stderr)
        return 2


def census(args: argparse.Namespace, console: Console) -> int:
    """What ``main`` does once the arguments are read: refit, report saved rows, or play and report."""
    if args.refit:
        refit(args.refit, console)
        return 0
    start = time.perf_counter()
    if args.from_rows:
        rows = rescore(load_rows(args.from_rows), args.scenario)
        names = [f for f in FAMILIES if any(r["family"] == f for r in rows)]
        console.print(f"scored under {args.scenario}'s par as it is now: the agents' play does not depend on par "
                      "(tests/test_agents.py::test_par_decides_who_wins_and_not_how_anyone_plays)", style="dim")
    else:
        names = args.only or list(FAMILIES)
        rows = run(args, names, console)
    rows.sort(key=lambda r: (r["family"], r["seed"], r["specs"]))
    commits = sorted({r.get("commit", "unknown") for r in rows})
    out: dict[str, Any] = {"scenario": args.scenario, "seed": args.seed, "commits": commits, "families": {}}
    for name in names:
        fam_rows = [r for r in rows if r["family"] == name]
        fam = summarise(fam_rows)
        if name == "pairing":
            fam["pairing_by_seat"] = pairing_seats(fam_rows, "planner@easy")
        out["families"][name] = fam
        show(console, name, fam, fam_rows)
    out["seconds"] = time.perf_counter() - start
    console.print(f"{len(rows)} games in {out['seconds']:.0f}s wall; code at {', '.join(commits)}")
    if len(commits) > 1:
        console.print("  the rows come from more than one commit: not one census", style="bold red")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
