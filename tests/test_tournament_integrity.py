"""Issue 13: a tournament directory can be trusted. Edited lines are refused on resume (forged ones with
``--recheck``), a damaged line is one line of error, and two runs into one ``--out`` cannot both write."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.cli import main
from game.tournament import RunOptions, make_settings, run_tournament
from game.tournament.store import DirLock, seal

ROOT = Path(__file__).resolve().parents[1]
SCEN = "sprint-2025"
ARGS = ["--agents", "random,passive", "--seed", "4", "--scenario", SCEN]


def _snapshot(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture()
def played(tmp_path) -> Path:
    out = tmp_path / "t"
    run_tournament(make_settings(["random", "passive"], 6, 4, SCEN), RunOptions(out, quiet=True))
    return out


def _edit_line(out: Path, n: int, edit, reseal: bool = False) -> None:
    lines = (out / "games.jsonl").read_text(encoding="utf-8").splitlines()
    rec = json.loads(lines[n])
    edit(rec)
    if reseal:
        rec = seal({k: v for k, v in rec.items() if k != "check"})
    lines[n] = json.dumps(rec, separators=(",", ":"))
    (out / "games.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _refused(capsys, out: Path, games: int, *extra: str) -> str:
    before = _snapshot(out)
    code = main(["tournament", *ARGS, "--games", str(games), "--out", str(out), *extra])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.count("\n") == 1 and "Traceback" not in err and "internal error" not in err, err
    assert _snapshot(out) == before, "a refused run changed the directory"
    return err


def _swap_winner(rec: dict) -> None:
    first, second = rec["ranking"][:2]
    rec["scores"][first], rec["scores"][second] = rec["scores"][second], rec["scores"][first]
    rec["ranking"][:2] = [second, first]
    rec["winner"] = second


@pytest.mark.parametrize("edit, needle", [
    (lambda r: r["scores"].update({r["ranking"][-1]: 1e4}), "ranking or winner"),
    (lambda r: r["scores"].update({r["ranking"][0]: r["scores"][r["ranking"][0]] + 0.5}), "check digest"),
    (_swap_winner, "check digest"),
    (lambda r: r.update(joint_value=1e6), "check digest"),
    (lambda r: r["faults"].update(Oracle=["made up"]), "check digest"),
    (lambda r: r.update(scores="all mine"), "malformed scores"),
    (lambda r: r.pop("check"), "no field 'check'"),
], ids=["last-seat-top-score", "score", "winner-and-scores", "joint-value", "faults", "scores-type", "no-check"])
def test_edited_lines_are_refused_on_resume(played, capsys, edit, needle):
    _edit_line(played, 2, edit)
    err = _refused(capsys, played, 8)
    assert "games.jsonl line 3" in err and needle in err


def test_a_forged_line_with_a_recomputed_digest_is_caught_by_recheck(played, capsys):
    _edit_line(played, 3, _swap_winner, reseal=True)
    err = _refused(capsys, played, 8, "--recheck")
    assert "games.jsonl line 4 is not what game 3 plays" in err
    # the honest directory rechecks fine and resumes
    _edit_line(played, 3, _swap_winner, reseal=True)  # swap back: the original line again
    assert main(["tournament", *ARGS, "--games", "8", "--out", str(played), "--recheck"]) == 0
    assert "re-play exactly as logged" in capsys.readouterr().err


@pytest.mark.parametrize("damage", [b"\xff\xfe not utf-8\n", b'{"index": 9' + b"9" * 5000 + b"}\n",
                                    b"[" * 50_000 + b"\n", b'{"x": NaN}\n'], ids=["utf8", "digits", "nesting", "nan"])
def test_a_damaged_line_is_one_line_of_error(played, capsys, damage):
    with open(played / "games.jsonl", "ab") as fh:
        fh.write(damage)
    err = _refused(capsys, played, 8)
    assert "line 7" in err


def test_a_held_lock_refuses_a_second_writer(played, capsys):
    with DirLock(played):
        err = _refused(capsys, played, 8)
    assert "another tournament is writing" in err
    assert main(["tournament", *ARGS, "--games", "8", "--out", str(played), "--quiet"]) == 0  # lock released


def test_two_concurrent_tournaments_into_one_out(tmp_path):
    """The attack: two runs started into one --out. Before: both exit 0, 596 lines for 300 games."""
    out = tmp_path / "both"
    cmd = [sys.executable, "-m", "game", "tournament", *ARGS, "--games", "400", "--out", str(out), "--quiet"]
    first = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    log = out / "games.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (log.exists() and log.read_bytes().count(b"\n") >= 2):
        time.sleep(0.01)
    assert first.poll() is None, "the first run should still be playing"
    second = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert second.returncode == 2 and second.stderr.count("\n") == 1, second.stderr
    assert "another tournament is writing" in second.stderr
    os.kill(first.pid, signal.SIGKILL)  # no need to wait for 400 games: what is on disk must still be clean
    first.wait()
    rows = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [r["index"] for r in rows] == list(range(len(rows)))
    from game.tournament.store import GamesLog  # the next resume accepts every line (before: it refused)
    assert GamesLog(out).recover(make_settings(["random", "passive"], 400, 4, SCEN)) == len(rows)


def test_the_check_digest_leaves_out_only_the_timing(played):
    rec = json.loads((played / "games.jsonl").read_text(encoding="utf-8").splitlines()[0])
    body = {k: v for k, v in rec.items() if k not in ("check", "duration_s")}
    assert rec["check"] == hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":"))
                                          .encode()).hexdigest()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("name", ["games.jsonl", "tournament.json"])
def test_a_fifo_in_place_of_a_tournament_file_is_refused(tmp_path, capsys, name):
    out = tmp_path / "t"
    out.mkdir()
    if name == "games.jsonl":
        run_tournament(make_settings(["random", "passive"], 2, 4, SCEN), RunOptions(out, quiet=True))
        (out / name).unlink()
    os.mkfifo(out / name)
    (out / "tournament.lock").touch()  # as a first run leaves it
    err = _refused(capsys, out, 4)
    assert name in err
