"""Built-in agents: listed, deterministic, legal, explained, blind to hidden state,
and each persona plays its company's signature moves."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter as Tally

import pytest

from agents import Agent, AgentError, builtin_agents, make_agent
from agents.belief import Belief
from game.play import play_game
from game.play import agent_rng
from game.replay import verify
from game.rules import GameState, Seat, apply, load_scenario, new_game, observe, to_move

from conftest import ROOT

M, O, S, R = Seat.MICROSOFT, Seat.OPENAI, Seat.SOFTBANK, Seat.ORACLE
CODES = ("random", "passive", "persona", "microsoft", "openai", "softbank", "oracle", "negotiator", "planner")


def walk_objects(root: object, depth: int = 5):
    """Every object reachable from ``root`` through attributes and containers."""
    seen: set[int] = set()
    stack = [(root, 0)]
    while stack:
        obj, d = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        yield obj
        if d >= depth or isinstance(obj, (str, bytes, int, float, bool, type(None))):
            continue
        if isinstance(obj, dict):
            kids = list(obj.keys()) + list(obj.values())
        elif isinstance(obj, (list, tuple, set, frozenset)):
            kids = list(obj)
        else:
            kids = list(getattr(obj, "__dict__", {}).values())
            kids += [getattr(obj, n) for n in getattr(type(obj), "__slots__", ()) if hasattr(obj, n)]
        stack.extend((k, d + 1) for k in kids)


def decisions(result) -> list[dict]:
    return [d for q in result.recorder.quarters for d in q["decisions"]]


def by_seat(result, seat: Seat) -> list[dict]:
    return [d for d in decisions(result) if d["seat"] == seat.label]


@pytest.fixture(scope="module")
def persona_game():
    return play_game("sprint-2025", 3, ["persona"] * 4)


def test_every_builtin_is_registered_with_description_and_difficulty():
    table = builtin_agents()
    for code in CODES:
        assert code in table, code
        assert table[code].description and table[code].difficulty != "-"


def test_the_code_table_names_each_builtin_and_the_module_that_registers_it():
    """``BUILTIN_CODES`` lets a game import only the built-ins it seats: it must list every built-in the
    modules register, in registration order, each with the module that registers it."""
    from agents.registry import BUILTIN_CODES, builtin_agent

    table = builtin_agents()
    assert [code for code in table if code in BUILTIN_CODES] == list(BUILTIN_CODES)
    for code, module in BUILTIN_CODES.items():
        assert table[code].__module__ == f"agents.{module}"
        assert builtin_agent(code) is table[code]
    assert builtin_agent("nobody") is None


def test_frenemies_agents_lists_them():
    out = subprocess.run([sys.executable, "-m", "game", "agents"], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "COLUMNS": "200"})
    assert out.returncode == 0
    for code in CODES:
        assert code in out.stdout


def test_planner_levels_and_bad_level():
    assert make_agent("planner@easy").budget.sims < make_agent("planner@normal").budget.sims \
        < make_agent("planner@hard").budget.sims
    with pytest.raises(AgentError, match="unknown planner level"):
        make_agent("planner@godlike")


def test_four_different_builtins_play_a_game_that_verifies_with_rationales():
    result = play_game("sprint-2025", 11, ["microsoft", "negotiator", "planner@easy", "oracle"])
    assert result.model.faults == []
    data = json.loads(result.replay_text())
    check = verify(data)
    assert check.ok, check.message
    thinking = [d for d in decisions(result)]
    assert thinking and all(d.get("rationale") for d in thinking)


def test_same_seed_same_replay_whatever_the_hash_seed(tmp_path):
    """Each agent draws only from its own seeded stream: two processes with
    different PYTHONHASHSEED write byte-identical replays."""
    outs = []
    for hash_seed in ("1", "987"):
        out = tmp_path / f"r{hash_seed}.json"
        proc = subprocess.run([sys.executable, "-m", "game", "run", "--agents", "planner@easy,negotiator,softbank,random",
                               "--seed", "5", "--scenario", "sprint-2025", "--out", str(out), "--quiet"],
                              capture_output=True, text=True, cwd=ROOT,
                              env={**os.environ, "PYTHONHASHSEED": hash_seed})
        assert proc.returncode == 0, proc.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_personas_are_deterministic_and_seed_dependent():
    specs = ["persona", "openai", "negotiator", "oracle"]
    a, b, c = (play_game("sprint-2025", seed, specs).replay_text() for seed in (8, 8, 9))
    assert a == b
    assert a != c


class Spy(Agent):
    """Wraps a policy; the test checks each observation against the true state."""

    def __init__(self, inner: Agent) -> None:
        super().__init__()
        self.inner = inner

    def reset(self, seat, rng) -> None:
        super().reset(seat, rng)
        self.inner.reset(seat, rng)

    def act(self, obs):
        return self.inner.act(obs)


def test_agents_see_observations_only_and_no_hidden_capability():
    scen = load_scenario("sprint-2025")
    state = new_game(scen, 21)
    policies = [make_agent(c) for c in ("negotiator", "planner@easy", "persona", "negotiator")]
    for seat, p in zip(Seat, policies):
        p.reset(seat, agent_rng(21, seat))
    checked = 0
    while not state.is_over():
        seat = to_move(state)
        obs = observe(state, seat)
        view, true_cap = obs.view, state.companies[O].capability
        assert view is not state and view.seed == 0
        if seat != O and not state.sees_private(seat, O):
            assert view.companies[O].capability == state.signal
            if abs(true_cap - state.signal) >= 0.05:
                line = obs.text().split("legal:")[0].split("OpenAI", 1)[1].split("\n")[0]
                shown = line.split(" cap ", 1)[1].split()[0]
                assert shown == f"~{state.signal:.1f}" and shown != f"{true_cap:.1f}"
                checked += 1
        answer = policies[seat].act(obs)
        apply(state, getattr(answer, "choice", answer))
    assert checked > 10
    for p in policies:  # what the agents hold afterwards: beliefs and numbers, never a game state
        assert not any(isinstance(o, GameState) for o in walk_objects(p))


def test_belief_tracks_hidden_capability_better_than_the_raw_signal():
    scen = load_scenario("stargate-2025")
    state = new_game(scen, 4)
    belief = Belief()
    belief.reset(S)
    err_belief = err_signal = 0.0
    quarters = 0
    last_q = -1
    while not state.is_over():
        seat = to_move(state)
        if seat == S and state.quarter != last_q:
            belief.observe(observe(state, S))
            last_q = state.quarter
            if state.quarter >= 4:
                true = state.companies[O].capability
                err_belief += abs(belief.oai.mean - true)
                err_signal += abs(state.signal - true)
                quarters += 1
        obs = observe(state, seat)
        apply(state, make_agent("passive").act(obs).choice)
    assert quarters >= 15
    assert err_belief < 0.8 * err_signal


def test_negotiator_deals_and_counters():
    result = play_game("sprint-2025", 2, ["negotiator"] * 4)
    choices = Tally(d["choice"].split()[0].rstrip(":") for d in decisions(result))
    assert choices["propose"] > 5 and choices["accept"] > 3
    assert choices["counter"] >= 1
    signed = [line for q in result.recorder.quarters for line in q["log"] if line.startswith("Signed:")]
    assert len(signed) >= 4


def test_negotiator_rejects_when_passive_partners_never_deal():
    """It learns who deals: against three passive seats it stops proposing after a few refusals."""
    result = play_game("sprint-2025", 2, ["negotiator", "passive", "passive", "passive"])
    proposals = [d["choice"].split()[1] for d in by_seat(result, M) if d["choice"].startswith("propose")]
    assert proposals and max(Tally(proposals).values()) <= 4


# ------------------------------------------------------------ persona signatures
def moves(result, seat: Seat) -> Tally:
    return Tally(d["choice"].split()[1] for d in by_seat(result, seat) if d["choice"].startswith("act"))


def test_microsoft_persona_weighs_the_rofr_and_hedges(persona_game):
    rofr = [d for d in by_seat(persona_game, M) if d["choice"] in ("match", "waive")]
    assert rofr and all("ROFR" in d["rationale"] for d in rofr)
    for d in rofr:  # the edge it weighed, with its taste for keeping OpenAI on Azure, decides the answer
        edge = float(d["rationale"].rsplit("(", 1)[1].rstrip(")"))
        assert (d["choice"] == "match") == (edge > 0)
    assert moves(persona_game, M)["plan-b"] >= 1


def test_openai_persona_chases_compute_and_conversion(persona_game):
    signed = [line for q in persona_game.recorder.quarters for line in q["log"] if line.startswith("Signed:")]
    assert any("supplies OpenAI" in line for line in signed)
    asks = [d["choice"] for d in decisions(persona_game) if d["choice"].startswith(("propose", "counter"))]
    assert any("consent " in a for a in asks) or moves(persona_game, O)["request-conversion"]
    assert moves(persona_game, O)["request-conversion"] == 1


def test_softbank_persona_backs_stargate_and_pays_on_conversion(persona_game):
    sb = moves(persona_game, S)
    asks = [d["choice"] for d in by_seat(persona_game, S) if d["choice"].startswith("propose")]
    assert sb["back-stargate"] >= 1 or any("venture " in a for a in asks)
    assert sb["release-tranche"] >= 1  # OpenAI converted in this game


def test_oracle_persona_builds_and_leases_to_openai(persona_game):
    asks = [d["choice"] for d in by_seat(persona_game, R) if d["choice"].startswith("propose")]
    assert any(a.startswith("propose OpenAI: compute ORCL>OAI") for a in asks)
    levels = [d["choice"] for d in by_seat(persona_game, R) if "capex=" in d["choice"]]
    assert levels and levels[0].endswith("capex=2")  # its standing order: build every quarter


def test_personas_play_visibly_different_games(persona_game):
    profiles = [frozenset(moves(persona_game, seat)) for seat in Seat]
    assert len(set(profiles)) == 4


def test_named_persona_in_another_seat_says_so():
    result = play_game("sprint-2025", 1, ["oracle", "passive", "passive", "passive"])
    assert any("persona" in d.get("rationale", "") for d in by_seat(result, M))


def _wishes(seat: Seat, state: GameState) -> list[tuple[Seat, str, str]]:
    from agents.personas import STYLES, Persona
    import numpy as np
    agent = Persona()
    agent.reset(seat, np.random.default_rng(0))
    return [(to, " ".join(sorted(type(t).__name__ for t in terms)), why) for to, terms, why in STYLES[seat][1](state, agent)]


def test_personas_pay_with_what_they_have():
    """What compute is traded for follows the payer's cash: rent and cash when it has it, equity or a
    bigger revenue share when it does not; and Microsoft's consent ask falls as the deadline nears."""
    s = new_game(load_scenario("stargate-2025"), 1)
    rich, poor = s.copy(), s.copy()
    rich.companies[O].cash, poor.companies[O].cash, poor.companies[O].debt = 200.0, 0.0, 40.0
    for st in (rich, poor):
        st.trust[R][O] = 0.8
    rich_r, poor_r = _wishes(R, rich), _wishes(R, poor)
    assert ("Compute", ) == tuple(next(k for to, k, _ in rich_r if to == O and "Compute" in k).split())
    assert "Stake" in next(k for to, k, _ in poor_r if to == O and "Compute" in k)
    assert any(to == M and "RevShare" in k for to, k, _ in _wishes(O, poor))
    assert not any(to == M and "RevShare" in k for to, k, _ in _wishes(O, rich))
    early = next(w for to, k, w in _wishes(M, s) if "Consent" in k)
    late_state = s.copy()
    late_state.quarter = s.scenario.index_of(s.scenario.terms.conversion_deadline)
    late = next(w for to, k, w in _wishes(M, late_state) if "Consent" in k)
    pct = lambda why: int(why.split("for ")[1].split("%")[0])  # noqa: E731
    assert pct(late) < pct(early)


