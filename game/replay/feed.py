"""The feed: what happened, line by line, as the board shows it.

``FeedBuilder`` turns each decision (with the AI's one-line rationale) and the
public log lines it produced into ``FeedLine`` values. Moves of the action
phase are simultaneous, so they are *sealed*: the feed only says that a seat
has chosen until the quarter resolves, then reveals every move at once. That
way a person who acts after an AI in seat order never sees the AI's move
first. Pure Python (no pygame): the play scene feeds it from the game thread,
the replay viewer from a replay's decision records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from game.rules import Act, Choice, Pass, Seat, SEATS

MAX_LINES = 400


@dataclass(frozen=True, slots=True)
class FeedLine:
    """One line of the feed. ``kind`` picks its look: log, event, offer, sealed, reveal, fault."""

    label: str
    text: str
    seat: Seat | None = None
    rationale: str = ""
    kind: str = "log"


def seat_of(text: str) -> Seat | None:
    """The company a log line is about (the one it starts with), for its colour chip."""
    for seat in SEATS:
        if text.startswith(seat.label):
            return seat
    return None


class FeedBuilder:
    """Builds feed lines from decisions; keeps the lines (newest last, at most ``MAX_LINES``)."""

    def __init__(self, controllers: Sequence[str]) -> None:
        self.controllers = list(controllers)
        self.lines: list[FeedLine] = []
        self._sealed: list[tuple[Seat, Act, str]] = []

    def log_lines(self, label: str, log: Sequence[str]) -> list[FeedLine]:
        """Feed lines for public log lines (events keep their own quarter label)."""
        out = []
        for text in log:
            if " event: " in text:
                when, _, what = text.partition(" event: ")
                out.append(FeedLine(when, what, None, "", "event"))
            elif text.startswith("Signed:"):
                out.append(FeedLine(label, text, seat_of(text[8:]), "", "signed"))
            else:
                out.append(FeedLine(label, text, seat_of(text), "", "log"))
        return out

    def decision(self, label: str, seat: Seat, choice: Choice, rationale: str, fault: str | None,
                 new_log: Sequence[str], resolved: bool) -> list[FeedLine]:
        """Lines for one decision; ``resolved`` says it was the last move of the quarter."""
        out: list[FeedLine] = []
        if fault:
            out.append(FeedLine(label, fault, seat, "", "fault"))
        if isinstance(choice, Act):
            self._sealed.append((seat, choice, rationale))
            out.append(FeedLine(label, f"{seat.label} has chosen its move (sealed)",
                                seat, "", "sealed"))
            if resolved:
                for who, act, why in sorted(self._sealed, key=lambda item: int(item[0])):
                    capex = "" if act.capex is None else f", capex to level {act.capex}"
                    out.append(FeedLine(label, f"{who.label} plays {act.move}{capex}", who, why, "reveal"))
                self._sealed = []
            out += self.log_lines(label, new_log)
        else:
            lines = self.log_lines(label, new_log)
            if isinstance(choice, Pass) and not lines:
                if rationale:
                    out.append(FeedLine(label, f"{seat.label} passes", seat, rationale, "quiet"))
            elif lines:
                first = lines[0]
                offer = first.text.startswith((seat.label + " offers ", seat.label + " counters "))
                lines[0] = FeedLine(first.label, first.text, first.seat or seat, rationale,
                                    "offer" if offer else first.kind)
                out += lines
        self.extend(out)
        return out

    def extend(self, lines: Sequence[FeedLine]) -> None:
        self.lines.extend(lines)
        if len(self.lines) > MAX_LINES:
            del self.lines[: len(self.lines) - MAX_LINES]
