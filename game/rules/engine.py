"""The game's flow: ``new_game``, ``to_move``, ``legal_choices``, ``apply``.

One enumerator and one reducer keyed by phase (catanatron's shape): the
engine asks one seat one question at a time; ``apply`` is the checked path
(agents, replays, the UI) and raises ``IllegalChoiceError``; ``apply_unchecked``
is the fast path for search code that only plays choices from
``legal_choices``. Events and resolution run inside ``apply`` when the last
action of a quarter arrives, so a state is always waiting on a seat or over.
"""

from __future__ import annotations

from typing import Optional

from . import deals
from .choices import (ACCEPT, DEALS, MATCH, MOVES, PASS, REJECT, SIZES, WAIVE, Accept, Act, Choice, Counter, Match,
                      Pass, Propose, Reject, Waive)
from .errors import IllegalChoiceError
from .events import STREAM_SIGNAL, apply_event, chance, draw_events
from .ledger import adjust_trust
from .moves import MENUS, capex_cost
from .moves import why_not as move_why_not
from .resolution import resolve_quarter, spot_sold
from .scenario import Scenario
from .scoring import update_values
from .seats import SEATS, Seat
from .state import Agi, Company, GameState, Phase, Proposal

M, O, S, R = Seat.MICROSOFT, Seat.OPENAI, Seat.SOFTBANK, Seat.ORACLE


_PROPOSALS = {(to, d, z): Propose(to, d, z) for to in SEATS for d in DEALS for z in SIZES}  # immutable: shared
_ORDERS = tuple(tuple(SEATS[(q + i) % 4] for i in range(4)) for q in range(4))
_ACTS = {(m, lv): Act(m, lv) for m in MOVES for lv in range(4)}
_ROLES = {d: [[spec.assign(p, c) for c in SEATS] for p in SEATS] for d, spec in deals.CATALOGUE.items()}


def new_game(scenario: Scenario, seed: int) -> GameState:
    """The state at the first decision of quarter 0 (scripted and random events applied)."""
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    econ, terms = scenario.economy, scenario.terms
    s = GameState.__new__(GameState)
    s.scenario, s.seed, s.quarter = scenario, seed, 0
    s.phase, s.talk, s.slot, s.pending, s.counter_size = Phase.PROPOSE, 0, 0, None, 0
    s.companies = []
    for seat in SEATS:
        setup, co = scenario.companies[seat], Company(seat)
        co.cash, co.debt, co.compute_owned = setup.cash, setup.debt, setup.compute_owned
        co.capability, co.users, co.reach = setup.capability, setup.users, setup.reach
        s.companies.append(co)
    s.companies[M].azure_to_openai = terms.azure_to_openai
    s.companies[M].delivered = s.companies[O].capability
    s.trust = [list(r) for r in scenario.trust]
    s.stakes = [[0.0] * 4 for _ in SEATS]
    s.stakes[M][O] = terms.msft_stake
    s.contracts, s.venture_paid, s.venture_gw, s.venture_pipeline = [], [0.0] * 4, 0.0, []
    s.converted = s.consent = s.deadline_passed = s.stargate = s.delayed = False
    s.agi, s.agi_clause, s.agi_declared_at = Agi.NONE, True, -99
    s.exclusivity = s.rofr = s.ip_access = True
    s.ip_horizon = scenario.index_of(terms.ip_horizon)
    s.revenue_share, s.sb_pledge, s.sb_released = terms.revenue_share, terms.sb_pledge, 0.0
    s.frontier = econ.frontier_start
    s.info_until = [[0] * 4 for _ in SEATS]
    s.delivery_until = s.antitrust_until = 0
    s.actions, s.talk_count = [None] * 4, [[0] * 4 for _ in SEATS]
    s.log, s.breaches, s.external, s.rofr_offer, s.history = [], [], 0.0, None, []
    _initial_revenue(s)
    update_values(s)
    for co in s.companies:
        co.value_start = co.value
    noise = chance(seed, -1 % 2**31, STREAM_SIGNAL).normal(0.0, econ.signal_noise, size=2)
    s.signal = round(s.companies[O].capability + float(noise[0]), 1)
    s.plan_b_signal = round(s.companies[M].capability + float(noise[1]), 1)
    _start_quarter(s)
    return s


def _initial_revenue(s: GameState) -> None:
    """Opening run-rates, from the same formulas resolution uses at parity with the frontier."""
    econ, terms = s.scenario.economy, s.scenario.terms
    msft, oai = s.companies[M], s.companies[O]
    consumer = oai.users * econ.arpu / 1000.0
    api = consumer * econ.api_ratio
    oai.revenue = consumer + api
    own = msft.compute_owned - msft.azure_to_openai
    msft.revenue = (own * econ.product_value_per_gw + s.revenue_share * oai.revenue + terms.api_cut * api
                    + econ.azure_price_openai * msft.azure_to_openai)
    for seat in (S, R):
        s.companies[seat].revenue = s.companies[seat].compute_owned * econ.spot_price * spot_sold(s)


