"""Faults stay local: an agent that raises, answers illegally or overruns its
budget gets the default choice, the game goes on, and the fault is recorded
in the replay and the result. Plug-ins that cannot load fail in one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest

import agents.registry as registry
from agents import Agent, AgentError, Decision, make_agent, resolve
from game.play import FrenemiesModel
from game.replay import ReplayRecorder, dumps, verify
from game.rules import Act, Loan, Phase, Propose, load_scenario

from conftest import ROOT


class Raiser(Agent):
    """Raises on its first two decisions, then plays like ``passive``."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def act(self, obs):
        self.calls += 1
        if self.calls <= 2:
            raise RuntimeError("boom")
        return make_agent("passive").act(obs)


class Illegal(Agent):
    """Proposes a package to itself in every talk round, acts with an unknown move."""

    def act(self, obs):
        if obs.phase is Phase.PROPOSE:
            return Decision(Propose(obs.seat, (Loan(obs.seat, obs.seat, 5.0, 4),)), "talks to itself")
        if obs.phase is Phase.ACT:
            return Act("build-rocket", 0)
        return obs.legal[0]


class Sleeper(Agent):
    """Takes longer than the budget on its first decision."""

    def __init__(self) -> None:
        super().__init__()
        self.slept = False

    def act(self, obs):
        if not self.slept:
            self.slept = True
            time.sleep(0.4)
        return obs.legal[0]


def play_with(policy: Agent, budget_s: float = 10.0) -> tuple[FrenemiesModel, dict]:
    """One sprint game with ``policy`` as Microsoft. Under a tight budget the
    others are instant agents, so only the policy under test can overrun."""
    scen = load_scenario("sprint-2025")
    others = ["persona", "negotiator", "random"] if budget_s >= 1.0 else ["random", "passive", "random"]
    specs = ["fault-under-test", *others]
    recorder = ReplayRecorder(specs, (ROOT / "assets" / "scenarios" / "sprint-2025.toml").read_text())
    policies = [policy, *(make_agent(o) for o in others)]
    model = FrenemiesModel(scen, 13, policies, [recorder], budget_s)
    model.play()
    return model, json.loads(dumps(recorder.to_dict()))


def recorded_faults(data: dict) -> list[dict]:
    return [d for q in data["quarters"] for d in q["decisions"] if "fault" in d]


@pytest.mark.parametrize("policy, budget, expect", [
    (Raiser(), 10.0, "raised RuntimeError: boom"),
    (Illegal(), 10.0, "illegal choice"),
    (Sleeper(), 0.2, "over time budget"),
], ids=["raises", "illegal", "too-slow"])
def test_fault_gets_default_choice_and_is_recorded(policy, budget, expect):
    model, data = play_with(policy, budget)
    assert model.state.is_over()
    faults = recorded_faults(data)
    assert faults and all(d["seat"] == "Microsoft" for d in faults)
    assert expect in faults[0]["fault"]
    assert all(expect.split()[0] in f for f in model.faults[:1])
    assert len(model.faults) == len(faults)
    assert all(d["rationale"] == "default after a fault" and d["choice"] in ("pass", "reject", "waive")
               or d["choice"].startswith("act hold") for d in faults)
    check = verify(data)
    assert check.ok, check.message
    others = [d for q in data["quarters"] for d in q["decisions"] if d["seat"] != "Microsoft"]
    assert not any("fault" in d for d in others)


def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **env})


@pytest.mark.parametrize("spec, needle", [
    ("nosuchpkg.mod:Agent", "cannot import agent module 'nosuchpkg.mod'"),
    ("brokenplugin:Agent", "cannot import agent module 'brokenplugin': ZeroDivisionError"),
])
def test_unknown_or_broken_plugin_is_one_line_and_exit_2(tmp_path, spec, needle):
    (tmp_path / "brokenplugin.py").write_text("1 / 0\n")
    out = tmp_path / "never.json"
    proc = run_cli("run", "--agents", f"{spec},random,random,random", "--scenario", "sprint-2025",
                   "--out", str(out), PYTHONPATH=str(tmp_path))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and "Traceback" not in proc.stderr
    assert not out.exists()


@pytest.mark.parametrize("spec, needle", [
    ("okplugin:Missing", "has no attribute 'Missing'"),
    ("planner@impossible", "unknown planner level"),
    ("no-such-agent", "unknown agent 'no-such-agent'"),
])
def test_bad_agent_names_in_process(tmp_path, monkeypatch, capsys, spec, needle):
    """The same command in-process (no interpreter start-up): one line, exit 2, nothing written."""
    from game.cli import main
    (tmp_path / "okplugin.py").write_text("X = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    out = tmp_path / "never.json"
    code = main(["run", "--agents", f"{spec},random,random,random", "--scenario", "sprint-2025", "--out", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and needle in err[0]
    assert not out.exists()


def test_plugin_by_dotted_path_plays(tmp_path):
    (tmp_path / "myagents.py").write_text(
        "from agents import Agent, Decision\n"
        "class First(Agent):\n"
        "    def act(self, obs):\n"
        "        return Decision(obs.legal[0], 'always the first legal choice')\n")
    out = tmp_path / "game.json"
    proc = run_cli("run", "--agents", "myagents:First,persona,random,passive", "--scenario", "sprint-2025",
                   "--out", str(out), "--quiet", PYTHONPATH=str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text())
    assert data["agents"]["Microsoft"] == "myagents:First"
    assert any(d.get("rationale") == "always the first legal choice" for q in data["quarters"] for d in q["decisions"])


def test_broken_entry_point_is_one_line(monkeypatch):
    def boom():
        raise ImportError("missing dependency")
    fake = SimpleNamespace(name="shiny", load=boom)
    monkeypatch.setattr(registry, "entry_points", lambda group: [fake] if group == "frenemies.agents" else [])
    with pytest.raises(AgentError) as info:
        resolve("shiny")
    assert "cannot load agent entry point 'shiny'" in str(info.value) and "\n" not in str(info.value)


def test_entry_point_agent_resolves(monkeypatch):
    class Mine(Agent):
        def act(self, obs):
            return obs.legal[0]
    fake = SimpleNamespace(name="mine", load=lambda: Mine)
    monkeypatch.setattr(registry, "entry_points", lambda group: [fake] if group == "frenemies.agents" else [])
    assert resolve("mine") is Mine
    assert isinstance(make_agent("mine"), Mine)


def test_a_long_reason_is_cut_at_a_word_with_an_ellipsis():
    """Reasons are kept to 200 characters; a cut in mid-word read as a typo in the feed and the replay."""
    from game.play.reply import WHY_LIMIT, reply_from

    why = "offers Microsoft " + "compute and capital " * 20
    got = reply_from({"choice": "pass", "why": why}).why
    assert len(got) <= WHY_LIMIT and got.endswith("…")
    assert why.startswith(got[:-1]) and why[len(got) - 1] == " "   # ends where a word ends
    assert reply_from({"choice": "pass", "why": "short"}).why == "short"
