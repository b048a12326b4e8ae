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
    if type(data) is dict and len(data) == 2:  # the common answer, checked the same way without building sets
        choice, why = data.get("choice"), data.get("why")
        if isinstance(choice, str) and isinstance(why, str):
            return Reply(text=choice[:1000], why=why[:200])
    if isinstance(data, dict):
        if set(data) == {"fault"} and isinstance(data["fault"], str):
            return Reply(fault=data["fault"][:300])
        if set(data) == {"choice", "why"} and all(isinstance(v, str) for v in data.values()):
            return Reply(text=data["choice"][:1000], why=data["why"][:200])
        if set(data) == {"ok"}:
            return Reply()
    return Reply(fault="its answer came back garbled", strike=True)


