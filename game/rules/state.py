"""The game state: one point in a game, cheap to copy.

Everything is plain numbers and short lists indexed by ``Seat``, so
``GameState.copy()`` is a handful of list copies (a planner copies a state
thousands of times per decision). Contracts and proposals are frozen value
objects shared between copies. ``digest()`` hashes a canonical JSON encoding,
never Python's ``hash``, so it is the same in every process.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from enum import Enum
from typing import Any

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

    # ------------------------------------------------------------ helpers
    def co(self, seat: Seat) -> Company:
        return self.companies[seat]

    def label(self) -> str:
        """Calendar label of the current quarter."""
        return self.scenario.label(min(self.quarter, self.scenario.quarters - 1))

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
        """A running hash of the public log: each line is hashed once, however long the game (the log grows
        every quarter, and re-hashing all of it at every quarter's digest cost a fifth of a game)."""
        if self.log_hashed > len(self.log):  # the log was cut (never done by the rules): start again
            self.log_hash, self.log_hashed = "", 0
        if self.log_hashed < len(self.log):
            h = self.log_hash
            for line in self.log[self.log_hashed:]:  # a chain, one link a line: the same however it is batched
                h = hashlib.sha256(f"{h}\n{line}".encode("utf-8")).hexdigest()
            self.log_hash, self.log_hashed = h, len(self.log)
        return self.log_hash

    def digest(self) -> str:
        """Stable hex digest of the canonical encoding (floats rounded to 9 places): ``canonical_json``'s
        bytes, written by a generated encoder (``_digest_text``) that keeps each float's text and each
        contract's from one quarter to the next (most of them do not change) instead of rounding, encoding
        and formatting every one of them again."""
        return hashlib.sha256(self._digest_text().encode("utf-8")).hexdigest()[:32]

    def canonical_json(self) -> str:
        """What ``digest`` hashes, the plain way: ``to_dict`` canonicalised (the fault texts as they are) and
        encoded at once with sorted keys. ``_digest_text`` is held to it, byte for byte."""
        data = self.to_dict()
        text = data.pop("shortfalls"), data.pop("broken")
        data = _canon(data)
        data["shortfalls"], data["broken"] = text
        return _ENCODE(data)


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


def _make_digest_text() -> None:
    """Give ``GameState`` a ``_digest_text()``: ``canonical_json()``'s text, written in one generated pass.
    The keys are in sorted order already (the encoder sorts them), each value is written as the encoder
    writes its canonical form (``_text``), the contracts from their cached texts. A digest once a quarter
    was a sixth of a game of cheap agents: the JSON encoder formats every float again, and most of a
    state's floats are the ones it had last quarter."""
    def value(expr: str) -> str:  # _text(expr), its common types written out (bool before int: both are ints)
        return (f"((_F.get(_v) or _ft(_v)) if (_tv := type(_v := {expr})) is float else _ir(_v) if _tv is int "
                f"else (_TRUE if _v else _FALSE) if _tv is bool else _rows(_v) if _tv is list else _t(_v))")

    def fields(pairs: list[tuple[str, str]]) -> str:  # the body of an f-string writing {"key":value,...}
        return ",".join(f'"{n}":{{{expr}}}' for n, expr in pairs)

    # one f-string per company and one for the state (a single string built from its parts, where adding them
    # one by one copied the text so far at every key); the special parts first, into locals
    company = "f'{{" + fields([(n, value("x." + n)) for n in sorted(Company.__slots__)]) + "}}'"
    special = {
        "scenario": "_esc(self.scenario.digest)",
        "companies": "'[' + ','.join([" + company + " for x in self.companies]) + ']'",
        "contracts": "_contracts_json(self.contracts)", "history": "_contracts_json(self.history)",
        "pending": "_offer_text(self.pending)", "rofr_offer": "_offer_text(self.rofr_offer)",
        "actions": "_strs([None if a is None else str(a) for a in self.actions])",
        "shortfalls": "_strs(self.shortfalls)", "broken": "_strs(self.broken)",
        "log": "_esc(self.log_digest())",
        # absent when Microsoft opens (older replays)
        "order_shift": "(',\"order_shift\":' + " + value("self.order_shift") + ") if self.order_shift else ''",
    }
    names = sorted([n for n in GameState.__slots__ if n not in ("log_hash", "log_hashed", "seen_values")])
    assert names[0] != "order_shift"
    lines = ["def _digest_text(self):"] + [f"    s_{n} = {special[n]}" for n in names if n in special]
    body = []
    for i, n in enumerate(names):
        if n == "order_shift":
            body.append("{s_order_shift}")
        else:
            body.append(("," if i else "") + f'"{n}":{{{"s_" + n if n in special else value(f"self.{n}")}}}')
    lines.append("    return f'{{" + "".join(body) + "}}'")
    env: dict[str, Any] = {"_t": _text, "_ft": _float_text, "_F": _FLOAT_TEXT, "_esc": _ESC, "_ENCODE": _ENCODE,
                           "_ir": _int_repr, "_rows": _rows_text, "_strs": _strs_text, "_TRUE": "true",
                           "_FALSE": "false",
                           "_contracts_json": _contracts_json, "_offer_text": _offer_text}
    exec("\n".join(lines), env)  # generated from the slot names above, nothing external
    GameState._digest_text = env["_digest_text"]  # type: ignore[attr-defined]


_PLAIN = frozenset({int, str, bool, type(None)})
#: ``json.dumps(x, sort_keys=True, separators=(",", ":"))`` without building an encoder at every call
_ENCODE = json.JSONEncoder(sort_keys=True, separators=(",", ":")).encode
#: id -> (contract, its canonical JSON): a contract is a frozen value, so its text never changes; the entry
#: holds the contract, so the id stays its own while the entry lives
_CONTRACT_JSON: dict[int, tuple[Contract, str]] = {}


def _contracts_json(contracts: list[Contract]) -> str:
    """``json.dumps(_canon([c.encode() for c in contracts]), separators=(",", ":"))``, each contract's part
    encoded once, and a list's text kept while the list only grows: the rules only ever append to a state's
    list of contracts or give the state a new one (``deals._OWED`` counts on the same), and contracts are
    frozen, so a list that is the same object with the same contract where the text ended holds that text's
    contracts first (the history grows all game and was joined again at every quarter's digest)."""
    n = len(contracts)
    if not n:
        return "[]"
    hit = _LIST_JSON.get(id(contracts))
    start, text = 0, ""
    if hit is not None and hit[0] is contracts and hit[1] <= n and contracts[hit[1] - 1] is hit[2]:
        if hit[1] == n:
            return hit[3]
        start, text = hit[1], hit[3][:-1] + ","
    known, parts = _CONTRACT_JSON, []
    for c in contracts[start:] if start else contracts:
        entry = known.get(id(c))
        if entry is None or entry[0] is not c:
            if len(known) >= 10_000:  # a game makes ~100 contracts: older games' need not stay
                known.clear()
            # _ENCODE(_canon(c.encode())): a list of plain values, each written as the encoder writes it
            entry = known[id(c)] = (c, "[" + ",".join([_list_item(x) for x in c.encode()]) + "]")
        parts.append(entry[1])
    text = (text or "[") + ",".join(parts) + "]"
    if len(_LIST_JSON) >= 64:  # the lists of the games being played
        _LIST_JSON.clear()
    _LIST_JSON[id(contracts)] = (contracts, n, contracts[-1], text)  # holds the list: its id stays its own
    return text


#: id(list of contracts) -> (the list, how many it held, the last of them, their text) (``_contracts_json``)
_LIST_JSON: dict[int, tuple] = {}
#: round(x, 9) + 0.0 by x: rounding to decimal places is a correctly rounded decimal conversion (the bulk of a
#: digest), and most of a state's floats are the same from one quarter to the next. Equal floats round alike
#: (0.0 and -0.0 both to 0.0), so the table answers exactly what ``round`` would.
_ROUNDED: dict[float, float] = {}


def _rounded(x: float) -> float:
    r = _ROUNDED.get(x)
    if r is None:
        if len(_ROUNDED) >= 20_000:
            _ROUNDED.clear()
        r = _ROUNDED[x] = round(x, 9) + 0.0
    return r


def _canon(v: Any) -> Any:
    """Floats rounded to 9 places (and -0.0 folded into 0.0), enums to values; by exact type for speed (a
    list's plain items and floats are handled in place: most of a state is flat lists of numbers)."""
    t = type(v)
    if t in _PLAIN:
        return v
    if t is float:
        return _rounded(v)
    if t is list or t is tuple:
        out = []
        rounded = _ROUNDED
        for x in v:
            tx = type(x)
            if tx is float:
                r = rounded.get(x)
                out.append(_rounded(x) if r is None else r)
            elif tx in _PLAIN:
                out.append(x)
            else:
                out.append(_canon(x))
        return out
    if t is dict:
        return {k: _canon(x) for k, x in v.items()}
    if isinstance(v, Enum):
        return v.value
    return v


#: a float's text in the digest (``_ENCODE(_rounded(x))``) by the float: most of a state's floats are the same
#: from one quarter to the next. Equal floats write alike (0.0 and -0.0 both as 0.0), so the table answers
#: exactly what the encoder would write.
_FLOAT_TEXT: dict[float, str] = {}
_float_repr, _int_repr = float.__repr__, int.__repr__  # how the encoder writes a finite float, an int
_format = float.__format__  # format(v, spec) for a float, without the builtin's dispatch
_ESC = json.encoder.encode_basestring_ascii  # the encoder's own string writer (ensure_ascii)


def _text(v: Any) -> str:
    """``_ENCODE(_canon(v))``: how the encoder writes ``v``'s canonical form inside the digest's JSON (its
    common cases written out: floats from the table, flat lists of numbers item by item)."""
    t = type(v)
    if t is float:
        return _FLOAT_TEXT.get(v) or _float_text(v)
    if t is int:
        return _int_repr(v)
    if t is str:
        return _ESC(v)
    if t is bool:
        return "true" if v else "false"
    if v is None:
        return "null"
    if t is list or t is tuple:
        return "[" + ",".join([_list_item(x) for x in v]) + "]"
    if isinstance(v, Enum):  # _canon gives its value as it is: the seats' ints, the phases' words
        value = v.value
        if type(value) is int:
            return _int_repr(value)
        if type(value) is str:
            return _ESC(value)
    return _ENCODE(_canon(v))


def _float_text(v: float) -> str:
    """A float's text not yet in the table: ``_ENCODE(_rounded(v))``, written and kept (``_rounded``'s own
    table is left out: a float written here is found in this one from then on)."""
    if len(_FLOAT_TEXT) >= 20_000:
        _FLOAT_TEXT.clear()
    if 1e-4 <= abs(v) < 1e6:
        # v rounded to 9 places, written as the shortest text that reads back as it (``repr``): that is the
        # 9-place decimal itself without its trailing zeros, because it has at most 15 significant digits
        # (two decimals of 15 digits or fewer never round to one double, so no shorter text reads back as
        # it), in positional notation (repr's between 1e-4 and 1e16). ``format`` rounds as ``round`` does
        # (one correctly rounded conversion), and this skips ``repr``'s search for the shortest digits.
        text = _format(v, ".9f").rstrip("0")
        if text[-1] == ".":
            text += "0"
    else:  # zero (and -0.0, which rounds to 0.0), tiny, huge, NaN and infinities: the long way
        r = round(v, 9) + 0.0
        text = _float_repr(r) if r - r == 0.0 else _ENCODE(r)  # NaN, infinities: the encoder's words
    _FLOAT_TEXT[v] = text
    return text


def _list_item(x: Any) -> str:
    """``_text`` of a list's item, its common cases first (most lists are flat numbers, or rows of them)."""
    t = type(x)
    if t is float:
        return _FLOAT_TEXT.get(x) or _float_text(x)
    if t is int:
        return _int_repr(x)
    if t is list:
        return "[" + ",".join([_list_item(y) for y in x]) + "]"
    return _text(x)


def _rows_text(v: list) -> str:
    """``_text`` of a list: a list of numbers or of rows of numbers (the state's tables: trust, stakes, pacts,
    talks, pipelines), a row of plain numbers looked up by its values (``_ROW_TEXT``: most rows are the
    ones they were last quarter), any other written with one comprehension instead of a call per item;
    anything else in the list is written by ``_list_item``, as ``_text`` writes it."""
    F, ft, ir, li = _FLOAT_TEXT, _float_text, _int_repr, _list_item
    parts = []
    for x in v:
        tx = type(x)
        if tx is float:
            parts.append(F.get(x) or ft(x))
        elif tx is int:
            parts.append(ir(x))
        elif tx is list or tx is tuple:
            types = tuple(map(type, x))
            texts = _ROW_TEXT.get(types)
            if texts is not None:
                key = x if tx is tuple else tuple(x)
                text = texts.get(key)
                if text is None:
                    if len(texts) >= 5_000:
                        texts.clear()
                    text = texts[key] = "[" + ",".join([F.get(y) or ft(y) if type(y) is float else ir(y)
                                                         for y in x]) + "]"
                parts.append(text)
                continue
            parts.append("[" + ",".join([(F.get(y) or ft(y)) if (ty := type(y)) is float else ir(y) if ty is int
                                         else li(y) for y in x]) + "]")
            if len(_ROW_TEXT) < 100 and all(t is float or t is int for t in types):
                _ROW_TEXT[types] = {}  # a new shape of plain numbers: its rows are looked up from the next one
        else:
            parts.append(li(x))
    return "[" + ",".join(parts) + "]"


#: a row's text by its values, one table per shape (the type of each item, floats and ints only): within a
#: shape, equal rows write alike (0.0 and -0.0 both as 0.0), and a shape keeps 1 from 1.0 and True apart
_ROW_TEXT: dict[tuple, dict[tuple, str]] = {}


def _strs_text(v: list) -> str:
    """``_ENCODE(v)`` for a list of strings and Nones (sealed moves, the fault texts), each string by the
    encoder's own writer; any other list is given to the encoder."""
    parts = []
    for x in v:
        if type(x) is str:
            parts.append(_ESC(x))
        elif x is None:
            parts.append("null")
        else:
            return _ENCODE(v)
    return "[" + ",".join(parts) + "]"


def _offer_text(offer: Offer | None) -> str:
    """A package on the table as the digest writes it: [from, to, [term notations]]."""
    if offer is None:
        return "null"
    return f"[{int(offer.frm)},{int(offer.to)},{_ENCODE([str(t) for t in offer.terms])}]"


_make_digest_text()
