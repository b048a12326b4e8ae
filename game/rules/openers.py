"""The openers legal now: the proposals ``legal_choices`` lists at every proposal (``offers.openers``'
candidates that pass ``why_not_package``, in ``openers``' order).

The enumerator runs at every proposal, so it builds only what is legal instead of building everything and
asking ``why_not_package``: each condition is worked out once for the pair. Most openers are the same package
every time for a pair (their quantities and prices are fixed numbers, the lease price is the scenario's): those
are built once per pair as ``Propose`` choices (``_Table``) and listed as they are when their conditions hold;
only a stake (priced at OpenAI's value now) and the revenue share step (from the share now) are looked up by
their quantities. ``test_properties`` holds the list to exactly the openers the full predicate accepts.

A random proposer draws without the list (``engine.draw_legal``): each table also lists its places, each opener
the list may hold once, with a test of its own (``candidate``, the ``_*_at`` functions) that is the list's
condition for that opener alone. A rule changed here is changed in both; ``test_properties`` holds the places'
legal openers to the list, in order, on states with the levers drawn at random too.
"""

from __future__ import annotations

from typing import Any

from .choices import Propose
from .deals import every_free_funds
from .scoring import openai_value
from .seats import Seat
from .state import Agi, GameState
from .terms import (AgiClause, Cash, Compute, Consent, Delivery, Info, Ip, Loan, Release, RevShare, Stake, Term,
                    Venture, canonical, snap)
from .capacity import spare_compute

M, O, S, R = Seat.MICROSOFT, Seat.OPENAI, Seat.SOFTBANK, Seat.ORACLE


def legal_openers(state: GameState, me: Seat, to: Seat, free: list[float] | None = None) -> list[tuple[Term, ...]]:
    """The openers that are legal now, in ``openers``' order (``free``: every seat's free funds, if known)."""
    return [p.terms for p in legal_proposals(state, me, to, free)]


