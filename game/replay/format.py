"""The replay file format: JSON anyone can re-simulate.

A replay holds a header (format version, game version, the scenario's name,
TOML text and digest, the seed, the agents) and one record per quarter: every
decision in notation with its seat, rationale and any fault, and the state
digest after the quarter. Replays are data, never pickle; ``load`` refuses
oversized, truncated or foreign files with a one-line ``ReplayError``.
Reading a replay's decisions back is ``game.replay.reader``'s job.

A fork (``game.replay.frames``) is an ordinary replay with two optional header fields:
``parent`` (the parent file's name and sha256 and the frame it was forked at)
and ``reseeds``, a list of ``{"quarter", "decision", "seed"}``: just before
that decision of that quarter the state's chance seed becomes ``seed``. Both
reader honours ``reseeds``, so a fork verifies on its own.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from game.rules import SEATS, FrenemiesError, Outcome, Scenario, parse_scenario
from game.version import __version__

FORMAT = "frenemies-replay"
FORMAT_VERSION = 2  # 2: rules v2 (package deals); 1: frenemies 0.1 (single-term deals)
MAX_BYTES = 20 * 1024 * 1024
#: where games are saved unless told otherwise: ``replays/`` beside ``game/``
REPLAY_DIR = Path(__file__).resolve().parents[2] / "replays"


class ReplayError(FrenemiesError):
    """A replay that cannot be read, or that does not re-simulate."""


def result_dict(result: Outcome) -> dict[str, Any]:
    return {"scores": {s.label: result.scores[s] for s in SEATS}, "winner": result.winner.label,
            "ranking": [s.label for s in result.ranking], "joint_value": result.joint_value,
            "reason": result.reason}


def dumps(data: dict[str, Any]) -> str:
    """Canonical replay text: the same game gives the same bytes."""
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a failure never leaves a partial file."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load(path: str | Path) -> dict[str, Any]:
    """Read and check a replay file; one-line ``ReplayError`` on any problem."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise ReplayError(f"{p}: no such replay file") from None
    except OSError as exc:
        raise ReplayError(f"{p}: cannot read ({exc.strerror})") from None
    if p.is_dir():
        raise ReplayError(f"{p}: is a directory, not a replay file")
    if size > MAX_BYTES:
        raise ReplayError(f"{p}: {size} bytes is larger than the {MAX_BYTES // (1024 * 1024)} MiB replay limit")
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ReplayError(f"{p}: not a replay (not UTF-8 text)") from None
    except json.JSONDecodeError as exc:
        raise ReplayError(f"{p}: corrupt or truncated replay (JSON error at line {exc.lineno})") from None
    except OSError as exc:
        raise ReplayError(f"{p}: cannot read ({exc.strerror})") from None
    check(data, str(p))
    return data


def check(data: Any, where: str) -> None:
    """Structural checks of a parsed replay."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ReplayError(f"{where}: not a Frenemies replay")
    version = data.get("format_version")
    if type(version) is not int or version != FORMAT_VERSION:
        made = data.get("game_version")
        by = f" (made by frenemies {made})" if isinstance(made, str) and len(made) < 40 else ""
        hint = "; older replays play under the rules of the version that made them" if type(version) is int \
            and 0 < version < FORMAT_VERSION else ""
        raise ReplayError(f"{where}: replay format version {version!r}{by} is not supported: this is frenemies "
                          f"{__version__}, replay format {FORMAT_VERSION}{hint}")
    for key, typ in (("seed", int), ("scenario_toml", str), ("quarters", list), ("agents", dict)):
        if not isinstance(data.get(key), typ):
            raise ReplayError(f"{where}: replay field '{key}' is missing or malformed")
    for n, q in enumerate(data["quarters"]):
        if (not isinstance(q, dict) or not isinstance(q.get("decisions"), list) or not isinstance(q.get("hash"), str)
                or not all(isinstance(d, dict) and isinstance(d.get("choice"), str) for d in q["decisions"])):
            raise ReplayError(f"{where}: replay quarter record {n} is malformed")
    parent = data.get("parent")
    if parent is not None and not (isinstance(parent, dict) and isinstance(parent.get("sha256"), str)
                                   and isinstance(parent.get("frame"), dict)):
        raise ReplayError(f"{where}: replay field 'parent' is malformed")
    reseeds = data.get("reseeds", [])
    if not isinstance(reseeds, list) or not all(
            isinstance(r, dict) and isinstance(r.get("quarter"), str) and _is_count(r.get("decision"))
            and _is_count(r.get("seed")) for r in reseeds):
        raise ReplayError(f"{where}: replay field 'reseeds' is malformed")


def _is_count(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def reseed_points(data: dict[str, Any], scenario: Scenario, where: str = "replay") -> dict[tuple[int, int], int]:
    """``(quarter index, decision index) -> seed`` for a fork's ``reseeds`` (empty for most replays)."""
    out: dict[tuple[int, int], int] = {}
    for r in data.get("reseeds", []):
        try:
            qi = scenario.index_of(r["quarter"])
        except ValueError:
            raise ReplayError(f"{where}: reseed quarter {r['quarter']!r} is not a quarter label") from None
        out[qi, r["decision"]] = r["seed"]
    return out


def scenario_of(data: dict[str, Any], where: str = "replay") -> Scenario:
    """The scenario embedded in a replay, checked against its digest."""
    text = data["scenario_toml"]
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != data.get("scenario_digest"):
        raise ReplayError(f"{where}: embedded scenario does not match its digest")
    try:
        return parse_scenario(text, f"{where} (embedded scenario)")
    except FrenemiesError as exc:
        raise ReplayError(str(exc)) from None


def fresh_path(directory: str | Path, base: str) -> Path:
    """``directory/BASE.json``, or ``BASE-2.json``, ``BASE-3.json`` ...: never an existing file, so no save
    overwrites another game."""
    path, n = Path(directory) / f"{base}.json", 1
    while path.exists():
        n += 1
        path = Path(directory) / f"{base}-{n}.json"
    return path