def test_the_bargain_splits_dollars_so_par_does_not_move_the_price():
    """The same deal in dollars, appraised under two pars (so in different score points), gets the same
    cash: par decides who wins, not how a surplus is split. And the split is what was asked, in dollars."""
    import dataclasses

    import numpy as np

    from agents.bargain import Appraisal, Bargain, cash_rate, cash_to
    from agents.negotiator import Negotiator
    from game.rules import Info, replace_scenario

    base = load_scenario("stargate-2025")
    prices = []
    for factor in (1.0, 2.5):
        comps = list(base.companies)
        comps[S] = dataclasses.replace(comps[S], par=comps[S].par * factor)
        s = new_game(replace_scenario(base, companies=tuple(comps)), 1)
        agent = Negotiator()
        agent.reset(O, np.random.default_rng(0))
        k_me, k_them = cash_rate(s, O), cash_rate(s, S)
        mine_usd, theirs_usd = 12.0, -2.0              # the package is worth $12B to OpenAI, costs SoftBank $2B
        a = Appraisal(S, (Info(O, S, 4),), mine_usd * k_me, theirs_usd * k_them, (0.0, 0.0, 0.0, 0.0))
        priced = Bargain(agent).price(s, a, 0.35)
        assert priced is not None
        paid = -cash_to(priced.terms, O)                # $B OpenAI pays SoftBank
        prices.append(paid)
        # SoftBank keeps about 35% of the $10B surplus, in dollars: -2 + paid ~ 0.35 x 10 (the cash grid is $0.5B)
        assert abs((theirs_usd + paid) - 0.35 * (mine_usd + theirs_usd)) <= 0.5
    assert prices[0] == prices[1]


