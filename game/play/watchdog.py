"""The watchdog for agents that run in the game's own thread (the built-ins: trusted code).

One thread per process cuts a question off when its budget runs out by raising ``AgentTimeout`` inside the
thread that is asking (``PyThreadState_SetAsyncExc``): no thread switch per question, which matters for the
cheapest agents (measured in ``benchmarks/containment.py``). ``game.play.contain`` chooses who runs here.
"""

from __future__ import annotations

import _signal  # the C functions under ``signal``: its enum wrapping cost ~5% of a game of cheap agents
import itertools
import os
import signal
import threading
import time
from contextlib import contextmanager
from typing import Any, Iterator

from agents.registry import is_registered_class
from game.rules import Observation, Scenario, Seat

from . import sandbox
from .reply import Reply, reply_from

_get_ident, _monotonic = threading.get_ident, time.monotonic  # at every question: no module look-ups


class AgentTimeout(BaseException):
    """Raised inside an agent running in the game's thread when its budget runs out (``Watchdog``)."""


class Watchdog:
    """One thread per process that cuts off agents running in the game's own thread: when a question's deadline
    passes, it raises ``AgentTimeout`` inside that thread (``PyThreadState_SetAsyncExc``), so the agent's Python
    code stops at its next instruction. Arming and disarming cost a dictionary entry, no lock in the common case and
    no thread switch (``run``); while anything is armed the watchdog sleeps until the nearest deadline, but never
    more than ``LOOK`` seconds (a question cut off by a person's signal, ``expire``, is seen at the next look), goes
    on looking for ``LINGER`` seconds after the last question ends, and sleeps after that. Arming wakes it only when
    it is asleep for good or its next look is later than the new deadline (a budget shorter than ``LOOK``). Both
    matter for speed: waking a sleeping thread at every question (an ``Event.set``, a GIL hand-over) cost a fifth of
    a game of cheap agents, and looking every 20 ms (the first way) cost 1.5% of the CPU time of a game of random
    agents, in this thread and in hand-overs of the GIL; with the default 10 s budget it looks 4 times a second.

    Only for trusted code (the built-ins): an agent blocked in C (``time.sleep``) would not be interrupted
    until it returns, and one that caught ``BaseException`` could swallow the cut-off. The exception is
    raised only while the agent runs: the watchdog fires under its lock, and a question that may have been
    fired at is disarmed under it, which clears a cut-off fired but not yet delivered, so it can never
    surface in the engine (``run`` says why the others need no lock)."""

    LOOK = 0.25
    LINGER = 1.0
    SLEEP = 5.0  # how long it sleeps for good before it stops (a question wakes it, or starts another)

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._armed: dict[int, list[Any]] = {}   # token -> [thread id, deadline, fired]
        self._wake = threading.Event()
        self._tokens = itertools.count(1)  # ``next`` is one step: threads that ask at once get tokens of their own
        self._thread: threading.Thread | None = None
        self._until = float("inf")  # when the thread looks next (inf: not running, or not until ``run`` wakes it)

    def run(self, scope: Any, budget_s: float, fn: Any, *args: Any) -> tuple[Any, bool]:
        """``fn(*args)`` in this thread, cut off when ``budget_s`` runs out: (what it returned, or None; whether
        it was cut off). ``scope`` holds the question's token and an ``asking`` flag for the whole call (a
        signal handler that reads them cuts the question off: ``expire``).

        Arming and disarming take no lock unless a question ran to its deadline (the lock and the frames
        they were cost 3% of a game of cheap agents). Arming puts the question's entry in (a token from a
        counter, an entry set in one step) and then reads ``_until``: the watchdog sets that before it
        looks at the entries again, so either it sees this one or this reads a later look than the deadline
        and wakes it (``_look_by``). Disarming takes the entry out and then reads the clock: the watchdog
        reads the clock before it takes its own copy of the entries, so it can fire only at an entry that
        was still in when the deadline had passed; a question disarmed before its deadline can never be
        fired at, and one that was not goes the locked way, which withdraws a cut-off fired and not yet
        delivered (one that lands while it settles is caught as the question's). Arming's locked part runs
        where a cut-off is caught and a person's signal held: waiting for the lock, a short budget can run
        out before the agent starts."""
        data = None
        token = next(self._tokens)
        entry = [_get_ident(), _monotonic() + (budget_s if budget_s < 1e9 else 1e9), False]
        try:
            self._armed[token] = entry  # from here on the finally below takes it out, however this ends
            scope.token = token
            scope.asking = True  # a person's signal is held from now on, the locked arming below included
            try:
                try:
                    if entry[1] < self._until:  # no thread, or asleep for good, or looking later than this
                        with self._lock:  # where a cut-off may land already (a deadline passed while waiting)
                            self._look_by(entry[1])
                    data = fn(*args)
                finally:
                    self._armed.pop(token, None)  # (a fork in the agent gives the child a new table)
                    fired = False
                    if entry[2] or _monotonic() >= entry[1]:  # it may have been fired at: settle it
                        with self._lock:
                            fired = entry[2]
                            if fired:
                                _async_raise(entry[0], None)
            except AgentTimeout:  # delivered here, so none is pending; the finally above has settled the entry
                self._armed.pop(token, None)  # (already out, unless it landed before the finally's first line)
                fired = True
        finally:
            scope.asking = False
        return (None if fired else data), fired

    def _look_by(self, deadline: float) -> None:
        """Under the lock: start the thread (none yet, or it stopped), or wake it to look by ``deadline``."""
        if self._thread is None:  # started, then kept: a thread that failed to start is not taken for one
            thread = threading.Thread(target=self._run, name="frenemies-watchdog", daemon=True)
            thread.start()
            self._thread = thread  # (its ``_run`` reads this under the lock, so after this line)
        elif deadline < self._until:
            self._until = deadline
            self._wake.set()

    def expire(self, token: int) -> None:
        """Cut the question off at the next look, within ``LOOK`` seconds (safe in a signal handler: no lock)."""
        entry = self._armed.get(token)
        if entry is not None:
            entry[1] = 0.0

    def _run(self) -> None:
        """The thread's body. However it ends, it says so under the lock (and that it looks next at no time), so
        a question arming (``run``) sees it has to start another: ``Thread.is_alive()`` at every question cost
        more than the rest of arming."""
        try:
            self._watch()
        finally:
            with self._lock:
                if self._thread is threading.current_thread():
                    self._thread, self._until = None, float("inf")  # the next question starts another

    def after_fork_in_child(self) -> None:
        """A forked child has no watchdog thread (only the forking thread survives a fork), and a lock the
        thread held at the fork would stay held: start afresh."""
        self._lock = threading.Lock()
        self._tokens = itertools.count(1)
        self._armed = {}
        self._wake = threading.Event()
        self._thread = None
        self._until = float("inf")

    def _watch(self) -> None:
        idle_since: float | None = None
        while True:
            with self._lock:
                now = time.monotonic()
                block, nearest, idle_since = self._look(now, idle_since)
                self._wake.clear()
            if not block:
                self._wake.wait(nearest - now)
                continue
            woke = self._wake.wait(self.SLEEP)
            with self._lock:
                if not woke and not self._armed:  # stopping: the next question must see it has to start one,
                    self._thread, self._until = None, float("inf")  # even one that set a look meanwhile
                    return
            idle_since = None

    def _look(self, now: float, idle_since: float | None) -> tuple[bool, float, float | None]:
        """One look, under the lock, at ``now`` (read before the entries, see ``run``): cut off every question
        past its deadline, and say when to look next: (whether to sleep for good, the next look, since when
        nothing is armed). The entries are copied in one step, as questions are armed and disarmed meanwhile;
        the next look is set in ``_until`` and the entries read again after it, so a question armed since the
        copy, that read the look before this one, is seen here."""
        entries = list(self._armed.values())
        nearest = now + self.LOOK
        for entry in entries:
            if not entry[2]:
                if now >= entry[1]:
                    entry[2] = True
                    _async_raise(entry[0], AgentTimeout)
                elif entry[1] < nearest:
                    nearest = entry[1]
        if entries:
            idle_since = None
        elif idle_since is None:
            idle_since = now
        block = idle_since is not None and now - idle_since >= self.LINGER
        self._until = float("inf") if block else nearest
        for entry in list(self._armed.values()):
            if not entry[2] and entry[1] < self._until:
                block, idle_since = False, None
                nearest = self._until = entry[1]
        return block, nearest, idle_since


