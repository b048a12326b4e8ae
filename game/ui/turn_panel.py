"""The "your turn" panel: compose a proposal, answer an offer, pick a move.

Built from one ``Observation`` and nothing else. Every option the rules know
is on screen; only the legal ones (``obs.legal``) are enabled, and a disabled
one's tooltip gives the rules' reason (``engine.why_illegal`` on the view).
Previews show the deal's terms (``deals.describe_terms``) and an estimate of
its effect (``game.ui.preview``), labelled as an estimate.

Keys: Space confirms the default (pass / reject / waive / the chosen move),
Enter sends a composed proposal, number keys pick sizes, answers and moves,
arrows move between counterparties and deals (propose) or capex levels (act).
"""

from __future__ import annotations

from html import escape

import pygame
import pygame_gui
from pygame_gui.elements import UITextBox

from game.rules import (DEALS, SEATS, Accept, Act, Choice, Counter, Match, Observation, Pass, Phase, Propose,
                        Reject, Seat, Waive, CATALOGUE, MENUS, capex_cost, describe_terms, move_why_not,
                        why_illegal)
from game.rules import MOVE_DESCRIPTIONS as DESCRIPTIONS

from .look import MUTED, Fonts, draw_text
from .preview import estimate
from .session import default_act
from .widgets import ReasonButton, button, dropdown

NOT_NOW = "  (not now)"
ESTIMATE_NOTE = ("Send this proposal. The estimate assumes it is accepted and everyone then holds; it is worked "
                 "out from your view, where others' hidden figures are public estimates.")


