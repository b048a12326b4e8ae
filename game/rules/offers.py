"""The useful finite set of packages an observation offers (rules v2).

The space of packages is far too large to list, so legality is a predicate
(``engine.why_illegal``) and the observation offers a useful handful:

- to open a negotiation, every single term the pair can trade at a common
  size, with a reference price where one side plainly pays for the other's
  term (a stake at OpenAI's current valuation, an IP extension at the
  catalogue's old unit price, ...), and the joint Stargate commitment;
- to answer, the package on the table and its variations: the cash moved a
  step either way, a compute price or a stake a step either way, one term
  dropped.

Agents, the UI and the environment may compose any other package; the
engine checks it the same way.
"""

from __future__ import annotations

from typing import Callable, Optional

from .choices import Counter
from .deals import openai_price
from .seats import Seat
from .state import GameState, Offer
from .terms import (AgiClause, Cash, Compute, Consent, Delivery, Info, Ip, Loan, Release, RevShare, Stake, Term,
                    Venture, canonical, kinds_in_order, on_grid, snap)
from .capacity import spare_compute
from .openers import legal_openers, legal_proposals  # noqa: F401 - the legal ones, listed at every proposal

M, O, S, R = Seat.MICROSOFT, Seat.OPENAI, Seat.SOFTBANK, Seat.ORACLE
CASH_STEPS = (1.0, 5.0)


def _lease(s: GameState) -> float:
    return snap("price", s.scenario.economy.lease_price)


#: term templates, by label: each builds one term for (me, other), or None where it does not fit the pair.
#: The UI's "add a term" list and the environment's ``add`` actions are these, in this order.
TERM_TEMPLATES: tuple[tuple[str, Callable[[GameState, Seat, Seat], Optional[Term]]], ...] = (
    *((f"compute me>them {gw}GW 8q", lambda s, a, b, gw=gw: Compute(a, b, gw, 8, _lease(s)) if b in (M, O) else None)
      for gw in (0.5, 1.0, 2.0)),
    *((f"compute them>me {gw}GW 8q", lambda s, a, b, gw=gw: Compute(b, a, gw, 8, _lease(s)) if a in (M, O) else None)
      for gw in (0.5, 1.0, 2.0)),
    ("compute me>them 1GW 12q build", lambda s, a, b: Compute(a, b, 1.0, 12, _lease(s), True) if b in (M, O) else None),
    ("compute them>me 1GW 12q build", lambda s, a, b: Compute(b, a, 1.0, 12, _lease(s), True) if a in (M, O) else None),
    *((f"stake {pct}%", lambda s, a, b, pct=pct: Stake(b if a == O else a, pct) if O in (a, b) else None)
      for pct in (2.0, 5.0)),
    *((f"consent {pct}%", lambda s, a, b, pct=pct: Consent(pct) if {a, b} == {M, O} else None) for pct in (30.0, 40.0)),
    ("ip 8q", lambda s, a, b: Ip(8) if {a, b} == {M, O} else None),
    ("agi panel", lambda s, a, b: AgiClause("panel") if {a, b} == {M, O} else None),
    ("agi drop", lambda s, a, b: AgiClause("drop") if {a, b} == {M, O} else None),
    ("revshare -5", lambda s, a, b: RevShare(M, max(0.0, round(s.revenue_share * 100) - 5.0))
     if {a, b} == {M, O} else None),
    ("release exclusivity", lambda s, a, b: Release("exclusivity") if {a, b} == {M, O} else None),
    ("release rofr", lambda s, a, b: Release("rofr") if {a, b} == {M, O} else None),
    ("delivery 4q", lambda s, a, b: Delivery(4) if {a, b} == {M, O} else None),
    ("info 4q", lambda s, a, b: Info(min(a, b), max(a, b), 4)),
    *((f"loan me>them {x}", lambda s, a, b, x=x: Loan(a, b, x, 8)) for x in (10.0, 20.0)),
    *((f"loan them>me {x}", lambda s, a, b, x=x: Loan(b, a, x, 8)) for x in (10.0, 20.0)),
    ("venture me 10", lambda s, a, b: Venture(a, 10.0)),
    ("venture them 10", lambda s, a, b: Venture(b, 10.0)),
)


