"""The rules core of Frenemies: pure Python, no pygame, no Mesa.

    >>> from game.rules import load_scenario, new_game, legal_choices, apply, parse
    >>> state = new_game(load_scenario("sprint-2025"), seed=7)
    >>> state.label(), state.phase.value
    ('2025Q1', 'propose')
    >>> offer = parse("propose Oracle: compute ORCL>OAI 0.5GW 8q @2.4; cash OAI>ORCL 1")
    >>> str(offer)
    'propose Oracle: compute ORCL>OAI 0.5GW 8q @2.4; cash OAI>ORCL 1'
    >>> apply(state, parse("pass"))
"""

from .choices import (MOVES, Accept, Act, Choice, Counter, Match, Pass, Propose, Reject, Waive, freeze, known_notation,
                      notation, parse, reread)
from .deals import (commitments, credit_left, credit_limit, free_funds, interest_rate, obligations, openai_price,
                    reputation, why_not_package)
from .engine import (MAX_EXCHANGES, apply, apply_unchecked, draw_legal, exchanges_allowed, exchanges_left, legal_choices,
                     negotiation_order, new_game, to_move, why_illegal)
from .errors import FrenemiesError, IllegalChoiceError, InvalidChoiceError, ScenarioError
from .moves import DESCRIPTIONS as MOVE_DESCRIPTIONS
from .moves import MENUS, capex_cost
from .moves import why_not as move_why_not
from .observation import Observation, observe, redact
from .offers import TERM_TEMPLATES, TWEAKS, bump, legal_openers, openers, templates_for, variations, with_cash
from .resolution import (agi_uphold_chance, openai_compute, own_use_gw, product_demand, profit_capacity, serving_capacity,
                         spot_demand, spot_sold,
                         training_gain, venture_rent)
from .files import read_regular
from .scenario import SCENARIO_DIR, Scenario, available_scenarios, load_scenario, parse_scenario
from .scenario import replace as replace_scenario
from .scoring import (Outcome, claim, company_value, joint_value, loans_net, openai_payments, openai_value, outcome,
                      revenue_multiple, score, venture_share, venture_value)
from .seats import SEATS, Seat
from .state import Agi, Contract, GameState, Offer, Phase
from .terms import (GRID, KINDS, MAX_TERMS, AgiClause, Cash, Compute, Consent, Delivery, Info, Ip, Loan, Release,
                    RevShare, Stake, Term, Venture, canonical, kind, on_grid, parse_term, parties, slot, snap,
                    why_not_term)
from .capacity import leased_in, leased_out, spare_compute
from .wording import explain, plain, plain_package

__all__ = [
    # choices and their notation
    "MOVES", "Accept", "Act", "Choice", "Counter", "Match", "Pass", "Propose", "Reject", "Waive", "freeze", "parse",
    "notation", "known_notation", "reread",
    # deal terms (packages are tuples of them)
    "GRID", "KINDS", "MAX_TERMS", "AgiClause", "Cash", "Compute", "Consent", "Delivery", "Info", "Ip", "Loan",
    "Release", "RevShare", "Stake", "Term", "Venture", "canonical", "kind", "on_grid", "parse_term", "parties",
    "slot", "snap",
    "why_not_term", "why_not_package", "legal_openers", "openers", "variations", "with_cash", "TERM_TEMPLATES",
    "templates_for", "TWEAKS", "bump", "explain", "plain", "plain_package",
    # the game's flow
    "MAX_EXCHANGES", "apply", "apply_unchecked", "draw_legal", "legal_choices", "negotiation_order", "new_game", "exchanges_allowed",
    "exchanges_left", "to_move", "why_illegal", "observe", "redact", "Observation",
    # errors
    "FrenemiesError", "IllegalChoiceError", "InvalidChoiceError", "ScenarioError",
    # scenarios
    "SCENARIO_DIR", "Scenario", "available_scenarios", "read_regular", "load_scenario", "parse_scenario", "replace_scenario",
    # state and outcome
    "SEATS", "Seat", "Agi", "Contract", "GameState", "Offer", "Phase", "Outcome", "joint_value", "outcome", "score",
    "claim", "loans_net", "venture_value",
    # read-only figures callers show or reason with (money, capacity, moves, markets, valuations)
    "commitments", "credit_left", "credit_limit", "free_funds", "interest_rate", "obligations", "openai_price",
    "reputation", "leased_in", "leased_out", "spare_compute", "MENUS", "MOVE_DESCRIPTIONS", "capex_cost",
    "move_why_not", "agi_uphold_chance", "openai_compute", "own_use_gw", "profit_capacity", "product_demand", "serving_capacity",
    "spot_demand", "spot_sold",
    "training_gain", "venture_rent",
    "company_value", "openai_value", "openai_payments", "revenue_multiple", "venture_share",
]
