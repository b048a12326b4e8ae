"""What each seat may see of the company values (computed once a quarter).

Values depend on capability, which is private for OpenAI and Microsoft, so a
seat that sees only the public estimates must see values computed from them.
``publish_values`` works them out for every seat at the close of each quarter
(after the new public signals); ``observation.redact`` hands each seat its own.
A seat's view holds none (``redact``), and a state played on from a view (a
planner's imagined future) publishes none: nobody observes it, and working the
values out was a quarter of a planner's simulation.
"""

from __future__ import annotations

from .scoring import _every_loans_net, values_seen, venture_value
from .seats import SEATS, Seat
from .state import GameState

M, O = Seat.MICROSOFT, Seat.OPENAI


def hide_private(v: GameState, state: GameState, seat: Seat) -> bool:
    """Replace in ``v`` the private figures ``seat`` may not see; whether anything was hidden."""
    hidden = False
    if not state.sees_private(seat, O):
        v.companies[O].capability = state.signal
        if seat != M:
            v.companies[M].delivered = state.signal
        hidden = True
    if not state.sees_private(seat, M):
        v.companies[M].capability = state.plan_b_signal
        hidden = True
    return hidden


def publish_values(state: GameState) -> None:
    """Keep, at the close of each quarter, what the company values each seat may see are worked out from:
    values depend on capability, so a seat that sees only the public estimates sees values computed from them
    (``redact`` hands them out, through ``seen_by``). What is kept is the state as it closed (a copy), and the
    values are worked out from it when a seat's view first needs them: a game whose agents never read a view
    (random players, who answer from the legal list) never pays for them, where the copy costs a fifth of
    working them out at the close."""
    closed = state.copy()
    closed.seen_values = None  # the close before this one is not kept with it
    state.seen_values = closed


def seen_by(state: GameState, seat: Seat) -> tuple[float, ...] | None:
    """The company values ``seat`` saw at the last close (``None`` for a state that publishes none: a seat's
    view, a planner's imagined future); worked out for every seat at the first asking (``_published``)."""
    seen = state.seen_values
    if seen is None:
        return None
    if type(seen) is not list:
        seen = state.seen_values = _published(seen)
    return seen[seat]


def _published(state: GameState) -> list[tuple[float, ...]]:
    """The values each seat sees of ``state`` (as it closed), by seat. A seat's values are those
    ``update_values`` gives a copy of the state on which ``hide_private`` hid what the seat may not see;
    the three figures it hides go to ``values_seen`` as they are, without the copy."""
    seen, by_view, shared = [], {}, None
    cos = state.companies
    own = None
    for seat in SEATS:
        # what hide_private changes for this seat: seats that are shown the same figures (SoftBank and
        # Oracle, without a pact) see the same values, worked out once
        hides_o = not state.sees_private(seat, O)
        view = (hides_o, hides_o and seat != M, not state.sees_private(seat, M))
        values = by_view.get(view)
        if values is None:
            if hides_o or view[2]:
                if shared is None:  # the loans and the venture: no private figure in them, read once
                    shared = (_every_loans_net(state), venture_value(state))
                figures = (state.signal if hides_o else cos[O].capability,
                           state.plan_b_signal if view[2] else cos[M].capability,
                           state.signal if view[1] else cos[M].delivered)
                values = values_seen(state, shared, figures)
            else:  # nothing hidden: the state's own values
                values = own = own or tuple([co.value for co in cos])
            by_view[view] = values
        seen.append(values)
    return seen


