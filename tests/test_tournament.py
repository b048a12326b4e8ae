"""Tournaments end to end: same results for any worker count and for Ray,
resuming after ``kill -9``, output files, and one-line errors on bad input."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.cli import main
from game.replay import load, verify
from game.tournament import RunOptions, make_settings, run_tournament

AGENTS = ["random", "passive"]
SCEN = "sprint-2025"


def games_without_timing(out: Path) -> list[dict]:
    """games.jsonl content with the one timing field removed (everything else must match exactly)."""
    rows = [json.loads(line) for line in (out / "games.jsonl").read_text(encoding="utf-8").splitlines()]
    for row in rows:
        row.pop("duration_s")
    return rows


def run(out: Path, games: int = 8, seed: int = 11, **options: object) -> dict:
    settings = make_settings(AGENTS, games, seed, SCEN)
    return run_tournament(settings, RunOptions(out, quiet=True, **options)).summary  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 1-worker, uninterrupted run that the other runs must reproduce."""
    out = tmp_path_factory.mktemp("ref")
    run(out, games=12)
    return out


def test_one_and_two_workers_give_identical_games_and_summary(reference, tmp_path):
    run(tmp_path, games=12, workers=2)
    assert games_without_timing(tmp_path) == games_without_timing(reference)
    assert (tmp_path / "summary.json").read_bytes() == (reference / "summary.json").read_bytes()
    assert (tmp_path / "results.csv").read_bytes() == (reference / "results.csv").read_bytes()


def test_ray_backend_gives_identical_games(reference, tmp_path):
    pytest.importorskip("ray")
    run(tmp_path, games=12, workers=2, backend="ray")
    assert games_without_timing(tmp_path) == games_without_timing(reference)
    assert (tmp_path / "summary.json").read_bytes() == (reference / "summary.json").read_bytes()


def test_games_log_records_every_game_in_order(reference):
    rows = games_without_timing(reference)
    assert [r["index"] for r in rows] == list(range(12))
    first = rows[0]
    assert set(first) >= {"index", "seed", "agents", "scores", "winner", "joint_value", "faults", "game_version"}
    assert first["seed"] == rows[1]["seed"] and first["agents"] != rows[1]["agents"]  # paired seeds, rotated seats
    # a game replays alone with `frenemies run`
    from game.play import play_game
    again = play_game(SCEN, first["seed"], list(first["agents"].values()))
    assert again.model.state.digest() == first["digest"]


