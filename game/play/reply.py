"""What a seat runner hands back to the game: plain data, whatever the agent did."""

from __future__ import annotations

from typing import Any, NamedTuple


class Reply(NamedTuple):
    """What a seat said: ``text`` (a choice in notation) and ``why``, or a ``fault``; ``strike`` marks a fault
    that cost time (an overrun, a dead process). ``pick``: where the answer stood in the legal choices the
    agent was shown (-1: not one of them, or not known; ``DRAWN``: the engine's own draw, ``Observation.draw``).
    Only a hint: the engine skips re-checking an answer only when it can tell the hint is true (see
    ``CompanyAgent.decide``).

    Immutable like the frozen dataclass it was, and a third of the cost to build (one per question)."""

    text: str = ""
    why: str = ""
    fault: str = ""
    strike: bool = False
    pick: int = -1


DRAWN = -2  # ``Reply.pick`` of an answer that is the observation's own draw (``Observation.draw``)
WHY_LIMIT = 200   # characters of a reason kept: a line in the feed and the replay, whatever an agent sends


def clip(why: str) -> str:
    """A reason cut to ``WHY_LIMIT`` characters at a word's end, with an ellipsis when anything was cut (a cut
    in mid-word read as a typo in the feed)."""
    if len(why) <= WHY_LIMIT:
        return why
    cut = why[:WHY_LIMIT - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > WHY_LIMIT // 2 else cut).rstrip(" ,;:") + "…"


def reply_from(data: Any) -> Reply:
    """A reply from plain data (the agent's thread, or JSON from its process), checked for shape."""
    if type(data) is dict and 2 <= len(data) <= 3:  # the common answer, checked the same way without building sets
        choice, why, pick = data.get("choice"), data.get("why"), data.get("pick", -1)
        if isinstance(choice, str) and isinstance(why, str) and type(pick) is int and len(data) == 2 + ("pick" in data):
            return Reply(text=choice[:1000], why=clip(why), pick=pick)
    if isinstance(data, dict):
        if set(data) == {"fault"} and isinstance(data["fault"], str):
            return Reply(fault=data["fault"][:300])
        if set(data) == {"choice", "why"} and all(isinstance(v, str) for v in data.values()):
            return Reply(text=data["choice"][:1000], why=clip(data["why"]))
        if set(data) == {"ok"}:
            return Reply()
    return Reply(fault="its answer came back garbled", strike=True)


