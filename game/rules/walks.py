"""Sums over a state's contracts, kept per list of contracts while the list only grows.

The rules only ever append to a state's list of contracts or give the state a new list (a quarter's end, a GPU
shortage), and contracts are frozen: a list that is the same object, with the contract it ended with still at
that place, holds those contracts first. A sum over it, worked out once, is then brought up to date by adding
the new contracts' parts in the list's order, as a whole walk adds them (so equal to the last bit).
``deals._owed`` (what each seat owes) and ``scoring`` (the loans' nets) keep theirs here; ``capacity.leased_out``
keeps a sum per seat and quarter the same way, in a table of its own shape.
"""

from __future__ import annotations

from typing import Any, Callable

Walk = Callable[[list, int, Any, Any], Any]


def kept_walk(table: dict[int, list], contracts: list, tag: Any, walk: Walk) -> Any:
    """``walk(contracts, 0, None, tag)``, kept in ``table`` for the list and ``tag`` (what else the sum reads,
    such as the quarter): ``walk(contracts, start, prior, tag)`` adds the parts of ``contracts[start:]`` to
    ``prior``, the sum over ``contracts[:start]`` (None: nothing yet), without changing ``prior``. An entry
    of ``table``: id(list) -> [the list, its length, its last contract, the tag, the sum]; it holds the
    list, so the id stays the list's while the entry lives."""
    n = len(contracts)
    hit = table.get(id(contracts))
    if hit is not None and hit[0] is contracts and hit[3] == tag:
        done = hit[1]
        if done == n and (not n or contracts[-1] is hit[2]):
            return hit[4]
        if done < n and (not done or contracts[done - 1] is hit[2]):  # grown by appending: add the new ones
            value = walk(contracts, done, hit[4], tag)
            table[id(contracts)] = [contracts, n, contracts[-1], tag, value]  # in one step (see below)
            return value
    value = walk(contracts, 0, None, tag)
    if len(table) >= 64:  # the states of the games being played; a planner's copies come and go
        table.clear()
    # the entry replaced whole, after the walk: an exception in the walk (a cut-off lands in an agent's
    # thread at any step) leaves the old entry as it was, never one that counts new contracts it has not added
    table[id(contracts)] = [contracts, n, contracts[-1] if n else None, tag, value]
    return value
