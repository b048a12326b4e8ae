"""The game state: one point in a game, cheap to copy.

Everything is plain numbers and short lists indexed by ``Seat``, so
``GameState.copy()`` is a handful of list copies (a planner copies a state
thousands of times per decision). Contracts and proposals are frozen value
objects shared between copies. ``digest()`` hashes the state's numbers and the
text of the rest, never Python's ``hash``, so it is the same in every process.
"""

from __future__ import annotations

import hashlib
import struct
import sys
from dataclasses import dataclass
from enum import Enum
from operator import attrgetter
from typing import Any

import numpy as np

from .scenario import quarter_label
from .seats import Seat


class Phase(str, Enum):
    """Which question the engine is asking next."""

    PROPOSE = "propose"      # a seat may open a negotiation with a package, or pass
    RESPOND = "respond"      # the side facing the package accepts, rejects or counters with another
    ROFR = "rofr"            # Microsoft may take a rival's compute deal with OpenAI under its ROFR
    ACT = "act"              # every seat picks a move (and may change its capex), simultaneously
    OVER = "over"


class Agi(str, Enum):
    """Status of the AGI clause (fact F6)."""

    NONE = "none"
    DECLARED = "declared"
    DISPUTED = "disputed"
    UPHELD = "upheld"
    REJECTED = "rejected"


_OVER = Phase.OVER  # a global: an Enum member looked up on its class costs more (is_over runs at every decision)


@dataclass(frozen=True, slots=True)
class Offer:
    """A package on the table: ``frm`` offered ``terms`` (see ``terms.py``) to ``to``, who must answer."""

    frm: Seat
    to: Seat
    terms: tuple[Any, ...]

    def text(self) -> str:
        return "; ".join(map(str, self.terms))


@dataclass(frozen=True, slots=True)
class Contract:
    """An obligation in force that the engine carries out each quarter from ``start`` until ``end``.

    ``kind``: ``compute`` (``a`` supplies ``gw`` GW to ``b``, who pays ``price`` a GW-quarter; ``build``: from
    capacity built for it), ``outside-cloud`` (OpenAI rents ``gw`` from clouds outside the game at
    ``amount`` a quarter), ``loan`` (``a`` lent ``b`` ``amount``), ``delivery`` (``a`` promised ``b`` on-time
    models: not enforced), ``info`` (``a`` and ``b`` share private figures)."""

    kind: str
    a: Seat
    b: Seat
    start: int
    end: int
    gw: float = 0.0
    amount: float = 0.0
    price: float = 0.0
    build: bool = False

    def describe(self) -> str:
        """A one-line description for ledgers and logs."""
        if self.kind == "compute":
            return (f"compute {self.a.label}->{self.b.label} {self.gw:g} GW at ${self.price:g}B/GW/q"
                    + (" (built to order)" if self.build else ""))
        if self.kind == "outside-cloud":
            return f"outside cloud for {self.b.label} {self.gw:g} GW at ${self.amount:g}B/q"
        if self.kind == "loan":
            return f"loan {self.a.label}->{self.b.label} ${self.amount:g}B"
        return f"{self.kind} {self.a.label}->{self.b.label}"

    def encode(self) -> list[Any]:
        return [self.kind, int(self.a), int(self.b), self.start, self.end, self.gw, self.amount, self.price,
                self.build]


class Company:
    """One company's figures. ``capability`` is private to its owner for
    OpenAI (its true model quality) and Microsoft (its plan-B models)."""

    __slots__ = ("seat", "cash", "debt", "compute_owned", "pipeline", "capability", "users", "reach",
                 "revenue", "capex_level", "training_share", "azure_to_openai", "delivered", "value",
                 "value_start")

    def __init__(self, seat: Seat) -> None:
        self.seat = seat
        self.cash = 0.0
        self.debt = 0.0
        self.compute_owned = 0.0
        self.pipeline: list[tuple[int, float]] = []  # (quarter online, GW)
        self.capability = 0.0
        self.users = 0.0
        self.reach = 0.0
        self.revenue = 0.0
        self.capex_level = 0
        self.training_share = 0.5
        self.azure_to_openai = 0.0
        self.delivered = 0.0
        self.value = 0.0
        self.value_start = 0.0

    def copy(self) -> "Company":  # replaced below by a generated, unrolled copier
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        return {name: (self.pipeline if name == "pipeline" else getattr(self, name))
                for name in Company.__slots__}


