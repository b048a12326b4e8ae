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
