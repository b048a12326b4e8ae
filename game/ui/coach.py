"""The guided first game: a sprint game as OpenAI against the company personas, with a coach.

The coach watches what the screen shows (whose turn, which phase, whether a quarter report is open) and says,
the first time each comes up, what it is and which keys do what: the board, a proposal, an answer, a move,
the quarter report. After the first quarter it keeps to one short tip a phase. It never chooses for you and
reads nothing a person could not see. The hint box sits over the feed; ``H`` hides or shows it."""

from __future__ import annotations

from dataclasses import dataclass, field

import pygame

from game.rules import Phase

from .config import PERSON, GameConfig
from .look import ACCENT, MUTED, PANEL, TEXT, Fonts, draw_text, mix, panel, wrap

TUTORIAL = GameConfig("sprint-2025", 7, ("persona", PERSON, "persona", "persona"))

FIRST: dict[str, tuple[str, str]] = {
    "wait": ("Welcome: you are OpenAI",
             "Four companies, eight quarters. Your card is outlined; the others' hidden figures are estimates "
             "(~). You win with the highest score: your value at the end against your start. The AIs are "
             "moving; your turn comes in a moment."),
    "propose": ("Your turn to propose",
                "Pick who to deal with (Left/Right), add terms with A (Up/Down to choose one), set the cash "
                "with + and -. The yellow line estimates what the package does to your score and your rank. "
                "Enter sends it, Space passes. Stuck? S suggests a package."),
    "respond": ("An offer for you",
                "1 accepts, 2 or Space rejects. Or change the package (terms, cash) and 3 sends it back as a "
                "counter: trust decides how many times you two can go back and forth this quarter."),
    "act": ("Your move for the quarter",
            "Everyone picks one move at the same time, sealed. Pick with 1-7 (greyed ones say why not on hover); "
            "the estimate compares it with holding. Capex (Left/Right) is a standing order. Space confirms."),
    "report": ("The quarter in brief",
               "Each quarter ends with this report: what changed for you and why. Q shows it again. From here "
               "the hints stay short; F1 has the rules, S a suggestion, H hides this box."),
}
SHORT: dict[str, str] = {
    "propose": "Propose: Left/Right who, A add a term, +/- cash, Enter send, Space pass, S suggest.",
    "respond": "Offer: 1 accept, 2 reject, 3 counter with your changes, S suggest.",
    "act": "Move: 1-7 pick, Left/Right capex, Space confirm, S suggest.",
    "wait": "The AIs are moving. Q: last quarter's report, F1: rules, P: pause.",
    "report": "The quarter report: what changed for you and why. Space closes it, Q shows it again.",
}
PHASE_KEY = {Phase.PROPOSE: "propose", Phase.RESPOND: "respond", Phase.ROFR: "respond", Phase.ACT: "act"}


@dataclass
class Coach:
    """What to say now, given what the play scene shows."""

    seen: set[str] = field(default_factory=set)
    hidden: bool = False
    current: str = "wait"

    def follow(self, phase: Phase | None, report_open: bool) -> None:
        """Move on to what the screen shows now; the step just left counts as seen."""
        now = "report" if report_open else PHASE_KEY.get(phase, "wait") if phase is not None else "wait"
        if now != self.current:
            self.seen.add(self.current)
            self.current = now

    def hint(self) -> tuple[str, str] | None:
        """(title, text) to show, or None."""
        if self.hidden:
            return None
        if self.current not in self.seen and self.current in FIRST:
            return FIRST[self.current]
        text = SHORT.get(self.current)
        return ("Tip", text) if text else None


def draw_coach(surface: pygame.Surface, rect: pygame.Rect, coach: Coach, f: Fonts) -> None:
    """The hint box, fitted to its text, at the bottom of ``rect`` (the contracts ledger, which fills from the
    top: the box used to sit on the feed and hid the offer a newcomer had to answer)."""
    hint = coach.hint()
    if hint is None:
        return
    title, text = hint
    body = f.get(13.5)
    lines = wrap(text, body, rect.w - f.px(24))
    height = f.px(30) + len(lines) * body.get_linesize() + f.px(22)
    box = pygame.Rect(rect.x, rect.bottom - min(rect.h, height), rect.w, min(rect.h, height))
    inner = panel(surface, box, None, f, fill=mix(PANEL, ACCENT, 0.12), border=ACCENT)
    draw_text(surface, title, (inner.x, inner.y), f.get(14.5, True), ACCENT)
    y = inner.y + f.px(24)
    for line in lines:
        draw_text(surface, line, (inner.x, y), body, TEXT)
        y += body.get_linesize()
    draw_text(surface, "H hides the coach", (inner.right, box.bottom - f.px(18)), f.get(11.5), MUTED,
              anchor="topright")


__all__ = ["Coach", "TUTORIAL", "draw_coach"]
