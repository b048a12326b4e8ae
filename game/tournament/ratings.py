"""Order-free ratings: a maximum-likelihood Plackett-Luce fit over every game's ranking.

openskill's ratings (``stats.Ratings``) are updated game by game, so the same games in another order give
other numbers. Here each agent has a strength ``gamma``; a game's ranking is read as picking the winner
among the four seats with chance proportional to strength, then second among the three left, and so on
(Plackett-Luce; with two seats it is Bradley-Terry). The maximum-likelihood strengths depend only on which
agents were left at each stage and who came out of it, so the fit is the same in any game order.

Streaming and bounded: a stage is kept as a *pattern* (the multiset of agents left, the agent picked) with a
count; there are few patterns whatever the number of games. The interval is the tournament's clustered
Poisson bootstrap: every seed group gets a Poisson(1) weight in each replicate, the replicate's pattern counts
are refitted, and the 2.5 and 97.5 percentiles are reported. The fit is Hunter's (2004) MM algorithm with a
weak Gamma(1.5, 0.5) prior, so an agent that never won a stage still gets a finite strength.

Reported per agent: ``strength``, the log of gamma with the agents' mean log strength at 0, and
``vs_average``, the chance of finishing ahead of an average agent in a two-seat race, gamma / (gamma + 1).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

REPLICATES = 200
ITERATIONS = 300
PRIOR_SHAPE, PRIOR_RATE = 1.5, 0.5


class PlackettLuceFit:
    """Collects game rankings (``add``, ``close_group``) and fits strengths (``result``)."""

    def __init__(self, agents: Sequence[str], rng: np.random.Generator, replicates: int = REPLICATES) -> None:
        self.agents = list(agents)
        self.index = {a: i for i, a in enumerate(self.agents)}
        self.rng, self.replicates = rng, replicates
        self.keys: dict[tuple[tuple[int, ...], int], int] = {}
        self.point: list[float] = []
        self.boot: list[np.ndarray] = []
        self._group: dict[int, float] = {}

    def add(self, order: Sequence[str]) -> None:
        """One game: the agents of its seats from first to last."""
        idx = [self.index[a] for a in order]
        for stage in range(len(idx) - 1):
            key = (tuple(sorted(idx[stage:])), idx[stage])
            col = self.keys.get(key)
            if col is None:
                col = self.keys[key] = len(self.point)
                self.point.append(0.0)
                self.boot.append(np.zeros(self.replicates))
            self._group[col] = self._group.get(col, 0.0) + 1.0

    def close_group(self) -> None:
        """The games added since the last call form one seed group (one bootstrap cluster)."""
        if not self._group:
            return
        weights = self.rng.poisson(1.0, self.replicates).astype(float)
        for col, count in self._group.items():
            self.point[col] += count
            self.boot[col] += weights * count
        self._group = {}

    def _design(self) -> tuple[np.ndarray, np.ndarray]:
        """(P, K) instances of each agent left at each pattern, and (P, K) one-hot of the agent picked."""
        k = len(self.agents)
        left, picked = np.zeros((len(self.keys), k)), np.zeros((len(self.keys), k))
        for (remaining, chosen), col in self.keys.items():
            for i in remaining:
                left[col, i] += 1
            picked[col, chosen] = 1
        return left, picked

    def result(self) -> dict[str, dict[str, float | list[float] | None]]:
        """Per agent: ``strength`` (log gamma, mean 0), its bootstrap ``strength_ci`` and ``vs_average``."""
        self.close_group()
        if not self.keys:
            return {a: {"strength": None, "strength_ci": None, "vs_average": None} for a in self.agents}
        left, picked = self._design()
        point = fit(np.array(self.point)[None, :], left, picked)[0]
        boot = fit(np.stack(self.boot, axis=1), left, picked)
        lo, hi = np.percentile(boot, [2.5, 97.5], axis=0)
        return {a: {"strength": float(point[i]), "strength_ci": [float(lo[i]), float(hi[i])],
                    "vs_average": float(1.0 / (1.0 + np.exp(-point[i])))} for i, a in enumerate(self.agents)}


def fit(counts: np.ndarray, left: np.ndarray, picked: np.ndarray, iterations: int = ITERATIONS) -> np.ndarray:
    """Log strengths (R, K), mean 0 per row, for R sets of pattern ``counts`` (R, P) at once (MM updates)."""
    wins = counts @ picked                                       # (R, K) stages each agent came out of
    gamma = np.ones((counts.shape[0], left.shape[1]))
    present = (counts @ left) > 0                                # agents that played at all in a replicate
    for _ in range(iterations):
        total = gamma @ left.T                                   # (R, P) strength left at each pattern
        exposure = (counts / np.maximum(total, 1e-300)) @ left   # (R, K)
        new = (PRIOR_SHAPE - 1.0 + wins) / (PRIOR_RATE + exposure)
        new = np.where(present, new, 1.0)
        logs = np.log(np.maximum(new, 1e-300))
        shift = (logs * present).sum(axis=1, keepdims=True) / np.maximum(present.sum(axis=1, keepdims=True), 1)
        new = np.exp(logs - shift)
        if np.allclose(new, gamma, rtol=1e-9, atol=1e-12):
            gamma = new
            break
        gamma = new
    return np.log(gamma)


__all__ = ["PlackettLuceFit", "fit"]
