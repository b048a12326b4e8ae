"""Playing games: the Mesa model, its hooks, the one game set-up, and forks that play on.

    >>> from game.play import play_game
    >>> game = play_game("sprint-2025", 7, ["random", "passive", "random", "passive"])
    >>> game.outcome.winner.label in ("Microsoft", "OpenAI", "SoftBank", "Oracle")
    True
"""

import gc

from .contain import ISOLATIONS, MAX_STRIKES, check_agents
from .fork import ForkResult, fork_file, run_fork
from .hooks import GameHook, call
from .model import DEFAULT_AGENTS, DEFAULT_BUDGET_S, CompanyAgent, FrenemiesModel, Interrupted, agent_rng, interruptible
from .reproduce import reproduce
from .setup import Game, GameResult, play_game, setup_game

# What importing the play floor made (Mesa brings pandas and scipy: some 75,000 objects, nearly all of them
# alive until the process ends) leaves the collector's generations: a full collection walked all of them
# again, 50 ms every ten or so games of cheap agents, a tenth of their time. Frozen objects are still freed
# by reference counting; only a reference cycle among objects alive at this import would stay (``gc.freeze``).
gc.freeze()

__all__ = ["ISOLATIONS", "MAX_STRIKES", "check_agents", "DEFAULT_AGENTS", "ForkResult", "fork_file", "run_fork", "GameHook", "call", "DEFAULT_BUDGET_S", "CompanyAgent",
           "FrenemiesModel", "Interrupted", "agent_rng", "interruptible", "Game", "GameResult", "play_game", "reproduce",
           "setup_game"]
