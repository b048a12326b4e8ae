"""Tournament plots (matplotlib, Agg backend, PNG): ratings with intervals,
win share by seat, score distributions per agent.

Plots are drawn from the summary plus one more streaming pass over
``games.jsonl`` for the histograms, so they too need no per-game memory.
Each file is saved through a temporary name and a rename.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

from .stats import SEAT_LABELS, score_histograms
from .store import GAMES, PLOTS, iter_records

COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf")


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")  # no screen needed; never opens a window
    import matplotlib.pyplot as plt

    return plt


def _save(fig: Any, path: Path) -> None:
    """Render to bytes, then write atomically (fsync'd, no temporary file left on any failure)."""
    import io

    from game.replay import fsync_dir

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(buf.getvalue())
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def plot_ratings(summary: dict[str, Any], path: Path) -> None:
    """Each agent's openskill mu with a mu +- 2 sigma bar and the ordinal (mu - 3 sigma) marked."""
    plt = _pyplot()
    rows = list(reversed(summary["standings"]))  # best at the top
    y = np.arange(len(rows))
    mu = np.array([r["rating"]["mu"] for r in rows])
    sigma = np.array([r["rating"]["sigma"] for r in rows])
    ordinal = np.array([r["rating"]["ordinal"] for r in rows])
    fig, ax = plt.subplots(figsize=(7.5, 1.2 + 0.6 * len(rows)))
    ax.errorbar(mu, y, xerr=2 * sigma, fmt="o", color=COLOURS[0], ecolor=COLOURS[0], capsize=5,
                label="mu ± 2 sigma (about 95%)")
    ax.scatter(ordinal, y, marker="x", color=COLOURS[1], zorder=3, label="ordinal = mu - 3 sigma")
    for yi, m in zip(y, mu):
        ax.annotate(f"{m:.1f}", (m, yi), textcoords="offset points", xytext=(0, 7), ha="center", fontsize=8)
    ax.set_yticks(y, [r["agent"] for r in rows])
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.set_xlabel("openskill Plackett-Luce rating")
    ax.set_title(f"Agent ratings with intervals ({summary['games']} games)")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    _save(fig, path)
    plt.close(fig)


def plot_seat_win_share(summary: dict[str, Any], path: Path) -> None:
    """Per seat, each agent's win share when it sat there, with Wilson 95% intervals; 25% = no seat advantage."""
    plt = _pyplot()
    rows = summary["standings"]
    x = np.arange(len(SEAT_LABELS))
    width = 0.8 / max(1, len(rows))
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for k, row in enumerate(rows):
        share = np.array([row["by_seat"][s]["win_share"] or 0.0 for s in SEAT_LABELS])
        lo = np.array([row["by_seat"][s]["win_ci"][0] for s in SEAT_LABELS])
        hi = np.array([row["by_seat"][s]["win_ci"][1] for s in SEAT_LABELS])
        pos = x - 0.4 + width * (k + 0.5)
        ax.bar(pos, 100 * share, width * 0.9, color=COLOURS[k % len(COLOURS)], label=row["agent"],
               yerr=[100 * (share - lo), 100 * (hi - share)], capsize=3, error_kw={"elinewidth": 1})
    ax.axhline(25, color="grey", linestyle="--", linewidth=1, label="25% (no seat advantage)")
    ax.set_xticks(x, SEAT_LABELS)
    ax.set_ylabel("win share when in this seat (%)")
    ax.set_ylim(0, 100)
    mirror = len(rows) == 1
    what = f"{rows[0]['agent']} in all four seats" if mirror else "per agent"
    ax.set_title(f"Win share by seat, {what} (95% Wilson intervals, {summary['games']} games)")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=min(5, len(rows) + 1), frameon=False)
    ax.grid(axis="y", alpha=0.3)
    _save(fig, path)
    plt.close(fig)


def plot_scores(summary: dict[str, Any], out: Path, path: Path) -> None:
    """Histogram (as density) of each agent's normalised scores, its mean dashed."""
    plt = _pyplot()
    rows = summary["standings"]
    los = [r["score_min"] for r in rows if r["score_min"] is not None]
    his = [r["score_max"] for r in rows if r["score_max"] is not None]
    lo, hi = (min(los), max(his)) if los else (0.0, 1.0)
    if hi - lo < 1e-9:
        lo, hi = lo - 1.0, hi + 1.0
    agents = [r["agent"] for r in rows]
    edges, counts = score_histograms(iter_records(out / GAMES), agents, lo, hi)
    fig, ax = plt.subplots(figsize=(8, 4.5))
    widths = np.diff(edges)
    for k, row in enumerate(rows):
        c = counts[row["agent"]]
        density = c / max(1, c.sum()) / widths
        colour = COLOURS[k % len(COLOURS)]
        ax.stairs(density, edges, color=colour, linewidth=1.6, fill=False,
                  label=f"{row['agent']} (mean {row['mean_score']:.1f}, n={int(c.sum())})")
        ax.axvline(row["mean_score"], color=colour, linestyle="--", linewidth=1)
    ax.axvline(100, color="grey", linestyle=":", linewidth=1, label="100 = par growth")
    ax.set_xlabel("normalised score (100 = par growth)")
    ax.set_ylabel("density")
    ax.set_title(f"Score distribution per agent ({summary['games']} games)")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    _save(fig, path)
    plt.close(fig)


def write_plots(out: Path, summary: dict[str, Any]) -> list[Path]:
    """All three plots into ``DIR/plots/``; returns their paths."""
    folder = out / PLOTS
    folder.mkdir(exist_ok=True)
    paths = [folder / "ratings.png", folder / "seat_win_share.png", folder / "scores.png"]
    if not summary["games"]:
        return []
    plot_ratings(summary, paths[0])
    plot_seat_win_share(summary, paths[1])
    plot_scores(summary, out, paths[2])
    return paths