def legal_proposals(state: GameState, me: Seat, to: Seat, free: list[float] | None = None,
                    known: dict | None = None) -> list[Propose]:
    """``legal_openers`` as ``Propose`` choices to ``to`` (what ``legal_choices`` lists), shared like the
    packages: the same opener is the same frozen choice at every decision. ``known``: a dict the caller
    keeps while it asks about several pairs on one state (spare capacity and OpenAI's value, worked out once;
    ``"capability"``: OpenAI's capability as ``me`` sees it, where that is not the state's)."""
    free = free if free is not None else every_free_funds(state)
    known = {} if known is None else known
    econ, q = state.scenario.economy, state.quarter
    lease_price, rate = econ.lease_price, econ.loan_rate
    table = _TABLES.get((me, to, lease_price, rate))
    if table is None:
        table = _table(me, to, lease_price, rate)
    frozen = table.msft_oai and state.antitrust_until > q
    out: list[Propose] = []
    append = out.append
    if table.compute:
        cost = econ.gw_build_cost
        for provider, user, leases, build, build_need in table.compute:  # (me, to) then (to, me)
            spare = known.get(provider)
            if spare is None:
                spare = known[provider] = spare_compute(state, provider)
            have = free[user] + 1e-9
            for least, need, choice in leases:  # (gw - 1e-9, gw * price * 8, the lease): worked out once
                if not (spare >= least and (need <= 1e-9 or need <= have)):
                    break  # a bigger lease needs more spare GW and costs more: none of the rest is legal
                append(choice)
            if (cost <= 1e-9 or cost <= free[provider] + 1e-9) and (build_need <= 1e-9 or build_need <= have):
                append(build)
    holder = table.holder
    if holder is not None and not frozen and (holder != M or state.converted):  # no new equity for a capped holder
        stakes = state.stakes
        held = stakes[M][O] + stakes[S][O] + stakes[R][O] + state.outside
        for pct, share, priced in table.stakes:
            if held + share <= 0.9 + 1e-9:
                value = known.get("openai")
                if value is None:  # OpenAI's capability as the proposer sees it, where it may not see it
                    value = known["openai"] = openai_value(state, known.get("capability"))
                amount = _snapped(value * pct / 100.0)  # openai_price, inline
                choice = priced.get(amount)
                if choice is None:
                    choice = priced[amount] = _priced_choice(to, (Stake, holder, pct), holder, O, amount)
                if amount <= 0 or amount <= 1e-9 or amount <= free[holder] + 1e-9:
                    append(choice)
    if table.msft_oai:
        access, upheld = state.ip_access, state.agi is Agi.UPHELD
        if not frozen and not state.converted and state.consent <= 0:
            others = state.stakes[S][O] + state.stakes[R][O] + state.outside + state.scenario.terms.foundation_stake
            for share, choice in table.consents:
                if others + share <= 0.9 + 1e-9:
                    append(choice)
        if access:
            _fixed_price(out, table.ip, free)
        if not frozen and not upheld and state.agi_clause != "dropped":
            if state.agi_clause != "panel":
                append(table.agi_panel)
            _fixed_price(out, table.agi_drop, free)
        cur = round(state.revenue_share * 100)
        if cur >= 5 and access and not upheld:
            entry = table.revshares.get(cur)
            if entry is None:
                entry = table.revshares[cur] = _fixed(to, (RevShare, M, float(cur - 5)), O, M, 4.0)
            _fixed_price(out, entry, free)
        if not frozen and state.exclusivity:
            _fixed_price(out, table.release_exclusivity, free)
        if not frozen and state.rofr:
            _fixed_price(out, table.release_rofr, free)
        if access:
            _fixed_price(out, table.delivery, free)
    a, b = table.pair
    if state.info_until[a][b] <= q:
        append(table.info)
    cos = state.companies
    richer, poorer, loans = table.loans[cos[me].cash >= cos[to].cash]
    for amount, interest, choice in loans:  # smallest first: a bigger loan lends and costs more
        if not (amount <= free[richer] + 1e-9 and (interest <= 1e-9 or interest <= free[poorer] + 1e-9)):
            break
        append(choice)
    if state.stargate and 10.0 <= free[me] + 1e-9 and 10.0 <= free[to] + 1e-9:
        append(table.venture)
    return out


def table_for(state: GameState, me: Seat, to: Seat) -> _Table:
    """The pair's table: its ``candidates`` are the places of ``legal_proposals(state, me, to)``, each opener
    the list may hold, legal now or not, once; ``candidate`` says what a place holds now."""
    econ = state.scenario.economy
    return _table(me, to, econ.lease_price, econ.loan_rate)


def candidate(state: GameState, me: Seat, to: Seat, table: _Table, place: tuple, free: list[float],
              known: dict) -> Propose | None:
    """The opener at ``place`` (one of ``table_for(state, me, to).candidates``) if it is legal now, else None:
    the list is the legal ones in the places' order (``test_properties``), so a random proposer can draw a
    place and take it if it is legal (``engine.draw_legal``), each legal opener as likely as the others,
    without the list. ``free`` and ``known``: as ``legal_proposals`` reads them (``known`` kept while the
    caller asks about the same state and seat). A place is (its kind's test, what the test reads): each test
    below is ``legal_proposals``' condition for that opener, written for it alone."""
    return place[0](state, me, to, table, place[1], free, known)


def _lease_at(state: GameState, me: Seat, to: Seat, table: _Table, data: Any, free: list[float],
              known: dict) -> Propose | None:
    provider, user, (least, need, choice) = data
    spare = known.get(provider)
    if spare is None:
        spare = known[provider] = spare_compute(state, provider)
    return choice if spare >= least and (need <= 1e-9 or need <= free[user] + 1e-9) else None


def _build_at(state: GameState, me: Seat, to: Seat, table: _Table, data: Any, free: list[float],
              known: dict) -> Propose | None:
    provider, user, choice, build_need = data
    cost = state.scenario.economy.gw_build_cost
    return choice if ((cost <= 1e-9 or cost <= free[provider] + 1e-9)
                      and (build_need <= 1e-9 or build_need <= free[user] + 1e-9)) else None


