"""The pygame front end (pygame-ce + pygame_gui). pygame is imported only under this package.

Modules:
  app            the window, the frame loop, the ``Scene`` base class and ``app.go(name)``
  scenes         the scene registry: scenes reach each other by name, never by import
  title_scene    new game / watch a replay / quit
  setup_scene    your company, opponents and difficulty, seed, scenario
  play_scene     the board, the feed and your turn; runs a session (a ``ProcessSession`` by default)
  turn_panel     compose a proposal, answer an offer, pick a move (legal ones only)
  results_scene  ranking, joint value and the score chart
  board          the one board renderer (play and replay); board_sections, chart: its parts
  session        the game thread, person seats and messages (no pygame)
  session_process  the same game in a child process (the window's default: drawing never waits on the GIL)
  autopilot      drives the real window with posted events (tests, the frame benchmark)
  preview, config  pure helpers: estimates, game setup
  replay/        the replay browser, the viewer, its panels and the fork dialog

``run`` opens the window. With a ``config`` the game starts at once (what
``frenemies play --as X --opponents ...`` does); without one, at the title.
``run_viewer`` opens it on one replay file (``frenemies replay FILE``).
"""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any, Callable

from game.rules import FrenemiesError

from .config import GameConfig

MIN_SIZE = (1280, 720)


def _open(first: Callable[[Any], Any], size: tuple[int, int], what: str, **kwargs: Any) -> Any:
    """Build the app (one line, not a traceback, where there is no display)."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    from .scenes import make_app

    try:
        return make_app(first, size=size, **kwargs)
    except pygame.error as exc:
        raise FrenemiesError(f"cannot open a window ({exc}); {what}") from None


def _run(app: Any) -> int:
    """Run the loop; SIGTERM closes the window as its close button does (what was played is saved)."""
    import pygame

    previous = signal.signal(signal.SIGTERM, lambda *_: pygame.event.post(pygame.event.Event(pygame.QUIT)))
    try:
        return app.run()
    finally:
        signal.signal(signal.SIGTERM, previous)


def run(config: GameConfig | None = None, defaults: GameConfig | None = None, replay_dir: Path | None = None,
        pace: float = 0.4, size: tuple[int, int] = MIN_SIZE, resume: Path | None = None) -> tuple[int, list[str]]:
    """Open the window and play until it closes; returns (exit code, lines to print afterwards). ``resume``:
    an ``-unfinished`` replay to play on from where it stopped (``frenemies play --resume FILE``)."""
    def first(app: Any) -> Any:
        app.defaults = defaults or config
        if resume is not None:     # checked before the window opened
            from .resume import resume_scene

            return resume_scene(app, resume)
        return app.make("play", config) if config is not None else app.make("title")

    app = _open(first, size, "on a machine without a display use 'frenemies play --headless'",
                replay_dir=replay_dir, pace=pace)
    code = _run(app)
    return code, app.messages


def run_viewer(path: str | Path, data: dict[str, Any] | None = None, size: tuple[int, int] = MIN_SIZE,
               directory: Path | None = None) -> int:
    """Open the window on one replay; returns the exit code.

    The file is loaded and re-simulated *before* a window opens, so a bad file is one line and exit code 2
    on the command line, never an empty window."""
    from game.replay import REPLAY_DIR, Timeline, load

    path = Path(path)
    timeline = Timeline(data if data is not None else load(path), str(path))
    app = _open(lambda a: a.make("viewer", timeline, path), size, f"use 'frenemies replay --text {path}'",
                replay_dir=directory or REPLAY_DIR)
    code = _run(app)
    for line in app.messages:
        print(line)
    return code
