"""Capacity under contract: who supplies and uses how many GW in a quarter (read by terms, deals, moves and
resolution alike, so every rule counts a lease the same way)."""

from __future__ import annotations

from .seats import Seat
from .state import GameState


def leased_out(state: GameState, seat: Seat, at: int | None = None) -> float:
    """GW ``seat`` supplies to others under compute contracts in force at quarter ``at``. Each sum is worked
    out once per list of contracts as it stands (``_LEASED``): the enumerator asks for the spare capacity of
    every seat it pairs at every proposal and answer, and the contracts change only when a deal is signed."""
    q = state.quarter if at is None else at
    contracts = state.contracts
    n = len(contracts)
    hit = _LEASED.get(id(contracts))
    if hit is not None and hit[0] is contracts:
        done, sums = hit[1], hit[3]
        if done != n or (n and contracts[-1] is not hit[2]):
            if done < n and (not done or contracts[done - 1] is hit[2]):  # grown by appending: add the new ones
                new = [c for c in contracts[done:] if c.kind == "compute"]
                grown = {}
                for (s, at_q), gw in sums.items():
                    for c in new:
                        if c.a == s and c.start <= at_q < c.end:
                            gw += c.gw
                    grown[s, at_q] = gw
                sums = grown
            else:
                sums = {}
            # the entry replaced whole, once the sums are worked out (``walks.kept_walk``)
            _LEASED[id(contracts)] = [contracts, n, contracts[-1] if n else None, sums]
    else:
        if len(_LEASED) >= 64:  # the states of the games being played; a planner's copies come and go
            _LEASED.clear()
        sums = {}
        _LEASED[id(contracts)] = [contracts, n, contracts[-1] if n else None, sums]
    gw = sums.get((seat, q))
    if gw is None:
        gw = 0  # ``sum``'s start: added one at a time in the list's order, as ``sum`` adds them
        for c in contracts:
            if c.kind == "compute" and c.a == seat and c.start <= q < c.end:
                gw += c.gw
        sums[seat, q] = gw
    return gw


#: id(contracts list) -> [the list, its length, its last contract, {(seat, quarter): GW leased out}]. The rules
#: only ever append to a state's list or give the state a new one (``deals._OWED`` counts on the same), and
#: contracts are frozen: a list that is the same object, with the contract it ended with then still at that
#: place, holds those contracts first, so a deal's new contracts are added to the sums kept (in the list's
#: order, as a whole walk adds them). The entry holds the list, so its id stays its own while the entry lives.
_LEASED: dict[int, tuple] = {}


def leased_in(state: GameState, seat: Seat, at: int | None = None) -> float:
    """GW ``seat`` uses under contracts in force at quarter ``at``: compute leases and outside clouds."""
    q = state.quarter if at is None else at
    return sum(c.gw for c in state.contracts
               if c.kind in ("compute", "outside-cloud") and c.b == seat and c.start <= q < c.end)


def every_leased_in(state: GameState) -> list[float]:
    """``leased_in`` of every seat, by seat, in one walk of the contracts (each seat's sum added up in the
    list's order from 0, as ``sum`` adds it: the same to the last bit)."""
    q = state.quarter
    out = [0, 0, 0, 0]
    for c in state.contracts:
        kind = c.kind
        if (kind == "compute" or kind == "outside-cloud") and c.start <= q < c.end:
            out[c.b] += c.gw
    return out


def lease_income(state: GameState) -> list[float]:
    """What each seat earns a quarter from the compute it leases out (GW x price), by seat, in one walk of
    the contracts (each seat's sum added up in the list's order from 0, as ``sum`` would)."""
    q = state.quarter
    out = [0, 0, 0, 0]
    for c in state.contracts:
        if c.kind == "compute" and c.start <= q < c.end:
            out[c.a] += c.gw * c.price
    return out


def spare_compute(state: GameState, seat: Seat) -> float:
    """GW ``seat`` owns that no contract, and no Azure allocation, has claimed now. (Capacity built to
    order is not owned until it is online, and from then on its contract claims it.)"""
    co = state.companies[seat]
    return co.compute_owned - co.azure_to_openai - leased_out(state, seat)