def _stake_at(state: GameState, me: Seat, to: Seat, table: _Table, data: Any, free: list[float],
              known: dict) -> Propose | None:
    holder = table.holder
    if (table.msft_oai and state.antitrust_until > state.quarter) or (holder == M and not state.converted):
        return None
    pct, share, priced = data
    stakes = state.stakes
    if not stakes[M][O] + stakes[S][O] + stakes[R][O] + state.outside + share <= 0.9 + 1e-9:
        return None
    value = known.get("openai")
    if value is None:
        value = known["openai"] = openai_value(state, known.get("capability"))
    amount = _snapped(value * pct / 100.0)
    choice = priced.get(amount)
    if choice is None:
        choice = priced[amount] = _priced_choice(to, (Stake, holder, pct), holder, O, amount)
    return choice if amount <= 0 or amount <= 1e-9 or amount <= free[holder] + 1e-9 else None


def _consent_at(state: GameState, me: Seat, to: Seat, table: _Table, data: Any, free: list[float],
                known: dict) -> Propose | None:
    if state.antitrust_until > state.quarter or state.converted or not state.consent <= 0:
        return None
    share, choice = data
    others = state.stakes[S][O] + state.stakes[R][O] + state.outside + state.scenario.terms.foundation_stake
    return choice if others + share <= 0.9 + 1e-9 else None


def _agi_panel_at(state: GameState, me: Seat, to: Seat, table: _Table, data: Any, free: list[float],
                  known: dict) -> Propose | None:
    clause = state.agi_clause
    return (table.agi_panel if not state.antitrust_until > state.quarter and state.agi is not Agi.UPHELD
            and clause != "dropped" and clause != "panel" else None)


def _agi_drop_at(state: GameState, me: Seat, to: Seat, table: _Table, data: Any, free: list[float],
                 known: dict) -> Propose | None:
    if state.antitrust_until > state.quarter or state.agi is Agi.UPHELD or state.agi_clause == "dropped":
        return None
    return _payable(table.agi_drop, free)


def _revshare_at(state: GameState, me: Seat, to: Seat, table: _Table, data: Any, free: list[float],
                 known: dict) -> Propose | None:
    cur = round(state.revenue_share * 100)
    if not (cur >= 5 and state.ip_access and state.agi is not Agi.UPHELD):
        return None
    entry = table.revshares.get(cur)
    if entry is None:
        entry = table.revshares[cur] = _fixed(to, (RevShare, M, float(cur - 5)), O, M, 4.0)
    return _payable(entry, free)


def _ip_at(state: GameState, me: Seat, to: Seat, table: _Table, data: Any, free: list[float],
           known: dict) -> Propose | None:  # the IP extension or the delivery promise (``data``)
    return _payable(getattr(table, data), free) if state.ip_access else None


def _release_at(state: GameState, me: Seat, to: Seat, table: _Table, data: Any, free: list[float],
                known: dict) -> Propose | None:  # exclusivity or the ROFR (``data``)
    if state.antitrust_until > state.quarter or not getattr(state, data):
        return None
    return _payable(getattr(table, "release_" + data), free)


def _info_at(state: GameState, me: Seat, to: Seat, table: _Table, data: Any, free: list[float],
             known: dict) -> Propose | None:
    a, b = table.pair
    return table.info if state.info_until[a][b] <= state.quarter else None


def _loan_at(state: GameState, me: Seat, to: Seat, table: _Table, data: Any, free: list[float],
             known: dict) -> Propose | None:
    cos = state.companies
    richer, poorer, loans = table.loans[cos[me].cash >= cos[to].cash]
    amount, interest, choice = loans[data]
    return choice if amount <= free[richer] + 1e-9 and (interest <= 1e-9 or interest <= free[poorer] + 1e-9) else None