def _async_raise(thread_id: int, exc: Any) -> None:
    import ctypes

    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(exc) if exc is not None else None)


WATCHDOG = Watchdog()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=WATCHDOG.after_fork_in_child)
_USER_SIGNALS = tuple(int(getattr(signal, name)) for name in ("SIGINT", "SIGTERM") if hasattr(signal, name))


class _SignalScope:
    """Ctrl-C and SIGTERM held while a watched agent runs, installed once for many questions.

    ``WatchedSeat`` used to install its holding handler before every question and put the person's handler
    back after it: two ``sigaction`` calls a question, a twentieth of a game of cheap agents. Inside
    ``signals_held()`` (the model wraps each quarter in it) one dispatcher stays installed: while an agent
    runs (``asking``) it holds the signal and cuts the agent off, exactly as the per-question handler did;
    at any other moment it hands the signal straight to the handler it replaced, so the engine sees what it
    would have seen without the scope."""

    def __init__(self) -> None:
        self.saved: dict[int, Any] = {}
        self.active = False
        self.owner = 0  # the thread that installed it (the main thread): its questions are asked in the scope
        self.asking = False
        self.token = 0
        self.held: list[int] = []

    def dispatch(self, signum: int, frame: Any) -> None:
        if self.asking:
            self.held.append(signum)
            WATCHDOG.expire(self.token)
        else:
            self.saved[signum](signum, frame)


