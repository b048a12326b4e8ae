"""Choices: frozen value objects, a text notation that round-trips, and a
fixed integer encoding with an action mask.

Notation (like SAN in chess) is what replays store and what people type::

    pass | accept | reject | counter size=2 | match | waive
    propose OpenAI compute-lease size=2
    act plan-b capex=2

``parse(str(c)) == c`` for every choice, and ``decode(encode(c)) == c``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from .errors import InvalidChoiceError
from .seats import SEATS, Seat

DEALS: tuple[str, ...] = (
    "compute-lease", "equity-investment", "conversion-consent", "agi-buyout", "ip-extension",
    "revenue-share-reset", "exclusivity-waiver", "stargate-commitment", "model-delivery",
    "info-sharing", "capacity-prepayment", "loan",
)
MOVES: tuple[str, ...] = (
    "hold", "plan-b", "throttle-azure", "open-azure", "dispute-agi", "build-capacity",
    "request-conversion", "declare-agi", "delay-model", "shift-to-training", "shift-to-serving",
    "go-multi-cloud", "release-tranche", "withhold-tranche", "raise-debt", "back-stargate",
    "price-up", "price-down",
)
SIZES = (1, 2, 3)
CAPEX_LEVELS = (0, 1, 2, 3)


@dataclass(frozen=True, slots=True)
class Pass:
    """Make no proposal this turn."""

    def __str__(self) -> str:
        return "pass"


@dataclass(frozen=True, slots=True)
class Accept:
    """Accept the offer on the table."""

    def __str__(self) -> str:
        return "accept"


@dataclass(frozen=True, slots=True)
class Reject:
    """Reject the offer on the table."""

    def __str__(self) -> str:
        return "reject"


@dataclass(frozen=True, slots=True)
class Counter:
    """Answer an offer with the same deal at another size (once)."""

    size: int

    def __str__(self) -> str:
        return f"counter size={self.size}"


@dataclass(frozen=True, slots=True)
class Match:
    """Microsoft takes a rival's compute deal on the same terms (ROFR)."""

    def __str__(self) -> str:
        return "match"


@dataclass(frozen=True, slots=True)
class Waive:
    """Microsoft lets a rival's compute deal stand."""

    def __str__(self) -> str:
        return "waive"


@dataclass(frozen=True, slots=True)
class Propose:
    """Offer deal ``deal`` at ``size`` to seat ``to``."""

    to: Seat
    deal: str
    size: int

    def __str__(self) -> str:
        return f"propose {self.to.label} {self.deal} size={self.size}"


@dataclass(frozen=True, slots=True)
class Act:
    """The quarter's strategic move plus a capex level (0 none .. 3 high)."""

    move: str
    capex: int

    def __str__(self) -> str:
        return f"act {self.move} capex={self.capex}"


Choice = Union[Pass, Accept, Reject, Counter, Match, Waive, Propose, Act]

PASS, ACCEPT, REJECT, MATCH, WAIVE = Pass(), Accept(), Reject(), Match(), Waive()


def _int_field(token: str, name: str, allowed: tuple[int, ...], text: str) -> int:
    prefix = f"{name}="
    if not token.startswith(prefix):
        raise InvalidChoiceError(f"bad choice {text!r}: expected '{name}=N'")
    try:
        value = int(token[len(prefix):])
    except ValueError:
        raise InvalidChoiceError(f"bad choice {text!r}: {name} must be an integer") from None
    if value not in allowed:
        raise InvalidChoiceError(f"bad choice {text!r}: {name} must be one of {allowed}")
    return value


def parse(text: str) -> Choice:
    """Read a choice from its notation; raise ``InvalidChoiceError`` on bad syntax."""
    tokens = text.split()
    if not tokens:
        raise InvalidChoiceError("empty choice")
    head, rest = tokens[0].lower(), tokens[1:]
    simple = {"pass": PASS, "accept": ACCEPT, "reject": REJECT, "match": MATCH, "waive": WAIVE}
    if head in simple and not rest:
        return simple[head]
    if head == "counter" and len(rest) == 1:
        return Counter(_int_field(rest[0], "size", SIZES, text))
    if head == "propose" and len(rest) == 3:
        try:
            seat = Seat.parse(rest[0])
        except ValueError as exc:
            raise InvalidChoiceError(f"bad choice {text!r}: {exc}") from None
        if rest[1] not in DEALS:
            raise InvalidChoiceError(f"bad choice {text!r}: unknown deal {rest[1]!r}")
        return Propose(seat, rest[1], _int_field(rest[2], "size", SIZES, text))
    if head == "act" and len(rest) == 2:
        if rest[0] not in MOVES:
            raise InvalidChoiceError(f"bad choice {text!r}: unknown move {rest[0]!r}")
        return Act(rest[0], _int_field(rest[1], "capex", CAPEX_LEVELS, text))
    raise InvalidChoiceError(f"bad choice {text!r}")


# ------------------------------------------------------------ integer encoding
_FIXED: tuple[Choice, ...] = (PASS, ACCEPT, REJECT, MATCH, WAIVE) + tuple(Counter(s) for s in SIZES)
_PROPOSE_BASE = len(_FIXED)
_ACT_BASE = _PROPOSE_BASE + len(DEALS) * len(SEATS) * len(SIZES)
ACTION_SPACE = _ACT_BASE + len(MOVES) * len(CAPEX_LEVELS)
_DEAL_INDEX = {d: i for i, d in enumerate(DEALS)}
_MOVE_INDEX = {m: i for i, m in enumerate(MOVES)}


def encode(choice: Choice) -> int:
    """The fixed integer code of a choice, in ``range(ACTION_SPACE)``."""
    if isinstance(choice, Propose):
        return _PROPOSE_BASE + (_DEAL_INDEX[choice.deal] * len(SEATS) + int(choice.to)) * len(SIZES) + choice.size - 1
    if isinstance(choice, Act):
        return _ACT_BASE + _MOVE_INDEX[choice.move] * len(CAPEX_LEVELS) + choice.capex
    return _FIXED.index(choice)


def decode(code: int) -> Choice:
    """The choice with integer code ``code``; ``InvalidChoiceError`` if out of range."""
    if not isinstance(code, int) or isinstance(code, bool) or not 0 <= code < ACTION_SPACE:
        raise InvalidChoiceError(f"choice code {code!r} out of range 0..{ACTION_SPACE - 1}")
    if code < _PROPOSE_BASE:
        return _FIXED[code]
    if code < _ACT_BASE:
        rest, size = divmod(code - _PROPOSE_BASE, len(SIZES))
        deal, seat = divmod(rest, len(SEATS))
        return Propose(Seat(seat), DEALS[deal], size + 1)
    move, capex = divmod(code - _ACT_BASE, len(CAPEX_LEVELS))
    return Act(MOVES[move], capex)


def action_mask(legal: list[Choice]) -> list[int]:
    """A 0/1 list of length ``ACTION_SPACE`` marking the legal codes."""
    mask = [0] * ACTION_SPACE
    for c in legal:
        mask[encode(c)] = 1
    return mask
