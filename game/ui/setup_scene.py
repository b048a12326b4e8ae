"""The setup scene: your company, who plays each other seat, seed and scenario.

Each seat is played by you, by another person at this screen (hot-seat), or by
an agent from the registry (``agents.builtin_agents()``) at a difficulty when
the agent has levels. Keyboard: 1-4 pick your company, Space starts, Esc goes
back. The config is checked (``game.ui.config.check``) before the game starts;
a problem shows as one red line instead of a crash.
"""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UITextEntryLine

from agents import builtin_agents
from game.rules import SEATS, Seat, available_scenarios, load_scenario
from game.rules import FrenemiesError

from .app import App, Scene
from .config import PERSON, GameConfig, check, default_opponent, levels_of, random_seed, supports_level
from .look import BAD, MUTED, SEAT_COLOURS, TEXT, draw_mark, draw_text, panel, wrap

HOW_TO = (
    ("Each quarter", "events are drawn, then two rounds of talks: on its turn a company puts a package (several "
                     "terms and a cash price) to one other company, or passes; the other side accepts, rejects or "
                     "counters, back and forth as far as their trust allows."),
    ("Then", "everyone picks one move at the same time, sealed (capex stays where it is unless you change it); "
             "the quarter resolves: contracts pay, data centres come online, models train, users and revenue "
             "move, levers settle."),
    ("You win", "with the highest score at the end: your company's value against its start (100 = par). "
                "Joint value, what the four create together, is shown too."),
    ("You see", "your own figures exactly; others' hidden figures (OpenAI's capability, Microsoft's plan-B models) "
                "are public estimates marked ~, unless an info-sharing pact is in force."),
)
from .widgets import button, dropdown, label

YOU, OTHER_PERSON = "You", "Another person (hot-seat)"


