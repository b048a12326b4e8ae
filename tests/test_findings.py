"""Issue 14's twelve findings (a whole sprint game played as a new user), each fixed and shown on screen.

Findings shown here; the others are shown by the tests named beside them:

1. previews in score and rank .............. here (with 4), and ``test_undo_...`` (play_undo)
2. a summary of each quarter ............... test_ui_scenes ``test_the_quarter_report_...`` (play_report)
3. Space on the results screen ............. test_ui_scenes ``test_each_scene_renders`` (results_confirm)
4. the consent preview was blank ........... here
5. AI reasons read like debug output ....... here
6. a deadline message after converting ..... here (and test_mechanics for the rule)
7. AIs repeat an offer just rejected ....... here (and test_refusals for every family)
8. no onboarding ........................... test_ui_game ``test_learn_to_play_...`` (coach_1..3), undo and
                                              tooltips ``test_undo_...``, help ``test_f1_...`` (help_*)
9. a counterparty with no talks left ....... here
10. readability ............................ here, at 1280x720 and 1920x1080
11. hot-seat hand-over and estimates ....... test_ui_scenes ``test_hot_seat_hands_over_between_people``
12. Continue on the title .................. test_ui_game ``test_save_and_leave_then_continue_from_the_title``

Screenshots go to tests/screenshots/finding-NN-*.png (git-ignored) for people to look at.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.play import play_game  # noqa: E402
from game.rules import Consent, Phase, Seat, exchanges_left  # noqa: E402
from game.ui.autopilot import Driver  # noqa: E402
from game.ui.board import BoardRenderer  # noqa: E402
from game.ui.config import PERSON, GameConfig  # noqa: E402
from game.ui.play_scene import PlayScene  # noqa: E402
from game.ui.replay.browser import load_timeline  # noqa: E402
from game.ui.replay.viewer import ViewerScene  # noqa: E402
from game.ui.scenes import make_app as open_app  # noqa: E402
from game.ui.setup_scene import SetupScene  # noqa: E402

SHOTS = Path(__file__).resolve().parent / "screenshots"
SIZES = [(1280, 720), (1920, 1080)]
DEBUG_WORDS = re.compile(r"simulation|runner-up|edge \+|determini|rollout|score for us|best of \d", re.I)


@pytest.fixture
def make_app(tmp_path):
    apps = []

    def make(first, size=(1280, 720)):
        app = open_app(first, size=size, replay_dir=tmp_path, pace=0.0, fps=0, session_mode="thread")
        apps.append(app)
        return app, Driver(app)

    yield make
    for app in apps:
        if app.running:
            app.quit()
    pygame.display.quit()


def shot(app, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    app.screenshot(SHOTS / f"{name}_{app.size[0]}x{app.size[1]}.png")


def viewer_at(make_app, tmp_path: Path, agents: list[str], seed: int, pick, size=(1280, 720)):
    """Play a sprint game headless, open its replay in the viewer at the first decision ``pick`` accepts, and
    return (app, driver, that decision)."""
    game = play_game("sprint-2025", seed, agents, isolation="thread")
    path = tmp_path / f"sprint-{seed}.json"
    path.write_text(game.replay_text())
    tl = load_timeline(path)
    step = next(s for s in tl.steps if pick(s))
    app, d = make_app(lambda a: ViewerScene(a, tl, path), size)
    app.scene.seek(step.frame)
    d.frames(3)
    return app, d, step


def test_finding_04_the_consent_is_valued_in_score_and_rank(make_app):
    """1 and 4: Microsoft offering its consent sees what it does to both sides' scores and to its rank."""
    app, d = make_app(lambda a: PlayScene(a, GameConfig("sprint-2025", 3, (PERSON, "random", "random", "random"))))
    d.until(lambda: app.scene.panel is not None and app.scene.turn.obs.phase is Phase.PROPOSE, 20.0, "a proposal")
    panel = app.scene.panel
    assert panel.to is Seat.OPENAI
    consent = next(i for i, (_, t) in enumerate(panel.templates()) if isinstance(t, Consent))
    panel.pick = consent
    d.click(panel.widgets["add"])
    text = app.scene.panel.widgets["preview"].html_text
    found = re.search(r"If accepted: you ([+-]\d+\.\d) pts .*OpenAI ([+-]\d+\.\d) pts", text)
    assert found and float(found.group(1)) != 0.0 and float(found.group(2)) != 0.0, text
    assert re.search(r"At the end: \w+ (either way|instead of \w+)", text)
    assert "behind the leader" in text or "ahead of the next" in text
    d.frames(2)
    shot(app, "finding-04-consent-preview")


def test_finding_05_ai_reasons_are_plain_words(make_app, tmp_path):
    """Every AI reason in a game of planner, negotiator and personas reads as words, and the viewer shows one."""
    game = play_game("sprint-2025", 1, ["planner@easy", "negotiator", "persona", "openai"], isolation="thread")
    data = json.loads(game.replay_text())
    reasons = [d["rationale"] for q in data["quarters"] for d in q["decisions"] if d.get("rationale")]
    assert len(reasons) > 50
    assert not [r for r in reasons if DEBUG_WORDS.search(r)]
    offers = [r for r in reasons if r.startswith("offers ")]
    assert offers and all(re.search(r"(supplies|issues|pays|lends|puts|consents|access|share|books|promises|AGI)", r)
                          for r in offers)
    app, d, step = viewer_at(make_app, tmp_path, ["planner@easy", "negotiator", "persona", "openai"], 1,
                             lambda s: s.choice.startswith("propose ") and s.seat is Seat.MICROSOFT)
    assert step.rationale.startswith("offers ")
    shot(app, "finding-05-ai-reason")


