"""Forks: a fork replays its parent up to the frame, names the parent, verifies
on its own, and a new seed changes chance only after the frame."""

from __future__ import annotations

import json

import pytest

from game import play, replay
from game.play import play_game
from test_cli_errors import assert_one_line_error
from test_replay import run_cli


@pytest.fixture(scope="module")
def parent(tmp_path_factory):
    path = tmp_path_factory.mktemp("fork") / "parent.json"
    path.write_text(play_game("sprint-2025", 5, ["passive", "random", "passive", "random"]).replay_text())
    return path


def choices(data, upto_quarter=None):
    qs = data["quarters"] if upto_quarter is None else data["quarters"][:upto_quarter]
    return [d["choice"] for q in qs for d in q["decisions"]]


def test_same_agents_same_game(tmp_path):
    """With deterministic agents and no new seed, a fork replays the parent exactly."""
    path = tmp_path / "p.json"
    path.write_text(play_game("sprint-2025", 2, ["passive"] * 4).replay_text())
    parent = replay.load(path)
    result = play.fork_file(path, "2025Q3", ["passive"] * 4)
    assert [q["hash"] for q in result.data["quarters"]] == [q["hash"] for q in parent["quarters"]]
    assert result.data["result"]["scores"] == parent["result"]["scores"]


def test_fork_names_parent_and_verifies_alone(parent, tmp_path):
    result = play.fork_file(parent, "2025Q4:3", ["random", "passive", "random", "passive"], seed=None)
    data = result.data
    assert data["parent"]["file"] == "parent.json"
    assert data["parent"]["sha256"] == replay.file_sha256(parent)
    assert data["parent"]["frame"] == {"quarter": "2025Q4", "decision": 3}
    assert data["agents"]["Microsoft"] == "random" and data["parent"]["agents"]["Microsoft"] == "passive"
    assert data["seed"] == replay.load(parent)["seed"] and "reseeds" not in data
    pdata = replay.load(parent)
    shared = choices(pdata, 3) + [d["choice"] for d in pdata["quarters"][3]["decisions"][:3]]
    assert choices(data)[:len(shared)] == shared
    assert data["quarters"][:3] == pdata["quarters"][:3]
    # verifies alone: the parent file is not needed
    out = tmp_path / "elsewhere" / "fork.json"
    out.parent.mkdir()
    out.write_text(result.text())
    assert replay.verify(replay.load(out)).ok
    assert "not found" in replay.check_parent(data, out.parent / "parent.json")
    assert "sha256 matches" in replay.check_parent(data, parent)


def test_seed_changes_chance_from_the_frame_only(parent):
    pdata = replay.load(parent)
    result = play.fork_file(parent, "2025Q3", ["passive", "random", "passive", "random"], seed=12345)
    data = result.data
    assert data["reseeds"] == [{"quarter": "2025Q3", "decision": 0, "seed": 12345}]
    assert data["seed"] == pdata["seed"]
    assert [q["hash"] for q in data["quarters"][:2]] == [q["hash"] for q in pdata["quarters"][:2]]
    assert replay.verify(data).ok
    # verify really applies the reseed: without it the fork no longer re-simulates
    stripped = {k: v for k, v in data.items() if k != "reseeds"}
    assert not replay.verify(stripped).ok
    # the same fork command gives the same fork
    again = play.fork_file(parent, "2025Q3", ["passive", "random", "passive", "random"], seed=12345)
    assert again.text() == result.text()


def test_fork_of_a_fork_keeps_earlier_reseeds(parent, tmp_path):
    first = tmp_path / "first.json"
    first.write_text(play.fork_file(parent, "2025Q2:2", ["random"] * 4, seed=7).text())
    second = play.fork_file(first, "2026Q1", ["passive"] * 4)
    assert second.data["reseeds"] == [{"quarter": "2025Q2", "decision": 2, "seed": 7}]
    assert replay.verify(second.data).ok
    reseeded = play.fork_file(first, "2025Q2:2", ["passive"] * 4, seed=8)
    assert reseeded.data["reseeds"] == [{"quarter": "2025Q2", "decision": 2, "seed": 8}]
    assert replay.verify(reseeded.data).ok


def test_changed_parent_is_noticed(parent, tmp_path):
    data = play.fork_file(parent, "2025Q3", ["random"] * 4).data
    copy = tmp_path / "parent.json"
    copy.write_text(parent.read_text() + " ")
    assert "changed" in replay.check_parent(data, copy)


@pytest.mark.parametrize("at,needle", [("2027Q1", "outside this game"), ("2025Q3:99", "has only"),
                                       ("Q3-2025", "bad frame"), ("2026Q4:400", "has only")])
def test_bad_frames(parent, at, needle):
    with pytest.raises(replay.ForkError, match=needle):
        play.fork_file(parent, at, ["random"] * 4)


def test_game_over_frame_and_unfinished_parent(tmp_path):
    path = tmp_path / "p.json"
    data = play_game("sprint-2025", 3, ["passive"] * 4).recorder.to_dict()
    last = len(data["quarters"][-1]["decisions"])
    path.write_text(json.dumps(data))
    with pytest.raises(replay.ForkError, match="over"):
        play.fork_file(path, f"2026Q4:{last}", ["random"] * 4)
    # an unfinished game (saved mid-quarter) forks from inside its last, partial quarter
    data["partial"] = data["quarters"][5]["decisions"][:4]
    data["quarters"] = data["quarters"][:5]
    del data["result"]
    path.write_text(json.dumps(data))
    result = play.fork_file(path, "2026Q2:4", ["passive"] * 4)
    assert replay.verify(result.data).ok and len(result.data["quarters"]) == 8


def test_cli_fork(parent, tmp_path):
    out = tmp_path / "f.json"
    res = run_cli("fork", str(parent), "--at", "2025Q3:2", "--agents", "passive,random,random,passive",
                  "--seed", "3", "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert "written to" in res.stdout and out.exists()
    res = run_cli("replay", "--verify", str(out))
    assert res.returncode == 0 and "8 quarters verified" in res.stdout
    assert "not found" in res.stdout  # the lineage line: the parent is not next to this fork
    keep = tmp_path / "keep.json"
    keep.write_text("precious")
    assert_one_line_error(run_cli("fork", str(parent), "--at", "2031Q1", "--agents", "random,random,random,random",
                                  "--out", str(keep)), "outside this game")
    assert keep.read_text() == "precious"
    assert_one_line_error(run_cli("fork", str(tmp_path / "nope.json"), "--at", "2025Q3", "--agents",
                                  "random,random,random,random"), "no such replay")
    assert_one_line_error(run_cli("fork", str(parent), "--at", "2025Q3", "--agents", "random,wizard,random,random"),
                          "unknown agent")
