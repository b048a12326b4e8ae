"""The Mesa model: four company agents and a step engine (one step = one quarter).

``FrenemiesModel`` holds a rules-core ``GameState``; ``step()`` plays one
quarter by asking the seat to move for one choice at a time, through its
``CompanyAgent`` (a ``mesa.Agent`` wrapping a policy). The ``DataCollector``
gathers per-quarter metrics; hooks (replay writer, UI) watch every decision.

It is a Mesa-native model: every argument has a default and takes plain values,
so Mesa's own tools drive it::

    FrenemiesModel(scenario="sprint-2025", agents="random,passive,random,random", seed=7)
    mesa.batch_run(FrenemiesModel, parameters={"seed": range(10), "agents": [...]}, max_steps=100)

Agents are contained (``game.play.contain``): the budget is enforced before the
answer, a policy that raises, exits, hangs, dies or answers something that is
not a legal choice gets the default choice and the fault is recorded, and the
game goes on.
"""

from __future__ import annotations

import csv
import hashlib
import io
import operator
import secrets
import signal
import threading
from sys import getrefcount
import weakref
from contextlib import contextmanager
from copy import deepcopy
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import mesa
import numpy as np

from agents.base import Agent, default_choice
from . import sandbox
from .contain import MAX_STRIKES, make_seat
from .hooks import GameHook, call
from .reply import DRAWN, Reply
from .watchdog import signals_held
from game.rules import (SEATS, Choice, FrenemiesError, GameState, Observation, Outcome, Phase, Scenario, Seat,
                        apply_unchecked, joint_value, load_scenario, new_game, observe, outcome, parse, reread, score,
                        to_move, why_illegal)

DEFAULT_BUDGET_S = 10.0
DEFAULT_AGENTS = "random,random,random,random"
AGENT_STREAM = "frenemies/agent-stream/v2"


def agent_rng(seed: int, seat: Seat) -> np.random.Generator:
    """Each seat's own stream: a function of the game seed and the seat that reveals neither.

    The stream's seed material is a SHA-256 of (seed, seat): its ``SeedSequence`` holds that digest, not the
    game seed, so an agent that reads ``rng.bit_generator.seed_seq.entropy`` learns nothing it can invert
    into the game seed, the chance draws or another seat's stream. Swapping one agent changes no other draw,
    and the same seed gives the same streams in any process. (A seed small enough to guess can still be
    guessed: see docs/AGENTS.md, "Threat model".)"""
    digest = hashlib.sha256(f"{AGENT_STREAM}/{int(seed)}/{int(seat)}".encode("ascii")).digest()
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(int.from_bytes(digest, "big"))))


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM stopped a game (raised only between decisions, never halfway through one)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        self.name = signal.Signals(signum).name


class _Guard:
    """Where a signal may stop a game: anywhere but the few lines that apply a decision and tell the hooks
    (so the replay recorder never holds half a decision). A signal that arrives inside waits for the end."""

    depth = 0
    pending: int | None = None

    def handler(self, signum: int, frame: Any) -> None:
        if self.depth:
            self.pending = signum
        else:
            raise Interrupted(signum)

    def critical(self) -> "_Guard":
        """``with _GUARD.critical():`` - the guard is its own context manager (a generator-based one cost
        more than the decision it guards for the cheapest agents)."""
        return self

    def __enter__(self) -> None:
        self.depth += 1

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        self.depth -= 1
        if exc_type is None and not self.depth and self.pending is not None:  # an error in flight goes first
            signum, self.pending = self.pending, None
            raise Interrupted(signum)


_GUARD = _Guard()


