"""A scripted person plays a whole sprint-2025 game through the real widgets,
from the title scene to the results scene, and the saved replay verifies.

Only posted pygame events reach the window (clicks on widget centres, key
presses); the person reads the screen's widgets to decide, like a player
reading the buttons. Runs under SDL_VIDEODRIVER=dummy (see conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game import replay  # noqa: E402
from game.rules import Phase, Seat  # noqa: E402
from game.ui.autopilot import Driver
from game.ui.scenes import make_app  # noqa: E402
from game.ui.title_scene import TitleScene  # noqa: E402

SHOTS = Path(__file__).resolve().parent / "screenshots"


class ScriptedPerson:
    """Plays Microsoft by reading the turn panel's widgets and clicking or typing."""

    def __init__(self, driver: Driver) -> None:
        self.d = driver
        self.turns: dict[str, int] = {}
        self.proposals_sent = 0
        self.shot: set[str] = set()

    def play_turn(self) -> None:
        scene = self.d.app.scene
        panel, phase = scene.panel, scene.turn.obs.phase
        n = self.turns.get(phase.value, 0)
        self.turns[phase.value] = n + 1
        if phase.value not in self.shot:
            self.shot.add(phase.value)
            self.d.app.screenshot(SHOTS / f"game_{phase.value}_1280x720.png")
        w = panel.widgets
        if phase is Phase.PROPOSE:
            if n % 3 == 0:
                self.compose(panel)
            else:
                self.d.key(pygame.K_SPACE)          # pass, by keyboard
        elif phase is Phase.RESPOND:
            if n % 2 == 0 and w["ans0"].is_enabled:
                self.d.click(w["ans0"])             # accept
                return
            if n % 3 == 1 and "cash+1" in w:
                self.d.click(w["cash+1"])           # ask $1B more...
                if self.d.app.scene.panel.widgets["ans2"].is_enabled:
                    self.d.key(pygame.K_3)          # ...as a counter
                    return
            self.d.click(self.d.app.scene.panel.widgets["ans1"])   # reject
        elif phase is Phase.ROFR:
            if w["ans0"].is_enabled and n % 2 == 0:
                self.d.key(pygame.K_1)
            else:
                self.d.key(pygame.K_SPACE)
        else:
            if n == 0:                              # ask the advisor, then take its suggestion back
                before = panel.draft()
                self.d.key(pygame.K_s)
                assert panel.suggestion
                self.d.key(pygame.K_u)
                assert panel.draft() == before
            enabled = [i for i in range(8) if f"move{i}" in w and w[f"move{i}"].is_enabled]
            pick = enabled[n % len(enabled)]
            self.d.key(pygame.K_1 + pick)           # a move by number key
            if n % 2:
                self.d.key(pygame.K_RIGHT)          # one capex level up, if affordable
            if n % 3 == 0:
                self.d.click(panel.widgets["confirm"])
            else:
                self.d.key(pygame.K_SPACE)

    def compose(self, panel) -> None:
        """Pick a counterparty, add terms from the list (arrow keys, then the Add button), step a quantity,
        offer a little cash, send if legal."""
        others = [k for k in panel.widgets if k.startswith("to") and panel.widgets[k].is_enabled]
        if others:
            self.d.click(panel.widgets[others[self.proposals_sent % len(others)]])
        for tries in range(6):
            for _ in range(tries):
                self.d.key(pygame.K_DOWN)
            if "add" in self.d.app.scene.panel.widgets:
                self.d.click(self.d.app.scene.panel.widgets["add"])
            w = self.d.app.scene.panel.widgets
            steps = [k for k in w if k.startswith("t0_") and k.endswith("+") and w[k].is_enabled]
            if steps:
                self.d.click(w[steps[0]])           # one step more of the first term's main quantity
            if self.d.app.scene.panel.widgets["propose"].is_enabled:
                break
            self.d.key(pygame.K_BACKSPACE)
        w = self.d.app.scene.panel.widgets
        if "cash-1" in w:
            self.d.click(w["cash-1"])               # a $1B sweetener
            if not self.d.app.scene.panel.widgets["propose"].is_enabled:
                self.d.click(self.d.app.scene.panel.widgets["cash+1"])
        panel = self.d.app.scene.panel
        if panel.widgets["propose"].is_enabled:
            self.proposals_sent += 1
            self.d.click(panel.widgets["propose"])
        else:
            self.d.click(panel.widgets["pass"])


@pytest.fixture
def app(tmp_path):
    SHOTS.mkdir(exist_ok=True)
    app = make_app(TitleScene, replay_dir=tmp_path, pace=0.0, fps=0)
    yield app
    if app.running:
        app.quit()
    pygame.display.quit()


