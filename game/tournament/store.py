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

import hashlib
import hmac
import json
import math
import os
import stat
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Iterator

from game.replay import ReplayError, read_regular, write_atomic
from game.rules import SEATS
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


def prepare_dir(out: Path) -> DirLock:
    """Create ``out`` if needed, take its lock (one writer per directory) and prove it is writable (by writing,
    since root ignores modes). Returns the held lock: release it when the run ends."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise TournamentError(f"output {out} exists and is not a directory") from None
    except OSError as exc:
        raise TournamentError(f"cannot create output directory {out}: {exc.strerror}") from None
    lock = DirLock(out).acquire()
    try:
        _probe(out)
    except BaseException:
        lock.release()
        raise
    return lock


def _regular(path: Path, limit: int = 0) -> bytes:
    """Refuse a FIFO, device or directory where a tournament file should be, before opening it for reading
    (a FIFO would hang the run); with ``limit``, read the file (at most ``limit`` bytes)."""
    if not limit:
        try:
            if not stat.S_ISREG(os.stat(path).st_mode):
                raise TournamentError(f"{path} is not a regular file; move it away or choose another --out")
        except OSError as exc:
            raise TournamentError(f"{path}: cannot read ({exc.strerror})") from None
        return b""
    return read_regular(path, limit, "tournament file")


def _probe(out: Path) -> None:
    try:
        fd, probe = tempfile.mkstemp(prefix=".write-test.", dir=out)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise TournamentError(f"output directory {out} is not writable: {exc.strerror}") from None


LOCK = "tournament.lock"


class DirLock:
    """One writer per tournament directory: an exclusive ``flock`` on ``DIR/tournament.lock``, held while the run
    lasts. The kernel drops it when the process ends however it ends (``kill -9`` included), so a stale lock
    never blocks a resume. Without ``fcntl`` (Windows) there is no lock."""

    def __init__(self, out: Path) -> None:
        self.path, self._fd = out / LOCK, -1

    def acquire(self) -> "DirLock":
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX
            return self
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise TournamentError(f"cannot create the lock {self.path}: {exc.strerror}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise TournamentError(f"another tournament is writing to {self.path.parent} right now; wait for it to "
                                  "finish (then run again to resume) or choose another --out") from None
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = -1

    def __enter__(self) -> "DirLock":
        return self if self._fd >= 0 else self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def open_manifest(out: Path, settings: Settings, write: bool = True) -> Settings:
    """Check ``out`` holds this tournament (or none yet) and record its settings (``write=False``: check only).

    The same settings resume; a larger ``--games`` extends a finished
    tournament (game ``i`` never depends on the total); anything else stops.
    """
    path, games = out / MANIFEST, out / GAMES
    if not path.exists():
        if games.exists() and games.stat().st_size > 0:
            raise TournamentError(f"{out} holds {GAMES} but no {MANIFEST}; choose another --out")
        if write:
            write_atomic(path, json.dumps(settings.to_dict(), indent=1) + "\n")
        return settings
    try:
        stored = Settings.from_dict(json.loads(_regular(path, MAX_LINE).decode("utf-8")))
    except (OSError, ValueError, TypeError, RecursionError, ReplayError) as exc:
        raise TournamentError(f"{path} is not a readable tournament manifest ({exc}); choose another --out") from None
    for f in fields(Settings):
        if f.name != "games" and getattr(stored, f.name) != getattr(settings, f.name):
            raise TournamentError(
                f"{out} holds a tournament with other settings ({f.name} {_describe(f.name, getattr(stored, f.name))}, "
                f"not {_describe(f.name, getattr(settings, f.name))}); use the same settings or another --out")
    if settings.games < stored.games:
        raise TournamentError(f"{out} holds a {stored.games}-game tournament; --games {settings.games} would drop games "
                              f"(use --games {stored.games} or more, or another --out)")
    if settings.games > stored.games and write:
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
        if not self.path.exists() and not self.path.is_symlink():
            return 0
        _regular(self.path)
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
        """A kept line must be game ``expected`` of this schedule, well formed, consistent and unedited."""
        where = f"{self.path} line {expected + 1}"
        spec = game_spec(settings.seed, settings.agents, expected)
        agents = record.get("agents")
        if (record.get("index") != expected or record.get("seed") != spec.seed or not isinstance(agents, dict)
                or tuple(agents.values()) != spec.agents or record.get("seed_index") != spec.seed_index
                or record.get("rotation") != spec.rotation):
            raise TournamentError(f"{where} is not game {expected} of this tournament "
                                  f"(edited or copied from elsewhere?); choose another --out")
        problem = record_problem(record)
        if problem:
            raise TournamentError(f"{where} {problem}; the file was edited or damaged: move it away or choose "
                                  "another --out")

    def append(self, records: list[dict[str, Any]]) -> None:
        """Append finished games, one JSON line each (sealed with their ``check`` digest), and make them durable
        before returning."""
        if self._fh is None:
            self._fh = open(self.path, "a", encoding="utf-8")
        self._fh.write("".join(json.dumps(seal(r), ensure_ascii=False, separators=(",", ":")) + "\n"
                               for r in records))
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def iter_records(path: Path) -> Iterator[dict[str, Any]]:
    """Stream the complete lines of a games log (a torn last line is skipped). Lines are read as bytes and
    decoded one by one, so a damaged line (not UTF-8, not JSON, too long) is one line of error."""
    with open(path, "rb") as fh:
        number = 0
        while True:
            raw = fh.readline(MAX_LINE + 1)
            if not raw:
                return
            number += 1
            if len(raw) > MAX_LINE:
                raise TournamentError(f"{path} line {number} is longer than any game record; move the file away "
                                      "to start over")
            if not raw.endswith(b"\n"):
                return  # torn by a kill mid-write: not a finished game
            try:
                record = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
            except (ValueError, RecursionError):  # not UTF-8, not JSON, NaN, a 5000-digit number
                raise TournamentError(f"{path} line {number} is corrupt; move the file away to start over") from None
            if not isinstance(record, dict):
                raise TournamentError(f"{path} line {number} is not a game record")
            yield record


# ------------------------------------------------------------ one line per game: its schema and its seal
MAX_LINE = 1 << 20
RECORD_KEYS = {"index", "seed_index", "rotation", "seed", "agents", "scores", "ranking", "winner", "joint_value",
               "faults", "digest", "game_version", "duration_s", "check"}
SEAT_LABELS = tuple(s.label for s in SEATS)


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def _sealed_part(record: dict[str, Any]) -> str:
    """What the ``check`` digest covers: everything but the digest itself and the timing, canonically."""
    body = {k: v for k, v in record.items() if k not in ("check", "duration_s")}
    return json.dumps(body, sort_keys=True, ensure_ascii=True, separators=(",", ":"))


def seal(record: dict[str, Any]) -> dict[str, Any]:
    """The record with its ``check`` field: the sha256 of the rest (timing aside). An edited score, winner or
    fault no longer matches it, so a resume refuses the line. (A deliberate forger can recompute it: ``--recheck``
    re-plays the games instead.)"""
    return {**record, "check": hashlib.sha256(_sealed_part(record).encode("utf-8")).hexdigest()}


def _finite(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def record_problem(record: dict[str, Any]) -> str:
    """Why a games-log record cannot be trusted ("" if it can): its shape, its internal consistency (the ranking
    follows the scores, the winner heads it) and its seal."""
    if set(record) != RECORD_KEYS:
        extra = sorted(set(record) ^ RECORD_KEYS)
        return f"has {'no' if extra[0] not in record else 'an unknown'} field {extra[0]!r}"
    scores, ranking = record["scores"], record["ranking"]
    if not (isinstance(scores, dict) and tuple(scores) == SEAT_LABELS and all(_finite(v) for v in scores.values())):
        return "has malformed scores"
    if not (isinstance(ranking, list) and sorted(map(str, ranking)) == sorted(SEAT_LABELS)):
        return "has a malformed ranking"
    if ranking != sorted(SEAT_LABELS, key=lambda s: (-scores[s], SEAT_LABELS.index(s))) or record["winner"] != ranking[0]:
        return "has a ranking or winner that does not follow its scores"
    faults = record["faults"]
    if not (_finite(record["joint_value"]) and _finite(record["duration_s"]) and isinstance(faults, dict)
            and all(k in SEAT_LABELS and isinstance(v, list) and all(isinstance(x, str) for x in v)
                    for k, v in faults.items())
            and isinstance(record["digest"], str) and isinstance(record["game_version"], str)):
        return "has a malformed field"
    if not isinstance(record["check"], str) or not hmac.compare_digest(seal(record)["check"], record["check"]):
        return "does not match its check digest"
    return ""


def replay_path(out: Path, index: int) -> Path:
    return out / REPLAYS / f"game-{index:06d}.json"


def write_replay(out: Path, index: int, text: str) -> None:
    """Save one game's replay (before its line goes into the log, so a logged game has its replay)."""
    write_atomic(replay_path(out, index), text)


def write_text(path: Path, text: str) -> None:
    """Atomic text output (summary, CSV)."""
    write_atomic(path, text)