@contextmanager
def interruptible(signals: Sequence[int] = (signal.SIGINT, signal.SIGTERM)) -> Iterator[None]:
    """While inside, Ctrl-C and SIGTERM raise ``Interrupted`` between decisions, so the caller can save the
    game so far (``frenemies play --headless`` and ``run`` do). Outside the main thread it does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = {sig: signal.signal(sig, _GUARD.handler) for sig in signals}
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


def one_line(text: str, limit: int = 300) -> str:
    """A fault or rationale as one printable line (replays and terminals take nothing else)."""
    if text.isprintable():  # the common case: nothing to replace
        return text[:limit]
    return "".join(ch if ch.isprintable() else " " for ch in text)[:limit]


class CompanyAgent(mesa.Agent):
    """One company at the table: a Mesa agent that asks its policy for choices through a contained runner."""

    def __init__(self, model: "FrenemiesModel", seat: Seat, spec: str, name: str, policy: Agent | None,
                 budget_s: float, isolation: str) -> None:
        super().__init__(model)
        self.seat, self.spec, self.name, self.budget_s = seat, spec, name, budget_s
        self.policy = policy
        self.faults: list[str] = []
        self.strikes = 0
        self.benched = ""
        self.runner = make_seat(spec, policy, isolation, seat.label)

    def start(self, seed: int, scenario: Scenario) -> None:
        reply = self.runner.start(self.seat, agent_rng(seed, self.seat), scenario, self.budget_s)
        if reply.fault:  # an agent that cannot start plays the default choice all game
            self.benched = f"could not start ({reply.fault})"
            self.runner.close()

    def decide(self, obs: Observation) -> tuple[Choice, str, str | None]:
        """The policy's answer, or the default choice and a fault description."""
        if self.benched:
            return self._fault(obs, self.benched)
        free = obs._free  # read before the agent holds obs: the figures the engine checks its answer with
        runner = self.runner
        if runner.direct:  # a built-in's own class in the game's thread: its answer, if offered, read at once
            got = runner.ask_offered(obs, self.budget_s)
            if type(got) is tuple:
                choice = reread(got[0], None)
                if choice is not None:
                    why = got[1]
                    return choice, (one_line(why, 200) if why else ""), None
                got = Reply(sandbox.plain(got[0], 1000), got[1], "", False, -1)  # never, for the engine's own
            return self._read(obs, free, got, None, "shown")  # a fault, or read (and checked) the long way
        # the legal list made here, before the agent holds obs, where the agent cannot swap it (a protected
        # thread is shown copies of it); a built-in's own class (trusted code) may answer with a draw instead
        # (``Observation.draw``): its list is made after it answers, where it is needed at all
        shown = runner.engine_legal == "shown"
        legal = obs.legal if runner.engine_legal and not shown else None
        return self._read(obs, free, runner.ask(obs, self.budget_s), legal, runner.engine_legal)

    def _read(self, obs: Observation, free: Any, reply: Reply, legal: tuple[Choice, ...] | None,
              engine_legal: str) -> tuple[Choice, str, str | None]:
        """The engine's reading of a runner's ``reply``: a fault (with its strike), or the choice it names
        checked against the real state (``legal``: the engine's own list, made before the agent held
        ``obs``, where the runner is shown copies of it)."""
        shown = engine_legal == "shown"
        if reply.fault:
            if reply.strike:
                self.strikes += 1
                if self.strikes >= MAX_STRIKES:
                    self.benched = f"benched after {MAX_STRIKES} overruns or crashes"
                    self.runner.close()
                    return self._fault(obs, f"{reply.fault}; {self.benched}")
            return self._fault(obs, reply.fault)
        # the engine's own list shown to a built-in and still in place: an answer picked from it is offered
        # (``_offered``'s first case, written out: it is nearly every answer of a built-in), and the engine
        # reads it from its own object, as its notation reads back (``reread``: what parsing the answer's
        # text gave, worked out once per offered object; the text, where it is read, is the notation our own
        # ``sandbox`` wrote of that very object)
        pick = reply.pick
        if shown:
            drawn = obs.__dict__.get("_drawn") if pick == DRAWN else None
            if drawn is not None:  # the engine's own draw on this state (``draw_legal``), read as its notation
                choice = reread(drawn, reply.text or None)
                if choice is not None:
                    why = reply.why
                    return choice, (one_line(why, 200) if why else ""), None
                if not reply.text:  # never for the engine's own choices: read the long way, from its notation
                    reply = reply._replace(text=sandbox.plain(drawn, 1000))
            legal = obs.legal
        choice = (reread(legal[pick], reply.text or None) if shown and obs._legal is legal
                  and 0 <= pick < len(legal) else None)
        if choice is None:
            if not reply.text and pick >= 0:  # answered by its place alone (``sandbox.answer_reply``'s pick_only)
                reply = reply._replace(text=sandbox.plain(obs._legal[pick], 1000))
            try:
                choice = parse(reply.text)  # the engine reads the agent's notation itself: never the agent's object
            except (FrenemiesError, ValueError, TypeError, LookupError):
                return self._fault(obs, "illegal choice: its answer does not read as a choice")
            if legal is None or not self._offered(legal, obs, reply):
                reason = why_illegal(self.model.state, choice, free)  # legality is a predicate on the real state
                if reason is not None:
                    return self._fault(obs, f"illegal choice {choice!s}: {reason}")
        why = reply.why
        return choice, (one_line(why, 200) if why else ""), None

    def _offered(self, legal: tuple[Choice, ...], obs: Observation, reply: Any) -> bool:
        """Whether the answer is one of the choices the engine offered (``legal``, made by the engine before
        the agent held ``obs``): those are legal on the real state (the menu is worked out from what every
        seat can see; ``test_properties`` holds every offered choice to ``why_illegal``), so the check would
        only repeat itself. ``reply.pick`` is the agent side's hint; the engine believes it only where the
        notation was written from that very object (a trusted agent shown the engine's own list, the list
        still in place) or where the offered choice's notation is the answer's."""
        pick = reply.pick
        if not 0 <= pick < len(legal):
            return False
        if self.runner.engine_legal == "shown" and obs._legal is legal:
            return True
        return str(legal[pick]) == reply.text

    def _fault(self, obs: Observation, what: str) -> tuple[Choice, str, str]:
        text = one_line(f"{obs.label} {self.seat.label}: {what}")
        self.faults.append(text)
        return default_choice(obs), "default after a fault", text

    def close(self) -> None:
        self.runner.close()

    # typed metrics for the DataCollector (the model's view, not the agent's)
    def metric(self, name: str) -> float:
        co = self.model.state.companies[self.seat]
        if name == "score":
            return score(self.model.state, self.seat)
        return float(getattr(co, name))