def test_a_truncated_lookahead_counts_openais_growth_to_the_end_as_a_transfer_between_holders():
    """The continuation a rollout adds when it stops early: nothing at the game's end; a stake moved from
    OpenAI to SoftBank moves its share of the growth with it, to the dollar (the growth is the holders',
    not new money for the buyer); and a seat without a stake gets none."""
    from agents.lookahead import continuation, projected_scores, scores

    s = new_game(load_scenario("stargate-2025"), 3)
    s.converted = True                                  # every stake plain equity (no Microsoft cap)
    before = continuation(s)
    assert before[O] > 0 and before[Seat.ORACLE] == 0.0 and s.stakes[Seat.ORACLE][O] == 0.0
    t = s.copy()
    t.stakes[S][O] += 0.05
    after = continuation(t)
    assert after[S] - before[S] > 0
    assert abs((after[S] - before[S]) + (after[O] - before[O])) < 1e-6
    assert abs(sum(after) - sum(before)) < 1e-6
    end = s.copy()
    end.quarter = end.scenario.quarters
    assert continuation(end) == [0.0, 0.0, 0.0, 0.0]
    assert projected_scores(s)[O] > scores(s)[O]


def test_par_decides_who_wins_and_not_how_anyone_plays():
    """The same seed under two pars: every built-in thinking agent makes the same choices (they weigh growth,
    not par-divided scores), so a census's rows can be refitted to any par without playing them again; only
    the scores differ."""
    import dataclasses

    from game.rules import replace_scenario

    base = load_scenario("sprint-2025")
    runs = []
    for factors in ((1.0, 1.0, 1.0, 1.0), (0.6, 1.7, 1.2, 0.8)):
        comps = tuple(dataclasses.replace(c, par=c.par * f) for c, f in zip(base.companies, factors))
        seen: list[str] = []

        class Choices:
            def on_decision(self, model, seat, choice, rationale, fault):
                seen.append(f"{seat.label} {choice}")

        game = play_game(replace_scenario(base, companies=comps), 5,
                         ["planner@easy", "negotiator", "persona", "negotiator"], hooks=[Choices()], record=False)
        runs.append((seen, game.outcome.scores))
    assert len(runs[0][0]) > 50 and runs[0][0] == runs[1][0]
    assert runs[0][1] != runs[1][1]