def templates_for(state: GameState, me: Seat, other: Seat) -> list[tuple[str, Term]]:
    """The templates that fit the pair, as (label, term)."""
    out = []
    for label, build in TERM_TEMPLATES:
        term = build(state, me, other)
        if term is not None:
            out.append((label, term))
    return out


def priced(term: Term, payer: Seat, payee: Seat, amount: float) -> tuple[Term, ...]:
    """``term`` with a cash price ``amount`` paid by ``payer`` (nothing when the price rounds to zero)."""
    amount = snap("cash", amount) if amount >= 0.25 else 0.0
    return (term,) if amount <= 0 else (term, Cash(payer, payee, amount))


def openers(state: GameState, me: Seat, to: Seat) -> list[tuple[Term, ...]]:
    """Candidate packages ``me`` could open with towards ``to`` (not yet checked for legality)."""
    econ = state.scenario.economy
    pair = {me, to}
    out: list[tuple[Term, ...]] = []
    price = snap("price", econ.lease_price)
    for provider, user in ((me, to), (to, me)):
        if user in (M, O) and provider != user:
            spare = spare_compute(state, provider)
            for gw in (0.5, 1.0, 2.0):
                if spare >= gw - 1e-9:
                    out.append((Compute(provider, user, gw, 8, price),))
            out.append((Compute(provider, user, 1.0, 12, price, True),))
    if O in pair:
        holder = to if me == O else me
        if holder != O:
            for pct in (2.0, 5.0):
                out.append(priced(Stake(holder, pct), holder, O, openai_price(state, pct)))
    if pair == {M, O}:
        for pct in (30.0, 40.0):
            out.append((Consent(pct),))
        out.append(priced(Ip(8), M, O, 6.0))
        out.append((AgiClause("panel"),))
        out.append(priced(AgiClause("drop"), M, O, 10.0))
        cur = round(state.revenue_share * 100)
        if cur >= 5:
            out.append(priced(RevShare(M, float(cur - 5)), O, M, 4.0))
        out.append(priced(Release("exclusivity"), O, M, 2.0))
        out.append(priced(Release("rofr"), O, M, 2.0))
        out.append(priced(Delivery(4), M, O, 2.0))
    a, b = sorted((me, to))
    out.append((Info(a, b, 4),))
    richer, poorer = (me, to) if state.companies[me].cash >= state.companies[to].cash else (to, me)
    for amount in (10.0, 20.0):
        out.append((Loan(richer, poorer, amount, 8),))
    if state.stargate:
        out.append((Venture(me, 10.0), Venture(to, 10.0)))
    return [canonical(p) for p in out]


def variations(state: GameState | None, offer: Offer) -> list[tuple[Term, ...]]:
    """Counter-packages near the one on the table, for its answerer (not yet checked for legality): a function
    of the offer alone (``state`` is not read)."""
    return _variations(offer)[0]


