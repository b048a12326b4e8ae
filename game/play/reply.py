"""What a seat runner hands back to the game: plain data, whatever the agent did."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Reply:
    """What a seat said: ``text`` (a choice in notation) and ``why``, or a ``fault``; ``strike`` marks a fault
    that cost time (an overrun, a dead process)."""

    text: str = ""
    why: str = ""
    fault: str = ""
    strike: bool = False


def reply_from(data: Any) -> Reply:
    """A reply from plain data (the agent's thread, or JSON from its process), checked for shape."""
    if isinstance(data, dict):
        if set(data) == {"fault"} and isinstance(data["fault"], str):
            return Reply(fault=data["fault"][:300])
        if set(data) == {"choice", "why"} and all(isinstance(v, str) for v in data.values()):
            return Reply(text=data["choice"][:1000], why=data["why"][:200])
        if set(data) == {"ok"}:
            return Reply()
    return Reply(fault="its answer came back garbled", strike=True)