class GameState:
    """A whole game at one decision point. Mutated only through ``engine.apply``."""

    __slots__ = (
        "scenario", "seed", "quarter", "phase", "talk", "slot", "pending",
        "companies", "trust", "stakes", "outside", "contracts", "venture_paid", "venture_gw",
        "venture_pipeline", "converted", "consent", "deadline_passed", "agi", "agi_clause", "agi_declared_at",
        "exclusivity", "rofr", "ip_horizon", "ip_access", "revenue_share", "sb_pledge", "stargate", "delayed",
        "frontier", "signal", "plan_b_signal", "info_until", "delivery_until", "antitrust_until",
        "actions", "talk_count", "log", "external", "rofr_offer", "shortfalls", "broken", "sb_released", "history",
        "log_hash", "log_hashed", "seen_values", "order_shift",
    )

    def copy(self) -> "GameState":  # replaced below by a generated, unrolled copier
        """A deep-enough copy: lists are copied, frozen values are shared."""
        raise NotImplementedError

    def __getstate__(self) -> dict[str, Any]:
        """What pickling takes (an agent process's view): every slot but the log's running hash, a hash object
        that does not pickle (``log_digest`` works it out again where it is asked for)."""
        state = {name: getattr(self, name) for name in GameState.__slots__ if hasattr(self, name)}
        state["log_hash"], state["log_hashed"] = "", 0
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            setattr(self, name, value)

    # ------------------------------------------------------------ helpers
    def co(self, seat: Seat) -> Company:
        return self.companies[seat]

    def label(self) -> str:
        """Calendar label of the current quarter (``scenario.label`` written out: every observation has one)."""
        sc, q = self.scenario, self.quarter
        last = sc.quarters - 1
        return quarter_label(sc.start_year, sc.start_quarter, q if q < last else last)

    def is_over(self) -> bool:
        return self.phase is _OVER

    def sees_private(self, viewer: Seat, owner: Seat) -> bool:
        """Whether ``viewer`` may see ``owner``'s private figures (own seat or an info-sharing pact)."""
        return viewer == owner or self.info_until[viewer][owner] > self.quarter

    def note(self, text: str) -> None:
        """Append a line to the public log."""
        self.log.append(text)

    # ------------------------------------------------------------ encoding
    def to_dict(self) -> dict[str, Any]:
        """A canonical, JSON-ready dict of the whole state (hidden parts included; the log as its hash)."""
        return self._to_dict(())

    def _to_dict(self, skip: tuple[str, ...]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in GameState.__slots__:
            if name in ("log", "log_hash", "log_hashed", "seen_values") or name in skip:  # the log by its hash
                continue
            if name == "order_shift" and not self.order_shift:  # absent when Microsoft opens (older replays)
                continue
            v = getattr(self, name)
            if name == "scenario":
                v = self.scenario.digest
            elif name == "companies":
                v = [c.to_dict() for c in v]
            elif name in ("contracts", "history"):
                v = [c.encode() for c in v]
            elif name in ("pending", "rofr_offer"):
                v = None if v is None else [int(v.frm), int(v.to), [str(t) for t in v.terms]]
            elif name == "actions":
                v = [None if a is None else str(a) for a in v]
            out[name] = v
        out["log"] = self.log_digest()
        return out

    def log_digest(self) -> str:
        """A running hash of the public log: each line is hashed once, however long the game, and the hash is
        the same however the lines were batched (a SHA-256 over each line's length and bytes, in order).
        ``log_hash`` holds (the hash object, its hex digest): a copy of the state shares them, so the object
        is copied before more lines go in (no state ever changes another's)."""
        n = len(self.log)
        done = self.log_hashed
        if done != n:
            if done > n or not self.log_hash:  # none yet, or the log was cut (never done by the rules)
                h, done = hashlib.sha256(), 0
            else:
                h = self.log_hash[0].copy()
            parts: list[bytes] = []  # the new lines hashed in one update (the same digest as one at a time)
            add = parts.append
            for line in self.log[done:] if done else self.log:
                data = line.encode()  # UTF-8
                add(_pack_length(len(data)))  # ``len(data).to_bytes(4, "little")``, its arguments not parsed
                add(data)
            h.update(b"".join(parts))
            self.log_hash, self.log_hashed = (h, h.hexdigest()), n
        return self.log_hash[1] if self.log_hash else _EMPTY_LOG

    def digest(self) -> str:
        """A stable hex digest of the whole state (the log by its running hash, ``seen_values`` left out),
        the same in every process: the SHA-256 of two parts, the state's numbers as float64 bytes rounded to
        9 places (``_numbers``: the tables and figures, in a fixed order; little-endian, whatever the machine)
        and the ``repr`` of everything else
        (``_plain``: flags, words, ints, contracts, offers, the fault texts). The replay keeps one a quarter.

        Rules v2 before replay format 3 hashed a canonical JSON text, every float written out in decimals:
        a sixth of a game of cheap agents. Here the numbers are one numpy array, rounded and read as bytes
        at once, and the rest is text Python writes in C; a contract's part is worked out once."""
        h = hashlib.sha256(_plain_text(self).encode())  # UTF-8
        h.update(_rounded_bytes(_numbers(self)))
        return h.hexdigest()[:32]


def _make_copier(cls: type, how: dict[str, str], name: str = "copy") -> None:
    """Give ``cls`` a ``copy()`` (or another ``name``) with one assignment per slot, unrolled: a planner
    copies states thousands of times per decision, and a getattr/setattr loop
    costs several times more. ``how`` maps a slot to the expression copying it."""
    lines = [f"def {name}(self):", "    c = _new(_cls)"]
    lines += [f"    c.{n} = {how.get(n, 'self.' + n)}" for n in cls.__slots__]
    lines.append("    return c")
    env: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    exec("\n".join(lines), env)  # generated from the slot names above, nothing external
    env[name].__doc__ = getattr(cls, name).__doc__
    setattr(cls, name, env[name])


_make_copier(Company, {"pipeline": "self.pipeline[:]"})
_make_copier(GameState, {
    "companies": "[x.copy() for x in self.companies]",
    **{n: f"[r[:] for r in self.{n}]" for n in ("trust", "stakes", "info_until", "talk_count")},
    **{n: f"self.{n}[:]" for n in ("contracts", "venture_paid", "venture_pipeline", "actions", "log", "shortfalls",
                                    "broken", "history")},
})


_EMPTY_LOG = hashlib.sha256().hexdigest()  # the log digest of a state with no log lines (``log_digest``)
#: the numeric slots, each read as float64 (an int such as a quarter is exact there): a company's, the state's
#: scalars, then its tables (rows of four) and lists of numbers; ``test_properties`` holds every slot of both
#: classes to one part of the digest or the other, so a slot added later cannot be left out
_COMPANY_NUMBERS = ("cash", "debt", "compute_owned", "capability", "users", "reach", "revenue", "capex_level",
                    "training_share", "azure_to_openai", "delivered", "value", "value_start")
_STATE_NUMBERS = ("outside", "venture_gw", "consent", "revenue_share", "sb_pledge", "frontier", "signal",
                  "plan_b_signal", "external", "sb_released")
_TABLES = ("trust", "stakes", "info_until", "talk_count")
_company_numbers = attrgetter(*_COMPANY_NUMBERS)
_state_numbers = attrgetter(*_STATE_NUMBERS)
_tables = attrgetter(*_TABLES)
_PLAIN_SLOTS = ("seed", "quarter", "talk", "slot", "converted", "deadline_passed", "agi_clause", "agi_declared_at",
                "exclusivity", "rofr", "ip_horizon", "ip_access", "stargate", "delayed", "delivery_until",
                "antitrust_until", "order_shift")
_plain_slots = attrgetter(*_PLAIN_SLOTS)
#: every slot the digest reads in its own way (below), and those it leaves out
_OWN_WAY = ("scenario", "phase", "agi", "pending", "rofr_offer", "companies", "contracts", "history", "actions",
            "log", "shortfalls", "broken", "venture_paid", "venture_pipeline")
LEFT_OUT = ("log_hash", "log_hashed", "seen_values")
_np_array, _F64, _LE64 = np.array, np.float64, np.dtype("<f8")
_multiply, _rint, _divide, _add = np.multiply, np.rint, np.divide, np.add
_LITTLE = sys.byteorder == "little"
_pack_length = struct.Struct("<I").pack  # a log line's length, as ``len(data).to_bytes(4, "little")``


def _rounded_bytes(numbers: list) -> bytes:
    """``(np.round(np.array(numbers, dtype=float64), 9) + 0.0)`` as little-endian float64 bytes (+ 0.0: -0.0 is
    0.0). ``np.round`` to 9 places is numpy's multiply by 1e9, rint and true divide by 1e9, each into the
    array it made: here the same three ufuncs and the add, called into one array without its Python-level
    wrappers or new arrays (the digest runs once a quarter, cold, where each numpy layer costs several
    microseconds; ``test_properties`` holds the two ways to each other, byte for byte)."""
    a = _np_array(numbers, dtype=_F64)
    _multiply(a, 1e9, out=a)
    _rint(a, out=a)
    _divide(a, 1e9, out=a)
    _add(a, 0.0, out=a)
    return a.tobytes() if _LITTLE else a.astype(_LE64).tobytes()


def _numbers(s: GameState) -> list:
    """The state's numbers in the digest's order: each company's (``_COMPANY_NUMBERS``, then its pipeline's
    (quarter, GW) pairs), the scalars, the tables row by row, the venture's payments and pipeline."""
    out: list = []
    extend = out.extend
    for co in s.companies:
        extend(_company_numbers(co))
        for pair in co.pipeline:
            extend(pair)
    extend(_state_numbers(s))
    for table in _tables(s):
        for row in table:
            extend(row)
    extend(s.venture_paid)
    for pair in s.venture_pipeline:
        extend(pair)
    return out


def _plain(s: GameState) -> tuple:
    """Everything the digest reads that is not one of ``_numbers``, with the lengths that give those their
    shape (how many pipeline entries each company has, the venture's), as plain values."""
    return (s.scenario.digest, s.phase.value, s.agi.value, _plain_slots(s),
            [(int(co.seat), len(co.pipeline)) for co in s.companies], len(s.venture_pipeline),
            _offer_plain(s.pending), _offer_plain(s.rofr_offer),
            _contracts_text(s.contracts), _contracts_text(s.history),
            [None if a is None else str(a) for a in s.actions], s.log_digest(), s.shortfalls, s.broken)


def _plain_text(s: GameState) -> str:
    """``repr(_plain(s))``, with the two lists of contracts (most of its length: the ended contracts' grows
    all game) quoted from their kept text (``_contracts_repr``) instead of ``repr`` reading them again at
    every digest, a character at a time. A tuple's repr is its items' reprs joined by ", " in brackets, so
    the parts before and after them are written as two tuples of their own and spliced around them."""
    head = repr((s.scenario.digest, s.phase._value_, s.agi._value_, _plain_slots(s),  # ``.value``, no property
                 [(int(co.seat), len(co.pipeline)) for co in s.companies], len(s.venture_pipeline),
                 _offer_plain(s.pending), _offer_plain(s.rofr_offer)))
    tail = repr(([None if a is None else str(a) for a in s.actions], s.log_digest(), s.shortfalls, s.broken))
    return f"{head[:-1]}, {_contracts_repr(s.contracts)}, {_contracts_repr(s.history)}, {tail[1:]}"


def _offer_plain(offer: Offer | None) -> tuple | None:
    """A package on the table as the digest reads it: (from, to, the terms' notations)."""
    return None if offer is None else (int(offer.frm), int(offer.to), tuple(map(str, offer.terms)))


def _contracts_text(contracts: list[Contract]) -> str:
    """``repr`` of the contracts' ``encode()``s, each contract's worked out once (a contract is frozen, so its
    text never changes), and a list's text kept while the list only grows: the rules only ever append to a
    state's list of contracts or give the state a new one (``deals._OWED`` counts on the same), so a list that
    is the same object with the same contract where the text ended holds that text's contracts first."""
    return _contracts_entry(contracts)[3]


def _contracts_repr(contracts: list[Contract]) -> str:
    """``repr(_contracts_text(contracts))``: the text in the quotes ``repr`` would choose, where no character
    of it needs escaping (kept with the text, worked out from each contract's once), else ``repr`` itself."""
    entry = _contracts_entry(contracts)
    text, marks = entry[3], entry[4]
    if not marks & _ESCAPES and marks & _BOTH_QUOTES != _BOTH_QUOTES:
        return f'"{text}"' if marks & _SINGLE else f"'{text}'"
    return repr(text)


#: a text's marks, or-ed together over a list's contracts: a character ``repr`` would escape (not printable
#: ASCII, or a backslash), a ' and a "
_ESCAPES, _SINGLE, _DOUBLE = 1, 2, 4
_BOTH_QUOTES = _SINGLE | _DOUBLE
_EMPTY_ENTRY = (None, 0, None, "[]", 0)


def _marks(text: str) -> int:
    return ((0 if text.isascii() and text.isprintable() and "\\" not in text else _ESCAPES)
            | (_SINGLE if "'" in text else 0) | (_DOUBLE if '"' in text else 0))


def _contracts_entry(contracts: list[Contract]) -> tuple:
    """The list's kept entry: (the list, how many, the last, the text, the text's marks)."""
    n = len(contracts)
    if not n:
        return _EMPTY_ENTRY
    hit = _LIST_TEXT.get(id(contracts))
    start, parts, marks = 0, [], 0
    if hit is not None and hit[0] is contracts and hit[1] <= n and contracts[hit[1] - 1] is hit[2]:
        if hit[1] == n:
            return hit
        start, parts, marks = hit[1], [hit[3]], hit[4]
    known = _CONTRACT_TEXT
    for c in contracts[start:] if start else contracts:
        entry = known.get(id(c))
        if entry is None or entry[0] is not c:
            if len(known) >= 10_000:  # a game makes ~100 contracts: older games' need not stay
                known.clear()
            text = repr(c.encode())
            entry = known[id(c)] = (c, text, _marks(text))
        parts.append(entry[1])
        marks |= entry[2]
    if len(_LIST_TEXT) >= 64:  # the lists of the games being played
        _LIST_TEXT.clear()
    # holds the list: its id stays its own
    hit = _LIST_TEXT[id(contracts)] = (contracts, n, contracts[-1], ";".join(parts), marks)
    return hit


#: id(contract) -> (the contract, its text, its marks);
#: id(list of contracts) -> ``_contracts_entry``
_CONTRACT_TEXT: dict[int, tuple] = {}
_LIST_TEXT: dict[int, tuple] = {}
