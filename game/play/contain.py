"""Agents contained: whatever an agent does, the game goes on.

Each seat's agent is asked through a *seat runner* that enforces the time budget before the answer and
turns everything the agent can do into plain data (a choice in notation, or a fault):

``WatchedSeat`` the agent runs in the game's thread; a watchdog thread raises ``AgentTimeout`` in it when
                its budget runs out (``game.play.watchdog``). No thread switch per question. For the
                built-ins (trusted code).
``ThreadSeat``  the agent runs in a thread of its own; the game waits at most the budget, then goes on with
                the default choice and leaves the thread behind. For agent objects a caller hands in
                (they may block in C, which an injected exception cannot interrupt).
``ProcessSeat`` the agent runs in its own process, built there from its spec; the game waits at most the
                budget, then kills the process and starts a fresh one for the next question. For plug-ins
                (untrusted code): ``os._exit``, a crash or a hang costs the seat one answer, never the game,
                and the process holds nothing of the game but its seat's observations.
``InlineSeat``  the game's own thread, no budget: a person at the window (``Agent.interactive``).

Either way the engine applies only what it parses from the agent's notation (``game.rules.parse``), never an
object the agent built, so an object that compares equal to everything, or a choice the agent mutated,
cannot reach the rules. A seat whose agent overruns or dies ``MAX_STRIKES`` times in one game is benched:
it plays the default choice, with a recorded fault, to the end (so a hung agent costs at most three budgets
a game). Measured costs are in ``benchmarks/containment.py`` and docs/AGENTS.md.
"""

from __future__ import annotations

import atexit
import copy
import dataclasses
import io
import json
import multiprocessing
import pickle
import queue
import threading
import time
import weakref
from typing import Any, Sequence

from agents import Agent, AgentError
from agents.registry import is_registered_class, is_registered_code, is_registered_instance
from game.rules import FrenemiesError, Observation, Scenario, Seat, parse

from . import sandbox
from .reply import Reply, reply_from
from .watchdog import WATCHDOG, AgentTimeout, WatchedSeat

__all__ = ["Reply", "WATCHDOG", "AgentTimeout", "WatchedSeat", "ThreadSeat", "ProcessSeat", "InlineSeat", "make_seat",
           "check_agents", "probe", "is_builtin", "MAX_STRIKES", "STARTUP_S", "ISOLATIONS"]

#: overruns or deaths in one game after which a seat is benched
MAX_STRIKES = 3
#: how long an agent process may take to start and build its agent (importing a plug-in can be slow)
STARTUP_S = 60.0
ISOLATIONS = ("auto", "process", "thread")


def is_builtin(spec: str) -> bool:
    """A spec naming a registered built-in agent (``code`` or ``code@level``): trusted code."""
    return ":" not in spec and is_registered_code(spec.split("@")[0])


# ------------------------------------------------------------ in this process
class InlineSeat:
    """The caller's own thread, no budget: a person deciding at the window. Its ordinary exceptions are
    faults; a ``BaseException`` (the window closing the game) goes through."""

    engine_legal = ""  # a person's answer is checked the long way (``CompanyAgent.decide``)
    in_thread = False  # a window may still read the observation from its own thread: an eager one
    direct = False  # asked through ``ask`` (``WatchedSeat.ask_offered`` is the game thread's built-ins' way)

    def __init__(self, policy: Any) -> None:
        self.policy = policy

    def start(self, seat: Seat, rng: Any, scenario: Scenario, budget_s: float) -> Reply:
        try:
            return reply_from(sandbox.start(self.policy, seat, rng))
        except Exception as exc:  # pragma: no cover - sandbox.start catches everything already
            return Reply(fault=f"reset raised {sandbox.describe(exc)}")

    def ask(self, obs: Observation, budget_s: float) -> Reply:
        try:
            reply = self.policy.act(obs)
        except Exception as exc:
            return Reply(fault=f"raised {sandbox.describe(exc)}")
        return reply_from(sandbox.answer(_Fixed(reply), obs))

    def close(self) -> None:
        pass


class _Fixed:
    """A policy that gives back an answer already made (so ``sandbox.answer`` reduces it)."""

    def __init__(self, reply: Any) -> None:
        self.reply = reply

    def act(self, obs: Any) -> Any:
        return self.reply


