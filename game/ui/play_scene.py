"""The play scene: the board, the feed, your turn, and the game thread behind them.

The scene owns a session: by default a ``ProcessSession`` (the game in a
child process, ``game.ui.session_process``), or a ``GameSession`` (a thread of
this process, ``game.ui.session``). Either way the rules and the AIs run off
the drawing loop and the scene only reads their messages each frame, so
drawing never waits on an AI. The board is drawn from the viewing
person's redacted view into a cached surface, redrawn only when the game
moves. With several people at one screen, a hand-over screen covers
everything before a different person's turn.

Keys: Space confirm / next, Esc menu, P pause AI moves, +/- AI pace (the
cash while you compose a package), and the turn panel's own keys (see
``game.ui.turn_panel``).
"""

from __future__ import annotations

import time

import pygame
import pygame_gui
from pygame_gui.elements import UIHorizontalSlider, UIPanel

from game.rules import SEATS, GameState, Seat

from .app import App, Scene
from .board import BoardData, BoardRenderer, layout_board
from .config import GameConfig, describe
from game.replay import FeedLine
from .look import (BAD, BG, MUTED, PANEL, SEAT_COLOURS, TEXT, WARN, draw_mark, draw_text, mix, panel)
from .coach import Coach, draw_coach
from .play_panels import draw_handover, draw_steps
from .report_view import draw_report
from .session import Failed, Finished, GameSession, QuarterScores, Reports, Thinking, Turn, Update
from .session_process import ProcessSession
from .turn_panel import TurnPanel
from .widgets import button, label

PACE_MAX = 2.0


def session_class(app: App) -> type[GameSession] | type[ProcessSession]:
    """The session kind for ``app.session_mode``: one place, so a new game and "play from here" agree."""
    return ProcessSession if getattr(app, "session_mode", "process") == "process" else GameSession


FEED_KEEP = 6   # lines the feed keeps on screen however far back the wheel reads (no blank panel)


