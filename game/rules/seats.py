"""The four seats and their names.

Seats are an ``IntEnum`` so that they index plain lists (cheap to copy) and
sort in a fixed order; iteration over seats is always in this order, never
over a set, which keeps every run deterministic.
"""

from __future__ import annotations

from enum import IntEnum


class Seat(IntEnum):
    """A company at the table. The value is its index in every per-seat list."""

    MICROSOFT = 0
    OPENAI = 1
    SOFTBANK = 2
    ORACLE = 3

    @property
    def label(self) -> str:
        """The company's name as printed in notation and on screen."""
        return _LABELS[self]

    @property
    def code(self) -> str:
        """A short code for tables and compact logs."""
        return _CODES[self]

    @classmethod
    def parse(cls, text: str) -> "Seat":
        """Read a seat from its label, code or enum name (case-insensitive)."""
        seat = _BY_NAME.get(text.strip().lower())
        if seat is not None:
            return seat
        raise ValueError(f"unknown seat {text!r} (expected one of {', '.join(s.label for s in cls)})")


_LABELS = {Seat.MICROSOFT: "Microsoft", Seat.OPENAI: "OpenAI", Seat.SOFTBANK: "SoftBank", Seat.ORACLE: "Oracle"}
_CODES = {Seat.MICROSOFT: "MSFT", Seat.OPENAI: "OAI", Seat.SOFTBANK: "SB", Seat.ORACLE: "ORCL"}

SEATS: tuple[Seat, ...] = tuple(Seat)
_BY_NAME = {name.lower(): seat for seat in Seat for name in (_LABELS[seat], _CODES[seat], seat.name)}