class _Slot:
    __slots__ = ("done", "reply")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.reply: Any = None


def _serve(policy: Any, inbox: "queue.SimpleQueue[Any]") -> None:
    """The agent's thread: answer questions until told to stop. Nothing here refers to the game."""
    while True:
        item = inbox.get()
        if item is None:
            return
        kind, payload, slot = item
        if kind == "start":
            slot.reply = sandbox.start(policy, *payload)
        else:
            slot.reply = sandbox.answer(policy, payload)
        slot.done.set()


class ThreadSeat:
    """An agent in its own thread, with a watchdog: the game waits at most the budget for an answer.

    A cut-off question keeps running in the background; the seat's next question first waits (within its own
    budget) for that one to end, so an agent is never asked two things at once. ``protect`` gives the agent
    copies of the legal choices and the offer on the table each time, so even an agent that mutates them
    (``object.__setattr__`` on a frozen choice) cannot change the engine's shared ones."""

    def __init__(self, policy: Any, name: str, protect: bool) -> None:
        self.policy, self.protect = policy, protect
        #: whether the engine may skip re-checking an answer that is one of the choices it offered
        #: (``CompanyAgent.decide``): a protected agent is shown copies (its answer's notation is compared with
        #: the engine's choice), a built-in's own class the engine's own list
        self.engine_legal = "copies" if protect else "shown" if is_registered_class(type(policy)) else ""
        self.in_thread = False  # a cut-off agent runs on in its thread: eager observations only
        self.direct = False  # asked through ``ask``, across threads
        self._inbox: "queue.SimpleQueue[Any]" = queue.SimpleQueue()
        self._busy: _Slot | None = None
        self._thread = threading.Thread(target=_serve, args=(policy, self._inbox), daemon=True,
                                         name=f"frenemies-agent-{name}")
        self._thread.start()

    def _call(self, kind: str, payload: Any, budget_s: float) -> Reply:
        deadline = time.monotonic() + budget_s
        if self._busy is not None:
            if not self._busy.done.wait(_left(deadline)):
                return Reply(fault=f"over time budget: still busy with an earlier question after {budget_s:.2f}s",
                             strike=True)
            self._busy = None
        slot = _Slot()
        self._inbox.put((kind, payload, slot))
        if not slot.done.wait(_left(deadline)):
            self._busy = slot
            return Reply(fault=f"over time budget: no answer within {budget_s:.2f}s (cut off)", strike=True)
        return reply_from(slot.reply)

    def start(self, seat: Seat, rng: Any, scenario: Scenario, budget_s: float) -> Reply:
        return self._call("start", (seat, rng), budget_s)

    def ask(self, obs: Observation, budget_s: float) -> Reply:
        return self._call("act", _protected(obs) if self.protect else obs, budget_s)

    def close(self) -> None:
        self._inbox.put(None)  # a thread still busy ends when its question does; it is a daemon meanwhile


def _left(deadline: float) -> float | None:
    left = deadline - time.monotonic()
    if left >= threading.TIMEOUT_MAX:
        return None  # Event.wait cannot take an infinite (or very long) timeout: wait without one
    return max(0.0, left)


def _protected(obs: Observation) -> Observation:
    """The observation with fresh copies of its legal choices (made through their notation, which round-trips)
    and of the offer on the table."""
    return dataclasses.replace(obs, _legal=tuple(parse(str(c)) for c in obs.legal), pending=copy.copy(obs.pending))


# ------------------------------------------------------------ in a process of its own
_CONTEXT: Any = None
_LIVE: "weakref.WeakSet[ProcessSeat]" = weakref.WeakSet()


_PRELOAD = ["numpy", "agents", "game.rules", "game.play.sandbox"]


def context(preload: Sequence[str] = ()) -> Any:
    """Agent processes come from a ``forkserver`` (preloaded with the agents, nothing of any game) where the
    platform has one, else ``spawn``; never a plain fork, which would copy the game's memory into the agent.

    The forkserver is one per process and shared with the window's game process (``game.ui.session_process``
    asks for its modules here too): every module asked for before the server starts is preloaded."""
    global _CONTEXT
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    if method == "forkserver":
        _PRELOAD.extend(m for m in preload if m not in _PRELOAD)
        ctx.set_forkserver_preload(list(_PRELOAD))  # no effect once the server runs
    _CONTEXT = ctx
    return _CONTEXT


