"""The mechanics census (benchmarks/mechanics.py): rows are kept as games end, a census can be put together
from chunks, and a par refit rescored from the rows matches a replay of the same games."""

from __future__ import annotations

import json
import math
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import mechanics  # noqa: E402


def test_rows_chunks_and_rescoring(tmp_path):
    rows_a, rows_b, out = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "census.json"
    assert mechanics.main(["--games", "2", "--only", "persona", "--workers", "1", "--rows", str(rows_a)]) == 0
    assert mechanics.main(["--games", "2", "--seed", "2", "--only", "persona", "--workers", "1",
                           "--rows", str(rows_b)]) == 0
    first = [json.loads(line) for line in rows_a.read_text().splitlines()]
    assert sorted(r["seed"] for r in first) == [0, 1] and all(r["commit"] for r in first)
    # two chunks (one given twice) make one census of four games, each counted once
    assert mechanics.main(["--from-rows", str(rows_a), str(rows_b), str(rows_a), "--json", str(out)]) == 0
    census = json.loads(out.read_text())
    assert census["families"]["persona"]["games"] == 4
    # rescoring under the same par gives back each game's own scores and winner (scores are growth over par)
    again = mechanics.rescore([dict(r) for r in first], "stargate-2025")
    for mine, played in zip(again, first):
        assert mine["winner"] == played["winner"]
        assert all(math.isclose(a, b, rel_tol=1e-6) for a, b in zip(mine["scores"], played["scores"]))


