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
