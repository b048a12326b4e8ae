"""Quarter resolution, in a fixed order (DESIGN §2 phase 4):

1. moves and capex (simultaneous choices, applied in seat order)
2. contracts execute (leases, loans); a payer short of cash draws on its credit line, then on
   emergency money (OpenAI sells equity to outside investors, the others borrow beyond the line)
3. compute is allocated; OpenAI trains and serves
4. users, reach and revenue; revenue share, API cut, Stargate income
5. levers: AGI arbitration, conversion deadline, IP horizon
6. trust drift, valuations, public capability signals, emergency money

(Capacity comes online at the start of a quarter: ``bring_online``.)
"""

from __future__ import annotations

import math

from .deals import credit_left, interest_rate
from .events import STREAM_ARBITRATION, STREAM_SIGNAL, normals, uniforms
from .ledger import adjust_trust, borrow, external, issue_stake, transfer
from .moves import apply_capex, apply_move
from .scoring import openai_value, update_values
from .views import publish_values
from .seats import SEATS, Seat
from .state import Agi, GameState
from .capacity import every_leased_in, lease_income
from .capacity import leased_out

M, O, S, R = Seat.MICROSOFT, Seat.OPENAI, Seat.SOFTBANK, Seat.ORACLE
OPERATOR_FEE = 0.10


def resolve_quarter(state: GameState) -> None:
    """Run phase 4 for the current quarter (the actions have all been chosen)."""
    for seat in SEATS:
        act = state.actions[seat]
        apply_move(state, seat, act.move)
    for seat in SEATS:
        apply_capex(state, seat, state.actions[seat].capex)
    _execute_contracts(state)
    leased_in = _compute_and_training(state)
    _revenue(state, leased_in)
    _levers(state)
    _drift_and_signals(state)


def cover(state: GameState, seat: Seat, amount: float) -> None:
    """Find ``amount`` $B of cash for ``seat``: its credit line first, then emergency money, which every
    seat sees: OpenAI sells equity to investors outside the game at its current valuation (everyone is
    diluted), the others borrow beyond their line (lenders then trust them less)."""
    line = min(amount, credit_left(state, seat))
    if line > 1e-12:
        borrow(state, seat, line)
    rest = amount - line
    if rest <= 1e-9:
        return
    state.shortfalls.append(f"{state.label()} {seat.label} ${rest:.1f}B")
    if seat == O:
        value = openai_value(state)
        share = rest / max(value + rest, 1.0)
        external(state, O, rest)
        issue_stake(state, None, share)
        state.note(f"OpenAI raises ${rest:.1f}B from outside investors ({share:.1%} of the company)")
    else:
        borrow(state, seat, rest)
        for other in SEATS:
            if other != seat:
                state.trust[other][seat] = max(0.0, state.trust[other][seat] - 0.03)
        state.note(f"{seat.label} borrows ${rest:.1f}B beyond its credit line")


def _pay(state: GameState, payer: Seat, payee: Seat | None, due: float) -> None:
    """Pay an instalment, covering a shortfall first (see ``cover``): signing checked the payer could."""
    co = state.companies[payer]
    if co.cash < due - 1e-9:
        cover(state, payer, due - co.cash)
    if payee is None:
        external(state, payer, -due)
    else:
        transfer(state, payer, payee, due)


def _execute_contracts(state: GameState) -> None:
    q, rate = state.quarter, state.scenario.economy.loan_rate
    for c in state.contracts:
        if c.start <= q < c.end:
            if c.kind == "compute":
                _pay(state, c.b, c.a, c.gw * c.price)
            elif c.kind == "outside-cloud":
                _pay(state, c.b, None, c.amount)
            elif c.kind == "loan":
                _pay(state, c.b, c.a, c.amount * rate + (c.amount if q == c.end - 1 else 0.0))


def bring_online(state: GameState) -> None:
    """Capacity whose build is done comes online at the start of its quarter (after that quarter's events,
    which may delay it): it can be leased in that quarter's talks and serves in its resolution."""
    q = state.quarter
    for co in state.companies:
        if co.pipeline:
            co.compute_owned += sum(gw for t, gw in co.pipeline if t <= q)
            co.pipeline = [(t, gw) for t, gw in co.pipeline if t > q]
    if state.venture_pipeline:
        state.venture_gw += sum(gw for t, gw in state.venture_pipeline if t <= q)
        state.venture_pipeline = [(t, gw) for t, gw in state.venture_pipeline if t > q]


