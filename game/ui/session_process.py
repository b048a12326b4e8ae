"""The game in a child process, so an AI's thinking never competes with drawing for the GIL.

``ProcessSession`` has the window-side API of ``GameSession`` (``start``,
``poll``, ``answer``, ``set_paused``, ``set_pace``, ``close``, ``paused``,
``pace``, ``running``, ``finished``, ``replay_path``). The child process runs an
ordinary ``GameSession`` (its game thread, person seats, hooks and replay
saving are unchanged) and forwards its messages through a
``multiprocessing`` queue; commands come back through another. Why a process
and not only a thread: on a busy machine the OS can preempt the game thread
while it holds the GIL, and the drawing loop then stalls for a whole time
slice (we measured 100-250 ms frames); a separate process only competes for
a CPU core.

Children come from a ``forkserver`` (started once, with the game modules
preloaded) where the platform has one, so a new game starts in milliseconds
and no child inherits SDL state from the window.
"""

from __future__ import annotations

import atexit
import os
import queue
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.play import contain
from game.rules import Choice, Seat

from .config import GameConfig
from .session import Failed, Finished

PRELOAD = ["game.ui.session", "game.play", "agents"]


@dataclass(frozen=True)
class Closed:
    """The child stopped; ``path`` is the replay it saved, if any."""

    path: Path | None
    finished: bool


def context() -> Any:
    """The multiprocessing context for game processes: the agents' forkserver (``game.play.contain``), with the
    game modules preloaded as well (when the server is not running yet), so a new game starts in milliseconds
    and no child inherits SDL state from the window."""
    return contain.context(PRELOAD)


def _child(config: GameConfig, replay_dir: str, pace: float, budget_s: float | None, start: Any,
           out: Any, commands: Any, paused: bool, lifeline: Any = None) -> None:
    """Child process body: run a GameSession, forward its messages, obey commands.

    ``lifeline`` is the read end of a pipe only the window holds open: it reads end-of-file the moment the
    window is gone, however it went (``kill -9`` included). The child then saves what was played (the
    ``-unfinished`` replay) and exits at once, so no process outlives the window. (Its parent is the
    forkserver, not the window, so ``os.getppid()`` cannot tell.)"""
    from .session import GameSession

    try:
        kwargs = {} if budget_s is None else {"budget_s": budget_s}
        session = GameSession(config, Path(replay_dir), pace=pace, start=start, **kwargs)
    except Exception as exc:  # bad setup that slipped past the checks: one line, then stop
        out.put(Failed(f"the game could not start: {type(exc).__name__}: {exc}"))
        out.put(Closed(None, False))
        return
    session.set_paused(paused)
    session.start()
    closed = threading.Event()

    def orphaned() -> None:
        try:
            lifeline.recv_bytes()
        except BaseException:  # noqa: BLE001 - EOF: the window is gone
            pass
        if closed.is_set():
            return
        session.close(save=True)  # keep what was played, then go: nobody is left to read our messages
        out.cancel_join_thread()
        os._exit(0)

    if lifeline is not None:
        threading.Thread(target=orphaned, name="frenemies-lifeline", daemon=True).start()

    def listen() -> None:
        while not closed.is_set():
            try:
                cmd = commands.get(timeout=0.5)
            except queue.Empty:
                continue
            kind = cmd[0]
            if kind == "answer":
                session.answer(cmd[1], cmd[2])
            elif kind == "pause":
                session.set_paused(cmd[1])
            elif kind == "pace":
                session.set_pace(cmd[1])
            elif kind == "close":
                session.close(save=cmd[1])
                closed.set()

    threading.Thread(target=listen, name="frenemies-commands", daemon=True).start()
    while True:
        try:
            msg = session.inbox.get(timeout=0.05)
            out.put(msg)
            continue
        except queue.Empty:
            pass
        # a game that ended by itself is done when its messages are out; one being closed is done when its
        # close() returns (the save may still be under way when the game thread has already stopped)
        if closed.is_set() or (not session.running and session.inbox.empty() and not session.stopping):
            break
    for msg in session.poll():
        out.put(msg)
    out.put(Closed(session.replay_path, session.finished))
    out.close()
    out.join_thread()


class ProcessSession:
    """A game in a child process, driven like ``GameSession``."""

    def __init__(self, config: GameConfig, replay_dir: Path, pace: float = 0.4, budget_s: float | None = None,
                 start: Any = None) -> None:
        ctx = context()
        self.config, self.people = config, config.people
        self.pace, self._paused = max(0.0, pace), False
        self._out, self._commands = ctx.Queue(), ctx.Queue()
        self._life_r, self._life_w = ctx.Pipe(duplex=False)
        # not a daemon, so it may start agent processes for plug-ins; it ends with the window (its lifeline)
        self._proc = ctx.Process(target=_child, name="frenemies-game", daemon=False,
                                 args=(config, str(replay_dir), self.pace, budget_s, start, self._out,
                                       self._commands, False, self._life_r))
        self.replay_path: Path | None = None
        self.finished = False
        self._closed: Closed | None = None
        self._pending: list[Any] = []
        self._close_sent = False

    # ------------------------------------------------------------ the window's API
    def start(self) -> None:
        self._proc.start()
        self._life_r.close()
        atexit.register(self._cut_lifeline)  # an exit without close(): the child saves and ends, nobody waits

    def _cut_lifeline(self) -> None:
        try:
            self._life_w.close()
        except OSError:
            pass

    def poll(self) -> list[Any]:
        out, self._pending = self._pending, []
        while True:
            try:
                msg = self._out.get_nowait()
            except queue.Empty:
                break
            except (EOFError, OSError):
                break
            if isinstance(msg, Closed):
                self._closed = msg
                self.replay_path = msg.path or self.replay_path
                continue
            if isinstance(msg, Finished):
                self.finished, self.replay_path = True, msg.replay_path
            out.append(msg)
        return out

    def _send(self, *cmd: Any) -> None:
        if self._proc.is_alive() and not self._close_sent:
            self._commands.put(cmd)

    def answer(self, seat: Seat, choice: Choice) -> None:
        self._send("answer", seat, choice)

    @property
    def paused(self) -> bool:
        return self._paused

    def set_paused(self, paused: bool) -> None:
        self._paused = bool(paused)
        self._send("pause", self._paused)

    def set_pace(self, seconds: float) -> None:
        self.pace = max(0.0, float(seconds))
        self._send("pace", self.pace)

    @property
    def stopping(self) -> bool:
        return self._close_sent

    @property
    def running(self) -> bool:
        return self._proc.is_alive() and self._closed is None

    def close(self, save: bool = True, timeout: float = 15.0) -> Path | None:
        """Stop the game (saving what was played) and wait for the child; returns the replay path."""
        if self._proc.pid is None:
            return None
        if self._closed is None and self._proc.is_alive():
            if not self._close_sent:
                self._commands.put(("close", save))
                self._close_sent = True
            end = time.monotonic() + timeout
            while self._closed is None and time.monotonic() < end and (self._proc.is_alive() or not self._out.empty()):
                try:
                    msg = self._out.get(timeout=0.1)
                except queue.Empty:
                    continue
                if isinstance(msg, Closed):
                    self._closed = msg
                    self.replay_path = msg.path or self.replay_path
                else:
                    if isinstance(msg, Finished):
                        self.finished, self.replay_path = True, msg.replay_path
                    self._pending.append(msg)
        self._proc.join(timeout=2.0)
        if self._proc.is_alive():
            self._proc.terminate()
            self._proc.join(timeout=2.0)
        self._cut_lifeline()
        atexit.unregister(self._cut_lifeline)
        return self.replay_path
