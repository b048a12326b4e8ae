"""The parts of the turn panel for the quarter's sealed move and for Microsoft's right of first refusal.

A mixin of ``game.ui.turn_panel.TurnPanel`` (which composes and answers
packages): the move buttons (greyed with the rules' reason when not
allowed), the capex levels as a standing order, the preview of the move
against holding, and the Match / Waive answer with its estimate.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import pygame

from game.rules import MENUS, Act, Match, Waive, capex_cost, free_funds, move_why_not, why_illegal
from game.rules import MOVE_DESCRIPTIONS as DESCRIPTIONS

from agents.lookahead import default_move

from .preview import estimate, estimate_html
from .widgets import button

if TYPE_CHECKING:
    from collections.abc import Callable

    import pygame_gui
    from game.rules import GameState, Observation, Seat


STANDING = ("shift-to-training", "shift-to-serving")   # moves whose effect stays until undone


def assumption_note(view: "GameState", me: "Seat", move: str, points: float) -> str:
    """A line on what the move's estimate takes for granted, where a newcomer misread it: a move the obvious
    play makes next quarter anyway (converting read as worth nothing), a split that stays to the end."""
    if round(abs(points), 1) == 0 and default_move(view, me) == move:
        return "The estimate's obvious play does this next quarter anyway: now or then comes to about the same."
    if move in STANDING:
        return "A standing split: the estimate keeps it to the game's end (shift back to undo it)."
    return ""


class MovePanel:
    """Builds the move and ROFR widgets on the panel's rect; the panel supplies the rest."""

    manager: "pygame_gui.UIManager"
    obs: "Observation"
    view: "GameState"
    me: "Seat"
    rect: pygame.Rect
    heading: str
    move: str
    capex: int | None
    widgets: dict

    _px: "Callable[[float], int]"                        # the panel's scaled pixels
    _preview: "Callable[[int, int, str], None]"          # the panel's text box between two heights

    def _build_rofr(self) -> None:
        r, px, p = self.rect, self._px, self.obs.pending
        self.heading = "Your right of first refusal"
        y = r.y + px(28)
        html = (f"{escape(p.frm.label)} and {escape(p.to.label)} signed: {escape(p.text())}.<br>Match it to "
                "supply that compute to OpenAI yourself on the same terms (the rest of their package falls away).")
        est = estimate(self.view, self.me, Match())
        if est is not None:
            html += estimate_html(est, 'If you match')
        self.answers = [("Match", Match()), ("Waive", Waive())]
        by = r.bottom - px(40)
        self._preview(y, by - px(6), html)
        half = (r.w - px(8)) // 2
        for n, (text, choice) in enumerate(self.answers):
            key = "[1]" if n == 0 else "[2 / Space]"
            self.widgets[f"ans{n}"] = button(self.manager, pygame.Rect(r.x + n * (half + px(8)), by, half, px(36)),
                                             f"{text}   {key}", "Take the deal" if n == 0 else "Let the deal stand",
                                             object_id="#primary" if n == 0 else None, tip_bottom=by)

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
        standing = self.view.companies[self.me].capex_level
        cw = (r.w - 3 * px(6)) // 4
        for lv in range(4):
            cost = capex_cost(self.view, self.me, lv)
            why = why_illegal(self.view, Act(self.move, lv)) if lv != standing else None
            tip = (f"Capex level {lv}: ${cost:.0f}B a quarter on data centres (online after the build lag)"
                   + ("; your standing order" if lv == standing else "; it becomes your standing order")) \
                if why is None else f"Not now: {why}"
            chosen = (self.capex if self.capex is not None else standing) == lv
            self.widgets[f"capex{lv}"] = button(self.manager, pygame.Rect(r.x + lv * (cw + px(6)), y + px(18), cw, px(32)),
                                                f"${cost:.0f}B" + (" (now)" if lv == standing else ""), tip,
                                                enabled=why is None, selected=chosen)
        self.capex_label_y = y
        y += px(58)
        by = r.bottom - px(40)
        self._preview(y, by - px(8), self._act_html())
        act = self.act()
        capex = "" if act.capex is None else f" · capex ${capex_cost(self.view, self.me, act.capex):.0f}B"
        self.widgets["confirm"] = button(self.manager, pygame.Rect(r.x, by, r.w, px(38)),
                                         f"Confirm {self.move}{capex}  [Space]",
                                         "Lock in your move (sealed until everyone has chosen)",
                                         enabled=why_illegal(self.view, act) is None, object_id="#primary",
                                         tip_bottom=by)

    def act(self) -> Act:
        standing = self.view.companies[self.me].capex_level
        return Act(self.move, None if self.capex in (None, standing) else self.capex)

    def _act_html(self) -> str:
        """The move in words and its estimate against holding: short enough to read without scrolling at
        1280x720 (the capex and the money free to commit are on the capex row's label)."""
        act = self.act()
        out = f"<b>{escape(self.move)}</b>: {escape(DESCRIPTIONS.get(self.move, ''))}."
        why = why_illegal(self.view, act)
        if why:
            return out + f"<br><font color='#e45c50'>Not possible now: {escape(why)}</font>"
        est = estimate(self.view, self.me, act)
        if est is not None:
            out += estimate_html(est, 'Against holding')
            note = assumption_note(self.view, self.me, self.move, est.score)
            if note:
                out += f"<br><font color='#98a2b0'>{escape(note)}</font>"
        return out

    def capex_label(self) -> str:
        """The capex row's label: what a level is, and the money free to commit to it."""
        return (f"Capex a quarter, a standing order (Left/Right) · "
                f"${max(0.0, free_funds(self.view, self.me)):.0f}B free")


__all__ = ["MovePanel"]
