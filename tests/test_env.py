"""The PettingZoo AEC environment: PettingZoo's own API and seed tests, the
mask, the rewards, and no pygame."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

pytest.importorskip("pettingzoo")
from pettingzoo.test import api_test, seed_test  # noqa: E402

from game.env import ACTION_SPACE, AGENT_NAMES, env, features, raw_env  # noqa: E402
from game.rules import load_scenario, new_game, score  # noqa: E402

from conftest import ROOT  # noqa: E402


def test_pettingzoo_api_test():
    api_test(env(scenario="sprint-2025"), num_cycles=200)


def test_pettingzoo_seed_test():
    seed_test(lambda: env(scenario="sprint-2025"), num_cycles=200)


def play_masked(e, seed: int) -> dict[str, float]:
    """Play a whole game with random legal actions; return each agent's total reward."""
    rng = np.random.default_rng(seed)
    e.reset(seed=seed)
    totals = {a: 0.0 for a in e.possible_agents}
    for agent in e.agent_iter():
        obs, reward, term, trunc, _ = e.last()
        totals[agent] += reward
        if term or trunc:
            e.step(None)
            continue
        mask = obs["action_mask"]
        assert obs["observation"].dtype == np.float32 and mask.shape == (ACTION_SPACE,)
        assert mask.sum() >= 1
        e.step(int(rng.choice(np.flatnonzero(mask))))
    return totals


@pytest.mark.parametrize("mode", ["final", "delta"])
def test_rewards_come_from_the_score(mode):
    raw = raw_env(scenario="sprint-2025", reward=mode)
    e = env(scenario="sprint-2025", reward=mode)
    totals = play_masked(e, 5)
    # replay the same game on the raw env to read the final state
    rng = np.random.default_rng(5)
    raw.reset(seed=5)
    for agent in raw.agent_iter():
        obs, _, term, trunc, _ = raw.last()
        raw.step(None if term or trunc else int(rng.choice(np.flatnonzero(obs["action_mask"]))))
    assert raw.state.is_over()
    for i, name in enumerate(AGENT_NAMES):
        assert totals[name] == pytest.approx((score(raw.state, i) - 100.0) / 100.0, abs=1e-6)


def test_only_the_seat_to_move_has_a_mask_and_observations_hide_capability():
    e = raw_env(scenario="sprint-2025")
    e.reset(seed=9)
    to_move = e.agent_selection
    for agent in e.possible_agents:
        mask = e.observe(agent)["action_mask"]
        assert (mask.sum() > 0) == (agent == to_move)
    state = new_game(load_scenario("sprint-2025"), 9)
    other = state.copy()
    other.companies[1].capability += 17.0  # OpenAI's private figure changes...
    for seat in (0, 2, 3):                   # ...and no other seat's observation moves
        assert np.array_equal(features(state, seat), features(other, seat))
    assert not np.array_equal(features(state, 1), features(other, 1))


def test_illegal_action_ends_the_game_with_a_penalty():
    e = env(scenario="sprint-2025")
    e.reset(seed=1)
    agent = e.agent_selection
    mask = e.last()[0]["action_mask"]
    illegal = int(np.flatnonzero(mask == 0)[0])
    e.step(illegal)
    assert all(e.terminations.values())
    assert e.rewards[agent] == -1


def test_env_module_does_not_import_pygame():
    code = "import sys, game.env; print('pygame' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and out.stdout.strip() == "False"
