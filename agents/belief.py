"""A seat's belief about the two hidden figures of the game.

OpenAI's true capability and Microsoft's plan-B capability are private
(facts F4, F5). Everyone else sees a noisy public benchmark each quarter
(``view.signal`` / ``view.plan_b_signal``, noise ``economy.signal_noise``).
An agent keeps a Gaussian belief per hidden figure and runs a one-dimensional
Kalman filter over it: *predict* with the public drivers (training compute,
plan-B investment, events in the public log), then *update* with the new
signal. Microsoft also learns from the model OpenAI delivers to it, and an
info-sharing pact reveals the true figure outright.

Planners draw determinizations from ``sample``; the negotiator reads
``mean``. Nothing here ever reads a hidden figure: it only sees ``obs.view``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from game.rules import GameState, Observation, Seat
from game.rules import leased_in
from game.rules import openai_compute as core_openai_compute
from game.rules import training_gain as core_training_gain

M, O = Seat.MICROSOFT, Seat.OPENAI
PROCESS_VAR = 2.0        # unexplained drift per quarter (training-share shifts we do not see, rounding)
DELIVERY_VAR = 2.0       # Microsoft's read of the delivered model: close to the truth, one quarter stale
EVENT_SHIFTS = (("Senior researchers leave OpenAI", O, -3.0),
                ("OpenAI reports a research breakthrough", O, 5.0),
                ("Microsoft reports a research breakthrough", M, 5.0))


@dataclass(slots=True)
class Gaussian:
    """A normal belief over one number."""

    mean: float
    var: float

    def update(self, z: float, r: float) -> None:
        """Kalman update with measurement ``z`` of variance ``r``."""
        if r <= 0.0:
            self.mean, self.var = z, 0.0
            return
        gain = self.var / (self.var + r)
        self.mean += gain * (z - self.mean)
        self.var *= 1.0 - gain


def openai_compute(view: GameState) -> float:
    """GW serving OpenAI as far as the public ledger shows (own, Azure, leases, Stargate)."""
    return core_openai_compute(view, leased_in(view, O))


def training_gain(view: GameState, capability: float) -> float:
    """Capability OpenAI gains in one quarter of training (the rules' formula on public figures)."""
    return core_training_gain(view, openai_compute(view) * view.companies[O].training_share, capability)


class Belief:
    """What one seat believes about OpenAI's and Microsoft's hidden capability."""

    def __init__(self) -> None:
        self.seat: Seat | None = None
        self.oai = Gaussian(0.0, 0.0)
        self.msft = Gaussian(0.0, 0.0)
        self.quarter = -1
        self._log_mark = 0

    def reset(self, seat: Seat) -> None:
        self.seat, self.quarter, self._log_mark = seat, -1, 0

    # ------------------------------------------------------------ filtering
    def observe(self, obs: Observation) -> None:
        """Fold in what ``obs`` shows; the filter steps once per new quarter."""
        view = obs.view
        if self.seat is None:
            self.reset(obs.seat)
        if self.quarter < 0:
            start = view.scenario.companies
            self.oai = Gaussian(float(start[O].capability), 1.0)
            self.msft = Gaussian(float(start[M].capability), 1.0)
            self.quarter = 0
            self._events(view)
        while self.quarter < view.quarter:
            self._predict(view)
            self.quarter += 1
            self._measure(view)
            self._events(view)
        self._private(view)

    def _predict(self, view: GameState) -> None:
        self.oai.mean += training_gain(view, self.oai.mean)
        self.oai.var += PROCESS_VAR
        econ = view.scenario.economy
        own = max(0.0, view.companies[M].compute_owned - view.companies[M].azure_to_openai)
        self.msft.mean += 0.05 * math.log1p(own)
        self.msft.var += PROCESS_VAR / 4
        for line in view.log[self._log_mark:]:
            if line == "Microsoft invests in its plan-B models":
                self.msft.mean += econ.plan_b_rate * max(0.2, 1.0 - self.msft.mean / 200.0)

    def _measure(self, view: GameState) -> None:
        noise = view.scenario.economy.signal_noise ** 2
        self.oai.update(view.signal, noise)
        self.msft.update(view.plan_b_signal, noise)
        delayed = any(line.startswith("OpenAI") and " delays " in line for line in view.log[self._log_mark:])
        if self.seat == M and view.ip_access and view.companies[M].delivered > 0 and not delayed:
            # Microsoft runs the delivered model: last quarter's capability plus one quarter of training.
            delivered = view.companies[M].delivered
            self.oai.update(delivered + training_gain(view, delivered), DELIVERY_VAR)

    def _events(self, view: GameState) -> None:
        for line in view.log[self._log_mark:]:
            for text, seat, shift in EVENT_SHIFTS:
                if line.endswith(text):
                    (self.oai if seat == O else self.msft).mean += shift
        self._log_mark = len(view.log)

    def _private(self, view: GameState) -> None:
        """Own figures and figures shared under an info-sharing pact are known exactly."""
        if view.sees_private(self.seat, O):
            self.oai = Gaussian(view.companies[O].capability, 0.0)
        if view.sees_private(self.seat, M):
            self.msft = Gaussian(view.companies[M].capability, 0.0)

    # ------------------------------------------------------------ use
    def sample(self, rng: np.random.Generator) -> tuple[float, float]:
        """One draw of (OpenAI capability, Microsoft plan-B capability)."""
        z = rng.standard_normal(2)
        return (max(1.0, self.oai.mean + math.sqrt(self.oai.var) * float(z[0])),
                max(0.0, self.msft.mean + math.sqrt(self.msft.var) * float(z[1])))

    def agi_chance(self, threshold: float) -> float:
        """Probability that OpenAI's capability is at least ``threshold`` (for AGI arbitration)."""
        if self.oai.var <= 0:
            return 1.0 if self.oai.mean >= threshold else 0.0
        z = (threshold - self.oai.mean) / math.sqrt(self.oai.var)
        return 0.5 * math.erfc(z / math.sqrt(2.0))
