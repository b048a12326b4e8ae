"""Money moves in exactly two ways: between seats (``transfer``) or across the
edge of the game (``external``). Both are logged so a test can check that
what one side pays the other receives and every dollar is accounted for."""

from __future__ import annotations

from .seats import Seat
from .state import GameState


def transfer(state: GameState, payer: Seat, payee: Seat, amount: float) -> None:
    """Move ``amount`` ($B) of cash from one seat to another."""
    state.companies[payer].cash -= amount
    state.companies[payee].cash += amount


def external(state: GameState, seat: Seat, amount: float) -> None:
    """Cash entering (positive) or leaving (negative) the game through ``seat``:
    revenue from customers, capex paid to builders, opex, interest to banks."""
    state.companies[seat].cash += amount
    state.external += amount


def borrow(state: GameState, seat: Seat, amount: float) -> None:
    """Borrow from outside lenders: cash and debt both rise."""
    external(state, seat, amount)
    state.companies[seat].debt += amount


def adjust_trust(state: GameState, x: Seat, y: Seat, delta: float) -> None:
    """Change trust both ways between two seats, kept in [0, 1]."""
    for i, j in ((x, y), (y, x)):
        state.trust[i][j] = min(1.0, max(0.0, state.trust[i][j] + delta))


def issue_stake(state: GameState, holder: Seat | None, share: float) -> None:
    """OpenAI issues new equity worth ``share`` of the company after the round to ``holder`` (None: to
    investors outside the game): every existing holder is diluted, so stakes never sum past 1."""
    share = min(max(share, 0.0), 0.5)
    target = Seat.OPENAI
    for row in state.stakes:
        row[target] *= 1.0 - share
    state.outside *= 1.0 - share
    if holder is None:
        state.outside += share
    else:
        state.stakes[holder][target] += share
