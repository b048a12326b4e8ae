"""Recording a game as it is played: a hook that builds the replay's data.

``ReplayRecorder`` watches a game through the play floor's hooks
(``on_start`` / ``on_decision`` / ``on_quarter`` / ``on_end``) and never
touches the rules; ``to_dict`` gives the replay (see ``game.replay.format``).
A fork's recorder (``game.replay.frames.ForkRecorder``) starts from the
parent's records instead of none.
"""

from __future__ import annotations

from typing import Any

from game.rules import SEATS, GameState, Outcome, Seat, notation
from game.version import __version__

from .format import FORMAT, FORMAT_VERSION, result_dict

class ReplayRecorder:
    """A hook that records a game as it is played (see ``game.play.hooks``)."""

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
        rec: dict[str, Any] = {"seat": seat.label, "choice": notation(choice)}  # str(choice), looked up
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
