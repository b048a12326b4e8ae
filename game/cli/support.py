"""What every command-line layer shares (the main CLI, play, tournaments, forks):
one-line usage errors, argument types, output checks and the replay folder.
The replay folder itself is ``game.replay.REPLAY_DIR`` (the window saves there too)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, Callable

from game.replay import REPLAY_DIR
from game.rules import FrenemiesError

__all__ = ["EXIT_BAD_INPUT", "REPLAY_DIR", "UsageError", "OneLineParser", "play_saving", "seed_type", "writable_file"]

EXIT_BAD_INPUT = 2


class UsageError(FrenemiesError):
    """Bad command-line usage."""


class OneLineParser(argparse.ArgumentParser):
    """argparse, but usage errors are a single line and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message} (see --help)")


def seed_type(text: str) -> int:
    try:
        value = int(text, 10)
    except ValueError:
        raise argparse.ArgumentTypeError(f"seed must be a non-negative integer, got {text!r}") from None
    if value < 0 or value >= 2**63:
        raise argparse.ArgumentTypeError(f"seed must be a non-negative integer below 2**63, got {text!r}")
    return value


def writable_file(path: Path, what: str) -> Path:
    """Check an output path can be written before any work is done."""
    parent = path.resolve().parent
    if path.is_dir():
        raise UsageError(f"{what} {path} is a directory")
    if not parent.is_dir():
        raise UsageError(f"{what} {path}: directory {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise UsageError(f"{what} {path}: directory {parent} is not writable")
    return path


def play_saving(make_game: Callable[[], Any], directory: Path, base: str) -> Any:
    """Set up a game with ``make_game()`` (a ``game.play.Game``) and play it to the end; return it.

    If Ctrl-C or SIGTERM stops it, save what was played as ``directory/BASE.json`` (an unfinished replay,
    which verifies), say where in one line, and exit 130 or 143 (``SystemExit``). Nothing is left
    half-written: the signal is taken between decisions. Set-up is covered too (starting agent processes
    can take a moment): stopped there, there is nothing to save and the line says so."""
    from game.play import Interrupted, interruptible
    from game.replay import fresh_path, write_atomic

    game = None
    try:
        with interruptible():
            game = make_game()
            game.play()
    except Interrupted as stop:
        recorder = getattr(game, "recorder", None)
        if game is None or recorder is None or not (recorder.quarters or recorder.current):
            print(f"frenemies: interrupted ({stop.name}) before the first decision; nothing to save", file=sys.stderr)
            raise SystemExit(128 + stop.signum) from None
        try:
            path = fresh_path(directory, base)
            write_atomic(path, game.replay_text())
            print(f"frenemies: interrupted ({stop.name}); the game so far is saved to {path}", file=sys.stderr)
        except (OSError, FrenemiesError) as exc:
            print(f"frenemies: interrupted ({stop.name}); could not save the game so far: {exc}", file=sys.stderr)
        raise SystemExit(128 + stop.signum) from None
    finally:
        if game is not None:
            game.model.close()
    return game
