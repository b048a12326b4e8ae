"""Fork frames: a point in a saved game, and the exact state there.

A fork takes a saved replay and a *frame* (a quarter and how many of its
decisions were already played), rebuilds the exact state there through the
replay reader, and lets chosen agents play on (``game.play.fork``). The fork
is written as an ordinary, self-contained replay: it repeats the parent's
decisions up to the frame, so ``verify`` checks it with no need of the parent
file, and its header names the parent::

    "parent": {"file": "sample-x.json", "sha256": "...", "frame": {"quarter": "2026Q3", "decision": 0},
               "agents": {...the parent's agents...}}

Seeds. Without ``seed`` the game's chance stays the parent's (events and
signals after the frame are drawn from the same game seed) and the new agents'
random streams are spawned from that seed too. With ``seed=N`` the state's
chance seed becomes N *at the frame*: every chance draw after it (the signals
at the end of the fork quarter, the events of later quarters) comes from N,
and the agents' streams are spawned from N. The header records it as
``"reseeds": [{"quarter": "2026Q3", "decision": 0, "seed": N}]`` so verify
does the same. Events of the fork quarter itself were drawn when it began,
before the frame, so they are the parent's.

Frames: ``2026Q3`` is the start of that quarter (its events done, no decision
yet); ``2026Q3:5`` is after its first five decisions. Nothing here plays: no
agents, no Mesa.
"""

from __future__ import annotations

import copy
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from game.rules import SEATS, FrenemiesError, GameState, Scenario

from .format import fresh_path, load, scenario_of
from .reader import decision_records, moves
from .recorder import ReplayRecorder

FRAME_RE = re.compile(r"^\s*(\d{4}[Qq][1-4])(?:\s*:\s*(\d+))?\s*$")


class ForkError(FrenemiesError):
    """A fork that cannot be made (bad frame, game over there, bad agents)."""


@dataclass(frozen=True, slots=True)
class Frame:
    """A point in a game: quarter index and decisions of that quarter already played."""

    quarter: int
    decision: int = 0

    def text(self, scenario: Scenario) -> str:
        """Notation that ``parse_frame`` reads back: ``2026Q3`` or ``2026Q3:5``."""
        label = scenario.label(self.quarter)
        return label if self.decision == 0 else f"{label}:{self.decision}"


def end_frame(data: dict[str, Any]) -> Frame:
    """Where a saved game stopped: after the last recorded decision (an unfinished quarter's included), the
    frame a resumed game plays on from."""
    played = data.get("quarters", [])
    partial = data.get("partial")
    return Frame(len(played), len(partial) if isinstance(partial, list) else 0)


def parse_frame(text: str, scenario: Scenario) -> Frame:
    """``2026Q3`` or ``2026Q3:5`` -> ``Frame`` (one-line ``ForkError`` otherwise)."""
    m = FRAME_RE.match(text or "")
    if not m:
        raise ForkError(f"bad frame {text!r}: expected a quarter like 2026Q3, optionally ':N' decisions into it")
    q = scenario.index_of(m.group(1))
    if not 0 <= q < scenario.quarters:
        raise ForkError(f"{m.group(1).upper()} is outside this game ({scenario.label(0)}-"
                        f"{scenario.label(scenario.quarters - 1)})")
    return Frame(q, int(m.group(2) or 0))


