"""Every scene renders at 1280x720 and 1920x1080 and leaves a screenshot in
tests/screenshots/ (git-ignored) for people to look at; the hot-seat hand-over
hides the board; the title's replay button follows the replay viewer hook."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.play import play_game  # noqa: E402
from game.rules import SEATS, Phase, Seat, score  # noqa: E402
from game.ui.app import App  # noqa: E402
from game.ui.autopilot import Driver  # noqa: E402
from game.ui.scenes import make_app as open_app  # noqa: E402
from game.ui.config import PERSON, GameConfig  # noqa: E402
from game.ui.play_scene import PlayScene  # noqa: E402
from game.ui.results_scene import ResultsScene  # noqa: E402
from game.ui.session import Finished  # noqa: E402
from game.ui.setup_scene import SetupScene  # noqa: E402
from game.ui.title_scene import TitleScene  # noqa: E402

SHOTS = Path(__file__).resolve().parent / "screenshots"
SIZES = [(1280, 720), (1920, 1080)]


def shot(app: App, name: str, min_colours: int = 12) -> Path:
    """Save a screenshot and check it is a real picture (many colours, nothing blank)."""
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"{name}_{app.size[0]}x{app.size[1]}.png"
    app.screenshot(path)
    small = pygame.transform.scale(app.window, (160, 90))
    colours = {small.get_at((x, y))[:3] for x in range(0, 160, 4) for y in range(0, 90, 4)}
    assert len(colours) > min_colours, f"{name} looks blank"
    return path


@pytest.fixture
def make_app(tmp_path):
    apps: list[App] = []

    def make(first, size):
        app = open_app(first, size=size, replay_dir=tmp_path, pace=0.0, fps=0, session_mode="thread")
        apps.append(app)
        return app

    yield make
    for app in apps:
        if app.running:
            app.quit()
    pygame.display.quit()


def finished_game() -> tuple[GameConfig, Finished]:
    """A finished sprint game, as the results scene receives it."""
    history: list[tuple[str, tuple[float, ...]]] = []

    class Scores:
        def on_quarter(self, model, label, state):
            history.append((label, tuple(score(state, s) for s in SEATS)))

    res = play_game("sprint-2025", 4, ["random"] * 4, [Scores()])
    values = tuple((c.value_start, c.value) for c in res.model.state.companies)
    config = GameConfig("sprint-2025", 4, ("random", PERSON, "random", "random"))
    from game.rules import load_scenario, new_game, redact
    from game.ui.report import build

    first = redact(new_game(load_scenario("sprint-2025"), 4), Seat.OPENAI)
    whole = {Seat.OPENAI: build("the game", Seat.OPENAI, first, redact(res.model.state, Seat.OPENAI), ())}
    return config, Finished(res.outcome, Path("replays/play-sprint-2025-seed4.json"), tuple(history), values, whole)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_each_scene_renders(make_app, size):
    app = make_app(TitleScene, size)
    d = Driver(app)
    d.frames(3)
    assert app.size == size
    shot(app, "title")
    d.key(pygame.K_SPACE)
    assert app.scene.name == "setup"
    d.frames(2)
    shot(app, "setup")
    d.pick(app.scene.widgets["who2"], "Another person (hot-seat)")
    assert app.scene.controllers[Seat.SOFTBANK] == PERSON
    d.frames(2)
    shot(app, "setup_hotseat")

    app.switch(PlayScene(app, GameConfig("sprint-2025", 8, ("random", PERSON, "random", "random"))))
    d.until(lambda: app.scene.panel is not None, 20.0, "the first turn")
    d.frames(2)
    shot(app, f"play_{app.scene.turn.obs.phase.value}")
    while app.scene.turn.obs.phase is not Phase.ACT:
        d.key(pygame.K_SPACE)
        d.until(lambda: app.scene.panel is not None, 20.0, "the next turn")
    d.frames(2)
    shot(app, "play_act")
    d.key(pygame.K_4)                              # pick a move: the panel previews it against holding
    d.frames(2)
    preview = app.scene.panel.widgets["preview"].html_text
    assert "Against holding: you" in preview and "the leader" in preview or "the next" in preview
    shot(app, "play_act_preview")
    d.key(pygame.K_s)                              # ask the advisor: it fills in its move and says why
    d.frames(2)
    assert "Suggested" in app.scene.panel.widgets["preview"].html_text and app.scene.panel.suggestion
    shot(app, "play_act_suggest")
    d.key(pygame.K_1)                              # back to hold
    panel = app.scene.panel
    off = [k for k, w in panel.widgets.items() if k.startswith("move") and not w.is_enabled]
    assert off, "OpenAI cannot convert in 2025Q1 without consent: that move must be greyed out"
    d.hover(panel.widgets[off[0]])                 # a disabled choice still explains itself
    tip = panel.widgets[off[0]].tool_tip_text
    assert tip.startswith("Not now: ") and "consent" in tip
    shot(app, "play_tooltip")
    pygame.mouse.set_pos((1, 1))
    d.key(pygame.K_ESCAPE)
    shot(app, "play_menu")
    d.key(pygame.K_ESCAPE)
    app.scene.session.set_paused(True)
    d.key(pygame.K_SPACE)
    d.until(lambda: app.scene.thinking is not None or app.scene.session.paused, 5.0, "the AIs")
    d.frames(2)
    shot(app, "play_waiting")

    config, fin = finished_game()
    app.switch(ResultsScene(app, config, fin))
    d.frames(2)
    shot(app, "results")
    assert {"again", "title", "quit"} <= set(app.scene.widgets)
    # one press too many from play (Space passes there) only asks; a second press starts the new game
    d.key(pygame.K_SPACE)
    assert app.scene.name == "results" and app.scene.armed == "again"
    shot(app, "results_confirm")
    d.key(pygame.K_a)                              # any other key keeps the results
    d.key(pygame.K_ESCAPE)
    assert app.scene.name == "results" and app.scene.armed == "quit"
    d.key(pygame.K_SPACE)
    assert app.scene.name == "results" and app.scene.armed == "again"
    d.key(pygame.K_SPACE)
    d.frames(2)
    assert app.scene.name == "setup"


def test_window_resize_rebuilds_the_layout(make_app):
    app = make_app(lambda a: PlayScene(a, GameConfig("sprint-2025", 2, ("random", "random", PERSON, "random"))),
                   (1280, 720))
    d = Driver(app)
    d.until(lambda: app.scene.panel is not None, 20.0, "the first turn")
    small = app.scene.panel.rect.copy()
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=1600, h=900, size=(1600, 900)))
    d.frames(2)
    assert app.size == (1600, 900) and app.scale == 1.25
    assert app.scene.panel.rect.w > small.w and app.scene.panel.widgets
    shot(app, "play_resized")
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=800, h=500, size=(800, 500)))
    d.frames(2)
    assert app.size == (1280, 720)   # never below the minimum


def test_hot_seat_hands_over_between_people(make_app):
    config = GameConfig("sprint-2025", 6, (PERSON, PERSON, "random", "random"))
    app = make_app(lambda a: PlayScene(a, config), (1280, 720))
    d = Driver(app)
    seen: list[Seat] = []
    d.frames(2)
    assert app.scene.handover == Seat.MICROSOFT and "handover" in app.scene.widgets   # the first person too
    for _ in range(12):
        d.until(lambda: app.scene.turn is not None, 20.0, "a person's turn")
        scene = app.scene
        seat = scene.turn.seat
        if scene.handover is not None:
            assert scene.handover == seat and scene.panel.widgets == {}
            d.frames(1)
            backdrop = app.window.get_at((5, app.size[1] - 5))[:3]
            board_spot = app.window.get_at(scene.layout()["board"].center)[:3]
            assert "handover" in scene.widgets and board_spot == backdrop   # nothing of the board shows
            if len(seen) < 2:
                shot(app, "play_handover", min_colours=4)
            d.key(pygame.K_SPACE)
            assert scene.handover is None and scene.viewer == seat
        assert scene.viewer == seat and scene.panel.widgets
        board_view = scene.board_data().view
        assert board_view is scene.views[seat]      # the board shows this person's view only
        seen.append(seat)
        d.key(pygame.K_SPACE)
    assert set(seen) == {Seat.MICROSOFT, Seat.OPENAI}
    assert seen[0] == Seat.MICROSOFT


def test_scenes_reach_each_other_through_the_registry(make_app):
    """The title's replay button opens the registered replay list; Esc there goes back to the title."""
    app = make_app(TitleScene, (1280, 720))
    d = Driver(app)
    d.click(app.scene.widgets["replay"])
    assert app.scene.name == "replays"
    d.key(pygame.K_ESCAPE)
    assert app.scene.name == "title"
    with pytest.raises(KeyError, match="no scene named 'nowhere'"):
        app.go("nowhere")


