"""The "your turn" panel: compose a package, answer one, pick a move.

Built from one ``Observation`` and nothing else. A package is composed term
by term: choose the counterparty, add terms from the list (every term the
pair can trade, at a common size), step each term's quantities, set the cash
either way, and send it. Facing a package, the draft starts as that package:
accept it, reject it, or change it and send the change as a counter (while
trust leaves exchanges). Anything not legal is greyed out, and its tooltip
gives the rules' reason (``why_illegal`` on the view). The preview shows the
package in words and an estimate of its effect on both sides
(``game.ui.preview``), labelled as an estimate.

Keys (propose and counter): Left/Right counterparty, Up/Down pick a term in
the list, A adds it (1-9 add the list's first nine directly), Backspace
drops the last term, +/- move $1B of cash your way or theirs (Shift: $5B),
Enter sends. Space passes (propose) or rejects (answer); facing a package,
1 accepts and 2 rejects. Moves: 1-9 pick a move, Left/Right step the capex
(the standing order is kept unless you change it), Space confirms.
U (or Ctrl+Z, or the Undo button) takes back the last change to the draft:
a term added or dropped, a quantity, the cash, the counterparty, the move or
the capex, one step at a time, until the choice is sent or confirmed.
"""

from __future__ import annotations

from html import escape

import pygame
import pygame_gui
from pygame_gui.elements import UITextBox

from agents.bargain import cash_to
from game.rules import (MENUS, SEATS, TWEAKS, Accept, Act, Cash, Choice, Counter, Ip, Match, Observation, Pass,
                        Phase, Propose, Reject, Seat, Term, Waive, bump, canonical, exchanges_left, explain,
                        free_funds, move_why_not, slot, snap, templates_for, why_illegal, why_not_package,
                        why_not_term)

from .look import MUTED, Fonts, draw_text
from .move_panel import MovePanel
from .preview import estimate, estimate_html
from .session import default_act, sealed_for
from .widgets import ReasonButton, button, dropdown

ESTIMATE_NOTE = ("Send this package. The estimate assumes it is accepted, then runs the game to its end with everyone "
                 "doing only the obvious; it is worked out from your view, where others' hidden figures are public "
                 "estimates.")
MAX_ROWS = 5
HINT = "S: suggest"
#: a quantity's step buttons say what they step
FIELD_WORDS = {"gw": "GW", "price": "price a GW a quarter", "quarters": "quarters", "stake": "stake",
               "consent": "stake at conversion", "revshare": "revenue share", "loan": "loan amount",
               "venture": "money into Stargate"}
UNDO = "Undo [U]"


