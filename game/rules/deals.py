"""The deal catalogue (DESIGN §2): twelve deal types, three sizes each.

Every deal has two roles, ``a`` and ``b``. ``assign`` maps (proposer,
counterparty) to the roles, or to ``None`` where the pair cannot make that
deal; ``why_not`` says in words why a deal is not legal now (the UI shows it
as a tooltip); ``execute`` carries it out. Sizes are discrete levels 1..3.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .ledger import adjust_trust, external, issue_stake, transfer
from .scoring import openai_value
from .seats import SEATS, Seat
from .state import Agi, Contract, GameState, Proposal

M, O, S, R = Seat.MICROSOFT, Seat.OPENAI, Seat.SOFTBANK, Seat.ORACLE
LEASE_QUARTERS = 4
LOAN_QUARTERS = 8
STAKE_BONUS = {1: 0.02, 2: 0.05, 3: 0.08}
DURATION = {1: 2, 2: 4, 3: 8}


@dataclass(frozen=True, slots=True)
class DealSpec:
    """One entry of the catalogue."""

    name: str
    roles: str                      # what a and b are, in words
    a_set: tuple[Seat, ...]
    b_set: tuple[Seat, ...]
    proposer_is: str = "either"     # "either", "a" (symmetric deals) or "b" (loans: the borrower asks)
    summary: str = ""

    def assign(self, proposer: Seat, counterparty: Seat) -> Optional[tuple[Seat, Seat]]:
        if proposer == counterparty:
            return None
        if self.proposer_is == "a":
            pair = (proposer, counterparty)
        elif self.proposer_is == "b":
            pair = (counterparty, proposer)
        elif proposer in self.a_set and counterparty in self.b_set:
            pair = (proposer, counterparty)
        else:
            pair = (counterparty, proposer)
        return pair if pair[0] in self.a_set and pair[1] in self.b_set else None


ALL = SEATS
CATALOGUE: dict[str, DealSpec] = {d.name: d for d in (
    DealSpec("compute-lease", "a leases 0.25 GW x size to b for 4 quarters at a's price", (M, R), (O, M),
             summary="rent compute capacity (subject to Microsoft's ROFR when OpenAI rents elsewhere)"),
    DealSpec("equity-investment", "a invests $5B x size in b for a stake at b's valuation", (M, S, R), (O,),
             summary="cash for an economic stake in OpenAI"),
    DealSpec("conversion-consent", "a consents to b's for-profit conversion for a stake bonus", (M,), (O,),
             summary="Microsoft's consent to the conversion, for 2/5/8 points of extra stake"),
    DealSpec("agi-buyout", "a pays b $10B x size to drop the AGI clause", (M,), (O,),
             summary="remove the AGI clause so access can never be revoked by a declaration"),
    DealSpec("ip-extension", "a pays b $3B x size to extend IP access by 4 quarters x size", (M,), (O,),
             summary="extend Microsoft's rights to OpenAI's models past 2030"),
    DealSpec("revenue-share-reset", "a pays b $4B x size to cut the revenue share by 5 points x size", (O,), (M,),
             summary="OpenAI buys down the share of revenue it pays Microsoft"),
    DealSpec("exclusivity-waiver", "a pays b $2B x size; 1: API exclusivity, 2: ROFR, 3: both waived", (O,), (M,),
             summary="OpenAI buys freedom from Azure API exclusivity and/or the ROFR"),
    DealSpec("stargate-commitment", "a and b each commit $5B x size to the Stargate venture", ALL, ALL,
             proposer_is="a", summary="fund Stargate together; Oracle builds, capacity serves OpenAI"),
    DealSpec("model-delivery", "a pays b $1B x size; b delivers models on time for 2/4/8 quarters", (M,), (O,),
             summary="OpenAI promises timely model delivery (no delays) for pay"),
    DealSpec("info-sharing", "a and b share private figures for 2/4/8 quarters", ALL, ALL,
             proposer_is="a", summary="reveal hidden capability to each other; builds trust"),
    DealSpec("capacity-prepayment", "a prepays b $5B x size; b builds dedicated capacity for a", (O, M), (R, M),
             summary="pay now for capacity built for you (ROFR applies to OpenAI-Oracle)"),
    DealSpec("loan", "a lends b $5B x size for 8 quarters at the loan rate", ALL, ALL,
             proposer_is="b", summary="the proposer borrows from the counterparty"),
)}


UNIT_AMOUNT = {"equity-investment": 5.0, "agi-buyout": 10.0, "ip-extension": 3.0, "revenue-share-reset": 4.0,
               "exclusivity-waiver": 2.0, "stargate-commitment": 5.0, "model-delivery": 1.0,
               "capacity-prepayment": 5.0, "loan": 5.0}


def amount(deal: str, size: int) -> float:
    """The headline cash amount ($B) of a deal at a size (0 for cashless deals)."""
    return UNIT_AMOUNT.get(deal, 0.0) * size


#: deals whose sizes are not ordered by cost: a failing size says nothing about the next
NON_MONOTONE = frozenset({"exclusivity-waiver"})


def lease_gw(size: int) -> float:
    return 0.25 * size


def lease_price(state: GameState, provider: Seat) -> float:
    """Price per GW per quarter that ``provider`` charges; Oracle moves its own price."""
    econ = state.scenario.economy
    if provider == R:
        return econ.lease_price + state.companies[R].price_level * econ.price_step
    return econ.lease_price


def leased_out(state: GameState, seat: Seat, at: int | None = None) -> float:
    """GW that ``seat`` provides to others under contracts in force at quarter ``at``."""
    q = state.quarter if at is None else at
    total = 0.0
    for c in state.contracts:
        if c.start <= q < c.end and c.gw:
            if c.deal == "compute-lease" and c.a == seat and c.b != seat:
                total += c.gw
            elif c.deal == "capacity-prepayment" and c.b == seat:
                total += c.gw
    return total


def leased_in(state: GameState, seat: Seat, at: int | None = None) -> float:
    """GW ``seat`` uses under contracts in force at quarter ``at``: leases, outside clouds, prepaid capacity."""
    q = state.quarter if at is None else at
    total = 0.0
    for c in state.contracts:
        if c.start <= q < c.end and c.gw:
            if c.deal in ("compute-lease", "outside-cloud") and c.b == seat:
                total += c.gw
            elif c.deal == "capacity-prepayment" and c.a == seat:
                total += c.gw
    return total


def spare_compute(state: GameState, seat: Seat) -> float:
    """GW ``seat`` could still lease out this quarter."""
    co = state.companies[seat]
    return co.compute_owned - co.azure_to_openai - leased_out(state, seat)


def antitrust_blocks(state: GameState, a: Seat, b: Seat, deal: str) -> bool:
    return (state.antitrust_until > state.quarter and {a, b} == {M, O}
            and deal in ("equity-investment", "agi-buyout", "exclusivity-waiver"))


def why_not(state: GameState, deal: str, a: Seat, b: Seat, size: int) -> Optional[str]:
    """``None`` if the deal can be made now between roles a and b, else the reason."""
    ca, cb = state.companies[a], state.companies[b]
    cost = amount(deal, size)
    if antitrust_blocks(state, a, b, deal):
        return "an antitrust probe blocks Microsoft-OpenAI deals of this kind"
    if deal == "compute-lease":
        if spare_compute(state, a) < lease_gw(size) - 1e-9:
            return f"{a.label} has no {lease_gw(size):.2f} GW spare"
        if cb.cash < lease_price(state, a) * lease_gw(size):
            return f"{b.label} cannot pay the first quarter"
        return None
    if deal in ("equity-investment", "agi-buyout", "ip-extension", "model-delivery", "capacity-prepayment", "loan") \
            and ca.cash < cost:
        return f"{a.label} lacks ${cost:.0f}B cash"
    if deal in ("revenue-share-reset", "exclusivity-waiver") and ca.cash < cost:
        return f"{a.label} lacks ${cost:.0f}B cash"
    if deal == "conversion-consent":
        if state.converted:
            return "OpenAI has already converted"
        if state.consent:
            return "Microsoft has already consented"
    elif deal == "agi-buyout":
        if not state.agi_clause or state.agi is Agi.UPHELD:
            return "the AGI clause is no longer in force"
    elif deal == "ip-extension":
        if not state.ip_access:
            return "Microsoft's IP access has ended"
    elif deal == "revenue-share-reset":
        if state.revenue_share < 0.05 * size - 1e-9:
            return "the revenue share is already that low"
    elif deal == "exclusivity-waiver":
        if (size in (1, 3) and not state.exclusivity) or (size in (2, 3) and not state.rofr):
            return "that right is already waived"
    elif deal == "stargate-commitment":
        if not state.stargate:
            return "Stargate has not been announced"
        if min(ca.cash, cb.cash) < cost:
            return f"both partners need ${cost:.0f}B cash"
    elif deal == "model-delivery":
        if not state.ip_access:
            return "Microsoft's IP access has ended"
        if state.delivery_until > state.quarter:
            return "a delivery commitment is already in force"
    elif deal == "info-sharing":
        if state.info_until[a][b] > state.quarter:
            return "a pact is already in force"
    return None


def triggers_rofr(state: GameState, p: Proposal, size: int) -> bool:
    """Whether Microsoft may match this accepted deal under its right of first refusal."""
    if not state.rofr or state.antitrust_until > state.quarter:
        return False
    if p.deal == "compute-lease" and p.b == O and p.a != M:
        return spare_compute(state, M) >= lease_gw(size) - 1e-9
    return p.deal == "capacity-prepayment" and p.a == O and p.b != M


def execute(state: GameState, deal: str, a: Seat, b: Seat, size: int) -> Contract:
    """Carry out an accepted deal between roles a and b; return its ledger entry."""
    q, econ = state.quarter, state.scenario.economy
    cost = amount(deal, size)
    end = q + 1
    gw = 0.0
    per_quarter = cost
    start = q
    if deal == "compute-lease":
        gw, end = lease_gw(size), q + LEASE_QUARTERS
        per_quarter = lease_price(state, a) * gw
    elif deal == "equity-investment":
        transfer(state, a, b, cost)
        issue_stake(state, a, cost / (openai_value(state) + cost))
    elif deal == "conversion-consent":
        state.consent = True
        end = state.scenario.quarters
        per_quarter = STAKE_BONUS[size]
    elif deal == "agi-buyout":
        transfer(state, a, b, cost)
        state.agi_clause = False
        if state.agi in (Agi.DECLARED, Agi.DISPUTED):
            state.agi = Agi.NONE
    elif deal == "ip-extension":
        transfer(state, a, b, cost)
        state.ip_horizon += 4 * size
    elif deal == "revenue-share-reset":
        transfer(state, a, b, cost)
        state.revenue_share = max(0.0, state.revenue_share - 0.05 * size)
    elif deal == "exclusivity-waiver":
        transfer(state, a, b, cost)
        if size in (1, 3):
            state.exclusivity = False
        if size in (2, 3):
            state.rofr = False
    elif deal == "stargate-commitment":
        for partner in (a, b):
            external(state, partner, -cost)
            state.venture_paid[partner] += cost
        state.venture_pipeline.append((q + econ.build_lag, 2 * cost / econ.gw_build_cost))
    elif deal == "model-delivery":
        transfer(state, a, b, cost)
        state.delivery_until = q + DURATION[size]
        end = state.delivery_until
    elif deal == "info-sharing":
        state.info_until[a][b] = state.info_until[b][a] = q + DURATION[size]
        end = q + DURATION[size]
        adjust_trust(state, a, b, 0.03 * size)
    elif deal == "capacity-prepayment":
        transfer(state, a, b, cost)
        external(state, b, -cost)  # the provider spends the prepayment on the build
        gw = 1.25 * cost / econ.gw_build_cost
        start, end = q + econ.build_lag, state.scenario.quarters
        state.companies[b].pipeline.append((start, gw))
    elif deal == "loan":
        transfer(state, a, b, cost)
        state.companies[b].debt += cost
        end = q + LOAN_QUARTERS
    contract = Contract(deal, a, b, size, start, end, gw, per_quarter)
    state.contracts.append(contract)
    return contract


def describe_terms(state: GameState, deal: str, a: Seat, b: Seat, size: int) -> str:
    """Plain-words terms of a deal at a size, for previews and logs."""
    cost = amount(deal, size)
    text = {
        "compute-lease": f"{a.label} leases {lease_gw(size):.2f} GW to {b.label} for {LEASE_QUARTERS} quarters "
                         f"at ${lease_price(state, a):.2f}B/GW/quarter",
        "equity-investment": f"{a.label} invests ${cost:.0f}B in OpenAI at its current valuation",
        "conversion-consent": f"Microsoft consents to conversion; its stake gains {STAKE_BONUS[size]*100:.0f} points at conversion",
        "agi-buyout": f"Microsoft pays ${cost:.0f}B; the AGI clause is dropped",
        "ip-extension": f"Microsoft pays ${cost:.0f}B; IP access extends {4*size} quarters",
        "revenue-share-reset": f"OpenAI pays ${cost:.0f}B; revenue share falls {5*size} points",
        "exclusivity-waiver": f"OpenAI pays ${cost:.0f}B; waives " + {1: "API exclusivity", 2: "the ROFR",
                                                                      3: "API exclusivity and the ROFR"}[size],
        "stargate-commitment": f"{a.label} and {b.label} each commit ${cost:.0f}B to Stargate",
        "model-delivery": f"Microsoft pays ${cost:.0f}B; OpenAI delivers on time for {DURATION[size]} quarters",
        "info-sharing": f"{a.label} and {b.label} share private figures for {DURATION[size]} quarters",
        "capacity-prepayment": f"{a.label} prepays ${cost:.0f}B; {b.label} builds "
                               f"{1.25*cost/state.scenario.economy.gw_build_cost:.2f} GW for it",
        "loan": f"{a.label} lends {b.label} ${cost:.0f}B for {LOAN_QUARTERS} quarters",
    }[deal]
    return text
