"""Company moves (DESIGN §2): each seat's menu, why a move is not legal now,
and what it does when the quarter resolves. Moves are chosen simultaneously
and applied in seat order at the start of resolution. Capex is a standing
order: it stays at its level until a seat changes it (``act MOVE capex=N``)."""

from __future__ import annotations

from typing import Optional

from .deals import free_funds
from .ledger import adjust_trust, external, issue_stake, transfer
from .seats import Seat
from .state import Agi, Contract, GameState
from .capacity import spare_compute

M, O, S, R = Seat.MICROSOFT, Seat.OPENAI, Seat.SOFTBANK, Seat.ORACLE
TRAINING_STEP = 0.15
AGI_RETRY = 4
STARGATE_BACKING = 5.0
RUSH_PREMIUM = 0.25
CLOUD_QUARTERS = 4

MENUS: dict[Seat, tuple[str, ...]] = {
    M: ("hold", "plan-b", "throttle-azure", "open-azure", "dispute-agi", "rush-build"),
    O: ("hold", "request-conversion", "declare-agi", "delay-model", "shift-to-training", "shift-to-serving",
        "go-multi-cloud"),
    S: ("hold", "release-tranche", "back-stargate"),
    R: ("hold", "rush-build", "back-stargate"),
}

DESCRIPTIONS: dict[str, str] = {
    "hold": "no strategic move this quarter",
    "plan-b": "invest in Microsoft's own models to depend less on OpenAI",
    "throttle-azure": "give OpenAI less Azure capacity (keep it for Microsoft's products)",
    "open-azure": "give OpenAI more Azure capacity",
    "dispute-agi": "take OpenAI's AGI declaration to arbitration (both sides pay the lawyers; the ruling is uncertain)",
    "rush-build": f"a one-off build that comes online sooner, at a {RUSH_PREMIUM:.0%} premium",
    "request-conversion": "convert to a for-profit (needs Microsoft's consent)",
    "declare-agi": "declare AGI: Microsoft's access ends unless it disputes and wins (a panel decides if the clause says so)",
    "delay-model": "hold back this quarter's model from Microsoft (ChatGPT gets it first)",
    "shift-to-training": "move compute from serving users to training",
    "shift-to-serving": "move compute from training to serving users",
    "go-multi-cloud": "rent extra compute from outside clouds for a year (ROFR: Microsoft gets first claim)",
    "release-tranche": "pay the next tranche of the pledged OpenAI round (a stake at the round's price)",
    "back-stargate": f"put ${STARGATE_BACKING:.0f}B into Stargate alone",
}


_SPENDS = frozenset({"plan-b", "rush-build", "go-multi-cloud", "release-tranche", "back-stargate"})


def capex_cost(state: GameState, seat: Seat, level: int) -> float:
    return state.scenario.companies[seat].capex_levels[level]


def rush_gw(state: GameState) -> float:
    econ = state.scenario.economy
    return econ.build_boost / (econ.gw_build_cost * (1.0 + RUSH_PREMIUM))


