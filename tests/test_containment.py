"""Issue 13: agents cannot break a run, overrun their budget or see hidden information.

Every attack is played by an agent in ``hostile_agents.py``, loaded by dotted path like any plug-in, so it
runs where untrusted agents run: in a process of its own. Budgets are tiny (0.2 s) and games short
(sprint-2025), so the sleeping and spinning agents cost the suite a second or two.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import hostile_agents
from game.play import MAX_STRIKES, agent_rng, setup_game
from game.play import contain
from game.replay import verify
from game.rules import SEATS, legal_choices, load_scenario, new_game, parse

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent
BUDGET = 0.2


def play(spec_or_policy, budget: float = BUDGET, seed: int = 13, others=("random", "passive", "random")):
    """One sprint game with the attacker as Microsoft; returns (game, replay data)."""
    if isinstance(spec_or_policy, str):
        game = setup_game("sprint-2025", seed, [spec_or_policy, *others], budget_s=budget)
    else:
        game = setup_game("sprint-2025", seed, ["attacker", *others], policies=[spec_or_policy, None, None, None],
                          budget_s=budget)
    game.play()
    return game, json.loads(game.replay_text())


def faults_of(data: dict, seat: str = "Microsoft") -> list[str]:
    return [d["fault"] for q in data["quarters"] for d in q["decisions"] if d["seat"] == seat and "fault" in d]


ATTACKS = {
    "Sleeper": "over time budget",
    "Spinner": "over time budget",
    "Exits": "raised SystemExit",
    "Interrupts": "raised KeyboardInterrupt",
    "HardExit": "its process died",
    "ExitsInConstructor": "could not be built: raised SystemExit: not today",
    "RaisesInReset": "reset raised RuntimeError: no reset for me",
    "NastyMessage": "raised _Nasty: (its message raised an exception too)",
    "EqualToEverything": "illegal choice",
    "ForgesADraw": "illegal choice",
    "DrawsPastTheEnd": "raised ValueError: a draw in [0, 1) was expected",
}


@pytest.mark.parametrize("name", list(ATTACKS))
def test_the_game_goes_on_with_the_default_and_a_recorded_fault(name):
    game, data = play(f"hostile_agents:{name}")
    assert game.model.state.is_over() and "result" in data
    faults = faults_of(data)
    assert faults and ATTACKS[name] in faults[0], faults[:2]
    assert all(d["rationale"] == "default after a fault" for q in data["quarters"] for d in q["decisions"]
               if "fault" in d)
    assert not any(faults_of(data, other) for other in ("OpenAI", "SoftBank", "Oracle"))
    assert verify(data).ok
    assert not any(seat.proc is not None for seat in contain._LIVE), "an agent process outlived its game"


@pytest.mark.parametrize("name", ["Sleeper", "Spinner", "HardExit"])
def test_an_agent_that_hangs_or_dies_costs_at_most_three_strikes(name):
    game, data = play(f"hostile_agents:{name}")
    faults = faults_of(data)
    strikes = [f for f in faults if "over time budget" in f or "process died" in f]
    assert len(strikes) == MAX_STRIKES
    assert f"benched after {MAX_STRIKES}" in strikes[-1]
    assert all("benched" in f for f in faults[MAX_STRIKES:])


def test_an_agent_with_act_and_no_reset_plays():
    for policy in ("hostile_agents:ActOnly", hostile_agents.ActOnly()):
        game, data = play(policy)
        assert game.model.state.is_over() and not data["faults"]


def test_in_process_agents_are_contained_too_short_of_os_exit():
    """A policy object handed to setup_game runs in a watched thread: SystemExit, KeyboardInterrupt and
    a hang are faults there too (os._exit is why untrusted code runs in a process)."""
    for policy, expect in ((hostile_agents.Exits(), "raised SystemExit"),
                           (hostile_agents.Interrupts(), "raised KeyboardInterrupt"),
                           (hostile_agents.NastyMessage(), "its message raised"),
                           (hostile_agents.EqualToEverything(), "illegal choice"),
                           (hostile_agents.ForgesADraw(), "illegal choice"),
                           (hostile_agents.Sleeper(), "over time budget")):
        game, data = play(policy)
        assert game.model.state.is_over() and expect in faults_of(data)[0]


def _engine_choices_intact() -> None:
    s = new_game(load_scenario("sprint-2025"), 3)
    for _ in range(40):
        for c in legal_choices(s):
            assert parse(str(c)) == c and str(parse(str(c))) == str(c)
        from game.rules import apply
        apply(s, legal_choices(s)[0])


def test_choices_cannot_be_mutated_from_an_agent():
    reference = setup_game("sprint-2025", 21, ["random"] * 4)
    reference.play()
    for policy in (hostile_agents.Mutator(), "hostile_agents:Mutator"):
        play(policy, budget=5.0)
        _engine_choices_intact()
        again = setup_game("sprint-2025", 21, ["random"] * 4)
        again.play()
        assert again.replay_text() == reference.replay_text(), "a mutation leaked into a later game"


# ------------------------------------------------------------ hidden information
def test_an_agent_stream_reveals_neither_the_game_seed_nor_other_streams():
    seed = 123456789
    streams = [agent_rng(seed, seat) for seat in SEATS]
    for rng in streams:
        seq = rng.bit_generator.seed_seq
        assert seq.entropy != seed and seed not in tuple(seq.spawn_key)
        assert str(seed) not in str(seq.entropy)
    draws = [tuple(r.integers(2**32, size=4)) for r in streams]
    assert len(set(draws)) == 4
    assert tuple(agent_rng(seed, SEATS[1]).integers(2**32, size=4)) == draws[1]  # and still deterministic


def _old_agent_rng(seed, seat):
    """The derivation issue 13 found: SeedSequence(game seed, spawn_key=...) keeps the seed as its entropy."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(1000 + int(seat),))))


