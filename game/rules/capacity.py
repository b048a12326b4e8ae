"""Capacity under contract: who supplies and uses how many GW in a quarter (read by terms, deals, moves and
resolution alike, so every rule counts a lease the same way)."""

from __future__ import annotations

from .seats import Seat
from .state import GameState


def leased_out(state: GameState, seat: Seat, at: int | None = None) -> float:
    """GW ``seat`` supplies to others under compute contracts in force at quarter ``at``."""
    q = state.quarter if at is None else at
    return sum(c.gw for c in state.contracts if c.kind == "compute" and c.a == seat and c.start <= q < c.end)


def leased_in(state: GameState, seat: Seat, at: int | None = None) -> float:
    """GW ``seat`` uses under contracts in force at quarter ``at``: compute leases and outside clouds."""
    q = state.quarter if at is None else at
    return sum(c.gw for c in state.contracts
               if c.kind in ("compute", "outside-cloud") and c.b == seat and c.start <= q < c.end)


def spare_compute(state: GameState, seat: Seat) -> float:
    """GW ``seat`` owns that no contract, and no Azure allocation, has claimed now. (Capacity built to
    order is not owned until it is online, and from then on its contract claims it.)"""
    co = state.companies[seat]
    return co.compute_owned - co.azure_to_openai - leased_out(state, seat)
