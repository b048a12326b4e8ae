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
from .terms import MAX_TERMS, Term, canonical, parse_term

MOVES: tuple[str, ...] = (
    "hold", "plan-b", "throttle-azure", "open-azure", "dispute-agi", "rush-build",
    "request-conversion", "declare-agi", "delay-model", "shift-to-training", "shift-to-serving",
    "go-multi-cloud", "release-tranche", "withhold-tranche", "back-stargate",
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
    return "; ".join(str(t) for t in terms)


@dataclass(frozen=True, slots=True)
class Propose:
    """Open a negotiation: offer the package ``terms`` to seat ``to``."""

    to: Seat
    terms: tuple[Term, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "terms", canonical(self.terms))

    def __str__(self) -> str:
        return f"propose {self.to.label}: {_terms_text(self.terms)}"


@dataclass(frozen=True, slots=True)
class Counter:
    """Answer the package on the table with another between the same two companies."""

    terms: tuple[Term, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "terms", canonical(self.terms))

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


def parse(text: str) -> Choice:
    """Read a choice from its notation; raise ``InvalidChoiceError`` on bad syntax."""
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
