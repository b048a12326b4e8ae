"""A PettingZoo AEC environment over the rules core (for reinforcement learning).

Same engine, same decision interface: the agent to act is the seat the
engine is asking (``to_move``), and each observation is the seat's own
redacted view as a float vector plus an action mask::

    from game.env import env
    e = env(scenario="sprint-2025")
    e.reset(seed=7)
    for agent in e.agent_iter():
        obs, reward, terminated, truncated, info = e.last()
        mask = obs["action_mask"]
        action = None if terminated or truncated else int(mask.nonzero()[0][0])
        e.step(action)

Packages are too many to number, so a learner **composes** one in small
steps under a fixed, finite action space (``ACTIONS``): pick a counterparty
(``to``), add terms from a fixed catalogue of term templates (``add``), move
the cash a step (``cash``), then ``send`` it (a proposal, or a counter to the
package on the table, which starts as the draft); ``accept`` / ``reject`` /
``match`` / ``waive`` / ``pass`` and ``act`` (a move and an optional capex
change) are single steps. A composition step leaves the same seat to act;
the mask allows a step only if the package it leads to is legal (the
engine's own predicate), and caps a decision at ``MAX_STEPS`` steps.

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

from game.rules import (KINDS, MOVES, SEATS, TERM_TEMPLATES, Accept, Act, Agi, Cash, Choice, Counter, GameState,
                        Match, Pass, Phase, Propose, Reject, Seat, Term, Waive, apply, canonical, exchanges_left, kind,
                        load_scenario, new_game, observe, score, slot, to_move, why_illegal, why_not_package,
                        with_cash)

AGENT_NAMES = tuple(seat.label.lower() for seat in SEATS)
PHASES = tuple(Phase)
AGI_STATES = tuple(Agi)
OBS_LIMIT = 1000.0
MAX_STEPS = 12
M, O = Seat.MICROSOFT, Seat.OPENAI


CASH_STEPS = (-10.0, -5.0, -1.0, 1.0, 5.0, 10.0)   # $B more for me (negative: I pay more)
CAPEX_OPTIONS = (None, 0, 1, 2, 3)

#: the fixed action space, as (verb, argument) pairs
ACTIONS: tuple[tuple[str, Any], ...] = (
    ("pass", None), ("accept", None), ("reject", None), ("match", None), ("waive", None), ("send", None),
    ("clear", None),
    *(("to", s) for s in SEATS),
    *(("add", k) for k in range(len(TERM_TEMPLATES))),
    *(("cash", d) for d in CASH_STEPS),
    *(("act", (m, c)) for m in MOVES for c in CAPEX_OPTIONS),
)
ACTION_SPACE = len(ACTIONS)


class Draft:
    """A package being composed: its counterparty, its terms, the cash ``me`` receives."""

    def __init__(self) -> None:
        self.to: Seat | None = None
        self.terms: list[Term] = []
        self.cash = 0.0
        self.steps = 0

    def reset(self, to: Seat | None = None, terms: tuple[Term, ...] = (), cash: float = 0.0) -> None:
        self.to, self.terms, self.cash = to, [t for t in terms if type(t) is not Cash], cash

    def package(self, me: Seat) -> tuple[Term, ...]:
        assert self.to is not None
        return with_cash(canonical(self.terms), self.to, me, self.cash)


def _cash_of(terms: tuple[Term, ...], me: Seat) -> float:
    for t in terms:
        if type(t) is Cash:
            return t.amount if t.taker == me else -t.amount
    return 0.0


def env(**kwargs: Any) -> AECEnv:
    """The wrapped environment, as PettingZoo's own environments provide it."""
    e: AECEnv = raw_env(**kwargs)
    e = wrappers.TerminateIllegalWrapper(e, illegal_reward=-1)
    e = wrappers.AssertOutOfBoundsWrapper(e)
    e = wrappers.OrderEnforcingWrapper(e)
    return e


def features(state: GameState, seat: Seat, draft: Draft | None = None) -> np.ndarray:
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
                co.capex_level / 3.0, co.training_share, co.azure_to_openai,
                co.value / 1000.0, score(v, s) / 1000.0, v.stakes[s][O], v.venture_paid[s] / 100.0]
    out += [v.trust[a][b] for a in SEATS for b in SEATS]
    out += [float(v.converted), v.consent, float(v.deadline_passed), float(v.agi_clause == "board"),
            float(v.agi_clause == "panel"), float(v.exclusivity), float(v.rofr), float(v.ip_access),
            float(v.stargate), (v.ip_horizon - v.quarter) / 24.0, v.revenue_share, v.sb_pledge / 30.0,
            v.venture_gw, v.frontier / 100.0, v.signal / 100.0, v.plan_b_signal / 100.0, v.outside]
    out += [1.0 if v.agi is a else 0.0 for a in AGI_STATES]
    p = obs.pending
    kinds = [kind(t) for t in p.terms] if p is not None else []
    out += [float(kinds.count(k)) for k in KINDS]
    out += [1.0 if p is not None and p.frm == s else 0.0 for s in SEATS]
    out += [_cash_of(p.terms, seat) / 100.0 if p is not None else 0.0, obs.exchanges_left / 4.0]
    out += [v.talk_count[seat][s] / 4.0 for s in SEATS]
    d = draft or Draft()
    dkinds = [kind(t) for t in d.terms]
    out += [1.0 if d.to == s else 0.0 for s in SEATS] + [float(dkinds.count(k)) for k in KINDS]
    out += [d.cash / 100.0, d.steps / MAX_STEPS]
    return np.clip(np.asarray(out, dtype=np.float32), -OBS_LIMIT, OBS_LIMIT)