def file_sha256(path: str | Path) -> str:
    """The sha256 of a file's bytes: how a fork names its parent."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@dataclass
class Rebuilt:
    """The parent game re-simulated up to a frame."""

    scenario: Scenario
    frame: Frame
    state: GameState                    # at the frame, reseeds at the frame applied
    quarters: list[dict[str, Any]]      # the parent's complete quarter records before the frame
    current: list[dict[str, Any]]       # the parent's decisions of the frame's quarter before the frame
    log_mark: int                       # len(state.log) when the frame's quarter began
    reseeds: list[dict[str, Any]]       # the parent's reseeds at or before the frame


def rebuild(data: dict[str, Any], frame: Frame, where: str = "replay") -> Rebuilt:
    """Re-simulate the parent up to ``frame`` through the reader (checked ``apply``; reseeds honoured)."""
    scen = scenario_of(data, where)
    by_quarter = decision_records(data)
    label = scen.label(frame.quarter)
    if frame.quarter > len(by_quarter) or (frame.quarter == len(by_quarter) and frame.decision > 0):
        raise ForkError(f"{where}: {label} was not played in this replay "
                        f"(it has {len(by_quarter)} quarter{'s' if len(by_quarter) != 1 else ''})")
    if frame.quarter < len(by_quarter) and frame.decision > len(by_quarter[frame.quarter]):
        raise ForkError(f"{where}: {label} has only {len(by_quarter[frame.quarter])} decisions")
    state, log_mark = None, 0
    for m, state in moves(data, where, until=(frame.quarter, frame.decision)):
        if m is not None and m.resolved and m.quarter < frame.quarter:
            log_mark = len(state.log)
    assert state is not None
    if state.quarter != frame.quarter or state.is_over():
        raise ForkError(f"{where}: the game is over at {frame.text(scen)}; there is nothing to fork")
    kept = [r for r in data.get("reseeds", [])
            if (scen.index_of(r["quarter"]), r["decision"]) <= (frame.quarter, frame.decision)]
    current = by_quarter[frame.quarter][:frame.decision] if frame.quarter < len(by_quarter) else []
    return Rebuilt(scen, frame, state, copy.deepcopy(data["quarters"][:frame.quarter]), copy.deepcopy(current),
                   log_mark, kept)


class ForkRecorder(ReplayRecorder):
    """A recorder that starts with the parent's records and keeps the parent's game seed in the header."""

    def __init__(self, agents: list[str], scenario_text: str, parent: dict[str, Any], base: Rebuilt,
                 game_seed: int) -> None:
        super().__init__(agents, scenario_text, parent)
        self.quarters = base.quarters
        self.current = base.current
        self._log_mark = base.log_mark
        self.game_seed, self.reseeds = game_seed, base.reseeds
        self.faults = [d["fault"] for q in base.quarters for d in q["decisions"] if d.get("fault")]
        self.faults += [d["fault"] for d in base.current if d.get("fault")]

    def on_start(self, model: Any) -> None:
        super().on_start(model)
        self.header["seed"] = self.game_seed  # new_game's seed; the model's seed only drives the agents
        if self.reseeds:
            self.header["reseeds"] = self.reseeds


@dataclass
class ForkStart:
    """Everything a game needs to go on from a frame (``game.play.setup_game(start=...)`` takes it)."""

    scenario: Scenario
    state: GameState
    model_seed: int
    recorder: ForkRecorder
    frame: Frame


def prepare(data: dict[str, Any], frame: Frame, agents: Sequence[str], parent_name: str, parent_sha: str,
            seed: int | None = None, where: str = "replay") -> ForkStart:
    """Rebuild the parent at ``frame`` and set up the recorder of the fork (see the module doc for ``seed``)."""
    if len(agents) != len(SEATS):
        raise ForkError(f"a fork needs {len(SEATS)} agents, got {len(agents)}")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63):
        raise ForkError(f"seed must be a non-negative integer below 2**63, got {seed!r}")
    base = rebuild(data, frame, where)
    scen = base.scenario
    if seed is not None:
        base.state.seed = seed
        at = {"quarter": scen.label(frame.quarter), "decision": frame.decision, "seed": seed}
        base.reseeds = [r for r in base.reseeds
                        if (r["quarter"], r["decision"]) != (at["quarter"], at["decision"])] + [at]
    parent = {"file": parent_name, "sha256": parent_sha,
              "frame": {"quarter": scen.label(frame.quarter), "decision": frame.decision},
              "agents": data.get("agents", {})}
    recorder = ForkRecorder(list(agents), data["scenario_toml"], parent, base, data["seed"])
    return ForkStart(scen, base.state, base.state.seed, recorder, frame)


def default_out(parent: str | Path, frame_text: str, directory: str | Path, suffix: str = "") -> Path:
    """A fresh name ``fork-STEM-at-2026Q3[-d5][SUFFIX][-N].json`` in ``directory`` (never an existing file).

    ``suffix`` (e.g. ``-unfinished``) marks a fork a person stopped before the end, as a play's name does."""
    stem = Path(parent).stem
    return fresh_path(directory, f"fork-{stem}-at-{frame_text.replace(':', '-d')}{suffix}")


def check_parent(data: dict[str, Any], parent_path: str | Path) -> str:
    """One line on a fork's lineage: does ``parent_path`` match the recorded digest and shared decisions?"""
    parent = data.get("parent")
    if not parent:
        return "not a fork"
    p = Path(parent_path)
    if not p.is_file():
        return f"parent {parent.get('file')} not found next to the fork (lineage not checked)"
    if file_sha256(p) != parent["sha256"]:
        return f"parent {p.name} has changed since the fork (sha256 differs)"
    pdata = load(p)
    scen = scenario_of(pdata, str(p))
    fr = parent["frame"]
    frame = Frame(scen.index_of(fr["quarter"]), int(fr["decision"]))
    shared, expect = _before(decision_records(data), frame), _before(decision_records(pdata), frame)
    if shared != expect:
        return f"parent {p.name}: the fork's decisions before {fr['quarter']} differ from the parent's"
    return f"parent {p.name}: sha256 matches, {len(shared)} decisions shared up to {frame.text(scen)}"


def _before(records: list[list[dict[str, Any]]], frame: Frame) -> list[str]:
    """The notation of every decision before ``frame``."""
    out = [d["choice"] for q in records[:frame.quarter] for d in q]
    if frame.quarter < len(records):
        out += [d["choice"] for d in records[frame.quarter][:frame.decision]]
    return out