def _kill_all() -> None:
    for seat in list(_LIVE):
        seat.close()


atexit.register(_kill_all)


class _Pickler(pickle.Pickler):
    """Observations go to the agent process without the scenario (it was sent once, at the start)."""

    scenario: Any = None

    def persistent_id(self, obj: Any) -> Any:
        return "scenario" if obj is self.scenario and obj is not None else None


def _dumps(obj: Any, scenario: Any) -> bytes:
    buf = io.BytesIO()
    p = _Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    p.scenario = scenario
    p.dump(obj)
    return buf.getvalue()


class ProcessSeat:
    """An agent in a process of its own, built there from its spec. Its replies are read as JSON, never
    unpickled. An overrun kills the process; a dead one is replaced at the next question (a fresh agent,
    reset with a fresh copy of the seat's stream)."""

    engine_legal = ""  # the legal list is worked out in the agent's process, if at all: checked the long way
    in_thread = False  # (its observations are pickled, so eager ones cost nothing more)
    direct = False

    def __init__(self, spec: str) -> None:
        self.spec = spec
        self.proc: Any = None
        self.conn: Any = None
        self._lifeline: Any = None
        self.broken = ""
        self._started: tuple[Seat, Any, Scenario] | None = None
        _LIVE.add(self)

    def _launch(self) -> Reply:
        ctx = context()
        if multiprocessing.current_process().daemon:
            return Reply(fault="cannot start an agent process from a daemonic process (run plug-ins with "
                               "isolation='thread' there)")
        ours, theirs = ctx.Pipe(duplex=True)
        life_r, life_w = ctx.Pipe(duplex=False)
        self.proc = ctx.Process(target=sandbox.main, args=(self.spec, theirs, life_r), name="frenemies-agent",
                                daemon=False)
        self.proc.start()
        theirs.close()
        life_r.close()
        self.conn, self._lifeline = ours, life_w
        return self._read(STARTUP_S, "start")

    def _read(self, budget_s: float, what: str) -> Reply:
        """One reply within ``budget_s``; on an overrun or a death the process is stopped."""
        try:
            ready = self.conn.poll(None if budget_s > 1e9 else budget_s)
            if not ready:
                self._stop()
                return Reply(fault=f"over time budget: no answer within {budget_s:.2f}s (its process was "
                                   "stopped)", strike=True)
            raw = self.conn.recv_bytes(sandbox.MAX_REPLY)
        except (EOFError, OSError):
            code = self._stop()
            return Reply(fault=f"its process died while asked to {what} (exit code {code})", strike=True)
        try:
            data = json.loads(raw.decode("ascii"))
        except (ValueError, UnicodeDecodeError, RecursionError):
            self._stop()
            return Reply(fault="its answer came back garbled", strike=True)
        if isinstance(data, dict) and set(data) == {"ready"}:
            return Reply()
        if isinstance(data, dict) and set(data) <= {"broken", "unknown"} and len(data) == 1:
            self._stop()
            self.broken = str(next(iter(data.values())))[:250]
            return Reply(fault=self.broken)
        return reply_from(data)

    def _stop(self) -> Any:
        proc, self.proc = self.proc, None
        for end in (self.conn, self._lifeline):
            if end is not None:
                try:
                    end.close()
                except OSError:
                    pass
        self.conn = self._lifeline = None
        if proc is None:
            return None
        if proc.is_alive():
            proc.kill()
        proc.join(5.0)
        return proc.exitcode

    def _ensure(self, budget_s: float) -> Reply:
        """A live, reset agent process (started or restarted as needed; ``reset`` gets the agent's budget)."""
        if self.broken:
            return Reply(fault=self.broken)
        if self.proc is not None:
            return Reply()
        reply = self._launch()
        if reply.fault or self._started is None:
            return reply
        seat, rng, scenario = self._started
        return self._send_and_read(("reset", seat, rng, scenario), budget_s, "start", scenario=None)

    def _send_and_read(self, message: tuple, budget_s: float, what: str, scenario: Any) -> Reply:
        try:
            self.conn.send_bytes(_dumps(message, scenario))
        except (OSError, ValueError):
            code = self._stop()
            return Reply(fault=f"its process died before it was asked to {what} (exit code {code})", strike=True)
        return self._read(budget_s, what)

    def start(self, seat: Seat, rng: Any, scenario: Scenario, budget_s: float) -> Reply:
        # the process gets a pickled copy of the stream; ours stays at its start, so a restart begins it again
        self._started = (seat, rng, scenario)
        return self._ensure(budget_s)

    def ask(self, obs: Observation, budget_s: float) -> Reply:
        reply = self._ensure(budget_s)
        if reply.fault:
            return reply
        scenario = self._started[2] if self._started else None
        return self._send_and_read(("act", obs), budget_s, "answer", scenario)

    def close(self) -> None:
        if self.proc is not None:
            try:
                self.conn.send_bytes(_dumps(("close",), None))
            except (OSError, ValueError, AttributeError):
                pass
        self._stop()
        _LIVE.discard(self)


