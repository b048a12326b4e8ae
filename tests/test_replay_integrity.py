"""Issue 13: ``replay --verify`` checks every claim a file makes, and every bad file is one line and exit 2.

The tampered replays are built by editing fields of a freshly played replay (never by writing choice
notation by hand), so they keep working when the notation or the deal model changes.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

import pytest

from agents import Agent
from game.play import setup_game
from game.replay import FORMAT_VERSION, ReplayError, dumps, load, verify
from game.version import __version__

ROOT = Path(__file__).resolve().parents[1]
SEATS = ("Microsoft", "OpenAI", "SoftBank", "Oracle")


class RaisesEarly(Agent):
    """Raises on its first three questions, then answers the first legal choice: the replay carries faults."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def act(self, obs):
        self.calls += 1
        if self.calls <= 3:
            raise RuntimeError("not yet")
        return obs.legal[0]


@pytest.fixture(scope="module")
def fresh() -> dict[str, Any]:
    """A finished sprint game with faults on Microsoft's first decisions."""
    game = setup_game("sprint-2025", 5, ["faulty", "random", "persona", "random"],
                      policies=[RaisesEarly(), None, None, None])
    game.play()
    data = json.loads(game.replay_text())
    assert data["faults"] and verify(data).ok
    return data


def _other(label: str) -> str:
    return SEATS[(SEATS.index(label) + 1) % 4]


def _insert_empty(data: dict, at: int) -> None:
    data["quarters"].insert(at, {"quarter": data["quarters"][at]["quarter"], "decisions": [], "hash": "0" * 32,
                                 "log": []})


def _first_fault(data: dict) -> dict:
    return next(d for q in data["quarters"] for d in q["decisions"] if "fault" in d)


def _first_plain(data: dict) -> dict:
    """A decision without a fault whose choice differs from the first legal alternative at its point."""
    return next(d for q in data["quarters"][2:] for d in q["decisions"] if "fault" not in d)


#: name -> edit; every edited replay must fail verify (or be refused by load)
TAMPERS: dict[str, Callable[[dict], None]] = {
    "wrong winner": lambda d: d["result"].update(winner=_other(d["result"]["winner"])),
    "ranking reordered": lambda d: d["result"].update(ranking=list(reversed(d["result"]["ranking"]))),
    "score edited": lambda d: d["result"]["scores"].update(Oracle=d["result"]["scores"]["Oracle"] + 1.0),
    "joint value edited": lambda d: d["result"].update(joint_value=d["result"]["joint_value"] * 2 + 1),
    "reason edited": lambda d: d["result"].update(reason="Microsoft resigned"),
    "truncated, result kept": lambda d: d.update(quarters=d["quarters"][:5]),
    "empty quarter inserted": lambda d: _insert_empty(d, 3),
    "empty quarter appended": lambda d: d["quarters"].append(dict(d["quarters"][-1], decisions=[], log=[])),
    "150,000 empty quarters appended": lambda d: d["quarters"].extend(
        [{"quarter": "2027Q1", "decisions": [], "hash": "0" * 32, "log": []}] * 150_000),
    "scenario name edited": lambda d: d.update(scenario="stargate-2025"),
    "game_version not a version": lambda d: d.update(game_version="[bold]x" * 100),
    "log text edited": lambda d: d["quarters"][2]["log"].append("OpenAI declares AGI"),
    "log line removed": lambda d: d["quarters"][0]["log"].pop(),
    "format_version true": lambda d: d.update(format_version=True),
    "quarter label edited": lambda d: d["quarters"][4].update(quarter="2031Q1"),
    "decision seat edited": lambda d: _first_plain(d).update(seat=_other(_first_plain(d)["seat"])),
    "fault claimed on a free choice": lambda d: d["quarters"][6]["decisions"][-1].update(fault="made up"),
    "fault list edited": lambda d: d.update(faults=d["faults"][1:]),
    "hash edited": lambda d: d["quarters"][3].update(hash="f" * 32),
    "seed edited": lambda d: d.update(seed=d["seed"] + 1),
    "scenario digest edited": lambda d: d.update(scenario_digest="0" * 64),
    "result removed from a finished game": lambda d: d.pop("result"),
    "partial after the end": lambda d: d.update(partial=[copy.deepcopy(d["quarters"][-1]["decisions"][0])]),
    "decision appended to the last quarter": lambda d: d["quarters"][-1]["decisions"].append(
        copy.deepcopy(d["quarters"][-1]["decisions"][-1])),
    "agent name with markup": lambda d: d["agents"].update(Microsoft="[/bold]"),
    "agent name not a string": lambda d: d["agents"].update(Oracle=7),
    "agents reordered": lambda d: d.update(agents=dict(reversed(list(d["agents"].items())))),
    "unknown field": lambda d: d.update(certified_by="nobody"),
    "unknown decision field": lambda d: d["quarters"][0]["decisions"][0].update(extra=1),
    "non-object result": lambda d: d.update(result=[1, 2, 3]),
    "negative seed": lambda d: d.update(seed=-4),
    "seed a float": lambda d: d.update(seed=5.0),
    "huge seed": lambda d: d.update(seed=2**70),
    "nan score": lambda d: d["result"]["scores"].update(OpenAI=float("nan")),
    "rationale with a lone surrogate": lambda d: _first_plain(d).update(rationale="\ud800"),
    "rationale with a control character": lambda d: _first_plain(d).update(rationale="a\x1b[2Jb"),
    "reseed that is not a point of the game": lambda d: d.update(
        reseeds=[{"quarter": "2029Q1", "decision": 0, "seed": 1}]),
    "parent with a path": lambda d: d.update(parent={"file": "../../etc/passwd", "sha256": "0" * 64,
                                                     "frame": {"quarter": "2025Q2", "decision": 0},
                                                     "agents": d["agents"]}),
}


