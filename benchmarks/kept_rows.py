"""Games a long benchmark run has finished, kept as each one ends (``--rows FILE``, one JSON line a game).

A strength run is hours of games; stopped midway (Ctrl-C, a reboot, a closed laptop) it used to start again
from the first one. A game is fixed by its scenario, seed and seating, so the row kept for it is the row
playing it again would give, as long as the code is the same: each row carries the commit it was played at
(``code_commit``), and a run reuses only its own commit's rows. Uncommitted changes are one commit
(``+dirty``) whatever they are, so commit before a long run you mean to resume.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def code_commit() -> str:
    """The commit the code runs at (with ``+dirty`` when the tree has changes): rows and census chunks of
    one run must share it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+dirty" if dirty else "")


class KeptRows:
    """The finished games of a run (none kept when ``path`` is None): ``get`` a game's row if it was played
    at this commit on this scenario, ``add`` a row as its game ends (written and flushed at once)."""

    def __init__(self, path: Path | None, scenario: str, commit: str | None = None) -> None:
        self.path, self.scenario = path, scenario
        self.commit = commit if commit is not None else code_commit()
        self.rows: dict[tuple, dict[str, Any]] = {}
        if path is None:
            return
        try:  # opened for appending now, so a file that cannot take rows stops the run before its first game
            text = path.read_text(encoding="utf-8") if path.exists() else ""
            with path.open("a", encoding="utf-8") as f:
                if text and not text.endswith("\n"):  # cut short mid-line: the next row starts a line of its own
                    f.write("\n")
        except (OSError, UnicodeDecodeError) as exc:
            raise ValueError(f"cannot keep rows in {path}: {getattr(exc, 'strerror', None) or exc}") from None
        for line in text.splitlines():
            try:
                row = json.loads(line)
            except ValueError:  # the line being written when the run stopped
                continue
            if (isinstance(row, dict) and row.get("commit") == self.commit and row.get("scenario") == scenario
                    and {"table", "key", "seed", "specs"} <= row.keys()):
                self.rows[_key(row["table"], row["key"], row["seed"], row["specs"])] = row

    def get(self, game: Any) -> dict[str, Any] | None:
        """The kept row of ``game`` (a ``strength.Game``), or None if it is still to play."""
        return self.rows.get(_key(game.table, game.key, game.seed, game.specs))

    def add(self, row: dict[str, Any]) -> dict[str, Any]:
        """Keep a finished game's row; the row as kept (with its commit and scenario)."""
        row = {**row, "commit": self.commit, "scenario": self.scenario}
        self.rows[_key(row["table"], row["key"], row["seed"], row["specs"])] = row
        if self.path is not None:
            with self.path.open("a", encoding="utf-8") as f:
                f.write(json.dumps(row) + "\n")
        return row


def _key(table: str, key: str, seed: int, specs: Any) -> tuple:
    """A game as the rows know it: its table, the agent it is about, its seed and its seating."""
    return (table, key, seed, tuple(specs))