def _variations(offer: Offer) -> tuple[list[tuple[Term, ...]], bool]:
    """``variations`` and whether they are sure to differ from each other and from the offer. They do when the
    offer's terms are in kind order with at most one cash term, its four cash steps give five different cash
    terms (or none) with its own, and each term's two steps differ: a cash step changes only the cash, a term
    step only that term (its kind sits in one place), a dropped term leaves a shorter package. Equal ones come
    only from the grid's edges (an amount or a price clamped), or from a package out of order."""
    me, other = offer.to, offer.frm
    terms = list(offer.terms)
    cash = next((t for t in terms if type(t) is Cash), None)
    rest = [t for t in terms if type(t) is not Cash]
    out: list[tuple[Term, ...]] = []
    net = 0.0 if cash is None else (cash.amount if cash.taker == me else -cash.amount)  # what I receive
    monies = [None if cash is None else (cash.giver, cash.taker, cash.amount)]
    for step in CASH_STEPS:
        for sign in (1, -1):
            new = net + sign * step
            money = _cash(me, other, new)
            monies.append((money[0].giver, money[0].taker, money[0].amount) if money else None)
            out.append(tuple(rest) + money)
    steps_differ = True
    for i, t in enumerate(rest):
        tt = type(t)
        if tt is Compute:
            stepped = [snap("price", t.price + d) for d in (0.2, -0.2)]
            for p in stepped:
                if p != t.price:
                    out.append(tuple(rest[:i] + [Compute(t.provider, t.user, t.gw, t.quarters, p, t.build)]
                                     + rest[i + 1:]) + (() if cash is None else (cash,)))
        elif tt is Stake:
            stepped = [snap("stake", t.pct + d) for d in (1.0, -1.0)]
            for pct in stepped:
                if pct != t.pct:
                    out.append(tuple(rest[:i] + [Stake(t.holder, pct)] + rest[i + 1:]) + (() if cash is None else (cash,)))
        elif tt is Consent:
            stepped = [snap("consent", t.pct + d) for d in (5.0, -5.0)]
            for pct in stepped:
                if pct != t.pct:
                    out.append(tuple(rest[:i] + [Consent(pct)] + rest[i + 1:]) + (() if cash is None else (cash,)))
        else:
            stepped = None
        if stepped is not None and stepped[0] == stepped[1]:
            steps_differ = False
        if len(rest) > 1:
            out.append(tuple(rest[:i] + rest[i + 1:]) + (() if cash is None else (cash,)))
    # kinds strictly in order (as in any package a choice holds, cash apart): so is every variation
    if not kinds_in_order(rest):
        return [canonical(p) for p in out], False
    unique = steps_differ and len(rest) + (cash is not None) == len(terms) and len(set(monies)) == len(monies)
    return out, unique


def counter_options(offer: Offer, entry: list | None = None) -> list:
    """The offer's ``variations`` that differ from it and from each other, in order, as ``Counter`` choices:
    what ``legal_choices`` lists for the answerer, before the legality check. Returns the package's entry
    (``package_entry``) with its counters filled in.

    A function of the offer alone (``variations`` reads nothing of the state), worked out once per package
    object: a package the engine offered is the same object every time it is on the table
    (``choices.reread``). Equal variations get equal verdicts, so dropping the later ones before the check
    lists what dropping them after it did; keyed by identity, the terms keep their number types (``10`` or
    ``10.0``) whatever another package held. ``entry``: the offer's ``package_entry``, if the caller has it."""
    if entry is None:
        entry = package_entry(offer)
    if entry[1] is None:
        packages, unique = _variations(offer)
        if unique:  # nothing to drop (see ``_variations``): no package hashed, a dataclass method per term
            entry[1] = tuple([Counter.of_canonical(package) for package in packages])
            return entry
        seen, counters = {offer.terms}, []
        for package in packages:
            n = len(seen)
            seen.add(package)
            if len(seen) > n:
                counters.append(Counter.of_canonical(package))
        entry[1] = tuple(counters)
    return entry


def package_entry(offer: Offer) -> list:
    """The engine's notes on the package on the table, kept while it may come back: ``[its terms, its
    counters (``counter_options``; None until asked for), the checker's notes (``checks.PackageCheck``)]``,
    one entry per package object and pair. An entry keeps few objects (the counters hold their packages,
    the notes are plain numbers): what a process keeps alive costs it at every full pass of the garbage
    collector."""
    terms = offer.terms
    key = id(terms) << 4 | offer.frm << 2 | offer.to
    hit = _COUNTER_OPTIONS.get(key)
    if hit is not None and hit[0] is terms:
        return hit
    if len(_COUNTER_OPTIONS) >= 4096:  # the packages of the last few games
        del _COUNTER_OPTIONS[next(iter(_COUNTER_OPTIONS))]
    entry = _COUNTER_OPTIONS[key] = [terms, None, None]  # holds the terms, so their id stays theirs
    return entry


_COUNTER_OPTIONS: dict[int, list] = {}


