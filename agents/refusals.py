"""Remembering refused packages, so an agent does not put the same ask again unless something changed.

A person who turns a package down and is offered it again next turn, word for
word, learns nothing and loses patience (issue 14, finding 7: the same offer
every quarter, twice in one quarter right after a rejection). The thinking
agents price a package by their own estimate of it; when nothing moved the
estimate, the same package comes out at the same price. So each agent keeps,
per counterparty, the packages it was refused (terms without the cash, read
from the public log, with what it had estimated the other side would gain and
the cash it offered) and asks again only when

* the price is better for the other side (more cash its way), or
* in a later quarter, the agent now expects the other side to gain clearly
  more than when it refused (the figures moved: a deadline came nearer, a
  model shipped, cash ran short);

and then the rationale says which, first (reasons are cut at 200 characters): "offers OpenAI again
(refused in 2026Q2; now $1.5B more its way): ...". Everything here is the agent's own memory
of the public log and of its own estimates: nothing hidden.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from game.rules import Cash, Seat, Term

from .bargain import cash_to

MORE_CASH = 0.5      # $B more for the other side that makes a refused package a new offer
MORE_GAIN = 1.0      # points more the other side is now expected to gain, in a later quarter


@dataclass(frozen=True, slots=True)
class Ask:
    """What we had put to a counterparty: when, the cash its way, and the gain we expected it to see."""

    quarter: int
    cash_to_them: float
    theirs: float | None


def key_of(terms: Sequence[Term]) -> str:
    """The package without its price: two asks with the same key differ only in cash."""
    return "; ".join(sorted(str(t) for t in terms if type(t) is not Cash))


class Refusals:
    """Per counterparty, the packages it turned down (by key) and what we had offered with them."""

    def __init__(self) -> None:
        self.sent: dict[tuple[Seat, str], Ask] = {}
        self.refused: dict[tuple[Seat, str], Ask] = {}

    def sending(self, to: Seat, terms: Sequence[Term], quarter: int, theirs: float | None) -> None:
        """Remember an ask as it goes out (the log will say later whether it was refused)."""
        self.sent[(to, key_of(terms))] = Ask(quarter, cash_to(terms, to), theirs)

    def refused_by(self, to: Seat, terms: Sequence[Term], quarter: int) -> None:
        """``to`` turned ``terms`` down (read from the log in ``quarter``)."""
        k = (to, key_of(terms))
        self.refused[k] = self.sent.get(k) or Ask(quarter, cash_to(terms, to), None)

    def taken(self, to: Seat, terms: Sequence[Term]) -> None:
        """``to`` accepted ``terms`` or answered them with a counter: an earlier refusal no longer stands."""
        self.refused.pop((to, key_of(terms)), None)

    def again(self, to: Seat, terms: Sequence[Term], quarter: int, theirs: float | None,
              label: Callable[[int], str] | None = None) -> tuple[bool, str]:
        """Whether the ask may go out, and the words that say what changed since the refusal ('' when it was
        never refused). ``label`` names a quarter (the scenario's calendar) for those words."""
        old = self.refused.get((to, key_of(terms)))
        if old is None:
            return True, ""
        when = f" in {label(old.quarter)}" if label else ""
        more = cash_to(terms, to) - old.cash_to_them
        if more >= MORE_CASH:
            return True, f"refused{when}; now ${more:g}B more its way"
        if quarter > old.quarter and theirs is not None and old.theirs is not None \
                and theirs >= old.theirs + MORE_GAIN:
            return True, f"refused{when}; its gain now {theirs:+.1f}% of its value, {old.theirs:+.1f}% then"
        return False, ""


def again_words(note: str) -> str:
    """What goes after "offers X" when the ask was refused before: " again (what changed)"; else nothing."""
    return f" again ({note})" if note else ""


__all__ = ["Ask", "Refusals", "again_words", "key_of"]
