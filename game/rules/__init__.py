"""The rules core of Frenemies: pure Python, no pygame, no Mesa.

    >>> from game.rules import load_scenario, new_game, legal_choices, apply, parse
    >>> state = new_game(load_scenario("sprint-2025"), seed=7)
    >>> state.label(), state.phase.value
    ('2025Q1', 'propose')
    >>> apply(state, parse("pass"))
"""

from .choices import (ACTION_SPACE, DEALS, MOVES, Accept, Act, Choice, Counter, Match, Pass, Propose, Reject, Waive,
                      action_mask, decode, encode, parse)
from .deals import CATALOGUE, describe_terms, leased_in, leased_out, spare_compute
from .engine import (apply, apply_unchecked, legal_choices, negotiation_order, new_game, proposals_allowed, to_move,
                     why_illegal)
from .errors import FrenemiesError, IllegalChoiceError, InvalidChoiceError, ScenarioError
from .moves import DESCRIPTIONS as MOVE_DESCRIPTIONS
from .moves import MENUS, capex_cost
from .moves import why_not as move_why_not
from .observation import Observation, observe, redact
from .resolution import openai_compute, profit_capacity, spot_demand, spot_sold
from .scenario import SCENARIO_DIR, Scenario, available_scenarios, load_scenario, parse_scenario
from .scenario import replace as replace_scenario
from .scoring import Outcome, company_value, joint_value, openai_value, outcome, score, venture_share
from .seats import SEATS, Seat
from .state import Agi, Contract, GameState, Phase, Proposal

__all__ = [
    # choices and their notation
    "ACTION_SPACE", "DEALS", "MOVES", "Accept", "Act", "Choice", "Counter", "Match", "Pass", "Propose", "Reject",
    "Waive", "action_mask", "decode", "encode", "parse",
    # the game's flow
    "apply", "apply_unchecked", "legal_choices", "negotiation_order", "new_game", "proposals_allowed", "to_move",
    "why_illegal", "observe", "redact", "Observation",
    # errors
    "FrenemiesError", "IllegalChoiceError", "InvalidChoiceError", "ScenarioError",
    # scenarios
    "SCENARIO_DIR", "Scenario", "available_scenarios", "load_scenario", "parse_scenario", "replace_scenario",
    # state and outcome
    "SEATS", "Seat", "Agi", "Contract", "GameState", "Phase", "Proposal", "Outcome", "joint_value", "outcome", "score",
    # read-only figures callers show or reason with (deals, moves, markets, valuations)
    "CATALOGUE", "describe_terms", "leased_in", "leased_out", "spare_compute", "MENUS", "MOVE_DESCRIPTIONS",
    "capex_cost", "move_why_not", "openai_compute", "profit_capacity", "spot_demand", "spot_sold", "company_value",
    "openai_value", "venture_share",
]
