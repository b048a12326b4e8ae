"""Estimates for the "your turn" panel: what a choice would do to your standing.

An estimate plays the choice on a copy of the person's *view* (never the real
state), then lets the game run on to its end with everybody doing only the
obvious (no new deals; the structural moves the AIs assume of each other:
OpenAI converts once it has consent, Microsoft disputes an AGI claim it can
beat, SoftBank pays tranches after the conversion; ``agents.lookahead``), and
compares every company's score with the same run after the default choice.
What decides the game is score and rank, so that is what it reports: your
points and the other party's, your rank and your gap to the leader, each
before and after. The view hides others' private figures and its chance seed
is zeroed, so this is an estimate and the panel says so. Pure code on copies
(``apply_unchecked``); no pygame.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from agents.lookahead import default_act, default_answer
from game.rules import (SEATS, Accept, Act, Choice, Counter, GameState, Match, Pass, Phase, Propose, Reject, Seat,
                        Waive, apply_unchecked, company_value, score, to_move)

ASSUMES = "an estimate to the game's end, from your view"   # what every estimate line says it is


@dataclass(frozen=True, slots=True)
class Estimate:
    """What a choice changes against the default one, at ``until`` (a quarter label): your value ($B) and
    score points, the other party's, and every seat's score after each branch (for ranks and the lead)."""

    mine: float
    score: float
    other: Seat | None
    theirs: float
    quarters: int
    their_score: float = 0.0
    me: Seat | None = None
    after: tuple[float, ...] = ()      # every seat's score if you choose it
    before: tuple[float, ...] = ()     # ... and after the default choice
    note: str = ""                     # what the estimate expects of a third party (Microsoft's ROFR)

    def rank(self, scores: Sequence[float]) -> int:
        """Your place under ``scores`` (``rank_of``)."""
        return rank_of(scores, int(self.me) if self.me is not None else 0)

    def gap(self, scores: Sequence[float]) -> float:
        """Points between you and the best of the others (positive: you lead)."""
        me = int(self.me) if self.me is not None else 0
        return scores[me] - max(scores[s] for s in SEATS if s != me)

    def text(self, lead: str = "Estimate") -> str:
        """One line for the panel, e.g. ``If accepted: you +1.3 pts (+$2.1B), Oracle -0.6 pts (-$0.4B). At the
        end: 1st instead of 2nd, 0.4 pts ahead of the next (1.6 pts better)``. The rank is where the game ends
        with the choice against without it (the board's badge is the rank now, which a newcomer took it for)."""
        out = f"{lead}: you {signed(self.score)} pts ({money(self.mine)})"
        if self.other is not None:
            out += f", {self.other.label} {signed(self.their_score)} pts ({money(self.theirs)})"
        if self.after and self.before:
            ra, rb = self.rank(self.after), self.rank(self.before)
            place = f"{ordinal(ra)} either way" if ra == rb else f"{ordinal(ra)} instead of {ordinal(rb)}"
            ga, gb = self.gap(self.after), self.gap(self.before)
            where = f"{ga:.1f} pts ahead of the next" if ga >= 0 else f"{-ga:.1f} pts behind the leader"
            d = ga - gb
            change = "" if round(abs(d), 1) == 0 else f" ({abs(d):.1f} pts {'better' if d > 0 else 'worse'})"
            out += f". At the end: {place}, {where}{change}"
        return out + (f" ({self.note})" if self.note else "")


def estimate_html(est: Estimate, lead: str) -> str:
    """The estimate line for the turn panel's text box and, beside it, what it assumes (it is no promise)."""
    from html import escape

    return (f"<br><font color='#f0b446'>{escape(est.text(lead))}</font>"
            f" <font color='#98a2b0'>({ASSUMES})</font>")


# ------------------------------------------------------------ words for standings (previews and reports)
def rank_of(scores: Sequence[float], seat: int) -> int:
    """``seat``'s place under ``scores``, 1 = leading; a tie goes to the lower seat, as the game's do."""
    return 1 + sum(1 for s in SEATS if scores[s] > scores[seat] or (scores[s] == scores[seat] and s < seat))


def ordinal(n: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(n, f"{n}th")


def rank_change(before: int, after: int) -> str:
    """``still 2nd``, ``up from 3rd to 1st``, ``down from 1st to 2nd``."""
    if before == after:
        return f"still {ordinal(after)}"
    return f"{'up' if after < before else 'down'} from {ordinal(before)} to {ordinal(after)}"


def money(x: float) -> str:
    """A change in $B with its sign: ``+$2.1B``, ``-$1,204.5B``; ``±$0.0B`` when it rounds to nothing (a
    ``-$0.0B`` read as a loss)."""
    if round(abs(x), 1) == 0:
        return "±$0.0B"
    return f"{'+' if x >= 0 else '-'}${abs(x):,.1f}B"


def signed(x: float) -> str:
    """Points with their sign, ``+1.3`` / ``-0.6``; ``±0.0`` when they round to nothing."""
    return "±0.0" if round(abs(x), 1) == 0 else f"{x:+.1f}"


def quiet(state: GameState, seat: Seat) -> Choice:
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
        apply_unchecked(state, default_answer(state))


def _branch(view: GameState, me: Seat, path: Sequence[Choice], until: int) -> GameState:
    s = view.copy()
    if s.phase is Phase.ACT:  # others' sealed moves are unknown: assume the obvious
        for seat, act in enumerate(s.actions):
            if act is None and seat != me:
                s.actions[seat] = default_act(s, Seat(seat))
    for choice in path:
        if s.is_over():
            break
        apply_unchecked(s, choice)
    _run_on(s, until)
    return s


def compare(view: GameState, me: Seat, path: Sequence[Choice], base: Sequence[Choice],
            other: Seat | None = None, horizon: int = 0, note: str = "") -> Estimate:
    """Scores and values after ``path`` against after ``base``, both run on ``horizon`` quarters (0: to the
    game's end)."""
    until = view.scenario.quarters if horizon <= 0 else min(view.quarter + horizon, view.scenario.quarters)
    a = _branch(view, me, path, until)
    b = _branch(view, me, base, until)
    after = tuple(score(a, s) for s in SEATS)
    before = tuple(score(b, s) for s in SEATS)
    mine = company_value(a, me) - company_value(b, me)
    theirs = company_value(a, other) - company_value(b, other) if other is not None else 0.0
    their_pts = after[other] - before[other] if other is not None else 0.0
    return Estimate(mine, after[me] - before[me], other, theirs, max(1, until - view.quarter), their_pts, me,
                    after, before, note)


def estimate(view: GameState, me: Seat, choice: Choice) -> Estimate | None:
    """The estimate for one of ``me``'s legal choices now (None where there is nothing to compare)."""
    ph = view.phase
    if ph is Phase.PROPOSE and isinstance(choice, Propose):
        path, note = _accepted(view, [choice, Accept()])
        return compare(view, me, path, [Pass()], choice.to, note=note)
    if ph is Phase.RESPOND and view.pending is not None:
        other = view.pending.frm
        if isinstance(choice, Accept):
            path, note = _accepted(view, [Accept()])
        elif isinstance(choice, Counter):
            path, note = _accepted(view, [choice, Accept()])
        else:
            return None
        return compare(view, me, path, [Reject()], other, note=note)
    if ph is Phase.ROFR and isinstance(choice, Match) and view.rofr_offer is not None:
        return compare(view, me, [Match()], [Waive()], view.rofr_offer.frm)
    if ph is Phase.ACT and isinstance(choice, Act):
        base = quiet(view, me)  # the panel's default: hold at the standing capex
        if choice == base:
            return None
        return compare(view, me, [choice], [base])
    return None


def _accepted(view: GameState, path: list[Choice]) -> tuple[list[Choice], str]:
    """``path`` plus Microsoft's answer if accepting sends the deal to its ROFR, and what the estimate expects
    of it: it matches when matching leaves it better off on the same run-on, as the AIs expect of each other
    (``agents.lookahead``); an estimate that always assumed a waiver priced deals Microsoft would take."""
    probe = view.copy()
    for c in path:
        apply_unchecked(probe, c)
    if probe.phase is not Phase.ROFR:
        return path, ""
    until = view.scenario.quarters
    holder = to_move(probe)
    kept = {c: company_value(_branch(probe, holder, [c], until), holder) for c in (Match(), Waive())}
    if kept[Match()] > kept[Waive()]:
        return path + [Match()], f"expects {holder.label} to match it under its right of first refusal"
    return path + [Waive()], f"expects {holder.label} to waive its right of first refusal"