def test_the_seed_reading_attack(monkeypatch):
    """The attacker recovers the seed from its stream and checks it against the game's public signal."""
    import game.play.model as model

    monkeypatch.setattr(model, "agent_rng", _old_agent_rng)
    _, data = play(hostile_agents.SeedReader(), budget=5.0)
    assert any(d.get("rationale", "").startswith("seed found") for d in data["quarters"][0]["decisions"])
    monkeypatch.undo()
    for attacker in (hostile_agents.SeedReader(), "hostile_agents:SeedReader"):
        _, data = play(attacker, budget=5.0)
        said = [d.get("rationale", "") for q in data["quarters"] for d in q["decisions"] if d["seat"] == "Microsoft"]
        assert said and not any(r.startswith("seed found") for r in said), said[:2]


def test_an_untrusted_agent_cannot_reach_the_real_state():
    """Walking frames and the heap finds the real state in the game's process; a plug-in is not there."""
    _, data = play("hostile_agents:Snooper", budget=5.0)
    said = {d.get("rationale") for q in data["quarters"] for d in q["decisions"] if d["seat"] == "Microsoft"}
    assert said == {"found nothing"}
    _, data = play(hostile_agents.Snooper(), budget=5.0)  # the threat model's line: in-process code is trusted
    said = {d.get("rationale") for q in data["quarters"] for d in q["decisions"] if d["seat"] == "Microsoft"}
    assert any(r.startswith("found the real state") for r in said)


# ------------------------------------------------------------ through the command line
def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(TESTS)}
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=timeout)


@pytest.mark.parametrize("name", ["Sleeper", "HardExit", "Exits", "ExitsInConstructor"])
def test_run_finishes_and_writes_a_replay_that_verifies(tmp_path, name):
    out = tmp_path / "g.json"
    res = run_cli("run", "--agents", f"hostile_agents:{name},random,passive,random", "--scenario", "sprint-2025",
                  "--budget", str(BUDGET), "--out", str(out), "--quiet")
    assert res.returncode == 0, res.stderr
    assert out.exists() and run_cli("replay", "--verify", str(out)).returncode == 0


@pytest.mark.parametrize("workers", [1, 2])
def test_tournaments_go_on_and_record_the_faults(tmp_path, workers):
    out = tmp_path / "t"
    res = run_cli("tournament", "--agents", "hostile_agents:Sleeper,hostile_agents:HardExit,random", "--games", "3",
                  "--scenario", "sprint-2025", "--budget", str(BUDGET), "--workers", str(workers), "--out", str(out),
                  "--quiet", timeout=300)
    assert res.returncode == 0, res.stderr
    rows = [json.loads(line) for line in (out / "games.jsonl").read_text().splitlines()]
    assert len(rows) == 3
    for row in rows:
        for seat, agent in row["agents"].items():
            assert bool(row["faults"].get(seat)) == (agent != "random"), (seat, agent, row["faults"])


