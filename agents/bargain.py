"""Bargaining over packages: what a package is worth to each side, and at what price.

The thinking agents share one way to deal (rules v2):

1. **appraise** a package in growth points (``lookahead.points``: 100 x
   value / start value, the score before par) for both sides: play it on the
   agent's worlds (``Lookahead``: the package is put and accepted, the other
   seats reply, the game rolls on a few quarters) against not dealing;
2. **price** it with cash. A dollar is worth ``cash_rate`` points to a seat
   (cash is value), so cash moves points between the two sides exactly. The
   price splits the gain in *dollars*: a point is worth more dollars to a
   big company than to a small one, and a split in points sent money to the
   big seats. An opening offer asks for more than half;
3. **compose**: single terms first (the observation's openers, stripped of
   their reference price), then pairs of the best of them (a consent traded
   for an IP extension, compute for a stake, ...), then the best package at
   a larger or smaller size;
4. **concede**: the share an agent asks for falls as the quarter's exchanges
   run out (alternating offers under a deadline, as in ANAC's negotiators),
   and its last word leaves the other side a visible gain.

Appraisals are estimates from the agent's own view and beliefs; the
rationale says what the agent expects in words and points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol, Sequence

from game.rules import (SEATS, Cash, Compute, Consent, GameState, Loan, Observation, Propose, RevShare, Seat, Stake,
                        Term, Venture, canonical, exchanges_left, kind, legal_openers, openai_value, revenue_multiple,
                        slot, snap, why_not_package, with_cash)

from .lookahead import ACCEPT, PASS, REJECT, Lookahead, Scores


class Dealer(Protocol):
    """What bargaining needs of an agent: its seat, its lookahead and how it values scores."""

    seat: Seat
    look: Lookahead

    def value(self, sc: Scores) -> float: ...

MIN_SURPLUS = 0.5     # $B of joint surplus below which a package is not worth the talk
OPEN_SHARE = 0.35     # share of the surplus an opening offer hands the other side
LAST_MARGIN = 0.4     # points a last word leaves the other side


def cash_rate(view: GameState, seat: Seat) -> float:
    """Points one $B is worth to ``seat`` (exact: ``lookahead.points`` is 100 x value / start value)."""
    co = view.companies[seat]
    return 100.0 / max(co.value_start, 1e-9)


@dataclass(frozen=True, slots=True)
class Appraisal:
    """A package (without cash) and what it is worth to each side, in points."""

    to: Seat
    terms: tuple[Term, ...]
    mine: float
    theirs: float
    scores: Scores

    def surplus(self, k_me: float, k_them: float) -> float:
        """Joint gain in $B (what the pair could share out with cash)."""
        return self.mine / k_me + self.theirs / k_them


@dataclass(frozen=True, slots=True)
class Priced:
    """A package with its cash, and the gains it leaves each side after the cash (points)."""

    to: Seat
    terms: tuple[Term, ...]
    mine: float
    theirs: float

    @property
    def choice(self) -> Propose:
        return Propose(self.to, self.terms)


def strip_cash(terms: Sequence[Term]) -> tuple[Term, ...]:
    return canonical([t for t in terms if type(t) is not Cash])


def cash_to(terms: Sequence[Term], me: Seat) -> float:
    """$B ``me`` receives through the package's cash term (negative when it pays)."""
    for t in terms:
        if type(t) is Cash:
            return t.amount if t.taker == me else -t.amount
    return 0.0


def scaled(terms: tuple[Term, ...], factor: float) -> tuple[Term, ...] | None:
    """The package with its main quantity scaled (compute GW, stake, loan, venture), or None if none scales."""
    out, changed = [], False
    for t in terms:
        tt = type(t)
        if tt is Compute:
            gw = snap("gw", t.gw * factor)
            changed |= gw != t.gw
            out.append(Compute(t.provider, t.user, gw, t.quarters, t.price, t.build))
        elif tt is Stake:
            pct = snap("stake", t.pct * factor)
            changed |= pct != t.pct
            out.append(Stake(t.holder, pct))
        elif tt is Loan:
            amount = snap("loan", t.amount * factor)
            changed |= amount != t.amount
            out.append(Loan(t.lender, t.borrower, amount, t.quarters))
        elif tt is Venture:
            amount = snap("venture", t.amount * factor)
            changed |= amount != t.amount
            out.append(Venture(t.seat, amount))
        elif tt is Consent:
            pct = snap("consent", t.pct + (5.0 if factor > 1 else -5.0))
            changed |= pct != t.pct
            out.append(Consent(pct))
        else:
            out.append(t)
    return canonical(out) if changed else None


