"""The quarter report: what changed for each company in the quarter just played, and why, in a few lines.

Built from two of a person's views (the end of the last quarter and the end of this one) and the quarter's
public log, so it shows only what that person may see (others' hidden figures stay estimates). A company's
value is split the way ``game.rules.scoring`` adds it up: cash less debt, data centres (owned and being
built, at asset value), its share of Stargate, loans owed to it, its stake in OpenAI, and its AI business
(what is left: revenue at a multiple). The change of each part is the cause the report names; the two
largest for the person's company become sentences. No pygame here.
"""

from __future__ import annotations

import re

from dataclasses import dataclass

from game.rules import (SEATS, GameState, Seat, claim, loans_net, openai_value, score, venture_share,
                        venture_value)

from .preview import money, ordinal, rank_change, rank_of

PARTS = ("cash", "data centres", "Stargate", "loans", "OpenAI stake", "business")
O = Seat.OPENAI


def parts(view: GameState, seat: Seat) -> dict[str, float]:
    """``seat``'s value in ``view`` split into ``PARTS`` ($B); they add up to its value."""
    co, econ = view.companies[seat], view.scenario.economy
    building = sum(gw for _, gw in co.pipeline)
    out = {"cash": co.cash - co.debt,
           "data centres": (co.compute_owned + building) * econ.gw_asset_value,
           "Stargate": venture_share(view, seat) * venture_value(view),
           "loans": loans_net(view, seat),
           "OpenAI stake": claim(view, seat, openai_value(view)) if seat != O else 0.0}
    out["business"] = co.value - sum(out.values())
    return out


@dataclass(frozen=True)
class CompanyChange:
    seat: Seat
    value: tuple[float, float]          # before, after ($B)
    score: tuple[float, float]
    rank: tuple[int, int]
    parts: dict[str, float]             # change of each part ($B)


@dataclass(frozen=True)
class QuarterReport:
    """What a quarter changed, as one person saw it."""

    label: str
    seat: Seat                          # whose view
    companies: tuple[CompanyChange, ...]
    highlights: tuple[str, ...]         # the things that mattered most to ``seat``, in words
    happened: tuple[str, ...]           # the quarter's events, signings and lever news (public log)


def build(label: str, seat: Seat, before: GameState, after: GameState, log: tuple[str, ...]) -> QuarterReport:
    """The report of quarter ``label`` for the person at ``seat``: ``before`` and ``after`` are their views at
    the end of the previous quarter and of this one, ``log`` the public lines written in between."""
    sb, sa = [score(before, s) for s in SEATS], [score(after, s) for s in SEATS]
    rows = []
    for s in SEATS:
        pb, pa = parts(before, s), parts(after, s)
        rows.append(CompanyChange(s, (before.companies[s].value, after.companies[s].value), (sb[s], sa[s]),
                                  (rank_of(sb, s), rank_of(sa, s)), {k: pa[k] - pb[k] for k in PARTS}))
    mine = rows[seat]
    notes = _highlights(mine, before, after, seat)
    others = [r for r in rows if r.seat != seat]
    mover = max(others, key=lambda r: abs(r.score[1] - r.score[0]))
    if abs(mover.score[1] - mover.score[0]) >= 0.1:
        part = max(PARTS, key=lambda k: abs(mover.parts[k]))
        notes.append(f"{mover.seat.label} moved most of the others: score {mover.score[0]:.1f} -> "
                     f"{mover.score[1]:.1f}, mostly its {part} ({money(mover.parts[part])}).")
    return QuarterReport(label, seat, tuple(rows), tuple(notes), tuple(_happened(log, seat, label)))


