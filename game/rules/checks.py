"""The enumerator's package check: ``why_not_package``'s verdict for many packages on one state.

``legal_choices`` judges every counter it could list (and the package on the table) at every answer. A
package's verdict has a part no state changes (the terms bind only the pair, none shares a slot, not all of
it is cash, every term is on its grid, what it commits each side to pay) and a part that reads the state
(free funds, spare capacity, a term's own legality now, the antitrust freeze). For the counters to a package
on the table (``offers.counter_options``, one entry per package object) the first part is worked out once
and kept in the entry as plain numbers; the second is worked out at each answer, once per term.
"""

from __future__ import annotations

from .capacity import spare_compute
from .seats import Seat
from .state import GameState
from .terms import (MAX_TERMS, AgiClause, Cash, Compute, Consent, Loan, Release, Stake, Term, Venture, on_grid,
                    parties, slot, static_reason, why_not_term)

M, O = Seat.MICROSOFT, Seat.OPENAI
ANTITRUST_KINDS = (Stake, AgiClause, Release, Consent)
_CASH_SLOT = ("cash",)  # slot() of every cash term
_COMPUTE_SLOT = ("compute",)  # and of every compute term


class PackageCheck:
    """``why_not_package(state, frm, to, terms, free) is None`` for many packages between one pair on one state
    (the enumerator's counters), each term object judged once. Whether a term binds only the pair, escapes the
    antitrust freeze and is legal on its own, its slot and what it commits each side to do not depend on the
    package, so the packages that share a term object reuse them (by identity: the record holds the term, so
    its id stays its own while the check lives). Each side's commitment is summed term by term in the
    package's order, as ``commitments`` sums it, so the verdict is the predicate's to the last bit (its
    verdict, not its reason: ``why_not_package`` says why)."""

    __slots__ = ("state", "frm", "to", "have", "probed", "records", "spare", "verdicts")

    def __init__(self, state: GameState, frm: Seat, to: Seat, free: list[float]) -> None:
        self.state, self.frm, self.to = state, frm, to
        self.have = (free[frm] + 1e-9, free[to] + 1e-9)
        self.probed = state.antitrust_until > state.quarter and {frm, to} == {M, O}
        self.records: dict[int, tuple] = {}
        self.spare: dict[Seat, float] = {}
        self.verdicts: dict[int, bool] = {}  # id(term) -> ``_judge`` (the terms are alive while the check is)

    def ok(self, terms: tuple[Term, ...]) -> bool:
        if self.frm == self.to or not terms or len(terms) > MAX_TERMS:
            return False
        records, slots, only_cash = self.records, [], True
        need_frm = need_to = 0.0
        for t in terms:
            r = records.get(id(t))
            if r is None:
                r = records[id(t)] = self._record(t)
            _, good, key, cash, for_frm, for_to = r
            if not good or key in slots:
                return False
            slots.append(key)
            only_cash = only_cash and cash
            for x in for_frm:
                need_frm += x
            for x in for_to:
                need_to += x
        if only_cash:
            return False
        have_frm, have_to = self.have
        return not (need_frm > 1e-9 and need_frm > have_frm) and not (need_to > 1e-9 and need_to > have_to)

    def accepts(self, entry: list) -> bool:
        """``ok`` for the package of an ``offers.package_entry`` (the package on the table), its state-free
        part worked out once per entry and pair."""
        made = self._made(entry)
        prof = made[4]
        if prof is _UNSET:
            prof = made[4] = profile(entry[0], self.frm, self.to, made[0], made[1])
        return self._holds(prof)

    def counters(self, entry: list) -> list:
        """The counters of an ``offers.counter_options`` entry whose packages pass ``ok``, in order. The
        state-free part of each verdict is worked out once per entry (``notes``); here, each side's funds
        against what the package commits it to, and each term whose verdict reads the state, once."""
        made = self._made(entry)
        if made[5] is None:
            made[5] = notes(entry[1], self.frm, self.to, made[0], made[1])
        needs_frm, needs_to, reads, live = made[5]
        now, good = self._now, [None] * len(live)  # each term's verdict now, worked out when first needed
        have_frm, have_to = self.have
        out = []
        for counter, need_frm, need_to, where in zip(entry[1], needs_frm, needs_to, reads):
            if need_frm is None or (need_frm > 1e-9 and need_frm > have_frm) or (need_to > 1e-9 and need_to > have_to):
                continue
            for i in where:
                v = good[i]
                if v is None:
                    v = good[i] = now(live[i])
                if not v:
                    break
            else:
                out.append(counter)
        return out

    def passes(self, terms: tuple[Term, ...]) -> bool:
        """``ok`` for one package, its state-free part from the pair's kept parts (``profile``): a counter
        drawn at random is judged alone (``engine.draw_legal``), where ``counters`` judges them all."""
        econ = self.state.scenario.economy
        return self._holds(profile(terms, self.frm, self.to, econ.gw_build_cost, econ.loan_rate))

    def _holds(self, prof: tuple | None) -> bool:
        """The state's part of the verdict on a package of ``profile`` ``prof``: each side can pay what it
        commits to, and each term whose verdict reads the state holds now."""
        if prof is None:
            return False
        need_frm, need_to, live = prof
        have_frm, have_to = self.have
        if (need_frm > 1e-9 and need_frm > have_frm) or (need_to > 1e-9 and need_to > have_to):
            return False
        now = self._now
        for t in live:
            if not now(t):
                return False
        return True

    def _made(self, entry: list) -> list:
        """The entry's notes for this pair and scenario economy: ``[build cost, loan rate, frm, to, the
        package's own profile (``profile``), its counters' notes (``notes``)]``, started afresh if the pair or
        the economy differ from the last asker's."""
        econ = self.state.scenario.economy
        cost, rate = econ.gw_build_cost, econ.loan_rate
        made = entry[2]
        if made is None or made[0] != cost or made[1] != rate or made[2] != self.frm or made[3] != self.to:
            made = entry[2] = [cost, rate, self.frm, self.to, _UNSET, None]
        return made

    def _now(self, t: Term) -> bool:
        """The state's part of a term's verdict: spare capacity for leased compute (looked up once per
        provider), the antitrust freeze and the term's own legality now for the rest (cash has none); each
        term object's once (the package on the table and its counters share most terms)."""
        v = self.verdicts.get(id(t))
        if v is None:
            v = self.verdicts[id(t)] = self._judge(t)
        return v

    def _judge(self, t: Term) -> bool:
        if type(t) is Compute:
            spare = self.spare.get(t.provider)
            if spare is None:
                spare = self.spare[t.provider] = spare_compute(self.state, t.provider)
            return not spare < t.gw - 1e-9
        return not (self.probed and isinstance(t, ANTITRUST_KINDS)) and not why_not_term(self.state, t)

    def _record(self, t: Term) -> tuple:
        frm, to, tt = self.frm, self.to, type(t)
        if tt is Cash:  # most counters move the cash: its checks written out (why_not_term is static_reason's)
            g, k, amount = t.giver, t.taker, t.amount
            good = (g == frm or g == to) and (k == frm or k == to) and _cash_on_grid(amount) and g != k
            return (t, good, _CASH_SLOT, True, (amount if g == frm else -amount if k == frm else 0.0,),
                    (amount if g == to else -amount if k == to else 0.0,))
        if tt is Compute:  # the other common step: the price; spare capacity looked up once per provider
            p, u = t.provider, t.user
            good = (p == frm or p == to) and (u == frm or u == to) and static_reason(t) is None
            if good and not t.build:
                good = self._now(t)
        else:
            good = all(p == frm or p == to for p in parties(t)) and self._now(t)
        econ = self.state.scenario.economy
        cost, rate = econ.gw_build_cost, econ.loan_rate
        return (t, good, slot(t), False, _addends(t, frm, cost, rate), _addends(t, to, cost, rate))


