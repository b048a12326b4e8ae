"""Terms and packages in plain words, for people: the notation (``compute ORCL>OAI 1GW 8q @2.5``) is exact
and typeable, but a newcomer reads "Oracle supplies OpenAI 1 GW for 8 quarters at $2.5B a GW a quarter".

Used by the agents' one-line reasons and anywhere a package is shown in prose. Pure: no state needed, so a
package can be worded before it is signed (the signing lines of ``deals`` add what only the state knows,
such as the quarter an extension runs to)."""

from __future__ import annotations

from typing import Sequence

from .terms import (AgiClause, Cash, Compute, Consent, Delivery, Info, Ip, Loan, Release, RevShare, Stake, Term,
                    Venture)

RIGHTS = {"exclusivity": "OpenAI's API exclusivity on Azure", "rofr": "its right of first refusal on compute"}


def plain(term: Term) -> str:
    """One term as a short clause."""
    if isinstance(term, Cash):
        return f"{term.giver.label} pays {term.taker.label} ${term.amount:g}B"
    if isinstance(term, Compute):
        built = ", built to order" if term.build else ""
        return (f"{term.provider.label} supplies {term.user.label} {term.gw:g} GW for {term.quarters} quarters "
                f"at ${term.price:g}B a GW a quarter{built}")
    if isinstance(term, Stake):
        return f"OpenAI issues {term.pct:g}% of its equity to {term.holder.label}"
    if isinstance(term, Consent):
        return f"Microsoft consents to OpenAI's conversion for a {term.pct:g}% stake"
    if isinstance(term, Ip):
        return f"Microsoft's access to OpenAI's models runs {term.quarters} quarters longer"
    if isinstance(term, AgiClause):
        return ("the AGI clause is dropped" if term.option == "drop"
                else "an AGI declaration must pass an expert panel")
    if isinstance(term, RevShare):
        return f"Microsoft's share of OpenAI's revenue becomes {term.pct:g}%"
    if isinstance(term, Release):
        return f"Microsoft gives up {RIGHTS.get(term.right, term.right)}"
    if isinstance(term, Delivery):
        return f"OpenAI promises Microsoft its models on time for {term.quarters} quarters"
    if isinstance(term, Info):
        return f"{term.a.label} and {term.b.label} open their books to each other for {term.quarters} quarters"
    if isinstance(term, Loan):
        return f"{term.lender.label} lends {term.borrower.label} ${term.amount:g}B for {term.quarters} quarters"
    if isinstance(term, Venture):
        return f"{term.seat.label} puts ${term.amount:g}B into Stargate"
    return str(term)


def plain_package(terms: Sequence[Term]) -> str:
    """A package as one line: its terms in plain words, the price last."""
    parts = [plain(t) for t in terms if not isinstance(t, Cash)] + [plain(t) for t in terms if isinstance(t, Cash)]
    if not parts:
        return "nothing"
    return "; ".join(parts)


__all__ = ["plain", "plain_package"]