OBS_SIZE = len(PHASES) + 3 + 4 + 15 * 4 + 16 + 17 + len(AGI_STATES) + len(KINDS) + 4 + 2 + 4 + 4 + len(KINDS) + 2


class raw_env(AECEnv):  # noqa: N801 - PettingZoo's naming convention
    """Frenemies as an AEC game: one seat acts at a time, as the engine asks."""

    metadata = {"render_modes": ["human", "ansi"], "name": "frenemies_v1", "is_parallelizable": False}

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
        self.draft = Draft()
        self._last_scores = [100.0] * 4

    def observation_space(self, agent: str) -> spaces.Space:
        return self.observation_spaces[agent]

    def action_space(self, agent: str) -> spaces.Space:
        return self.action_spaces[agent]

    # ------------------------------------------------------------ composing
    def _fresh_draft(self) -> None:
        s = self.state
        self.draft = Draft()
        if s is not None and s.phase is Phase.RESPOND:
            p = s.pending
            self.draft.reset(p.frm, p.terms, _cash_of(p.terms, p.to))

    def _after(self, code: int) -> Choice | Draft | None:
        """What action ``code`` leads to: a choice for the engine, the next draft, or None if not allowed."""
        s, me, d = self.state, to_move(self.state), self.draft
        verb, arg = ACTIONS[code]
        ph = s.phase
        if verb in ("pass", "accept", "reject", "match", "waive"):
            c = {"pass": Pass(), "accept": Accept(), "reject": Reject(), "match": Match(), "waive": Waive()}[verb]
            return c if why_illegal(s, c) is None else None
        if verb == "act":
            c = Act(*arg)
            return c if ph is Phase.ACT and why_illegal(s, c) is None else None
        if ph not in (Phase.PROPOSE, Phase.RESPOND):
            return None
        if ph is Phase.RESPOND and exchanges_left(s, me, s.pending.frm) <= 0:
            return None
        if verb == "send":
            if d.to is None or not d.terms:
                return None
            terms = d.package(me)
            c = Propose(d.to, terms) if ph is Phase.PROPOSE else Counter(terms)
            return c if why_illegal(s, c) is None else None
        if d.steps >= MAX_STEPS:
            return None
        new = Draft()
        new.to, new.terms, new.cash, new.steps = d.to, list(d.terms), d.cash, d.steps + 1
        if verb == "clear":
            if not d.terms:
                return None
            new.terms, new.cash = [], 0.0
            return new
        if verb == "to":
            if ph is not Phase.PROPOSE or arg == me or arg == d.to or exchanges_left(s, me, arg) <= 0:
                return None
            new.to, new.terms, new.cash = arg, [], 0.0
            return new
        if d.to is None:
            return None
        if verb == "add":
            term = TERM_TEMPLATES[arg][1](s, me, d.to)
            if term is None or slot(term) in {slot(t) for t in d.terms}:
                return None
            new.terms.append(term)
        else:  # cash
            if not d.terms:
                return None
            new.cash = d.cash + arg
        return new if why_not_package(s, me, new.to, new.package(me)) is None else None

    # ------------------------------------------------------------ AEC API
    def reset(self, seed: int | None = None, options: dict | None = None) -> None:
        if seed is None:
            seed = int(np.random.SeedSequence().entropy % (2**31))
        self.state = new_game(self.scenario, int(seed))
        self._fresh_draft()
        self.agents = list(self.possible_agents)
        self.rewards = {a: 0.0 for a in self.agents}
        self._cumulative_rewards = {a: 0.0 for a in self.agents}
        self.terminations = {a: False for a in self.agents}
        self.truncations = {a: False for a in self.agents}
        self.infos: dict[str, dict] = {a: {} for a in self.agents}
        self._last_scores = [100.0] * 4  # rewards count from 100, so both modes sum to (score - 100) / 100
        self.agent_selection = AGENT_NAMES[to_move(self.state)]

    def action_mask(self) -> np.ndarray:
        mask = np.zeros(ACTION_SPACE, dtype=np.int8)
        if self.state is not None and not self.state.is_over():
            for code in range(ACTION_SPACE):
                if self._after(code) is not None:
                    mask[code] = 1
        return mask

    def observe(self, agent: str) -> dict[str, np.ndarray]:
        seat = Seat(AGENT_NAMES.index(agent))
        mine = not self.state.is_over() and to_move(self.state) == seat
        mask = self.action_mask() if mine else np.zeros(ACTION_SPACE, dtype=np.int8)
        return {"observation": features(self.state, seat, self.draft if mine else None), "action_mask": mask}

    def step(self, action: int | None) -> None:
        agent = self.agent_selection
        if self.terminations[agent] or self.truncations[agent]:
            self._was_dead_step(action)
            return
        self._cumulative_rewards[agent] = 0.0
        self.rewards = {a: 0.0 for a in self.agents}
        result = self._after(int(action))
        if isinstance(result, Draft):
            self.draft = result
        else:
            quarter = self.state.quarter
            apply(self.state, result)  # an illegal code raises here: the wrapper masks and punishes it first
            self._fresh_draft()
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
        if self.draft.to is not None:
            text += f"\n  draft to {self.draft.to.label}: " + "; ".join(str(t) for t in self.draft.terms)
        if self.render_mode == "human":
            print(text)
            return None
        return text

    def close(self) -> None:
        self.state = None