def _highlights(row: CompanyChange, before: GameState, after: GameState, seat: Seat) -> list[str]:
    (sb, sa), (rb, ra) = row.score, row.rank
    out = [f"Your score {sb:.1f} -> {sa:.1f} ({sa - sb:+.1f}), {rank_change(rb, ra)}; value "
           f"{money(row.value[1] - row.value[0])}."]
    cb, ca = before.companies[seat], after.companies[seat]
    why = {
        "cash": lambda d: f"cash less debt {money(d)}: what you were paid and paid out, earned and spent",
        "data centres": lambda d: (f"data centres {money(d)} ({cb.compute_owned:.2f} -> {ca.compute_owned:.2f} GW "
                                   f"owned{_building(ca)})"),
        "Stargate": lambda d: f"your share of Stargate {money(d)}",
        "loans": lambda d: f"loans owed to you {money(d)}",
        "OpenAI stake": lambda d: (f"your stake in OpenAI {money(d)} (OpenAI valued ${openai_value(before):,.0f}B -> "
                                   f"${openai_value(after):,.0f}B, you hold {after.stakes[seat][O]:.1%})"),
        "business": lambda d: (f"your AI business {money(d)} (revenue ${cb.revenue:.2f}B -> ${ca.revenue:.2f}B a "
                               f"quarter, valued at a multiple)"),
    }
    big = sorted(PARTS, key=lambda k: -abs(row.parts[k]))[:2]
    for k in big:
        if abs(row.parts[k]) >= 0.05:
            text = why[k](row.parts[k])
            out.append(text[0].upper() + text[1:] + ".")
    return out


def _building(co) -> str:
    """GW under construction, if any: capex shows in the data centres' value before it shows as GW owned."""
    gw = sum(g for _, g in co.pipeline)
    return f", {gw:.2f} building" if gw > 1e-9 else ""


def _happened(log: tuple[str, ...], seat: Seat, label: str = "") -> list[str]:
    """Events, what this company signed, and lever news: the quarter in a few lines (most telling first); the
    next quarter's events, drawn as this one ends, last and under their own quarter (they used to come first,
    so a 'deadline this quarter' of the next quarter read as this one's, before this quarter's conversion)."""
    events = [line for line in log if " event: " in line]
    label = label if re.fullmatch(r"\d{4}Q\d", label) else ""     # the whole game's report: every event is its own
    now = [line.split("event: ", 1)[1] for line in events if not label or line.startswith(f"{label} event: ")]
    later = [line.replace(" event: ", ": ", 1) for line in events if label and not line.startswith(f"{label} ")]
    signed = [line[len("Signed: "):] for line in log if line.startswith("Signed:") and seat.label in line]
    levers = [line for line in log if any(k in line for k in ("AGI", "conversion", "converts", "Conversion",
                                                              "deadline", "IP rights", "breaks", "ROFR", "tranche"))
              and not line.startswith("Signed:") and " event: " not in line]
    return now + signed + levers + [f"Next: {line}" for line in later]


def how_it_was_won(history: list | tuple, winner: Seat, ranking: list | tuple, report: QuarterReport | None
                   ) -> list[str]:
    """A few lines for the results screen: since when the winner led (from the quarter-by-quarter scores),
    what its value grew on most, and how the person's own game went (from their whole-game report)."""
    out = []
    leader_from = None
    for label, scores in history:
        if rank_of(scores, winner) != 1:
            leader_from = None
        elif leader_from is None:
            leader_from = label
    if leader_from is not None and history:
        start = "from the first quarter" if leader_from == history[0][0] else f"from {leader_from}"
        out.append(f"{winner.label} led {start} to the end.")
    if history and len(ranking) > 1:
        final = history[-1][1]
        second = ranking[1]
        out.append(f"{second.label} came 2nd, {final[winner] - final[second]:.1f} pts behind.")
    if report is not None:
        row = report.companies[winner]
        part = max(PARTS, key=lambda k: abs(row.parts[k]))
        guess = "" if winner == report.seat else " (your estimate)"
        out.append(f"Its value {money(row.value[1] - row.value[0])} over the game, most of it in its {part} "
                   f"({money(row.parts[part])}){guess}.")
        deals = [line for line in report.happened if "-" in line.split(":", 1)[0] and report.seat.label in line
                 and not line.startswith("Next:")]
        if deals:
            out.append(f"You signed {len(deals)} package{'s' if len(deals) != 1 else ''}; the first: {deals[0]}.")
        if winner != report.seat:
            mine = report.companies[report.seat]
            part = max(PARTS, key=lambda k: abs(mine.parts[k]))
            place = 1 + list(ranking).index(report.seat)
            out.append(f"You finished {ordinal(place)}: value {money(mine.value[1] - mine.value[0])}, most of it in "
                       f"your {part} ({money(mine.parts[part])}).")
    return out


__all__ = ["PARTS", "CompanyChange", "QuarterReport", "build", "how_it_was_won", "parts"]