def _venture_at(state: GameState, me: Seat, to: Seat, table: _Table, data: Any, free: list[float],
                known: dict) -> Propose | None:
    return table.venture if state.stargate and 10.0 <= free[me] + 1e-9 and 10.0 <= free[to] + 1e-9 else None


def _payable(entry: tuple, free: list[float]) -> Propose | None:
    """The opener of ``entry`` (payer, price on the cash grid, the choice: as ``_fixed`` makes it) if its
    payer can pay that price, else None."""
    payer, amount, choice = entry
    return choice if amount <= 0 or amount <= 1e-9 or amount <= free[payer] + 1e-9 else None


def _priced_choice(to: Seat, term: tuple, payer: Seat, payee: Seat, amount: float) -> Propose:
    """The opener ``term`` (a term key) at the price ``amount`` on the cash grid paid by ``payer`` (the term
    alone when the price is nothing): listed when the payer can pay (nothing below 0.25: ``_snapped``)."""
    return _proposal(to, (term,) if amount <= 0 else (term, (Cash, payer, payee, amount)))


def _fixed_price(out: list, entry: tuple, free: list[float]) -> None:
    """List an opener whose price is a fixed number if its payer can pay (``_payable``)."""
    choice = _payable(entry, free)
    if choice is not None:
        out.append(choice)


class _Table:
    """The openers of one pair (``me`` proposing to ``to``) whose packages never change, as shared choices,
    with the figures their conditions compare that are fixed for the pair and scenario (a lease's cost, a share's
    fraction), worked out once in the same operations as the conditions had them."""

    __slots__ = ("price", "msft_oai", "holder", "compute", "stakes", "consents", "ip", "agi_panel", "agi_drop",
                 "revshares", "release_exclusivity", "release_rofr", "delivery", "pair", "info", "loans", "venture",
                 "candidates")

    def __init__(self, me: Seat, to: Seat, price: float, rate: float) -> None:
        self.price = price
        self.msft_oai = (me == M and to == O) or (me == O and to == M)  # {me, to} == {M, O}
        self.holder = (to if me == O else me) if O in (me, to) else None
        # (provider, user, the leases as (gw - 1e-9, what the user pays, the choice), the build, what it pays)
        self.compute = tuple((provider, user,
                              tuple((gw - 1e-9, gw * price * 8,
                                     _proposal(to, ((Compute, provider, user, gw, 8, price, False),)))
                                    for gw in (0.5, 1.0, 2.0)),
                              _proposal(to, ((Compute, provider, user, 1.0, 12, price, True),)), price * 12)
                             for provider, user in ((me, to), (to, me)) if user in (M, O))
        # (pct, its fraction, the stake's choices by price: filled as prices come up)
        self.stakes = tuple((pct, pct / 100, {}) for pct in (2.0, 5.0))
        self.revshares: dict[int, tuple] = {}  # the share now -> ``_fixed``'s entry for the step down
        if self.msft_oai:
            self.consents = tuple((pct / 100, _proposal(to, ((Consent, pct),))) for pct in (30.0, 40.0))
            self.ip = _fixed(to, (Ip, 8), M, O, 6.0)
            self.agi_panel = _proposal(to, ((AgiClause, "panel"),))
            self.agi_drop = _fixed(to, (AgiClause, "drop"), M, O, 10.0)
            self.release_exclusivity = _fixed(to, (Release, "exclusivity"), O, M, 2.0)
            self.release_rofr = _fixed(to, (Release, "rofr"), O, M, 2.0)
            self.delivery = _fixed(to, (Delivery, 4), M, O, 2.0)
        a, b = self.pair = (me, to) if me < to else (to, me)
        self.info = _proposal(to, ((Info, a, b, 4),))
        # by whether ``me`` is the richer side: (the richer, the poorer, (amount, the interest the poorer pays
        # over the loan's 8 quarters, the loan from the richer to the poorer) for each amount, smallest first)
        self.loans = {rich_me: (richer, poorer,
                                tuple((amount, amount * rate * 8, _proposal(to, ((Loan, richer, poorer, amount, 8),)))
                                      for amount in (10.0, 20.0)))
                      for rich_me, (richer, poorer) in ((True, (me, to)), (False, (to, me)))}
        self.venture = _proposal(to, ((Venture, me, 10.0), (Venture, to, 10.0)))
        # what the list may hold, one place each: (its test, what the test reads), in the list's order
        places: list[tuple] = []
        for provider, user, leases, build, build_need in self.compute:
            places += [(_lease_at, (provider, user, lease)) for lease in leases]
            places.append((_build_at, (provider, user, build, build_need)))
        if self.holder is not None:
            places += [(_stake_at, stake) for stake in self.stakes]
        if self.msft_oai:
            places += [(_consent_at, consent) for consent in self.consents]
            places += [(_ip_at, "ip"), (_agi_panel_at, None), (_agi_drop_at, None), (_revshare_at, None),
                       (_release_at, "exclusivity"), (_release_at, "rofr"), (_ip_at, "delivery")]
        places += [(_info_at, None), (_loan_at, 0), (_loan_at, 1), (_venture_at, None)]
        self.candidates = tuple(places)


