"""A tournament's directory: its settings, its games log, its replays.

``tournament.json`` (the manifest) pins the settings that decide every
result; a run into a directory holding other settings stops with one line
instead of mixing two tournaments. ``games.jsonl`` gets one line per finished
game, appended in game-index order and flushed with ``fsync``; a run killed
mid-write leaves at most one torn last line, which the next run cuts off
before it appends. Everything else (summary, CSV, plots, replays) is written
through a temporary file and a rename, so no file is ever half-written.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Iterator

from game.replay import write_atomic
from game.version import __version__

from .schedule import ROTATION_SCHEME, TournamentError, game_spec, rotations

MANIFEST, GAMES, SUMMARY, RESULTS = "tournament.json", "games.jsonl", "summary.json", "results.csv"
PLOTS, REPLAYS = "plots", "replays"
FORMAT = "frenemies-tournament"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything that decides a tournament's results (not how fast it runs)."""

    agents: tuple[str, ...]
    games: int
    seed: int
    scenario: str
    scenario_digest: str
    budget_s: float
    rotation_scheme: str = ROTATION_SCHEME
    game_version: str = __version__

    @property
    def rotations(self) -> int:
        return rotations(self.agents)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["agents"] = list(self.agents)
        return {"format": FORMAT, **data, "rotations": self.rotations}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Settings":
        names = [f.name for f in fields(cls)]
        missing = [n for n in names if n not in data]
        if data.get("format") != FORMAT or missing:
            raise ValueError(f"missing {', '.join(missing) or 'format'}")
        values = {n: data[n] for n in names}
        values["agents"] = tuple(values["agents"])
        return cls(**values)


def _describe(name: str, value: Any) -> str:
    return ",".join(value) if name == "agents" else str(value)


def prepare_dir(out: Path) -> None:
    """Create ``out`` if needed and prove it is writable (by writing, since root ignores modes)."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise TournamentError(f"output {out} exists and is not a directory") from None
    except OSError as exc:
        raise TournamentError(f"cannot create output directory {out}: {exc.strerror}") from None
    try:
        fd, probe = tempfile.mkstemp(prefix=".write-test.", dir=out)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise TournamentError(f"output directory {out} is not writable: {exc.strerror}") from None


def open_manifest(out: Path, settings: Settings) -> Settings:
    """Check ``out`` holds this tournament (or none yet) and record its settings.

    The same settings resume; a larger ``--games`` extends a finished
    tournament (game ``i`` never depends on the total); anything else stops.
    """
    path, games = out / MANIFEST, out / GAMES
    if not path.exists():
        if games.exists() and games.stat().st_size > 0:
            raise TournamentError(f"{out} holds {GAMES} but no {MANIFEST}; choose another --out")
        write_atomic(path, json.dumps(settings.to_dict(), indent=1) + "\n")
        return settings
    try:
        stored = Settings.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        raise TournamentError(f"{path} is not a readable tournament manifest ({exc}); choose another --out") from None
    for f in fields(Settings):
        if f.name != "games" and getattr(stored, f.name) != getattr(settings, f.name):
            raise TournamentError(
                f"{out} holds a tournament with other settings ({f.name} {_describe(f.name, getattr(stored, f.name))}, "
                f"not {_describe(f.name, getattr(settings, f.name))}); use the same settings or another --out")
    if settings.games < stored.games:
        raise TournamentError(f"{out} holds a {stored.games}-game tournament; --games {settings.games} would drop games "
                              f"(use --games {stored.games} or more, or another --out)")
    if settings.games > stored.games:
        write_atomic(path, json.dumps(settings.to_dict(), indent=1) + "\n")
    return settings


class GamesLog:
    """``games.jsonl``: the durable, append-only record of finished games."""

    def __init__(self, out: Path) -> None:
        self.path = out / GAMES
        self.torn_bytes = 0
        self._fh: Any = None

    def recover(self, settings: Settings) -> int:
        """Cut a torn last line, check every kept line against the schedule, return how many games are done."""
        if not self.path.exists():
            return 0
        size = self.path.stat().st_size
        with open(self.path, "rb") as fh:
            end = size
            if size:
                fh.seek(size - 1)
                if fh.read(1) != b"\n":  # find the end of the last complete line
                    end = self._last_newline(fh, size)
        if end < size:
            self.torn_bytes = size - end
            with open(self.path, "r+b") as fh:
                fh.truncate(end)
                os.fsync(fh.fileno())
        done = 0
        for record in iter_records(self.path):
            self._check(record, done, settings)
            done += 1
        if done > settings.games:
            raise TournamentError(f"{self.path} holds {done} games, more than the {settings.games} asked for")
        return done

    @staticmethod
    def _last_newline(fh: Any, size: int) -> int:
        pos, block = size, 1 << 16
        while pos > 0:
            start = max(0, pos - block)
            fh.seek(start)
            data = fh.read(pos - start)
            cut = data.rfind(b"\n")
            if cut >= 0:
                return start + cut + 1
            pos = start
        return 0

    def _check(self, record: dict[str, Any], expected: int, settings: Settings) -> None:
        spec = game_spec(settings.seed, settings.agents, expected)
        agents = tuple(record.get("agents", {}).values())
        if record.get("index") != expected or record.get("seed") != spec.seed or agents != spec.agents:
            raise TournamentError(f"{self.path} line {expected + 1} is not game {expected} of this tournament "
                                  f"(edited or copied from elsewhere?); choose another --out")

    def append(self, records: list[dict[str, Any]]) -> None:
        """Append finished games, one JSON line each, and make them durable before returning."""
        if self._fh is None:
            self._fh = open(self.path, "a", encoding="utf-8")
        self._fh.write("".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in records))
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def iter_records(path: Path) -> Iterator[dict[str, Any]]:
    """Stream the complete lines of a games log (a torn last line is skipped)."""
    with open(path, "r", encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.endswith("\n"):
                return  # torn by a kill mid-write: not a finished game
            try:
                record = json.loads(line)
            except ValueError:
                raise TournamentError(f"{path} line {number} is corrupt; move the file away to start over") from None
            if not isinstance(record, dict):
                raise TournamentError(f"{path} line {number} is not a game record")
            yield record


def replay_path(out: Path, index: int) -> Path:
    return out / REPLAYS / f"game-{index:06d}.json"


def write_replay(out: Path, index: int, text: str) -> None:
    """Save one game's replay (before its line goes into the log, so a logged game has its replay)."""
    write_atomic(replay_path(out, index), text)


def write_text(path: Path, text: str) -> None:
    """Atomic text output (summary, CSV)."""
    write_atomic(path, text)
