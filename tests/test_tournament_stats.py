"""Tournament building blocks: the seat-rotation schedule, seeds, Wilson
intervals, the streaming bootstrap, ratings and the games-log recovery."""

from __future__ import annotations

import json
from collections import Counter

import numpy as np
import pytest

from game.tournament.schedule import game_seed, game_spec, game_specs, rotations, seating
from game.tournament.stats import PoissonBootstrap, Ratings, SummaryBuilder, stats_rng, wilson
from game.tournament.store import GamesLog, Settings, iter_records


@pytest.mark.parametrize("agents", [["a"], ["a", "b"], ["a", "b", "c"], ["a", "b", "c", "d"], list("abcde")])
def test_each_agent_plays_each_seat_equally_often(agents):
    games = rotations(agents) * 3
    counts = Counter((seat, agent) for spec in game_specs(7, agents, 0, games) for seat, agent in enumerate(spec.agents))
    assert set(counts.values()) == {3}
    assert len(counts) == 4 * len(agents)


def test_two_agents_rotate_the_line_up():
    assert seating(["A", "B"], 0) == ("A", "B", "A", "B")
    assert seating(["A", "B"], 1) == ("B", "A", "B", "A")


def test_each_seed_is_played_under_every_rotation():
    specs = list(game_specs(3, ["a", "b", "c"], 0, 9))
    assert [s.seed_index for s in specs] == [0, 0, 0, 1, 1, 1, 2, 2, 2]
    assert len({s.seed for s in specs}) == 3
    assert all(specs[i].seed == specs[i - i % 3].seed for i in range(9))
    assert {s.agents for s in specs[:3]} == {seating(["a", "b", "c"], r) for r in range(3)}


def test_game_seed_is_the_spawned_child_of_the_master_seed():
    child = np.random.SeedSequence(42).spawn(6)[5]
    assert game_seed(42, 5) == int(child.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))
    assert 0 <= game_seed(42, 5) < 2**63
    assert game_spec(42, ["x", "y"], 11).seed == game_seed(42, 5)


def test_wilson_interval_matches_known_values():
    lo, hi = wilson(5, 10)
    assert lo == pytest.approx(0.2366, abs=1e-4) and hi == pytest.approx(0.7634, abs=1e-4)
    lo, hi = wilson(0, 10)
    assert lo == 0.0 and hi == pytest.approx(0.2775, abs=1e-4)
    assert wilson(0, 0) == (0.0, 1.0)


def test_poisson_bootstrap_is_seeded_and_brackets_the_mean():
    values = np.random.default_rng(1).normal(100, 10, 400)

    def run() -> tuple[float, float]:
        boot = PoissonBootstrap(["x"], stats_rng(9))
        for v in values:
            boot.add_group({"x": float(v)}, {"x": 1.0})
        return boot.interval("x")

    lo, hi = run()
    assert run() == (lo, hi)
    assert lo < values.mean() < hi
    se = values.std(ddof=1) / np.sqrt(len(values))
    assert hi - lo == pytest.approx(2 * 1.96 * se, rel=0.2)


def test_ratings_rise_for_the_agent_that_keeps_winning():
    r = Ratings(["good", "bad"])
    for _ in range(20):
        r.update(["good", "bad", "good", "bad"], ["Microsoft", "SoftBank", "OpenAI", "Oracle"])
    good, bad = r.as_dict("good"), r.as_dict("bad")
    assert good["mu"] > 25 > bad["mu"]
    assert good["sigma"] < 25 / 3
    assert good["ordinal"] == pytest.approx(good["mu"] - 3 * good["sigma"])


def _record(index: int, agents: list[str], scores: list[float], seed_index: int) -> dict:
    labels = ["Microsoft", "OpenAI", "SoftBank", "Oracle"]
    ranking = [labels[i] for i in sorted(range(4), key=lambda i: -scores[i])]
    return {"index": index, "seed_index": seed_index, "agents": dict(zip(labels, agents)),
            "scores": dict(zip(labels, scores)), "ranking": ranking, "winner": ranking[0], "joint_value": 10.0,
            "faults": {"OpenAI": ["x"]} if index == 0 else {}}


def test_summary_counts_wins_per_seat_filled_and_head_to_head():
    b = SummaryBuilder(["A", "B"], seed=0)
    b.add(_record(0, ["A", "B", "A", "B"], [4, 3, 2, 1], 0))  # A wins from Microsoft
    b.add(_record(1, ["B", "A", "B", "A"], [1, 2, 3, 4], 0))  # A wins from Oracle
    s = b.finish()
    a_row = next(r for r in s["standings"] if r["agent"] == "A")
    assert (a_row["seats"], a_row["wins"], a_row["games"]) == (4, 2, 2)
    assert a_row["win_share"] == 0.5
    assert a_row["by_seat"]["Microsoft"]["win_share"] == 1.0
    assert a_row["by_seat"]["OpenAI"]["win_share"] == 0.0
    # seat pairs (A above B): game 0: Microsoft above both B, SoftBank above Oracle only -> 3 of 4; game 1 the same
    assert s["head_to_head"]["A"]["B"] == {"ahead": 6, "meetings": 8, "share": 0.75}
    assert next(r for r in s["standings"] if r["agent"] == "B")["faults"] == 1
    assert s["seats"][0]["wins"] == 1 and s["seats"][3]["wins"] == 1
    assert s["joint_value"]["mean"] == 10.0