class TurnPanel:
    """Widgets for one decision. ``handle`` returns the chosen ``Choice`` once the person confirms."""

    def __init__(self, manager: pygame_gui.UIManager, fonts: Fonts, obs: Observation) -> None:
        self.manager, self.fonts, self.obs = manager, fonts, obs
        self.me, self.view, self.legal = obs.seat, obs.view, set(obs.legal)
        self.widgets: dict[str, pygame_gui.core.UIElement] = {}
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.heading = ""
        self.to, self.deal, self.size = self._first_proposal()
        default = default_act(obs) if obs.phase is Phase.ACT else None
        self.move = default.move if isinstance(default, Act) else "hold"
        self.capex = default.capex if isinstance(default, Act) else 0
        self.default_capex = self.capex

    # ------------------------------------------------------------ state helpers
    def _first_proposal(self) -> tuple[Seat, str, int]:
        props = [c for c in self.obs.legal if isinstance(c, Propose)]
        if props:
            return props[0].to, props[0].deal, props[0].size
        others = [s for s in SEATS if s != self.me]
        return others[0], DEALS[0], 1

    def proposal(self) -> Propose:
        return Propose(self.to, self.deal, self.size)

    def reason(self, choice: Choice) -> str | None:
        """None if legal, else why not (the rules' words)."""
        if choice in self.legal:
            return None
        return why_illegal(self.view, choice) or "not allowed now"

    def deals_for(self, to: Seat) -> list[str]:
        """Deals this pair can make at all (legal now or not)."""
        return [d for d in DEALS if CATALOGUE[d].assign(self.me, to) is not None]

    # ------------------------------------------------------------ building
    def build(self, rect: pygame.Rect) -> None:
        self.kill()
        self.rect = rect
        ph = self.obs.phase
        if ph is Phase.PROPOSE:
            self._build_propose()
        elif ph in (Phase.RESPOND, Phase.COUNTERED, Phase.ROFR):
            self._build_answer()
        elif ph is Phase.ACT:
            self._build_act()

    def kill(self) -> None:
        for w in self.widgets.values():
            w.kill()
        self.widgets = {}

    def _px(self, n: float) -> int:
        return self.fonts.px(n)

    def _preview(self, y: int, bottom: int, html: str) -> None:
        r = self.rect
        box = UITextBox(html, pygame.Rect(r.x, y, r.w, max(self._px(40), bottom - y)), self.manager)
        self.widgets["preview"] = box

    def _build_propose(self) -> None:
        r, px = self.rect, self._px
        talk = self.view.talk + 1
        self.heading = f"Your proposal  ·  talks round {talk} of {self.view.scenario.talks}"
        y = r.y + px(28)
        others = [s for s in SEATS if s != self.me]
        bw = (r.w - 2 * px(6)) // 3
        for n, seat in enumerate(others):
            deals = [Propose(seat, d, z) for d in self.deals_for(seat) for z in (1, 2, 3)]
            ok = any(p in self.legal for p in deals)
            tip = f"Propose to {seat.label}  (Left/Right arrows)" if ok else \
                (self.reason(deals[0]) if deals else f"no deals with {seat.label}")
            self.widgets[f"to{int(seat)}"] = button(self.manager, pygame.Rect(r.x + n * (bw + px(6)), y, bw, px(32)),
                                                    seat.label, tip, selected=(seat == self.to))
        y += px(40)
        options = [d + ("" if any(Propose(self.to, d, z) in self.legal for z in (1, 2, 3)) else NOT_NOW)
                   for d in self.deals_for(self.to)]
        current = next((o for o in options if o.split()[0] == self.deal), options[0] if options else "")
        if current and current.split()[0] != self.deal:
            self.deal = current.split()[0]
        if options:
            self.widgets["deal"] = dropdown(self.manager, pygame.Rect(r.x, y, r.w, px(32)), options, current,
                                            limit=px(330))
        y += px(40)
        sw = (r.w - 2 * px(6)) // 3
        for z in (1, 2, 3):
            p = Propose(self.to, self.deal, z)
            why = self.reason(p)
            tip = describe_terms(self.view, self.deal, *self._roles(), z) if why is None else f"Not now: {why}"
            self.widgets[f"size{z}"] = button(self.manager, pygame.Rect(r.x + (z - 1) * (sw + px(6)), y, sw, px(32)),
                                              f"Size {z}   [{z}]", tip, enabled=why is None,
                                              selected=(z == self.size and why is None))
        y += px(40)
        by = r.bottom - px(40)
        self._preview(y, by - px(8), self._proposal_html())
        why = self.reason(self.proposal())
        half = (r.w - px(8)) // 2
        self.widgets["propose"] = button(self.manager, pygame.Rect(r.x, by, half, px(38)), "Propose   [Enter]",
                                         f"Not now: {why}" if why else ESTIMATE_NOTE, enabled=why is None,
                                         object_id="#primary")
        self.widgets["pass"] = button(self.manager, pygame.Rect(r.x + half + px(8), by, half, px(38)),
                                      "Pass   [Space]", "Make no proposal this turn")

    def _roles(self) -> tuple[Seat, Seat]:
        roles = CATALOGUE[self.deal].assign(self.me, self.to)
        return roles if roles is not None else (self.me, self.to)

    def _proposal_html(self) -> str:
        spec = CATALOGUE[self.deal]
        a, b = self._roles()
        terms = describe_terms(self.view, self.deal, a, b, self.size)
        out = f"{escape(terms)}.<br><font color='#98a2b0'>{escape(spec.summary[:1].upper() + spec.summary[1:])}.</font>"
        why = self.reason(self.proposal())
        if why:
            return out + f"<br><font color='#e45c50'>Not possible now: {escape(why)}</font>"
        est = estimate(self.view, self.me, self.proposal())
        if est is not None:
            out += f"<br><font color='#f0b446'>{escape(est.text('If accepted, estimate'))}</font>"
        return out

    def _build_answer(self) -> None:
        r, px, ph, p = self.rect, self._px, self.obs.phase, self.obs.pending
        size = self.obs.offer_size
        if ph is Phase.RESPOND:
            self.heading = f"Offer from {p.proposer.label}"
            opts: list[tuple[str, Choice]] = [("Accept", Accept()), ("Reject", Reject())]
            opts += [(f"Counter: size {z}", Counter(z)) for z in (1, 2, 3) if z != p.size]
            lead = f"{p.proposer.label} proposes <b>{escape(p.deal)}</b> size {size}"
        elif ph is Phase.COUNTERED:
            self.heading = f"Counter-offer from {p.counterparty.label}"
            opts = [("Accept", Accept()), ("Reject", Reject())]
            lead = f"{p.counterparty.label} answers your <b>{escape(p.deal)}</b> with size {size} (you offered {p.size})"
        else:
            self.heading = "Your right of first refusal"
            opts = [("Match", Match()), ("Waive", Waive())]
            lead = f"{p.a.label} and {p.b.label} agreed <b>{escape(p.deal)}</b> size {size}; match it to take the deal"
        self.answers = opts
        y = r.y + px(28)
        html = f"{lead}.<br>{escape(describe_terms(self.view, p.deal, p.a, p.b, size))}."
        first = opts[0][1]
        why = self.reason(first)
        if why is None:
            est = estimate(self.view, self.me, first)
            if est is not None:
                html += f"<br><font color='#f0b446'>{escape(est.text(f'If you {opts[0][0].lower()}, estimate'))}" \
                        "</font><br><font color='#98a2b0'>(from your view: hidden figures are public estimates)</font>"
        else:
            html += f"<br><font color='#e45c50'>You cannot {opts[0][0].lower()}: {escape(why)}</font>"
        rows = (len(opts) + 1) // 2
        by = r.bottom - rows * px(44)
        self._preview(y, by - px(6), html)
        half = (r.w - px(8)) // 2
        default = self.default_answer()
        for n, (text, choice) in enumerate(opts):
            why = self.reason(choice)
            key = f"[{n + 1}" + (" / Space]" if choice == default else "]")
            tip = f"Not now: {why}" if why else self._answer_tip(choice)
            self.widgets[f"ans{n}"] = button(
                self.manager, pygame.Rect(r.x + (n % 2) * (half + px(8)), by + (n // 2) * px(44), half, px(38)),
                f"{text}   {key}", tip, enabled=why is None, object_id="#primary" if n == 0 and why is None else None)

    def _answer_tip(self, choice: Choice) -> str:
        p = self.obs.pending
        if isinstance(choice, Counter):
            text = f"Offer size {choice.size}: {describe_terms(self.view, p.deal, p.a, p.b, choice.size)}"
            est = estimate(self.view, self.me, choice)
            return text + (f". {est.text('If they accept, estimate')}" if est else "")
        return {"Reject": "Turn the offer down (trust falls a little)", "Waive": "Let the deal stand",
                "Accept": "Sign the deal", "Match": "Take the deal yourself on the same terms"}.get(
            type(choice).__name__, "")

    def default_answer(self) -> Choice:
        return Waive() if self.obs.phase is Phase.ROFR else Reject()

    def _build_act(self) -> None:
        r, px = self.rect, self._px
        self.heading = f"Your move for {self.obs.label}"
        y = r.y + px(28)
        menu = MENUS[self.me]
        half = (r.w - px(8)) // 2
        for n, move in enumerate(menu):
            why = move_why_not(self.view, self.me, move)
            tip = DESCRIPTIONS.get(move, move) if why is None else f"Not now: {why}"
            self.widgets[f"move{n}"] = button(
                self.manager, pygame.Rect(r.x + (n % 2) * (half + px(8)), y + (n // 2) * px(36), half, px(32)),
                f"{n + 1}  {move}", tip, enabled=why is None, selected=(move == self.move))
        y += ((len(menu) + 1) // 2) * px(36) + px(4)
        cw = (r.w - 3 * px(6)) // 4
        cash = self.view.companies[self.me].cash
        for lv in range(4):
            cost = capex_cost(self.view, self.me, lv)
            ok = cost <= cash
            tip = (f"Capex level {lv}: spend ${cost:.0f}B on data centres this quarter (online after the build lag)"
                   + ("; same as last quarter" if lv == self.default_capex else "")) if ok else \
                f"Not now: cannot afford ${cost:.0f}B (cash ${cash:.1f}B)"
            text = f"${cost:.0f}B" + (" (last)" if lv == self.default_capex else "")
            self.widgets[f"capex{lv}"] = button(self.manager, pygame.Rect(r.x + lv * (cw + px(6)), y + px(18), cw, px(32)),
                                                text, tip, enabled=ok, selected=(lv == self.capex))
        self.capex_label_y = y
        y += px(58)
        by = r.bottom - px(40)
        self._preview(y, by - px(8), self._act_html())
        self.widgets["confirm"] = button(self.manager, pygame.Rect(r.x, by, r.w, px(38)),
                                         f"Confirm {self.move}, capex ${capex_cost(self.view, self.me, self.capex):.0f}B"
                                         "   [Space]", "Lock in your move (sealed until everyone has chosen)",
                                         enabled=Act(self.move, self.capex) in self.legal, object_id="#primary")

    def _act_html(self) -> str:
        act = Act(self.move, self.capex)
        out = f"<b>{escape(self.move)}</b>: {escape(DESCRIPTIONS.get(self.move, ''))}.<br>" \
              f"Capex level {self.capex}: ${capex_cost(self.view, self.me, self.capex):.0f}B" \
              f" (cash ${self.view.companies[self.me].cash:.1f}B)."
        why = self.reason(act)
        if why:
            return out + f"<br><font color='#e45c50'>Not possible now: {escape(why)}</font>"
        est = estimate(self.view, self.me, act)
        if est is not None:
            out += f"<br><font color='#f0b446'>{escape(est.text('Against holding at last capex, estimate'))}</font>" \
                   "<br><font color='#98a2b0'>(assumes the others hold)</font>"
        return out

    # ------------------------------------------------------------ input
    def handle(self, event: pygame.event.Event) -> Choice | None:
        ph = self.obs.phase
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            return self._pressed(event.ui_element)
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.widgets.get("deal"):
            self.deal = event.text.split()[0]
            self._fix_size()
            self.build(self.rect)
            return None
        if event.type != pygame.KEYDOWN:
            return None
        key = event.key
        num = _number(key)
        if ph is Phase.PROPOSE:
            if key == pygame.K_SPACE:
                return Pass()
            if key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                return self.proposal() if self.proposal() in self.legal else None
            if key in (pygame.K_LEFT, pygame.K_RIGHT):
                others = [s for s in SEATS if s != self.me]
                self.to = others[(others.index(self.to) + (1 if key == pygame.K_RIGHT else -1)) % len(others)]
                self._fix_deal()
            elif key in (pygame.K_UP, pygame.K_DOWN):
                deals = self.deals_for(self.to)
                if deals:
                    i = deals.index(self.deal) if self.deal in deals else 0
                    self.deal = deals[(i + (1 if key == pygame.K_DOWN else -1)) % len(deals)]
                    self._fix_size()
            elif num in (1, 2, 3):
                self.size = num
            else:
                return None
            self.build(self.rect)
        elif ph in (Phase.RESPOND, Phase.COUNTERED, Phase.ROFR):
            if key in (pygame.K_SPACE, pygame.K_RETURN):
                return self.default_answer()
            if num is not None and 1 <= num <= len(self.answers):
                choice = self.answers[num - 1][1]
                return choice if choice in self.legal else None
        elif ph is Phase.ACT:
            if key in (pygame.K_SPACE, pygame.K_RETURN):
                act = Act(self.move, self.capex)
                return act if act in self.legal else None
            if num is not None and 1 <= num <= len(MENUS[self.me]):
                move = MENUS[self.me][num - 1]
                if move_why_not(self.view, self.me, move) is None:
                    self.move = move
            elif key in (pygame.K_LEFT, pygame.K_RIGHT):
                lv = self.capex + (1 if key == pygame.K_RIGHT else -1)
                if 0 <= lv <= 3 and Act(self.move, lv) in self.legal:
                    self.capex = lv
            else:
                return None
            self.build(self.rect)
        return None

    def _pressed(self, element: object) -> Choice | None:
        w = self.widgets
        for seat in SEATS:
            if element is w.get(f"to{int(seat)}"):
                self.to = seat
                self._fix_deal()
                self.build(self.rect)
                return None
        for z in (1, 2, 3):
            if element is w.get(f"size{z}"):
                self.size = z
                self.build(self.rect)
                return None
        if element is w.get("propose"):
            return self.proposal() if self.proposal() in self.legal else None
        if element is w.get("pass"):
            return Pass()
        for n, (_, choice) in enumerate(getattr(self, "answers", [])):
            if element is w.get(f"ans{n}"):
                return choice if choice in self.legal else None
        for n, move in enumerate(MENUS[self.me]):
            if element is w.get(f"move{n}"):
                self.move = move
                if Act(move, self.capex) not in self.legal:
                    levels = [c.capex for c in self.legal if isinstance(c, Act) and c.move == move]
                    self.capex = max((lv for lv in levels if lv <= self.capex), default=self.capex)
                self.build(self.rect)
                return None
        for lv in range(4):
            if element is w.get(f"capex{lv}"):
                self.capex = lv
                self.build(self.rect)
                return None
        if element is w.get("confirm"):
            act = Act(self.move, self.capex)
            return act if act in self.legal else None
        return None

    def _fix_deal(self) -> None:
        """After a counterparty change: keep the deal if the pair can make it, else the first legal one."""
        deals = self.deals_for(self.to)
        legal = [d for d in deals if any(Propose(self.to, d, z) in self.legal for z in (1, 2, 3))]
        if self.deal not in deals or self.deal not in legal:
            self.deal = (legal or deals or [DEALS[0]])[0]
        self._fix_size()

    def _fix_size(self) -> None:
        sizes = [z for z in (1, 2, 3) if Propose(self.to, self.deal, z) in self.legal]
        if sizes and self.size not in sizes:
            self.size = sizes[0]

    def draw(self, surface: pygame.Surface) -> None:
        f = self.fonts
        draw_text(surface, self.heading, (self.rect.x, self.rect.y), f.get(15, True), max_width=self.rect.w)
        if self.obs.phase is Phase.ACT and hasattr(self, "capex_label_y"):
            draw_text(surface, "Capex this quarter  (Left/Right)", (self.rect.x, self.capex_label_y), f.get(12), MUTED)


def _number(key: int) -> int | None:
    if pygame.K_1 <= key <= pygame.K_9:
        return key - pygame.K_0
    if pygame.K_KP1 <= key <= pygame.K_KP9:
        return key - pygame.K_KP1 + 1
    return None


__all__ = ["TurnPanel", "ReasonButton"]