def test_scripted_person_plays_a_whole_game(app, tmp_path):
    d = Driver(app)
    d.frames(2)
    assert app.scene.name == "title"
    d.click(app.scene.widgets["new"])
    d.until(lambda: app.scene.name == "setup", what="the setup scene")
    d.click(app.scene.widgets["seat0"])                       # play Microsoft
    d.pick(app.scene.widgets["who1"], "negotiator  (normal)")  # a dealer: offers with reasons to answer
    for seat in (2, 3):
        d.pick(app.scene.widgets[f"who{seat}"], "random  (trivial)")
    d.pick(app.scene.widgets["scenario"], "sprint-2025")
    d.type(app.scene.widgets["seed"], "11")
    d.click(app.scene.widgets["start"])
    d.until(lambda: app.scene.name == "play", what="the play scene")
    assert app.scene.config.controllers == ("person", "negotiator@normal", "random", "random")
    assert app.scene.config.seed == 11

    person = ScriptedPerson(d)
    paused_once = menu_once = False
    while app.scene.name == "play":
        scene = app.scene
        d.until(lambda: app.scene.name != "play" or app.scene.panel is not None, 30.0, "a turn or the results")
        if app.scene.name != "play":
            break
        if not paused_once:   # pause by keyboard: the AI holds, then resumes
            paused_once = True
            d.key(pygame.K_p)
            assert scene.session.paused
            d.click(scene.widgets["pause"])
            assert not scene.session.paused
        if not menu_once and scene.turn.obs.phase is Phase.ACT:
            menu_once = True
            d.key(pygame.K_ESCAPE)
            assert scene.menu_open and scene.panel.widgets == {}
            app.screenshot(SHOTS / "game_menu_1280x720.png")
            d.click(scene.widgets["resume"])
            assert not scene.menu_open and scene.panel.widgets
        # the person gets only their own view (the game runs in another process): OpenAI's capability is
        # the public estimate unless a pact shares it, and the chance seed is hidden
        view = scene.turn.obs.view
        if not view.sees_private(Seat.MICROSOFT, Seat.OPENAI):
            assert view.companies[Seat.OPENAI].capability == view.signal
            assert scene.views[Seat.MICROSOFT].companies[Seat.OPENAI].capability == view.signal
        assert view.seed == 0 and set(scene.views) == {Seat.MICROSOFT}
        person.play_turn()
    d.until(lambda: app.scene.name == "results", 10.0, "the results scene")
    app.screenshot(SHOTS / "game_results_1280x720.png")
    assert set(person.turns) >= {"propose", "act"}
    assert person.turns["act"] == 8

    saved = sorted(tmp_path.glob("play-sprint-2025-seed11-*.json"))
    assert len(saved) == 1 and "unfinished" not in saved[0].name
    data = replay.load(saved[0])
    check = replay.verify(data, str(saved[0]))
    assert check.ok, check.message
    assert check.quarters == 8 and "partial" not in data
    assert data["agents"]["Microsoft"] == "person"
    mine = [d_["choice"] for q in data["quarters"] for d_ in q["decisions"] if d_["seat"] == "Microsoft"]
    assert sum(c.startswith("act ") for c in mine) == 8
    assert any(c.startswith("propose ") for c in mine) == (person.proposals_sent > 0)
    assert app.scene.finished.replay_path == saved[0]

    d.click(app.scene.widgets["title"])
    assert app.scene.name == "title"
    d.key(pygame.K_ESCAPE)
    assert not app.running


def test_quitting_mid_game_saves_what_was_played(app, tmp_path):
    from game.ui.config import GameConfig
    from game.ui.play_scene import PlayScene

    d = Driver(app)
    app.switch(PlayScene(app, GameConfig("sprint-2025", 5, ("random", "person", "random", "random"))))
    for _ in range(6):  # play a few turns by keyboard (Space: pass / reject / hold)
        d.until(lambda: app.scene.panel is not None, 20.0, "a turn")
        d.key(pygame.K_SPACE)
    d.until(lambda: app.scene.panel is not None, 20.0, "a turn")
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    d.frames(1)
    assert not app.running
    saved = list(tmp_path.glob("play-sprint-2025-seed5-*-unfinished.json"))
    assert len(saved) == 1
    data = replay.load(saved[0])
    assert "result" not in data
    played = sum(len(q["decisions"]) for q in data["quarters"]) + len(data.get("partial", []))
    assert played >= 6
    assert replay.verify(data).ok
    assert any("unfinished game saved" in m for m in app.messages)


def test_a_person_plays_on_from_a_replay_frame(app, tmp_path):
    """The replay viewer's "play from here": a prepared session starts at a saved game's frame."""
    from game.replay import file_sha256, parse_frame, prepare
    from game.play import play_game
    from game.replay import scenario_of, write_atomic
    from game.ui.config import GameConfig
    from game.ui.play_scene import PlayScene
    from game.ui.session import GameSession

    parent = tmp_path / "parent.json"
    write_atomic(parent, play_game("sprint-2025", 4, ["random"] * 4).replay_text())
    data = replay.load(parent)
    controllers = ("random", "random", "person", "random")
    start = prepare(data, parse_frame("2026Q3", scenario_of(data)), list(controllers), parent.name,
                    file_sha256(parent))
    config = GameConfig("sprint-2025", start.model_seed, controllers)
    app.switch(PlayScene(app, config, session=GameSession(config, tmp_path, pace=0.0, start=start)))
    d = Driver(app)
    acts = 0
    while app.scene.name == "play":
        d.until(lambda: app.scene.name != "play" or app.scene.panel is not None, 20.0, "a turn or the results")
        if app.scene.name == "play":
            acts += app.scene.turn.obs.phase is Phase.ACT
            assert app.scene.turn.obs.label >= "2026Q3"
            d.key(pygame.K_SPACE)
    assert app.scene.name == "results" and acts == 2
    saved = app.scene.finished.replay_path
    assert saved.name == "fork-parent-at-2026Q3.json"  # a fork's name, so the replay list shows it as one
    fork = replay.load(saved)
    assert replay.verify(fork).ok and fork["parent"]["frame"]["quarter"] == "2026Q3"


