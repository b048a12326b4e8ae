"""Deal terms: the pieces a package is made of (rules v2).

A package (``Propose`` / ``Counter`` in ``choices``) bundles up to
``MAX_TERMS`` terms between two companies. Each term is a frozen value with
its own quantities at the real scale of the facts (GW x quarters of compute
at a price per GW-quarter, percentage points of stake, quarters of IP
access, $B of cash), and one small class per kind says who may give it, why
it is not legal now, what it costs whom, and what it does when signed::

    cash MSFT>OAI 10                     Microsoft pays OpenAI $10B at signing
    compute ORCL>OAI 1.5GW 8q @2.2       Oracle supplies 1.5 GW to OpenAI for 8 quarters at $2.2B/GW/q
    compute ORCL>OAI 2GW 12q @2 build    ... from capacity Oracle starts building now (online after the lag)
    stake OAI>SB 5%                      OpenAI issues 5% of its equity to SoftBank (existing holders diluted)
    consent MSFT>OAI 30%                 Microsoft consents to the conversion; its stake becomes 30% then
    ip OAI>MSFT 8q                       Microsoft's IP access is extended by 8 quarters
    agi OAI>MSFT panel | drop            the AGI clause needs an expert panel / is dropped
    revshare MSFT>OAI 10%                the revenue share becomes 10% (the side that concedes gives)
    release MSFT>OAI exclusivity | rofr  Microsoft releases API exclusivity / its right of first refusal
    delivery OAI>MSFT 4q                 OpenAI promises on-time models for 4 quarters (NOT enforced)
    info MSFT>OAI 4q                     both share private figures for 4 quarters
    loan SB>OAI 20 8q                    SoftBank lends OpenAI $20B for 8 quarters at the loan rate
    venture SB 10                        SoftBank puts $10B into the Stargate venture

Quantities live on fixed grids (``GRID``) so the notation round-trips
exactly and a person can type it. ``str(term)`` is the notation;
``parse_term`` reads it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Union

from .errors import InvalidChoiceError
from .seats import Seat
from .capacity import spare_compute
from .state import Agi, GameState

M, O, S, R = Seat.MICROSOFT, Seat.OPENAI, Seat.SOFTBANK, Seat.ORACLE
MAX_TERMS = 6

#: (step, low, high) of every quantity; values off the grid are not legal
GRID: dict[str, tuple[float, float, float]] = {
    "cash": (0.5, 0.5, 500.0), "gw": (0.25, 0.25, 10.0), "price": (0.1, 0.5, 8.0), "quarters": (1, 1, 24),
    "stake": (0.5, 0.5, 40.0), "consent": (0.5, 10.0, 60.0), "revshare": (1.0, 0.0, 30.0),
    "loan": (1.0, 1.0, 200.0), "venture": (1.0, 1.0, 200.0),
}
KINDS = ("consent", "compute", "stake", "ip", "agi", "revshare", "release", "delivery", "info", "loan", "venture",
         "cash")
RELEASES = ("exclusivity", "rofr")
AGI_OPTIONS = ("panel", "drop")


def on_grid(name: str, value: float) -> bool:
    """Whether ``value`` is one of the grid points of quantity ``name``."""
    step, lo, hi = GRID[name]
    if not lo - 1e-9 <= value <= hi + 1e-9:
        return False
    n = round(value / step)
    return abs(n * step - value) < 1e-9


def snap(name: str, value: float) -> float:
    """The nearest grid point of quantity ``name`` (for agents and the UI composing terms)."""
    step, lo, hi = GRID[name]
    v = min(hi, max(lo, round(value / step) * step))
    return int(v) if step >= 1 and float(v).is_integer() else round(v, 4)


def num(value: float) -> str:
    """Canonical text of a quantity: ``10``, ``2.5``, ``0.25``."""
    return f"{value:g}"


def _pair(a: Seat, b: Seat) -> str:
    if type(a) is Seat is type(b):  # the notation of every term names its pair: from a table
        return _PAIRS[a, b]
    return f"{a.code}>{b.code}"


_PAIRS = {(a, b): f"{a.code}>{b.code}" for a in Seat for b in Seat}


# ------------------------------------------------------------ the terms
@dataclass(frozen=True, slots=True)
class Cash:
    """``giver`` pays ``taker`` ``amount`` $B at signing: the price of the rest of the package."""

    giver: Seat
    taker: Seat
    amount: float

    def __str__(self) -> str:
        return f"cash {_pair(self.giver, self.taker)} {self.amount:g}"  # {:g}: num(), inline


@dataclass(frozen=True, slots=True)
class Compute:
    """``provider`` supplies ``gw`` GW to ``user`` for ``quarters`` quarters; the user pays ``price`` $B per GW
    per quarter. With ``build`` the provider pays for new capacity now and the supply starts when it is
    online (the prepaid, dedicated capacity of the facts): the GW stay on the provider's book either way."""

    provider: Seat
    user: Seat
    gw: float
    quarters: int
    price: float
    build: bool = False

    def __str__(self) -> str:
        return (f"compute {_pair(self.provider, self.user)} {self.gw:g}GW {self.quarters}q @{self.price:g}"
                + (" build" if self.build else ""))