# ------------------------------------------------------------ choosing and checking
def make_seat(spec: str, policy: Agent | None, isolation: str, name: str) -> Any:
    """The runner for one seat.

    ``isolation="auto"`` (the default): a built-in runs in the game's thread under the watchdog; a plug-in in
    a process of its own; an object the caller built in a watched thread of its own (it may block); a
    person (``interactive``) inline with no budget. ``"process"``: every agent built from a spec in its own
    process. ``"thread"``: every agent in a thread of its own (plug-ins trusted)."""
    if isolation not in ISOLATIONS:
        raise FrenemiesError(f"isolation must be one of {', '.join(ISOLATIONS)}, got {isolation!r}")
    if policy is not None:
        if getattr(policy, "interactive", False):
            return InlineSeat(policy)
        trusted = is_registered_instance(policy)
        if trusted and isolation == "auto":
            return WatchedSeat(policy)
        return ThreadSeat(policy, name, protect=not trusted)
    if isolation == "process" or (isolation == "auto" and not is_builtin(spec)):
        return ProcessSeat(spec)
    from agents import make_agent

    agent = make_agent(spec)  # a built-in, or a plug-in the caller chose to trust with isolation="thread"
    if isolation == "auto":
        return WatchedSeat(agent)
    return ThreadSeat(agent, name, protect=not is_builtin(spec))


def check_agents(specs: Sequence[str], isolation: str = "auto") -> list[str]:
    """Check every spec names an agent, without running untrusted code here: a built-in is looked up (and
    built once, so a bad level is caught); a plug-in is looked for in a probe process. One-line
    ``AgentError`` on the first that cannot be found."""
    for spec in dict.fromkeys(specs):
        if is_builtin(spec) or isolation == "thread":
            from agents import make_agent

            make_agent(spec)
            continue
        probe(spec)
    return list(specs)


def probe(spec: str) -> None:
    """Import a plug-in's module in a throwaway process and check the name is there."""
    if not spec or len(spec) > 200:
        raise AgentError(f"unknown agent {spec[:60]!r}")
    ctx = context()
    ours, theirs = ctx.Pipe(duplex=True)
    life_r, life_w = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=sandbox.main, args=(spec, theirs, life_r, True), name="frenemies-probe", daemon=False)
    proc.start()
    theirs.close()
    life_r.close()
    try:
        if not ours.poll(STARTUP_S):
            raise AgentError(f"agent {spec!r}: its module did not finish importing within {STARTUP_S:.0f}s")
        data = json.loads(ours.recv_bytes(sandbox.MAX_REPLY).decode("ascii"))
    except (EOFError, OSError, ValueError):
        raise AgentError(f"agent {spec!r}: importing it ended its process") from None
    finally:
        ours.close()
        life_w.close()
        if proc.is_alive():
            proc.kill()
        proc.join(5.0)
    if isinstance(data, dict) and "unknown" in data:
        raise AgentError(str(data["unknown"]))
    if isinstance(data, dict) and "broken" in data:
        raise AgentError(f"agent {spec!r} {data['broken']}")
