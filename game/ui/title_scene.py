"""The title scene: continue the last unfinished game (when there is one), new game, watch a replay, quit."""

from __future__ import annotations

import pygame
import pygame_gui

from game.rules import SEATS, FrenemiesError
from game.version import __version__

from .app import App, Scene
from .look import ACCENT, BAD, MUTED, SEAT_COLOURS, TEXT, draw_mark, draw_text
from .resume import newest_unfinished, resume, saved_games_dir
from .widgets import button


class TitleScene(Scene):
    name = "title"

    def __init__(self, app: App, notice: str = "") -> None:
        super().__init__(app)
        self.notice = notice
        self.error = ""
        self.unfinished = newest_unfinished(saved_games_dir(app))

    def build(self) -> None:
        w, h = self.app.size
        px = self.app.px
        bw, bh = px(300), px(46)
        x, y = (w - bw) // 2, int(h * 0.53)
        if self.unfinished is not None:
            y -= (bh + px(12)) // 2
            self.widgets["continue"] = button(self.manager, pygame.Rect(x, y, bw, bh), "Continue   [C]",
                                              f"Play on where you left: {self.unfinished.name}")
            y += bh + px(12)
        self.widgets["new"] = button(self.manager, pygame.Rect(x, y, bw, bh), "New game   [Space]",
                                     "Choose your company and your opponents", object_id="#primary")
        y += bh + px(12)
        self.widgets["learn"] = button(self.manager, pygame.Rect(x, y, bw, bh), "Learn to play   [L]",
                                       "A guided first game: the sprint scenario as OpenAI against the "
                                       "company personas, with a coach")
        y += bh + px(12)
        self.widgets["replay"] = button(self.manager, pygame.Rect(x, y, bw, bh), "Watch a replay   [R]",
                                        "Open a saved game from replays/")
        y += bh + px(12)
        self.widgets["quit"] = button(self.manager, pygame.Rect(x, y, bw, bh), "Quit   [Esc]")

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.widgets.get("new"):
                self.new_game()
            elif event.ui_element is self.widgets.get("continue"):
                self.continue_game()
            elif event.ui_element is self.widgets.get("learn"):
                self.learn()
            elif event.ui_element is self.widgets.get("replay"):
                self.open_replays()
            elif event.ui_element is self.widgets.get("quit"):
                self.app.quit()
        elif event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_SPACE, pygame.K_RETURN, pygame.K_n):
                self.new_game()
            elif event.key == pygame.K_r:
                self.open_replays()
            elif event.key == pygame.K_c and self.unfinished is not None:
                self.continue_game()
            elif event.key == pygame.K_l:
                self.learn()
            elif event.key in (pygame.K_ESCAPE, pygame.K_q):
                self.app.quit()

    def new_game(self) -> None:
        self.app.go("setup")

    def learn(self) -> None:
        """The guided first game (``game.ui.coach``)."""
        from .coach import TUTORIAL

        self.app.go("play", TUTORIAL, coach=True)

    def continue_game(self) -> None:
        """Play on the newest unfinished game; a file that cannot be resumed is one line on this screen."""
        try:
            resume(self.app, self.unfinished)
        except FrenemiesError as exc:
            self.error = str(exc)

    def open_replays(self) -> None:
        self.app.go("replays")

    def draw(self, surface: pygame.Surface) -> None:
        f, (w, h) = self.fonts, self.app.size
        cy = int(h * 0.2)
        r = f.px(30)
        gap = f.px(86)
        x0 = w // 2 - int(gap * 1.5)
        for n, seat in enumerate(SEATS):
            draw_mark(surface, seat, (x0 + n * gap, cy), r, f)
        draw_text(surface, "FRENEMIES", (w // 2, cy + r + f.px(14)), f.get(64, True), TEXT, anchor="midtop")
        sub = "Microsoft · OpenAI · SoftBank · Oracle"
        draw_text(surface, sub, (w // 2, cy + r + f.px(104)), f.get(20), MUTED, anchor="midtop")
        tag = "Compute, capital and leverage, 2025 to 2030. Negotiate every quarter; keep your levers."
        draw_text(surface, tag, (w // 2, cy + r + f.px(134)), f.get(15), MUTED, anchor="midtop")
        line_y = cy + r + f.px(94)
        seg = f.px(60)
        for n, seat in enumerate(SEATS):
            pygame.draw.rect(surface, SEAT_COLOURS[seat], pygame.Rect(w // 2 - 2 * seg + n * seg, line_y, seg, f.px(3)))
        if self.error:
            draw_text(surface, self.error, (w // 2, h - f.px(56)), f.get(14), BAD, anchor="midtop",
                      max_width=w - f.px(40))
        elif self.notice:
            draw_text(surface, self.notice, (w // 2, h - f.px(56)), f.get(14), ACCENT, anchor="midtop",
                      max_width=w - f.px(40))
        draw_text(surface, f"v{__version__}  ·  font: Noto Sans (SIL OFL)  ·  games are saved to replays/",
                  (w // 2, h - f.px(28)), f.get(12), MUTED, anchor="midtop")