@dataclass(frozen=True, slots=True)
class Stake:
    """OpenAI issues ``pct`` percent of its equity to ``holder``; every existing holder is diluted."""

    holder: Seat
    pct: float

    def __str__(self) -> str:
        return f"stake {_pair(O, self.holder)} {self.pct:g}%"


@dataclass(frozen=True, slots=True)
class Consent:
    """Microsoft consents to OpenAI's conversion; at conversion its capped claim becomes a ``pct`` percent stake."""

    pct: float

    def __str__(self) -> str:
        return f"consent {_pair(M, O)} {self.pct:g}%"


@dataclass(frozen=True, slots=True)
class Ip:
    """OpenAI extends Microsoft's access to its models by ``quarters`` quarters."""

    quarters: int

    def __str__(self) -> str:
        return f"ip {_pair(O, M)} {self.quarters}q"


@dataclass(frozen=True, slots=True)
class AgiClause:
    """``panel``: an AGI declaration must pass an expert panel (a higher bar, no dispute needed);
    ``drop``: the clause goes (a buy-out; a pending declaration lapses)."""

    option: str

    def __str__(self) -> str:
        return f"agi {_pair(O, M)} {self.option}"


@dataclass(frozen=True, slots=True)
class RevShare:
    """The share of OpenAI's revenue paid to Microsoft becomes ``pct`` percent. The side that concedes gives:
    Microsoft when the share falls, OpenAI when it rises."""

    giver: Seat
    pct: float

    def __str__(self) -> str:
        return f"revshare {_pair(self.giver, O if self.giver == M else M)} {self.pct:g}%"


@dataclass(frozen=True, slots=True)
class Release:
    """Microsoft releases OpenAI from API exclusivity on Azure, or gives up its right of first refusal."""

    right: str

    def __str__(self) -> str:
        return f"release {_pair(M, O)} {self.right}"


@dataclass(frozen=True, slots=True)
class Delivery:
    """OpenAI promises to deliver its models to Microsoft on time for ``quarters`` quarters.

    A promise, not a contract: the engine does not stop OpenAI delaying a model, but a broken promise is
    logged for all to see and costs trust with everyone."""

    quarters: int

    def __str__(self) -> str:
        return f"delivery {_pair(O, M)} {self.quarters}q"


@dataclass(frozen=True, slots=True)
class Info:
    """``a`` and ``b`` share their private figures with each other for ``quarters`` quarters."""

    a: Seat
    b: Seat
    quarters: int

    def __str__(self) -> str:
        return f"info {_pair(self.a, self.b)} {self.quarters}q"


@dataclass(frozen=True, slots=True)
class Loan:
    """``lender`` lends ``borrower`` ``amount`` $B for ``quarters`` quarters at the scenario's loan rate."""

    lender: Seat
    borrower: Seat
    amount: float
    quarters: int

    def __str__(self) -> str:
        return f"loan {_pair(self.lender, self.borrower)} {self.amount:g} {self.quarters}q"