def _start_quarter(s: GameState) -> None:
    for event in draw_events(s):
        apply_event(s, event)


def negotiation_order(s: GameState) -> tuple[Seat, ...]:
    """Seats in this quarter's proposing order: it rotates every quarter."""
    return _ORDERS[s.quarter % 4]


def to_move(s: GameState) -> Optional[Seat]:
    """The seat the engine is asking, or ``None`` when the game is over."""
    ph = s.phase
    if ph is Phase.PROPOSE:
        return negotiation_order(s)[s.slot]
    if ph is Phase.RESPOND:
        return s.pending.counterparty
    if ph is Phase.COUNTERED:
        return s.pending.proposer
    if ph is Phase.ROFR:
        return M
    if ph is Phase.ACT:
        return next(seat for seat in SEATS if s.actions[seat] is None)
    return None


def proposals_allowed(s: GameState, x: Seat, y: Seat) -> int:
    """How many proposals x and y may exchange per quarter: trust limits talk (F7)."""
    t = min(s.trust[x][y], s.trust[y][x])
    return 0 if t < 0.1 else 1 + int(t * 3)


def why_not_proposal(s: GameState, me: Seat, to: Seat, deal: str, size: int) -> Optional[str]:
    """Why ``me`` may not propose this now (``None`` if it may)."""
    if to == me:
        return "cannot deal with yourself"
    if s.talk_count[me][to] >= proposals_allowed(s, me, to):
        return f"trust with {to.label} allows no more proposals this quarter"
    roles = deals.CATALOGUE[deal].assign(me, to)
    if roles is None:
        return f"{me.label} and {to.label} cannot make this deal"
    return deals.why_not(s, deal, roles[0], roles[1], size)


def legal_choices(s: GameState) -> list[Choice]:
    """Every legal choice for the seat to move, in a fixed order."""
    ph, me = s.phase, to_move(s)
    if ph is Phase.PROPOSE:
        out: list[Choice] = [PASS]
        for to in SEATS:
            if to == me or s.talk_count[me][to] >= proposals_allowed(s, me, to):
                continue
            for deal in DEALS:
                roles = _ROLES[deal][me][to]
                if roles is None:
                    continue
                for size in SIZES:
                    if deals.why_not(s, deal, roles[0], roles[1], size) is None:
                        out.append(_PROPOSALS[to, deal, size])
                    elif deal not in deals.NON_MONOTONE:
                        break  # a bigger size of the same deal costs more: it cannot be legal either
        return out
    if ph is Phase.RESPOND:
        p = s.pending
        out = [ACCEPT] if deals.why_not(s, p.deal, p.a, p.b, p.size) is None else []
        out.append(REJECT)
        out += [Counter(z) for z in SIZES if z != p.size and deals.why_not(s, p.deal, p.a, p.b, z) is None]
        return out
    if ph is Phase.COUNTERED:
        p = s.pending
        ok = deals.why_not(s, p.deal, p.a, p.b, s.counter_size) is None
        return [ACCEPT, REJECT] if ok else [REJECT]
    if ph is Phase.ROFR:
        return [MATCH, WAIVE]
    if ph is Phase.ACT:
        cash = s.companies[me].cash
        levels = [lv for lv in range(4) if capex_cost(s, me, lv) <= cash]
        return [_ACTS[m, lv] for m in MENUS[me] if move_why_not(s, me, m) is None for lv in levels]
    return []


def why_illegal(s: GameState, choice: Choice) -> Optional[str]:
    """``None`` if ``choice`` is legal now, else a short reason (for errors and tooltips)."""
    ph, me = s.phase, to_move(s)
    if ph is Phase.OVER:
        return "the game is over"
    if ph is Phase.PROPOSE:
        if isinstance(choice, Pass):
            return None
        if isinstance(choice, Propose):
            return why_not_proposal(s, me, choice.to, choice.deal, choice.size)
        return "expected a proposal or pass"
    if ph in (Phase.RESPOND, Phase.COUNTERED):
        if isinstance(choice, Reject):
            return None
        p = s.pending
        size = p.size if ph is Phase.RESPOND else s.counter_size
        if isinstance(choice, Accept):
            return deals.why_not(s, p.deal, p.a, p.b, size)
        if isinstance(choice, Counter) and ph is Phase.RESPOND:
            if choice.size == p.size:
                return "a counter must change the size"
            return deals.why_not(s, p.deal, p.a, p.b, choice.size)
        return "expected accept, reject" + (" or counter" if ph is Phase.RESPOND else "")
    if ph is Phase.ROFR:
        return None if isinstance(choice, (Match, Waive)) else "expected match or waive"
    if isinstance(choice, Act):
        if choice.move not in MENUS[me]:
            return f"{choice.move} is not one of {me.label}'s moves"
        if capex_cost(s, me, choice.capex) > s.companies[me].cash:
            return "cannot afford that capex level"
        return move_why_not(s, me, choice.move)
    return "expected an action (act MOVE capex=N)"


