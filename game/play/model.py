"""The Mesa model: four company agents and a step engine (one step = one quarter).

``FrenemiesModel`` holds a rules-core ``GameState``; ``step()`` plays one
quarter by asking the seat to move for one choice at a time, through its
``CompanyAgent`` (a ``mesa.Agent`` wrapping a policy). The ``DataCollector``
gathers per-quarter metrics; hooks (replay writer, UI) watch every decision.
Faults stay local: a policy that raises, answers illegally or overruns its
time budget gets the default choice and the fault is recorded.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path
from typing import Callable

import mesa
import numpy as np

from agents.base import Agent, Decision, default_choice
from .hooks import GameHook, call
from game.rules import (SEATS, Choice, GameState, Observation, Outcome, Scenario, Seat, apply_unchecked, freeze,
                        joint_value, new_game, observe, outcome, score, to_move, why_illegal)

DEFAULT_BUDGET_S = 10.0
AGENT_STREAM = 1000


def agent_rng(seed: int, seat: Seat) -> np.random.Generator:
    """Each seat's own stream, spawned from the game seed: swapping one agent changes no other draw."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(AGENT_STREAM + int(seat),))))


class CompanyAgent(mesa.Agent):
    """One company at the table: a Mesa agent that asks its policy for choices."""

    def __init__(self, model: "FrenemiesModel", seat: Seat, policy: Agent, budget_s: float) -> None:
        super().__init__(model)
        self.seat, self.policy, self.budget_s = seat, policy, budget_s
        self.faults: list[str] = []
        policy.reset(seat, agent_rng(model.seed, seat))

    def decide(self, obs: Observation) -> tuple[Choice, str, str | None]:
        """The policy's answer, or the default choice and a fault description."""
        start = time.perf_counter()
        try:
            answer = self.policy.act(obs)
        except Exception as exc:  # faults stay local
            return self._fault(obs, f"raised {type(exc).__name__}: {exc}")
        elapsed = time.perf_counter() - start
        choice, why = (answer.choice, answer.rationale) if isinstance(answer, Decision) else (answer, "")
        if elapsed > self.budget_s:
            return self._fault(obs, f"over time budget ({elapsed:.2f}s > {self.budget_s:.2f}s)")
        try:  # a genuine, immutable copy built from checked fields (nothing the agent holds can change it)
            choice = freeze(choice)
        except Exception:  # noqa: BLE001 - whatever an agent hands back, the game goes on
            choice = None
        if choice is None:
            return self._fault(obs, f"returned something that is not a choice ({type(answer).__name__})")
        reason = why_illegal(self.model.state, choice)
        if reason is not None:
            return self._fault(obs, f"illegal choice {choice!s}: {reason}")
        return choice, str(why).replace("\n", " ")[:200], None

    def _fault(self, obs: Observation, what: str) -> tuple[Choice, str, str]:
        text = f"{obs.label} {self.seat.label}: {what}"
        self.faults.append(text)
        return default_choice(obs), "default after a fault", text

    # typed metrics for the DataCollector (the model's view, not the agent's)
    def metric(self, name: str) -> float:
        co = self.model.state.companies[self.seat]
        if name == "score":
            return round(score(self.model.state, self.seat), 4)
        return round(float(getattr(co, name)), 4)


class FrenemiesModel(mesa.Model):
    """A game of Frenemies run by Mesa: ``step()`` plays one quarter."""

    def __init__(self, scenario: Scenario, seed: int, policies: list[Agent], hooks: list[GameHook] | None = None,
                 budget_s: float = DEFAULT_BUDGET_S, state: GameState | None = None) -> None:
        super().__init__(rng=seed)
        self.scenario, self.seed = scenario, seed
        self.state = state if state is not None else new_game(scenario, seed)
        self.hooks = list(hooks or [])
        self.companies = [CompanyAgent(self, seat, policies[seat], budget_s) for seat in SEATS]
        metrics = ("cash", "debt", "compute_owned", "capability", "users", "reach", "revenue", "value", "score")
        self.datacollector = mesa.DataCollector(
            model_reporters={
                "quarter": lambda m: m.last_label,
                "contracts_in_force": lambda m: sum(1 for c in m.state.contracts if c.end > m.state.quarter),
                "joint_value": lambda m: round(joint_value(m.state), 4),
                **{f"trust_{a.code}_{b.code}": _trust_reporter(a, b) for a in SEATS for b in SEATS if a < b},
            },
            agent_reporters={"seat": lambda a: a.seat.label,
                             **{name: _metric_reporter(name) for name in metrics}},
        )
        self.last_label = self.state.label()
        self.running = not self.state.is_over()
        call(self.hooks, "on_start", self)

    @property
    def faults(self) -> list[str]:
        return [f for c in self.companies for f in c.faults]

    def step(self) -> None:
        """Play the current quarter to its end (all phases), then collect metrics."""
        s = self.state
        quarter, self.last_label = s.quarter, s.label()
        while not s.is_over() and s.quarter == quarter:
            seat = to_move(s)
            choice, why, fault = self.companies[seat].decide(observe(s, seat))
            apply_unchecked(s, choice)  # decide() checked it on this state (or it is the default)
            call(self.hooks, "on_decision", self, seat, choice, why, fault)
        self.datacollector.collect(self)
        call(self.hooks, "on_quarter", self, self.last_label, s)
        if s.is_over():
            self.running = False
            call(self.hooks, "on_end", self, outcome(s))
            self._release_agent_ids()

    def _release_agent_ids(self) -> None:
        """Let a finished model be garbage-collected. Mesa 3 numbers agents through a
        class-level ``defaultdict`` keyed by model (``mesa.Agent._ids``), which keeps
        every model a process ever built alive (~65 kB a game: 0.6 GB per 10,000 games
        in a tournament worker). No agent is created after the game ends."""
        ids = getattr(mesa.Agent, "_ids", None)
        if isinstance(ids, dict):
            ids.pop(self, None)

    def play(self) -> Outcome:
        """Play to the end and return the outcome."""
        while self.running:
            self.step()
        return outcome(self.state)

    def write_metrics(self, path: Path) -> None:
        """Per-quarter metrics, one row per company per quarter, as CSV."""
        agents = self.datacollector.get_agent_vars_dataframe().reset_index()
        model = self.datacollector.get_model_vars_dataframe()
        model.index = sorted(agents["Step"].unique())  # one model row per collected step
        model.index.name = "Step"
        table = agents.merge(model.reset_index(), on="Step")
        cols = ["quarter", "seat", "cash", "debt", "compute_owned", "capability", "users", "reach", "revenue",
                "value", "score", "contracts_in_force", "joint_value"] + [c for c in model.columns if c.startswith("trust_")]
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(cols)
            for row in table[cols].itertuples(index=False):
                writer.writerow(row)


def _metric_reporter(name: str) -> Callable[[CompanyAgent], float]:
    return lambda agent: agent.metric(name)


def _trust_reporter(a: Seat, b: Seat) -> Callable[[FrenemiesModel], float]:
    return lambda m: round(m.state.trust[a][b], 4)
