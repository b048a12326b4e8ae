"""The results scene: final ranking and scores, joint value, the score chart,
and where the replay was saved. Keys: Space new game (same setup, new seed),
T title, Esc quit; each asks to be pressed again, because the same keys
pass, confirm and close menus in play and one press too many used to throw
the results away. The buttons act at once."""

from __future__ import annotations

from dataclasses import replace

import pygame
import pygame_gui

from game.rules import SEATS, load_scenario

from .app import App, Scene
from .chart import draw_score_chart
from .config import GameConfig, describe, random_seed
from .look import ACCENT, GOOD, MUTED, SEAT_COLOURS, TEXT, BAD, draw_mark, draw_text, panel, wrap
from .report import how_it_was_won
from .session import Finished
from .widgets import button


class ResultsScene(Scene):
    name = "results"

    def __init__(self, app: App, config: GameConfig, finished: Finished) -> None:
        super().__init__(app)
        self.config, self.finished = config, finished
        scen = load_scenario(config.scenario)
        self.start_scores = tuple(100.0 / scen.companies[s].par for s in SEATS)
        self.labels = ["start"] + [lab for lab, _ in finished.history]
        self.series = {s: [self.start_scores[s]] + [sc[s] for _, sc in finished.history] for s in SEATS}
        if finished.history:   # the last point is the final score the table shows (the game's end settles a little)
            for s in SEATS:
                self.series[s][-1] = finished.outcome.scores[s]
        self.armed: str | None = None     # the key action waiting for its second press
        people = config.people
        report = finished.reports.get(people[0]) if len(people) == 1 else None
        # worked out once: the game is over and the screen redraws every frame
        self.won = how_it_was_won(finished.history, finished.outcome.winner, finished.outcome.ranking, report)

    KEY_ACTIONS = {pygame.K_SPACE: "again", pygame.K_RETURN: "again", pygame.K_n: "again", pygame.K_t: "title",
                   pygame.K_ESCAPE: "quit", pygame.K_q: "quit"}
    ASK = {"again": "Press it again for a new game (same setup, new seed)",
           "title": "Press T again to go back to the title",
           "quit": "Press it again to close the window"}

    def build(self) -> None:
        w, h = self.app.size
        px = self.app.px
        bw, bh, by = px(230), px(46), h - px(70)
        x = w // 2 - (3 * bw + 2 * px(14)) // 2
        for key, text, tip, oid in (("again", "New game   [Space]", "Same setup with a new seed", "#primary"),
                                    ("title", "Title   [T]", "Back to the title screen", None),
                                    ("quit", "Quit   [Esc]", "Close the window", None)):
            self.widgets[key] = button(self.manager, pygame.Rect(x, by, bw, bh), text, tip, object_id=oid)
            x += bw + px(14)

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.widgets.get("again"):
                self.again()
            elif event.ui_element is self.widgets.get("title"):
                self.title()
            elif event.ui_element is self.widgets.get("quit"):
                self.app.quit()
        elif event.type == pygame.KEYDOWN:
            action = self.KEY_ACTIONS.get(event.key)
            if action is None or action != self.armed:
                self.armed = action            # a first press (or another key) only asks
                return
            self.armed = None
            {"again": self.again, "title": self.title, "quit": self.app.quit}[action]()

    def again(self) -> None:
        self.app.go("setup", replace(self.config, seed=random_seed()))

    def title(self) -> None:
        self.app.go("title")

    def draw(self, surface: pygame.Surface) -> None:
        f, (w, h) = self.fonts, self.app.size
        res = self.finished.outcome
        winner = res.winner
        people = self.config.people
        names = describe(self.config.controllers, people[0] if len(people) == 1 else None)
        head = f"{winner.label} wins" + ("  -  that's you!" if winner in people and len(people) == 1 else "")
        draw_mark(surface, winner, (w // 2 - f.get(30, True).size(head)[0] // 2 - f.px(34), f.px(42)), f.px(20), f)
        draw_text(surface, head, (w // 2, f.px(22)), f.get(30, True), TEXT, anchor="midtop")
        draw_text(surface, f"{self.config.scenario}, seed {self.config.seed}  ·  {res.reason}",
                  (w // 2, f.px(66)), f.get(13), MUTED, anchor="midtop")
        top, bottom = f.px(106), h - f.px(120)
        left = pygame.Rect(f.px(20), top, int(w * 0.42), bottom - top)
        right = pygame.Rect(left.right + f.px(14), top, w - left.right - f.px(34), bottom - top)
        inner = panel(surface, left, "Final ranking", f)
        cols = [0, 0.09, 0.40, 0.68, 0.84]
        heads = ["#", "company", "played by", "score", "value $B"]
        hf, rf = f.get(12, True), f.get(15, True)
        for c, t in zip(cols, heads):
            draw_text(surface, t, (inner.x + int(inner.w * c), inner.y), hf, MUTED)
        y = inner.y + hf.get_linesize() + f.px(8)
        row_h = min(f.px(52), (inner.bottom - y - f.px(140)) // 4)
        for rank, seat in enumerate(res.ranking, 1):
            cy = y + row_h // 2
            if seat in people:
                pygame.draw.rect(surface, tuple(c // 6 + 22 for c in SEAT_COLOURS[seat]),
                                 pygame.Rect(inner.x - f.px(4), y, inner.w + f.px(8), row_h - f.px(4)),
                                 border_radius=f.px(5))
            draw_text(surface, str(rank), (inner.x, cy), rf, ACCENT if rank == 1 else TEXT, anchor="midleft")
            draw_mark(surface, seat, (inner.x + int(inner.w * 0.09) + f.px(12), cy), f.px(12), f)
            draw_text(surface, seat.label, (inner.x + int(inner.w * 0.09) + f.px(30), cy), rf, TEXT, anchor="midleft",
                      max_width=int(inner.w * 0.31) - f.px(30))
            draw_text(surface, names[seat], (inner.x + int(inner.w * 0.40), cy), f.get(13), MUTED, anchor="midleft",
                      max_width=int(inner.w * 0.27))
            draw_text(surface, f"{res.scores[seat]:.1f}", (inner.x + int(inner.w * 0.68), cy), rf, TEXT,
                      anchor="midleft")
            start, end = self.finished.values[seat]
            ch = end - start
            draw_text(surface, f"{end:,.0f}", (inner.x + int(inner.w * 0.84), cy - f.px(8)), f.get(13, True), TEXT,
                      anchor="midleft")
            draw_text(surface, f"{'+' if ch >= 0 else '-'}{abs(ch):,.0f}", (inner.x + int(inner.w * 0.84), cy + f.px(9)),
                      f.get(11.5), GOOD if ch >= 0 else BAD, anchor="midleft")
            y += row_h
        won = self.won
        if won:
            small = f.get(13)
            draw_text(surface, "HOW IT WAS WON", (inner.x, y + f.px(6)), f.get(11.5, True), MUTED)
            yy = y + f.px(6) + small.get_linesize()
            for line in won:
                for piece in wrap(line, small, inner.w):
                    if yy + small.get_linesize() > inner.bottom - f.px(62):
                        break
                    draw_text(surface, piece, (inner.x, yy), small, TEXT)
                    yy += small.get_linesize()
        jv = res.joint_value
        draw_text(surface, f"Joint value created: {'+' if jv >= 0 else '-'}${abs(jv):,.0f}B",
                  (inner.x, inner.bottom - f.px(56)), f.get(17, True), GOOD if jv >= 0 else BAD)
        draw_text(surface, "What the four created together since the start: cooperation's measure.",
                  (inner.x, inner.bottom - f.px(30)), f.get(12.5), MUTED, max_width=inner.w)
        draw_score_chart(surface, right, self.labels, self.series, f, people[0] if len(people) == 1 else None)
        if self.armed is not None:
            draw_text(surface, f"{self.ASK[self.armed]}; any other key keeps the results on screen.",
                      (w // 2, h - f.px(117)), f.get(13.5, True), ACCENT, anchor="midtop", max_width=w - f.px(40))
        # under the title, where the buttons' tooltips (which open upwards) cannot cover it
        path = self.finished.replay_path
        note = f"Replay saved to {path}" if path else "The replay could not be saved."
        draw_text(surface, note, (w // 2, f.px(84)), f.get(12.5), ACCENT if path else BAD, anchor="midtop",
                  max_width=w - f.px(40))
