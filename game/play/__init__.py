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
# The engine keeps many small objects a game at a time (the offers' counters, the notations read back, the
# replay's records), so every 700 objects made (the default) the collector walked the young ones, and every
# tenth time all since the freeze: 3% of a game of random agents by the collector's own clock.
# After 10,000 (CPython 3.13 made it 2,000): in lockstep with the default, the median game was 4.6% faster
# over two runs of 80 games, and 50,000 gained nothing more. Cyclic garbage waits a little longer to go.
gc.set_threshold(10_000, 10, 10)

__all__ = ["ISOLATIONS", "MAX_STRIKES", "check_agents", "DEFAULT_AGENTS", "ForkResult", "fork_file", "run_fork", "GameHook", "call", "DEFAULT_BUDGET_S", "CompanyAgent",
           "FrenemiesModel", "Interrupted", "agent_rng", "interruptible", "Game", "GameResult", "play_game", "reproduce",
           "setup_game"]
