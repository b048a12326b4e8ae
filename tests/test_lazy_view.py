"""The model's observations make their view only when it is read (``observe(..., lazy=True)`` + ``seal``).

What must not change: an agent that reads the view, at once or long after, reads the state it was asked
about; the legal list is the one the made view gives; nothing that leaves the process carries the live
state; and an agent that never reads the view (``random``) never costs the copy.
"""

from __future__ import annotations

import copy
import pickle

import numpy as np

import game.rules.observation as observation
from agents.random_agent import RandomAgent
from game.play import play_game, setup_game
from game.rules import SEATS, apply, legal_choices, load_scenario, new_game, observe, redact, to_move


class Keeper(RandomAgent):
    """A built-in's class (so it is asked in the game's own thread, shown the engine's observation) that
    keeps every observation and reads each view only later, after the state has moved on."""

    def reset(self, seat, rng) -> None:
        super().reset(seat, rng)
        self.kept = []

    def act(self, obs):
        self.kept.append(obs)
        return super().act(obs)


def test_a_kept_observation_shows_the_state_it_was_asked_about():
    keeper = Keeper()
    game = setup_game("sprint-2025", 5, ["keeper", "random", "random", "random"], policies=[keeper, None, None, None])
    game.play()
    assert len(keeper.kept) > 20
    for obs in keeper.kept:  # read only now, at the end of the game
        v = obs.view
        assert v is not None and v.seed == 0
        assert (v.quarter, v.phase, v.scenario.label(min(v.quarter, v.scenario.quarters - 1))) == \
            (obs.quarter, obs.phase, obs.label)
        assert obs.legal == tuple(legal_choices(v, obs.seat, obs._free))
        assert "_source" not in obs.__dict__ or obs.__dict__["_source"] is None


def test_lazy_and_eager_observations_agree_all_game_long():
    scen = load_scenario("stargate-2025")
    for seed in range(2):
        s = new_game(scen, seed)
        rng = np.random.default_rng(seed)
        while not s.is_over():
            seat = to_move(s)
            eager, lazy = observe(s, seat), observe(s, seat, lazy=True)
            assert lazy.legal == eager.legal  # worked out without making the view
            assert lazy.__dict__["view"] is None
            assert lazy.view.digest() == eager.view.digest() == redact(s, seat).digest()
            legal = legal_choices(s)
            apply(s, legal[int(rng.integers(len(legal)))])


def test_what_leaves_the_process_never_holds_the_live_state():
    s = new_game(load_scenario("sprint-2025"), 3)
    obs = observe(s, to_move(s), lazy=True)
    for twin in (pickle.loads(pickle.dumps(obs)), copy.copy(obs)):
        assert "_source" not in twin.__dict__
        assert twin.view is not None and twin.view is not s and twin.view.seed == 0
    assert "_source" not in obs.__getstate__()


def test_an_agent_that_never_reads_the_view_never_pays_for_it(monkeypatch):
    made = []
    real = observation.redact
    monkeypatch.setattr(observation, "redact", lambda state, seat: made.append(seat) or real(state, seat))
    play_game("sprint-2025", 2, ["random"] * 4)
    assert made == []


def test_agents_in_threads_of_their_own_get_made_views():
    """A cut-off agent in a thread of its own may still be reading when the game moves on: it is shown a view
    made before it is asked, never one made from the live state later."""

    class Looker(RandomAgent):
        def reset(self, seat, rng) -> None:
            super().reset(seat, rng)
            self.lazy = 0

        def act(self, obs):
            self.lazy += obs.__dict__["view"] is None
            return super().act(obs)

    looker = Looker()
    game = setup_game("sprint-2025", 4, ["looker", "random", "random", "random"], policies=[looker, None, None, None],
                      isolation="thread")
    game.play()
    assert type(game.model.companies[0].runner).__name__ == "ThreadSeat" and looker.lazy == 0


def test_where_the_list_reads_nothing_hidden_the_state_gives_the_views_list():
    """``reads_hidden`` says where the legal list may be worked out from the state itself: there, for every
    seat at every decision (asked or not), the state's list is the list from the seat's redacted view; and
    elsewhere the state with OpenAI's capability given as the seat sees it gives the view's list too."""
    from game.rules import replace_scenario
    from game.rules.deals import every_free_funds
    from game.rules.observation import reads_hidden

    stormy = replace_scenario(load_scenario("sprint-2025"), event_chance=1.0)
    shortcuts = 0
    for scen, seed in ((load_scenario("stargate-2025"), 7), (stormy, 8)):
        s = new_game(scen, seed)
        rng = np.random.default_rng(seed)
        while not s.is_over():
            free = every_free_funds(s)
            for seat in SEATS:
                if not reads_hidden(s, seat):
                    shortcuts += 1
                    assert legal_choices(s, seat, free) == legal_choices(redact(s, seat), seat, free)
                else:  # the state, OpenAI's capability as the seat sees it: the one hidden figure the list reads
                    assert legal_choices(s, seat, free, s.signal) == legal_choices(redact(s, seat), seat, free)
            legal = legal_choices(s)
            apply(s, legal[int(rng.integers(len(legal)))])
    assert shortcuts > 1000
