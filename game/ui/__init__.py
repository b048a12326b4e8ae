"""The pygame front end (pygame-ce + pygame_gui). pygame is imported only under this package.

Modules:
  app            the window, the frame loop and the ``Scene`` base class
  title_scene    new game / watch a replay / quit (the replay hook: see its docstring)
  setup_scene    your company, opponents and difficulty, seed, scenario
  play_scene     the board, the feed and your turn; runs a session (a ``ProcessSession`` by default)
  turn_panel     compose a proposal, answer an offer, pick a move (legal ones only)
  results_scene  ranking, joint value and the score chart
  board          the one board renderer (play and replay); board_sections, chart: its parts
  session        the game thread, person seats and messages (no pygame)
  session_process  the same game in a child process (the window's default: drawing never waits on the GIL)
  autopilot      drives the real window with posted events (tests, the frame benchmark)
  feed, preview, config   pure helpers: feed lines, estimates, game setup

``run`` opens the window. With a ``config`` the game starts at once (what
``frenemies play --as X --opponents ...`` does); without one, at the title.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

from .config import GameConfig


def run(config: GameConfig | None = None, defaults: GameConfig | None = None, replay_dir: Path | None = None,
        pace: float = 0.4, size: tuple[int, int] = (1280, 720)) -> tuple[int, list[str]]:
    """Open the window and play until it closes; returns (exit code, lines to print afterwards)."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from .app import App
    from .play_scene import PlayScene
    from .title_scene import TitleScene

    def first(app: App):
        app.defaults = defaults or config
        return PlayScene(app, config) if config is not None else TitleScene(app)

    import pygame

    from game.rules.errors import FrenemiesError

    try:
        app = App(first, size=size, replay_dir=replay_dir, pace=pace)
    except pygame.error as exc:
        raise FrenemiesError(f"cannot open a window ({exc}); on a machine without a display use "
                             f"'frenemies play --headless'") from None
    previous = signal.signal(signal.SIGTERM, lambda *_: pygame.event.post(pygame.event.Event(pygame.QUIT)))
    try:
        code = app.run()
    finally:
        signal.signal(signal.SIGTERM, previous)
    return code, app.messages
