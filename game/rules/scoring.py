"""Valuations, scores and the outcome (DESIGN §2 Scoring, fact F17).

Each company's strategic value is what it holds ($B): cash less debt, data
centres at asset value, its share of Stargate, loans it is owed, stakes in
OpenAI, and its AI business at a revenue multiple. The score compares the
value at the end with the value at the start, divided by the seat's ``par``
(the scenario's normalisation, tuned so the seats are comparable).
"""

from __future__ import annotations

from dataclasses import dataclass

from .seats import SEATS, Seat
from .state import Agi, GameState
from .walks import kept_walk

M, O, S, R = Seat.MICROSOFT, Seat.OPENAI, Seat.SOFTBANK, Seat.ORACLE
IP_RUNWAY = 24  # quarters of IP access left at which Microsoft's products count as fully secure


def venture_value(state: GameState) -> float:
    econ = state.scenario.economy
    building = sum(gw for _, gw in state.venture_pipeline)
    return (state.venture_gw + building) * econ.gw_asset_value


def venture_share(state: GameState, seat: Seat) -> float:
    total = sum(state.venture_paid)
    return state.venture_paid[seat] / total if total > 0 else 0.0


def openai_payments(state: GameState) -> float:
    """What OpenAI's revenue owes Microsoft each quarter: the revenue share and the cut of API sales on Azure."""
    econ, terms = state.scenario.economy, state.scenario.terms
    rev = state.companies[O].revenue
    share = state.revenue_share * rev if state.agi is not Agi.UPHELD else 0.0
    api = rev * econ.api_ratio / (1.0 + econ.api_ratio)
    return share + (terms.api_cut * api if state.exclusivity else 0.0)


def revenue_multiple(state: GameState, capability: float | None = None) -> float:
    """What a $B of OpenAI's quarterly revenue is worth: the multiple, its lead over the rival frontier, and
    the investors' discount while it has not converted. Microsoft's share of that revenue is valued the same
    way, so moving it between the two moves value and creates none. ``capability``: OpenAI's as a seat that
    cannot see it takes it (the public signal), instead of the state's."""
    econ, terms, co = state.scenario.economy, state.scenario.terms, state.companies[O]
    cap = co.capability if capability is None else capability
    lead = max(0.25, cap / max(state.frontier, 1.0)) ** 0.5
    m = 4.0 * econ.multiple_openai * lead
    if not state.converted:
        m *= terms.deadline_discount if state.deadline_passed else terms.unconverted_discount
    return m


def openai_value(state: GameState, capability: float | None = None) -> float:
    """OpenAI's whole equity value: its revenue net of what it owes Microsoft, at the revenue multiple
    (``capability``: see ``revenue_multiple``; the only figure of OpenAI's the value reads that may be hidden)."""
    return _openai_value(state, loans_net(state, O), capability)


def _openai_value(state: GameState, net: float, capability: float | None = None) -> float:
    econ, co = state.scenario.economy, state.companies[O]
    business = (co.revenue - openai_payments(state)) * revenue_multiple(state, capability)
    return max(1.0, co.cash - co.debt + net + co.compute_owned * econ.gw_asset_value + business)


def loans_net(state: GameState, seat: Seat) -> float:
    """Principal other seats owe ``seat`` less what it owes them, under loans in force (an asset on the
    lender's book, a liability on the borrower's: the two net to zero)."""
    return _every_loans_net(state)[seat]


def _every_loans_net(state: GameState) -> tuple[float, float, float, float]:
    """``loans_net`` of every seat: one walk of the contracts, each seat's sum in the list's order, kept while
    the list only grows in the quarter (``walks``): a stake's price reads OpenAI's at every proposal."""
    return kept_walk(_NETS, state.contracts, state.quarter, _add_loans)


def _add_loans(contracts: list, start: int, prior: tuple | None, q: int) -> tuple[float, float, float, float]:
    nets = [0.0, 0.0, 0.0, 0.0] if prior is None else list(prior)
    for c in contracts[start:] if start else contracts:
        if c.kind == "loan" and c.end > q:
            nets[c.a] += c.amount
            nets[c.b] -= c.amount
    return (nets[0], nets[1], nets[2], nets[3])


_NETS: dict[int, list] = {}


def _base(state: GameState, seat: Seat, net: float, venture: float) -> float:
    """What ``seat`` holds outside its AI business; ``net``: its ``loans_net``, ``venture``: ``venture_value``."""
    econ, co = state.scenario.economy, state.companies[seat]
    building = sum(gw for _, gw in co.pipeline)
    return (co.cash - co.debt + (co.compute_owned + building) * econ.gw_asset_value
            + venture_share(state, seat) * venture + net
            + state.scenario.companies[seat].holdings)


