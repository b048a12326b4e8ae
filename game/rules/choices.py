"""Choices: frozen value objects and a text notation that round-trips.

Notation (like SAN in chess) is what replays store and what people type::

    pass | accept | reject | match | waive
    propose OpenAI: compute MSFT>OAI 1GW 8q @2.4; cash OAI>MSFT 2
    counter: compute MSFT>OAI 1GW 8q @2.2
    act plan-b            (capex stays at its standing level)
    act hold capex=2      (and the standing capex level becomes 2)

A package is a set of terms (``game.rules.terms``): ``Propose`` and
``Counter`` keep them in canonical order, so ``parse(str(c)) == c`` for
every choice however its terms were typed. Choices are immutable in fact
(frozen, slotted, tuples all the way down), so the engine can share them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

from .errors import InvalidChoiceError
from .seats import Seat
from .terms import (AGI_OPTIONS, MAX_TERMS, RELEASES, AgiClause, Cash, Compute, Consent, Delivery, Info, Ip, Loan,
                    Release, RevShare, Stake, Term, Venture, _order, canonical, kinds_in_order, parse_term)

MOVES: tuple[str, ...] = (
    "hold", "plan-b", "throttle-azure", "open-azure", "dispute-agi", "rush-build",
    "request-conversion", "declare-agi", "delay-model", "shift-to-training", "shift-to-serving",
    "go-multi-cloud", "release-tranche", "back-stargate",
)
CAPEX_LEVELS = (0, 1, 2, 3)


@dataclass(frozen=True, slots=True)
class Pass:
    """Open no negotiation this turn."""

    def __str__(self) -> str:
        return "pass"


@dataclass(frozen=True, slots=True)
class Accept:
    """Sign the package on the table."""

    def __str__(self) -> str:
        return "accept"


@dataclass(frozen=True, slots=True)
class Reject:
    """Turn the package on the table down; the negotiation ends."""

    def __str__(self) -> str:
        return "reject"


@dataclass(frozen=True, slots=True)
class Match:
    """Microsoft takes a rival's compute deal with OpenAI on the same terms (ROFR)."""

    def __str__(self) -> str:
        return "match"


@dataclass(frozen=True, slots=True)
class Waive:
    """Microsoft lets a rival's compute deal with OpenAI stand."""

    def __str__(self) -> str:
        return "waive"


def _terms_text(terms: tuple[Term, ...]) -> str:
    return "; ".join(map(str, terms))


@dataclass(frozen=True, slots=True)
class Propose:
    """Open a negotiation: offer the package ``terms`` to seat ``to``."""

    to: Seat
    terms: tuple[Term, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "terms", canonical(self.terms))

    @classmethod
    def of_canonical(cls, to: Seat, terms: tuple[Term, ...]) -> "Propose":
        """Build from terms already in canonical order (the enumerator's own), skipping the sort."""
        p = object.__new__(cls)
        object.__setattr__(p, "to", to)
        object.__setattr__(p, "terms", terms)
        return p

    def __str__(self) -> str:
        return f"propose {self.to.label}: {_terms_text(self.terms)}"


@dataclass(frozen=True, slots=True)
class Counter:
    """Answer the package on the table with another between the same two companies."""

    terms: tuple[Term, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "terms", canonical(self.terms))

    @classmethod
    def of_canonical(cls, terms: tuple[Term, ...]) -> "Counter":
        """Build from terms already in canonical order (the enumerator's own), skipping the sort."""
        c = object.__new__(cls)
        object.__setattr__(c, "terms", terms)
        return c

    def __str__(self) -> str:
        return f"counter: {_terms_text(self.terms)}"


@dataclass(frozen=True, slots=True)
class Act:
    """The quarter's strategic move; ``capex`` sets a new standing capex level (None: keep the current one)."""

    move: str
    capex: Optional[int] = None

    def __str__(self) -> str:
        return f"act {self.move}" + ("" if self.capex is None else f" capex={self.capex}")


Choice = Union[Pass, Accept, Reject, Match, Waive, Propose, Counter, Act]

