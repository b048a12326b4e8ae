"""A game being played in the window: the Mesa model runs in a worker thread.

The window never runs the rules or an AI on its drawing loop. ``GameSession``
builds a ``FrenemiesModel`` whose person seats are ``HumanAgent``s: when the
engine asks a person, the agent posts a ``Turn`` (that seat's Observation, and
nothing else) and blocks until the window calls ``answer``. AI seats think in
the same worker thread. After every decision the worker posts an ``Update``
carrying each person's *redacted* view (``game.rules.redact``) and new feed
lines, so the window can only ever draw what a seat may know.

Pace and pause apply to AI moves: after each one the worker waits ``pace``
seconds, and while ``paused`` it waits before the next. ``close`` stops the
game at the next decision point and saves what was played (the recorder keeps
the unfinished quarter under ``"partial"``). No pygame here: the benchmark and
tests drive a session directly.
"""

from __future__ import annotations

import math
import queue
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agents import Agent, Decision
from agents.lookahead import default_act as lookahead_default_act
from game.play import DEFAULT_BUDGET_S, FrenemiesModel, setup_game
from game.replay import FeedBuilder, FeedLine, ForkStart, default_out, dumps, fresh_path, write_atomic
from game.rules import (SEATS, Act, Choice, GameState, Observation, Outcome, Phase, Seat, outcome, redact, score,
                        why_illegal)

from .config import PERSON, GameConfig
from .report import QuarterReport, build as build_report


class SessionClosed(BaseException):
    """Raised inside the game thread to stop it. A BaseException on purpose: the model turns an agent's
    ordinary exceptions into faults, but this one must end the game thread."""


# ---------------------------------------------------------------- messages to the window
@dataclass(frozen=True)
class Update:
    """The game moved: each person's view after the move, and the new feed lines."""

    views: dict[Seat, GameState]
    feed: tuple[FeedLine, ...]
    label: str


@dataclass(frozen=True)
class Thinking:
    """An AI seat started thinking (``seat`` None: nobody is)."""

    seat: Seat | None
    since: float


@dataclass(frozen=True)
class Turn:
    """A person must answer ``obs`` (their observation only)."""

    seat: Seat
    obs: Observation


@dataclass(frozen=True)
class QuarterScores:
    label: str
    scores: tuple[float, ...]


@dataclass(frozen=True)
class Reports:
    """The quarter just played, one report per person (``game.ui.report``)."""

    label: str
    by_seat: dict[Seat, QuarterReport]


@dataclass(frozen=True)
class Finished:
    outcome: Outcome
    replay_path: Path | None
    history: tuple[tuple[str, tuple[float, ...]], ...]
    values: tuple[tuple[float, float], ...]   # per seat: (value at start, value at the end), $B
    reports: dict = field(default_factory=dict)  # per person: the whole game as one QuarterReport ("how it was won")


@dataclass(frozen=True)
class Failed:
    message: str


def sealed_for(obs: Observation) -> GameState:
    """The view a person's choice is checked and previewed on. In the sealed moves the view hides the moves of
    the seats before theirs, so the rules would take the first of those to be the one moving (OpenAI's
    delay-model was "not one of Microsoft's moves", and a person at any seat but Microsoft's could not
    confirm most moves): a copy stands in the obvious move for each, so theirs is the one checked."""
    if obs.phase is not Phase.ACT:
        return obs.view
    view = obs.view.copy()
    for seat in SEATS:
        if seat < obs.seat and view.actions[seat] is None:
            view.actions[seat] = lookahead_default_act(view, seat)
    return view


class HumanAgent(Agent):
    """A person's seat: asks the window and waits for the answer (in the game thread, with no budget)."""

    code, description, difficulty = PERSON, "a person at this screen", "-"
    interactive = True

    def __init__(self, session: "GameSession") -> None:
        super().__init__()
        self.session = session
        self.answers: "queue.Queue[Choice | None]" = queue.Queue()

    def act(self, obs: Observation) -> Decision:
        self.session._post(Thinking(None, time.monotonic()))
        self.session._post(Turn(obs.seat, obs))
        while True:
            choice = self.answers.get()
            if choice is None or self.session.stopping:
                raise SessionClosed()
            reason = why_illegal(sealed_for(obs), choice)
            if reason is None:
                return Decision(choice, "")
            self.session._post(Failed(f"not a legal choice now: {choice} ({reason})"))