_SCOPE = _SignalScope()


@contextmanager
def signals_held() -> Iterator[None]:
    """Install the dispatcher of ``_SCOPE`` for the block (main thread only; nested blocks reuse it)."""
    if _SCOPE.active or threading.get_ident() != threading.main_thread().ident:
        yield
        return
    saved = {}
    for sig in _USER_SIGNALS:
        if callable(_signal.getsignal(sig)):
            saved[sig] = _signal.signal(sig, _SCOPE.dispatch)
    _SCOPE.saved, _SCOPE.active, _SCOPE.held, _SCOPE.owner = saved, True, [], threading.get_ident()
    try:
        yield
    finally:
        _SCOPE.active = False
        for sig, handler in saved.items():
            _signal.signal(sig, handler)


class WatchedSeat:
    """A trusted agent (a built-in) asked in the game's own thread, cut off by the ``Watchdog`` at its
    budget: no thread switch per question (see docs/AGENTS.md for what each way costs)."""

    #: asked in the game's own thread and never left running after it answers (a cut-off is raised inside
    #: it): the model may hand it a lazy observation (``game.rules.observation._LazyView``)
    in_thread = True

    def __init__(self, policy: Any) -> None:
        self.policy = policy
        #: whether the engine may skip re-checking an answer that is one of the choices it offered
        #: (``CompanyAgent.decide``): "shown" (the agent reads the engine's own list) only for a built-in's own
        #: class, whose code is ours; a subclass of one is a caller's code, checked the long way
        self.engine_legal = "shown" if is_registered_class(type(policy)) else ""
        #: asked with ``ask_offered`` (its answer, if one of the engine's own objects, read without a ``Reply``)
        self.direct = self.engine_legal == "shown"


    def _call(self, fn: Any, budget_s: float, *args: Any) -> Reply:
        """Ask under the watchdog. In the main thread, Ctrl-C and SIGTERM are the person's, not the agent's:
        while the agent runs they are held (and the agent cut off at once), then delivered here, outside it,
        so the agent's own ``except BaseException`` cannot turn them into a fault."""
        scope = _SCOPE
        if scope.active and _get_ident() == scope.owner:
            return self._call_in_scope(scope, fn, budget_s, *args)
        question = _Question()

        def hold(signum: int, frame: Any) -> None:
            question.held.append(signum)
            WATCHDOG.expire(question.token)

        saved = {}
        if threading.get_ident() == threading.main_thread().ident:  # cheaper than current_thread()
            for sig in _USER_SIGNALS:
                if callable(_signal.getsignal(sig)):
                    saved[sig] = _signal.signal(sig, hold)
        try:
            data, fired = WATCHDOG.run(question, budget_s, fn, self.policy, *args)
        finally:
            for sig, handler in saved.items():
                _signal.signal(sig, handler)
        if question.held:
            saved[question.held[0]](question.held[0], None)  # the person's signal, raised where it belongs
        return _reply(data, fired, budget_s)

    def _call_in_scope(self, scope: _SignalScope, fn: Any, budget_s: float, *args: Any) -> Reply:
        """``_call`` where ``signals_held`` has the dispatcher installed: the same steps, no handler swaps
        (the scope holds a signal only while the question is armed, as ``_call`` did)."""
        data, fired = WATCHDOG.run(scope, budget_s, fn, self.policy, *args)
        if scope.held:
            _raise_held(scope)
        return _reply(data, fired, budget_s)

    def start(self, seat: Seat, rng: Any, scenario: Scenario, budget_s: float) -> Reply:
        return self._call(sandbox.start, budget_s, seat, rng)

    def ask(self, obs: Observation, budget_s: float) -> Reply:
        # the game's loop: ``answer_reply`` makes a ``Reply`` itself, so the reply's shape check is skipped; an
        # agent shown the engine's own list is answered by its place in it (``CompanyAgent.decide``)
        return self._ask_with(sandbox.answer_reply, obs, budget_s, self.engine_legal == "shown")

    def ask_offered(self, obs: Observation, budget_s: float) -> tuple | Reply:
        """``ask`` for a built-in's own class (``engine_legal == "shown"``) in the game's loop: ``(the offered
        object it answered, why)`` or a ``Reply`` (a fault, or an answer to read the long way); see
        ``sandbox.answer_offered``. ``_ask_with`` written out (one call fewer at every decision)."""
        scope = _SCOPE
        if not (scope.active and _get_ident() == scope.owner):
            return self._call(sandbox.answer, budget_s, obs)
        data, fired = WATCHDOG.run(scope, budget_s, sandbox.answer_offered, self.policy, obs)
        if scope.held:
            _raise_held(scope)
        return _reply(None, True, budget_s) if fired else data

    def _ask_with(self, fn: Any, obs: Observation, budget_s: float, *args: Any) -> Any:
        """``fn(policy, obs, *args)`` under the watchdog in the game loop's signal scope; anywhere else (a
        window's game thread) ``sandbox.answer`` the long way, with its own signal handling."""
        scope = _SCOPE
        if not (scope.active and _get_ident() == scope.owner):
            return self._call(sandbox.answer, budget_s, obs)
        data, fired = WATCHDOG.run(scope, budget_s, fn, self.policy, obs, *args)
        if scope.held:
            _raise_held(scope)
        return _reply(None, True, budget_s) if fired else data

    def close(self) -> None:
        pass


class _Question:
    """What ``Watchdog.run`` marks for a question asked outside ``signals_held`` (``WatchedSeat._call``):
    its token, for the signal handler ``_call`` installs, and the signals that handler held."""

    __slots__ = ("token", "asking", "held")

    def __init__(self) -> None:
        self.token, self.asking, self.held = 0, False, []


def _raise_held(scope: _SignalScope) -> None:
    """The person's signal held while the agent ran, raised here, outside it."""
    signum, scope.held = scope.held[0], []
    scope.saved[signum](signum, None)


def _reply(data: Any, fired: bool, budget_s: float) -> Reply:
    if fired:
        return Reply(fault=f"over time budget: no answer within {budget_s:.2f}s (cut off)", strike=True)
    return data if type(data) is Reply else reply_from(data)  # a Reply: ``sandbox.answer_reply``'s own
