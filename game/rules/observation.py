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
from typing import Any

from .choices import Choice
from .deals import every_free_funds
from .engine import draw_legal, exchanges_left, legal_choices, to_move
from .scoring import score, update_values
from .views import hide_private, seen_by
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
            legal: tuple = ()
            if self.asked:
                state, seat, capability = self._judged_on()
                legal = tuple(legal_choices(state, seat, self._free, capability))
            object.__setattr__(self, "_legal", legal)
        return self._legal  # type: ignore[return-value]

    def _judged_on(self) -> tuple[GameState, Seat, float | None]:
        """What ``legal`` and ``draw`` read: (a state, the seat, OpenAI's capability as the seat sees it where
        the state is not the seat's view). A lazy observation's view not made yet: the state itself, with
        that figure (the list reads and never writes; it reads no seed, sealed move or other hidden figure:
        ``reads_hidden``); else the view."""
        d = self.__dict__
        source = d.get("_source")
        if source is not None and d["view"] is None:
            state, seat = source
            return state, seat, state.signal if reads_hidden(state, seat) else None
        return self.view, self.seat, None

    def draw(self, rng: Any) -> Choice:
        """One of ``legal``, each as likely as the others, drawn with ``rng.random()`` (a numpy Generator, or
        anything with its ``random``): where the list is not made yet, ``draw_legal`` draws it from what the
        list would be made of (an answer to a package or a proposal: from the candidates the list filters,
        each judged when drawn, so a random player need not judge them all; an action: the list's element at
        the draw's place, the list not made).
        The engine knows the choice drawn as its own (``_drawn``), whichever way it was drawn: the answer is
        neither looked for in the list nor checked again."""
        d = self.__dict__
        if d["_legal"] is None and d["asked"]:
            state, seat, capability = self._judged_on()
            choice = d["_drawn"] = draw_legal(state, rng.random, seat, d["_free"], capability)
            return choice
        legal = self.legal
        choice = self.__dict__["_drawn"] = legal[int(rng.random() * len(legal))]  # known without a search
        return choice

    def __getstate__(self) -> dict:
        """What pickling (an agent process, ``copy``) takes: the view made if it was lazy, never the state."""
        d = dict(self.__dict__)
        d["view"] = self.view
        d.pop("_source", None)
        return d

    def seal(self, keep: bool) -> None:
        """End a lazy observation's tie to the live state, before the state moves on (the model calls it
        after the agent answers): ``keep`` (someone still holds the observation) makes the view now, from the
        state as it was asked about; otherwise nobody can read it again, and it is never made."""
        d = self.__dict__
        if d.get("_source") is not None:
            if keep:
                self.view  # noqa: B018 - made now, while the state is the one observed
            d["_source"] = None

    def text(self) -> str:
        """The observation as plain text (logs, tests, language-model agents)."""
        return render_text(self)


class _LazyView:
    """``Observation.view``: the redacted copy, made when first read for an observation built with
    ``observe(..., lazy=True)``. Until then the observation holds the live state (``_source``), so only the
    engine's own loop builds lazy observations, for a trusted agent asked in the game's own thread (nothing
    else can be reading the observation when the loop ``seal``s it, before the state changes); agents in
    threads or processes of their own get eager ones. An agent
    that answers from ``legal`` alone (``random``) never pays for the copy (a twentieth of its game)."""

    def __get__(self, obs: "Observation | None", owner: type | None = None) -> Any:
        if obs is None:
            return self
        d = obs.__dict__
        view, source = d["view"], d.get("_source")
        if view is None and source is not None:
            view = d["view"] = redact(*source)
            d["_source"] = None
        return view

    def __set__(self, obs: "Observation", value: GameState) -> None:
        obs.__dict__["view"] = value


Observation.view = _LazyView()  # type: ignore[assignment,misc]  # the dataclass's __init__ sets it through this


def reads_hidden(state: GameState, seat: Seat) -> bool:
    """Whether ``legal_choices`` for ``seat`` now reads a figure ``seat`` may not see. Of the private figures
    (the capabilities, Microsoft's delivered models, the values worked out from them) the list reads only
    OpenAI's capability, in the price of a stake it proposes (``openai_value``, through the revenue
    multiple); packages to answer, moves and the ROFR read public figures only. So outside the proposing
    phase, or for a seat that sees OpenAI's figures, the list from the state is the list from the seat's
    view (``test_lazy_view`` holds the two to each other at every decision), and making the view, a copy
    of every company at every decision, bought nothing; where it does read it, the list takes the seat's
    figure for it (``legal_choices``' ``capability``: the public signal, as ``hide_private`` hides it)."""
    return state.phase is _PROPOSE and not state.sees_private(seat, O)


def _hide(v: GameState, state: GameState, seat: Seat) -> None:
    """Hide in ``v`` what ``seat`` may not see of ``state``, with the values as it saw them at the last close
    (or worked out again when the state kept none)."""
    if hide_private(v, state, seat):
        seen = seen_by(state, seat)
        if seen is not None:
            for co, value in zip(v.companies, seen):
                co.value = value
        else:
            update_values(v)


def redact(state: GameState, seat: Seat) -> GameState:
    """A copy of ``state`` holding only what ``seat`` may know (values as of the last quarter's close, worked
    out from what it could see then)."""
    v = state.copy()
    v.seed = 0
    _hide(v, state, seat)
    v.seen_values = None
    v.actions = [a if i == seat else None for i, a in enumerate(state.actions)]
    return v


def observe(state: GameState, seat: Seat | None = None, lazy: bool = False, *,
            mover: Seat | None = None, label: str | None = None) -> Observation:
    """The observation for ``seat`` (default: the seat to move). ``lazy``: the view is made when first read
    (see ``_LazyView``); only for a caller that ``seal``s the observation before the state changes.
    ``mover`` and ``label``: ``to_move(state)`` and ``state.label()``, where the caller has them (the game's
    loop works out the one at every decision, the other once a quarter)."""
    if mover is None:
        mover = to_move(state)
    seat = mover if seat is None else seat
    asked = seat is not None and seat == mover
    phase = state.phase
    pending = state.rofr_offer if phase is _ROFR else state.pending
    left = exchanges_left(state, pending.to, pending.frm) if pending is not None else 0
    free = every_free_funds(state) if asked and phase in _NEEDS_FUNDS else None
    # Observation(...) written out: a frozen dataclass's __init__ sets its ten fields one object.__setattr__
    # at a time (a few microseconds, at every decision); the same fields, in the same order, at once, and the
    # lazy view's source (None for an eager one, as for an observation made any other way)
    obs = _new(Observation)
    _setattr(obs, "__dict__", {"seat": seat, "phase": phase, "quarter": state.quarter,
                               "label": state.label() if label is None else label,
                               "view": None if lazy else redact(state, seat), "asked": asked, "pending": pending,
                               "exchanges_left": left, "_legal": None, "_free": free,
                               "_source": (state, seat) if lazy else None})
    return obs


_new, _setattr = object.__new__, object.__setattr__


_NEEDS_FUNDS = (Phase.PROPOSE, Phase.RESPOND, Phase.ACT)
_ROFR, _PROPOSE = Phase.ROFR, Phase.PROPOSE


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