class QuarterCollector(mesa.DataCollector):
    """Mesa's DataCollector with rows keyed by quarter (0 = the first quarter played): Mesa counts a step
    before running it, so its own key would run one ahead and ``mesa.batch_run`` would pair a quarter's
    company rows with the next quarter's model row.

    ``fast``: set by the model that built it, (its reporters, each company's row in one call, the model's
    row in one call): while the reporters are still those, a quarter's rows are collected without Mesa's
    per-value machinery (a generator per company, a ``deepcopy`` per number, a call per reporter), into the
    same tables, with the same values."""

    fast: tuple | None = None

    def collect(self, model: Any) -> None:
        fast = self.fast
        if (fast is None or self.agenttype_reporters
                or tuple(self.model_reporters.values()) != fast[0] or tuple(self.agent_reporters.values()) != fast[1]):
            self._collect_with_mesa(model)
            return
        if not self._validated:  # Mesa's first-collect check of the model reporters, then the fast way
            for name, reporter in self.model_reporters.items():
                self._validate_model_reporter(name, reporter, model)
        steps = model.quarters_played - 1
        model_vars = self.model_vars
        for var, value in zip(self.model_reporters, fast[3](model)):  # the reporters' values, in their order
            model_vars[var].append(value if type(value) in _ATOMIC else deepcopy(value))
        row = fast[2]
        self._agent_records[steps] = [(steps, agent.unique_id, *row(agent)) for agent in model.agents]

    def _collect_with_mesa(self, model: Any) -> None:
        steps = model.steps
        model.steps = model.quarters_played - 1
        try:
            super().collect(model)
        finally:
            model.steps = steps


#: values ``deepcopy`` hands back as they are (what Mesa's collect would have copied)
_ATOMIC = frozenset({int, float, str, bool, type(None)})