class SetupScene(Scene):
    name = "setup"

    def __init__(self, app: App, initial: GameConfig | None = None) -> None:
        super().__init__(app)
        initial = initial or getattr(app, "defaults", None)
        opp = default_opponent()
        self.agents = builtin_agents()
        if initial is not None:
            self.you = initial.people[0] if initial.people else Seat.OPENAI
            self.controllers = [PERSON if c == PERSON else c for c in initial.controllers]
            self.scenario, self.seed_text = initial.scenario, str(initial.seed)
        else:
            self.you = Seat.OPENAI
            self.controllers = [opp if s != self.you else PERSON for s in SEATS]
            self.scenario, self.seed_text = "stargate-2025", str(random_seed())
        self.error = ""
        self.rows: list[pygame.Rect] = []

    # ------------------------------------------------------------ options
    def agent_option(self, code: str) -> str:
        return f"{code}  ({self.agents[code].difficulty})"

    def options(self) -> list[str]:
        return [YOU, OTHER_PERSON] + [self.agent_option(c) for c in self.agents]

    def current_option(self, seat: Seat) -> str:
        spec = self.controllers[seat]
        if seat == self.you:
            return YOU
        if spec == PERSON:
            return OTHER_PERSON
        code = spec.split("@")[0]
        return self.agent_option(code) if code in self.agents else spec

    # ------------------------------------------------------------ widgets
    def build(self) -> None:
        w, h = self.app.size
        px = self.app.px
        width = min(w - px(80), px(1100))
        x0 = (w - width) // 2
        y = px(104)
        row_h = px(58)
        self.rows = []
        for seat in SEATS:
            row = pygame.Rect(x0, y, width, row_h - px(8))
            self.rows.append(row)
            bx = row.x + px(54)
            self.widgets[f"seat{int(seat)}"] = button(
                self.manager, pygame.Rect(bx, row.y + px(10), px(170), px(36)), f"{seat.label}   [{int(seat) + 1}]",
                f"Play {seat.label} yourself", selected=(seat == self.you))
            opts = self.options()
            dd = dropdown(self.manager, pygame.Rect(bx + px(184), row.y + px(10), px(290), px(36)), opts,
                          self.current_option(seat), limit=px(300))
            self.widgets[f"who{int(seat)}"] = dd
            spec = self.controllers[seat]
            code = spec.split("@")[0]
            if seat != self.you and spec != PERSON and supports_level(code):
                level = spec.split("@")[1] if "@" in spec else "normal"
                self.widgets[f"level{int(seat)}"] = dropdown(
                    self.manager, pygame.Rect(bx + px(486), row.y + px(10), px(130), px(36)),
                    list(levels_of(code)), level)
            y += row_h
        y += px(18)
        self.settings_y = y
        scen_opts = available_scenarios()
        self.widgets["scenario"] = dropdown(self.manager, pygame.Rect(x0 + px(110), y, px(240), px(36)), scen_opts,
                                            self.scenario if self.scenario in scen_opts else scen_opts[0])
        entry = UITextEntryLine(pygame.Rect(x0 + px(490), y, px(150), px(36)), self.manager,
                                initial_text=self.seed_text)
        entry.set_allowed_characters("numbers")
        entry.set_text_length_limit(18)
        self.widgets["seed"] = entry
        self.widgets["reseed"] = button(self.manager, pygame.Rect(x0 + px(650), y, px(110), px(36)), "New seed",
                                        "Pick another random seed")
        label(self.manager, pygame.Rect(x0, y + px(4), px(104), px(28)), "Scenario", "#muted")
        label(self.manager, pygame.Rect(x0 + px(420), y + px(4), px(64), px(28)), "Seed", "#muted")
        by = h - px(84)
        self.widgets["start"] = button(self.manager, pygame.Rect(w // 2 + px(10), by, px(220), px(48)),
                                       "Start   [Space]", "Start the game with this setup", object_id="#primary")
        self.widgets["back"] = button(self.manager, pygame.Rect(w // 2 - px(230), by, px(220), px(48)), "Back   [Esc]")

    def rebuild(self) -> None:
        self.manager.clear_and_reset()
        self.widgets = {}
        self.build()

    # ------------------------------------------------------------ events
    def set_you(self, seat: Seat) -> None:
        if seat == self.you:
            return
        taken = self.controllers[seat]   # swap: your old company gets the new one's player
        self.controllers[self.you] = taken if taken != PERSON else default_opponent()
        self.you = seat
        self.controllers[seat] = PERSON
        self.rebuild()

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for seat in SEATS:
                if event.ui_element is self.widgets.get(f"seat{int(seat)}"):
                    self.set_you(seat)
                    return
            if event.ui_element is self.widgets.get("start"):
                self.start()
            elif event.ui_element is self.widgets.get("back"):
                self.back()
            elif event.ui_element is self.widgets.get("reseed"):
                self.seed_text = str(random_seed())
                self.widgets["seed"].set_text(self.seed_text)
        elif event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            self.dropdown_changed(event.ui_element, event.text)
        elif event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element is self.widgets.get("seed"):
            self.seed_text = event.text
        elif event.type == pygame.KEYDOWN and not self.typing():
            if pygame.K_1 <= event.key <= pygame.K_4:
                self.set_you(Seat(event.key - pygame.K_1))
            elif event.key in (pygame.K_SPACE, pygame.K_RETURN):
                self.start()
            elif event.key == pygame.K_ESCAPE:
                self.back()
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.widgets["seed"].unfocus()

    def dropdown_changed(self, element: object, text: str) -> None:
        if element is self.widgets.get("scenario"):
            self.scenario = text
            return
        for seat in SEATS:
            if element is self.widgets.get(f"who{int(seat)}"):
                if text == YOU:
                    self.set_you(seat)
                    return
                if seat == self.you:  # you moved elsewhere: give your old seat the new controller
                    others = [s for s in SEATS if s != seat and self.controllers[s] != PERSON]
                    if not others:
                        self.error = "someone must play: pick another company for yourself first"
                        self.rebuild()
                        return
                    self.you = others[0]
                    self.controllers[self.you] = PERSON
                if text == OTHER_PERSON:
                    self.controllers[seat] = PERSON
                else:
                    code = text.split()[0]
                    self.controllers[seat] = f"{code}@normal" if supports_level(code) and "normal" in levels_of(code) \
                        else code
                self.rebuild()
                return
            if element is self.widgets.get(f"level{int(seat)}"):
                self.controllers[seat] = f"{self.controllers[seat].split('@')[0]}@{text}"
                return

    def config(self) -> GameConfig:
        ctl = tuple(PERSON if (s == self.you or self.controllers[s] == PERSON) else self.controllers[s] for s in SEATS)
        try:
            seed = int(self.seed_text or "x")
        except ValueError:
            raise FrenemiesError("the seed must be a whole number") from None
        return check(GameConfig(self.scenario, seed, ctl))

    def start(self) -> None:
        try:
            config = self.config()
        except FrenemiesError as exc:
            self.error = str(exc)
            return
        self.app.go("play", config)

    def back(self) -> None:
        self.app.go("title")

    # ------------------------------------------------------------ drawing
    def _draw_howto(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        if rect.h < self.fonts.px(60):
            return
        f = self.fonts
        inner = panel(surface, rect, "How to play", f)
        head, body = f.get(12.5, True), f.get(12.5)
        y = inner.y
        hw = f.px(96)
        for title, text in HOW_TO:
            lines = wrap(text, body, inner.w - hw)
            if y + len(lines) * body.get_linesize() > inner.bottom:
                break
            draw_text(surface, title, (inner.x, y), head, TEXT)
            for line in lines:
                draw_text(surface, line, (inner.x + hw, y), body, MUTED)
                y += body.get_linesize()
            y += f.px(3)

    def scenario_line(self) -> str:
        """The chosen scenario in one line: its title, its span once (its own blurb usually names it), its blurb."""
        try:
            scen = load_scenario(self.scenario)
        except FrenemiesError as exc:
            return str(exc)
        span = f"{scen.label(0)}-{scen.label(scen.quarters - 1)}"
        if span in scen.description:
            return f"{scen.title}: {scen.description}"
        return f"{scen.title}: {scen.quarters} quarters, {span}. {scen.description}"

    def draw(self, surface: pygame.Surface) -> None:
        f, (w, h) = self.fonts, self.app.size
        draw_text(surface, "New game", (w // 2, f.px(28)), f.get(28, True), TEXT, anchor="midtop")
        draw_text(surface, "Who plays each company?  Pick yours with 1-4 or its button; hover a control for help.",
                  (w // 2, f.px(66)), f.get(13), MUTED, anchor="midtop")
        for seat, row in zip(SEATS, self.rows):
            fill = tuple(min(255, c // 7 + 26) for c in SEAT_COLOURS[seat]) if seat == self.you else None
            inner = panel(surface, row, None, f, **({"fill": fill} if fill else {}),
                          border=SEAT_COLOURS[seat] if seat == self.you else (52, 60, 72))
            draw_mark(surface, seat, (row.x + f.px(28), row.centery), f.px(17), f)
            spec = self.controllers[seat]
            code = spec.split("@")[0]
            if seat == self.you:
                text = "You play this company. Your private figures are exact; others' are estimates."
            elif spec == PERSON:
                text = "Another person at this screen: a hand-over screen hides each private view."
            else:
                text = self.agents[code].description if code in self.agents else spec
                if not supports_level(code):
                    text = "(no levels)  " + text
            x = row.x + f.px(54 + 632)
            font = f.get(12.5)
            lines = wrap(text, font, inner.right - x)[:2]
            y0 = row.centery - len(lines) * font.get_linesize() // 2
            for n, line in enumerate(lines):
                draw_text(surface, line, (x, y0 + n * font.get_linesize()), font, MUTED, max_width=inner.right - x)
        if self.rows:
            hx, hy, hf = self.rows[0].x, self.rows[0].y - f.px(18), f.get(11.5, True)
            for dx, text in ((54, "COMPANY"), (238, "PLAYED BY"), (540, "LEVEL"), (686, "ABOUT")):
                draw_text(surface, text, (hx + f.px(dx), hy), hf, MUTED)
            top = self.settings_y + f.px(72)
            self._draw_howto(surface, pygame.Rect(self.rows[0].x, top, self.rows[0].w, h - f.px(98) - top))
        desc = self.scenario_line()
        x0 = self.rows[0].x if self.rows else f.px(40)
        draw_text(surface, desc, (x0, self.settings_y + f.px(44)), f.get(13), MUTED,
                  max_width=(self.rows[0].w if self.rows else w - 80))
        if self.error:
            draw_text(surface, self.error, (w // 2, h - f.px(30)), f.get(14, True), BAD, anchor="midtop",
                      max_width=w - f.px(40))