def _compute_and_training(state: GameState) -> list[float]:
    """Allocate compute; train OpenAI's and Microsoft's models. Returns GW leased in per seat."""
    econ = state.scenario.economy
    leased_in = every_leased_in(state)
    msft, oai = state.companies[M], state.companies[O]
    msft.azure_to_openai = min(msft.azure_to_openai, max(0.0, msft.compute_owned - leased_out(state, M)))
    oai_gw = openai_compute(state, leased_in[O])
    # Microsoft's products ship the model delivered last quarter (fact F8, F11).
    if state.ip_access and not state.delayed:
        msft.delivered = oai.capability
    elif not state.ip_access:
        msft.delivered = 0.0
    train_gw = oai_gw * oai.training_share
    oai.capability += training_gain(state, train_gw, oai.capability)
    own_gw = own_use_gw(state, leased_in[M])
    msft.capability += 0.05 * math.log1p(own_gw)
    state.frontier += econ.frontier_growth
    return leased_in


def training_gain(state: GameState, train_gw: float, capability: float) -> float:
    """Capability points one quarter of training on ``train_gw`` GW adds to a model at ``capability``: more
    compute helps, with strongly diminishing returns as the model improves (agents read the same formula)."""
    return state.scenario.economy.train_rate * math.log1p(train_gw / 0.3) * (60.0 / max(capability, 30.0)) ** 2


def openai_compute(state: GameState, leased_gw: float) -> float:
    """GW serving OpenAI: its own, Azure's allocation, ``leased_gw`` leased in, and Stargate.

    Agents call it on their view (with ``leased_in``) to see what the ledger shows."""
    return (state.companies[O].compute_owned + state.companies[M].azure_to_openai
            + leased_gw + state.venture_gw)


def serving_capacity(state: GameState, oai_gw: float) -> float:
    """Users (millions) OpenAI can serve on the ``oai_gw`` GW it has, at its training share: a better model
    thinks longer per answer, so a GW serves fewer users as capability passes the starting frontier
    (``inference_exp``). This is what makes the training split a choice: training raises capability and
    takes compute from serving, and the better model needs more compute to serve (agents read it too)."""
    econ, oai = state.scenario.economy, state.companies[O]
    per_gw = econ.users_per_gw
    if econ.inference_exp > 0:
        per_gw *= (econ.frontier_start / max(oai.capability, econ.frontier_start)) ** econ.inference_exp
    return oai_gw * (1.0 - oai.training_share) * per_gw