class FrenemiesModel(mesa.Model):
    """A game of Frenemies run by Mesa: ``step()`` plays one quarter.

    Every argument has a default: ``scenario`` (a shipped name, a path or a ``Scenario``), ``agents`` (a spec
    string ``"random,passive,random,random"``, or one spec or ``Agent`` object per seat), and either ``seed``
    (an integer) or Mesa's ``rng`` (an integer, a ``Generator`` or anything ``numpy.random.default_rng``
    takes; the game seed is drawn from it); with neither, a fresh random seed (``model.seed`` says which).
    ``running`` turns false when the game ends; ``datacollector`` holds one row per quarter."""

    def __init__(self, scenario: str | Scenario = "stargate-2025", seed: int | None = None,
                 agents: str | Sequence[str | Agent] = DEFAULT_AGENTS, hooks: Sequence[GameHook] | None = None,
                 budget_s: float = DEFAULT_BUDGET_S, state: GameState | None = None, *, rng: Any = None,
                 isolation: str = "auto", names: Sequence[str] | None = None) -> None:
        game_seed = _game_seed(seed, rng)
        super().__init__(rng=game_seed)
        self.scenario = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        self.seed = game_seed
        specs, policies, shown = _seating(agents, names)
        self.agent_names = shown
        self.state = state if state is not None else new_game(self.scenario, game_seed)
        self.hooks = list(hooks or [])
        self.quarters_played = 0
        self.companies = [CompanyAgent(self, seat, specs[seat], shown[seat], policies[seat], budget_s, isolation)
                          for seat in SEATS]
        # an abandoned model (mesa.batch_run's max_steps, a closed window) still stops its agents when collected
        weakref.finalize(self, _close_runners, [c.runner for c in self.companies])
        for company in self.companies:
            company.start(game_seed, self.scenario)
        metrics = ("cash", "debt", "compute_owned", "capability", "users", "reach", "revenue", "value", "score")
        self.datacollector = QuarterCollector(
            model_reporters={
                "quarter": lambda m: m.last_label,
                "seed": lambda m: m.seed,
                "contracts_in_force": lambda m: sum(1 for c in m.state.contracts if c.end > m.state.quarter),
                "joint_value": lambda m: joint_value(m.state),
                **{f"trust_{a.code}_{b.code}": _trust_reporter(a, b) for a in SEATS for b in SEATS if a < b},
            },
            agent_reporters={"seat": lambda a: a.seat.label, "agent": lambda a: a.name,
                             **{name: _metric_reporter(name) for name in metrics}},
        )
        collector = self.datacollector
        collector.fast = (tuple(collector.model_reporters.values()), tuple(collector.agent_reporters.values()),
                          _company_row, _model_row)
        self.last_label = self.state.label()
        self.running = not self.state.is_over()
        call(self.hooks, "on_start", self)

    @property
    def faults(self) -> list[str]:
        return [f for c in self.companies for f in c.faults]

    def step(self) -> None:
        """Play the current quarter to its end (all phases), then collect metrics."""
        s = self.state
        if s.is_over():
            self.running = False
            return
        quarter, self.last_label = s.quarter, s.label()
        label = self.last_label
        # the hooks' per-decision methods looked up once a quarter, not twice a decision (hooks are fixed)
        on_ask = [fn for fn in (getattr(h, "on_ask", None) for h in self.hooks) if fn is not None]
        on_decision = [fn for fn in (getattr(h, "on_decision", None) for h in self.hooks) if fn is not None]
        companies, guard, over = self.companies, _GUARD, Phase.OVER
        # a trusted agent asked in this thread: its view made only if it reads it (see seal below)
        lazy = [company.runner.in_thread for company in companies]
        with signals_held():  # the person's signals held while a built-in thinks, without a swap per question
            while s.phase is not over and s.quarter == quarter:  # ``not s.is_over()``, a call fewer a decision
                seat = to_move(s)
                if on_ask:
                    for fn in on_ask:
                        fn(self, seat)
                company = companies[seat]
                obs = observe(s, seat, lazy=lazy[seat], mover=seat, label=label)
                held = getrefcount(obs)
                try:
                    choice, why, fault = company.decide(obs)
                finally:  # before the state moves on: a view someone may still read is made now, or never
                    kept = getrefcount(obs) > held  # (counted before obs.seal's bound method holds one more)
                    obs.seal(kept)
                del obs
                guard.depth += 1  # ``with guard:`` written out (its two method calls, at every decision)
                try:
                    apply_unchecked(s, choice, seat)  # decide() checked it on this state (or it is the default)
                    for fn in on_decision:
                        fn(self, seat, choice, why, fault)
                finally:
                    guard.depth -= 1
                if guard.pending is not None and not guard.depth:  # __exit__'s check (no error in flight here)
                    signum, guard.pending = guard.pending, None
                    raise Interrupted(signum)
        with _GUARD.critical():
            self.quarters_played += 1
            self.datacollector.collect(self)
            call(self.hooks, "on_quarter", self, self.last_label, s)
            if s.is_over():
                self.running = False
                self.close()
                call(self.hooks, "on_end", self, outcome(s))
                self._release_agent_ids()

    def close(self) -> None:
        """Stop every seat's agent (threads end, agent processes are killed). Safe to call more than once."""
        for company in self.companies:
            company.close()

    def _release_agent_ids(self) -> None:
        """Let a finished model be garbage-collected. Mesa 3 numbers agents through a
        class-level ``defaultdict`` keyed by model (``mesa.Agent._ids``), which keeps
        every model a process ever built alive (~65 kB a game: 0.6 GB per 10,000 games
        in a tournament worker). No agent is created after the game ends."""
        ids = getattr(mesa.Agent, "_ids", None)
        if isinstance(ids, dict):
            ids.pop(self, None)

    def play(self) -> Outcome:
        """Play to the end and return the outcome (the agents are stopped however it ends). The signal scope
        each quarter holds (``signals_held``) is installed once for the whole game: installing it was four
        handler swaps a quarter, and between questions it hands a signal on as if it were not there."""
        try:
            with signals_held():
                while self.running:
                    self.step()
        finally:
            if self.running:
                self.close()
        return outcome(self.state)

    def metrics_csv(self) -> str:
        """Per-quarter metrics, one row per company per quarter, as CSV text."""
        agents = self.datacollector.get_agent_vars_dataframe().reset_index()
        model = self.datacollector.get_model_vars_dataframe()
        model.index = sorted(agents["Step"].unique())  # one model row per collected step
        model.index.name = "Step"
        table = agents.merge(model.reset_index(), on="Step")
        cols = ["quarter", "seat", "cash", "debt", "compute_owned", "capability", "users", "reach", "revenue",
                "value", "score", "contracts_in_force", "joint_value"] + [c for c in model.columns if c.startswith("trust_")]
        buf = io.StringIO(newline="")
        writer = csv.writer(buf)
        writer.writerow(cols)
        for row in table[cols].itertuples(index=False):  # the figures to 4 places here, where they are written
            writer.writerow([round(float(v), 4) if isinstance(v, float) else v for v in row])
        return buf.getvalue()

    def write_metrics(self, path: Path) -> None:
        """Per-quarter metrics as CSV, written atomically."""
        from game.replay import write_atomic

        write_atomic(Path(path), self.metrics_csv())


