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
import math
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from game.rules import SEATS, FrenemiesError, Outcome, Scenario, parse_scenario
from game.rules import read_regular as read_untrusted
from game.version import __version__

FORMAT = "frenemies-replay"
FORMAT_VERSION = 3  # 3: the state digest of frenemies 0.2.1; 2: rules v2 (package deals); 1: frenemies 0.1
MAX_BYTES = 20 * 1024 * 1024
#: where games are saved unless told otherwise: ``$FRENEMIES_REPLAY_DIR``, else ``replays/`` beside ``game/``
REPLAY_DIR = Path(os.environ.get("FRENEMIES_REPLAY_DIR") or Path(__file__).resolve().parents[2] / "replays")


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
    """Write via a temporary file in the same directory, ``fsync`` it, rename it over ``path`` and ``fsync`` the
    directory: a crash or a kill at any point leaves either the old file or the new one, never a partial one.
    The temporary file is removed on any failure (Ctrl-C and SIGTERM included, where they raise)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable (a no-op where directories cannot be opened, e.g. Windows)."""
    try:
        dfd = os.open(directory or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)


def read_regular(path: str | Path, limit: int, what: str = "file") -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes, else a one-line ``ReplayError``
    (the rules' reader, which scenarios use too)."""
    return read_untrusted(path, limit, what, ReplayError)


class _Malformed(ValueError):
    """Raised inside the JSON parser's hooks."""


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _Malformed(f"a {len(text)}-digit number")
    return int(text)


def _no_constant(name: str) -> Any:
    raise _Malformed(f"{name} is not a number JSON allows")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        dup = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise _Malformed(f"the key {dup[:40]!r} appears twice in one object")
    return out


def parse_json(raw: bytes, where: str, what: str = "replay") -> Any:
    """Strict JSON: UTF-8, no duplicate keys, no NaN or Infinity, no integer longer than ``MAX_INT_DIGITS``
    digits, no nesting deeper than the parser's stack; every problem is one line."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ReplayError(f"{where}: not a {what} (not UTF-8 text)") from None
    try:
        return json.loads(text, parse_int=_bounded_int, parse_constant=_no_constant, object_pairs_hook=_unique_keys)
    except _Malformed as exc:
        raise ReplayError(f"{where}: malformed {what} ({exc})") from None
    except json.JSONDecodeError as exc:
        raise ReplayError(f"{where}: corrupt or truncated {what} (JSON error at line {exc.lineno})") from None
    except RecursionError:
        raise ReplayError(f"{where}: malformed {what} (nested too deeply)") from None
    except ValueError as exc:  # e.g. a float literal Python cannot read
        raise ReplayError(f"{where}: malformed {what} ({str(exc).splitlines()[0][:80]})") from None


def load(path: str | Path) -> dict[str, Any]:
    """Read and check a replay file; one-line ``ReplayError`` on any problem (see ``check``)."""
    where = str(path)
    data = parse_json(read_regular(path, MAX_BYTES, "replay file"), where)
    check(data, where)
    return data


# ------------------------------------------------------------ the schema
SEAT_LABELS = tuple(s.label for s in SEATS)
MAX_INT_DIGITS = 40
MAX_QUARTERS = 80            # the longest game a scenario may describe (game.rules.scenario's range)
MAX_DECISIONS = 4 * 4 * 7 + 4  # per quarter: 4 talks x 4 seats x (5 packages, a last answer, ROFR) + 4 moves
MAX_LOG_LINES = 400          # per quarter
TEXT_LIMITS = {"choice": 1000, "rationale": 200, "fault": 300, "log": 500, "agent": 100, "file": 255}
TOP_KEYS = {"format", "format_version", "game_version", "scenario", "scenario_digest", "seed", "agents", "parent",
            "reseeds", "scenario_toml", "quarters", "partial", "result", "faults"}
REQUIRED_KEYS = TOP_KEYS - {"parent", "reseeds", "partial", "result"}
QUARTER_KEYS = {"quarter", "decisions", "hash", "log"}
DECISION_KEYS = {"seat", "choice", "rationale", "fault"}
RESULT_KEYS = {"scores", "winner", "ranking", "joint_value", "reason"}
#: agent specs as the registry reads them: a code, code@level, a dotted path module:Class or an entry-point name
AGENT_SPEC = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.:@-]{0,99}")
VERSION = re.compile(r"[0-9]+(\.[0-9]+){0,3}[A-Za-z0-9.+-]{0,20}")
LABEL = re.compile(r"[0-9]{4}Q[1-4]")
HEX = re.compile(r"[0-9a-f]+")


def _text(value: Any, limit: int) -> bool:
    """One line of printable text, at most ``limit`` characters, that any terminal can print."""
    if not isinstance(value, str) or len(value) > limit:
        return False
    if any(ch < " " or "\x7f" <= ch < "\xa0" for ch in value):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return False
    return True


def _int(value: Any, lo: int, hi: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and lo <= value < hi


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _agents_ok(value: Any) -> bool:
    return (isinstance(value, dict) and tuple(value) == SEAT_LABELS
            and all(isinstance(v, str) and AGENT_SPEC.fullmatch(v) for v in value.values()))


def _decision_ok(d: Any) -> bool:
    return (isinstance(d, dict) and {"seat", "choice"} <= set(d) <= DECISION_KEYS and d["seat"] in SEAT_LABELS
            and _text(d["choice"], TEXT_LIMITS["choice"])
            and all(_text(d[k], TEXT_LIMITS[k]) for k in ("rationale", "fault") if k in d))


def _decisions_ok(value: Any) -> bool:
    return isinstance(value, list) and len(value) <= MAX_DECISIONS and all(_decision_ok(d) for d in value)


def _result_ok(r: Any) -> bool:
    return (isinstance(r, dict) and set(r) == RESULT_KEYS
            and isinstance(r["scores"], dict) and tuple(r["scores"]) == SEAT_LABELS
            and all(_number(v) for v in r["scores"].values())
            and isinstance(r["ranking"], list) and sorted(r["ranking"], key=str) == sorted(SEAT_LABELS)
            and r["winner"] in SEAT_LABELS and _number(r["joint_value"]) and _text(r["reason"], 200))


def check(data: Any, where: str) -> None:
    """The replay's shape: every field present with the right type, every size within what a game can produce,
    no field this format does not define. What the fields *say* is ``game.replay.verify``'s to check."""
    def bad(field: str) -> ReplayError:
        return ReplayError(f"{where}: replay field '{field}' is missing or malformed")

    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ReplayError(f"{where}: not a Frenemies replay")
    version = data.get("format_version")
    if not _int(version, 0, 10**6) or version != FORMAT_VERSION:
        shown = repr(version)[:20]
        made = data.get("game_version")
        by = f" (made by frenemies {made})" if isinstance(made, str) and VERSION.fullmatch(made) else ""
        hint = "; an older replay is read by the version that made it (format 2 hashed each quarter's state " \
            "another way, format 1 had other rules)" if _int(version, 1, 10**6) and version < FORMAT_VERSION else ""
        raise ReplayError(f"{where}: replay format version {shown}{by} is not supported: this is frenemies "
                          f"{__version__}, replay format {FORMAT_VERSION}{hint}")
    unknown = sorted(set(data) - TOP_KEYS, key=str)
    if unknown:
        raise ReplayError(f"{where}: replay field {unknown[0][:40]!r} is not part of the format")
    missing = sorted(REQUIRED_KEYS - set(data))
    if missing:
        raise bad(missing[0])
    if not isinstance(data["game_version"], str) or not VERSION.fullmatch(data["game_version"]):
        raise bad("game_version")
    if not isinstance(data["scenario"], str) or not _text(data["scenario"], 64):
        raise bad("scenario")
    if not isinstance(data["scenario_digest"], str) or len(data["scenario_digest"]) != 64 \
            or not HEX.fullmatch(data["scenario_digest"]):
        raise bad("scenario_digest")
    if not _int(data["seed"], 0, 2**63):
        raise bad("seed")
    if not _agents_ok(data["agents"]):
        raise bad("agents")
    if not isinstance(data["scenario_toml"], str) or len(data["scenario_toml"]) > 1 << 20:
        raise bad("scenario_toml")
    quarters = data["quarters"]
    if not isinstance(quarters, list) or len(quarters) > MAX_QUARTERS:
        raise bad("quarters")
    for n, q in enumerate(quarters):
        if (not isinstance(q, dict) or set(q) != QUARTER_KEYS or not isinstance(q["quarter"], str)
                or not LABEL.fullmatch(q["quarter"]) or not isinstance(q["hash"], str) or len(q["hash"]) != 32
                or not HEX.fullmatch(q["hash"]) or not _decisions_ok(q["decisions"])
                or not isinstance(q["log"], list) or len(q["log"]) > MAX_LOG_LINES
                or not all(_text(line, TEXT_LIMITS["log"]) for line in q["log"])):
            raise ReplayError(f"{where}: replay quarter record {n} is malformed")
    if "partial" in data and (not _decisions_ok(data["partial"]) or not data["partial"]):
        raise bad("partial")
    if "result" in data and not _result_ok(data["result"]):
        raise bad("result")
    faults = data["faults"]
    if not isinstance(faults, list) or not all(_text(f, TEXT_LIMITS["fault"]) for f in faults):
        raise bad("faults")
    if "parent" in data:
        parent = data["parent"]
        if not (isinstance(parent, dict) and set(parent) == {"file", "sha256", "frame", "agents"}
                and _text(parent["file"], TEXT_LIMITS["file"]) and parent["file"] not in ("", ".", "..")
                and "/" not in parent["file"] and "\\" not in parent["file"]
                and isinstance(parent["sha256"], str) and len(parent["sha256"]) == 64
                and HEX.fullmatch(parent["sha256"]) and isinstance(parent["frame"], dict)
                and set(parent["frame"]) == {"quarter", "decision"} and isinstance(parent["frame"]["quarter"], str)
                and LABEL.fullmatch(parent["frame"]["quarter"]) and _int(parent["frame"]["decision"], 0, MAX_DECISIONS + 1)
                and _agents_ok(parent["agents"])):
            raise bad("parent")
    if "reseeds" in data:
        reseeds = data["reseeds"]
        if not isinstance(reseeds, list) or not reseeds or len(reseeds) > MAX_QUARTERS or not all(
                isinstance(r, dict) and set(r) == {"quarter", "decision", "seed"} and isinstance(r["quarter"], str)
                and LABEL.fullmatch(r["quarter"]) and _int(r["decision"], 0, MAX_DECISIONS + 1)
                and _int(r["seed"], 0, 2**63) for r in reseeds):
            raise bad("reseeds")


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


def safe_stem(text: str) -> str:
    """A file-name stem from any text: letters, digits, '.', '_', '@' and '-' only, never a path."""
    stem = re.sub(r"[^A-Za-z0-9._@-]+", "-", text).strip(".-")[:120]
    return stem or "game"


def fresh_path(directory: str | Path, base: str) -> Path:
    """``directory/BASE.json``, or ``BASE-2.json``, ``BASE-3.json`` ...: never an existing file, so no save
    overwrites another game. ``base`` is made a plain file name first (``safe_stem``)."""
    base = safe_stem(base)
    path, n = Path(directory) / f"{base}.json", 1
    while path.exists():
        n += 1
        path = Path(directory) / f"{base}-{n}.json"
    return path
