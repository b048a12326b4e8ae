"""The scene registry: every scene of the window under a name.

Scenes move on with ``app.go("results", config, finished)`` instead of
importing each other, so the scene modules form no import circles; this is
the one module that knows them all. ``make_app`` builds an ``App`` with the
registry (what ``game.ui.run``, the tests and the benchmarks open).
"""

from __future__ import annotations

from typing import Any

from .app import App, SceneFactory
from .play_scene import PlayScene
from .replay.browser import ReplayScene
from .replay.viewer import ViewerScene
from .results_scene import ResultsScene
from .setup_scene import SetupScene
from .title_scene import TitleScene


def registry() -> dict[str, SceneFactory]:
    """Scene name -> scene class (each takes the app first)."""
    return {"title": TitleScene, "setup": SetupScene, "play": PlayScene, "results": ResultsScene,
            "replays": ReplayScene, "viewer": ViewerScene}


def make_app(first: SceneFactory | str = "title", *args: Any, **kwargs: Any) -> App:
    """An ``App`` whose scenes can all reach each other. ``first``: a scene name (then ``args`` are that scene's
    arguments) or a factory; ``kwargs`` go to ``App`` (size, replay_dir, pace, fps, session_mode)."""
    if isinstance(first, str):
        name = first
        return App(lambda app: app.make(name, *args), scenes=registry(), **kwargs)
    return App(first, scenes=registry(), **kwargs)