def test_rows_that_cannot_be_read_are_one_line_and_exit_2(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n")
    out = tmp_path / "census.json"
    for args in (["--from-rows", str(tmp_path / "missing.jsonl"), "--json", str(out)], ["--refit", str(bad)],
                 ["--from-rows", str(bad), "--json", str(out)]):
        assert mechanics.main(args) == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith("mechanics: error: ") and "\n" not in err
    assert not out.exists()


def test_a_strength_run_stopped_midway_goes_on_from_its_kept_rows(tmp_path, capsys):
    """``strength.py --rows``: every game is kept as it ends; run again, the games kept at this commit are read
    back, not played (a sequential pairing too), and a line cut short by the stop, a row of another commit or
    of another scenario is played again."""
    import strength
    from kept_rows import KeptRows

    rows, out = tmp_path / "rows.jsonl", tmp_path / "strength.json"
    args = ["--strongest", "passive", "--opponents", "random", "--only", "pairings", "--games", "4", "--workers",
            "1", "--rows", str(rows), "--out", str(out)]
    assert strength.main(args) == 0
    first = json.loads(out.read_text())["games"]
    kept = rows.read_text().splitlines()
    assert len(kept) == 4 and len(first) == 4
    rows.write_text("\n".join(kept[:3]) + "\n" + kept[3][:40])  # the last game's line cut short by the stop
    capsys.readouterr()
    assert strength.main(args) == 0
    assert "3 games read back" in capsys.readouterr().out
    def same(games: list[dict]) -> list[dict]:  # a row without its wall time
        return [{k: v for k, v in r.items() if k != "seconds"} for r in games]

    assert same(json.loads(out.read_text())["games"]) == same(first)  # the same rows, played or read back
    assert len(rows.read_text().splitlines()) == 5  # only the cut game was played again, on a line of its own
    sequential = [("12" if a == "4" else a) for a in args] + ["--sprt", "0.25,0.35"]  # three groups at most
    assert strength.main(sequential) == 0  # the sequential pairing reads the first group back ...
    assert len(rows.read_text().splitlines()) == 5 + 8  # ... and plays the other two
    commit = KeptRows(rows, "stargate-2025").commit
    assert len(KeptRows(rows, "stargate-2025", commit + "x").rows) == 0
    assert len(KeptRows(rows, "sprint-2025", commit).rows) == 0


def test_a_scaling_run_reports_its_games_time_and_faults(tmp_path, capsys):
    """The summary line counts every game it played: a run of only scaling (or timing) games said "0.0s per
    game per worker, 0 agent faults" whatever happened, since only the pairings' rows carried those."""
    import strength

    out = tmp_path / "strength.json"
    assert strength.main(["--only", "scaling", "--budgets", "1", "--scaling-field", "random", "--scaling-games", "4",
                          "--scenario", "sprint-2025", "--workers", "1", "--out", str(out)]) == 0
    line = next(ln for ln in capsys.readouterr().out.splitlines() if "per game per worker" in ln)
    per_game = float(line.split("(")[1].split("s per game")[0])
    assert line.startswith("4 games") and per_game > 0 and "0 agent faults" in line


def test_rows_a_strength_run_cannot_keep_stop_it_in_one_line_before_any_game(tmp_path, capsys):
    """A ``--rows`` file that cannot take rows (a folder, a missing folder, bytes that are not text) is one line
    and exit 2 before the first game: a run that found out after its first game lost that game."""
    import strength

    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe")
    out = tmp_path / "strength.json"
    for rows in (tmp_path, tmp_path / "missing" / "rows.jsonl", binary):
        assert strength.main(["--strongest", "passive", "--opponents", "random", "--only", "pairings", "--games",
                              "4", "--workers", "1", "--rows", str(rows), "--out", str(out)]) == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith(f"strength: error: cannot keep rows in {rows}") and "\n" not in err
    assert not out.exists() and binary.read_bytes() == b"\xff\xfe"


def test_the_scaling_table_sets_each_budget_against_the_one_before_on_the_same_games():
    """Each budget is paired with the budget before it game for game (same seed, same seat): its own score
    less the other's per seed group, and the games only one of them won, with the sign test's p."""
    import strength

    def row(key: str, seed: int, seat: int, mine: float, won: bool) -> dict:
        specs = ["planner@easy"] * 4
        specs[seat] = key
        scores = [100.0] * 4
        scores[seat] = mine
        return {"table": "scaling", "key": key, "seed": seed, "specs": specs, "scores": scores,
                "winner": seat if won else (seat + 1) % 4, "times": [0.01]}

    low = [row("planner@8", seed, seat, 100.0, seat == 0) for seed in (0, 1) for seat in range(4)]
    # planner@32: +8 points in every game of seed 0, +4 in seed 1; it wins seats 1 and 2, loses seat 0
    high = [row("planner@32", seed, seat, 108.0 if seed == 0 else 104.0, seat in (1, 2)) for seed in (0, 1)
            for seat in range(4)]
    _, out = strength.scaling_table(low + high, "planner@easy")
    assert [o["budget"] for o in out] == ["planner@8", "planner@32"] and out[0]["against_before"] is None
    step = out[1]["against_before"]
    assert step["games"] == 8 and step["only_here"] == 4 and step["only_before"] == 2
    assert math.isclose(step["paired_diff"][0], 6.0)
    assert math.isclose(step["sign_p"], 2 * (1 + 6 + 15) / 64)
    assert strength.sign_test(0, 0) == 1.0 and strength.sign_test(10, 0) < 0.01
    # a budget played on other seeds has nothing to be paired with
    other = [dict(r, seed=r["seed"] + 50) for r in high]
    assert strength.scaling_table(low + other, "planner@easy")[1][1]["against_before"] is None


def test_a_benchmark_run_killed_with_sigterm_takes_its_worker_processes_with_it(tmp_path):
    """``benchmarks.workers.stopping_pool``: SIGTERM ends the run's pool too (plain ``Pool`` left its workers
    playing on, orphaned, at full CPU)."""
    import os
    import signal
    import subprocess
    import time

    script = tmp_path / "run.py"
    script.write_text(
        "import sys, time\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from benchmarks.workers import stopping_pool\n"
        "def game(seconds):  # a long game: busy, as a worker playing one is\n"
        "    end = time.monotonic() + seconds\n"
        "    while time.monotonic() < end:\n"
        "        pass\n"
        "if __name__ == '__main__':\n"
        "    with stopping_pool(2) as pool:\n"
        "        print(' '.join(str(p.pid) for p in pool._pool), flush=True)\n"
        "        pool.map_async(game, [60, 60])\n"
        "        time.sleep(60)\n")
    run = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    pids = [int(p) for p in run.stdout.readline().split()]
    assert len(pids) == 2
    time.sleep(0.5)  # the games under way
    run.send_signal(signal.SIGTERM)
    assert run.wait(timeout=30) != 0

    def running(pid: int) -> bool:  # there and not a zombie (an exited child not yet reaped)
        try:
            with open(f"/proc/{pid}/stat") as f:
                return f.read().rsplit(")", 1)[1].split()[0] != "Z"
        except FileNotFoundError:
            return False

    deadline = time.monotonic() + 10
    while any(running(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        assert not any(running(p) for p in pids)
    finally:
        for p in pids:
            if running(p):
                os.kill(p, signal.SIGKILL)


def test_the_projection_error_of_a_game_played_as_the_model_plays_is_nothing_once_it_reaches_the_end(tmp_path):
    """``benchmarks/projection.py``: passive agents play what the planner's model plays (no deals, holding), so
    from every quarter whose six-quarter rollout reaches the game's end, the projection is the final score
    exactly; earlier it misses by the continuation's guess of OpenAI's growth."""
    import projection

    out = tmp_path / "projection.json"
    assert projection.main(["--games", "1", "--agents", "passive,passive,passive,passive", "--json", str(out)]) == 0
    data = json.loads(out.read_text())
    errors = data["mean_error_by_quarter"]
    assert data["games"] == 1 and len(errors) == 24 and errors[0] is None  # rolled from each quarter's start
    reaching = [e for q, e in enumerate(errors) if e is not None and q + projection.HORIZON + 1 >= 24]
    assert reaching and all(abs(x) < 1e-6 for e in reaching for x in e)
    assert any(abs(e[1]) > 1.0 for e in errors[:6] if e is not None)  # OpenAI's continuation, early
    assert projection.main(["--agents", "passive"]) == 2