def _fixed(to: Seat, term: tuple, payer: Seat, payee: Seat, amount: float) -> tuple:
    """(payer, price on the cash grid, the opener with that price): ``_fixed_price``'s entry."""
    price = _snapped(amount)
    choice = _proposal(to, (term,) if price <= 0 else (term, (Cash, payer, payee, price)))
    return (payer, price, choice)


def _table(me: Seat, to: Seat, lease_price: float, rate: float) -> _Table:
    table = _TABLES.get((me, to, lease_price, rate))
    if table is None:
        if len(_TABLES) >= 1000:  # twelve pairs a scenario, in practice
            _TABLES.clear()
        table = _TABLES[me, to, lease_price, rate] = _Table(me, to, _lease(lease_price), rate)
    return table


_TABLES: dict[tuple, _Table] = {}


#: The openers are a few hundred packages: each is built once, from its key (a tuple of term keys
#: ``(class, *fields)``, the cash price last), and shared after that. A package is a tuple of frozen terms, so
#: nothing a holder does to it reaches another; the keys' fields have fixed types at each site above (floats
#: stay floats), so two keys are equal only for the same package, digest for digest.
_PACKAGES: dict[tuple, tuple[Term, ...]] = {}
_PROPOSALS: dict[tuple, Propose] = {}
_CASH: dict[float, float] = {}
_LEASE: dict[float, float] = {}


def _proposal(to: Seat, key: tuple) -> Propose:
    choice = _PROPOSALS.get((to, key))
    if choice is None:
        choice = _PROPOSALS[to, key] = Propose.of_canonical(to, _package(key))
    return choice


def _package(key: tuple) -> tuple[Term, ...]:
    package = _PACKAGES.get(key)
    if package is None:
        if len(_PACKAGES) > 100_000:  # never in practice (the grids are finite); a bound all the same
            _PACKAGES.clear()
            _PROPOSALS.clear()
            _TABLES.clear()
        package = _PACKAGES[key] = canonical(tuple(k[0](*k[1:]) for k in key))
    return package


def _snapped(amount: float) -> float:
    """``offers.priced``'s price: on the cash grid, or nothing below 0.25."""
    price = _CASH.get(amount)
    if price is None:
        price = snap("cash", amount) if amount >= 0.25 else 0.0
        if len(_CASH) >= 10_000:  # ~125 new prices a game, each asked again within its quarter
            _CASH.clear()
        _CASH[amount] = price
    return price


def _lease(lease_price: float) -> float:
    """The scenario's lease price on the price grid (every compute opener's price)."""
    price = _LEASE.get(lease_price)
    if price is None:
        price = snap("price", lease_price)
        if len(_LEASE) < 1000:  # one per scenario, in practice
            _LEASE[lease_price] = price
    return price