def test_games_log_cuts_a_torn_line_and_keeps_the_rest(tmp_path):
    settings = Settings(("random", "passive"), 4, 5, "sprint-2025", "digest", 10.0)
    from game.rules import load_scenario
    from game.tournament.store import seal
    from game.tournament.worker import Job, play_one

    job = Job(load_scenario("sprint-2025").text, "sprint-2025", 10.0, False)
    lines = [json.dumps(seal(play_one(job, game_spec(5, ["random", "passive"], i)).record)) for i in range(2)]
    path = tmp_path / "games.jsonl"
    path.write_text("\n".join(lines) + '\n{"index": 2, "se', encoding="utf-8")
    log = GamesLog(tmp_path)
    assert log.recover(settings) == 2
    assert log.torn_bytes == len('{"index": 2, "se')
    assert path.read_text(encoding="utf-8") == "\n".join(lines) + "\n"
    assert [r["index"] for r in iter_records(path)] == [0, 1]


def test_plackett_luce_strengths_are_order_free_and_recover_known_strengths():
    """The maximum-likelihood Plackett-Luce fit: simulated rankings from known strengths come back, the same
    games in another order give the same strengths (openskill's would not), and a two-seat race is
    Bradley-Terry (A ahead 3 times in 4 means a log strength gap of log 3)."""
    import math

    import numpy as np

    from game.tournament.ratings import PlackettLuceFit

    truth = {"a": 1.0, "b": 0.0, "c": -1.0}
    rng = np.random.default_rng(4)
    games = []
    for g in range(3000):
        seats = [["a", "b", "b", "c"], ["c", "c", "a", "b"], ["a", "b", "c", "c"]][g % 3]
        left, order = list(seats), []
        while left:
            w = np.array([math.exp(truth[x]) for x in left])
            pick = int(rng.choice(len(left), p=w / w.sum()))
            order.append(left.pop(pick))
        games.append(order)

    def strengths(seq):
        fit = PlackettLuceFit(list(truth), np.random.default_rng(0), replicates=50)
        for i, order in enumerate(seq):
            fit.add(order)
            if i % 3 == 2:
                fit.close_group()
        return fit.result()

    res = strengths(games)
    centred = {k: v - sum(truth.values()) / 3 for k, v in truth.items()}
    for agent, value in centred.items():
        assert abs(res[agent]["strength"] - value) < 0.12, (agent, res[agent])
        lo, hi = res[agent]["strength_ci"]
        assert lo <= res[agent]["strength"] <= hi
    shuffled = [games[i] for i in np.random.default_rng(1).permutation(len(games))]
    again = strengths(shuffled)
    assert all(abs(again[a]["strength"] - res[a]["strength"]) < 1e-6 for a in truth)
    duel = PlackettLuceFit(["x", "y"], np.random.default_rng(0), replicates=20)
    for i in range(4000):
        duel.add(["y", "x"] if i % 4 == 0 else ["x", "y"])
        duel.close_group()
    out = duel.result()
    assert abs((out["x"]["strength"] - out["y"]["strength"]) - math.log(3)) < 0.02


def test_the_sequential_test_stops_a_decided_pairing_early_and_plays_a_close_one_on():
    import numpy as np
    import pytest

    from game.tournament.sequential import GSPRT, paired_interval

    rng = np.random.default_rng(3)

    def groups_until_decided(p: float, cap: int = 500) -> tuple[str, int]:
        test = GSPRT(0.25, 0.35)
        while test.state == "open" and len(test.shares) < cap:
            test.add(rng.binomial(4, p) / 4)
        return test.state, len(test.shares)

    strong = [groups_until_decided(0.5) for _ in range(20)]
    assert all(state == "H1" for state, _ in strong) and max(n for _, n in strong) < 60
    level = [groups_until_decided(0.25) for _ in range(20)]
    assert sum(state == "H0" for state, _ in level) >= 18           # alpha = beta = 5%
    close = [groups_until_decided(0.30) for _ in range(20)]          # half-way: takes longer on average
    assert np.mean([n for _, n in close]) > np.mean([n for _, n in strong])
    with pytest.raises(ValueError):
        GSPRT(0.4, 0.3)
    mean, lo, hi = paired_interval([1.0, 2.0, 3.0, 4.0])
    assert mean == 2.5 and lo < 2.5 < hi and abs((hi - lo) / 2 - 3.182 * (1.2909944 / 2)) < 1e-3
    assert paired_interval([1.0]) is None