def profile(terms: tuple[Term, ...], frm: Seat, to: Seat, build_cost: float, rate: float) -> tuple | None:
    """``notes`` for one package: None where its state-free part fails, else (what it commits ``frm`` to pay,
    what it commits ``to`` to, its terms whose verdict reads the state)."""
    if not (0 < len(terms) <= MAX_TERMS and frm != to):
        return None
    parts = _parts_of(frm, to, build_cost, rate)
    live: list[Term] = []
    slots, only_cash = [], True
    need_frm = need_to = 0.0
    for t in terms:
        part = parts.get(id(t))
        if part is None or part[0] is not t:
            part = _part(parts, t, frm, to, build_cost, rate)
        _, good, key, cash, reads, for_frm, for_to = part
        if not good or key in slots:
            return None
        slots.append(key)
        only_cash = only_cash and cash
        if reads:
            live.append(t)
        for x in for_frm:
            need_frm += x
        for x in for_to:
            need_to += x
    return None if only_cash else (need_frm, need_to, tuple(live))


_UNSET = object()  # a profile not worked out yet (None is a profile: the package fails whatever the state)


def notes(counters: tuple, frm: Seat, to: Seat, build_cost: float, rate: float) -> tuple:
    """The state-free part of ``PackageCheck.ok``'s verdict on each counter's package, for the pair (``frm``,
    ``to``): (what each package commits ``frm`` to pay (None where the state-free part fails), what it
    commits ``to`` to, the places in ``live`` of its terms whose verdict reads the state, those terms ``live``).
    The commitments are summed term by term in the package's order from 0.0, as ``ok`` sums them, so they
    are its figures to the last bit. Plain numbers in flat tuples: the collector stops
    tracking those, so an entry kept for later answers costs its full passes next to nothing."""
    live: list[Term] = []
    places: dict[int, int] = {}  # id(term) -> its place in ``live`` (the packages share most of their terms)
    parts = _parts_of(frm, to, build_cost, rate)
    needs_frm: list[float | None] = []
    needs_to: list[float] = []
    reads: list[tuple[int, ...]] = []
    for counter in counters:
        terms = counter.terms
        need_frm = need_to = 0.0
        where, slots, only_cash, ok = [], [], True, 0 < len(terms) <= MAX_TERMS and frm != to
        for t in terms:
            if not ok:
                break
            part = parts.get(id(t))
            if part is None or part[0] is not t:
                part = _part(parts, t, frm, to, build_cost, rate)
            _, good, key, cash, read, for_frm, for_to = part
            if not good or key in slots:
                ok = False
                break
            slots.append(key)
            only_cash = only_cash and cash
            if read:
                index = places.get(id(t))
                if index is None:
                    index = places[id(t)] = len(live)
                    live.append(t)
                where.append(index)
            for x in for_frm:
                need_frm += x
            for x in for_to:
                need_to += x
        ok = ok and not only_cash
        needs_frm.append(need_frm if ok else None)
        needs_to.append(need_to if ok else 0.0)
        reads.append(tuple(where) if ok else ())
    return (tuple(needs_frm), tuple(needs_to), tuple(reads), tuple(live))