def test_the_planner_takes_a_budget_in_simulations_for_scaling_curves():
    from agents.planner import LEVELS, Planner

    assert Planner("48").budget.sims == 48 and Planner("48").budget.width == 4
    assert Planner("hard").budget == LEVELS["hard"]
    for bad in ("0", "fast", "-3", "100000"):
        with pytest.raises(ValueError):
            Planner(bad)


@pytest.mark.parametrize("budget", ["1", "2", "3", "5", "8", "easy"])
def test_a_planner_never_simulates_more_than_its_budget(budget):
    """A budget is a promise about thinking: a small one compares fewer candidates instead of overspending
    (``planner@2`` once played five simulations, the same as ``planner@4``), so a scaling curve's points
    differ in what they cost."""
    from agents.planner import Planner

    s = new_game(load_scenario("stargate-2025"), 3)
    planner, used, decisions = Planner(budget), [], 0
    planner.reset(to_move(s), agent_rng(3, to_move(s)))
    after = planner.search.after

    def counted(*args):
        used.append(1)
        return after(*args)

    planner.search.after = counted
    while s.quarter < 3 and not s.is_over():
        seat = to_move(s)
        if seat == planner.seat:
            used.clear()
            choice = planner.act(observe(s, seat)).choice
            assert len(used) <= planner.budget.sims
            decisions += 1
        else:
            choice = observe(s, seat).legal[0]
        apply(s, choice)
    assert decisions >= 5


