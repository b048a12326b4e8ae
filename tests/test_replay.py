"""Replays: same seed, same bytes (across PYTHONHASHSEED), verify accepts a
fresh replay and rejects a hand-edited one, metrics CSV is written."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys

import pytest

from game import replay
from game.play import play_game


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, env=full_env,
                          timeout=120)


def test_same_seed_same_bytes_across_hash_seeds(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    for out, hs in ((a, "1"), (b, "2")):
        res = run_cli("run", "--agents", "random,random,random,random", "--seed", "7", "--scenario", "sprint-2025",
                      "--out", str(out), "--quiet", env={"PYTHONHASHSEED": hs})
        assert res.returncode == 0, res.stderr
    assert a.read_bytes() == b.read_bytes()
    c = tmp_path / "c.json"
    run_cli("run", "--seed", "8", "--scenario", "sprint-2025", "--out", str(c), "--quiet")
    assert c.read_bytes() != a.read_bytes()


@pytest.fixture(scope="module")
def game_replay(tmp_path_factory):
    path = tmp_path_factory.mktemp("r") / "g.json"
    result = play_game("sprint-2025", 11, ["random", "passive", "random", "random"])
    path.write_text(result.replay_text())
    return path


def test_replay_has_the_promised_fields(game_replay):
    data = json.loads(game_replay.read_text())
    for key in ("format", "format_version", "game_version", "scenario", "scenario_digest", "seed", "agents",
                "quarters", "result"):
        assert key in data
    assert len(data["quarters"]) == 8 and all(len(q["hash"]) == 32 for q in data["quarters"])
    assert data["quarters"][0]["decisions"][0]["choice"]
    assert set(data["result"]["scores"]) == {"Microsoft", "OpenAI", "SoftBank", "Oracle"}


def test_verify_accepts_fresh_and_rejects_edited(game_replay, tmp_path):
    res = run_cli("replay", "--verify", str(game_replay))
    assert res.returncode == 0 and "8 quarters verified" in res.stdout
    data = json.loads(game_replay.read_text())
    # hand-edit: change one quarter's recorded hash, and (separately) one decision
    edited = json.loads(json.dumps(data))
    edited["quarters"][3]["hash"] = "0" * 32
    bad = tmp_path / "edited.json"
    bad.write_text(json.dumps(edited))
    res = run_cli("replay", "--verify", str(bad))
    assert res.returncode == 1 and data["quarters"][3]["quarter"] in res.stderr and "diverges" in res.stderr
    edited2 = json.loads(json.dumps(data))
    act = next(d for d in edited2["quarters"][5]["decisions"] if d["choice"].startswith("act"))
    act["choice"] = "act hold capex=1" if act["choice"] == "act hold capex=0" else "act hold capex=0"
    bad.write_text(json.dumps(edited2))
    v = replay.verify(replay.load(bad))
    assert not v.ok and data["quarters"][5]["quarter"] in v.message


def test_metrics_csv(tmp_path):
    out, metrics = tmp_path / "g.json", tmp_path / "m.csv"
    res = run_cli("run", "--seed", "3", "--scenario", "sprint-2025", "--out", str(out), "--metrics", str(metrics),
                  "--quiet")
    assert res.returncode == 0, res.stderr
    rows = list(csv.DictReader(metrics.open()))
    assert len(rows) == 8 * 4
    assert rows[0]["quarter"] == "2025Q1" and rows[-1]["quarter"] == "2026Q4"
    for col in ("cash", "compute_owned", "capability", "users", "revenue", "score", "contracts_in_force",
                "trust_MSFT_OAI"):
        float(rows[-1][col])


def test_unfinished_game_verifies_its_partial_quarter(game_replay, tmp_path):
    """A game quit mid-quarter keeps its last decisions under 'partial'; verify re-applies them too."""
    data = json.loads(game_replay.read_text())
    cut = dict(data, quarters=data["quarters"][:3], partial=data["quarters"][3]["decisions"][:5])
    del cut["result"]
    v = replay.verify(cut)
    assert v.ok and "5 decisions of the unfinished 2025Q4" in v.message
    cut["partial"] = [{"seat": "Microsoft", "choice": "act hold capex=3"}]
    v = replay.verify(cut)
    assert not v.ok and "unfinished" in v.message
