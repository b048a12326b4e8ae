"""A PettingZoo AEC environment over the rules core (for reinforcement learning).

Same engine, same decision interface: the agent to act is the seat the
engine is asking (``to_move``), actions are the fixed integer encoding of
choices (``game.rules.ACTION_SPACE``), and each observation is the seat's own
redacted view as a float vector plus the action mask::

    from game.env import env
    e = env(scenario="sprint-2025")
    e.reset(seed=7)
    for agent in e.agent_iter():
        obs, reward, terminated, truncated, info = e.last()
        mask = obs["action_mask"]
        action = None if terminated or truncated else int(mask.nonzero()[0][0])
        e.step(action)

Rewards come from the score (``game.rules.score``, 100 = value unchanged
after par): by default each seat gets ``(score - 100) / 100`` when the game
ends; ``reward="delta"`` pays the change in that quantity every quarter
instead (the sums are equal). No pygame here: ``render`` is text.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from gymnasium import spaces
from pettingzoo import AECEnv
from pettingzoo.utils import wrappers

from game.rules import (ACTION_SPACE, DEALS, SEATS, Agi, GameState, Phase, Seat, apply, decode, encode,
                        legal_choices, load_scenario, new_game, observe, score, to_move)

AGENT_NAMES = tuple(seat.label.lower() for seat in SEATS)
PHASES = tuple(Phase)
AGI_STATES = tuple(Agi)
OBS_LIMIT = 1000.0


def env(**kwargs: Any) -> AECEnv:
    """The wrapped environment, as PettingZoo's own environments provide it."""
    e: AECEnv = raw_env(**kwargs)
    e = wrappers.TerminateIllegalWrapper(e, illegal_reward=-1)
    e = wrappers.AssertOutOfBoundsWrapper(e)
    e = wrappers.OrderEnforcingWrapper(e)
    return e


def features(state: GameState, seat: Seat) -> np.ndarray:
    """The seat's observation as a float32 vector (built from its redacted view only)."""
    obs = observe(state, seat)
    v = obs.view
    out: list[float] = [1.0 if obs.phase is ph else 0.0 for ph in PHASES]
    out += [v.quarter / v.scenario.quarters, v.talk / max(v.scenario.talks, 1), v.slot / 4.0]
    out += [1.0 if s == seat else 0.0 for s in SEATS]
    for s in SEATS:
        co = v.companies[s]
        out += [co.cash / 100.0, co.debt / 100.0, co.compute_owned, sum(gw for _, gw in co.pipeline),
                co.capability / 100.0, co.users / 1000.0, co.reach / 1000.0, co.revenue / 10.0,
                co.capex_level / 3.0, co.training_share, co.price_level / 2.0, co.azure_to_openai,
                co.value / 1000.0, score(v, s) / 1000.0, v.stakes[s][Seat.OPENAI], v.venture_paid[s] / 100.0]
    out += [v.trust[a][b] for a in SEATS for b in SEATS]
    out += [float(v.converted), float(v.consent), float(v.deadline_passed), float(v.agi_clause),
            float(v.exclusivity), float(v.rofr), float(v.ip_access), float(v.stargate),
            (v.ip_horizon - v.quarter) / 24.0, v.revenue_share, v.sb_pledge / 30.0, v.venture_gw,
            v.frontier / 100.0, v.signal / 100.0, v.plan_b_signal / 100.0]
    out += [1.0 if v.agi is a else 0.0 for a in AGI_STATES]
    p = obs.pending
    out += [1.0 if p is not None and p.deal == d else 0.0 for d in DEALS]
    out += [1.0 if p is not None and p.proposer == s else 0.0 for s in SEATS]
    out += [1.0 if p is not None and p.counterparty == s else 0.0 for s in SEATS]
    out += [obs.offer_size / 3.0]
    out += [v.talk_count[seat][s] / 4.0 for s in SEATS]
    return np.clip(np.asarray(out, dtype=np.float32), -OBS_LIMIT, OBS_LIMIT)


OBS_SIZE = 6 + 3 + 4 + 16 * 4 + 16 + 15 + len(AGI_STATES) + len(DEALS) + 8 + 1 + 4


