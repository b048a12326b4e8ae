"""What each seat may see of the company values (computed once a quarter).

Values depend on capability, which is private for OpenAI and Microsoft, so a
seat that sees only the public estimates must see values computed from them.
``publish_values`` works them out for every seat at the close of each quarter
(after the new public signals); ``observation.redact`` hands each seat its own.
"""

from __future__ import annotations

from .scoring import _every_loans_net, update_values, venture_value
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
    """Work out, once a quarter, the company values each seat may see: values depend on capability, so a
    seat that sees only the public estimates sees values computed from them (``redact`` hands them out)."""
    seen, by_view, shared = [], {}, None
    for seat in SEATS:
        # what hide_private changes for this seat: seats that are shown the same figures (SoftBank and
        # Oracle, without a pact) see the same values, worked out once
        hides_o = not state.sees_private(seat, O)
        view = (hides_o, hides_o and seat != M, not state.sees_private(seat, M))
        values = by_view.get(view)
        if values is None:
            v = state.with_own_companies()  # hide_private and update_values change company figures only
            if hide_private(v, state, seat):
                if shared is None:  # the loans and the venture: no private figure in them, read once
                    shared = (_every_loans_net(state), venture_value(state))
                update_values(v, shared)
            values = by_view[view] = tuple(co.value for co in v.companies)
        seen.append(values)
    state.seen_values = seen


