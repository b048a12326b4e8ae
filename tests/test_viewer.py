"""The replay viewer under SDL's dummy driver: every sample opens, plays, seeks
(keys and seek-bar clicks), steps back and forth and forks; the list refuses
bad files with a dialog. Screenshots go to tests/screenshots/ (git-ignored)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pygame
import pytest

from game import replay
from game.replay import check_parent, file_sha256
from game.ui.app import App
from game.ui.autopilot import Driver
from game.ui.scenes import make_app
from game.ui.replay.browser import ReplayScene, load_timeline
from game.replay import Timeline
from game.ui.replay.viewer import SPEEDS, ViewerScene
from game.ui.session_process import ProcessSession

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "replays").glob("sample-*.json"))
SHOTS = ROOT / "tests" / "screenshots"
EXPECTED_MARKS = {"sample-agi-dispute": {"agi-declared", "agi-disputed"}, "sample-deadline-passes": {"deadline"},
                  "sample-planner-selfplay": {"deal", "conversion"}}


def key(k: int, mod: int = 0, unicode: str = "") -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=unicode))


@pytest.fixture
def window():
    apps: list[App] = []

    def make(first, size=(1280, 720), replay_dir=None) -> tuple[App, Driver]:
        app = make_app(first, size=size, replay_dir=replay_dir, fps=0)
        apps.append(app)
        return app, Driver(app)

    yield make
    pygame.display.quit()


def shot(app: App, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    app.screenshot(SHOTS / f"{name}.png")


def test_there_are_samples():
    names = {p.stem for p in SAMPLES}
    assert {"sample-planner-selfplay", "sample-agi-dispute", "sample-deadline-passes"} <= names


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_sample_verifies_and_shows_what_it_is_for(path):
    data = replay.load(path)
    assert replay.verify(data, str(path)).ok
    tl = Timeline(data, str(path))
    assert not tl.mismatch
    assert EXPECTED_MARKS.get(path.stem, set()) <= set().union(*tl.marks)
    if data.get("parent"):  # a fork sample: its parent ships next to it, unchanged
        assert "sha256 matches" in check_parent(data, path.parent / data["parent"]["file"])


def reference(data) -> list[str]:
    return [st.digest() for _, _, st in replay.states(data)]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_sample_plays_seeks_and_steps(path, window):
    tl = load_timeline(path)
    ref = reference(tl.data)
    app, drv = window(lambda a: ViewerScene(a, tl, path))
    scene = app.scene
    drv.frames(2)
    # play: frames advance by themselves (fastest speed so the test is short)
    for _ in range(6):
        key(pygame.K_PLUS, unicode="+")
    drv.frames(1)
    assert scene.speed == SPEEDS[-1]
    key(pygame.K_SPACE, unicode=" ")
    drv.until(lambda: scene.frame >= 5, timeout=10, what="playback")
    key(pygame.K_SPACE, unicode=" ")
    drv.frames(1)
    assert not scene.playing
    # seek: click a seek-bar cell
    bar = scene._bar()
    q = min(3, len(tl.quarter_start) - 1)
    drv.click_at((bar.cell(q).x + 1, bar.rect.centery))
    assert tl.quarter_at(scene.frame) == q and scene.frame == bar.frame_at_x(bar.cell(q).x + 1)
    assert scene.state().digest() == ref[scene.frame]
    # drag along the bar
    x0, x1 = bar.cell(1).centerx, bar.cell(len(tl.quarter_start) - 1).centerx
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(x0, bar.rect.centery), button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(x1, bar.rect.centery), rel=(x1 - x0, 0),
                                         buttons=(1, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(x1, bar.rect.centery), button=1))
    drv.frames(2)
    assert scene.frame == bar.frame_at_x(x1)
    # keys: step, quarter, home, end; the board's state always matches a fresh re-simulation
    start = tl.quarter_frame(2)
    scene.seek(start)
    for k, mod, want in ((pygame.K_RIGHT, 0, start + 1), (pygame.K_RIGHT, 0, start + 2), (pygame.K_LEFT, 0, start + 1),
                         (pygame.K_RIGHT, pygame.KMOD_SHIFT, tl.quarter_frame(3)),
                         (pygame.K_LEFT, pygame.KMOD_SHIFT, tl.quarter_frame(2)),
                         (pygame.K_LEFT, pygame.KMOD_SHIFT, tl.quarter_frame(1)),
                         (pygame.K_END, 0, tl.last_frame), (pygame.K_LEFT, 0, tl.last_frame - 1),
                         (pygame.K_HOME, 0, 0), (pygame.K_LEFT, 0, 0)):
        key(k, mod)
        drv.frames(1)
        assert scene.frame == want, (k, mod)
        assert scene.state().digest() == ref[scene.frame]
    for _ in range(8):
        key(pygame.K_MINUS, unicode="-")
    drv.frames(1)
    assert scene.speed == SPEEDS[0]
    scene.seek(tl.quarter_frame(len(tl.quarter_start) // 2) + 3)
    drv.frames(1)
    shot(app, f"viewer-{path.stem}-1280x720")


def test_screens_at_1080p_help_and_fork_dialog(window):
    path = ROOT / "replays" / "sample-agi-dispute.json"
    tl = load_timeline(path)
    disputed = next(q for q, m in enumerate(tl.marks) if "agi-disputed" in m)
    app, drv = window(lambda a: ViewerScene(a, tl, path, frame=tl.quarter_frame(disputed + 1) - 1),
                      size=(1920, 1080))
    drv.frames(2)
    shot(app, "viewer-agi-dispute-1920x1080")
    key(pygame.K_SLASH, pygame.KMOD_SHIFT, "?")
    drv.frames(1)
    assert app.scene.help_open
    shot(app, "viewer-help-1920x1080")
    key(pygame.K_ESCAPE)
    drv.frames(1)
    assert not app.scene.help_open and app.scene is not None and app.scene.name == "replay-viewer"
    key(pygame.K_f, unicode="f")
    drv.frames(2)
    assert app.scene.dialog is not None
    shot(app, "viewer-fork-dialog-1920x1080")


def open_copy_of_sample(window, tmp_path: Path):
    """The viewer on a copy of a sample in ``tmp_path``, so forks it saves land there."""
    src = ROOT / "replays" / "sample-deadline-passes.json"
    path = tmp_path / src.name
    path.write_bytes(src.read_bytes())
    tl = load_timeline(path)
    app, drv = window(lambda a: ViewerScene(a, tl, path), replay_dir=tmp_path)
    return app, drv, tl, path


def test_run_from_here_saves_a_fork_that_verifies(window, tmp_path):
    app, drv, tl, path = open_copy_of_sample(window, tmp_path)
    scene = app.scene
    scene.seek(tl.quarter_frame(2) + 2)
    drv.frames(1)
    key(pygame.K_f, unicode="f")
    drv.frames(2)
    dialog = scene.dialog
    for seat in range(4):
        dialog.select(seat, "passive")
    dialog.seed_box.set_text("77")
    drv.frames(1)
    key(pygame.K_RETURN, unicode="\r")  # Enter runs it, like the button
    drv.until(lambda: app.scene is not scene, timeout=30, what="the fork to finish")
    new = app.scene
    assert new.name == "replay-viewer" and new.frame == tl.quarter_frame(2) + 2
    data = replay.load(new.path)
    assert new.path.parent == tmp_path and new.path.name == "fork-sample-deadline-passes-at-2025Q3-d2.json"
    assert replay.verify(data).ok
    assert data["parent"] == {"file": path.name, "sha256": file_sha256(path),
                              "frame": {"quarter": "2025Q3", "decision": 2}, "agents": tl.data["agents"]}
    assert data["reseeds"] == [{"quarter": "2025Q3", "decision": 2, "seed": 77}]
    assert new.tl.fork_frame == new.frame
    ref = reference(data)  # the reseeded fork: every frame the viewer rebuilds matches a plain re-simulation
    assert all(new.tl.state_at(k).digest() == ref[k] for k in range(0, new.tl.last_frame + 1, 3))
    drv.frames(2)
    shot(app, "viewer-after-fork-1280x720")


def bad_files(directory: Path) -> dict[str, Path]:
    good = (ROOT / "replays" / "sample-deadline-passes.json").read_text()
    files = {k: directory / f"{k}.json" for k in ("truncated", "corrupt", "other-version", "oversize", "illegal")}
    files["truncated"].write_text(good[: len(good) // 3])
    files["corrupt"].write_text("{ not json at all")
    files["other-version"].write_text(json.dumps(dict(json.loads(good), format_version=99)))
    with open(files["oversize"], "wb") as fh:  # sparse: refused on its size, never read
        fh.truncate(replay.MAX_BYTES + 1)
    data = json.loads(good)
    data["quarters"][1]["decisions"][0]["choice"] = "act declare-agi capex=9"
    files["illegal"].write_text(json.dumps(data))
    return files


def test_list_newest_first_and_bad_files_get_a_dialog(window, tmp_path):
    for i, src in enumerate(SAMPLES):
        dst = tmp_path / src.name
        dst.write_bytes(src.read_bytes())
        os.utime(dst, (1_700_000_000 + i, 1_700_000_000 + i))
    files = bad_files(tmp_path)
    os.utime(files["illegal"], (1_600_000_000, 1_600_000_000))
    app, drv = window(lambda a: ReplayScene(a, tmp_path), replay_dir=tmp_path)
    scene = app.scene
    drv.frames(2)
    names = [e.name for e in scene.entries]
    assert names[-1] == "illegal.json" and names.index(SAMPLES[-1].name) < names.index(SAMPLES[0].name)
    good = next(e for e in scene.entries if e.name == "sample-agi-dispute.json")
    assert good.winner and good.agents[1].startswith("planner") and good.quarters == 24
    shot(app, "replay-list-1280x720")
    reasons = {"truncated": "truncated", "corrupt": "corrupt", "other-version": "version",
               "oversize": "limit", "illegal": "decision"}
    for kind, needle in reasons.items():
        scene.select(names.index(f"{kind}.json"))
        key(pygame.K_RETURN, unicode="\r")
        drv.frames(2)
        assert app.scene is scene and scene.dialog is not None, kind
        assert needle in scene.error.lower(), (kind, scene.error)
        if kind == "other-version":
            shot(app, "replay-list-bad-file-1280x720")
        key(pygame.K_ESCAPE)
        drv.frames(2)
        assert app.scene is scene and scene.dialog is None
    # a file that vanished after the list was read
    gone = tmp_path / "sample-fork-consent.json"
    scene.select(names.index(gone.name))
    gone.unlink()
    key(pygame.K_RETURN, unicode="\r")
    drv.frames(2)
    assert app.scene.name == "replays" and "no such replay" in app.scene.error
    # a good one opens the viewer; Esc goes back to the list
    key(pygame.K_ESCAPE)
    drv.frames(1)
    lst = app.scene
    lst.select([e.name for e in lst.entries].index("sample-agi-dispute.json"))
    key(pygame.K_RETURN, unicode="\r")
    drv.frames(2)
    assert app.scene.name == "replay-viewer"
    key(pygame.K_ESCAPE)
    drv.frames(2)
    assert app.scene.name == "replays"


@pytest.mark.parametrize("kind,needle", [("missing", "no such replay"), ("truncated", "truncated"),
                                         ("other-version", "version"), ("oversize", "limit")])
def test_command_line_refuses_bad_files(kind, needle, tmp_path):
    from test_cli_errors import assert_one_line_error
    from test_replay import run_cli

    path = tmp_path / "missing.json" if kind == "missing" else bad_files(tmp_path)[kind]
    assert_one_line_error(run_cli("replay", str(path)), needle)


def test_play_from_here_takes_a_seat(window, tmp_path):
    app, drv, tl, path = open_copy_of_sample(window, tmp_path)
    scene = app.scene
    frame = tl.quarter_frame(2) + 3
    scene.seek(frame)
    drv.frames(1)
    key(pygame.K_p, unicode="p")
    drv.frames(2)
    dialog = scene.dialog
    assert dialog.play and [dd.selected_option[0] for dd in dialog.drops][1] == "person"
    for seat in (0, 2, 3):
        dialog.select(seat, "passive")
    drv.frames(1)
    drv.click_at(dialog.go.rect.center)
    drv.frames(2)
    play = app.scene
    assert play.name == "play"
    drv.until(lambda: play.turn is not None, timeout=30, what="the person's turn")
    assert play.turn.seat.label == "OpenAI" and play.turn.obs.label == "2025Q3"
    shot(app, "play-from-here-1280x720")
    assert isinstance(play.session, ProcessSession)  # like a new game: the AIs think in a child process
    saved = play.session.close(save=True)
    assert saved.parent == tmp_path and saved.name == "fork-sample-deadline-passes-at-2025Q3-d3-unfinished.json"
    data = replay.load(saved)
    assert data["parent"]["frame"] == {"quarter": "2025Q3", "decision": 3} and data["agents"]["OpenAI"] == "person"
    assert replay.verify(data).ok


def test_title_scene_opens_the_list_and_back(window, tmp_path):
    from game.ui.title_scene import TitleScene

    (tmp_path / "a.json").write_bytes((ROOT / "replays" / "sample-deadline-passes.json").read_bytes())
    app, drv = window(lambda a: TitleScene(a), replay_dir=tmp_path)
    drv.frames(1)
    key(pygame.K_r, unicode="r")
    drv.frames(2)
    assert app.scene.name == "replays" and [e.name for e in app.scene.entries] == ["a.json"]
    key(pygame.K_ESCAPE)
    drv.frames(2)
    assert app.scene.name == "title"