def describe(terms: Sequence[Term]) -> str:
    """A package in short plain words for rationales."""
    return "; ".join(str(t) for t in terms)


class Bargain:
    """Appraises, composes and prices packages for one agent (its worlds, its lookahead, its utility)."""

    def __init__(self, agent: Dealer) -> None:
        self.agent = agent

    # ------------------------------------------------------------ appraisal
    def base(self, worlds: list[GameState]) -> Scores:
        return self.agent.look.mean_after(worlds, self.agent.seat, [PASS])

    def appraise(self, worlds: list[GameState], base: Scores, to: Seat, terms: tuple[Term, ...]) -> Appraisal:
        """Gains (points, utility for me) if ``to`` signs ``terms`` now, against passing."""
        me = self.agent.seat
        sc = self.agent.look.mean_after(worlds, me, [Propose(to, terms), ACCEPT])
        mine = self.agent.value(sc) - self.agent.value(base)
        return Appraisal(to, terms, mine, sc[to] - base[to], sc)

    def appraise_answer(self, worlds: list[GameState], obs: Observation) -> tuple[float, float]:
        """(my gain, the proposer's gain) if I accept the package on the table, against rejecting."""
        me, frm = self.agent.seat, obs.pending.frm
        acc = self.agent.look.mean_after(worlds, me, [ACCEPT])
        rej = self.agent.look.mean_after(worlds, me, [REJECT])
        return self.agent.value(acc) - self.agent.value(rej), acc[frm] - rej[frm]

    # ------------------------------------------------------------ composing
    def candidates(self, obs: Observation, to: Seat) -> list[tuple[Term, ...]]:
        """Single-term packages worth appraising for ``to`` (the observation's openers, without cash)."""
        seen, out = set(), []
        for p in legal_openers(obs.view, obs.seat, to):
            bare = strip_cash(p)
            if bare and bare not in seen:
                seen.add(bare)
                out.append(bare)
        return out

    def compose(self, obs: Observation, worlds: list[GameState], base: Scores, to: Seat,
                keep: int = 3) -> list[Appraisal]:
        """Appraised packages for ``to``, best joint surplus first: singles, pairs of the best, one resize."""
        view, me = obs.view, obs.seat
        k_me, k_them = self.rates(view, to)
        singles = [self.appraise(worlds, base, to, t) for t in self.candidates(obs, to)]
        singles.sort(key=lambda a: -a.surplus(k_me, k_them))
        pool = list(singles[:keep + 1])
        useful = [a for a in singles[:6] if a.mine > 0 or a.theirs > 0]
        for i, a in enumerate(useful):
            for b in useful[i + 1:]:
                if {slot(t) for t in a.terms} & {slot(t) for t in b.terms}:
                    continue
                terms = canonical(a.terms + b.terms)
                if why_not_package(view, me, to, terms) is None:
                    pool.append(self.appraise(worlds, base, to, terms))
        pool.sort(key=lambda a: -a.surplus(k_me, k_them))
        if pool and pool[0].surplus(k_me, k_them) > MIN_SURPLUS:
            best = pool[0]
            for factor in (2.0, 0.5):
                terms = scaled(best.terms, factor)
                if terms and why_not_package(view, me, to, terms) is None:
                    pool.append(self.appraise(worlds, base, to, terms))
            pool.sort(key=lambda a: -a.surplus(k_me, k_them))
        return [a for a in pool[:keep] if a.surplus(k_me, k_them) > MIN_SURPLUS]

    # ------------------------------------------------------------ pricing
    def rates(self, view: GameState, other: Seat) -> tuple[float, float]:
        return cash_rate(view, self.agent.seat), cash_rate(view, other)

    def price(self, view: GameState, a: Appraisal, share_them: float, floor_them: float = 0.0) -> Priced | None:
        """``a`` with a price that leaves the other side ``share_them`` of the joint surplus (and at least
        ``floor_them`` points): cash, or, where the payer is short of cash, payment in kind (OpenAI in equity
        or in revenue share, Microsoft in revenue share). None if nothing the two can pay makes it legal."""
        me, to = self.agent.seat, a.to
        k_me, k_them = self.rates(view, to)
        r = share_them / max(1e-9, 1.0 - share_them)
        # $B from me to them so that, in dollars, theirs = r x mine after it. The split is in dollars, not in
        # points: a point is worth more dollars to a big company than to a small one.
        pay = (r * a.mine / k_me - a.theirs / k_them) / (1.0 + r)
        if a.theirs + pay * k_them < floor_them:
            pay = (floor_them - a.theirs) / k_them
        for shrink in (1.0, 0.75, 0.5, 0.0):
            c = pay * shrink if pay > 0 else pay
            terms = with_cash(a.terms, me, to, c)
            if why_not_package(view, me, to, terms) is None:
                c = -cash_to(terms, me)   # what the grid made of it
                return Priced(to, terms, a.mine - c * k_me, a.theirs + c * k_them)
            kind_terms = in_kind(view, a.terms, me if c > 0 else to, to if c > 0 else me, abs(c))
            if kind_terms is not None and why_not_package(view, me, to, kind_terms) is None:
                return Priced(to, kind_terms, a.mine - c * k_me, a.theirs + c * k_them)
        return None

    def ask_share(self, obs: Observation, other: Seat) -> float:
        """Share of the surplus to hand the other side now: it grows as the quarter's exchanges run out."""
        left = exchanges_left(obs.view, obs.seat, other)
        return OPEN_SHARE if left >= 3 else 0.42 if left == 2 else 0.5

    def counter(self, obs: Observation, worlds: list[GameState], mine: float, theirs: float) -> Priced | None:
        """My counter to the package on the table: the same terms, the cash moved so the other side keeps
        the share I now offer (its last word when no exchange would be left after it)."""
        view, p = obs.view, obs.pending
        other = p.frm
        k_me, k_them = self.rates(view, other)
        received = cash_to(p.terms, self.agent.seat)
        bare_mine, bare_theirs = mine - received * k_me, theirs + received * k_them
        a = Appraisal(other, strip_cash(p.terms), bare_mine, bare_theirs, (0.0, 0.0, 0.0, 0.0))
        if not a.terms or a.surplus(k_me, k_them) <= MIN_SURPLUS:
            return None
        last = exchanges_left(view, self.agent.seat, other) <= 1
        share = max(self.ask_share(obs, other), 0.5 if last else 0.0)
        priced = self.price(view, a, share, LAST_MARGIN if last else 0.0)
        if priced is None or priced.terms == p.terms:
            return None
        return priced