def microsoft_independence(state: GameState) -> float:
    """How far Microsoft's own models stand in for OpenAI's (0..1): the plan-B hedge (F4)."""
    msft = state.companies[M]
    return _independence(msft.capability, msft.delivered, state.companies[O].capability)


def _independence(plan_b: float, delivered: float, capability: float) -> float:
    """``microsoft_independence`` from the three figures it reads (the state's, or as a seat sees them)."""
    return min(1.0, plan_b / max(delivered, capability * 0.5, 1.0))


def claim(state: GameState, seat: Seat, v_oai: float) -> float:
    """What ``seat``'s stake in OpenAI is worth ($B). Before the conversion Microsoft's is a share of
    profits up to a cap (F1); after it, every stake is plain equity."""
    stake = state.stakes[seat][O] * v_oai
    if seat == M and not state.converted:
        stake = min(stake, state.scenario.terms.msft_profit_cap)
    return stake


def company_value(state: GameState, seat: Seat) -> float:
    """Strategic value ($B) of ``seat`` in ``state``. OpenAI's own value is what is left of it after every
    other holder's claim, the seats' and the holders outside the game's (the foundation once converted,
    investors of an emergency raise): the claims add up to the whole."""
    return _company_value(state, seat, openai_value(state), loans_net(state, seat), venture_value(state))


def _company_value(state: GameState, seat: Seat, v_oai: float, net: float, venture: float,
                   seen: tuple[float, float, float] | None = None) -> float:
    """``seen``: (OpenAI's capability, Microsoft's, Microsoft's delivered model) as a seat sees them, instead
    of the state's (the only figures a value reads that a seat may not see: ``views.hide_private``)."""
    econ = state.scenario.economy
    co = state.companies[seat]
    if seat == O:
        others = sum(claim(state, s, v_oai) for s in SEATS if s != O)
        return max(0.0, v_oai * (1.0 - state.outside) - others)
    value = _base(state, seat, net, venture)
    stake = claim(state, seat, v_oai)
    if seat == M:
        runway = min(1.0, max(0.0, (state.ip_horizon - state.quarter) / IP_RUNWAY)) if state.ip_access else 0.0
        secure = max(runway, microsoft_independence(state) if seen is None else _independence(seen[1], seen[2], seen[0]))
        receipts = openai_payments(state)
        value += 4.0 * (co.revenue - receipts) * econ.multiple_microsoft * (0.7 + 0.3 * secure)
        value += receipts * revenue_multiple(state, None if seen is None else seen[0])
    elif seat == R:
        value += 4.0 * co.revenue * econ.multiple_oracle
    return value + stake


def update_values(state: GameState, shared: tuple[list[float], float] | None = None) -> None:
    """Every company's value; what every value reads and none of them changes (OpenAI's valuation, the
    loans, the venture), once. ``shared``: (every seat's ``loans_net``, ``venture_value``) if the caller has
    them for this state's contracts and venture (``views.publish_values`` values one state as several seats
    see it: the figures they do not see are neither)."""
    nets, venture = (_every_loans_net(state), venture_value(state)) if shared is None else shared
    v_oai = _openai_value(state, nets[O])
    for seat in SEATS:
        state.companies[seat].value = _company_value(state, seat, v_oai, nets[seat], venture)


def values_seen(state: GameState, shared: tuple[list[float], float], seen: tuple[float, float, float]) -> tuple:
    """Every company's value, by seat, as ``update_values`` works it out on a copy of ``state`` whose private
    figures are ``seen`` (OpenAI's capability, Microsoft's, Microsoft's delivered model: see
    ``_company_value``), the same operations in the same order, without the copy; ``shared`` as there."""
    nets, venture = shared
    v_oai = _openai_value(state, nets[O], seen[0])
    return tuple([_company_value(state, seat, v_oai, nets[seat], venture, seen) for seat in SEATS])


def score(state: GameState, seat: Seat) -> float:
    """Normalised score: 100 x value / start value / par (100 = par growth)."""
    co = state.companies[seat]
    par = state.scenario.companies[seat].par
    return 100.0 * co.value / max(co.value_start, 1e-9) / par


def joint_value(state: GameState) -> float:
    """Value created by all four together since the start ($B): cooperation's measure."""
    return sum(c.value - c.value_start for c in state.companies)


@dataclass(frozen=True, slots=True)
class Outcome:
    """How a game ended: reason, scores by seat, ranking (best first), winner."""

    reason: str
    scores: tuple[float, ...]
    ranking: tuple[Seat, ...]
    joint_value: float

    @property
    def winner(self) -> Seat:
        return self.ranking[0]


def outcome(state: GameState) -> Outcome:
    """The result at the end (ties go to the lower seat index, a fixed rule)."""
    scores = tuple(round(score(state, s), 6) for s in SEATS)
    ranking = tuple(sorted(SEATS, key=lambda s: (-scores[s], int(s))))
    return Outcome("final quarter played", scores, ranking, round(joint_value(state), 6))