@dataclass(frozen=True, slots=True)
class Venture:
    """``seat`` puts ``amount`` $B into the Stargate venture (Oracle builds; the capacity serves OpenAI)."""

    seat: Seat
    amount: float

    def __str__(self) -> str:
        return f"venture {self.seat.code} {self.amount:g}"


Term = Union[Cash, Compute, Stake, Consent, Ip, AgiClause, RevShare, Release, Delivery, Info, Loan, Venture]
KIND_OF: dict[type, str] = {Cash: "cash", Compute: "compute", Stake: "stake", Consent: "consent", Ip: "ip",
                            AgiClause: "agi", RevShare: "revshare", Release: "release", Delivery: "delivery",
                            Info: "info", Loan: "loan", Venture: "venture"}


_KIND_RANK: dict[type, int] = {t: KINDS.index(k) for t, k in KIND_OF.items()}


def kind(term: Term) -> str:
    return KIND_OF[type(term)]


def parties(term: Term) -> tuple[Seat, ...]:
    """The companies a term binds."""
    t = type(term)
    if t is Cash:
        return (term.giver, term.taker)
    if t is Compute:
        return (term.provider, term.user)
    if t is Stake:
        return (O, term.holder)
    if t is RevShare or t in (Consent, Ip, AgiClause, Release, Delivery):
        return (M, O)
    if t is Info:
        return (term.a, term.b)
    if t is Loan:
        return (term.lender, term.borrower)
    return (term.seat,)


def slot(term: Term) -> tuple:
    """Terms with the same slot cannot both be in one package (one price, one compute term, ...)."""
    t = type(term)
    if t is Release:
        return ("release", term.right)
    if t is Venture:
        return ("venture", int(term.seat))
    return (kind(term),)


def _order(term: Term) -> tuple:
    """Sort key: kind (``KINDS`` order), then the term's fields (the same kind has the same field types)."""
    t = type(term)
    return (_KIND_RANK[t], *(getattr(term, f) for f in t.__slots__))


def canonical(terms: tuple[Term, ...] | list[Term]) -> tuple[Term, ...]:
    """Terms in notation order: by kind (``KINDS``), then by their fields. A package's identity does not
    depend on the order it was typed in."""
    if len(terms) < 2 or kinds_in_order(terms):  # the common case: the fields never decide (no sort keys built)
        return tuple(terms)
    return tuple(sorted(terms, key=_order))


def kinds_in_order(terms: tuple[Term, ...] | list[Term]) -> bool:
    """Whether the terms' kinds are strictly in ``KINDS`` order (so they are in canonical order, and stay so
    when one term is swapped for another of its kind, one is dropped or cash is added after them)."""
    rank, last = _KIND_RANK, -1
    for t in terms:
        r = rank[type(t)]
        if r <= last:
            return False
        last = r
    return True


# ------------------------------------------------------------ notation
def _seat(token: str, text: str) -> Seat:
    try:
        return Seat.parse(token)
    except ValueError as exc:
        raise InvalidChoiceError(f"bad term {text!r}: {exc}") from None


def _pair_of(token: str, text: str) -> tuple[Seat, Seat]:
    a, sep, b = token.partition(">")
    if not sep:
        raise InvalidChoiceError(f"bad term {text!r}: expected GIVER>TAKER such as MSFT>OAI")
    return _seat(a, text), _seat(b, text)


