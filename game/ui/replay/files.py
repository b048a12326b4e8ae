"""The replays folder as a list: newest first, with date, agents, winner.

No pygame here. Every file is read through ``game.replay.load`` (so the size
limit and format checks are the same as everywhere else); a file that cannot
be read is still listed, with the one-line reason, so the viewer can say what
is wrong with it when someone tries to open it. Reads are cached by (path,
size, mtime): reopening the list does not parse every file again.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.replay import ReplayError, load
from game.rules import SEATS


@dataclass(frozen=True)
class ReplayInfo:
    """One line of the list."""

    path: Path
    mtime: float
    scenario: str = ""
    quarters: int = 0           # quarters recorded (complete ones)
    length: int = 0             # the scenario's quarters (0 if unknown)
    agents: tuple[str, ...] = ()
    winner: str = ""
    unfinished: bool = False
    parent: str = ""            # "FILE at 2026Q3" for a fork
    error: str = ""             # why it cannot be opened ("" if it can)

    @property
    def name(self) -> str:
        return self.path.name

    def date(self) -> str:
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(self.mtime))

    def agents_text(self) -> str:
        """``planner@normal x4`` when one agent plays every seat, else the four in seat order."""
        if not self.agents:
            return ""
        if len(set(self.agents)) == 1:
            return f"{self.agents[0]} x{len(self.agents)}"
        return ", ".join(self.agents)

    def progress_text(self) -> str:
        if self.error:
            return ""
        total = f"/{self.length}" if self.length else ""
        return f"{self.quarters}{total} quarters" + (", unfinished" if self.unfinished else "")


_CACHE: dict[tuple[str, int, float], ReplayInfo] = {}


def describe(path: Path) -> ReplayInfo:
    """Read one file's list line (cached while the file is unchanged)."""
    try:
        st = path.stat()
    except OSError as exc:
        return ReplayInfo(path, 0.0, error=f"{path.name}: cannot read ({exc.strerror})")
    key = (str(path), st.st_size, st.st_mtime)
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    try:
        info = _info(path, st.st_mtime, load(path))
    except ReplayError as exc:
        info = ReplayInfo(path, st.st_mtime, error=str(exc).replace(str(path), path.name))
    _CACHE[key] = info
    return info


def _info(path: Path, mtime: float, data: dict[str, Any]) -> ReplayInfo:
    agents = data.get("agents", {})
    result = data.get("result") or {}
    parent = data.get("parent") or {}
    frame = parent.get("frame") or {}
    at = f"{frame.get('quarter', '?')}" + (f":{frame['decision']}" if frame.get("decision") else "")
    length = _scenario_length(data.get("scenario_toml", ""))
    return ReplayInfo(path, mtime, str(data.get("scenario", "")), len(data["quarters"]), length,
                      tuple(str(agents.get(s.label, "?")) for s in SEATS), str(result.get("winner", "")),
                      not result, f"{parent.get('file', '?')} at {at}" if parent else "")


def _scenario_length(toml_text: str) -> int:
    """The scenario's number of quarters, read cheaply from its TOML (0 if not found)."""
    for line in toml_text.splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip() == "quarters":
            try:
                return int(value.split("#")[0].strip())
            except ValueError:
                return 0
    return 0


def scan(directory: Path) -> list[ReplayInfo]:
    """Every ``*.json`` file in ``directory``, newest first (by modification time, then name)."""
    directory = Path(directory)
    if not directory.is_dir():
        return []
    files = [p for p in directory.glob("*.json") if p.is_file() and not p.name.startswith(".")]
    infos = [describe(p) for p in files]
    return sorted(infos, key=lambda i: (-i.mtime, i.name))
