"""Packages (rules v2): legality, money, execution.

A package is a set of terms (``terms.py``) between two companies. It is
legal when every term is legal on its own, the terms bind only those two
companies, no two terms share a slot (one price, one compute term, ...), and
**every side can pay for it**: what it pays at signing plus everything it
has promised to pay later (compute instalments, loan repayments) must fit in
its cash and unused credit. So a breach is the result of a shock, never of
signing what one cannot pay.

Value is conserved: money moves only through ``ledger.transfer`` (seat to
seat) or ``ledger.external`` (across the game's edge); every GW sits on one
book (the owner's; a lease moves its use, not its ownership); a stake is
issued by diluting every holder.
"""

from __future__ import annotations

from typing import Optional

from .ledger import adjust_trust, external, issue_stake, transfer
from .scoring import openai_value
from .seats import Seat
from .state import Agi, Contract, GameState, Offer
from .terms import (MAX_TERMS, AgiClause, Cash, Compute, Consent, Delivery, Info, Ip, Loan, Release, RevShare, Stake,
                    Term, Venture, parties, slot, why_not_term)
from .capacity import spare_compute
from .checks import ANTITRUST_KINDS, PackageCheck  # noqa: F401 - PackageCheck: deals' name for it too
from .walks import kept_walk

M, O, S, R = Seat.MICROSOFT, Seat.OPENAI, Seat.SOFTBANK, Seat.ORACLE


# ------------------------------------------------------------ money
def reputation(state: GameState, seat: Seat) -> float:
    """How far the others trust ``seat`` (0..1): the mean of their trust in it. Lenders read it."""
    t = state.trust  # ``sum`` of the other three, in seat order, over 3, written out (a list and two calls)
    if seat == 0:
        return (t[1][0] + t[2][0] + t[3][0]) / 3
    if seat == 1:
        return (t[0][1] + t[2][1] + t[3][1]) / 3
    if seat == 2:
        return (t[0][2] + t[1][2] + t[3][2]) / 3
    return (t[0][3] + t[1][3] + t[2][3]) / 3


def credit_limit(state: GameState, seat: Seat) -> float:
    """What ``seat`` may owe outside lenders ($B): its scenario credit line, scaled by reputation
    (x0.5 when nobody trusts it, x1.5 when everyone does). Trust has a price."""
    return state.scenario.companies[seat].credit * (0.5 + reputation(state, seat))


def credit_left(state: GameState, seat: Seat) -> float:
    return max(0.0, credit_limit(state, seat) - state.companies[seat].debt)


def interest_rate(state: GameState, seat: Seat) -> float:
    """Quarterly rate on ``seat``'s debt: the scenario's, x1.5 at no reputation down to x0.5 at full."""
    return state.scenario.economy.debt_rate * (1.5 - reputation(state, seat))


def obligations(state: GameState, seat: Seat) -> float:
    """Everything ``seat`` has promised to pay other seats from now on ($B): compute instalments and loan
    repayments (with interest) still to come."""
    q, rate = state.quarter, state.scenario.economy.loan_rate
    total = 0.0
    for c in state.contracts:
        if c.b != seat or c.end <= q:
            continue
        left = c.end - max(q, c.start)
        if c.kind == "compute":
            total += c.gw * c.price * left
        elif c.kind == "loan":
            total += c.amount * (1.0 + rate * left)
        elif c.kind == "outside-cloud":
            total += c.amount * left
    return total


def free_funds(state: GameState, seat: Seat) -> float:
    """Cash and unused credit not already promised: what ``seat`` can still commit. (``_owed(state)[seat]``
    is ``obligations(state, seat)`` to the last bit, and is worked out once per list of contracts.)"""
    return state.companies[seat].cash + credit_left(state, seat) - _owed(state)[seat]


def every_free_funds(state: GameState) -> tuple[float, float, float, float]:
    """``free_funds`` of every seat, by seat, equal to the last bit: the enumerator needs all four at every
    decision, so the contracts are walked once for the four ``obligations`` (each seat's sum is added up in
    the same order as ``obligations`` adds it) instead of four times."""
    owed = _owed(state)
    lines, cos = state.scenario.companies, state.companies
    tm, to, ts, tr = state.trust
    cm, co, cs, cr = cos
    # credit_left, written out: the same operations in the same order (``sum`` adds from 0.0, left to right;
    # ``max(0.0, x)`` is x where x > 0.0, else 0.0)
    m = lines[M].credit * (0.5 + (0.0 + to[M] + ts[M] + tr[M]) / 3) - cm.debt
    o = lines[O].credit * (0.5 + (0.0 + tm[O] + ts[O] + tr[O]) / 3) - co.debt
    s = lines[S].credit * (0.5 + (0.0 + tm[S] + to[S] + tr[S]) / 3) - cs.debt
    r = lines[R].credit * (0.5 + (0.0 + tm[R] + to[R] + ts[R]) / 3) - cr.debt
    return (cm.cash + (m if m > 0.0 else 0.0) - owed[M], co.cash + (o if o > 0.0 else 0.0) - owed[O],
            cs.cash + (s if s > 0.0 else 0.0) - owed[S], cr.cash + (r if r > 0.0 else 0.0) - owed[R])