def test_setup_reports_a_bad_seed_in_one_line(make_app):
    app = make_app(SetupScene, (1280, 720))
    d = Driver(app)
    d.type(app.scene.widgets["seed"], "")
    d.click(app.scene.widgets["start"])
    assert app.scene.name == "setup" and "seed" in app.scene.error


def test_the_quarter_report_opens_as_each_quarter_ends_and_on_q(make_app):
    """After the first quarter resolves the report covers the board (the AIs wait); Space closes it, Q opens
    the last one again, and the menu can turn the automatic ones off."""
    app = make_app(lambda a: PlayScene(a, GameConfig("sprint-2025", 3, ("random", "random", PERSON, "random"))),
                   (1280, 720))
    d = Driver(app, read_reports=False)
    while app.scene.report is None:
        d.until(lambda: app.scene.report is not None or app.scene.panel is not None, 20.0, "a turn or a report")
        if app.scene.report is None:
            d.key(pygame.K_SPACE)
    scene = app.scene
    assert scene.report.label == "2025Q1" and scene.session.paused
    assert scene.report.highlights[0].startswith("Your score")
    d.frames(2)
    shot(app, "play_report")
    d.key(pygame.K_SPACE)
    assert scene.report is None and not scene.session.paused
    d.key(pygame.K_q)
    assert scene.report is not None and scene.report.label == "2025Q1"
    d.key(pygame.K_q)
    assert scene.report is None
    d.key(pygame.K_ESCAPE)
    d.click(scene.widgets["reports"])
    assert not scene.auto_reports and scene.widgets["reports"].text.endswith("off")
    d.key(pygame.K_ESCAPE)


