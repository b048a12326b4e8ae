"""A whole game with the keyboard alone, and another with the mouse alone,
from the title scene to the results scene (random opponents, sprint-2025)."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game import replay  # noqa: E402
from game.rules import Phase  # noqa: E402
from game.ui.autopilot import Driver
from game.ui.scenes import make_app  # noqa: E402
from game.ui.config import PERSON, GameConfig  # noqa: E402
from game.ui.title_scene import TitleScene  # noqa: E402


@pytest.fixture
def app(tmp_path):
    app = make_app(TitleScene, replay_dir=tmp_path, pace=0.0, fps=0, session_mode="thread")  # (process mode: test_ui_game)
    # what `frenemies play --seed 21 --scenario sprint-2025` would prefill; opponents are random for speed
    app.defaults = GameConfig("sprint-2025", 21, ("random", PERSON, "random", "random"))
    yield app
    if app.running:
        app.quit()
    pygame.display.quit()


def keys_turn(d: Driver, n: int) -> None:
    scene = d.app.scene
    phase, w = scene.turn.obs.phase, scene.panel.widgets
    if phase is Phase.PROPOSE:
        if n % 2 == 0:
            d.key(pygame.K_RIGHT)                       # another counterparty
            for _ in range(n % 5):
                d.key(pygame.K_DOWN)                    # walk the term list
            d.key(pygame.K_a)                           # add the term
            d.key(pygame.K_MINUS)                       # offer $1B more
            if not d.app.scene.panel.widgets["propose"].is_enabled:
                d.key(pygame.K_EQUALS)
            if d.app.scene.panel.widgets["propose"].is_enabled:
                d.key(pygame.K_RETURN)
                return
        d.key(pygame.K_SPACE)
    elif phase in (Phase.RESPOND, Phase.ROFR):
        d.key(pygame.K_1 if w["ans0"].is_enabled and n % 2 == 0 else pygame.K_SPACE)
    else:
        d.key(pygame.K_1 + n % 7)
        d.key(pygame.K_RIGHT)
        d.key(pygame.K_SPACE)


def mouse_turn(d: Driver, n: int) -> None:
    scene = d.app.scene
    phase, w = scene.turn.obs.phase, scene.panel.widgets
    if phase is Phase.PROPOSE:
        if n % 2 == 0:
            targets = [k for k in w if k.startswith("to") and w[k].is_enabled]
            if targets:
                d.click(w[targets[n % len(targets)]])
            w = d.app.scene.panel.widgets
            if "term" in w:
                options = [o[0] if isinstance(o, tuple) else o for o in w["term"].options_list]
                d.pick(w["term"], options[n % len(options)])
                d.click(d.app.scene.panel.widgets["add"])
            w = d.app.scene.panel.widgets
            if w["propose"].is_enabled:
                d.click(w["propose"])
                return
        d.click(w["pass"])
    elif phase in (Phase.RESPOND, Phase.ROFR):
        d.click(w["ans0"] if w["ans0"].is_enabled and n % 2 else w["ans1"])
    else:
        moves = [k for k in w if k.startswith("move") and w[k].is_enabled]
        d.click(w[moves[n % len(moves)]])
        w = d.app.scene.panel.widgets
        capex = [k for k in w if k.startswith("capex") and w[k].is_enabled]
        d.click(w[capex[n % len(capex)]])
        d.click(d.app.scene.panel.widgets["confirm"])


@pytest.mark.parametrize("mode", ["keyboard", "mouse"])
def test_a_whole_game_with_one_input_device(app, tmp_path, mode):
    d = Driver(app)
    d.frames(2)
    if mode == "keyboard":
        d.key(pygame.K_SPACE)          # title: new game
        d.key(pygame.K_4)              # setup: play Oracle
        d.key(pygame.K_SPACE)          # start
    else:
        d.click(app.scene.widgets["new"])
        d.click(app.scene.widgets["seat3"])
        d.click(app.scene.widgets["start"])
    assert app.scene.name == "play" and app.scene.config.people[0].label == "Oracle"
    turn = mouse_turn if mode == "mouse" else keys_turn
    n = 0
    while app.scene.name == "play":
        d.until(lambda: app.scene.name != "play" or app.scene.panel is not None, 30.0, "a turn or the results")
        if app.scene.name == "play":
            turn(d, n)
            n += 1
    assert app.scene.name == "results"
    saved = list(tmp_path.glob("play-sprint-2025-seed21-*.json"))
    assert len(saved) == 1 and replay.verify(replay.load(saved[0])).ok
    if mode == "keyboard":
        d.key(pygame.K_t)                          # asks first (the results must not vanish on a stray key)
        assert app.scene.name == "results"
        d.key(pygame.K_t)
    else:
        d.click(app.scene.widgets["title"])
    assert app.scene.name == "title"
