"""The rules core of Frenemies: pure Python, no pygame, no Mesa.

    >>> from game.rules import load_scenario, new_game, legal_choices, apply, parse
    >>> state = new_game(load_scenario("sprint-2025"), seed=7)
    >>> state.label(), state.phase.value
    ('2025Q1', 'propose')
    >>> apply(state, parse("pass"))
"""

from .choices import (ACTION_SPACE, DEALS, MOVES, Accept, Act, Choice, Counter, Match, Pass, Propose, Reject, Waive,
                      action_mask, decode, encode, parse)
from .engine import apply, apply_unchecked, legal_choices, negotiation_order, new_game, to_move, why_illegal
from .errors import FrenemiesError, IllegalChoiceError, InvalidChoiceError, ScenarioError
from .observation import Observation, observe, redact
from .scenario import Scenario, available_scenarios, load_scenario, parse_scenario
from .scoring import Outcome, joint_value, outcome, score
from .seats import SEATS, Seat
from .state import Agi, Contract, GameState, Phase, Proposal

__all__ = [
    "ACTION_SPACE", "DEALS", "MOVES", "Accept", "Act", "Choice", "Counter", "Match", "Pass", "Propose", "Reject",
    "Waive", "action_mask", "decode", "encode", "parse", "apply", "apply_unchecked", "legal_choices",
    "negotiation_order", "new_game", "to_move", "why_illegal", "FrenemiesError", "IllegalChoiceError",
    "InvalidChoiceError", "ScenarioError", "Observation", "observe", "redact", "Scenario", "available_scenarios",
    "load_scenario", "parse_scenario", "Outcome", "joint_value", "outcome", "score", "SEATS", "Seat", "Agi",
    "Contract", "GameState", "Phase", "Proposal",
]