def test_a_bigger_budget_searches_a_bigger_pool_of_offers():
    """Sims alone stopped paying at 32 (the shortlist had no more to offer them): from 64 on, the planner
    composes four packages a counterparty instead of two and offers its best three again at a harder price
    (half the other side's standard share of the gain), so the proposals it searches are more, and some are
    the same terms at two prices. Below 64 the shortlist is as it was."""
    from agents.planner import Planner
    from game.rules import Propose

    s = new_game(load_scenario("stargate-2025"), 0)
    seat = to_move(s)
    pools = {}
    for level in ("32", "hard"):
        planner = Planner(level)
        planner.reset(seat, agent_rng(0, seat))
        # (the offer, our gain, theirs: one world, before the simulations)
        pools[level] = [(o.choice, o.value, planner.asks[o.choice][0]) for o in planner.shortlist(observe(s, seat))
                        if isinstance(o.choice, Propose)]
    assert Planner("32").budget.pool == 2 and Planner("32").budget.greedy == 0
    assert Planner("144").budget == Planner("hard").budget
    small, big = {c for c, _, _ in pools["32"]}, {c for c, _, _ in pools["hard"]}
    assert len(small) >= 2 and small < big
    # the same package at a harder price: more for us, less for them
    assert any(a.to == b.to and a.terms[:2] == b.terms[:2] and a != b and mine_b > mine_a and theirs_b < theirs_a
               for a, mine_a, theirs_a in pools["hard"] for b, mine_b, theirs_b in pools["hard"])


def test_the_hard_planner_plays_to_win_and_easy_for_growth():
    """``easy`` (the census's reference player) weighs growth, which par does not touch; ``hard`` weighs its
    chance to finish first, read from the scores over par: leading is worth more than trailing, the
    judgement is bounded, and a rival's par changes it."""
    import dataclasses

    from agents.planner import Planner
    from game.rules import replace_scenario

    base = load_scenario("stargate-2025")
    s = new_game(base, 0)
    hard, easy = Planner("hard"), Planner("easy")
    obs = observe(s, to_move(s))
    me = obs.seat
    rivals = [k for k in range(4) if k != me]
    pars = [c.par for c in base.companies]

    def sc(mine: float, best_rival: float) -> tuple[float, ...]:
        row = [100.0 * pars[k] for k in range(4)]
        row[me] = mine * pars[me]
        row[rivals[0]] = best_rival * pars[rivals[0]]
        return tuple(row)

    ahead, level, behind = hard.judge(obs, sc(160, 120)), hard.judge(obs, sc(120, 120)), hard.judge(obs, sc(90, 130))
    assert 100 > ahead > level > behind > 0 and abs(level - 50) < 1e-9
    assert easy.judge(obs, sc(160, 120)) == sc(160, 120)[me] == Planner("normal").judge(obs, sc(160, 120))
    assert Planner("48").budget.aim == Planner("hard").budget.aim > 0
    comps = tuple(dataclasses.replace(c, par=c.par * (3.0 if k == rivals[0] else 1.0))
                  for k, c in enumerate(base.companies))
    other = observe(new_game(replace_scenario(base, companies=comps), 0), me)
    assert hard.judge(other, sc(120, 120)) > level   # the same growth against a rival held to a higher par