def test_finding_06_the_deadline_message_fits_what_happened(make_app, tmp_path):
    """Personas convert before the deadline: its quarter says nothing changes, and no 'round shrinks' follows."""
    app, d, step = viewer_at(make_app, tmp_path, ["persona"] * 4, 10,
                             lambda s: s.quarter == 3 and s.index == 0)
    feed = [line.text for line in app.scene.tl.feed_at(step.frame)]
    converted = next(i for i, t in enumerate(feed) if "converts to a for-profit" in t)
    deadline = next(i for i, t in enumerate(feed) if "Conversion deadline this quarter" in t)
    assert converted < deadline and "converted already, so nothing changes" in feed[deadline]
    assert not any("round shrinks" in t for t in feed[converted:])
    shot(app, "finding-06-deadline")


def test_finding_07_a_repeated_offer_says_what_changed(make_app, tmp_path):
    app, d, step = viewer_at(make_app, tmp_path, ["negotiator"] * 4, 4,
                             lambda s: " again (refused in " in s.rationale)
    assert re.search(r"again \(refused in 20\d\dQ\d; (now \$[\d.]+B more its way|its gain now)", step.rationale)
    shot(app, "finding-07-again")


def test_finding_09_a_counterparty_with_no_talks_left_is_greyed_with_the_reason(make_app, tmp_path):
    """At low trust a pair has one package a quarter: once Microsoft's offer to OpenAI is turned down, OpenAI's
    button greys out in the next talks round and says why, and the panel starts on one that can still talk."""
    from game.rules import SCENARIO_DIR

    text = (SCENARIO_DIR / "sprint-2025.toml").read_text()
    low = text.replace("  [1.0, 0.55, 0.5, 0.6],\n  [0.55, 1.0,", "  [1.0, 0.2, 0.5, 0.6],\n  [0.2, 1.0,")
    assert low != text
    path = tmp_path / "sprint-fallen-out.toml"
    path.write_text(low)
    app, d = make_app(lambda a: PlayScene(a, GameConfig(str(path), 5, (PERSON, "passive", "passive", "passive"))))
    d.until(lambda: app.scene.panel is not None and app.scene.turn.obs.phase is Phase.PROPOSE, 20.0, "a proposal")
    obs = app.scene.turn.obs
    assert exchanges_left(obs.view, obs.seat, Seat.OPENAI) == 1
    d.click(app.scene.panel.widgets[f"to{int(Seat.OPENAI)}"])
    d.key(pygame.K_1)
    d.click(app.scene.panel.widgets["propose"])          # the passive OpenAI turns it down
    d.until(lambda: app.scene.panel is not None and app.scene.turn.obs.phase is Phase.PROPOSE, 20.0,
            "the next talks round")
    panel = app.scene.panel
    button = panel.widgets[f"to{int(Seat.OPENAI)}"]
    assert not button.is_enabled and panel.to is not Seat.OPENAI
    d.hover(button)
    assert "no more" in button.tool_tip_text and "talks" in button.tool_tip_text, button.tool_tip_text
    shot(app, "finding-09-no-talks-left")


@pytest.fixture
def cut(monkeypatch) -> list[str]:
    """Every text the screen had to cut with an ellipsis to fit (``game.ui.look.fit``), as it was before."""
    from game.ui import look

    seen: list[str] = []
    real = look.fit

    def fit(text, font, width):
        out = real(text, font, width)
        if out != text:
            seen.append(text)
        return out

    monkeypatch.setattr(look, "fit", fit)
    return seen


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_finding_10_readability(make_app, size, cut):
    """The setup line says each thing once and is not cut; no lever line and no company card line is cut; the
    move preview fits its box without scrolling."""
    from game.ui.board_sections import lever_rows

    app, d = make_app(SetupScene, size)
    d.pick(app.scene.widgets["scenario"], "sprint-2025")
    d.frames(2)
    line = app.scene.scenario_line()
    sentences = [s.strip().lower() for s in re.split(r"[.:]", line) if s.strip()]
    assert "sprint" in line.lower() and len(sentences) == len(set(sentences)), line
    assert line not in cut
    shot(app, "finding-10-setup")
    app, d = make_app(lambda a: PlayScene(a, GameConfig("sprint-2025", 8, ("random", PERSON, "random", "random"))),
                      size)
    d.until(lambda: app.scene.panel is not None, 20.0, "a turn")
    while app.scene.turn.obs.phase is not Phase.ACT:
        d.key(pygame.K_SPACE)
        d.until(lambda: app.scene.panel is not None, 20.0, "the next turn")
    d.key(pygame.K_4)
    d.frames(3)
    assert app.scene.panel.widgets["preview"].scroll_bar is None, "the move preview must fit without scrolling"
    data = app.scene.board_data()
    levers = {t for row in lever_rows(data) for t in (row[0], row[3])}
    assert not levers & set(cut), [t for t in cut if t in levers]
    cards = {t for seat in Seat for row in BoardRenderer(app.scene.fonts).company_rows(data, seat) for t in row[:2]}
    assert not cards & set(cut), [t for t in cut if t in cards]
    shot(app, "finding-10-move-preview")
