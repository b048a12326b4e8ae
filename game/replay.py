"""Replays: JSON files anyone can re-simulate.

A replay holds a header (format version, game version, the scenario's name,
TOML text and digest, the seed, the agents) and one record per quarter: every
decision in notation with its seat, rationale and any fault, and the state
digest after the quarter. ``verify`` replays the decisions through the checked
``apply`` and reports the first quarter whose digest differs. Replays are
data, never pickle; ``load`` refuses oversized, truncated or foreign files
with a one-line ``ReplayError``.

A fork (``game.fork``) is an ordinary replay with two optional header fields:
``parent`` (the parent file's name and sha256 and the frame it was forked at)
and ``reseeds``, a list of ``{"quarter", "decision", "seed"}``: just before
that decision of that quarter the state's chance seed becomes ``seed``. Both
``states`` and ``verify`` honour ``reseeds``, so a fork verifies on its own.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.rules import (SEATS, FrenemiesError, GameState, Outcome, Seat, apply, new_game, parse,
                        parse_scenario)
from game.rules.scoring import outcome
from game.version import __version__

FORMAT = "frenemies-replay"
FORMAT_VERSION = 1
MAX_BYTES = 20 * 1024 * 1024


class ReplayError(FrenemiesError):
    """A replay that cannot be read, or that does not re-simulate."""


class ReplayRecorder:
    """A hook that records a game as it is played (see ``game.hooks``)."""

    def __init__(self, agents: list[str], scenario_text: str, parent: dict[str, Any] | None = None) -> None:
        self.agents, self.scenario_text, self.parent = agents, scenario_text, parent
        self.quarters: list[dict[str, Any]] = []
        self.current: list[dict[str, Any]] = []
        self.faults: list[str] = []
        self.result: Outcome | None = None
        self.header: dict[str, Any] = {}
        self._log_mark = 0

    def on_start(self, model: Any) -> None:
        scen = model.scenario
        self.header = {
            "format": FORMAT, "format_version": FORMAT_VERSION, "game_version": __version__,
            "scenario": scen.name, "scenario_digest": scen.digest, "seed": model.seed,
            "agents": {seat.label: name for seat, name in zip(SEATS, self.agents)},
        }
        if self.parent:
            self.header["parent"] = self.parent

    def on_decision(self, model: Any, seat: Seat, choice: Any, rationale: str, fault: str | None) -> None:
        rec: dict[str, Any] = {"seat": seat.label, "choice": str(choice)}
        if rationale:
            rec["rationale"] = rationale
        if fault:
            rec["fault"] = fault
            self.faults.append(fault)
        self.current.append(rec)

    def on_quarter(self, model: Any, label: str, state: GameState) -> None:
        self.quarters.append({"quarter": label, "decisions": self.current, "hash": state.digest(),
                              "log": state.log[self._log_mark:]})
        self._log_mark = len(state.log)
        self.current = []

    def on_end(self, model: Any, result: Outcome) -> None:
        self.result = result

    def to_dict(self) -> dict[str, Any]:
        data = dict(self.header)
        data["scenario_toml"] = self.scenario_text
        data["quarters"] = self.quarters
        if self.current:  # a game stopped mid-quarter keeps what was played
            data["partial"] = self.current
        if self.result is not None:
            data["result"] = result_dict(self.result)
        data["faults"] = self.faults
        return data


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
    if data.get("format_version") != FORMAT_VERSION:
        raise ReplayError(f"{where}: replay format version {data.get('format_version')!r} is not supported "
                          f"(this is version {FORMAT_VERSION}, game {__version__})")
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


def reseed_points(data: dict[str, Any], scenario: Any, where: str = "replay") -> dict[tuple[int, int], int]:
    """``(quarter index, decision index) -> seed`` for a fork's ``reseeds`` (empty for most replays)."""
    out: dict[tuple[int, int], int] = {}
    for r in data.get("reseeds", []):
        try:
            qi = scenario.index_of(r["quarter"])
        except ValueError:
            raise ReplayError(f"{where}: reseed quarter {r['quarter']!r} is not a quarter label") from None
        out[qi, r["decision"]] = r["seed"]
    return out


def scenario_of(data: dict[str, Any], where: str = "replay"):
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


@dataclass(frozen=True)
class Verification:
    """Result of re-simulating a replay."""

    ok: bool
    quarters: int
    message: str


def apply_recorded(state: Any, reseeds: dict[tuple[int, int], int], qi: int, di: int, choice: Any) -> None:
    """Apply decision ``di`` of quarter ``qi`` of a replay, re-seeding chance first where a fork with
    ``--seed`` did: the one rule ``verify``, ``states`` and the viewer's timeline all replay by."""
    if reseeds and (qi, di) in reseeds:
        state.seed = reseeds[qi, di]
    apply(state, choice)


def states(data: dict[str, Any], where: str = "replay"):
    """Re-simulate a replay, yielding (quarter index, decision index, state) after each decision."""
    scen = scenario_of(data, where)
    reseeds = reseed_points(data, scen, where)
    state = new_game(scen, data["seed"])
    yield -1, -1, state
    for qi, q in enumerate(data["quarters"]):
        for di, d in enumerate(q["decisions"]):
            try:
                apply_recorded(state, reseeds, qi, di, parse(d["choice"]))
            except FrenemiesError as exc:
                raise ReplayError(f"{where}: {q.get('quarter', qi)} decision {di + 1}: {exc}") from None
            yield qi, di, state


def verify(data: dict[str, Any], where: str = "replay") -> Verification:
    """Re-simulate every decision and compare each quarter's state digest."""
    scen = scenario_of(data, where)
    reseeds = reseed_points(data, scen, where)
    state = new_game(scen, data["seed"])
    for qi, q in enumerate(data["quarters"]):
        label = q.get("quarter", str(qi))
        for di, d in enumerate(q["decisions"]):
            try:
                apply_recorded(state, reseeds, qi, di, parse(d["choice"]))
            except FrenemiesError as exc:
                return Verification(False, qi, f"{label} diverges: decision {di + 1} ({d['choice']!r}): {exc}")
        if state.digest() != q["hash"]:
            return Verification(False, qi, f"{label} diverges: state hash {state.digest()} != recorded {q['hash']}")
    if "result" in data and state.is_over():
        res = result_dict(outcome(state))
        if res["scores"] != data["result"].get("scores"):
            return Verification(False, len(data["quarters"]), "final scores differ from the recorded result")
    partial = data.get("partial") or []
    if not isinstance(partial, list):
        return Verification(False, len(data["quarters"]), "replay field 'partial' is malformed")
    for di, d in enumerate(partial):  # an unfinished quarter: its decisions must still be legal
        try:
            apply(state, parse(d["choice"]))
        except (FrenemiesError, KeyError, TypeError) as exc:
            return Verification(False, len(data["quarters"]),
                                f"{state.label()} (unfinished) diverges: decision {di + 1}: {exc}")
    n = len(partial)
    extra = f" and {n} decision{'s' if n != 1 else ''} of the unfinished {state.label()}" if partial else ""
    return Verification(True, len(data["quarters"]), f"ok: {len(data['quarters'])} quarters verified{extra}")