def _metric_reporter(name: str) -> Callable[[CompanyAgent], float]:
    """``agent.metric(name)``, its branch chosen here once instead of at each of a quarter's 36 rows."""
    if name == "score":
        return lambda agent: score(agent.model.state, agent.seat)
    get = operator.attrgetter(name)
    return lambda agent: float(get(agent.model.state.companies[agent.seat]))


def _company_row(agent: CompanyAgent) -> tuple:
    """The agent reporters' values for one company in one call, in their order: ``seat``, ``agent``, then the
    metrics as ``_metric_reporter`` gives them (``test_mesa`` holds the two to each other)."""
    state = agent.model.state
    co = state.companies[agent.seat]
    return (agent.seat.label, agent.name, float(co.cash), float(co.debt), float(co.compute_owned),
            float(co.capability), float(co.users), float(co.reach), float(co.revenue), float(co.value),
            score(state, agent.seat))


def _model_row(model: FrenemiesModel) -> tuple:
    """The model reporters' values in one call, in their order: ``quarter``, ``seed``, ``contracts_in_force``,
    ``joint_value``, then the trust of each pair a < b (``test_mesa`` holds the row to the reporters')."""
    s = model.state
    q, t = s.quarter, s.trust
    return (model.last_label, model.seed, sum(1 for c in s.contracts if c.end > q), joint_value(s),
            t[0][1], t[0][2], t[0][3], t[1][2], t[1][3], t[2][3])


def _trust_reporter(a: Seat, b: Seat) -> Callable[[FrenemiesModel], float]:
    return lambda m: m.state.trust[a][b]


def _close_runners(runners: list[Any]) -> None:
    for runner in runners:
        runner.close()


def _game_seed(seed: Any, rng: Any) -> int:
    """The game seed from Mesa's two ways of seeding a model (or a fresh one)."""
    if seed is not None and rng is not None:
        raise FrenemiesError("give either seed or rng, not both")
    if rng is not None and not isinstance(rng, (int, np.integer)):
        seed = int(np.random.default_rng(rng).integers(2**63))
    elif rng is not None:
        seed = int(rng)
    if seed is None:
        return secrets.randbelow(2**63)
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2**63:
        raise FrenemiesError(f"seed must be a non-negative integer below 2**63, got {seed!r}")
    return int(seed)


def _seating(agents: Any, names: Sequence[str] | None) -> tuple[list[str], list[Agent | None], list[str]]:
    """Per seat: the spec a runner builds from, the caller-built policy (or None), and the name recorded."""
    entries: list[Any] = [a.strip() for a in agents.split(",")] if isinstance(agents, str) else list(agents)
    if len(entries) != len(SEATS) or (names is not None and len(names) != len(SEATS)):
        raise FrenemiesError(f"expected {len(SEATS)} agents, got {len(entries)}: {agents!r}")
    specs = [e if isinstance(e, str) else "" for e in entries]
    policies = [None if isinstance(e, str) else e for e in entries]
    shown = [e if isinstance(e, str) else str(getattr(type(e), "code", "") or type(e).__name__) for e in entries]
    return specs, policies, list(names) if names is not None else shown