PASS, ACCEPT, REJECT, MATCH, WAIVE = Pass(), Accept(), Reject(), Match(), Waive()


def parse_terms(text: str, whole: str) -> tuple[Term, ...]:
    """``term; term; ...`` -> terms (at least one, at most ``MAX_TERMS``)."""
    parts = [p.strip() for p in text.split(";") if p.strip()]
    if not parts:
        raise InvalidChoiceError(f"bad choice {whole!r}: a package needs at least one term")
    if len(parts) > MAX_TERMS:
        raise InvalidChoiceError(f"bad choice {whole!r}: at most {MAX_TERMS} terms in a package")
    return tuple(parse_term(p) for p in parts)


#: notation -> how to build the choice it reads as: its class and plain field values (seats, numbers,
#: strings), never an object ``parse`` handed out. ``parse`` builds a new choice from it every time, so
#: what it returns is as much the caller's own as a fresh parse (an agent that mutates a choice it was
#: given changes nothing anyone else holds), while the text is read once.
_RECIPES: dict[str, tuple] = {}


def parse(text: str) -> Choice:
    """Read a choice from its notation; raise ``InvalidChoiceError`` on bad syntax."""
    if type(text) is str:
        recipe = _RECIPES.get(text)
        if recipe is not None:
            return _build(recipe)
    choice = _parse(text)
    if type(text) is str:
        if len(_RECIPES) >= 10_000:
            _RECIPES.clear()
        _RECIPES[text] = _recipe(choice)
    return choice


def _recipe(choice: Choice) -> tuple:
    t = type(choice)
    if t is Propose:
        return (Propose, choice.to, tuple((type(x), tuple(getattr(x, f) for f in type(x).__slots__))
                                          for x in choice.terms))
    if t is Counter:
        return (Counter, None, tuple((type(x), tuple(getattr(x, f) for f in type(x).__slots__))
                                     for x in choice.terms))
    if t is Act:
        return (Act, choice.move, choice.capex)
    return (t,)


def _build(recipe: tuple) -> Choice:
    t = recipe[0]
    if t is Propose:  # the recipe's terms are a parsed choice's, in canonical order already
        return Propose.of_canonical(recipe[1], tuple([cls(*fields) for cls, fields in recipe[2]]))
    if t is Counter:
        return Counter.of_canonical(tuple([cls(*fields) for cls, fields in recipe[2]]))
    if t is Act:
        return Act(recipe[1], recipe[2])
    return _SIMPLE[t]


def _parse(text: str) -> Choice:
    if not isinstance(text, str):
        raise InvalidChoiceError(f"a choice is text, got {type(text).__name__}")
    stripped = text.strip()
    tokens = stripped.split()
    if not tokens:
        raise InvalidChoiceError("empty choice")
    head = tokens[0].lower()
    simple = {"pass": PASS, "accept": ACCEPT, "reject": REJECT, "match": MATCH, "waive": WAIVE}
    if head in simple and len(tokens) == 1:
        return simple[head]
    if head == "propose":
        target, sep, rest = stripped[len(tokens[0]):].partition(":")
        if not sep:
            raise InvalidChoiceError(f"bad choice {text!r}: expected 'propose SEAT: TERM; TERM; ...'")
        try:
            seat = Seat.parse(target)
        except ValueError as exc:
            raise InvalidChoiceError(f"bad choice {text!r}: {exc}") from None
        return Propose(seat, parse_terms(rest, text))
    if head in ("counter", "counter:"):
        _, sep, rest = stripped.partition(":")
        if not sep or stripped[:stripped.index(":")].strip().lower() != "counter":
            raise InvalidChoiceError(f"bad choice {text!r}: expected 'counter: TERM; TERM; ...'")
        return Counter(parse_terms(rest, text))
    if head == "act" and len(tokens) in (2, 3):
        move = tokens[1]
        if move not in MOVES:
            raise InvalidChoiceError(f"bad choice {text!r}: unknown move {move!r}")
        if len(tokens) == 2:
            return Act(move)
        key, _, value = tokens[2].partition("=")
        if key != "capex" or not value.isdigit() or int(value) not in CAPEX_LEVELS:
            raise InvalidChoiceError(f"bad choice {text!r}: expected 'capex=N' with N in {CAPEX_LEVELS}")
        return Act(move, int(value))
    raise InvalidChoiceError(f"bad choice {text!r}")