def why_not(state: GameState, seat: Seat, move: str, free: float | None = None) -> Optional[str]:
    """``None`` if ``seat`` may make ``move`` now, else the reason (``free``: its free funds, if known)."""
    if move not in MENUS[seat]:
        return f"{move} is not one of {seat.label}'s moves"
    econ, terms, co = state.scenario.economy, state.scenario.terms, state.companies[seat]
    if move == "hold":
        return None
    if free is None and move in _SPENDS:
        free = free_funds(state, seat)
    if move == "plan-b" and free < econ.plan_b_cost:
        return f"needs ${econ.plan_b_cost:.0f}B free"
    if move == "throttle-azure" and co.azure_to_openai < terms.azure_step - 1e-9:
        return "OpenAI gets no Azure capacity to cut"
    if move == "open-azure" and spare_compute(state, M) < terms.azure_step - 1e-9:
        return "no spare Azure capacity"
    if move == "dispute-agi" and state.agi is not Agi.DECLARED:
        return "no AGI declaration to dispute"
    if move == "rush-build" and free < econ.build_boost:
        return f"needs ${econ.build_boost:.0f}B free"
    if move == "request-conversion":
        if state.converted:
            return "already converted"
        if state.consent <= 0:
            return "Microsoft has not consented"
    if move == "declare-agi":
        if state.agi_clause == "dropped":
            return "the AGI clause was dropped"
        if state.agi in (Agi.DECLARED, Agi.DISPUTED, Agi.UPHELD):
            return "AGI is already declared"
        if state.agi is Agi.REJECTED and state.quarter < state.agi_declared_at + AGI_RETRY:
            return "arbitration rejected AGI recently"
    if move == "delay-model" and not state.ip_access:
        return "Microsoft no longer has access to delay"
    if move == "shift-to-training" and co.training_share > 0.8:
        return "training share is at its maximum"
    if move == "shift-to-serving" and co.training_share < 0.2:
        return "training share is at its minimum"
    if move == "go-multi-cloud" and free < CLOUD_QUARTERS * econ.multi_cloud_price * econ.multi_cloud_gw:
        return "cannot pay a year of outside compute"
    if move == "release-tranche" and state.sb_pledge <= 1e-9:
        return "no pledged tranche left"
    if move == "release-tranche" and not state.converted and state.sb_released >= terms.tranche - 1e-9:
        return "the rest of the round waits for OpenAI's conversion"
    if move == "release-tranche" and free < min(terms.tranche, state.sb_pledge):
        return "not enough free cash for the tranche"
    if move == "back-stargate":
        if not state.stargate:
            return "Stargate has not been announced"
        if free < STARGATE_BACKING:
            return f"needs ${STARGATE_BACKING:.0f}B free"
    return None


def why_not_capex(state: GameState, seat: Seat, level: int | None, free: float | None = None) -> Optional[str]:
    """``None`` if ``seat`` may set its standing capex to ``level`` (None: keep it), else the reason."""
    if level is None or level == state.companies[seat].capex_level:
        return None
    if level > 0 and capex_cost(state, seat, level) > (free_funds(state, seat) if free is None else free) + 1e-9:
        return f"capex level {level} needs ${capex_cost(state, seat, level):.0f}B free this quarter"
    return None


def apply_move(state: GameState, seat: Seat, move: str) -> None:
    """Carry out one seat's move (legality was checked when it was chosen)."""
    econ, terms, q = state.scenario.economy, state.scenario.terms, state.quarter
    co = state.companies[seat]
    if move == "hold" or why_not(state, seat, move):  # conditions can change before resolution
        return
    _APPLY[move](state, seat, co, econ, terms, q)


def _plan_b(state, seat, co, econ, terms, q) -> None:
    external(state, M, -econ.plan_b_cost)
    co.capability += econ.plan_b_rate * max(0.2, 1.0 - co.capability / 200.0)
    state.note("Microsoft invests in its plan-B models")


def _throttle(state, seat, co, econ, terms, q) -> None:
    co.azure_to_openai -= terms.azure_step
    adjust_trust(state, M, O, -0.08)
    state.note("Microsoft throttles OpenAI's Azure capacity")


def _open(state, seat, co, econ, terms, q) -> None:
    co.azure_to_openai += terms.azure_step
    adjust_trust(state, M, O, 0.05)
    state.note("Microsoft opens more Azure capacity to OpenAI")


def _dispute(state, seat, co, econ, terms, q) -> None:
    state.agi = Agi.DISPUTED
    adjust_trust(state, M, O, -0.05)
    state.note("Microsoft disputes the AGI declaration: arbitration")


def _rush(state, seat, co, econ, terms, q) -> None:
    external(state, seat, -econ.build_boost)
    co.pipeline.append((q + max(1, econ.build_lag - 2), rush_gw(state)))
    state.note(f"{seat.label} rushes a ${econ.build_boost:.0f}B build")


def _convert(state, seat, co, econ, terms, q) -> None:
    state.converted = True
    others = state.stakes[S][O] + state.stakes[R][O]
    state.outside += terms.foundation_stake
    late = terms.late_conversion_stake if state.deadline_passed else 0.0
    state.outside += late  # after the deadline the earlier rounds' investors reprice: a late conversion costs more
    state.stakes[M][O] = max(0.0, min(state.consent, 0.95 - others - state.outside))
    external(state, O, -1.0)
    state.note(f"OpenAI converts to a for-profit: Microsoft's stake becomes {state.stakes[M][O]:.0%}, "
               f"the foundation keeps {terms.foundation_stake:.0%}"
               + (f", and for converting late the earlier investors take {late:.0%} more" if late else ""))