def _cash(me: Seat, other: Seat, receive: float) -> tuple[Term, ...]:
    """A cash term in which ``me`` receives ``receive`` $B (pays when negative); none at zero."""
    made = _CASH_TERMS.get((me, other, receive))  # shared like the openers' terms
    if made is None:
        if abs(receive) < 0.25:
            made = ()
        else:
            made = (Cash(other, me, snap("cash", receive)),) if receive > 0 else (Cash(me, other, snap("cash", -receive)),)
        if type(receive) is float:  # the key's type fixed: 2 and 2.0 are equal keys, and their notations differ
            if len(_CASH_TERMS) >= 10_000:
                _CASH_TERMS.clear()
            _CASH_TERMS[me, other, receive] = made
    return made


_CASH_TERMS: dict[tuple, tuple[Cash, ...]] = {}


def with_cash(terms: tuple[Term, ...], payer: Seat, payee: Seat, amount: float) -> tuple[Term, ...]:
    """``terms`` with their cash replaced by ``payer`` paying ``payee`` ``amount`` $B (negative: the other
    way; about zero: no cash term)."""
    rest = tuple(t for t in terms if type(t) is not Cash)
    return canonical(rest + _cash(payee, payer, amount))


#: the quantities a person can step on each kind of term, main one first (``bump``)
TWEAKS: dict[type, tuple[str, ...]] = {Compute: ("gw", "price", "quarters"), Stake: ("stake",), Consent: ("consent",),
                                       RevShare: ("revshare",), Ip: ("quarters",), Delivery: ("quarters",),
                                       Info: ("quarters",), Loan: ("loan", "quarters"), Venture: ("venture",),
                                       Cash: ("cash",)}
_STEP = {"gw": 0.25, "price": 0.1, "quarters": 1, "stake": 0.5, "consent": 5.0, "revshare": 1.0, "loan": 5.0,
         "venture": 5.0, "cash": 1.0}


def bump(term: Term, field: str, direction: int) -> Term | None:
    """``term`` with quantity ``field`` one step up (``direction`` 1) or down (-1), kept on the grid; None
    when it would leave the grid or the term has no such quantity."""
    step = _STEP[field] * (1 if direction > 0 else -1)
    t = type(term)

    def moved(value: float) -> float | None:
        new = round(value + step, 4)
        new = int(new) if float(new).is_integer() and field in ("quarters",) else new
        return new if _on(field, new) else None

    if t is Compute:
        v = moved(getattr(term, {"gw": "gw", "price": "price", "quarters": "quarters"}[field]))
        if v is None:
            return None
        args = {"gw": term.gw, "price": term.price, "quarters": term.quarters, field: v}
        return Compute(term.provider, term.user, args["gw"], int(args["quarters"]), args["price"], term.build)
    if t is Stake and field == "stake":
        v = moved(term.pct)
        return None if v is None else Stake(term.holder, v)
    if t is Consent and field == "consent":
        v = moved(term.pct)
        return None if v is None else Consent(v)
    if t is RevShare and field == "revshare":
        v = moved(term.pct)
        return None if v is None else RevShare(term.giver, v)
    if t in (Ip, Delivery) and field == "quarters":
        v = moved(term.quarters)
        return None if v is None else t(int(v))
    if t is Info and field == "quarters":
        v = moved(term.quarters)
        return None if v is None else Info(term.a, term.b, int(v))
    if t is Loan and field in ("loan", "quarters"):
        v = moved(term.amount if field == "loan" else term.quarters)
        if v is None:
            return None
        return Loan(term.lender, term.borrower, v if field == "loan" else term.amount,
                    int(v) if field == "quarters" else term.quarters)
    if t is Venture and field == "venture":
        v = moved(term.amount)
        return None if v is None else Venture(term.seat, v)
    if t is Cash and field == "cash":
        v = moved(term.amount)
        return None if v is None else Cash(term.giver, term.taker, v)
    return None


def _on(field: str, value: float) -> bool:
    return on_grid(field, value)
