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


NOTES: dict[type, str] = {
    Cash: "Paid at signing: the price of the rest of the package.",
    Compute: "The user pays the provider each quarter. Built to order, the provider pays for new capacity now and "
             "the supply starts when it is online; the GW stay on the provider's books either way.",
    Stake: "New shares: every existing holder is diluted.",
    Consent: "Without Microsoft's consent OpenAI cannot convert to a for-profit; at conversion Microsoft's capped "
             "claim becomes this stake.",
    Ip: "Microsoft may use OpenAI's models until then (unless AGI is declared and upheld first).",
    AgiClause: "A panel: a higher bar for declaring AGI, no dispute needed. Dropped: a buy-out, and a pending "
               "declaration lapses.",
    RevShare: "The side that concedes gives: Microsoft when the share falls, OpenAI when it rises.",
    Release: "Exclusivity keeps OpenAI's API on Azure; the right of first refusal lets Microsoft match rival "
             "compute deals.",
    Delivery: "A promise, not a contract: nothing stops OpenAI delaying a model, but a broken promise is seen by "
              "all and costs trust with everyone.",
    Info: "Each sees the other's private figures instead of estimates.",
    Loan: "The borrower pays interest each quarter and repays the loan in its last quarter.",
    Venture: "Oracle builds Stargate's capacity and it serves OpenAI; the owners share its rent.",
}


def explain(term: Term) -> str:
    """A term for a tooltip: what it does here, in plain words, then what such a term means in the game."""
    note = NOTES.get(type(term), "")
    return f"{plain(term)}. {note}".strip()


def plain_package(terms: Sequence[Term]) -> str:
    """A package as one line: its terms in plain words, the price last."""
    parts = [plain(t) for t in terms if not isinstance(t, Cash)] + [plain(t) for t in terms if isinstance(t, Cash)]
    if not parts:
        return "nothing"
    return "; ".join(parts)


__all__ = ["explain", "plain", "plain_package"]