#: id -> (a choice the engine offered or read back, its notation, the choice its notation reads back as):
#: ``reread`` fills it for the engine's own objects (the shared openers, counters and acts of its legal lists,
#: and what they read back as), never for an object an agent made or holds a copy of; the entry holds the
#: object, so its id stays its own while the entry lives.
_NOTED: dict[int, tuple] = {}


def reread(choice: Choice, text: str | None = None) -> Choice | None:
    """What ``parse(str(choice))`` gives, for a choice the engine itself made and offered (an element of a
    legal list it built), worked out once per object: the engine reads an answer from its notation, so a
    choice picked from its own list is the notation's own form (``10`` not ``10.0``, digest for digest), and
    the engine's lists hand out the same few hundred objects all game. ``text``: ``str(choice)`` if the caller
    has it. ``None`` if the notation is not one line an agent could have given back whole (never, for the
    engine's lists): the caller reads the answer the long way. Only for objects no agent can have changed
    (frozen values the engine built and shares with trusted code alone).

    A package is read back term by term (``parse`` reads ``term; term; ...`` so, each term from its own
    notation), each term object once (``_term_read``): terms with the same notation read back as one object,
    and packages of the same terms as one tuple, so a package put on the table is the same object whichever
    offered choice put it there (``offers.counter_options`` works out each one's counters once). The choice
    read back keeps its own notation, written from its terms' (each written once); the choice's own is
    written only if the caller gave it."""
    entry = _NOTED.get(id(choice))
    if entry is not None and entry[0] is choice:
        return entry[2]
    if text is not None and (len(text) > 1000 or not (text.isascii() and text.isprintable())
                             or text != text.strip()):
        return None
    t = type(choice)
    twin_text = None
    if t is Propose or t is Counter:
        terms = choice.terms
        if type(terms) is not tuple or not 0 < len(terms) <= MAX_TERMS:
            return None
        read, length = [], len("propose : ") + len(choice.to.label) if t is Propose else len("counter: ")
        for term in terms:
            known = _TERM_READ.get(id(term))
            if known is None or known[0] is not term:
                known = _term_read(term)
                if known is None:
                    return None
            read.append(known)
            length += known[3] + 2
        if length - 2 > 1000:  # the notation an agent's side would have cut (never, for the engine's lists)
            return None
        if not kinds_in_order([k[1] for k in read]):  # as ``canonical`` orders what ``parse_terms`` read
            read.sort(key=_read_order)
        key = tuple([id(k[1]) for k in read])
        shared = _PACKAGE_READ.get(key)
        if shared is None:
            if len(_PACKAGE_READ) >= 20_000:
                _PACKAGE_READ.clear()
            shared = _PACKAGE_READ[key] = tuple([k[1] for k in read])  # holds its terms: the ids stay theirs
        written = _PACKAGE_TEXT.get(id(shared))
        if written is None or written[0] is not shared:
            if len(_PACKAGE_TEXT) >= 20_000:
                _PACKAGE_TEXT.clear()
            written = _PACKAGE_TEXT[id(shared)] = (shared, "; ".join([k[2] for k in read]))
        package_text = written[1]
        if t is Propose:
            twin: Choice = Propose.of_canonical(choice.to, shared)
            twin_text = f"propose {choice.to.label}: {package_text}"
        else:
            twin = Counter.of_canonical(shared)
            twin_text = f"counter: {package_text}"
    else:
        if text is None:
            text = str(choice)
            if len(text) > 1000 or not (text.isascii() and text.isprintable()) or text != text.strip():
                return None
        try:
            twin = parse(text)
        except InvalidChoiceError:
            return None
    if len(_NOTED) >= 20_000:
        _NOTED.clear()
    if twin is not choice:  # the replay's text: its notation, from its terms' (``str(twin)``, written once)
        _NOTED[id(twin)] = (twin, twin_text, twin)
    _NOTED[id(choice)] = (choice, text, twin)
    return twin