def _parts_of(frm: Seat, to: Seat, build_cost: float, rate: float) -> dict[int, tuple]:
    """The terms' parts (``_part``) worked out so far for the pair and economy, by id(term): the same terms
    come back in package after package (a cash step, the terms of an opener), game after game."""
    key = (frm, to, build_cost, rate)
    parts = _PARTS.get(key)
    if parts is None or len(parts) >= 2_000:  # a game's terms and then some: twelve pairs keep ~24,000 at most
        if len(_PARTS) >= 24:
            _PARTS.clear()
        parts = _PARTS[key] = {}
    return parts


#: (frm, to, build cost, loan rate) -> {id(term): ``_part``} (an entry holds its term: the id stays its own)
_PARTS: dict[tuple, dict[int, tuple]] = {}


def _part(parts: dict[int, tuple], t: Term, frm: Seat, to: Seat, build_cost: float, rate: float) -> tuple:
    """One term's state-free part, kept in ``parts``: (the term, whether it passes, its slot, whether it is
    cash, whether its verdict reads the state, what it commits ``frm`` to, what it commits ``to`` to:
    ``_addends``). Cash and compute, most of the counters' terms, are written out."""
    tt = type(t)
    if tt is Cash:
        g, k, amount = t.giver, t.taker, t.amount
        good = (g == frm or g == to) and (k == frm or k == to) and _cash_on_grid(amount) and g != k
        part = (t, good, _CASH_SLOT, True, False, (amount if g == frm else -amount if k == frm else 0.0,),
                (amount if g == to else -amount if k == to else 0.0,))
    elif tt is Compute:
        p, u, build = t.provider, t.user, t.build
        good = (p == frm or p == to) and (u == frm or u == to) and static_reason(t) is None
        lease = t.gw * t.price * t.quarters
        part = (t, good, _COMPUTE_SLOT, False, good and not build,
                ((lease,) if u == frm else ()) + ((t.gw * build_cost,) if p == frm and build else ()),
                ((lease,) if u == to else ()) + ((t.gw * build_cost,) if p == to and build else ()))
    else:
        good = True
        for p in parties(t):
            if p != frm and p != to:
                good = False
                break
        part = (t, good, slot(t), False, good, _addends(t, frm, build_cost, rate), _addends(t, to, build_cost, rate))
    parts[id(t)] = part
    return part


#: on_grid("cash", amount) by amount: the counters move the same few cash amounts around all game
_CASH_ON_GRID: dict[float, bool] = {}


def _cash_on_grid(amount: float) -> bool:
    grid = _CASH_ON_GRID.get(amount)
    if grid is None:
        grid = on_grid("cash", amount)
        if len(_CASH_ON_GRID) < 10_000:
            _CASH_ON_GRID[amount] = grid
    return grid


def _addends(t: Term, seat: Seat, build_cost: float, rate: float) -> tuple[float, ...]:
    """What ``commitments`` adds for term ``t`` and ``seat``, in its order (nothing where it adds nothing)."""
    tt = type(t)
    if tt is Cash:
        return (t.amount if t.giver == seat else -t.amount if t.taker == seat else 0.0,)
    if tt is Compute:
        return ((t.gw * t.price * t.quarters,) if t.user == seat else ()) + \
            ((t.gw * build_cost,) if t.provider == seat and t.build else ())
    if tt is Loan:
        if t.lender == seat:
            return (t.amount,)
        return (t.amount * rate * t.quarters,) if t.borrower == seat else ()
    if tt is Venture and t.seat == seat:
        return (t.amount,)
    return ()
