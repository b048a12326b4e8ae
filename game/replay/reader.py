"""The one reader of a replay's decisions, and the visitors that use it.

A replay is walked one way only: ``moves`` re-creates the first state from
the embedded scenario and seed, then re-applies every recorded decision
through the checked ``apply`` (a fork's ``reseeds`` re-seed chance just
before their decision), yielding each ``Move`` with the state after it.
It also checks the records' shape against the rules: a complete quarter
record must end its quarter, an unfinished one (``partial``) must not, and
nothing may be recorded after the game is over.

Everything that reads a replay is a visitor over that walk (python-chess's
PGN visitors): ``verify`` (compare each quarter's digest and the result),
``states`` (every state in turn), the viewer's ``Timeline``, the fork
``rebuild`` and the text printer. A visitor overrides the callbacks it needs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterator

from agents.base import default_choice
from game.rules import (MAX_EXCHANGES, SEATS, FrenemiesError, GameState, Scenario, Seat, apply, new_game, observe,
                        outcome, parse, to_move)

from .format import ReplayError, reseed_points, result_dict, scenario_of


@dataclass(frozen=True, slots=True)
class Move:
    """One recorded decision as re-applied: it took the game from one frame to the next."""

    frame: int              # frames after this decision (1 for the first)
    quarter: int            # index of the quarter the decision was made in
    index: int              # 0-based within its quarter
    seat: Seat
    choice: Any             # the parsed Choice
    record: dict[str, Any]  # the raw record (choice, seat, rationale, fault)
    label: str              # the quarter's calendar label
    new_log: tuple[str, ...]  # public log lines the decision produced
    resolved: bool          # it was the quarter's last decision (the quarter resolved, or the game ended)
    partial: bool           # it belongs to an unfinished last quarter


class Visitor:
    """Callbacks of a walk; each does nothing unless overridden."""

    def begin(self, state: GameState) -> None:
        """The first state, before any decision (quarter 0's events applied)."""

    def move(self, m: Move, state: GameState) -> None:
        """After one decision (``state`` is the live state: copy it to keep it)."""

    def quarter(self, qi: int, record: dict[str, Any], state: GameState) -> None:
        """After the last decision of complete quarter record ``qi``."""

    def end(self, state: GameState) -> None:
        """After the last recorded decision."""


def decision_records(data: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """Decision records by quarter, with an unfinished game's last quarter (``partial``) at the end."""
    out = [list(q["decisions"]) for q in data["quarters"]]
    partial = data.get("partial")
    if isinstance(partial, list) and partial:
        out.append(list(partial))
    return out


def apply_recorded(state: GameState, reseeds: dict[tuple[int, int], int], qi: int, di: int, choice: Any) -> None:
    """Apply decision ``di`` of quarter ``qi``, re-seeding chance first where a fork with ``--seed`` did: the
    one rule the walk applies by, and the viewer's seek (from a checkpoint) too."""
    if reseeds and (qi, di) in reseeds:
        state.seed = reseeds[qi, di]
    apply(state, choice)


def moves(data: dict[str, Any], where: str = "replay",
          until: tuple[int, int] | None = None) -> Iterator[tuple[Move | None, GameState]]:
    """The walk: ``(None, first state)``, then ``(move, state after it)`` for every recorded decision.

    ``until=(quarter, decision)`` stops before that decision (a fork's frame); the reseed recorded at that
    point is applied before stopping, as it would be before the decision. Raises ``ReplayError`` naming the
    quarter and decision on the first record that does not re-apply."""
    scen = scenario_of(data, where)
    reseeds = reseed_points(data, scen, where)
    records = decision_records(data)
    complete = len(data["quarters"])
    if len(records) > scen.quarters:
        raise ReplayError(f"{where}: {len(records)} quarter records; the scenario has {scen.quarters} quarters")
    limit = max_decisions(scen)
    for qi, recs in enumerate(records):
        if len(recs) > limit:
            raise ReplayError(f"{where}: {scen.label(qi)}: {len(recs)} decisions, more than a quarter of this "
                              f"scenario can have ({limit})")
    state = new_game(scen, data["seed"])
    yield None, state
    frame, mark = 0, len(state.log)
    for qi, recs in enumerate(records):
        label = scen.label(qi)
        partial = qi >= complete
        named = f"{label} (unfinished)" if partial else label
        if state.is_over():
            raise ReplayError(f"{where}: {label}: decisions are recorded after the game ended")
        if state.quarter != qi:
            raise ReplayError(f"{where}: {label}: the record does not start its quarter (the game is in "
                              f"{state.label()})")
        for di, rec in enumerate(recs):
            if until is not None and (qi, di) >= until:
                if (qi, di) in reseeds:
                    state.seed = reseeds[qi, di]
                return
            if state.is_over() or state.quarter != qi:
                raise ReplayError(f"{where}: {named} decision {di + 1}: the quarter was already over")
            try:
                choice = parse(rec["choice"])
                seat = to_move(state)
                if rec["seat"] != seat.label:
                    raise FrenemiesError(f"recorded for {rec['seat']}, but {seat.label} was to move")
                if "fault" in rec:  # a fault's choice is the seat's default, nothing else
                    expected = default_choice(observe(state, seat))
                    if choice != expected:
                        raise FrenemiesError(f"recorded as a fault, but {choice} is not the default ({expected})")
                apply_recorded(state, reseeds, qi, di, choice)
            except FrenemiesError as exc:
                raise ReplayError(f"{where}: {named} decision {di + 1}: {exc}") from None
            frame += 1
            new_log = tuple(state.log[mark:])
            mark = len(state.log)
            resolved = state.quarter != qi or state.is_over()
            yield Move(frame, qi, di, seat, choice, rec, label, new_log, resolved, partial), state
        if not partial and state.quarter == qi and not state.is_over():
            raise ReplayError(f"{where}: {label}: the quarter record ends before the quarter does")
        if partial and state.quarter != qi:
            raise ReplayError(f"{where}: {label} (unfinished): its decisions end the quarter")
    if until is not None and until in reseeds:  # the frame is just past the last record
        state.seed = reseeds[until]


def max_decisions(scenario: Scenario) -> int:
    """The most decisions one quarter can have: in each talk every seat may open a negotiation, which holds at
    most ``MAX_EXCHANGES`` packages (the opening one and the counters trust allows), one last answer and a
    ROFR question; then every seat acts."""
    return scenario.talks * len(SEATS) * (MAX_EXCHANGES + 2) + len(SEATS)


def walk(data: dict[str, Any], *visitors: Visitor, where: str = "replay",
         until: tuple[int, int] | None = None) -> GameState:
    """Drive ``visitors`` over the walk; returns the last state."""
    state: GameState | None = None
    for m, state in moves(data, where, until):
        if m is None:
            for v in visitors:
                v.begin(state)
            continue
        for v in visitors:
            v.move(m, state)
        if m.resolved and not m.partial:
            for v in visitors:
                v.quarter(m.quarter, data["quarters"][m.quarter], state)
    for v in visitors:
        v.end(state)
    return state  # type: ignore[return-value]


def states(data: dict[str, Any], where: str = "replay") -> Iterator[tuple[int, int, GameState]]:
    """Every state of a replay: ``(-1, -1, start)``, then ``(quarter, decision, state)`` after each decision."""
    for m, state in moves(data, where):
        yield (-1, -1, state) if m is None else (m.quarter, m.index, state)


# ------------------------------------------------------------ verification
@dataclass(frozen=True)
class Verification:
    """Result of re-simulating a replay."""

    ok: bool
    quarters: int
    message: str


class _Diverged(Exception):
    def __init__(self, quarter: int, message: str) -> None:
        super().__init__(message)
        self.quarter, self.message = quarter, message


class Verifier(Visitor):
    """Re-derives every claim a replay makes and compares: each quarter's label, log and state digest as the
    walk reaches it; at the end the result block (scores, winner, ranking, joint value, reason), which only a
    finished game may carry, the fault list, the scenario's name, and a fork's reseed points and frame.

    What a replay cannot prove it does not claim: the agents' names and rationales are their own words (checked
    for shape only), and a fork's parent digest is checked against the parent file when that is at hand
    (``check_parent``)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.partial = 0
        self.mark = 0

    def begin(self, state: GameState) -> None:
        scen = state.scenario
        if self.data["scenario"] != scen.name:
            raise _Diverged(0, f"the header names scenario {self.data['scenario']!r}, the embedded one is "
                               f"{scen.name!r}")
        records = decision_records(self.data)
        for r in self.data.get("reseeds", []):
            qi = scen.index_of(r["quarter"])
            if not (0 <= qi < len(records) and r["decision"] <= len(records[qi])):
                raise _Diverged(max(qi, 0), f"reseed at {r['quarter']}:{r['decision']} is not a point of this game")
        points = [(scen.index_of(r["quarter"]), r["decision"]) for r in self.data.get("reseeds", [])]
        if points != sorted(set(points)):
            raise _Diverged(0, "reseed points are repeated or out of order")
        parent = self.data.get("parent")
        if parent is not None:
            qi, di = scen.index_of(parent["frame"]["quarter"]), parent["frame"]["decision"]
            if not (0 <= qi < len(records) and di <= len(records[qi])) and (qi, di) != (len(records), 0):
                raise _Diverged(0, f"the fork frame {parent['frame']['quarter']}:{di} is not a point of this game")

    def move(self, m: Move, state: GameState) -> None:
        if m.partial:
            self.partial += 1

    def quarter(self, qi: int, record: dict[str, Any], state: GameState) -> None:
        label = state.scenario.label(qi)
        if record["quarter"] != label:
            raise _Diverged(qi, f"{label} diverges: the record is labelled {record['quarter']}")
        digest = state.digest()
        if digest != record["hash"]:
            raise _Diverged(qi, f"{label} diverges: state hash {digest} != recorded {record['hash']}")
        log = state.log[self.mark:]
        self.mark = len(state.log)
        if record["log"] != log:
            raise _Diverged(qi, f"{label} diverges: its log is not what the game wrote")

    def end(self, state: GameState) -> None:
        n = len(self.data["quarters"])
        recorded = self.data.get("result")
        if state.is_over():
            if recorded is None:
                raise _Diverged(n, "the game is over but the replay carries no result")
            derived = json.loads(json.dumps(result_dict(outcome(state))))
            for key in ("scores", "winner", "ranking", "joint_value", "reason"):
                if recorded[key] != derived[key]:
                    raise _Diverged(n, f"the result block's {key.replace('_', ' ')} differs from the game's "
                                       f"({_short(recorded[key])} recorded, {_short(derived[key])} played)")
        elif recorded is not None:
            raise _Diverged(n, f"the game stops at {state.label()} before its end, but the replay carries a "
                               "final result")
        faults = [d["fault"] for recs in decision_records(self.data) for d in recs if "fault" in d]
        if self.data["faults"] != faults:
            raise _Diverged(n, "the fault list is not the faults recorded on the decisions")


def _short(value: Any) -> str:
    return json.dumps(value)[:60]


def verify(data: dict[str, Any], where: str = "replay") -> Verification:
    """Re-simulate every decision and compare every claim the replay makes (see ``Verifier``).

    A replay that stops before the game's end verifies as what it is: its message says so."""
    checker = Verifier(data)
    try:
        state = walk(data, checker, where=where)
    except _Diverged as exc:
        return Verification(False, exc.quarter, exc.message)
    except ReplayError as exc:
        text = str(exc)
        message = text[len(where) + 2:] if text.startswith(f"{where}: ") else text
        return Verification(False, _quarter_of(data, message), _diverges(message))
    n = len(data["quarters"])
    if state.is_over():
        return Verification(True, n, f"ok: {n} quarters verified, result included")
    extra = ""
    if checker.partial:
        k = checker.partial
        extra = f" and {k} decision{'s' if k != 1 else ''} of the unfinished {state.label()}"
    total = state.scenario.quarters
    return Verification(True, n, f"ok: {n} quarters verified{extra}; unfinished game: it stops at "
                                 f"{state.label()} of {total} quarters and carries no result")


def _diverges(message: str) -> str:
    """``2025Q4 decision 3: reason`` -> ``2025Q4 diverges: decision 3: reason``."""
    head, sep, rest = message.partition(" decision ")
    return f"{head} diverges: decision {rest}" if sep else message


def _quarter_of(data: dict[str, Any], message: str) -> int:
    labels = [str(q.get("quarter", "")) for q in data["quarters"]]
    head = message.split(" ", 1)[0]
    return labels.index(head) if head in labels else len(labels)
