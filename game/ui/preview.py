"""Estimates for the "your turn" panel: what a choice would do to your position.

An estimate plays the choice on a copy of the person's *view* (never the real
state), then lets the game run on for a few quarters with everybody quiet
(pass, reject, waive, hold at the same capex), and compares company values
with the same run after the default choice. The view hides others' private
figures and its chance seed is zeroed, so this is an estimate and the panel
says so. Pure rules code on copies (``apply_unchecked``); no pygame.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from game.rules import (Accept, Act, Choice, Counter, GameState, Match, Pass, Phase, Propose, Reject, Seat, Waive,
                        apply_unchecked, company_value, score, to_move)

HORIZON = 4


@dataclass(frozen=True, slots=True)
class Estimate:
    """Change in value ($B) and score points for you (and the other party) against the default choice,
    after ``quarters``."""

    mine: float
    score: float
    other: Seat | None
    theirs: float
    quarters: int
    their_score: float = 0.0

    def text(self, lead: str = "Estimate") -> str:
        """One line for the panel, e.g. ``Estimate over 4 quarters: you +$2.1B (+1.3 pts), Oracle -$0.4B (-0.6 pts)``."""
        out = f"{lead} over {self.quarters} quarter{'s' if self.quarters != 1 else ''}: you {_money(self.mine)}" \
              f" ({self.score:+.1f} pts)"
        if self.other is not None:
            out += f", {self.other.label} {_money(self.theirs)} ({self.their_score:+.1f} pts)"
        return out


def _money(x: float) -> str:
    sign = "+" if x >= 0 else "-"
    return f"{sign}${abs(x):.1f}B"


def _quiet(state: GameState, seat: Seat) -> Choice:
    """What a seat does in the estimate's run-on: nothing new, capex as before."""
    ph = state.phase
    if ph is Phase.PROPOSE:
        return Pass()
    if ph is Phase.RESPOND:
        return Reject()
    if ph is Phase.ROFR:
        return Waive()
    return Act("hold")


def _run_on(state: GameState, until: int) -> None:
    while not state.is_over() and state.quarter < until:
        seat = to_move(state)
        apply_unchecked(state, _quiet(state, seat))


def _branch(view: GameState, me: Seat, path: Sequence[Choice], until: int) -> GameState:
    s = view.copy()
    if s.phase is Phase.ACT:  # others' sealed moves are unknown: assume they hold
        for seat, act in enumerate(s.actions):
            if act is None and seat != me:
                s.actions[seat] = _quiet(s, Seat(seat))
    for choice in path:
        if s.is_over():
            break
        apply_unchecked(s, choice)
    _run_on(s, until)
    return s


def compare(view: GameState, me: Seat, path: Sequence[Choice], base: Sequence[Choice],
            other: Seat | None = None, horizon: int = HORIZON) -> Estimate:
    """Value after ``path`` minus value after ``base``, both run on ``horizon`` quarters."""
    until = min(view.quarter + horizon, view.scenario.quarters)
    a = _branch(view, me, path, until)
    b = _branch(view, me, base, until)
    mine = company_value(a, me) - company_value(b, me)
    start = max(view.companies[me].value_start, 1e-9)
    pts = 100.0 * mine / start / view.scenario.companies[me].par
    theirs = company_value(a, other) - company_value(b, other) if other is not None else 0.0
    their_pts = score(a, other) - score(b, other) if other is not None else 0.0
    return Estimate(mine, pts, other, theirs, max(1, until - view.quarter), their_pts)


def estimate(view: GameState, me: Seat, choice: Choice) -> Estimate | None:
    """The estimate for one of ``me``'s legal choices now (None where there is nothing to compare)."""
    ph = view.phase
    if ph is Phase.PROPOSE and isinstance(choice, Propose):
        probe = view.copy()
        apply_unchecked(probe, choice)
        apply_unchecked(probe, Accept())
        tail = [Waive()] if probe.phase is Phase.ROFR else []
        return compare(view, me, [choice, Accept(), *tail], [Pass()], choice.to)
    if ph is Phase.RESPOND and view.pending is not None:
        other = view.pending.frm
        if isinstance(choice, Accept):
            return compare(view, me, _accepted(view, [Accept()]), [Reject()], other)
        if isinstance(choice, Counter):
            return compare(view, me, _accepted(view, [choice, Accept()]), [Reject()], other)
        return None
    if ph is Phase.ROFR and isinstance(choice, Match) and view.rofr_offer is not None:
        return compare(view, me, [Match()], [Waive()], view.rofr_offer.frm)
    if ph is Phase.ACT and isinstance(choice, Act):
        base = _quiet(view, me)  # the panel's default: hold at the standing capex
        if choice == base:
            return None
        return compare(view, me, [choice], [base])
    return None


def _accepted(view: GameState, path: list[Choice]) -> list[Choice]:
    """``path`` plus a waive if accepting sends the deal to Microsoft's ROFR."""
    probe = view.copy()
    for c in path:
        apply_unchecked(probe, c)
    return path + ([Waive()] if probe.phase is Phase.ROFR else [])