class PlayScene(Scene):
    name = "play"

    def __init__(self, app: App, config: GameConfig, session: GameSession | ProcessSession | None = None,
                 coach: bool = False) -> None:
        """``session``: a prepared, not yet started session (e.g. playing on from a replay frame); ``coach``:
        the guided first game's hints (``game.ui.coach``)."""
        super().__init__(app)
        self.config = config
        self.coach = Coach() if coach else None
        if session is None:
            session = session_class(app)(config, app.replay_dir, pace=app.pace)
        self.session = session
        self.people = config.people
        self.viewer: Seat = self.people[0]
        self.views: dict[Seat, GameState] = {}
        self.feed: list[FeedLine] = []
        self.feed_back = 0            # lines scrolled back from the newest (mouse wheel over the feed)
        self.turn: Turn | None = None
        self.panel: TurnPanel | None = None
        # With several people at one screen the board starts hidden too: the first person claims it like the
        # others (it used to open on the first person's private view for everyone to see).
        self.handover: Seat | None = self.people[0] if len(self.people) > 1 else None
        self.thinking: Seat | None = None
        self.thinking_since = 0.0
        self.menu_open = False
        self.user_paused = False           # P: the person's own pause (overlays pause the AIs too, see _sync_pause)
        self.report = None                 # the quarter report on screen (game.ui.report.QuarterReport)
        self.last_reports: dict = {}       # the latest quarter's reports, by person
        self.auto_reports = True           # open each quarter's report as it ends (the menu turns it off)
        self.reports_seen = 0
        self.error = ""
        self.finished: Finished | None = None
        self.label = ""
        self._board_cache: pygame.Surface | None = None
        self._dirty = True
        self.session.start()

    # ------------------------------------------------------------ layout and widgets
    def layout(self) -> dict[str, pygame.Rect]:
        w, h = self.app.size
        px = self.app.px
        m, top = px(8), px(44)
        side_w = max(px(384), int(w * 0.3))
        side_x = w - side_w - m
        panel_h = px(456)
        turn = pygame.Rect(side_x, h - m - panel_h, side_w, panel_h)
        return {
            "bar": pygame.Rect(0, 0, w, top),
            "board": pygame.Rect(m, top + m, side_x - 2 * m, h - top - 2 * m),
            "feed": pygame.Rect(side_x, top + m, side_w, turn.y - top - 2 * m),
            "turn": turn,
            "turn_inner": turn.inflate(-2 * px(12), -2 * px(12)),
        }

    def build(self) -> None:
        lay = self.layout()
        px = self.app.px
        w = self.app.size[0]
        bar = lay["bar"]
        y, h = bar.y + px(6), px(32)
        x = w - px(8) - px(110)
        self.widgets["menu"] = button(self.manager, pygame.Rect(x, y, px(110), h), "Menu  [Esc]",
                                      "Resume, save and leave, or quit")
        x -= px(180)
        self.widgets["pace"] = UIHorizontalSlider(pygame.Rect(x, y + px(4), px(170), px(24)), self.session.pace,
                                                  (0.0, PACE_MAX), self.manager, click_increment=0.1)
        x -= px(118)
        self.widgets["pace_label"] = label(self.manager, pygame.Rect(x, y, px(114), h), self._pace_text(), "#muted")
        x -= px(124)
        self.widgets["pause"] = button(self.manager, pygame.Rect(x, y, px(116), h), self._pause_text(),
                                       "Pause or resume the AI moves  (P)")
        self.bar_right = x
        if self.panel is not None and self.handover is None and not self.menu_open:
            self.panel.manager, self.panel.fonts = self.manager, self.fonts
            self.panel.build(lay["turn_inner"])
        if self.handover is not None:
            self._build_handover()
        if self.menu_open:
            self._build_menu()
        self._dirty = True

    def _build_handover(self) -> None:
        px, (w, h) = self.app.px, self.app.size
        self.widgets["handover"] = button(self.manager, pygame.Rect(w // 2 - px(200), h // 2 + px(40), px(400), px(52)),
                                          f"I am {self.handover.label}'s player   [Space]",
                                          "Show your view and your turn", object_id="#primary")

    def _pace_text(self) -> str:
        return f"AI pace {self.session.pace:.1f}s  (+/-)"

    def _pause_text(self) -> str:
        return "Resume  [P]" if self.session.paused else "Pause  [P]"

    def _build_menu(self) -> None:
        w, h = self.app.size
        px = self.app.px
        pw, ph = px(380), px(326)
        box = UIPanel(pygame.Rect((w - pw) // 2, (h - ph) // 2, pw, ph), starting_height=5, manager=self.manager,
                      object_id="#menu_panel")
        self.widgets["menu_panel"] = box
        bx, bw = (w - px(300)) // 2, px(300)
        top = (h - ph) // 2
        for text, oid, dy in (("Game menu", "#heading", 12), ("AI moves wait while this menu is open.", "#muted", 36)):
            lab = label(self.manager, pygame.Rect(bx, top + px(dy), bw, px(26)), text, oid)
            lab.change_layer(6)
            self.widgets[f"menu_{dy}"] = lab
        y = top + px(72)
        for key, text, tip, oid in (("resume", "Resume   [Esc]", "Back to the game", "#primary"),
                                    ("reports", self._reports_text(), "Show the quarter report as each quarter "
                                     "ends (Q shows the last one any time)", None),
                                    ("leave", "Save and leave to title", "Save what was played to replays/ and stop",
                                     None),
                                    ("quit", "Save and quit Frenemies", "Save what was played and close the window",
                                     "#danger")):
            b = button(self.manager, pygame.Rect(bx, y, bw, px(44)), text, tip, object_id=oid)
            b.change_layer(6)
            self.widgets[key] = b
            y += px(56)

    def _sync_pause(self) -> None:
        """The AIs wait while the person paused them or anything covers the board (the menu, a quarter report,
        the rules reference): one rule instead of each overlay saving and restoring the pause."""
        covered = self.menu_open or self.report is not None or self.app.help_open
        self.session.set_paused(self.user_paused or covered)
        self._refresh_bar()

    def on_help(self, open_: bool) -> None:
        """The AIs wait while the rules reference is open."""
        self._sync_pause()

    def _reports_text(self) -> str:
        return f"Quarter reports: {'on' if self.auto_reports else 'off'}"

    def open_report(self, report) -> None:
        """Show a quarter report over the board; the AIs wait and the turn panel is set aside until it closes."""
        if report is None or self.menu_open or self.handover is not None:
            return
        if self.report is None and self.panel is not None:
            self.panel.kill()
        self.report = report
        self.reports_seen += 1
        self._sync_pause()

    def close_report(self) -> None:
        if self.report is None:
            return
        self.report = None
        if self.panel is not None and self.handover is None and not self.menu_open:
            self.panel.build(self.layout()["turn_inner"])
        self._sync_pause()
        self._dirty = True

    def open_menu(self, open_: bool) -> None:
        if open_ == self.menu_open:
            return
        self.close_report()
        self.menu_open = open_
        if open_:
            if self.panel is not None:
                self.panel.kill()
            self._build_menu()
        else:
            for key in ("menu_panel", "resume", "reports", "leave", "quit", "menu_12", "menu_36"):
                widget = self.widgets.pop(key, None)
                if widget is not None:
                    widget.kill()
            if self.panel is not None and self.handover is None:
                self.panel.build(self.layout()["turn_inner"])
        self._sync_pause()

    def _refresh_bar(self) -> None:
        if "pause" in self.widgets:
            self.widgets["pause"].set_text(self._pause_text())
        if "pace_label" in self.widgets:
            self.widgets["pace_label"].set_text(self._pace_text())

    # ------------------------------------------------------------ events
    def handle(self, event: pygame.event.Event) -> None:
        if self.report is not None:        # the report is on top: any of its keys or a click closes it
            if (event.type == pygame.KEYDOWN and event.key in (pygame.K_SPACE, pygame.K_RETURN, pygame.K_q,
                                                               pygame.K_ESCAPE)) \
                    or event.type == pygame.MOUSEBUTTONDOWN:
                self.close_report()
            return
        if event.type == pygame.MOUSEWHEEL and self.layout()["feed"].collidepoint(pygame.mouse.get_pos()):
            # the wheel reads back through the feed (up: older), to see what became of an offer long gone
            self.feed_back = max(0, min(len(self.feed) - FEED_KEEP, self.feed_back + event.y))
            self._dirty = True
            return
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            el = event.ui_element
            if el is self.widgets.get("reports"):
                self.auto_reports = not self.auto_reports
                self.widgets["reports"].set_text(self._reports_text())
            elif el is self.widgets.get("menu"):
                self.open_menu(not self.menu_open)
            elif el is self.widgets.get("pause"):
                self.toggle_pause()
            elif el is self.widgets.get("resume"):
                self.open_menu(False)
            elif el is self.widgets.get("leave"):
                self.leave_to_title()
            elif el is self.widgets.get("quit"):
                self.app.quit()
            elif el is self.widgets.get("handover"):
                self.take_over()
            elif self.panel is not None and not self.menu_open and self.handover is None:
                self.answer(self.panel.handle(event))
            return
        if event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED and event.ui_element is self.widgets.get("pace"):
            self.session.set_pace(round(float(event.value), 1))
            self._refresh_bar()
            return
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.open_menu(not self.menu_open)
                return
            if self.menu_open:
                return
            if event.key == pygame.K_p:
                self.toggle_pause()
                return
            if event.key == pygame.K_h and self.coach is not None:
                self.coach.hidden = not self.coach.hidden
                return
            if event.key == pygame.K_q and self.handover is None:
                self.open_report(self.last_reports.get(self.viewer))
                return
            composing = self.panel is not None and self.handover is None and self.panel.composing()
            if event.key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS, pygame.K_MINUS, pygame.K_KP_MINUS) \
                    and not composing:           # while you compose a package, +/- set its cash instead
                step = 0.1 if event.key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS) else -0.1
                self.session.set_pace(min(PACE_MAX, max(0.0, round(self.session.pace + step, 1))))
                self.widgets["pace"].set_current_value(self.session.pace)
                self._refresh_bar()
                return
            if self.handover is not None:
                if event.key in (pygame.K_SPACE, pygame.K_RETURN):
                    self.take_over()
                return
        if self.panel is not None and not self.menu_open and self.handover is None:
            self.answer(self.panel.handle(event))

    def toggle_pause(self) -> None:
        self.user_paused = not self.user_paused
        self._sync_pause()

    def answer(self, choice) -> None:
        if choice is None or self.turn is None:
            self._dirty = True
            return
        seat = self.turn.seat
        self.session.answer(seat, choice)
        if self.panel is not None:
            self.panel.kill()
        self.panel, self.turn = None, None
        self._dirty = True

    def take_over(self) -> None:
        """The next person has the screen: show their view and their turn."""
        if self.handover is None:
            return
        self.viewer, self.handover = self.handover, None
        self.widgets.pop("handover").kill()
        if self.panel is not None:
            self.panel.build(self.layout()["turn_inner"])
        self._dirty = True

    def leave_to_title(self) -> None:
        path = self.session.close(save=True)
        notice = f"Unfinished game saved to {path}" if path else "Nothing was played, so nothing was saved."
        self.app.go("title", notice)

    def leave(self) -> None:
        self.session.close(save=True)

    def on_quit(self) -> None:
        path = self.session.close(save=True)
        if path is not None and not self.session.finished:
            self.app.messages.append(f"unfinished game saved to {path}")

    # ------------------------------------------------------------ frame
    def update(self, dt: float) -> None:
        for msg in self.session.poll():
            if isinstance(msg, Update):
                self.views.update(msg.views)
                self.feed.extend(msg.feed)
                del self.feed[:-300]
                if msg.feed:                 # news: back to the newest lines (reading back stopped following)
                    self.feed_back = 0
                self.label = msg.label
                self._dirty = True
            elif isinstance(msg, Thinking):  # drawn as a per-frame overlay: no board redraw
                self.thinking, self.thinking_since = msg.seat, msg.since
            elif isinstance(msg, Turn):
                self.start_turn(msg)
            elif isinstance(msg, QuarterScores):
                pass
            elif isinstance(msg, Reports):
                self.last_reports = msg.by_seat
                if self.auto_reports:
                    self.open_report(msg.by_seat.get(self.viewer))
            elif isinstance(msg, Finished):
                self.finished = msg
            elif isinstance(msg, Failed):
                self.error = msg.message
        if self.coach is not None:
            shown = self.turn is not None and self.panel is not None and self.handover is None
            self.coach.follow(self.turn.obs.phase if shown else None, self.report is not None)
        if self.finished is not None:
            self.app.go("results", self.config, self.finished)

    def start_turn(self, turn: Turn) -> None:
        self.turn = turn
        self.panel = TurnPanel(self.manager, self.fonts, turn.obs)
        self.thinking = None
        if len(self.people) > 1 and (turn.seat != self.viewer or self.handover is not None):
            if self.handover is not None:
                self.widgets.pop("handover").kill()
            self.handover = turn.seat
            self._build_handover()
        else:
            self.viewer = turn.seat
            if not self.menu_open and self.report is None:   # (closing the menu or the report builds it)
                self.panel.build(self.layout()["turn_inner"])
        self._dirty = True

    def board_data(self) -> BoardData | None:
        view = self.views.get(self.viewer)
        if view is None:
            return None
        active = self.turn.seat if self.turn is not None else None
        feed = self.feed[:len(self.feed) - self.feed_back] if self.feed_back else self.feed
        title = f"Feed · {self.feed_back} older lines back (wheel down for the newest)" if self.feed_back else "Feed"
        return BoardData(view, self.viewer, describe(self.config.controllers, self.viewer), feed, active,
                         feed_title=title)

    def draw(self, surface: pygame.Surface) -> None:
        f = self.fonts
        lay = self.layout()
        if self.handover is not None:
            draw_handover(surface, self.handover, self.label, self.fonts)
            return
        board = layout_board(lay["board"], lay["feed"], scale=f.scale)   # once a frame: the cache, glow, coach
        if self._dirty or self._board_cache is None or self._board_cache.get_size() != surface.get_size():
            self._board_cache = pygame.Surface(surface.get_size())
            self._board_cache.fill(BG)
            data = self.board_data()
            if data is not None:
                BoardRenderer(f).draw(self._board_cache, board, data)
            self._draw_bar_text(self._board_cache, lay["bar"])
            self._dirty = False
        surface.blit(self._board_cache, (0, 0))
        if self.thinking is not None and self.turn is None:  # a pulsing outline on the thinking company
            rect = board.companies[self.thinking]
            glow = 0.55 + 0.45 * abs(((time.monotonic() * 1.6) % 2.0) - 1.0)
            pygame.draw.rect(surface, mix(PANEL, SEAT_COLOURS[self.thinking], glow), rect, width=max(2, f.px(3)),
                             border_radius=f.px(6))
        box = lay["turn"]
        colour = SEAT_COLOURS[self.viewer] if self.panel is not None else (52, 60, 72)
        panel(surface, box, None, f, fill=PANEL, border=colour)
        if self.panel is not None and not self.menu_open:
            self.panel.draw(surface)
        else:
            self._draw_waiting(surface, lay["turn_inner"])
        if self.coach is not None and not self.menu_open:   # over the contracts ledger, not the feed: the feed's
            draw_coach(surface, board.contracts, self.coach, f)  # top is the offer to read
        if self.report is not None:
            draw_report(surface, self.report, f, first=self.reports_seen <= 1)
        if self.menu_open:
            dim = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
            dim.fill((0, 0, 0, 150))
            surface.blit(dim, (0, 0))

    def _draw_bar_text(self, surface: pygame.Surface, bar: pygame.Rect) -> None:
        f = self.fonts
        pygame.draw.rect(surface, mix(BG, PANEL, 0.6), bar)
        pygame.draw.line(surface, (52, 60, 72), bar.bottomleft, bar.bottomright)
        r = f.px(13)
        draw_mark(surface, self.viewer, (f.px(8) + r, bar.centery), r, f)
        view = self.views.get(self.viewer)
        phase = ""
        if view is not None:
            phase = {"propose": f"talks {view.talk + 1}/{view.scenario.talks}", "respond": "talks: an offer is open",
                     "countered": "talks: a counter-offer is open", "rofr": "talks: right of first refusal",
                     "act": "moves (sealed)", "over": "game over"}[view.phase.value]
        who = "You are" if len(self.people) == 1 else "Viewing as"
        text = f"{who} {self.viewer.label}   ·   {self.label}  {phase}   ·   {self.config.scenario}, seed {self.config.seed}"
        draw_text(surface, text, (f.px(16) + 2 * r, bar.centery), f.get(14, True), TEXT, anchor="midleft",
                  max_width=max(0, getattr(self, "bar_right", bar.w) - f.px(40) - 2 * r))

    def _draw_waiting(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        f = self.fonts
        if self.error:
            draw_text(surface, self.error, (rect.x, rect.bottom - f.px(20)), f.get(12.5), BAD, max_width=rect.w)
        if self.menu_open:
            return
        if self.session.paused:
            title, colour = "Paused", WARN
            sub = "AI moves are on hold. Press P (or Resume) to go on."
        elif self.thinking is not None:
            spec = self.config.controllers[self.thinking]
            secs = time.monotonic() - self.thinking_since
            dots = "." * (1 + int(time.monotonic() * 3) % 3)
            title, colour = f"{self.thinking.label} is thinking{dots}", SEAT_COLOURS[self.thinking]
            sub = f"{spec}, {secs:.1f}s"
        elif not self.session.running and self.finished is None:
            title, colour, sub = "The game has stopped", BAD, "Press Esc for the menu."
        else:
            title, colour = "Waiting", MUTED
            sub = f"AI moves are shown {self.session.pace:.1f}s each (+/- to change)." if self.session.pace else \
                "AI moves are shown as fast as they come."
        draw_text(surface, title, (rect.x, rect.y), f.get(17, True), colour, max_width=rect.w)
        draw_text(surface, sub, (rect.x, rect.y + f.px(28)), f.get(13), MUTED, max_width=rect.w)
        draw_steps(surface, pygame.Rect(rect.x, rect.y + f.px(60), rect.w, rect.h - f.px(60)),
                   self.views.get(self.viewer), self.label, f)
        if self.thinking is not None and not self.session.paused:
            cx, cy, rad = rect.centerx, rect.bottom - f.px(60), f.px(22)
            phase = time.monotonic() * 4.0
            for k in range(8):
                a = phase + k * 0.785
                pos = (cx + int(rad * pygame.math.Vector2(1, 0).rotate_rad(a).x),
                       cy + int(rad * pygame.math.Vector2(1, 0).rotate_rad(a).y))
                pygame.draw.circle(surface, mix(PANEL, SEAT_COLOURS[self.thinking], (k + 1) / 8), pos, f.px(4))

__all__ = ["PlayScene", "SEATS"]