def test_a_planner_playing_to_win_says_its_chance():
    """A reason at ``hard`` (and ``planner@N``) gives the chance to finish first it sees, then what the choice
    adds: a seat far behind read '+0.0 points' at every choice, which told a player nothing."""
    import re

    from agents.planner import Planner, chance_words

    assert [chance_words(p) for p in (0.3, 37.6, 99.5)] == ["under a 1% chance", "a 38% chance", "over a 99% chance"]
    s = new_game(load_scenario("stargate-2025"), 2)
    planner = Planner("8")
    planner.reset(to_move(s), agent_rng(2, to_move(s)))
    why = planner.act(observe(s, to_move(s))).rationale
    assert re.search(r"(under a 1%|over a 99%|a \d+%) chance to finish first; ", why), why
    assert re.search(r"(points (against|over)|about the same as) ", why), why


def test_the_random_players_block_draws_are_the_streams_single_draws():
    """``random`` takes its stream's numbers a block at a time: the same doubles, in the same order, as one
    ``rng.random()`` at a time, across the blocks' edges; and a stream handed over without ``reset`` is
    the one it draws from."""
    import numpy as np

    from agents.random_agent import RandomAgent, Uniforms

    one_by_one = np.random.default_rng(42)
    blocks = Uniforms(np.random.default_rng(42))
    n = 3 * Uniforms.BLOCK + 5
    assert [blocks.random() for _ in range(n)] == [one_by_one.random() for _ in range(n)]

    class Recorder:
        def __init__(self):
            self.got = []

        def draw(self, rng):
            self.got.append(rng.random())

    agent, obs = RandomAgent(), Recorder()
    agent.reset(Seat.OPENAI, np.random.default_rng(7))
    agent.act(obs)
    agent.rng = np.random.default_rng(8)  # what the sandbox does for an agent without ``reset``
    agent.act(obs)
    assert obs.got == [np.random.default_rng(7).random(), np.random.default_rng(8).random()]


def test_the_random_players_stream_survives_a_cut_off_and_copies_go_on_alike():
    """A copy or a pickle of ``random``'s stream (mid-block) hands out the numbers the original does next;
    a cut-off that lands while a block is drawn (the watchdog raises in the agent's thread) fails that one
    draw, and the stream goes on."""
    import copy
    import pickle

    import numpy as np

    from agents.random_agent import Uniforms

    stream = Uniforms(np.random.default_rng(3))
    first = [stream.random() for _ in range(10)]
    twins = [copy.deepcopy(stream), pickle.loads(pickle.dumps(stream))]
    rest = [stream.random() for _ in range(100)]
    assert all([twin.random() for _ in range(100)] == rest for twin in twins)
    assert first + rest == np.random.default_rng(3).random(110).tolist()

    class CutOnce:
        cut = True

        def random(self, n):
            if self.cut:
                self.cut = False
                raise TimeoutError("cut off")
            return np.random.default_rng(5).random(n)

    stream = Uniforms(CutOnce())
    with pytest.raises(TimeoutError):
        stream.random()
    assert [stream.random() for _ in range(3)] == np.random.default_rng(5).random(3).tolist()
