"""Sequential testing and paired differences for strength runs (``benchmarks/strength.py --sprt``).

A pairing plays one agent against three copies of another, its seat rotated through all four seats on each
seed: those four games are a *seed group*, the paired unit (every seat, the same chance). Two tools on it:

- ``GSPRT``: the generalised sequential probability ratio test engine testers use (fishtest), in its normal
  approximation: with ``x`` a group's win share and ``s2`` the groups' sample variance, the log-likelihood
  ratio of "the win share is ``p1``" against "it is ``p0``" is ``(p1 - p0) / s2 * sum(x - (p0 + p1) / 2)``.
  The test stops at ``log((1 - beta) / alpha)`` (H1: stronger) or ``log(beta / (1 - alpha))`` (H0), so a
  clearly decided pairing stops early while a close one plays on, with error rates ``alpha`` and ``beta``;
  never before ``MIN_GROUPS`` groups, since a few groups' variance is no estimate.
- ``paired_interval``: mean and 95% t-interval of per-group differences (the agent's mean score less its
  opponents' in the same games), which uses the pairing a win share ignores.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228,
       12: 2.179, 15: 2.131, 20: 2.086, 25: 2.060, 30: 2.042, 40: 2.021, 60: 2.000, 120: 1.980}
MIN_GROUPS = 10          # no decision before this many groups: the variance of a few groups is no estimate


def t95(df: int) -> float:
    """Two-sided 95% Student t quantile (table, conservative between rows; 1.96 beyond)."""
    if df <= 0:
        return math.inf
    for k in sorted(T95):
        if df <= k:
            return T95[k]
    return 1.960


@dataclass
class GSPRT:
    """The test's state: feed it each seed group's win share with ``add``; ``state`` says where it stands."""

    p0: float = 0.25
    p1: float = 0.35
    alpha: float = 0.05
    beta: float = 0.05
    shares: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not 0.0 <= self.p0 < self.p1 <= 1.0:
            raise ValueError(f"need 0 <= p0 < p1 <= 1, got p0={self.p0}, p1={self.p1}")
        if not (0.0 < self.alpha < 0.5 and 0.0 < self.beta < 0.5):
            raise ValueError("alpha and beta must lie between 0 and 0.5")

    @property
    def upper(self) -> float:
        return math.log((1.0 - self.beta) / self.alpha)

    @property
    def lower(self) -> float:
        return math.log(self.beta / (1.0 - self.alpha))

    def add(self, share: float) -> None:
        self.shares.append(float(share))

    @property
    def llr(self) -> float:
        n = len(self.shares)
        if n < 2:
            return 0.0
        mean = sum(self.shares) / n
        mid = (self.p0 + self.p1) / 2.0
        # floor: a quarter of the variance four independent games would have at the midpoint, so a run of
        # identical groups cannot make the ratio explode
        floor = 0.25 * mid * (1.0 - mid) / 4.0
        var = max(floor, sum((x - mean) ** 2 for x in self.shares) / (n - 1))
        return (self.p1 - self.p0) / var * sum(x - (self.p0 + self.p1) / 2.0 for x in self.shares)

    @property
    def state(self) -> str:
        """``H1`` (the agent's win share is p1 or more), ``H0`` (p0 or less) or ``open``."""
        if len(self.shares) < MIN_GROUPS:
            return "open"
        llr = self.llr
        return "H1" if llr >= self.upper else "H0" if llr <= self.lower else "open"


def paired_interval(diffs: list[float]) -> tuple[float, float, float] | None:
    """Mean of per-group differences and its 95% t-interval; None with fewer than two groups."""
    n = len(diffs)
    if n < 2:
        return None
    mean = sum(diffs) / n
    sd = math.sqrt(sum((d - mean) ** 2 for d in diffs) / (n - 1))
    half = t95(n - 1) * sd / math.sqrt(n)
    return mean, mean - half, mean + half


__all__ = ["GSPRT", "paired_interval", "t95"]