class TurnPanel(MovePanel):
    """Widgets for one decision. ``handle`` returns the chosen ``Choice`` once the person confirms."""

    def __init__(self, manager: pygame_gui.UIManager, fonts: Fonts, obs: Observation) -> None:
        self.manager, self.fonts, self.obs = manager, fonts, obs
        self.me, self.view = obs.seat, sealed_for(obs)
        self.widgets: dict[str, pygame_gui.core.UIElement] = {}
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.heading = ""
        self.pick = 0                                   # the term list's selected entry
        self.to: Seat = next((s for s in SEATS if s != self.me and exchanges_left(self.view, self.me, s) > 0),
                             next(s for s in SEATS if s != self.me))
        self.terms: list[Term] = []
        self.cash = 0.0                                 # $B the counterparty pays me (negative: I pay)
        if obs.phase is Phase.RESPOND and obs.pending is not None:
            self.to = obs.pending.frm
            self.load(obs.pending.terms)
        default = default_act(obs) if obs.phase is Phase.ACT else None
        self.move = default.move if isinstance(default, Act) else "hold"
        self.capex: int | None = None                    # None: keep the standing order
        self.suggestion = ""                             # the advisor's reason, once asked (S)
        self.history: list[tuple] = []                   # earlier drafts, for undo (U / Ctrl+Z)

    # ------------------------------------------------------------ state helpers
    def load(self, terms: tuple[Term, ...]) -> None:
        """Put a whole package in the composer: its terms, and its cash as what comes my way."""
        self.terms = [t for t in terms if type(t) is not Cash]
        self.cash = cash_to(terms, self.me)

    def draft(self) -> tuple:
        """Everything a person has set on this panel that undo takes back."""
        return self.to, tuple(self.terms), self.cash, self.move, self.capex

    def undo(self) -> bool:
        """Back to the draft before the last change; False when there is none."""
        if not self.history:
            return False
        self.to, terms, self.cash, self.move, self.capex = self.history.pop()
        self.terms, self.suggestion = list(terms), ""
        self.build(self.rect)
        return True

    def package(self) -> tuple[Term, ...]:
        rest = canonical(self.terms)
        amount = snap("cash", abs(self.cash)) if abs(self.cash) >= 0.25 else 0.0
        if amount <= 0:
            return rest
        cash = Cash(self.to, self.me, amount) if self.cash > 0 else Cash(self.me, self.to, amount)
        return canonical(rest + (cash,))

    def proposal(self) -> Choice:
        return Propose(self.to, self.package()) if self.obs.phase is Phase.PROPOSE else Counter(self.package())

    def reason(self, choice: Choice) -> str | None:
        """None if legal, else why not (the rules' words, on this seat's view)."""
        if not getattr(choice, "terms", True):
            return "add a term first"
        if isinstance(choice, Counter) and self.obs.pending is not None and choice.terms == self.obs.pending.terms:
            return "change the package to counter it"
        return why_illegal(self.view, choice)

    def templates(self) -> list[tuple[str, Term]]:
        """The terms the list offers: those the pair can trade now, each a legal package on its own (no consent
        once OpenAI has converted, no lease from a company with no spare capacity, no build its buyer cannot
        pay for), in the rules' order; and no IP extension while access already runs past the game's end."""
        end = self.view.scenario.quarters
        return [(label, t) for label, t in templates_for(self.view, self.me, self.to)
                if why_not_term(self.view, t) is None
                and why_not_package(self.view, self.me, self.to, (t,)) is None
                and not (type(t) is Ip and self.view.ip_horizon >= end)]

    def composing(self) -> bool:
        ph = self.obs.phase
        return ph is Phase.PROPOSE or (ph is Phase.RESPOND and self.obs.exchanges_left > 0)

    # ------------------------------------------------------------ building
    def build(self, rect: pygame.Rect) -> None:
        self.kill()
        self.rect = rect
        ph = self.obs.phase
        if ph in (Phase.PROPOSE, Phase.RESPOND):
            self._build_package()
        elif ph is Phase.ROFR:
            self._build_rofr()
        elif ph is Phase.ACT:
            self._build_act()
        if self.history:
            f = self.fonts
            w = f.get(12).size(UNDO)[0] + self._px(16)
            x = rect.right - w
            self.widgets["undo"] = button(self.manager, pygame.Rect(x, rect.y - self._px(2), w, self._px(22)), UNDO,
                                          "Take back the last change to this draft (the choice is not sent yet)")

    def kill(self) -> None:
        for w in self.widgets.values():
            w.kill()
        self.widgets = {}

    def _px(self, n: float) -> int:
        return self.fonts.px(n)

    def _preview(self, y: int, bottom: int, html: str) -> None:
        r = self.rect
        if self.suggestion:
            html = (f"<font color='#7fc8a9'>Suggested: "
                    f"{escape(self.suggestion)}</font><br>" + html)
        box = UITextBox(html, pygame.Rect(r.x, y, r.w, max(self._px(40), bottom - y)), self.manager)
        self.widgets["preview"] = box

    def _build_package(self) -> None:
        r, px, ph = self.rect, self._px, self.obs.phase
        y = r.y + px(26)
        if ph is Phase.PROPOSE:
            self.heading = f"Your package  ·  round {self.view.talk + 1} of {self.view.scenario.talks}"
            others = [s for s in SEATS if s != self.me]
            bw = (r.w - 2 * px(6)) // 3
            for n, seat in enumerate(others):
                left = exchanges_left(self.view, self.me, seat)
                tip = (f"Compose for {seat.label}: {left} exchange{'s' if left != 1 else ''} left this quarter "
                       "(Left/Right)") if left > 0 else f"Trust with {seat.label} allows no more talks this quarter"
                self.widgets[f"to{int(seat)}"] = button(self.manager, pygame.Rect(r.x + n * (bw + px(6)), y, bw, px(30)),
                                                        seat.label, tip, enabled=left > 0, selected=(seat == self.to))
            y += px(36)
        else:
            p = self.obs.pending
            left = self.obs.exchanges_left
            self.heading = f"From {p.frm.label}  ·  {left} counter{'s' if left != 1 else ''} left"
        if self.composing():
            y = self._build_adder(y)
        y = self._build_rows(y)
        by = r.bottom - px(38)
        if ph is Phase.RESPOND:
            by -= px(42)
        self._preview(y, by - px(6), self._package_html())
        half = (r.w - px(8)) // 2
        if ph is Phase.PROPOSE:
            why = self.reason(self.proposal())
            self.widgets["propose"] = button(self.manager, pygame.Rect(r.x, by, half, px(36)), "Send   [Enter]",
                                             f"Not now: {why}" if why else ESTIMATE_NOTE, enabled=why is None,
                                             object_id="#primary", tip_bottom=by)
            self.widgets["pass"] = button(self.manager, pygame.Rect(r.x + half + px(8), by, half, px(36)),
                                          "Pass   [Space]", "Open no negotiation this turn", tip_bottom=by)
            return
        opts: list[tuple[str, Choice, str]] = [("Accept   [1]", Accept(), "Sign the package on the table"),
                                               ("Reject   [2 / Space]", Reject(),
                                                "Turn it down; the negotiation ends (trust falls a little)")]
        self.answers = [(text, choice) for text, choice, _ in opts] + [("Counter", self.proposal())]
        for n, (text, choice, tip) in enumerate(opts):
            why = why_illegal(self.view, choice)
            self.widgets[f"ans{n}"] = button(
                self.manager, pygame.Rect(r.x + n * (half + px(8)), by, half, px(36)), text,
                f"Not now: {why}" if why else tip, enabled=why is None, object_id="#primary" if n == 0 else None,
                tip_bottom=by)
        counter = self.proposal()
        why = self.reason(counter)
        self.widgets["ans2"] = button(self.manager, pygame.Rect(r.x, by + px(42), r.w, px(36)),
                                      "Send as a counter   [3 / Enter]",
                                      f"Not now: {why}" if why else "Answer with the package as you changed it",
                                      enabled=why is None, tip_bottom=by)

    def _build_adder(self, y: int) -> int:
        r, px = self.rect, self._px
        options = [f"{n + 1}. {t}" if n < 9 else str(t) for n, (_, t) in enumerate(self.templates())]
        if options:
            self.pick = min(self.pick, len(options) - 1)
            self.widgets["term"] = dropdown(self.manager, pygame.Rect(r.x, y, r.w - px(78), px(30)), options,
                                            options[self.pick], limit=px(300))
            self.widgets["add"] = button(self.manager, pygame.Rect(r.right - px(72), y, px(72), px(30)), "Add  [A]",
                                         "Add this term to the package (Up/Down picks, 1-9 add directly)")
        return y + px(36)

    def _build_rows(self, y: int) -> int:
        r, px = self.rect, self._px
        row_h = px(27)
        edit = self.composing()
        for i, term in enumerate(canonical(self.terms)[:MAX_ROWS]):
            tweak = TWEAKS.get(type(term), ())
            bw = px(24)
            right = r.right - (bw + px(3)) * (2 * min(2, len(tweak)) + 1) if edit else r.right
            self.widgets[f"t{i}"] = button(self.manager, pygame.Rect(r.x, y, right - r.x - px(4), row_h - px(3)),
                                           _row_label(term), explain(term), object_id="#term")
            x = right
            if edit:
                for f, field in enumerate(tweak[:2]):
                    for sign, mark in ((-1, "-"), (1, "+")):
                        ok = bump(term, field, sign) is not None
                        self.widgets[f"t{i}_{field}{mark}"] = button(
                            self.manager, pygame.Rect(x, y, bw, row_h - px(3)), mark,
                            f"{'Less' if sign < 0 else 'More'}: {FIELD_WORDS.get(field, field)}", enabled=ok)
                        x += bw + px(3)
                self.widgets[f"t{i}_x"] = button(self.manager, pygame.Rect(x, y, bw, row_h - px(3)), "x",
                                                 "Drop this term (Backspace drops the last)")
            y += row_h
        cash = self.cash
        # one signed number, yours: the -/+ buttons move it down and up (it read "you pay ORCL $21B", and -5
        # made that $26B, which a newcomer took for a bug)
        label = "Cash to you: none" if abs(cash) < 0.25 else f"Cash to you: {'+' if cash > 0 else '-'}${abs(cash):g}B"
        bw = px(34)
        steps = ((-5, "-5"), (-1, "-1"), (1, "+1"), (5, "+5")) if edit else ()
        text_w = r.w - len(steps) * (bw + px(3))
        self.widgets["cash"] = button(self.manager, pygame.Rect(r.x, y, text_w - px(4), row_h - px(3)),
                                      label, "The package's price, as cash to you (below zero: you pay them): + asks "
                                             "more for you, - offers more to them (+/- keys, Shift for $5B)",
                                      object_id="#term")
        x = r.x + text_w
        for step, mark in steps:
            self.widgets[f"cash{mark}"] = button(self.manager, pygame.Rect(x, y, bw, row_h - px(3)), mark,
                                                 f"${abs(step)}B {'more for you' if step > 0 else 'more for them'}")
            x += bw + px(3)
        return y + row_h + px(4)

    def _package_html(self) -> str:
        choice = self.proposal()
        if not self.terms:
            what = "An empty package: add terms from the list."
            return f"<font color='#98a2b0'>{escape(what)}</font>"
        ff = free_funds(self.view, self.me)
        out = f"<font color='#98a2b0'>Free to commit: ${max(0.0, ff):.1f}B (cash and credit less what you owe)</font>"
        why = self.reason(choice)
        if self.obs.phase is Phase.RESPOND and choice.terms == self.obs.pending.terms:
            est = estimate(self.view, self.me, Accept())
            if est is not None:
                out += estimate_html(est, 'If you accept')
            return out
        if why:
            return out + f"<br><font color='#e45c50'>Not possible: {escape(why)}</font>"
        est = estimate(self.view, self.me, choice)
        if est is not None:
            out += estimate_html(est, 'If accepted')
        return out

    # ------------------------------------------------------------ input
    def handle(self, event: pygame.event.Event) -> Choice | None:
        """The choice once the person sends or confirms it; every change to the draft on the way is kept so
        that undo can take it back."""
        if (event.type == pygame.KEYDOWN and (event.key == pygame.K_u or (
                event.key == pygame.K_z and event.mod & pygame.KMOD_CTRL))) or (
                event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.widgets.get("undo")):
            self.undo()
            return None
        before, advice = self.draft(), self.suggestion
        self.history.append(before)                    # kept if the event changes the draft (so a rebuild
        choice = self._handle(event)                   # on the way shows the Undo button), dropped if not
        if choice is not None or self.draft() == before:
            self.history.pop()
            if not self.history and "undo" in self.widgets:
                self.widgets.pop("undo").kill()
        elif advice and self.suggestion == advice:     # you changed the suggested draft: the advice is stale
            self.suggestion = ""
            self.build(self.rect)
        return choice

    def _handle(self, event: pygame.event.Event) -> Choice | None:
        ph = self.obs.phase
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            return self._pressed(event.ui_element)
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.widgets.get("term"):
            labels = [str(t) for _, t in self.templates()]
            text = event.text.split(". ", 1)[-1]
            if text in labels:                          # picking a term with the mouse adds it
                self.pick = labels.index(text)
                self._add(self.pick)
                self.build(self.rect)
            return None
        if event.type != pygame.KEYDOWN:
            return None
        key, shift = event.key, bool(event.mod & pygame.KMOD_SHIFT)
        num = _number(key)
        if key == pygame.K_s:
            self.take_suggestion()
            return None
        if ph in (Phase.PROPOSE, Phase.RESPOND):
            if ph is Phase.PROPOSE and key == pygame.K_SPACE:
                return Pass()
            if ph is Phase.RESPOND:
                if key == pygame.K_SPACE or num == 2:
                    return Reject()
                if num == 1:
                    return Accept() if why_illegal(self.view, Accept()) is None else None
                if num == 3:
                    return self._send()
            if key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                return self._send()
            if not self.composing():
                return None
            if key in (pygame.K_LEFT, pygame.K_RIGHT) and ph is Phase.PROPOSE:
                others = [s for s in SEATS if s != self.me and exchanges_left(self.view, self.me, s) > 0]
                if others:
                    i = others.index(self.to) if self.to in others else 0
                    self._retarget(others[(i + (1 if key == pygame.K_RIGHT else -1)) % len(others)])
            elif key in (pygame.K_UP, pygame.K_DOWN):
                n = len(self.templates())
                if n:
                    self.pick = (self.pick + (1 if key == pygame.K_DOWN else -1)) % n
            elif key == pygame.K_a:
                self._add(self.pick)
            elif num is not None and ph is Phase.PROPOSE:
                self._add(num - 1)
            elif key == pygame.K_BACKSPACE and self.terms:
                self.terms.pop()
            elif key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
                self.cash += 5.0 if shift else 1.0
            elif key in (pygame.K_MINUS, pygame.K_KP_MINUS):
                self.cash -= 5.0 if shift else 1.0
            else:
                return None
            self.build(self.rect)
        elif ph is Phase.ROFR:
            if num == 1:
                return Match()
            if key == pygame.K_SPACE or num == 2:
                return Waive()
        elif ph is Phase.ACT:
            if key in (pygame.K_SPACE, pygame.K_RETURN):
                act = self.act()
                return act if why_illegal(self.view, act) is None else None
            if num is not None and 1 <= num <= len(MENUS[self.me]):
                move = MENUS[self.me][num - 1]
                if move_why_not(self.view, self.me, move) is None:
                    self.move = move
            elif key in (pygame.K_LEFT, pygame.K_RIGHT):
                level = self.capex if self.capex is not None else self.view.companies[self.me].capex_level
                lv = level + (1 if key == pygame.K_RIGHT else -1)
                if 0 <= lv <= 3 and why_illegal(self.view, Act(self.move, lv)) is None:
                    self.capex = lv
            else:
                return None
            self.build(self.rect)
        return None

    def _send(self) -> Choice | None:
        choice = self.proposal()
        return choice if self.reason(choice) is None else None

    def _retarget(self, seat: Seat) -> None:
        if seat != self.to:
            self.to, self.terms, self.cash, self.pick = seat, [], 0.0, 0

    def _add(self, index: int) -> None:
        options = self.templates()
        if not 0 <= index < len(options):
            return
        term = options[index][1]
        taken = {slot(t) for t in self.terms}
        if slot(term) in taken:
            self.terms = [t for t in self.terms if slot(t) != slot(term)]
        self.terms.append(term)

    def _pressed(self, element: object) -> Choice | None:
        w = self.widgets
        for seat in SEATS:
            if element is w.get(f"to{int(seat)}"):
                self._retarget(seat)
                self.build(self.rect)
                return None
        if element is w.get("add"):
            self._add(self.pick)
            self.build(self.rect)
            return None
        for i, term in enumerate(canonical(self.terms)[:MAX_ROWS]):
            if element is w.get(f"t{i}_x"):
                self.terms = [t for t in self.terms if t != term]
                self.build(self.rect)
                return None
            for field in TWEAKS.get(type(term), ())[:2]:
                for sign, mark in ((-1, "-"), (1, "+")):
                    if element is w.get(f"t{i}_{field}{mark}"):
                        new = bump(term, field, sign)
                        if new is not None:
                            self.terms = [new if t == term else t for t in self.terms]
                        self.build(self.rect)
                        return None
        for step, mark in ((-5, "-5"), (-1, "-1"), (1, "+1"), (5, "+5")):
            if element is w.get(f"cash{mark}"):
                self.cash += step
                self.build(self.rect)
                return None
        if element is w.get("propose"):
            return self._send()
        if element is w.get("pass"):
            return Pass()
        for n, (_, choice) in enumerate(getattr(self, "answers", [])):
            if element is w.get(f"ans{n}"):
                if isinstance(choice, Counter):
                    return self._send()
                return choice if why_illegal(self.view, choice) is None else None
        for n, move in enumerate(MENUS[self.me]):
            if element is w.get(f"move{n}"):
                self.move = move
                if self.capex is not None and why_illegal(self.view, Act(move, self.capex)) is not None:
                    self.capex = None
                self.build(self.rect)
                return None
        for lv in range(4):
            if element is w.get(f"capex{lv}"):
                self.capex = lv
                self.build(self.rect)
                return None
        if element is w.get("confirm"):
            act = self.act()
            return act if why_illegal(self.view, act) is None else None
        return None

    def take_suggestion(self) -> None:
        """Ask the advisor and set the panel to its choice (``game.ui.advisor.fill``); you still confirm it."""
        from .advisor import fill

        fill(self)
        self.build(self.rect)

    def draw(self, surface: pygame.Surface) -> None:
        f = self.fonts
        hint = "" if self.history else HINT              # the Undo button takes the hint's place
        hw = f.get(12).size(hint)[0] + (f.get(12).size(UNDO)[0] + f.px(24) if self.history else 0)
        draw_text(surface, self.heading, (self.rect.x, self.rect.y), f.get(15, True),
                  max_width=self.rect.w - hw - f.px(8))
        draw_text(surface, hint, (self.rect.right - f.get(12).size(hint)[0], self.rect.y + f.px(3)), f.get(12),
                  MUTED)
        if self.obs.phase is Phase.ACT and hasattr(self, "capex_label_y"):
            draw_text(surface, self.capex_label(), (self.rect.x, self.capex_label_y), f.get(12), MUTED,
                      max_width=self.rect.w)


def _row_label(term: Term) -> str:
    """A term on its row: the notation, but a compute term without the word (its GW say it), so its price and
    'build' fit beside the step buttons at 1280x720."""
    text = str(term)
    return text.removeprefix("compute ") if text.startswith("compute ") else text


def _number(key: int) -> int | None:
    if pygame.K_1 <= key <= pygame.K_9:
        return key - pygame.K_0
    if pygame.K_KP1 <= key <= pygame.K_KP9:
        return key - pygame.K_KP1 + 1
    return None


__all__ = ["TurnPanel", "ReasonButton"]