def in_kind(view: GameState, terms: tuple[Term, ...], payer: Seat, payee: Seat, amount: float) -> tuple[Term, ...] | None:
    """``terms`` paid for with ``amount`` $B worth of something other than cash, where the package has room:
    OpenAI pays in new equity (to anyone) or a higher revenue share (to Microsoft); Microsoft pays OpenAI by
    lowering the revenue share. None when neither side has such a currency."""
    if amount < 0.5 or any(type(t) in (Stake, RevShare) for t in terms):
        return None
    rest = strip_cash(terms)
    O_, M_ = Seat.OPENAI, Seat.MICROSOFT
    point = 0.01 * view.companies[O_].revenue * revenue_multiple(view)     # $B a point of revenue share is worth
    share = round(view.revenue_share * 100)
    if payer == O_ and payee == M_ and point > 0 and share < 30:
        pts = min(30, share + max(1, math.ceil(amount / point)))
        return canonical(rest + (RevShare(O_, float(pts)),))
    if payer == O_ and payee != O_:
        pct = snap("stake", 100.0 * amount / max(openai_value(view), 1.0))
        return canonical(rest + (Stake(payee, pct),))
    if payer == M_ and payee == O_ and point > 0 and share > 0:
        pts = max(0, share - max(1, math.ceil(amount / point)))
        return canonical(rest + (RevShare(M_, float(pts)),))
    return None


def seats_other_than(me: Seat) -> list[Seat]:
    return [s for s in SEATS if s != me]


def short(terms: Sequence[Term]) -> str:
    """The package's non-cash kinds, for compact rationales: ``consent + ip``."""
    kinds = [kind(t) for t in terms if type(t) is not Cash]
    return " + ".join(kinds) if kinds else "cash"