def test_save_and_leave_then_continue_from_the_title(app, tmp_path):
    """"Save and leave" writes an -unfinished replay; the title then offers Continue, which plays on from the
    very decision the person left at, and the finished game's replay verifies and names its parent."""
    from game.replay import decision_records
    from game.ui.config import GameConfig
    from game.ui.play_scene import PlayScene

    d = Driver(app)
    app.switch(PlayScene(app, GameConfig("sprint-2025", 8, ("random", "person", "random", "random"))))
    for _ in range(5):
        d.until(lambda: app.scene.panel is not None, 20.0, "a turn")
        d.key(pygame.K_SPACE)
    d.until(lambda: app.scene.panel is not None, 20.0, "a turn")
    app.scene.leave_to_title()
    d.frames(2)
    assert app.scene.name == "title" and "continue" in app.scene.widgets
    left = app.scene.unfinished
    before = [r["choice"] for q in decision_records(replay.load(left)) for r in q]
    app.screenshot(SHOTS / "title_continue_1280x720.png")
    d.key(pygame.K_c)
    d.frames(1)
    assert app.scene.name == "play" and app.scene.people == (Seat.OPENAI,)
    while app.scene.name == "play":
        d.until(lambda: app.scene.name != "play" or app.scene.panel is not None, 20.0, "a turn or the results")
        if app.scene.name == "play":
            d.key(pygame.K_SPACE)
    saved = app.scene.finished.replay_path
    fork = replay.load(saved)
    assert replay.verify(fork).ok and fork["parent"]["file"] == left.name
    after = [r["choice"] for q in decision_records(fork) for r in q]
    assert after[:len(before)] == before and len(after) > len(before)
    app.go("title")
    assert "continue" not in app.scene.widgets, sorted(p.name for p in tmp_path.iterdir())        # played on: Continue does not offer it again


def test_what_cannot_be_resumed_says_so_in_one_line(tmp_path):
    from game.play import play_game
    from game.replay import write_atomic
    from game.ui.resume import ResumeError, resume_plan

    done = tmp_path / "done.json"
    write_atomic(done, play_game("sprint-2025", 1, ["random"] * 4).replay_text())
    with pytest.raises(ResumeError, match="finished"):
        resume_plan(done)
    data = replay.load(done)
    data.pop("result")
    data["partial"] = data["quarters"].pop()["decisions"][:3]
    ai_only = tmp_path / "ai-unfinished.json"
    write_atomic(ai_only, replay.dumps(data))
    with pytest.raises(ResumeError, match="nobody played this game at the screen"):
        resume_plan(ai_only)


def test_learn_to_play_walks_a_newcomer_through_a_quarter(app, tmp_path):
    """Title -> Learn to play: a sprint game as OpenAI with the coach; it explains the board, a proposal, an
    answer or a move and the quarter report the first time each comes up, then keeps to short tips."""
    from game.ui.coach import FIRST

    d = Driver(app, read_reports=False)
    d.frames(2)
    assert "learn" in app.scene.widgets
    d.key(pygame.K_l)
    scene = app.scene
    assert scene.name == "play" and scene.coach is not None and scene.people == (Seat.OPENAI,)
    assert scene.coach.hint()[0] == FIRST["wait"][0]
    shown: list[str] = []
    for _ in range(60):
        d.until(lambda: scene.report is not None or scene.panel is not None, 30.0, "a turn or a report")
        if "report" in scene.coach.seen:                # the first quarter is behind us
            break
        title = scene.coach.hint()[0]
        if title not in shown:
            shown.append(title)
            if len(shown) <= 3:
                app.screenshot(SHOTS / f"coach_{len(shown)}_1280x720.png")
        d.key(pygame.K_SPACE)
    assert FIRST["report"][0] in shown and FIRST["act"][0] in shown
    assert FIRST["propose"][0] in shown or FIRST["respond"][0] in shown
    assert scene.coach.hint()[0] == "Tip"               # after the first quarter: short tips
    scene.session.set_paused(True)                       # hold the AIs: no report opens under the key
    while scene.report is not None:
        d.key(pygame.K_SPACE)
    scene.session.set_paused(True)
    d.key(pygame.K_h)
    assert scene.coach.hidden and scene.coach.hint() is None
