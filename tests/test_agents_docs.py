"""docs/AGENTS.md's example agent runs exactly as printed, and the PettingZoo
snippet there works."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from conftest import ROOT

DOC = (ROOT / "docs" / "AGENTS.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", DOC, flags=re.S)


def test_example_agent_plays_and_its_replay_verifies(tmp_path):
    source = next(b for b in BLOCKS if "class ComputeHungry" in b)
    assert len(source.strip().splitlines()) <= 30
    (tmp_path / "my_agents.py").write_text(source)
    command = next(line for line in DOC.splitlines() if "my_agents:ComputeHungry" in line)
    agents = re.search(r"--agents (\S+)", command).group(1)
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    out = tmp_path / "game.json"
    run = subprocess.run([sys.executable, "-m", "game", "run", "--agents", agents, "--seed", "3",
                          "--scenario", "sprint-2025", "--out", str(out), "--quiet"],
                         capture_output=True, text=True, cwd=tmp_path, env=env)
    assert run.returncode == 0, run.stderr
    check = subprocess.run([sys.executable, "-m", "game", "replay", "--verify", str(out)],
                           capture_output=True, text=True, cwd=ROOT)
    assert check.returncode == 0, check.stderr
    text = out.read_text()
    assert "compute is the bottleneck" in text or "GW lease" in text
    assert '"fault"' not in text


def test_pettingzoo_snippet_runs():
    snippet = next(b for b in BLOCKS if "from game.env import env" in b)
    namespace: dict = {}
    exec(compile(snippet, "docs/AGENTS.md", "exec"), namespace)  # the snippet plays a whole sprint game
    assert namespace["e"].unwrapped.state.is_over()
