"""Tournament output for people: summary.json, results.csv and rich tables.

The summary is computed from ``games.jsonl`` alone (never from timings), so
an interrupted-and-resumed run ends with exactly the summary of an
uninterrupted one.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from rich.table import Table

from .stats import SEAT_LABELS, SummaryBuilder
from .store import GAMES, PLOTS, REPLAYS, RESULTS, SUMMARY, Settings, iter_records, write_text

SUMMARY_FORMAT = "frenemies-tournament-summary"


def build_summary(out: Path, settings: Settings) -> dict[str, Any]:
    """Stream the games log once and return the summary document."""
    builder = SummaryBuilder(list(settings.agents), settings.seed)
    path = out / GAMES
    if path.exists():
        for record in iter_records(path):
            builder.add(record)
    body = builder.finish()
    return {"format": SUMMARY_FORMAT, "format_version": 1, "settings": settings.to_dict(),
            "complete": body["games"] >= settings.games, **body,
            "files": {"games": GAMES, "results": RESULTS, "plots": PLOTS, "replays": REPLAYS}}


def write_summary(out: Path, summary: dict[str, Any]) -> Path:
    path = out / SUMMARY
    write_text(path, json.dumps(summary, indent=1, ensure_ascii=False) + "\n")
    return path


CSV_COLUMNS = ["rank", "agent", "games", "seats", "wins", "win_share", "win_lo", "win_hi", "mean_score", "score_lo",
               "score_hi", "score_sd", "mu", "sigma", "ordinal", "faults"]


def write_results_csv(out: Path, summary: dict[str, Any]) -> Path:
    """One row per agent, standings order; per-seat win shares as extra columns."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS + [f"win_share_{s}" for s in SEAT_LABELS])
    for rank, row in enumerate(summary["standings"], 1):
        win_ci, score_ci = row["win_ci"], row["score_ci"] or [None, None]
        r = row["rating"]
        cells = [rank, row["agent"], row["games"], row["seats"], row["wins"], row["win_share"], *win_ci,
                 row["mean_score"], *score_ci, row["score_sd"], r["mu"], r["sigma"], r["ordinal"], row["faults"]]
        cells += [row["by_seat"][s]["win_share"] for s in SEAT_LABELS]
        writer.writerow(["" if c is None else c for c in cells])
    path = out / RESULTS
    write_text(path, buf.getvalue())
    return path


def _pct(share: float | None, ci: list[float] | None = None) -> str:
    if share is None:
        return "-"
    text = f"{100 * share:.1f}%"
    return text + (f" [{100 * ci[0]:.1f}, {100 * ci[1]:.1f}]" if ci else "")


def _num(x: float | None, ci: list[float] | None = None) -> str:
    if x is None:
        return "-"
    return f"{x:.1f}" + (f" [{ci[0]:.1f}, {ci[1]:.1f}]" if ci else "")


def _strength(st: dict[str, Any] | None) -> str:
    """Plackett-Luce log strength with its interval (older summaries have none)."""
    if not st or st.get("strength") is None:
        return "-"
    lo, hi = st["strength_ci"]
    return f"{st['strength']:+.2f} [{lo:+.2f}, {hi:+.2f}]"


def standings_table(summary: dict[str, Any]) -> Table:
    """The final standings: rating, win share and score, each with its interval."""
    s = summary["settings"]
    t = Table(title=f"Standings: {summary['games']} games of {s['scenario']}, seed {s['seed']}", title_justify="left")
    for col, just in (("#", "right"), ("agent", "left"), ("seats", "right"), ("win share [95% CI]", "right"),
                      ("mean score [95% CI]", "right"), ("strength [95% CI]", "right"),
                      ("rating mu ± sigma", "right"), ("ordinal", "right"), ("faults", "right")):
        t.add_column(col, justify=just)  # type: ignore[arg-type]
    for rank, row in enumerate(summary["standings"], 1):
        r = row["rating"]
        t.add_row(str(rank), row["agent"], str(row["seats"]), _pct(row["win_share"], row["win_ci"]),
                  _num(row["mean_score"], row["score_ci"]), _strength(row.get("strength")),
                  f"{r['mu']:.2f} ± {r['sigma']:.2f}",
                  f"{r['ordinal']:.2f}", str(row["faults"]))
    jv = summary["joint_value"]
    t.caption = (f"mean joint value created per game: {_num(jv['mean'], jv['ci'])} $B; strength: order-free "
                 "Plackett-Luce log strength (0 = the average agent here), rating: openskill in game order")
    return t


def seat_table(summary: dict[str, Any]) -> Table:
    """The balance table: win share by seat, overall and per agent (with Wilson intervals)."""
    agents = [row["agent"] for row in summary["standings"]]
    t = Table(title="Win share by seat", title_justify="left")
    t.add_column("seat")
    t.add_column("all games [95% CI]" if len(agents) > 1 else f"{agents[0]} [95% CI]", justify="right")
    if len(agents) > 1:
        for a in agents:
            t.add_column(a, justify="right")
    by_agent = {row["agent"]: row["by_seat"] for row in summary["standings"]}
    for seat in summary["seats"]:
        cells = [seat["seat"], _pct(seat["win_share"], seat["win_ci"])]
        if len(agents) > 1:
            cells += [_pct(by_agent[a][seat["seat"]]["win_share"], by_agent[a][seat["seat"]]["win_ci"]) for a in agents]
        t.add_row(*cells)
    return t


def head_to_head_table(summary: dict[str, Any]) -> Table:
    """Row agent finished above column agent in this share of their meetings."""
    agents = [row["agent"] for row in summary["standings"]]
    t = Table(title="Head to head: share of meetings where the row agent finished above the column agent",
              title_justify="left", min_width=84)  # keep the long title on one line
    t.add_column("")
    for a in agents:
        t.add_column(a, justify="right")
    for a in agents:
        cells = [a]
        for b in agents:
            cell = summary["head_to_head"].get(a, {}).get(b)
            cells.append("-" if cell is None else _pct(cell["share"]))
        t.add_row(*cells)
    return t