def test_summary_files_and_plots(reference):
    summary = json.loads((reference / "summary.json").read_text(encoding="utf-8"))
    assert summary["games"] == 12 and summary["complete"]
    assert {r["agent"] for r in summary["standings"]} == set(AGENTS)
    for row in summary["standings"]:
        assert row["seats"] == 24
        assert row["win_ci"][0] <= row["win_share"] <= row["win_ci"][1]
        assert row["score_ci"][0] <= row["mean_score"] <= row["score_ci"][1]
        assert set(row["rating"]) == {"mu", "sigma", "ordinal"}
    assert sum(s["wins"] for s in summary["seats"]) == 12
    header = (reference / "results.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("rank,agent,games,seats,wins,win_share,win_lo,win_hi,mean_score")
    for name in ("ratings.png", "seat_win_share.png", "scores.png"):
        assert (reference / "plots" / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", "tournament", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=Path(__file__).resolve().parents[1])


def test_killed_run_resumes_to_the_same_summary(tmp_path):
    uninterrupted = tmp_path / "whole"
    run(uninterrupted, games=40, seed=3)
    out = tmp_path / "killed"
    cmd = [sys.executable, "-m", "game", "tournament", "--agents", ",".join(AGENTS), "--games", "40", "--seed", "3",
           "--scenario", SCEN, "--out", str(out), "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    log = out / "games.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if log.exists() and log.read_bytes().count(b"\n") >= 3:
            break
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    kept = log.read_text(encoding="utf-8").split("\n")[:-1]  # complete lines only (the kill may tear one)
    assert 3 <= len(kept) < 40, "the run should have been killed part-way"
    with open(log, "a", encoding="utf-8") as fh:  # as if killed in the middle of a write
        fh.write('{"index": 99, "seed"')
    result = _cli("--agents", ",".join(AGENTS), "--games", "40", "--seed", "3", "--scenario", SCEN, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert f"resuming: {len(kept)} of 40" in result.stderr
    assert log.read_text(encoding="utf-8").splitlines()[:len(kept)] == kept  # finished games kept as they were
    assert games_without_timing(out) == games_without_timing(uninterrupted)
    assert (out / "summary.json").read_bytes() == (uninterrupted / "summary.json").read_bytes()


def test_more_games_extend_a_finished_tournament(reference, tmp_path):
    run(tmp_path, games=6)
    run(tmp_path, games=12)
    assert games_without_timing(tmp_path) == games_without_timing(reference)


def test_save_replays_writes_one_verifiable_replay_per_game(tmp_path):
    run(tmp_path, games=2, save_replays=True)
    replays = sorted((tmp_path / "replays").glob("*.json"))
    assert [p.name for p in replays] == ["game-000000.json", "game-000001.json"]
    data = load(replays[1])
    assert data["seed"] == games_without_timing(tmp_path)[1]["seed"]
    assert verify(data, str(replays[1])).ok


def test_mirror_prints_win_share_per_seat_with_intervals(tmp_path, capsys):
    assert main(["tournament", "--mirror", "random", "--games", "8", "--scenario", SCEN, "--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "Win share by seat" in printed
    for seat in ("Microsoft", "OpenAI", "SoftBank", "Oracle"):
        line = next(line for line in printed.splitlines() if seat in line)
        assert "%" in line and "[" in line and "]" in line
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["standings"][0]["seats"] == 32


def test_quiet_prints_only_the_summary_path(tmp_path, capsys):
    assert main(["tournament", "--agents", "random,passive", "--games", "2", "--scenario", SCEN, "--out",
                 str(tmp_path), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"{tmp_path / 'summary.json'}\n"


def _error(capsys: pytest.CaptureFixture, *args: str) -> str:
    assert main(["tournament", *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    return err


def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys):
    out = str(tmp_path / "new")
    assert "unknown agent 'nobody'" in _error(capsys, "--agents", "random,nobody", "--games", "2", "--out", out)
    assert "at least 1" in _error(capsys, "--agents", "random", "--games", "0", "--out", out)
    assert not (tmp_path / "new").exists()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert "cannot create output directory" in _error(capsys, "--agents", "random", "--games", "1", "--scenario",
                                                      SCEN, "--out", str(blocker / "sub"))


def test_other_settings_are_refused_and_nothing_is_lost(reference, capsys):
    before = {p.name: p.read_bytes() for p in reference.iterdir() if p.is_file()}
    err = _error(capsys, "--agents", "random,passive", "--games", "12", "--seed", "12", "--scenario", SCEN,
                 "--out", str(reference))
    assert "other settings (seed 11, not 12)" in err
    assert "would drop games" in _error(capsys, "--agents", "random,passive", "--games", "4", "--seed", "11",
                                        "--scenario", SCEN, "--out", str(reference))
    assert {p.name: p.read_bytes() for p in reference.iterdir() if p.is_file()} == before


def test_ray_missing_is_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now raises ImportError
    err = _error(capsys, "--agents", "random", "--games", "1", "--scenario", SCEN, "--backend", "ray",
                 "--out", str(tmp_path / "r"))
    assert "needs Ray" in err and "frenemies[ray]" in err
    assert not (tmp_path / "r").exists()


def test_a_worker_keeps_no_finished_game_alive():
    """Memory stays flat over thousands of games: nothing holds on to a finished model."""
    import gc

    from game.play import FrenemiesModel
    from game.rules import load_scenario
    from game.tournament.schedule import game_spec
    from game.tournament.worker import Job, play_one

    def alive() -> int:
        gc.collect()
        return sum(isinstance(o, FrenemiesModel) for o in gc.get_objects())

    job = Job(load_scenario(SCEN).text, SCEN, 10.0, False)
    before = alive()
    for i in range(3):
        play_one(job, game_spec(1, AGENTS, i))
    assert alive() == before
