"""Observations: what one seat may see, never the state itself.

``observe`` builds a redacted copy of the state for the seat: other seats'
private capability is replaced by the public benchmark estimate (unless an
info-sharing pact is in force), other seats' simultaneous actions are
removed, and the chance seed is zeroed so future events cannot be read.
Planners may search over ``view`` (after choosing their own chance seed).
Every observation renders as plain text (``game.env`` builds the learners' arrays).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .choices import Choice
from .deals import every_free_funds
from .engine import exchanges_left, legal_choices, to_move
from .scoring import score, update_values
from .views import hide_private
from .seats import SEATS, Seat
from .state import GameState, Offer, Phase

M, O = Seat.MICROSOFT, Seat.OPENAI


@dataclass(frozen=True)
class Observation:
    """One question to one seat: what it may see and what it may answer.

    ``legal`` is worked out from the seat's own view when first read (legality depends only on what every
    seat can see), so an agent that composes its own packages never pays for the list."""

    seat: Seat
    phase: Phase
    quarter: int
    label: str
    view: GameState
    asked: bool = True
    pending: Offer | None = None
    exchanges_left: int = 0
    _legal: tuple[Choice, ...] | None = field(default=None, repr=False, compare=False)
    #: every seat's free funds when this seat is asked to negotiate or act (none of them is hidden): the
    #: legal list and the engine's own check of the answer read the same figures, worked out once
    _free: tuple[float, ...] | None = field(default=None, repr=False, compare=False)

    @property
    def legal(self) -> tuple[Choice, ...]:
        """The useful finite set of legal choices (empty when this seat is not the one asked)."""
        if self._legal is None:
            object.__setattr__(self, "_legal", tuple(legal_choices(self.view, self.seat, self._free))
                               if self.asked else ())
        return self._legal  # type: ignore[return-value]

    def text(self) -> str:
        """The observation as plain text (logs, tests, language-model agents)."""
        return render_text(self)


def redact(state: GameState, seat: Seat) -> GameState:
    """A copy of ``state`` holding only what ``seat`` may know (values as of the last quarter's close, worked
    out from what it could see then)."""
    v = state.copy()
    v.seed = 0
    if hide_private(v, state, seat):
        if state.seen_values is not None:
            for co, value in zip(v.companies, state.seen_values[seat]):
                co.value = value
        else:
            update_values(v)
    v.seen_values = None
    v.actions = [a if i == seat else None for i, a in enumerate(state.actions)]
    return v


def observe(state: GameState, seat: Seat | None = None) -> Observation:
    """The observation for ``seat`` (default: the seat to move)."""
    seat = to_move(state) if seat is None else seat
    asked = seat is not None and seat == to_move(state)
    pending = state.rofr_offer if state.phase is Phase.ROFR else state.pending
    left = exchanges_left(state, pending.to, pending.frm) if pending is not None else 0
    free = tuple(every_free_funds(state)) if asked and state.phase in _NEEDS_FUNDS else None
    # Observation(...) written out: a frozen dataclass's __init__ sets its ten fields one object.__setattr__
    # at a time (a few microseconds, at every decision); the same fields, in the same order, at once
    obs = _new(Observation)
    _setattr(obs, "__dict__", {"seat": seat, "phase": state.phase, "quarter": state.quarter, "label": state.label(),
                               "view": redact(state, seat), "asked": asked, "pending": pending,
                               "exchanges_left": left, "_legal": None, "_free": free})
    return obs


_new, _setattr = object.__new__, object.__setattr__


_NEEDS_FUNDS = (Phase.PROPOSE, Phase.RESPOND, Phase.ACT)


def render_text(obs: Observation) -> str:
    """Plain-text rendering; hidden figures are marked ``~`` (an estimate)."""
    v, me = obs.view, obs.seat
    lines = [f"{obs.label} - {me.label} to answer ({obs.phase.value})"]
    for seat in SEATS:
        co = v.companies[seat]
        cap = f"{co.capability:.1f}" if v.sees_private(me, seat) or seat not in (M, O) else f"~{co.capability:.1f}"
        extra = (f" users {co.users:.0f}M" if seat == O else f" reach {co.reach:.0f}M" if seat == M else "")
        lines.append(f"  {seat.label:9} cash {co.cash:7.1f} debt {co.debt:6.1f} compute {co.compute_owned:5.2f} GW "
                     f"cap {cap:>6} rev {co.revenue:5.2f}/q{extra} value {co.value:7.1f} "
                     f"score {score(v, seat):6.1f}")
    lines.append("  trust " + "  ".join(f"{a.code}-{b.code} {v.trust[a][b]:.2f}"
                                        for a in SEATS for b in SEATS if a < b))
    lines.append(f"  levers converted={v.converted} consent={v.consent:.2f} agi={v.agi.value} clause={v.agi_clause} "
                 f"exclusivity={v.exclusivity} rofr={v.rofr} ip_access={v.ip_access} "
                 f"ip_horizon={v.scenario.label(v.ip_horizon)} revenue_share={v.revenue_share:.2f} "
                 f"sb_pledge={v.sb_pledge:.0f}")
    live = [c.describe() for c in v.contracts if c.end > v.quarter]
    lines.append("  contracts " + ("; ".join(live) if live else "none"))
    if obs.pending is not None:
        p = obs.pending
        lines.append(f"  offer: {p.frm.label} -> {p.to.label}: {p.text()} ({obs.exchanges_left} exchanges left)")
    lines.append("  legal: " + ", ".join(str(c) for c in obs.legal))
    return "\n".join(lines)
