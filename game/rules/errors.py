"""Typed errors of the rules core.

Like python-chess's ``InvalidMoveError`` / ``IllegalMoveError``, bad syntax and
a well-formed but illegal choice are different mistakes and get different
types, so callers (the CLI, replays, the UI) can report each in one line.
"""


class FrenemiesError(Exception):
    """Base class for every error the game reports to a user."""


class ScenarioError(FrenemiesError):
    """A scenario file is missing, unreadable or fails validation."""


class InvalidChoiceError(FrenemiesError, ValueError):
    """A choice's notation or integer code cannot be parsed."""


class IllegalChoiceError(FrenemiesError, ValueError):
    """A well-formed choice that is not legal in the current state."""