def test_f1_and_question_mark_open_the_rules_in_every_scene(make_app):
    app = make_app(lambda a: TitleScene(a), (1280, 720))
    d = Driver(app)
    for name in ("title", "setup"):
        if name == "setup":
            d.key(pygame.K_SPACE)
        assert app.scene.name == name
        d.key(pygame.K_F1)
        assert app.help_open
        d.key(pygame.K_SPACE)                      # taken by the help: the scene does not move on
        assert app.scene.name == name and app.help_open
        shot(app, f"help_{name}")
        d.key(pygame.K_ESCAPE)
        assert not app.help_open and app.scene.name == name
    d.key(pygame.K_SLASH, text="?")
    assert app.help_open
    d.key(pygame.K_SLASH, text="?")
    assert not app.help_open


def test_undo_takes_back_each_change_to_a_draft_and_tips_open_above_the_buttons(make_app):
    """U (or the Undo button) steps a draft back one change at a time before it is sent; a term row's tooltip
    opens above the row, never over the Send button below it (issue 14: findings 8 and 10)."""
    app = make_app(lambda a: PlayScene(a, GameConfig("sprint-2025", 3, (PERSON, "random", "random", "random"))),
                   (1280, 720))
    d = Driver(app)
    d.until(lambda: app.scene.panel is not None and app.scene.turn.obs.phase is Phase.PROPOSE, 20.0, "a proposal")
    panel = app.scene.panel
    start = panel.draft()
    assert "undo" not in panel.widgets                  # nothing to take back yet
    d.key(pygame.K_1)                                   # add the list's first term
    d.key(pygame.K_PLUS)                                # $1B more my way
    after_term, = [panel.draft()[1]]
    assert after_term and panel.cash == 1.0 and len(panel.history) == 2 and "undo" in panel.widgets
    d.hover(panel.widgets["t0"])
    tip = panel.widgets["t0"].tool_tip
    assert tip.rect.bottom <= panel.widgets["t0"].rect.top, "the tooltip opens above the row"
    assert not tip.rect.colliderect(panel.widgets["propose"].rect)
    d.frames(2)
    shot(app, "play_tip_above")
    text = panel.widgets["t0"].tool_tip_text
    assert text.startswith("Microsoft supplies OpenAI") and "``" not in text   # plain words, not the docstring
    pygame.mouse.set_pos((1, 1))
    d.frames(3)
    shot(app, "play_undo")
    d.key(pygame.K_u)                                   # the cash back...
    assert panel.cash == 0.0 and panel.draft()[1] == after_term
    d.click(panel.widgets["undo"])                      # ...and the term, by mouse
    assert panel.draft() == start and not panel.history and "undo" not in panel.widgets
    d.key(pygame.K_u)                                   # nothing left: no change, no error
    assert panel.draft() == start
    d.key(pygame.K_1)
    d.key(pygame.K_SPACE)                               # pass: the choice is made, the draft ends with it
    d.until(lambda: app.scene.panel is not panel, 20.0, "the next turn")