def _number(token: str, text: str, suffix: str = "") -> float:
    body = token[:-len(suffix)] if suffix and token.lower().endswith(suffix) else token
    if suffix and body is token:
        raise InvalidChoiceError(f"bad term {text!r}: expected a number ending in {suffix!r}, got {token!r}")
    try:
        value = float(body)
    except ValueError:
        raise InvalidChoiceError(f"bad term {text!r}: {token!r} is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise InvalidChoiceError(f"bad term {text!r}: {token!r} is not a number")
    return int(value) if value.is_integer() else value


def _quarters(token: str, text: str) -> int:
    value = _number(token, text, "q")
    if not isinstance(value, int):
        raise InvalidChoiceError(f"bad term {text!r}: quarters must be whole, got {token!r}")
    return value


def _expect(tokens: list[str], n: int, text: str, shape: str) -> None:
    if len(tokens) != n:
        raise InvalidChoiceError(f"bad term {text!r}: expected '{shape}'")


def parse_term(text: str) -> Term:
    """Read one term from its notation (see the module doc); ``InvalidChoiceError`` on bad syntax."""
    tokens = text.split()
    if not tokens:
        raise InvalidChoiceError("empty term")
    head, rest = tokens[0].lower(), tokens[1:]
    if head == "cash":
        _expect(rest, 2, text, "cash GIVER>TAKER AMOUNT")
        a, b = _pair_of(rest[0], text)
        return Cash(a, b, _number(rest[1], text))
    if head == "compute":
        build = len(rest) == 5 and rest[4].lower() == "build"
        if not build:
            _expect(rest, 4, text, "compute PROVIDER>USER GW q @PRICE [build]")
        a, b = _pair_of(rest[0], text)
        if not rest[3].startswith("@"):
            raise InvalidChoiceError(f"bad term {text!r}: the price is written @PRICE")
        return Compute(a, b, _number(rest[1], text, "gw"), _quarters(rest[2], text), _number(rest[3][1:], text),
                       build)
    if head in ("stake", "consent", "revshare"):
        _expect(rest, 2, text, f"{head} GIVER>TAKER PCT%")
        a, b = _pair_of(rest[0], text)
        pct = _number(rest[1], text, "%")
        if head == "stake":
            if a != O:
                raise InvalidChoiceError(f"bad term {text!r}: only OpenAI issues stakes (OAI>HOLDER)")
            return Stake(b, pct)
        if head == "consent":
            if (a, b) != (M, O):
                raise InvalidChoiceError(f"bad term {text!r}: only Microsoft consents to OpenAI (MSFT>OAI)")
            return Consent(pct)
        if {a, b} != {M, O}:
            raise InvalidChoiceError(f"bad term {text!r}: the revenue share is between MSFT and OAI")
        return RevShare(a, pct)
    if head in ("ip", "delivery"):
        _expect(rest, 2, text, f"{head} OAI>MSFT Nq")
        if _pair_of(rest[0], text) != (O, M):
            raise InvalidChoiceError(f"bad term {text!r}: OpenAI gives this to Microsoft (OAI>MSFT)")
        q = _quarters(rest[1], text)
        return Ip(q) if head == "ip" else Delivery(q)
    if head == "agi":
        _expect(rest, 2, text, "agi OAI>MSFT panel|drop")
        if _pair_of(rest[0], text) != (O, M) or rest[1] not in AGI_OPTIONS:
            raise InvalidChoiceError(f"bad term {text!r}: expected 'agi OAI>MSFT panel' or 'agi OAI>MSFT drop'")
        return AgiClause(rest[1])
    if head == "release":
        _expect(rest, 2, text, "release MSFT>OAI exclusivity|rofr")
        if _pair_of(rest[0], text) != (M, O) or rest[1] not in RELEASES:
            raise InvalidChoiceError(f"bad term {text!r}: expected 'release MSFT>OAI exclusivity' or '... rofr'")
        return Release(rest[1])
    if head == "info":
        _expect(rest, 2, text, "info A>B Nq")
        a, b = _pair_of(rest[0], text)
        return Info(a, b, _quarters(rest[1], text))
    if head == "loan":
        _expect(rest, 3, text, "loan LENDER>BORROWER AMOUNT Nq")
        a, b = _pair_of(rest[0], text)
        return Loan(a, b, _number(rest[1], text), _quarters(rest[2], text))
    if head == "venture":
        _expect(rest, 2, text, "venture SEAT AMOUNT")
        return Venture(_seat(rest[0], text), _number(rest[1], text))
    raise InvalidChoiceError(f"bad term {text!r}: unknown kind {head!r} (kinds: {', '.join(KINDS)})")


# ------------------------------------------------------------ legality of one term
@lru_cache(maxsize=8192)
def static_reason(term: Term) -> Optional[str]:
    """What is wrong with ``term`` whatever the state (quantities off the grid, a company dealing with
    itself), or ``None``. Terms are frozen values, so the answer is cached: the same template term is
    checked once, however many packages it appears in."""
    t = type(term)
    if t is Cash:
        return _grid_or(("cash", term.amount)) or _distinct(term.giver, term.taker)
    if t is Compute:
        if term.provider == term.user:
            return "a company cannot lease to itself"
        if term.user not in (M, O):
            return "only OpenAI and Microsoft run models on leased capacity"
        return _grid_or(("gw", term.gw), ("quarters", term.quarters), ("price", term.price))
    if t is Stake:
        return "OpenAI cannot take a stake in itself" if term.holder == O else _grid_or(("stake", term.pct))
    if t is Consent:
        return _grid_or(("consent", term.pct))
    if t in (Ip, Delivery):
        return _grid_or(("quarters", term.quarters))
    if t is RevShare:
        return _grid_or(("revshare", term.pct))
    if t is Info:
        return _grid_or(("quarters", term.quarters)) or _distinct(term.a, term.b)
    if t is Loan:
        return _grid_or(("loan", term.amount), ("quarters", term.quarters)) or _distinct(term.lender, term.borrower)
    if t is Venture:
        return _grid_or(("venture", term.amount))
    return None


def why_not_term(state: GameState, term: Term) -> Optional[str]:
    """``None`` if ``term`` could be part of a package now (money aside), else the reason."""
    bad = static_reason(term)
    if bad:
        return bad
    t = type(term)
    if t is Compute:
        if not term.build:
            spare = spare_compute(state, term.provider)
            if spare < term.gw - 1e-9:
                return f"{term.provider.label} has {spare:.2f} GW spare (build it: add 'build')"
        return None
    if t is Stake:
        if term.holder == M and not state.converted:  # new units for a capped holder would only dilute the others
            return "Microsoft holds a capped profit share until OpenAI converts: it takes no new equity before then"
        held = state.stakes[M][O] + state.stakes[S][O] + state.stakes[R][O] + state.outside
        if held + term.pct / 100 > 0.9 + 1e-9:
            return "OpenAI would keep less than 10% of itself"
        return None
    if t is Consent:
        if state.converted:
            return "OpenAI has already converted"
        if state.consent > 0:
            return "Microsoft has already consented"
        others = state.stakes[S][O] + state.stakes[R][O] + state.outside + state.scenario.terms.foundation_stake
        if others + term.pct / 100 > 0.9 + 1e-9:
            return "that stake leaves OpenAI less than 10% after conversion"
        return None
    if t is Ip or t is Delivery:
        return None if state.ip_access else "Microsoft's IP access has ended"
    if t is AgiClause:
        if state.agi is Agi.UPHELD:
            return "AGI has been upheld: the clause has done its work"
        if state.agi_clause == "dropped":
            return "the AGI clause was dropped"
        if term.option == "panel" and state.agi_clause == "panel":
            return "an expert panel already decides"
        return None
    if t is RevShare:
        if state.agi is Agi.UPHELD or not state.ip_access:
            return "the revenue share ended with Microsoft's access"
        cur = round(state.revenue_share * 100, 6)
        if abs(term.pct - cur) < 1e-9:
            return "the revenue share is already that"
        if (term.pct < cur) != (term.giver == M):
            return "the side that concedes gives: Microsoft lowers the share, OpenAI raises it"
        return None
    if t is Release:
        if not (state.exclusivity if term.right == "exclusivity" else state.rofr):
            return f"the {'API exclusivity' if term.right == 'exclusivity' else 'ROFR'} is already released"
        return None
    if t is Info:
        return "a pact is already in force" if state.info_until[term.a][term.b] > state.quarter else None
    if t is Venture:
        return None if state.stargate else "Stargate has not been announced"
    return None


def _grid_or(*pairs: tuple[str, float]) -> Optional[str]:
    for name, value in pairs:
        if not on_grid(name, value):
            step, lo, hi = GRID[name]
            return f"{name} must be between {num(lo)} and {num(hi)} in steps of {num(step)}, got {num(value)}"
    return None


def _distinct(a: Seat, b: Seat) -> Optional[str]:
    return "the two sides must be different companies" if a == b else None
