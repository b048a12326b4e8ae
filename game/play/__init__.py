"""Playing games: the Mesa model, its hooks, the one game set-up, and forks that play on.

    >>> from game.play import play_game
    >>> game = play_game("sprint-2025", 7, ["random", "passive", "random", "passive"])
    >>> game.outcome.winner.label in ("Microsoft", "OpenAI", "SoftBank", "Oracle")
    True
"""

from .contain import ISOLATIONS, MAX_STRIKES, check_agents
from .fork import ForkResult, fork_file, run_fork
from .hooks import GameHook, call
from .model import DEFAULT_AGENTS, DEFAULT_BUDGET_S, CompanyAgent, FrenemiesModel, Interrupted, agent_rng, interruptible
from .reproduce import reproduce
from .setup import Game, GameResult, play_game, setup_game

__all__ = ["ISOLATIONS", "MAX_STRIKES", "check_agents", "DEFAULT_AGENTS", "ForkResult", "fork_file", "run_fork", "GameHook", "call", "DEFAULT_BUDGET_S", "CompanyAgent",
           "FrenemiesModel", "Interrupted", "agent_rng", "interruptible", "Game", "GameResult", "play_game", "reproduce",
           "setup_game"]
