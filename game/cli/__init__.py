"""The ``frenemies`` command (also ``python -m game``): a thin layer over the core.

    main     the parser and one function per command (run, play, replay, fork, tournament, agents, scenarios)
    support  one-line usage errors, argument types, output checks
    play     ``frenemies play``: the window, or an all-AI game in the terminal
    display  rich tables for the terminal

Every bad input ends in one line on stderr and exit code 2, never a
traceback; outputs are written atomically so a failed run loses nothing.
"""

from .main import build_parser, entry, main

__all__ = ["build_parser", "entry", "main"]