class GameSession:
    """One game in a worker thread; the window talks to it only through messages."""

    def __init__(self, config: GameConfig, replay_dir: Path, pace: float = 0.4,
                 budget_s: float = DEFAULT_BUDGET_S, start: ForkStart | None = None) -> None:
        """``start``: an optional ``game.replay.ForkStart`` (scenario, state, model_seed, recorder) to play on
        from a replay's frame instead of a new game; its recorder writes the fork's replay."""
        self.config, self.replay_dir = config, Path(replay_dir)
        self.pace, self._paused = max(0.0, pace), threading.Event()
        self.inbox: "queue.Queue[Any]" = queue.Queue()
        self._stop, self._wake = threading.Event(), threading.Event()
        self.people = config.people
        self.humans: dict[Seat, HumanAgent] = {s: HumanAgent(self) for s in self.people}
        # AI seats are built from their specs like any game's (built-ins in threads, plug-ins in processes)
        policies = [self.humans.get(s) for s in SEATS]
        self.feed = FeedBuilder(config.controllers)
        self.history: list[tuple[str, tuple[float, ...]]] = []
        game = setup_game(config.scenario, config.seed, config.controllers, policies=policies, hooks=[self],
                          budget_s=budget_s, start=start)
        self.model: FrenemiesModel = game.model
        self.recorder = game.recorder
        scen = self.model.scenario
        for seat in self.people:  # a person may think as long as they like
            self.model.companies[seat].budget_s = math.inf
        state = self.model.state
        self._quarter, self._label, self._log_mark = state.quarter, state.label(), 0
        start_lines = self.feed.log_lines(self._label, state.log)
        self.feed.extend(start_lines)
        self._log_mark = len(state.log)
        self._post(Update(self._views(state), tuple(start_lines), self._label))
        # the first report includes the opening events (drawn before anyone moved); a game played on from a
        # replay starts its report where it starts
        self._report_views, self._report_mark = self._views(state), 0 if start is None else len(state.log)
        self._first_views = self._report_views
        # played on from a replay frame: (parent file, frame text), so the save is named like any other fork
        self._fork_of = (str(start.recorder.parent["file"]), start.frame.text(scen)) if start is not None else None
        self.replay_path: Path | None = None
        self.finished = False
        self._thread = threading.Thread(target=self._run, name="frenemies-game", daemon=True)

    # ------------------------------------------------------------ window side
    def start(self) -> None:
        self._thread.start()

    def poll(self) -> list[Any]:
        """Every message posted since the last poll (never blocks)."""
        out = []
        while True:
            try:
                out.append(self.inbox.get_nowait())
            except queue.Empty:
                return out

    def answer(self, seat: Seat, choice: Choice) -> None:
        """A person's choice for their pending turn."""
        self.humans[seat].answers.put(choice)

    @property
    def paused(self) -> bool:
        return self._paused.is_set()

    def set_paused(self, paused: bool) -> None:
        (self._paused.set if paused else self._paused.clear)()
        self._wake.set()

    def set_pace(self, seconds: float) -> None:
        self.pace = max(0.0, float(seconds))
        self._wake.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def close(self, save: bool = True, timeout: float = 15.0) -> Path | None:
        """Stop the game; if it did not finish, save what was played. Returns the replay path, if any."""
        if not self._stop.is_set():
            self._stop.set()
            self._wake.set()
            for human in self.humans.values():
                human.answers.put(None)
        if self._thread.is_alive():
            self._thread.join(timeout)
        if save and not self.finished and self.replay_path is None and self.recorder.header:
            if self.recorder.quarters or self.recorder.current:
                self.replay_path = self._save(unfinished=True)
        return self.replay_path

    # ------------------------------------------------------------ game thread
    def _post(self, message: Any) -> None:
        self.inbox.put(message)

    def _views(self, state: GameState) -> dict[Seat, GameState]:
        return {seat: redact(state, seat) for seat in self.people}

    def _run(self) -> None:
        try:
            while self.model.running and not self._stop.is_set():
                self.model.step()
        except SessionClosed:
            return
        except Exception as exc:  # a bug in the game or an agent: report it, keep what was played
            self._post(Failed(f"the game stopped: {type(exc).__name__}: {exc}"))
            self.replay_path = self._save(unfinished=True)
            return
        if self.model.state.is_over():
            self.finished = True
            self.replay_path = self._save(unfinished=False)
            st = self.model.state
            # the last quarter's report already holds the final views (``on_quarter`` ran for it)
            whole = {s: build_report("the game", s, self._first_views[s], self._report_views[s], ())
                     for s in self.people}
            self._post(Finished(outcome(st), self.replay_path, tuple(self.history),
                                tuple((c.value_start, c.value) for c in st.companies), whole))

    def _save(self, unfinished: bool) -> Path | None:
        """Write the replay atomically under a fresh name; a failure is reported, never raised.

        A game played on from a replay frame is a fork: it takes ``game.replay.default_out``'s name, so the replay list
        shows it beside the forks made with "Run from here"."""
        tail = "-unfinished" if unfinished else ""
        if self._fork_of is not None:
            path = default_out(*self._fork_of, self.replay_dir, tail)
        else:
            stamp = time.strftime("%Y%m%d-%H%M%S")
            path = fresh_path(self.replay_dir, f"play-{self.model.scenario.name}-seed{self.config.seed}-{stamp}{tail}")
        try:
            write_atomic(path, dumps(self.recorder.to_dict()))
        except OSError as exc:
            self._post(Failed(f"could not save the replay to {path}: {exc.strerror or exc}"))
            return None
        return path

    def _wait_pace(self) -> None:
        """Hold an AI move on screen for ``pace`` seconds, then wait while paused (wakes early on close)."""
        deadline = time.monotonic() + self.pace
        while not self._stop.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                break
            self._wake.clear()
            self._wake.wait(min(left, 0.1))
            deadline = min(deadline, time.monotonic() + self.pace)
        while self._paused.is_set() and not self._stop.is_set():
            self._wake.clear()
            self._wake.wait(0.1)
        if self._stop.is_set():
            raise SessionClosed()

    # ------------------------------------------------------------ hooks (called by the model, game thread)
    def on_ask(self, model: FrenemiesModel, seat: Seat) -> None:
        """Before an AI seat is asked: stop here if the window closed the game, else say who is thinking."""
        if seat in self.humans:
            return
        if self.stopping:
            raise SessionClosed()
        self._post(Thinking(seat, time.monotonic()))

    def on_decision(self, model: FrenemiesModel, seat: Seat, choice: Choice, rationale: str,
                    fault: str | None) -> None:
        state = model.state
        new_log = state.log[self._log_mark:]
        self._log_mark = len(state.log)
        resolved = state.quarter != self._quarter
        lines = self.feed.decision(self._label, seat, choice, rationale, fault, new_log, resolved)
        self._quarter, self._label = state.quarter, state.label()
        self._post(Update(self._views(state), tuple(lines), self._label))
        if seat not in self.humans:
            self._post(Thinking(None, time.monotonic()))
            self._wait_pace()

    def on_quarter(self, model: FrenemiesModel, label: str, state: GameState) -> None:
        scores = tuple(round(score(state, s), 2) for s in SEATS)
        self.history.append((label, scores))
        self._post(QuarterScores(label, scores))
        after, log = self._views(state), tuple(state.log[self._report_mark:])
        self._post(Reports(label, {s: build_report(label, s, self._report_views[s], after[s], log)
                                   for s in self.people}))
        self._report_views, self._report_mark = after, len(state.log)


def default_act(obs: Observation) -> Choice:
    """Hold, with the standing capex order: the window's default move."""
    return Act("hold")


__all__ = ["GameSession", "HumanAgent", "SessionClosed", "Update", "Thinking", "Turn",
           "QuarterScores", "Finished", "Failed", "default_act"]