def _declare(state, seat, co, econ, terms, q) -> None:
    state.agi = Agi.DECLARED
    state.agi_declared_at = q
    adjust_trust(state, M, O, -0.15)
    panel = " (an expert panel will rule)" if state.agi_clause == "panel" else ""
    state.note(f"OpenAI's board declares AGI{panel}")


def _delay(state, seat, co, econ, terms, q) -> None:
    state.delayed = True
    if state.delivery_until > q:  # a promise the engine does not enforce: breaking it is seen by all
        adjust_trust(state, M, O, -0.25)
        adjust_trust(state, O, S, -0.1)
        adjust_trust(state, O, R, -0.1)
        state.broken.append(f"{state.label()} OpenAI broke its promise of on-time models")
        state.note("OpenAI breaks its promise and delays its new model to Microsoft")
    else:  # the press reports it: every partner trusts OpenAI a little less, so lenders do too (F7, F8)
        adjust_trust(state, M, O, -0.1)
        adjust_trust(state, O, S, -0.02)
        adjust_trust(state, O, R, -0.02)
        state.note("OpenAI delays delivery of its new model to Microsoft")


def _train(state, seat, co, econ, terms, q) -> None:
    co.training_share = min(0.95, co.training_share + TRAINING_STEP)
    state.note("OpenAI shifts compute to training")


def _serve(state, seat, co, econ, terms, q) -> None:
    co.training_share = max(0.05, co.training_share - TRAINING_STEP)
    state.note("OpenAI shifts compute to serving")


def _multi_cloud(state, seat, co, econ, terms, q) -> None:
    """OpenAI rents outside capacity; under the ROFR Microsoft takes it if it can."""
    gw, price = econ.multi_cloud_gw, econ.multi_cloud_price
    if state.rofr and state.antitrust_until <= q and spare_compute(state, M) >= gw - 1e-9:
        state.contracts.append(Contract("compute", M, O, q, q + CLOUD_QUARTERS, gw, 0.0, price))
        state.note("OpenAI seeks outside compute; Microsoft takes it under its ROFR")
    else:
        state.contracts.append(Contract("outside-cloud", O, O, q, q + CLOUD_QUARTERS, gw, price * gw))
        state.note("OpenAI rents compute from outside clouds")


def _release(state, seat, co, econ, terms, q) -> None:
    amount = min(terms.tranche, state.sb_pledge)
    transfer(state, S, O, amount)
    issue_stake(state, S, amount / terms.round_post_money)
    state.sb_pledge -= amount
    state.sb_released += amount
    adjust_trust(state, S, O, 0.03)
    state.note(f"SoftBank releases a ${amount:.0f}B tranche to OpenAI")


def _back(state, seat, co, econ, terms, q) -> None:
    external(state, seat, -STARGATE_BACKING)
    state.venture_paid[seat] += STARGATE_BACKING
    state.venture_pipeline.append((q + econ.build_lag, STARGATE_BACKING / econ.gw_build_cost))
    state.note(f"{seat.label} puts ${STARGATE_BACKING:.0f}B into Stargate")


_APPLY = {"plan-b": _plan_b, "throttle-azure": _throttle, "open-azure": _open, "dispute-agi": _dispute,
          "rush-build": _rush, "request-conversion": _convert, "declare-agi": _declare, "delay-model": _delay,
          "shift-to-training": _train, "shift-to-serving": _serve, "go-multi-cloud": _multi_cloud,
          "release-tranche": _release, "back-stargate": _back}


def apply_capex(state: GameState, seat: Seat, level: int | None) -> None:
    """Set the standing order (when changed) and spend this quarter's capex from free funds; the capacity
    comes online after the build lag."""
    econ, co = state.scenario.economy, state.companies[seat]
    if level is not None:
        co.capex_level = level
    cost = min(capex_cost(state, seat, co.capex_level), max(0.0, free_funds(state, seat)))
    if cost > 1e-9:
        external(state, seat, -cost)
        co.pipeline.append((state.quarter + econ.build_lag, cost / econ.gw_build_cost))