def _term_read(term: Term) -> tuple | None:
    """(term, what its notation reads back as, that term's notation, the length of ``term``'s own notation),
    kept in ``_TERM_READ``; None where its notation is not one clean part of a package's (never, for the
    engine's terms). A read-back term reads back as itself (``parse_term`` of its ``:g`` text gives the same
    values of the same types)."""
    words = str(term)
    if not words or ";" in words or words != words.strip() or not (words.isascii() and words.isprintable()):
        return None
    same = _TERM_BY_TEXT.get(words)
    if same is None:
        try:
            back = parse_term(words)
        except InvalidChoiceError:
            return None
        if len(_TERM_BY_TEXT) >= 20_000:
            _TERM_BY_TEXT.clear()
        same = _TERM_BY_TEXT[words] = (back, str(back))
    if len(_TERM_READ) >= 50_000:
        _TERM_READ.clear()
    known = _TERM_READ[id(term)] = (term, same[0], same[1], len(words))
    if same[0] is not term and id(same[0]) not in _TERM_READ:
        _TERM_READ[id(same[0])] = (same[0], same[0], same[1], len(same[1]))
    return known


def _read_order(known: tuple) -> tuple:
    """``canonical``'s order for a read-back term (sorted as ``Propose`` / ``Counter`` sort what
    ``parse_terms`` read, when the kinds are not in order already)."""
    return _order(known[1])


#: for ``reread``: id(term) -> ``_term_read``'s tuple; a term's notation -> (the term it reads back as, one
#: object per notation; that term's own notation); the read-back terms' ids -> their package
_TERM_READ: dict[int, tuple] = {}
_TERM_BY_TEXT: dict[str, tuple] = {}
_PACKAGE_READ: dict[tuple, tuple] = {}
#: id(a package ``reread`` shares) -> (the package, its notation: ``"; ".join(map(str, package))``)
_PACKAGE_TEXT: dict[int, tuple] = {}


def package_text(terms: tuple) -> str:
    """``"; ".join(map(str, terms))``, looked up for a package ``reread`` shares (the log writes the package
    of every offer and counter, and those are read-back packages)."""
    entry = _PACKAGE_TEXT.get(id(terms))
    if entry is not None and entry[0] is terms:
        return entry[1]
    return "; ".join(map(str, terms))


def notation(choice: Choice) -> str:
    """``str(choice)``, looked up for the engine's own objects (``reread``'s): the replay writes the notation
    of every decision, and most are choices the engine offered."""
    entry = _NOTED.get(id(choice))
    if entry is not None and entry[0] is choice:
        text = entry[1]
        if text is None:  # read back without its text: written once, for both objects
            text = str(choice)
            _NOTED[id(choice)] = (choice, text, entry[2])
        return text
    return str(choice)


def known_notation(choice: object) -> str | None:
    """The notation of ``choice`` if it is one of the engine's own objects ``reread`` has seen, else None
    (never runs ``str`` on an object: for the agent's side, where ``str`` may be the agent's code)."""
    entry = _NOTED.get(id(choice))
    return entry[1] if entry is not None and entry[0] is choice else None  # None also where not written yet


_SINGLETONS = {Pass: PASS, Accept: ACCEPT, Reject: REJECT, Match: MATCH, Waive: WAIVE}
_SIMPLE = _SINGLETONS