#: ``walks.kept_walk``'s table for ``_owed``: the walk of the contracts is the same at every decision of a
#: quarter, and a deal only adds to it
_OWED: dict[int, list] = {}


def _owed(state: GameState) -> tuple[float, float, float, float]:
    """Every seat's ``obligations``, each summed in the same order (so equal to the last bit), kept per list
    of contracts, quarter and loan rate (``walks.kept_walk``)."""
    return kept_walk(_OWED, state.contracts, (state.quarter, state.scenario.economy.loan_rate), _dues)


def _dues(contracts: list, start: int, prior: tuple | None, tag: tuple) -> tuple[float, float, float, float]:
    """``prior`` (None: nothing yet) plus what each seat owes under ``contracts[start:]``, added in order;
    ``tag``: (the quarter, the loan rate)."""
    q, rate = tag
    owed = [0.0, 0.0, 0.0, 0.0] if prior is None else list(prior)
    for c in contracts[start:] if start else contracts:
        end = c.end
        if end <= q:
            continue
        kind, cs = c.kind, c.start
        left = end - (cs if cs > q else q)  # max(q, start): the same int
        if kind == "compute":
            owed[c.b] += c.gw * c.price * left
        elif kind == "loan":
            owed[c.b] += c.amount * (1.0 + rate * left)
        elif kind == "outside-cloud":
            owed[c.b] += c.amount * left
    return (owed[0], owed[1], owed[2], owed[3])


def commitments(state: GameState, terms: tuple[Term, ...], seat: Seat) -> float:
    """What signing ``terms`` commits ``seat`` to pay ($B, net of cash it receives at signing)."""
    econ, rate = state.scenario.economy, state.scenario.economy.loan_rate
    total = 0.0
    for t in terms:
        tt = type(t)
        if tt is Cash:
            total += t.amount if t.giver == seat else -t.amount if t.taker == seat else 0.0
        elif tt is Compute:
            if t.user == seat:
                total += t.gw * t.price * t.quarters
            if t.provider == seat and t.build:
                total += t.gw * econ.gw_build_cost
        elif tt is Loan:
            if t.lender == seat:
                total += t.amount
            elif t.borrower == seat:
                total += t.amount * rate * t.quarters  # the principal comes in and goes back out
        elif tt is Venture and t.seat == seat:
            total += t.amount
    return total


# ------------------------------------------------------------ legality
def why_not_package(state: GameState, frm: Seat, to: Seat, terms: tuple[Term, ...],
                    free: list[float] | None = None) -> Optional[str]:
    """``None`` if ``frm`` may put the package ``terms`` to ``to`` now, else the reason (the UI's tooltip).

    ``free``: every seat's ``free_funds`` now, when the caller checks many packages on one state."""
    if frm == to:
        return "cannot deal with yourself"
    if not terms:
        return "a package needs at least one term"
    if len(terms) > MAX_TERMS:
        return f"at most {MAX_TERMS} terms in a package"
    if all(type(t) is Cash for t in terms):
        return "a package needs more than cash"
    probed = state.antitrust_until > state.quarter and {frm, to} == {M, O}
    seen: set[tuple] = set()
    for t in terms:
        for p in parties(t):
            if p != frm and p != to:
                return f"'{t}' binds a company outside this negotiation"
        key = slot(t)
        if key in seen:
            return f"two terms of the same kind: '{t}'"
        seen.add(key)
        if probed and isinstance(t, ANTITRUST_KINDS):
            return "an antitrust probe freezes Microsoft-OpenAI deals on stakes and control"
        reason = why_not_term(state, t)
        if reason:
            return f"'{t}': {reason}"
    for seat in (frm, to):
        need = commitments(state, terms, seat)
        if need > 1e-9:
            if free is None:
                free = every_free_funds(state)  # one walk of the contracts for both sides (the same figures)
            have = free[seat]
            if need > have + 1e-9:
                return f"{seat.label} cannot pay for it (needs ${need:.1f}B, has ${max(0.0, have):.1f}B free)"
    return None


def rofr_applies(state: GameState, offer: Offer) -> bool:
    """Whether Microsoft may take this signed package under its right of first refusal: it gives OpenAI
    compute from someone else, Microsoft still holds the right and has the GW spare now."""
    if not state.rofr or state.antitrust_until > state.quarter:
        return False
    for t in offer.terms:
        if type(t) is Compute and t.user == O and t.provider != M:
            return spare_compute(state, M) >= t.gw - 1e-9 and commitments(state, (t,), O) <= free_funds(state, O)
    return False