def apply(s: GameState, choice: Choice) -> None:
    """Apply a choice for the seat to move, checking it is legal (the checked path)."""
    reason = why_illegal(s, choice)
    if reason is not None:
        who = to_move(s)
        raise IllegalChoiceError(f"illegal choice {str(choice)!r} for {who.label if who else 'nobody'} "
                                 f"in {s.label()} {s.phase.value}: {reason}")
    apply_unchecked(s, choice)


def apply_unchecked(s: GameState, choice: Choice) -> None:
    """Apply a choice known to be legal (the fast path for search)."""
    ph, me = s.phase, to_move(s)
    if ph is Phase.PROPOSE:
        if isinstance(choice, Propose):
            a, b = deals.CATALOGUE[choice.deal].assign(me, choice.to)
            s.pending = Proposal(choice.deal, me, choice.to, a, b, choice.size)
            s.talk_count[me][choice.to] += 1
            s.talk_count[choice.to][me] += 1
            s.phase = Phase.RESPOND
            s.log.append(f"{me.label} proposes {choice.deal} size={choice.size} to {choice.to.label}")
        else:
            _next_slot(s)
    elif ph is Phase.RESPOND:
        if isinstance(choice, Accept):
            _sign(s, s.pending.size)
        elif isinstance(choice, Counter):
            s.counter_size = choice.size
            s.phase = Phase.COUNTERED
            s.log.append(f"{me.label} counters at size={choice.size}")
        else:
            _rejected(s)
    elif ph is Phase.COUNTERED:
        if isinstance(choice, Accept):
            _sign(s, s.counter_size)
        else:
            _rejected(s)
    elif ph is Phase.ROFR:
        p, size = s.pending, s.counter_size
        if isinstance(choice, Match):
            a, b = (M, p.b) if p.deal == "compute-lease" else (p.a, M)
            adjust_trust(s, M, R, -0.05)
            s.log.append(f"Microsoft matches under its ROFR and takes the {p.deal}")
        else:
            a, b = p.a, p.b
            s.log.append("Microsoft waives its ROFR")
        _execute(s, p.deal, a, b, size)
    elif ph is Phase.ACT:
        s.actions[me] = choice
        if all(a is not None for a in s.actions):
            resolve_quarter(s)
            _end_quarter(s)


def _sign(s: GameState, size: int) -> None:
    p = s.pending
    s.log.append(f"{p.counterparty.label if s.phase is Phase.RESPOND else p.proposer.label} accepts")
    if deals.triggers_rofr(s, p, size):
        s.phase, s.counter_size = Phase.ROFR, size
        s.log.append("Microsoft may match under its right of first refusal")
        return
    _execute(s, p.deal, p.a, p.b, size)


def _execute(s: GameState, deal: str, a: Seat, b: Seat, size: int) -> None:
    contract = deals.execute(s, deal, a, b, size)
    adjust_trust(s, a, b, 0.04)
    s.log.append(f"Signed: {contract.describe()}")
    _next_slot(s)


def _rejected(s: GameState) -> None:
    p = s.pending
    adjust_trust(s, p.proposer, p.counterparty, -0.02)
    s.log.append("Rejected")
    _next_slot(s)


def _next_slot(s: GameState) -> None:
    s.pending, s.counter_size = None, 0
    s.slot += 1
    if s.slot == 4:
        s.slot, s.talk = 0, s.talk + 1
    s.phase = Phase.ACT if s.talk >= s.scenario.talks else Phase.PROPOSE


def _end_quarter(s: GameState) -> None:
    s.quarter += 1
    s.actions, s.talk_count = [None] * 4, [[0] * 4 for _ in SEATS]
    s.delayed, s.talk, s.slot = False, 0, 0
    if any(c.end <= s.quarter for c in s.contracts):  # ended contracts leave the live list (kept for the ledger)
        s.history += [c for c in s.contracts if c.end <= s.quarter]
        s.contracts = [c for c in s.contracts if c.end > s.quarter]
    if s.quarter >= s.scenario.quarters:
        s.phase = Phase.OVER
        return
    s.phase = Phase.PROPOSE
    _start_quarter(s)