def _revenue(state: GameState, leased_in: list[float]) -> None:
    econ, terms = state.scenario.economy, state.scenario.terms
    msft, oai, orcl = state.companies[M], state.companies[O], state.companies[R]
    oai_gw = openai_compute(state, leased_in[O])
    # OpenAI: users grow with its lead over the frontier, capped by serving capacity (F2, F3).
    lead = (oai.capability - state.frontier) / max(state.frontier, 1.0)
    growth = min(0.15, econ.user_growth + 0.15 * lead + (econ.delay_boost if state.delayed else 0.0))
    if econ.user_ceiling > 0:  # a market that saturates: growth slows as users near the ceiling
        growth *= max(0.0, 1.0 - oai.users / econ.user_ceiling)
    cap_users = serving_capacity(state, oai_gw)
    oai.users = max(1.0, min(oai.users * (1.0 + growth), cap_users))
    quality = max(0.25, oai.capability / max(state.frontier, 1.0)) ** 0.5
    consumer = oai.users * econ.arpu / 1000.0 * quality
    api = consumer * econ.api_ratio * (1.0 if state.exclusivity else 1.15)
    oai.revenue = consumer + api
    external(state, O, oai.revenue - econ.oai_opex * oai.revenue)
    if state.agi is not Agi.UPHELD:
        transfer(state, O, M, state.revenue_share * oai.revenue)       # F13
    if state.exclusivity:
        transfer(state, O, M, terms.api_cut * api)                      # F12
    transfer(state, O, M, econ.azure_price_openai * msft.azure_to_openai)       # F3
    # Stargate: OpenAI rents the venture's capacity; Oracle operates it (F9).
    if state.venture_gw > 0:
        rent = venture_rent(state) * state.venture_gw
        transfer(state, O, R, rent * OPERATOR_FEE)
        total = sum(state.venture_paid)
        for seat in SEATS:
            if seat != O and state.venture_paid[seat] > 0:
                transfer(state, O, seat, rent * (1 - OPERATOR_FEE) * state.venture_paid[seat] / total)
    # Microsoft: products on its own capacity, as far as Copilot's reach has demand for it, quality from the
    # best model it may use (F4, F11).
    best = max(msft.delivered, msft.capability)
    m_quality = max(0.25, best / max(state.frontier, 1.0)) ** 0.5
    if state.delayed:  # Copilot ships without the model ChatGPT got first
        m_quality *= 1.0 - econ.delay_penalty
    product = product_gw(state, leased_in[M]) * econ.product_value_per_gw * m_quality
    msft.reach *= 1.0 + econ.reach_growth * m_quality
    external(state, M, product)
    receipts_m = state.revenue_share * oai.revenue if state.agi is not Agi.UPHELD else 0.0
    receipts_m += terms.api_cut * api if state.exclusivity else 0.0
    msft.revenue = product + receipts_m + econ.azure_price_openai * msft.azure_to_openai
    # Idle capacity goes to the spot market (a finite one, when the scenario says so): Oracle's, SoftBank's
    # and what Microsoft owns beyond its products' demand.
    idle = (_idle(state, R), _idle(state, S), _idle(state, M))  # each read once: nothing below changes them
    sold = _share_sold(state, idle[0] + idle[1] + idle[2])
    income = lease_income(state)
    for seat, gw in zip((R, S, M), idle):
        co = state.companies[seat]
        spot = gw * sold * econ.spot_price
        external(state, seat, spot)
        if seat == M:
            msft.revenue += spot
        else:
            co.revenue = spot + income[seat]
    orcl.revenue += venture_rent(state) * state.venture_gw * OPERATOR_FEE
    # Every company: the rest of its business, data-centre opex, interest.
    for seat in SEATS:
        co = state.companies[seat]
        external(state, seat, state.scenario.companies[seat].external_income
                 - econ.gw_opex * co.compute_owned - interest_rate(state, seat) * co.debt)


def venture_rent(state: GameState) -> float:
    """What OpenAI pays a quarter for each GW of Stargate it runs on: the venture's rent (the spot price when
    the scenario sets none): partners earn a utility's return, not a contract lessor's."""
    econ = state.scenario.economy
    return econ.venture_rent if econ.venture_rent > 0 else econ.spot_price


def spot_demand(state: GameState) -> float:
    """GW the open market rents at the spot price this quarter (0 = no limit).

    Capacity built beyond what OpenAI, Microsoft and this market take sits idle:
    building on debt is a bet on contracts (F16), not a sure return."""
    econ = state.scenario.economy
    if econ.spot_demand <= 0.0:
        return 0.0
    return econ.spot_demand + econ.spot_demand_growth * state.quarter


def spot_sold(state: GameState) -> float:
    """Share of the idle GW (Oracle's, SoftBank's, Microsoft's beyond its products) the spot market takes."""
    return _share_sold(state, None)


def _share_sold(state: GameState, idle: float | None) -> float:
    """``spot_sold`` where the idle GW are known (``idle``), or worked out (``None``)."""
    demand = spot_demand(state)
    if demand <= 0.0:
        return 1.0
    if idle is None:
        idle = _idle(state, R) + _idle(state, S) + _idle(state, M)
    return 1.0 if idle <= demand else demand / idle


def product_demand(state: GameState) -> float:
    """GW Microsoft's AI products can use this quarter: Copilot's reach over the reach one GW serves
    (unlimited when the scenario sets no ``reach_per_gw``). Capacity beyond it earns only what the spot
    market pays, so building is a bet on demand or on a lease (F4, F16)."""
    econ = state.scenario.economy
    return state.companies[M].reach / econ.reach_per_gw if econ.reach_per_gw > 0 else float("inf")


def own_use_gw(state: GameState, leased: float) -> float:
    """GW Microsoft runs for itself: what it owns less OpenAI's Azure share and its leases out, plus
    ``leased`` GW it leases in."""
    msft = state.companies[M]
    return max(0.0, msft.compute_owned - msft.azure_to_openai - leased_out(state, M)) + leased


def product_gw(state: GameState, leased: float) -> float:
    """GW of Microsoft's own capacity its products use: its own use, up to their demand."""
    return min(own_use_gw(state, leased), product_demand(state))