def matched(offer: Offer) -> tuple[Term, ...]:
    """The package Microsoft signs when it matches: the same compute, Microsoft supplying it from its own
    capacity now (the rest of the rival's package falls away with the deal)."""
    t = next(t for t in offer.terms if type(t) is Compute and t.user == O)
    return (Compute(M, O, t.gw, t.quarters, t.price, False),)


# ------------------------------------------------------------ execution
def execute(state: GameState, terms: tuple[Term, ...]) -> list[str]:
    """Carry out a signed package; returns the lines describing what was done."""
    done = []
    for t in terms:
        done.append(_EXECUTE[type(t)](state, t))
    return done


def _cash(s: GameState, t: Cash) -> str:
    transfer(s, t.giver, t.taker, t.amount)
    return f"{t.giver.label} pays {t.taker.label} ${t.amount:g}B"


def _compute(s: GameState, t: Compute) -> str:
    q, econ = s.quarter, s.scenario.economy
    start = q
    if t.build:
        external(s, t.provider, -t.gw * econ.gw_build_cost)
        start = q + econ.build_lag
        s.companies[t.provider].pipeline.append((start, t.gw))
    s.contracts.append(Contract("compute", t.provider, t.user, start, start + t.quarters, t.gw, 0.0, t.price,
                                t.build))
    when = f" from {s.scenario.label(start)}" if t.build else ""
    return f"{t.provider.label} supplies {t.user.label} {t.gw:g} GW for {t.quarters} quarters at ${t.price:g}B/GW/q{when}"


def _stake(s: GameState, t: Stake) -> str:
    issue_stake(s, t.holder, t.pct / 100.0)
    return f"OpenAI issues {t.pct:g}% to {t.holder.label}"


def _consent(s: GameState, t: Consent) -> str:
    s.consent = t.pct / 100.0
    return f"Microsoft consents to the conversion (its stake becomes {t.pct:g}%)"


def _ip(s: GameState, t: Ip) -> str:
    s.ip_horizon += t.quarters
    return f"Microsoft's IP access extends to {s.scenario.label(s.ip_horizon)}"


def _agi(s: GameState, t: AgiClause) -> str:
    if t.option == "drop":
        s.agi_clause = "dropped"
        if s.agi in (Agi.DECLARED, Agi.DISPUTED):
            s.agi = Agi.NONE
        return "the AGI clause is dropped"
    s.agi_clause = "panel"
    return "an AGI declaration now needs an expert panel"


def _revshare(s: GameState, t: RevShare) -> str:
    s.revenue_share = t.pct / 100.0
    return f"the revenue share becomes {t.pct:g}%"


def _release(s: GameState, t: Release) -> str:
    if t.right == "exclusivity":
        s.exclusivity = False
        return "OpenAI's API is no longer exclusive to Azure"
    s.rofr = False
    return "Microsoft gives up its right of first refusal"


def _delivery(s: GameState, t: Delivery) -> str:
    s.delivery_until = max(s.delivery_until, s.quarter + t.quarters)
    s.contracts.append(Contract("delivery", O, M, s.quarter, s.delivery_until))
    return f"OpenAI promises on-time models until {s.scenario.label(s.delivery_until)}"


def _info(s: GameState, t: Info) -> str:
    until = s.quarter + t.quarters
    s.info_until[t.a][t.b] = s.info_until[t.b][t.a] = until
    s.contracts.append(Contract("info", t.a, t.b, s.quarter, until))
    adjust_trust(s, t.a, t.b, 0.05)
    return f"{t.a.label} and {t.b.label} share private figures until {s.scenario.label(until)}"


def _loan(s: GameState, t: Loan) -> str:
    transfer(s, t.lender, t.borrower, t.amount)
    s.contracts.append(Contract("loan", t.lender, t.borrower, s.quarter, s.quarter + t.quarters, 0.0, t.amount))
    return f"{t.lender.label} lends {t.borrower.label} ${t.amount:g}B for {t.quarters} quarters"


def _venture(s: GameState, t: Venture) -> str:
    econ = s.scenario.economy
    external(s, t.seat, -t.amount)
    s.venture_paid[t.seat] += t.amount
    s.venture_pipeline.append((s.quarter + econ.build_lag, t.amount / econ.gw_build_cost))
    return f"{t.seat.label} puts ${t.amount:g}B into Stargate"


_EXECUTE = {Cash: _cash, Compute: _compute, Stake: _stake, Consent: _consent, Ip: _ip, AgiClause: _agi,
            RevShare: _revshare, Release: _release, Delivery: _delivery, Info: _info, Loan: _loan, Venture: _venture}


def openai_price(state: GameState, pct: float) -> float:
    """What ``pct`` percent of OpenAI is worth now ($B, at its current valuation): a reference price."""
    return openai_value(state) * pct / 100.0