class raw_env(AECEnv):  # noqa: N801 - PettingZoo's naming convention
    """Frenemies as an AEC game: one seat acts at a time, as the engine asks."""

    metadata = {"render_modes": ["human", "ansi"], "name": "frenemies_v0", "is_parallelizable": False}

    def __init__(self, scenario: str = "stargate-2025", reward: str = "final", render_mode: str | None = None) -> None:
        super().__init__()
        if reward not in ("final", "delta"):
            raise ValueError(f"reward must be 'final' or 'delta', got {reward!r}")
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(f"render_mode must be one of {self.metadata['render_modes']}, got {render_mode!r}")
        self.scenario = load_scenario(scenario)
        self.reward_mode, self.render_mode = reward, render_mode
        self.possible_agents = list(AGENT_NAMES)
        self.agents = list(self.possible_agents)
        self.observation_spaces = {a: spaces.Dict({
            "observation": spaces.Box(-OBS_LIMIT, OBS_LIMIT, shape=(OBS_SIZE,), dtype=np.float32),
            "action_mask": spaces.Box(0, 1, shape=(ACTION_SPACE,), dtype=np.int8),
        }) for a in self.possible_agents}
        self.action_spaces = {a: spaces.Discrete(ACTION_SPACE) for a in self.possible_agents}
        self.state: GameState | None = None
        self._last_scores = [100.0] * 4

    def observation_space(self, agent: str) -> spaces.Space:
        return self.observation_spaces[agent]

    def action_space(self, agent: str) -> spaces.Space:
        return self.action_spaces[agent]

    # ------------------------------------------------------------ AEC API
    def reset(self, seed: int | None = None, options: dict | None = None) -> None:
        if seed is None:
            seed = int(np.random.SeedSequence().entropy % (2**31))
        self.state = new_game(self.scenario, int(seed))
        self.agents = list(self.possible_agents)
        self.rewards = {a: 0.0 for a in self.agents}
        self._cumulative_rewards = {a: 0.0 for a in self.agents}
        self.terminations = {a: False for a in self.agents}
        self.truncations = {a: False for a in self.agents}
        self.infos: dict[str, dict] = {a: {} for a in self.agents}
        self._last_scores = [100.0] * 4  # rewards count from 100, so both modes sum to (score - 100) / 100
        self.agent_selection = AGENT_NAMES[to_move(self.state)]

    def observe(self, agent: str) -> dict[str, np.ndarray]:
        seat = Seat(AGENT_NAMES.index(agent))
        mask = np.zeros(ACTION_SPACE, dtype=np.int8)
        if not self.state.is_over() and to_move(self.state) == seat:
            for c in legal_choices(self.state):
                mask[encode(c)] = 1
        return {"observation": features(self.state, seat), "action_mask": mask}

    def step(self, action: int | None) -> None:
        agent = self.agent_selection
        if self.terminations[agent] or self.truncations[agent]:
            self._was_dead_step(action)
            return
        self._cumulative_rewards[agent] = 0.0
        quarter = self.state.quarter
        apply(self.state, decode(int(action)))
        self.rewards = {a: 0.0 for a in self.agents}
        if self.state.is_over() or (self.reward_mode == "delta" and self.state.quarter != quarter):
            now = [score(self.state, s) for s in SEATS]
            if self.reward_mode == "delta":
                for s in SEATS:
                    self.rewards[AGENT_NAMES[s]] = (now[s] - self._last_scores[s]) / 100.0
                self._last_scores = now
            elif self.state.is_over():
                for s in SEATS:
                    self.rewards[AGENT_NAMES[s]] = (now[s] - 100.0) / 100.0
        if self.state.is_over():
            self.terminations = {a: True for a in self.agents}
        else:
            self.agent_selection = AGENT_NAMES[to_move(self.state)]
        self._accumulate_rewards()
        if self.render_mode == "human":
            self.render()

    def render(self) -> str | None:
        """The acting seat's observation as text (``ansi`` returns it, ``human`` prints it)."""
        if self.render_mode is None or self.state is None:
            return None
        seat = to_move(self.state)
        text = observe(self.state, seat if seat is not None else Seat.MICROSOFT).text()
        if self.render_mode == "human":
            print(text)
            return None
        return text

    def close(self) -> None:
        self.state = None