@pytest.mark.parametrize("name", list(TAMPERS))
def test_tampered_replay_is_refused(fresh, name):
    data = copy.deepcopy(fresh)
    TAMPERS[name](data)
    text = json.dumps(data, allow_nan=True)
    start = time.perf_counter()
    try:
        from game.replay import check
        check(json.loads(text), "tampered.json")
        result = verify(json.loads(text), "tampered.json")
        assert not result.ok, f"{name}: {result.message}"
        assert "\n" not in result.message
    except ReplayError as exc:
        assert "\n" not in str(exc)
    assert time.perf_counter() - start < 30  # not a timing test: a guard against a walk of 150,000 records


def test_truncated_without_result_verifies_as_unfinished_and_says_so(fresh):
    data = copy.deepcopy(fresh)
    data["quarters"] = data["quarters"][:5]
    del data["result"]
    data["faults"] = [d["fault"] for q in data["quarters"] for d in q["decisions"] if "fault" in d]
    result = verify(data)
    assert result.ok and "unfinished game" in result.message and "carries no result" in result.message


def test_a_fresh_replay_verifies_with_its_result(fresh):
    result = verify(copy.deepcopy(fresh))
    assert result.ok and result.message == "ok: 8 quarters verified, result included"


# ------------------------------------------------------------ bad files through the command line
def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=timeout)


def _one_line_exit_2(res: subprocess.CompletedProcess) -> str:
    assert res.returncode == 2, (res.returncode, res.stdout, res.stderr)
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in res.stderr and "internal error" not in res.stderr, res.stderr
    return lines[0]


MALFORMED: dict[str, Callable[[str], str]] = {
    "5,000-digit integer": lambda t: t.replace('"seed": 5', '"seed": ' + "9" * 5000, 1),
    "deep nesting": lambda t: t[:-2] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}\n",
    "non-object result": lambda t: json.dumps(dict(json.loads(t), result="won")),
    "negative seed": lambda t: t.replace('"seed": 5', '"seed": -5', 1),
    "markup in an agent name": lambda t: t.replace('"Microsoft": "faulty"', '"Microsoft": "[/bold]"', 1),
    "format_version true": lambda t: t.replace(f'"format_version": {FORMAT_VERSION}', '"format_version": true', 1),
    "NaN": lambda t: t.replace('"seed": 5', '"seed": NaN', 1),
    "duplicate key": lambda t: t.replace('"seed": 5', '"seed": 5, "seed": 6', 1),
    "quarters not a list": lambda t: json.dumps(dict(json.loads(t), quarters={"a": 1})),
    "decision not an object": lambda t: json.dumps(dict(json.loads(t), partial=["pass"])),
    "a float too big": lambda t: t.replace('"seed": 5', '"seed": 1e999', 1),
    "lone surrogate": lambda t: t.replace('"faulty"', '"\\ud800"', 1),
    "result scores a string": lambda t: json.dumps(dict(json.loads(t), result=dict(json.loads(t)["result"],
                                                                                   scores="high"))),
    "empty object": lambda t: "{}",
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_malformed_replays_are_one_line_exit_2(fresh, tmp_path, name):
    text = MALFORMED[name](dumps(fresh))
    assert text != dumps(fresh)
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    for args in (("replay", "--verify"), ("replay", "--text")):
        line = _one_line_exit_2(run_cli(*args, str(path)))
        assert "bad.json" in line


