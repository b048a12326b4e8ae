"""Company moves (DESIGN §2): each seat's menu, why a move is not legal now,
and what it does when the quarter resolves. Moves are chosen simultaneously
and applied in seat order at the start of resolution."""

from __future__ import annotations

from typing import Optional

from .deals import spare_compute
from .ledger import adjust_trust, borrow, external, issue_stake, transfer
from .seats import Seat
from .state import Agi, Contract, GameState

M, O, S, R = Seat.MICROSOFT, Seat.OPENAI, Seat.SOFTBANK, Seat.ORACLE
TRAINING_STEP = 0.15
AGI_RETRY = 4
STARGATE_BACKING = 5.0

MENUS: dict[Seat, tuple[str, ...]] = {
    M: ("hold", "plan-b", "throttle-azure", "open-azure", "dispute-agi", "build-capacity"),
    O: ("hold", "request-conversion", "declare-agi", "delay-model", "shift-to-training", "shift-to-serving",
        "go-multi-cloud"),
    S: ("hold", "release-tranche", "withhold-tranche", "raise-debt", "back-stargate"),
    R: ("hold", "build-capacity", "price-up", "price-down", "raise-debt"),
}

DESCRIPTIONS: dict[str, str] = {
    "hold": "no strategic move this quarter",
    "plan-b": "invest in Microsoft's own models to depend less on OpenAI",
    "throttle-azure": "give OpenAI less Azure capacity (keep it for Microsoft's products)",
    "open-azure": "give OpenAI more Azure capacity",
    "dispute-agi": "take OpenAI's AGI declaration to arbitration",
    "build-capacity": "debt-financed extra data-centre build",
    "request-conversion": "convert to a for-profit (needs Microsoft's consent)",
    "declare-agi": "declare AGI, ending Microsoft's access unless it disputes and wins",
    "delay-model": "hold back this quarter's model from Microsoft",
    "shift-to-training": "move compute from serving users to training",
    "shift-to-serving": "move compute from training to serving users",
    "go-multi-cloud": "rent extra compute from outside clouds (ROFR: Microsoft gets first claim)",
    "release-tranche": "pay the next tranche of the pledged OpenAI round",
    "withhold-tranche": "cancel a tranche of the pledged round and keep the cash",
    "raise-debt": "borrow from banks",
    "back-stargate": f"put ${STARGATE_BACKING:.0f}B into Stargate alone",
    "price-up": "raise Oracle's lease price",
    "price-down": "cut Oracle's lease price",
}


def capex_cost(state: GameState, seat: Seat, level: int) -> float:
    return state.scenario.companies[seat].capex_levels[level]


def why_not(state: GameState, seat: Seat, move: str) -> Optional[str]:
    """``None`` if ``seat`` may make ``move`` now, else the reason."""
    if move not in MENUS[seat]:
        return f"{move} is not one of {seat.label}'s moves"
    econ, terms, co = state.scenario.economy, state.scenario.terms, state.companies[seat]
    if move == "plan-b" and co.cash < econ.plan_b_cost:
        return f"needs ${econ.plan_b_cost:.0f}B cash"
    if move == "throttle-azure" and co.azure_to_openai < terms.azure_step - 1e-9:
        return "OpenAI gets no Azure capacity to cut"
    if move == "open-azure" and spare_compute(state, M) < terms.azure_step - 1e-9:
        return "no spare Azure capacity"
    if move == "dispute-agi" and state.agi is not Agi.DECLARED:
        return "no AGI declaration to dispute"
    if move == "request-conversion":
        if state.converted:
            return "already converted"
        if not state.consent:
            return "Microsoft has not consented"
    if move == "declare-agi":
        if not state.agi_clause:
            return "the AGI clause was bought out"
        if state.agi in (Agi.DECLARED, Agi.DISPUTED, Agi.UPHELD):
            return "AGI is already declared"
        if state.agi is Agi.REJECTED and state.quarter < state.agi_declared_at + AGI_RETRY:
            return "arbitration rejected AGI recently"
    if move == "delay-model":
        if not state.ip_access:
            return "Microsoft no longer has access to delay"
        if state.delivery_until > state.quarter:
            return "a model-delivery commitment is in force"
    if move == "shift-to-training" and co.training_share > 0.8:
        return "training share is at its maximum"
    if move == "shift-to-serving" and co.training_share < 0.2:
        return "training share is at its minimum"
    if move == "go-multi-cloud" and co.cash < econ.multi_cloud_price * econ.multi_cloud_gw:
        return "cannot pay the first quarter"
    if move in ("release-tranche", "withhold-tranche") and state.sb_pledge <= 1e-9:
        return "no pledged tranche left"
    if move == "release-tranche" and co.cash < min(terms.tranche, state.sb_pledge):
        return "not enough cash for the tranche"
    if move == "back-stargate":
        if not state.stargate:
            return "Stargate has not been announced"
        if co.cash < STARGATE_BACKING:
            return f"needs ${STARGATE_BACKING:.0f}B cash"
    if move == "price-up" and co.price_level >= 2:
        return "price is at its maximum"
    if move == "price-down" and co.price_level <= -2:
        return "price is at its minimum"
    return None


