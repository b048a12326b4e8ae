"""Tournament statistics, computed by streaming ``games.jsonl`` once, in game order.

Nothing here grows with the number of games: every figure is a running sum,
an online rating, or a bootstrap kept as ``B`` running replicate sums.

- **Win share** of an agent = wins / seats it filled (an agent filling two
  seats of a game has two chances and can win with at most one), so every
  agent's baseline is 25% whatever the line-up. Interval: 95% Wilson score
  interval on those seat results (treated as independent trials).
- **Mean normalised score** (100 = par growth) with a 95% percentile
  bootstrap interval. The bootstrap resamples *seed groups* (every rotation
  of one seed together), so the interval respects the pairing of games, and
  is the streaming *Poisson bootstrap*: each seed group gets a Poisson(1)
  weight in each of ``B`` replicates, drawn from a numpy Generator seeded
  from the tournament seed (Hanley & MacGibbon 2006; Chamandy et al. 2012).
  The same figures come out for the same games, whatever ran them.
- **Rating**: openskill's Plackett-Luce model, updated game by game in index
  order from each game's ranking (four one-seat teams). An agent sitting in
  several seats of one game gets the mean of its seats' updates. ``ordinal``
  is openskill's conservative ``mu - 3 sigma``; plots show ``mu +- 2 sigma``.
- **Strength**: an order-free maximum-likelihood Plackett-Luce fit over every game's ranking, with the same
  clustered bootstrap (``ratings.PlackettLuceFit``): the same games give the same strengths in any order.
- **Seat balance**: each seat's win share (Wilson), and each agent's win share
  per seat. **Head-to-head**: share of seat pairs where A finished above B.
- **Joint value** created per game ($B), mean with the same bootstrap.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from game.rules import SEATS

from .ratings import PlackettLuceFit

Z95 = 1.959963984540054
REPLICATES = 2000
STATS_STREAM = 0x57A75  # entropy word that separates the bootstrap stream from the game seeds
SEAT_LABELS = tuple(seat.label for seat in SEATS)


def wilson(wins: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a binomial share (sensible even at 0 or n wins)."""
    if n <= 0:
        return (0.0, 1.0)
    p = wins / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def stats_rng(seed: int) -> np.random.Generator:
    """The bootstrap's own generator, derived from the tournament seed."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, STATS_STREAM])))


class PoissonBootstrap:
    """Streaming clustered bootstrap of ratio means (sum of values / count), one key per series."""

    def __init__(self, keys: list[str], rng: np.random.Generator, replicates: int = REPLICATES) -> None:
        self.rng, self.replicates = rng, replicates
        self.sums = {k: np.zeros(replicates) for k in keys}
        self.counts = {k: np.zeros(replicates) for k in keys}

    def add_group(self, sums: dict[str, float], counts: dict[str, float]) -> None:
        """One cluster (seed group): the same weights apply to every series it touches."""
        weights = self.rng.poisson(1.0, self.replicates).astype(float)
        for key, count in counts.items():
            if count:
                self.sums[key] += weights * sums[key]
                self.counts[key] += weights * count

    def interval(self, key: str, level: float = 0.95) -> tuple[float, float] | None:
        counts = self.counts[key]
        ok = counts > 0
        if ok.sum() < 2:
            return None
        means = self.sums[key][ok] / counts[ok]
        tail = 100 * (1 - level) / 2
        lo, hi = np.percentile(means, [tail, 100 - tail])
        return (float(lo), float(hi))


class Ratings:
    """openskill Plackett-Luce ratings, one per agent, updated game by game."""

    def __init__(self, agents: list[str]) -> None:
        from openskill.models import PlackettLuce

        self.model = PlackettLuce()
        self.current = {a: self.model.rating(name=a) for a in agents}

    def update(self, by_seat: list[str], ranking: list[str]) -> None:
        place = {label: i + 1 for i, label in enumerate(ranking)}
        teams = [[self.model.rating(mu=self.current[a].mu, sigma=self.current[a].sigma)] for a in by_seat]
        ranks = [place[label] for label in SEAT_LABELS]
        new = self.model.rate(teams, ranks=ranks)
        for agent in dict.fromkeys(by_seat):
            seats = [i for i, a in enumerate(by_seat) if a == agent]
            old = self.current[agent]
            mu = old.mu + sum(new[i][0].mu - old.mu for i in seats) / len(seats)
            sigma = sum(new[i][0].sigma for i in seats) / len(seats)
            self.current[agent] = self.model.rating(mu=mu, sigma=sigma, name=agent)

    def as_dict(self, agent: str) -> dict[str, float]:
        r = self.current[agent]
        return {"mu": r.mu, "sigma": r.sigma, "ordinal": r.ordinal()}


class Running:
    """Count, mean, variance (Welford), min and max of a stream."""

    __slots__ = ("n", "mean", "m2", "lo", "hi")

    def __init__(self) -> None:
        self.n, self.mean, self.m2, self.lo, self.hi = 0, 0.0, 0.0, math.inf, -math.inf

    def add(self, x: float) -> None:
        self.n += 1
        d = x - self.mean
        self.mean += d / self.n
        self.m2 += d * (x - self.mean)
        self.lo, self.hi = min(self.lo, x), max(self.hi, x)

    @property
    def sd(self) -> float:
        return math.sqrt(self.m2 / (self.n - 1)) if self.n > 1 else 0.0


JOINT = "\x00joint"  # bootstrap key for joint value (cannot clash with an agent name)


class SummaryBuilder:
    """Feed game records in index order with ``add``; ``finish`` returns the summary dict."""

    def __init__(self, agents: list[str], seed: int) -> None:
        self.agents = list(agents)
        self.games = 0
        self.in_games = {a: 0 for a in agents}
        self.seats = {a: {s: 0 for s in SEAT_LABELS} for a in agents}
        self.wins = {a: {s: 0 for s in SEAT_LABELS} for a in agents}
        self.seat_wins = {s: 0 for s in SEAT_LABELS}
        self.scores = {a: Running() for a in agents}
        self.faults = {a: 0 for a in agents}
        self.ahead = {a: {b: 0 for b in agents} for a in agents}
        self.meet = {a: {b: 0 for b in agents} for a in agents}
        self.joint = Running()
        self.ratings = Ratings(agents)
        self.boot = PoissonBootstrap([*agents, JOINT], stats_rng(seed))
        self.pl = PlackettLuceFit(agents, np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, STATS_STREAM, 1]))))
        self._group: int | None = None
        self._sums: dict[str, float] = {}
        self._counts: dict[str, float] = {}

    def add(self, rec: dict[str, Any]) -> None:
        if rec["seed_index"] != self._group:
            self._close_group()
            self._group = rec["seed_index"]
        self.games += 1
        by_seat = [rec["agents"][s] for s in SEAT_LABELS]
        place = {label: i for i, label in enumerate(rec["ranking"])}
        for agent in dict.fromkeys(by_seat):
            self.in_games[agent] += 1
        for seat, agent in zip(SEAT_LABELS, by_seat):
            value = float(rec["scores"][seat])
            self.seats[agent][seat] += 1
            self.wins[agent][seat] += rec["winner"] == seat
            self.scores[agent].add(value)
            self.faults[agent] += len(rec["faults"].get(seat, ()))
            self._sums[agent] = self._sums.get(agent, 0.0) + value
            self._counts[agent] = self._counts.get(agent, 0.0) + 1
        self.seat_wins[rec["winner"]] += 1
        for i, a in enumerate(by_seat):
            for j, b in enumerate(by_seat):
                if a != b:
                    self.meet[a][b] += 1
                    self.ahead[a][b] += place[SEAT_LABELS[i]] < place[SEAT_LABELS[j]]
        self.joint.add(float(rec["joint_value"]))
        self._sums[JOINT] = self._sums.get(JOINT, 0.0) + float(rec["joint_value"])
        self._counts[JOINT] = self._counts.get(JOINT, 0.0) + 1
        self.ratings.update(by_seat, rec["ranking"])
        self.pl.add([rec["agents"][label] for label in rec["ranking"]])

    def _close_group(self) -> None:
        self.pl.close_group()
        if self._counts:
            self.boot.add_group(self._sums, self._counts)
        self._sums, self._counts = {}, {}

    def finish(self) -> dict[str, Any]:
        """The summary (plain JSON data; a pure function of the records fed in)."""
        self._close_group()
        self.strengths = self.pl.result()
        rows = [self._agent_row(a) for a in self.agents]
        rows.sort(key=lambda r: (-r["rating"]["ordinal"], r["agent"]))
        seats = [{"seat": s, "games": self.games, "wins": self.seat_wins[s],
                  "win_share": _share(self.seat_wins[s], self.games),
                  "win_ci": list(wilson(self.seat_wins[s], self.games))} for s in SEAT_LABELS]
        h2h = {a: {b: {"ahead": self.ahead[a][b], "meetings": self.meet[a][b],
                       "share": _share(self.ahead[a][b], self.meet[a][b])}
                   for b in self.agents if b != a and self.meet[a][b]} for a in self.agents}
        joint = {"mean": self.joint.mean if self.joint.n else None, "sd": self.joint.sd,
                 "ci": _ci(self.boot.interval(JOINT))}
        return _rounded({"games": self.games, "standings": rows, "seats": seats, "head_to_head": h2h,
                         "joint_value": joint,
                         "method": {"win_ci": "Wilson 95%, per seat filled",
                                    "score_ci": f"Poisson bootstrap 95% over seed groups, {REPLICATES} replicates",
                                    "rating": "openskill PlackettLuce, games in index order; ordinal = mu - 3 sigma",
                                    "strength": "maximum-likelihood Plackett-Luce (order-free), log strength with "
                                                "mean 0; Poisson bootstrap 95% over seed groups"}})

    def _agent_row(self, a: str) -> dict[str, Any]:
        seats, wins = sum(self.seats[a].values()), sum(self.wins[a].values())
        sc = self.scores[a]
        return {
            "agent": a, "games": self.in_games[a], "seats": seats, "wins": wins,
            "win_share": _share(wins, seats), "win_ci": list(wilson(wins, seats)),
            "mean_score": sc.mean if sc.n else None, "score_ci": _ci(self.boot.interval(a)), "score_sd": sc.sd,
            "score_min": sc.lo if sc.n else None, "score_max": sc.hi if sc.n else None,
            "rating": self.ratings.as_dict(a), "strength": self.strengths[a], "faults": self.faults[a],
            "by_seat": {s: {"seats": self.seats[a][s], "wins": self.wins[a][s],
                            "win_share": _share(self.wins[a][s], self.seats[a][s]),
                            "win_ci": list(wilson(self.wins[a][s], self.seats[a][s]))} for s in SEAT_LABELS},
        }


def _share(k: int, n: int) -> float | None:
    return k / n if n else None


def _ci(pair: tuple[float, float] | None) -> list[float] | None:
    return list(pair) if pair is not None else None


def _rounded(value: Any, places: int = 6) -> Any:
    """Round floats so the summary text is stable and readable."""
    if isinstance(value, float):
        return round(value, places) + 0.0
    if isinstance(value, dict):
        return {k: _rounded(v, places) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v, places) for v in value]
    return value


def score_histograms(records: Any, agents: list[str], lo: float, hi: float, bins: int = 40
                     ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Second streaming pass: fixed-bin histograms of each agent's scores (flat memory for the plot)."""
    edges = np.linspace(lo, hi, bins + 1)
    counts = {a: np.zeros(bins, dtype=np.int64) for a in agents}
    for rec in records:
        for seat in SEAT_LABELS:
            agent = rec["agents"][seat]
            i = int(np.searchsorted(edges, float(rec["scores"][seat]), side="right")) - 1
            counts[agent][min(max(i, 0), bins - 1)] += 1
    return edges, counts
