"""Headless tournaments: seat-rotated, reproducible, resumable, local or on Ray.

    >>> from game.tournament import make_settings
    >>> s = make_settings(["random", "passive"], games=4, seed=1, scenario="sprint-2025")
    >>> s.rotations, s.agents
    (2, ('random', 'passive'))

``driver`` wires the pieces together (see its docstring for the map):
``schedule``, ``worker``, ``runners``, ``store``, ``stats``, ``report``,
``plots``.
"""

from .driver import RunOptions, RunReport, default_out, make_settings, print_report, run_tournament
from .schedule import TournamentError
from .store import Settings

__all__ = ["RunOptions", "RunReport", "default_out", "make_settings", "print_report", "run_tournament",
           "TournamentError", "Settings"]