def _idle(state: GameState, seat: Seat) -> float:
    """GW ``seat`` owns that no lease (nor, for Microsoft, OpenAI's Azure share or its own products) takes:
    what it offers the spot market."""
    if seat == M:
        owned = max(0.0, state.companies[M].compute_owned - state.companies[M].azure_to_openai - leased_out(state, M))
        return max(0.0, owned - product_demand(state))
    return max(0.0, state.companies[seat].compute_owned - leased_out(state, seat))


def profit_capacity(state: GameState) -> float:
    """The arbitrator's projection of yearly profits OpenAI's system could earn ($B, F15)."""
    oai = state.companies[O]
    return 4.0 * oai.revenue * oai.capability / 40.0


def agi_uphold_chance(state: GameState, capability: float | None = None) -> float:
    """The chance an arbitrator (or the expert panel) upholds an AGI declaration now (F6, F15).

    The ruling weighs OpenAI's capability against the bar (the panel's bar is higher) with the arbitrator's
    own uncertainty, and the $100B profit test: failing it leaves a quarter of the chance. Agents ask it
    with the capability they believe in; the engine with the true one."""
    terms, econ = state.scenario.terms, state.scenario.economy
    cap = state.companies[O].capability if capability is None else capability
    bar = terms.agi_capability + (econ.panel_bar if state.agi_clause == "panel" else 0.0)
    z = (cap - bar) / max(econ.arbitration_noise, 1e-6)
    p = 0.5 * math.erfc(-z / math.sqrt(2.0))
    return p if profit_capacity(state) >= terms.agi_profit_test else 0.25 * p


def _levers(state: GameState) -> None:
    terms, econ, q = state.scenario.terms, state.scenario.economy, state.quarter
    panel = state.agi is Agi.DECLARED and state.agi_clause == "panel"
    if state.agi is Agi.DISPUTED or panel:                                   # F6, F15
        chance_up = agi_uphold_chance(state)
        ok = bool(uniforms(state.seed, q, STREAM_ARBITRATION, 1)[0] < chance_up)
        for seat in (M, O):
            external(state, seat, -econ.legal_cost)
        state.agi = Agi.UPHELD if ok else Agi.REJECTED
        if not ok:
            adjust_trust(state, M, O, -0.1)
        who = "The expert panel" if panel else "Arbitration"
        state.note(f"{who} {'upholds' if ok else 'rejects'} OpenAI's AGI declaration "
                   f"(a {chance_up:.0%} chance; profit test: ${profit_capacity(state):.0f}B a year)")
    elif state.agi is Agi.DECLARED and state.agi_declared_at < q:
        state.agi = Agi.UPHELD
        state.note("Microsoft did not dispute: AGI stands")
    if state.agi is Agi.UPHELD and state.ip_access:
        state.ip_access = False
        state.exclusivity = False
        state.revenue_share = 0.0
        state.note("AGI upheld: Microsoft loses access to OpenAI's new technology")
    deadline = state.scenario.index_of(terms.conversion_deadline)
    if q == deadline and not state.converted and not state.deadline_passed:  # F14
        state.deadline_passed = True
        state.sb_pledge = max(0.0, min(state.sb_pledge, terms.sb_pledge_cut - state.sb_released))
        state.companies[O].debt += terms.deadline_debt   # the earlier round's money becomes debt: owed, not held
        state.note(f"Conversion deadline passes unconverted: SoftBank's round shrinks to "
                   f"${terms.sb_pledge_cut:.0f}B, the earlier investors' ${terms.deadline_debt:.0f}B turns into "
                   f"debt and investors mark OpenAI down")
    if state.ip_access and q >= state.ip_horizon:                         # F11
        state.ip_access = False
        state.note("Microsoft's IP rights to OpenAI's models expire")


def _drift_and_signals(state: GameState) -> None:
    econ, q = state.scenario.economy, state.quarter
    for i in SEATS:
        for j in SEATS:
            if i != j and state.info_until[i][j] > q:
                state.trust[i][j] = min(1.0, state.trust[i][j] + 0.01)
    for co in state.companies:
        if co.cash < 0:
            cover(state, co.seat, -co.cash)
    update_values(state)
    noise = normals(state.seed, q, STREAM_SIGNAL, econ.signal_noise, 2)
    state.signal = round(float(state.companies[O].capability + noise[0]), 1)
    state.plan_b_signal = round(float(state.companies[M].capability + noise[1]), 1)
    if state.seen_values is not None:  # a seat's view (and a planner's futures from one) has none: unobserved
        publish_values(state)