def freeze(choice: object) -> Choice:
    """A genuine, immutable copy of ``choice`` built from checked fields (``InvalidChoiceError`` if it is
    not a choice): what the engine keeps of an agent's answer, so nothing the agent still holds can change
    it later, and nothing that merely looks like a choice gets in."""
    t = type(choice)
    if t in _SINGLETONS:
        return _SINGLETONS[t]
    if t is Act:
        move, capex = getattr(choice, "move"), getattr(choice, "capex")
        if type(move) is not str or move not in MOVES:
            raise InvalidChoiceError("an act's move must be one of the moves")
        if capex is not None and (type(capex) is not int or capex not in CAPEX_LEVELS):
            raise InvalidChoiceError(f"an act's capex must be None or one of {CAPEX_LEVELS}")
        return Act(move, capex)
    if t is Propose or t is Counter:
        terms = getattr(choice, "terms")
        if type(terms) not in (tuple, list) or not 0 < len(terms) <= MAX_TERMS:
            raise InvalidChoiceError(f"a package holds 1 to {MAX_TERMS} terms")
        frozen = tuple(freeze_term(x) for x in terms)
        if t is Counter:
            return Counter(frozen)
        to = getattr(choice, "to")
        if type(to) is not Seat:
            raise InvalidChoiceError("a proposal names a Seat")
        return Propose(to, frozen)
    raise InvalidChoiceError(f"not a choice: {t.__name__}")


# ------------------------------------------------------------ genuine copies
def _seat_field(x: object) -> Seat:
    if type(x) is Seat:
        return x
    raise InvalidChoiceError(f"a term's company must be a Seat, got {type(x).__name__}")


def _num_field(x: object) -> float:
    """A finite number in the notation's own form (``10`` not ``10.0``), so a term the engine keeps is the
    one its notation reads back, digest for digest."""
    if type(x) not in (int, float) or x != x or x in (float("inf"), float("-inf")):
        raise InvalidChoiceError(f"a term's quantity must be a finite number, got {type(x).__name__}")
    return int(x) if float(x).is_integer() else float(x)  # type: ignore[arg-type]


def _int_field(x: object) -> int:
    if type(x) is not int:
        raise InvalidChoiceError(f"a term's quarters must be an int, got {type(x).__name__}")
    return x


def _str_field(x: object, allowed: tuple[str, ...]) -> str:
    if type(x) is not str or x not in allowed:
        raise InvalidChoiceError(f"a term's option must be one of {allowed}")
    return x


def freeze_term(term: object) -> Term:
    """A genuine copy of ``term`` built from checked fields: exact types only, so nothing an agent hands
    the engine (a subclass, an object that compares equal to everything, a mutable lookalike) gets in."""
    t = type(term)
    g = getattr
    if t is Cash:
        return Cash(_seat_field(g(term, "giver")), _seat_field(g(term, "taker")), _num_field(g(term, "amount")))
    if t is Compute:
        build = g(term, "build")
        if type(build) is not bool:
            raise InvalidChoiceError("a compute term's build flag must be a bool")
        return Compute(_seat_field(g(term, "provider")), _seat_field(g(term, "user")), _num_field(g(term, "gw")),
                       _int_field(g(term, "quarters")), _num_field(g(term, "price")), build)
    if t is Stake:
        return Stake(_seat_field(g(term, "holder")), _num_field(g(term, "pct")))
    if t is Consent:
        return Consent(_num_field(g(term, "pct")))
    if t is Ip:
        return Ip(_int_field(g(term, "quarters")))
    if t is AgiClause:
        return AgiClause(_str_field(g(term, "option"), AGI_OPTIONS))
    if t is RevShare:
        return RevShare(_seat_field(g(term, "giver")), _num_field(g(term, "pct")))
    if t is Release:
        return Release(_str_field(g(term, "right"), RELEASES))
    if t is Delivery:
        return Delivery(_int_field(g(term, "quarters")))
    if t is Info:
        return Info(_seat_field(g(term, "a")), _seat_field(g(term, "b")), _int_field(g(term, "quarters")))
    if t is Loan:
        return Loan(_seat_field(g(term, "lender")), _seat_field(g(term, "borrower")), _num_field(g(term, "amount")),
                    _int_field(g(term, "quarters")))
    if t is Venture:
        return Venture(_seat_field(g(term, "seat")), _num_field(g(term, "amount")))
    raise InvalidChoiceError(f"not a deal term: {t.__name__}")