def test_a_plugin_is_not_imported_into_the_game_process(tmp_path):
    """Importing a plug-in runs its code: that happens in the probe and agent processes only."""
    (tmp_path / "loud_plugin.py").write_text(
        "import os\nfrom agents import Agent\n"
        f"open({str(tmp_path / 'imported-by')!r} + '-' + str(os.getpid()), 'w').close()\n"
        "class A(Agent):\n    def act(self, obs):\n        return obs.legal[0]\n")
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{TESTS}"}
    proc = subprocess.Popen([sys.executable, "-m", "game", "run", "--agents", "loud_plugin:A,random,random,random",
                             "--scenario", "sprint-2025", "--out", str(tmp_path / "g.json"), "--quiet"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    importers = {p.name.rsplit("-", 1)[1] for p in tmp_path.glob("imported-by-*")}
    assert importers and str(proc.pid) not in importers


def test_ctrl_c_from_the_user_still_stops_a_run(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(TESTS)}
    proc = subprocess.Popen([sys.executable, "-m", "game", "run", "--agents", "hostile_agents:Sleeper,random,random,"
                             "random", "--scenario", "sprint-2025", "--budget", "60", "--out", str(tmp_path / "g.json")],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3.0)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and "Traceback" not in err, err


# ------------------------------------------------------------ the watchdog for built-ins (the game's own thread)
def _spin(seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def test_a_built_in_that_overruns_is_cut_off_in_the_game_thread():
    from agents.random_agent import RandomAgent

    class Stuck(RandomAgent):  # a built-in's class: trusted, so it runs in the game's thread under the watchdog
        def act(self, obs):
            while True:
                pass

    game, data = play(Stuck())
    assert isinstance(game.model.companies[0].runner, contain.WatchedSeat)
    faults = faults_of(data)
    assert "over time budget" in faults[0] and f"benched after {MAX_STRIKES}" in faults[MAX_STRIKES - 1]
    assert verify(data).ok


@pytest.mark.parametrize("how, fault", [("raises", "raised RuntimeError: boom"), ("junk", "illegal choice"),
                                        ("hangs", "over time budget"), ("copy", None), ("illegal", "illegal choice")])
def test_a_built_ins_own_class_is_read_as_strictly_in_the_game_thread(monkeypatch, how, fault):
    """A built-in's own class in the game's thread answers through ``WatchedSeat.ask_offered``: only the very
    objects the engine offered are read at once. Whatever else it does is read the long way and faults as
    anyone's would: an exception, junk, an overrun, a choice that is not legal now; an equal copy of an offered
    choice (not the engine's object) is parsed from its notation and checked, and plays."""
    from agents.base import Decision
    from agents.random_agent import RandomAgent
    from game.rules import Act

    def act(self, obs):
        if how == "raises":
            raise RuntimeError("boom")
        if how == "junk":
            return object()
        if how == "hangs":
            while True:
                pass
        if how == "illegal":
            return Act("hold")  # a move, asked for a proposal or an answer
        return Decision(parse(str(obs.draw(self.rng))), "a copy of the engine's draw")

    monkeypatch.setattr(RandomAgent, "act", act)
    game, data = play(RandomAgent(), others=("passive", "passive", "passive"))
    runner = game.model.companies[0].runner
    assert isinstance(runner, contain.WatchedSeat) and runner.direct
    faults = faults_of(data)
    if fault is None:
        assert not faults
        mine = [d for q in data["quarters"] for d in q["decisions"] if d["seat"] == "Microsoft"]
        assert mine and all(d["rationale"] == "a copy of the engine's draw" for d in mine)
    else:
        assert faults and all(fault in f for f in faults[:1])
    assert verify(data).ok


@pytest.mark.parametrize("scoped", [False, True])
def test_the_watchdog_never_fires_outside_the_agent(scoped):
    """Answers that land just before, at and just after the deadline: a cut-off is either caught as the
    seat's fault or withdrawn, never raised in the code that runs after the agent; asked on its own (the
    seat installs its signal handlers) and inside the game loop's signal scope (``signals_held``)."""
    import contextlib
    import random

    from game.play.watchdog import signals_held

    class Jittery:
        def __init__(self) -> None:
            self.rng = random.Random(5)

        def act(self, obs):
            _spin(self.rng.uniform(0.0, 0.04))
            return "pass"

    seat = contain.WatchedSeat(Jittery())
    cut = 0
    with signals_held() if scoped else contextlib.nullcontext():
        for _ in range(80):
            try:
                reply = seat.ask(None, 0.02)
                cut += bool(reply.fault)
                _spin(0.03)  # engine-side work after the answer: a stray AgentTimeout would land here
            except contain.AgentTimeout:
                pytest.fail("the watchdog's exception escaped the agent")
    assert 0 < cut < 80


def test_a_game_played_off_the_main_thread_is_the_same_game():
    """Built-ins are asked one way in the main thread (inside the model's signal scope: ``ask_offered``) and
    another elsewhere (a window's game thread: ``sandbox.answer`` under its own watchdog call): the same game,
    to the byte, either way."""
    import threading

    from game.play import play_game

    agents = ["random", "negotiator", "persona", "planner@easy"]
    here = play_game("sprint-2025", 4, agents).replay_text()
    there: list[str] = []
    worker = threading.Thread(target=lambda: there.append(play_game("sprint-2025", 4, agents).replay_text()))
    worker.start()
    worker.join(120)
    assert there == [here]


def test_questions_from_several_threads_while_the_watchdog_comes_and_goes():
    """Arming and disarming take no lock in the common case (``Watchdog.run``): questions asked from three
    threads at once, while the watchdog thread keeps stopping and starting again (it lingers and sleeps for
    a hundredth of a second here), each get a token of their own; every overrun is cut off, soon after its
    deadline; answers that land around the deadline are cut off or not, never hit afterwards."""
    import random
    import threading

    from game.play.watchdog import AgentTimeout, Watchdog, _Question

    dog = Watchdog()
    dog.LINGER = dog.SLEEP = 0.01
    problems: list[str] = []
    tokens: list[int] = []
    cut = [0, 0]

    def asker(seed: int) -> None:
        rng = random.Random(seed)
        for i in range(40):
            question = _Question()
            overrun = i % 8 == 0
            started = time.perf_counter()
            try:
                _, fired = dog.run(question, 0.01, _spin, 0.5 if overrun else rng.uniform(0.0, 0.02))
                tokens.append(question.token)
                if overrun and not fired:
                    problems.append("an overrun was not cut off")
                if overrun and time.perf_counter() - started > 0.01 + Watchdog.LOOK + 0.2:
                    problems.append(f"an overrun ran {time.perf_counter() - started:.2f}s")
                cut[overrun] += fired
                _spin(0.015)  # engine-side work after the answer: a stray AgentTimeout would land here
                if rng.random() < 0.2:
                    time.sleep(0.03)  # long enough for the watchdog to stop before the next question
            except AgentTimeout:
                problems.append("the watchdog's exception escaped the agent")

    threads = [threading.Thread(target=asker, args=(seed,)) for seed in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not problems
    assert len(tokens) == len(set(tokens)) == 120
    assert cut[1] == 15 and 0 < cut[0] < 105


def test_a_question_the_watchdog_fired_at_is_settled_under_the_lock(monkeypatch):
    """The one window the lock still guards: the watchdog fires just as the agent answers. ``run`` must then
    withdraw the cut-off (it may not be delivered yet) and report the question cut off; an answer before the
    deadline takes no lock and withdraws nothing."""
    import threading

    from game.play import watchdog as wd

    calls: list[tuple[int, object]] = []
    monkeypatch.setattr(wd, "_async_raise", lambda tid, exc: calls.append((tid, exc)))
    dog = wd.Watchdog()
    dog._look_by = lambda deadline: None  # no watchdog thread: the test plays its part
    question = wd._Question()

    def answers_as_it_fires():
        dog._armed[question.token][2] = True  # what the watchdog does at the deadline (its raise is recorded)
        return "pass"

    assert dog.run(question, 10.0, answers_as_it_fires) == (None, True)
    assert calls == [(threading.get_ident(), None)]  # the cut-off withdrawn, in the asking thread
    calls.clear()

    class Locked:  # any use of the lock is seen
        def __enter__(self):
            calls.append((0, "lock"))

        def __exit__(self, *exc):
            return False

    dog._lock, dog._until = Locked(), 0.0  # the watchdog looks at once: arming need not wake it
    assert dog.run(question, 10.0, lambda: "pass") == ("pass", False)
    assert calls == [] and not dog._armed


def test_a_question_armed_while_the_watchdog_looks_is_seen_by_that_look():
    """Arming takes no lock: a question armed after the watchdog copied the entries, that read the next look
    before the watchdog set it (so woke nobody), is seen when the watchdog reads the entries again: about to
    sleep for good, it looks by that deadline instead; about to look later than it, it looks sooner."""
    from game.play.watchdog import Watchdog

    class ArmedMeanwhile(dict):
        """An entries table that gets a question armed just after the watchdog's first copy of it."""

        def __init__(self, deadline: float) -> None:
            super().__init__()
            self.deadline, self.copies = deadline, 0

        def values(self):
            self.copies += 1
            out = list(super().values())
            if self.copies == 1:
                self[1] = [0, self.deadline, False]
            return out

    for idle_since, deadline in ((0.0, 100.1), (None, 100.1)):  # idle long enough to sleep; looking at 100.25
        dog = Watchdog()
        dog._armed = ArmedMeanwhile(deadline)
        block, nearest, idle = dog._look(100.0, idle_since)
        assert not block and idle is None and nearest == dog._until == deadline
    dog = Watchdog()
    block, nearest, idle = dog._look(100.0, 0.0)  # nothing armed, idle a long while: sleeps for good
    assert block and dog._until == float("inf")


def test_a_watchdog_that_stops_as_a_question_comes_is_started_again():
    """The watchdog's sleep runs out, and before it stops a question arms (setting a look the sleeping thread
    no longer hears) and answers: the thread stops, and the next question must still start one (the stop
    resets the look), so an overrun after it is cut off. The timing is forced by an event that lets the
    question in at that moment; no watchdog code is changed."""
    import threading

    from game.play.watchdog import Watchdog, _Question

    dog = Watchdog()
    dog.LINGER, dog.SLEEP = 0.01, 0.05
    go, done = threading.Event(), threading.Event()

    class LetsAQuestionIn(threading.Event):
        def wait(self, timeout=None):
            woke = super().wait(timeout)
            if timeout == dog.SLEEP and not woke and not go.is_set():
                go.set()
                done.wait(5)
            return woke

    dog._wake = LetsAQuestionIn()
    assert dog.run(_Question(), 1.0, lambda: "ok") == ("ok", False)  # starts the watchdog
    assert go.wait(5)
    assert dog.run(_Question(), 0.5, lambda: "ok") == ("ok", False)  # in the window
    done.set()
    for _ in range(100):
        if dog._thread is None:
            break
        time.sleep(0.01)
    assert dog._thread is None and dog._until == float("inf")
    started = time.perf_counter()
    assert dog.run(_Question(), 0.2, _spin, 3.0) == (None, True)
    assert time.perf_counter() - started < 0.2 + Watchdog.LOOK + 0.5


def test_a_cut_off_that_lands_while_a_question_arms_is_caught():
    """A budget that runs out while arming waits for the lock: the watchdog, holding it, fires at the
    question before the question gets it (played here by a thread doing what the watchdog's look does). The
    cut-off is caught as the question's, the entry is taken out, and nothing lands afterwards."""
    import threading

    from game.play import watchdog as wd

    dog = wd.Watchdog()
    dog._thread = threading.current_thread()  # stands in for a running watchdog: nothing else looks
    dog._until = float("inf")  # asleep for good: the question must take the lock to wake it
    asker = threading.get_ident()

    locked = threading.Event()

    def look_under_the_lock():
        with dog._lock:
            locked.set()
            for _ in range(500):  # the question's entry is in, and it waits for the lock
                if dog._armed:
                    break
                time.sleep(0.001)
            time.sleep(0.02)
            for entry in list(dog._armed.values()):
                entry[2] = True
                wd._async_raise(asker, wd.AgentTimeout)

    looker = threading.Thread(target=look_under_the_lock)
    looker.start()
    assert locked.wait(5)
    try:
        data, fired = dog.run(wd._Question(), 0.001, _spin, 0.5)
        _spin(0.3)
    except wd.AgentTimeout:
        pytest.fail("the watchdog's exception escaped the question")
    looker.join(5)
    assert fired and data is None and not dog._armed
