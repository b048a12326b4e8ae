"""Reproduce a replay: re-run the agents it names, from its seed, and check they make every recorded decision.

``game.replay.verify`` re-derives everything the rules decide (states, logs, the result) but takes the
decisions as given: it certifies that they are legal and lead where the file says, not who made them. This
re-derives the decisions too. Every agent is deterministic given its seat's stream (built-ins are), so the
agents a replay names, run again from its seed, must choose exactly what it records; a decision one of them
would not make is reported with its quarter and seat. A person's choices cannot be re-run: they are replayed
as recorded (and said so). A fork is reproduced from its frame on (the part before it is its parent's game:
reproduce the parent). An agent that overran its budget may not overrun again, so a replay with time faults
may not reproduce on another machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from agents import Agent, Decision
from game.replay import Verification, decision_records, parse_frame, prepare, scenario_of, verify
from game.rules import SEATS, FrenemiesError, parse
from game.version import __version__

from .contain import check_agents
from .model import DEFAULT_BUDGET_S
from .setup import setup_game

PERSON = "person"


class _Recorded(Agent):
    """A person's seat: plays the choices the replay records for it, in order."""

    def __init__(self, choices: list[str]) -> None:
        super().__init__()
        self.choices = iter(choices)

    def act(self, obs: Any) -> Any:
        return Decision(parse(next(self.choices)), "")


class _Differs(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class _Compare:
    """A hook that compares each decision the agents make with the next recorded one."""

    recorded: list[tuple[int, int, dict[str, Any]]]   # (quarter, index, record), from the start point on
    labels: Any
    agents: list[str]
    n: int = 0

    def on_decision(self, model: Any, seat: Any, choice: Any, rationale: str, fault: str | None) -> None:
        if self.n >= len(self.recorded):
            raise _Differs("the agents play on past the end of the replay")
        qi, di, rec = self.recorded[self.n]
        self.n += 1
        where = f"{self.labels(qi)} decision {di + 1}"
        if rec["seat"] != seat.label:
            raise _Differs(f"{where}: {seat.label} is to move, the replay records {rec['seat']}")
        if rec["choice"] != str(choice):
            raise _Differs(f"{where}: {seat.label}'s agent {self.agents[seat]!r} chooses {choice}, the replay "
                           f"records {rec['choice']}")
        if bool(rec.get("fault")) != bool(fault):
            raise _Differs(f"{where}: {seat.label}'s agent {'faults' if fault else 'does not fault'} here, the "
                           "replay says otherwise")
        if self.n == len(self.recorded):
            raise _Done()


class _Done(Exception):
    """Every recorded decision was reproduced (an unfinished replay stops here)."""


def reproduce(data: dict[str, Any], where: str = "replay", budget_s: float = DEFAULT_BUDGET_S) -> Verification:
    """Verify the replay, then re-run its agents and compare every decision they make with the record."""
    checked = verify(data, where)
    if not checked.ok:
        return checked
    scen = scenario_of(data, where)
    agents = [data["agents"][s.label] for s in SEATS]
    records = decision_records(data)
    flat = [(qi, di, rec) for qi, recs in enumerate(records) for di, rec in enumerate(recs)]
    start, policies, notes = None, [None] * len(SEATS), []
    first = 0
    parent = data.get("parent")
    if parent is not None:
        frame = parse_frame(f"{parent['frame']['quarter']}:{parent['frame']['decision']}", scen)
        first = sum(len(r) for r in records[:frame.quarter]) + frame.decision
        at = [r["seed"] for r in data.get("reseeds", []) if (scen.index_of(r["quarter"]), r["decision"]) ==
              (frame.quarter, frame.decision)]
        start = prepare(data, frame, agents, parent["file"], parent["sha256"], at[-1] if at else None, where)
        notes.append(f"from the fork frame {frame.text(scen)} on")
    todo = flat[first:]
    for seat in SEATS:
        if agents[seat] == PERSON:
            policies[seat] = _Recorded([rec["choice"] for _, _, rec in todo if rec["seat"] == seat.label])
            notes.append(f"{seat.label} is a person, replayed as recorded")
    try:
        check_agents([a for a in agents if a != PERSON])
    except FrenemiesError as exc:
        return Verification(False, 0, f"cannot re-run the recorded agents: {exc}")
    if not todo:
        return Verification(True, checked.quarters, f"{checked.message}; no decision to reproduce")
    compare = _Compare(todo, scen.label, agents)
    game = setup_game(scen, data["seed"], agents, policies=policies, hooks=[compare], budget_s=budget_s,
                      record=False, start=start)
    try:
        game.play()
    except _Done:
        pass
    except _Differs as exc:
        return Verification(False, todo[min(compare.n, len(todo)) - 1][0],
                            f"does not reproduce: {exc.message}{_made_elsewhere(data)}")
    finally:
        game.model.close()
    if compare.n != len(todo):
        return Verification(False, checked.quarters, f"does not reproduce: the game ends after {compare.n} of "
                                                     f"{len(todo)} recorded decisions{_made_elsewhere(data)}")
    extra = f" ({'; '.join(notes)})" if notes else ""
    return Verification(True, checked.quarters, f"{checked.message}; every decision reproduced by the recorded "
                                                f"agents{extra}")


def _made_elsewhere(data: dict[str, Any]) -> str:
    """A note for a replay another version made: its built-in agents may choose otherwise (a version's
    ``random`` may draw its choices another way, from the same distribution), though the rules agree."""
    made = data.get("game_version")
    if made == __version__:
        return ""
    return f" (the replay was made by frenemies {made}, this is {__version__}: its agents may play differently)"