def test_a_tampered_replay_fails_verify_in_one_line(fresh, tmp_path):
    data = copy.deepcopy(fresh)
    TAMPERS["wrong winner"](data)
    path = tmp_path / "lies.json"
    path.write_text(dumps(data))
    res = run_cli("replay", "--verify", str(path))
    assert res.returncode == 1 and len(res.stderr.strip().splitlines()) == 1
    assert "winner" in res.stderr and "ok" not in res.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_special_files_are_refused_before_reading(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.json"
    zero.symlink_to("/dev/zero")
    folder = tmp_path / "folder.json"
    folder.mkdir()
    for path, needle in ((fifo, "not a regular file"), (zero, "not a regular file"), (folder, "directory")):
        for args in (("replay", "--verify", str(path)), ("fork", str(path), "--at", "2025Q2", "--agents",
                                                          "random,random,random,random")):
            line = _one_line_exit_2(run_cli(*args, timeout=30))
            assert needle in line
        with pytest.raises(ReplayError, match=needle):
            load(path)
    scen = tmp_path / "scen.toml"
    os.mkfifo(scen)
    line = _one_line_exit_2(run_cli("run", "--scenario", str(scen), "--out", str(tmp_path / "x.json"), timeout=30))
    assert "not a regular file" in line


def test_oversized_replay_is_refused_without_reading(tmp_path):
    big = tmp_path / "big.json"
    with open(big, "wb") as fh:
        fh.truncate(21 * 1024 * 1024)
    with pytest.raises(ReplayError, match="limit"):
        load(big)


# ------------------------------------------------------------ the agents as recorded
def test_reproduce_re_runs_the_recorded_agents():
    from game.play import run_fork
    from game.play.reproduce import reproduce
    from game.replay import parse_frame, scenario_of

    game = setup_game("sprint-2025", 8, ["random", "persona", "passive", "random"])
    game.play()
    data = json.loads(game.replay_text())
    result = reproduce(copy.deepcopy(data))
    assert result.ok and "every decision reproduced" in result.message
    lied = copy.deepcopy(data)
    lied["agents"]["Microsoft"] = "passive"  # the attack: a replay that names other agents than played it
    assert verify(copy.deepcopy(lied)).ok  # the rules cannot tell who chose...
    result = reproduce(lied)  # ...re-running the named agents can
    assert not result.ok and "does not reproduce" in result.message and "Microsoft" in result.message
    assert "made by frenemies" not in result.message  # this version made it: the agents are the ones named
    lied["game_version"] = "0.2.1"  # another version's built-ins may choose otherwise: the answer says so
    result = reproduce(lied)
    assert not result.ok and result.message.endswith(f"(the replay was made by frenemies 0.2.1, this is "
                                                     f"{__version__}: its agents may play differently)")
    cut = copy.deepcopy(data)  # an unfinished replay reproduces as far as it goes
    cut["quarters"] = cut["quarters"][:3]
    del cut["result"]
    cut["faults"] = []
    assert reproduce(cut).ok
    fork = run_fork(data, parse_frame("2025Q3:2", scenario_of(data)), ["random", "random", "persona", "passive"],
                    "parent.json", "0" * 64, seed=99)
    result = reproduce(fork.data)
    assert result.ok and "from the fork frame 2025Q3:2 on" in result.message


def test_reproduce_replays_a_person_as_recorded():
    from game.play.reproduce import reproduce

    class Someone(Agent):
        def act(self, obs):
            return obs.legal[-1]

    game = setup_game("sprint-2025", 9, ["person", "random", "random", "random"],
                      policies=[Someone(), None, None, None])
    game.play()
    result = reproduce(json.loads(game.replay_text()))
    assert result.ok and "Microsoft is a person, replayed as recorded" in result.message


def test_reproduce_from_the_command_line(fresh, tmp_path):
    game = setup_game("sprint-2025", 4, ["random", "random", "passive", "persona"])
    game.play()
    path = tmp_path / "r.json"
    path.write_text(game.replay_text())
    res = run_cli("replay", "--verify", "--reproduce", str(path))
    assert res.returncode == 0 and "every decision reproduced" in res.stdout, res.stderr
    data = json.loads(path.read_text())
    data["agents"]["Oracle"] = "random"
    path.write_text(dumps(data))
    res = run_cli("replay", "--verify", "--reproduce", str(path))
    assert res.returncode == 1 and "does not reproduce" in res.stderr and res.stderr.count("\n") == 1