def apply_move(state: GameState, seat: Seat, move: str) -> None:
    """Carry out one seat's move (legality was checked when it was chosen)."""
    econ, terms, q = state.scenario.economy, state.scenario.terms, state.quarter
    co, log = state.companies[seat], state.log
    if move == "hold" or why_not(state, seat, move):  # conditions can change before resolution
        return
    if move == "plan-b":
        external(state, M, -econ.plan_b_cost)
        co.capability += econ.plan_b_rate * max(0.2, 1.0 - co.capability / 200.0)
        log.append("Microsoft invests in its plan-B models")
    elif move == "throttle-azure":
        co.azure_to_openai -= terms.azure_step
        adjust_trust(state, M, O, -0.08)
        log.append("Microsoft throttles OpenAI's Azure capacity")
    elif move == "open-azure":
        co.azure_to_openai += terms.azure_step
        adjust_trust(state, M, O, 0.05)
        log.append("Microsoft opens more Azure capacity to OpenAI")
    elif move == "dispute-agi":
        state.agi = Agi.DISPUTED
        adjust_trust(state, M, O, -0.05)
        log.append("Microsoft disputes the AGI declaration: arbitration")
    elif move == "build-capacity":
        borrow(state, seat, econ.build_boost)
        external(state, seat, -econ.build_boost)
        co.pipeline.append((q + econ.build_lag, econ.build_boost / econ.gw_build_cost))
        log.append(f"{seat.label} starts a debt-financed build")
    elif move == "request-conversion":
        state.converted = True
        bonus = sum(c.amount for c in state.contracts if c.deal == "conversion-consent")
        state.stakes[M][O] = min(terms.conversion_stake + bonus, 0.95 - state.stakes[S][O] - state.stakes[R][O])
        state.contracts = [c if c.deal != "conversion-consent" else
                           Contract(c.deal, c.a, c.b, c.size, c.start, q + 1, c.gw, c.amount)
                           for c in state.contracts]
        external(state, O, -1.0)
        log.append(f"OpenAI converts to a for-profit; Microsoft's stake becomes {state.stakes[M][O]*100:.0f}%")
    elif move == "declare-agi":
        state.agi = Agi.DECLARED
        state.agi_declared_at = q
        adjust_trust(state, M, O, -0.15)
        log.append("OpenAI's board declares AGI")
    elif move == "delay-model":
        state.delayed = True
        adjust_trust(state, M, O, -0.1)
        log.append("OpenAI delays delivery of its new model to Microsoft")
    elif move == "shift-to-training":
        co.training_share = min(0.95, co.training_share + TRAINING_STEP)
        log.append("OpenAI shifts compute to training")
    elif move == "shift-to-serving":
        co.training_share = max(0.05, co.training_share - TRAINING_STEP)
        log.append("OpenAI shifts compute to serving")
    elif move == "go-multi-cloud":
        _multi_cloud(state)
    elif move == "release-tranche":
        amount = min(terms.tranche, state.sb_pledge)
        transfer(state, S, O, amount)
        issue_stake(state, S, amount / terms.round_post_money)
        state.sb_pledge -= amount
        state.sb_released += amount
        adjust_trust(state, S, O, 0.03)
        log.append(f"SoftBank releases a ${amount:.0f}B tranche to OpenAI")
    elif move == "withhold-tranche":
        state.sb_pledge = max(0.0, state.sb_pledge - terms.tranche)
        adjust_trust(state, S, O, -0.08)
        log.append("SoftBank withholds a tranche of the OpenAI round")
    elif move == "raise-debt":
        borrow(state, seat, econ.debt_raise)
        log.append(f"{seat.label} raises ${econ.debt_raise:.0f}B of debt")
    elif move == "back-stargate":
        external(state, S, -STARGATE_BACKING)
        state.venture_paid[S] += STARGATE_BACKING
        state.venture_pipeline.append((q + econ.build_lag, STARGATE_BACKING / econ.gw_build_cost))
        log.append(f"SoftBank puts ${STARGATE_BACKING:.0f}B into Stargate")
    elif move in ("price-up", "price-down"):
        co.price_level += 1 if move == "price-up" else -1
        log.append(f"Oracle {'raises' if move == 'price-up' else 'cuts'} its lease price")


def _multi_cloud(state: GameState) -> None:
    """OpenAI rents outside capacity; under the ROFR Microsoft takes it if it can."""
    econ, q = state.scenario.economy, state.quarter
    gw, price = econ.multi_cloud_gw, econ.multi_cloud_price * econ.multi_cloud_gw
    if state.rofr and state.antitrust_until <= q and spare_compute(state, M) >= gw - 1e-9:
        state.contracts.append(Contract("compute-lease", M, O, 0, q, q + 4, gw, price))
        state.log.append("OpenAI seeks outside compute; Microsoft takes it under its ROFR")
    else:
        state.contracts.append(Contract("outside-cloud", O, O, 0, q, q + 4, gw, price))
        state.log.append("OpenAI rents compute from outside clouds")


def apply_capex(state: GameState, seat: Seat, level: int) -> None:
    """Spend this quarter's capex; the capacity comes online after the build lag."""
    econ, co = state.scenario.economy, state.companies[seat]
    cost = min(capex_cost(state, seat, level), max(co.cash, 0.0))
    co.capex_level = level
    if cost > 0:
        external(state, seat, -cost)
        co.pipeline.append((state.quarter + econ.build_lag, cost / econ.gw_build_cost))
