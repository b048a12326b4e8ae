"""Issue 13: Mesa's own tools drive the model. ``FrenemiesModel`` takes keyword parameters with defaults
(scenario by name, agents by spec, ``seed`` or ``rng``), ``running`` turns false at the end, and
``mesa.batch_run`` over seeds and agent specs returns one row per company per quarter."""

from __future__ import annotations

import numpy as np
import pytest

import mesa
from game.play import FrenemiesModel, play_game
from game.rules import FrenemiesError

SPECS = ["random,random,random,random", "passive,random,persona,random"]


def test_batch_run_over_seeds_and_agent_specs():
    rows = mesa.batch_run(FrenemiesModel, parameters={"scenario": "sprint-2025", "seed": [1, 2], "agents": SPECS},
                          iterations=1, max_steps=100, number_processes=1, data_collection_period=1,
                          display_progress=False)
    assert len(rows) == 2 * 2 * 8 * 4  # runs x quarters x companies
    runs = {}
    for row in rows:
        runs.setdefault((row["seed"], row["agents"]), []).append(row)
    assert set(runs) == {(seed, agents) for seed in (1, 2) for agents in SPECS}
    for (seed, agents), got in runs.items():
        assert sorted({r["Step"] for r in got}) == list(range(8))
        assert [r["quarter"] for r in got if r["seat"] == "Oracle"] == [f"{2025 + q // 4}Q{q % 4 + 1}"
                                                                          for q in range(8)]
        last = {r["seat"]: r for r in got if r["Step"] == 7}
        assert [last[s]["agent"] for s in ("Microsoft", "OpenAI", "SoftBank", "Oracle")] == agents.split(",")
        game = play_game("sprint-2025", seed, agents.split(","), record=False)  # the same game, played alone
        for seat, expected in zip(("Microsoft", "OpenAI", "SoftBank", "Oracle"), game.outcome.scores):
            assert last[seat]["score"] == pytest.approx(expected, abs=1e-3)


def test_keyword_defaults_and_seeding():
    model = FrenemiesModel()
    assert model.scenario.name == "stargate-2025" and model.running
    assert [c.name for c in model.companies] == ["random"] * 4
    assert 0 <= model.seed < 2**63 and FrenemiesModel().seed != model.seed  # a fresh seed each time
    assert FrenemiesModel(scenario="sprint-2025", rng=42).seed == 42
    a = FrenemiesModel(scenario="sprint-2025", rng=np.random.default_rng(5)).seed
    assert a == FrenemiesModel(scenario="sprint-2025", rng=np.random.default_rng(5)).seed
    with pytest.raises(FrenemiesError, match="either seed or rng"):
        FrenemiesModel(seed=1, rng=2)
    with pytest.raises(FrenemiesError, match="non-negative"):
        FrenemiesModel(seed=-1)
    with pytest.raises(FrenemiesError, match="expected 4 agents"):
        FrenemiesModel(agents="random,random")


def test_running_turns_false_and_the_datacollector_has_a_row_per_quarter():
    model = FrenemiesModel(scenario="sprint-2025", agents="random,passive,random,passive", seed=3)
    steps = 0
    while model.running:
        model.step()
        steps += 1
    assert steps == 8 and model.state.is_over()
    frame = model.datacollector.get_model_vars_dataframe()
    assert list(frame["quarter"]) == ["2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    agents = model.datacollector.get_agent_vars_dataframe()
    assert len(agents) == 8 * 4 and set(agents.index.get_level_values("Step")) == set(range(8))
    model.step()  # one step too many does nothing
    assert not model.running


def test_the_collectors_quick_rows_are_mesas_own():
    """The collector's own pass (``QuarterCollector.fast``) fills the tables Mesa's would, value for value; a
    reporter a caller adds sends it back to Mesa's."""
    from game.play.model import QuarterCollector

    def run(fast: bool):
        model = FrenemiesModel(scenario="sprint-2025", agents="random,passive,random,passive", seed=5)
        if not fast:
            model.datacollector.fast = None
        model.play()
        dc = model.datacollector
        return dc.model_vars, dc._agent_records

    assert run(True) == run(False)
    model = FrenemiesModel(scenario="sprint-2025", agents="random,passive,random,passive", seed=5)
    model.datacollector._new_agent_reporter("strikes", "strikes")
    model.step()
    model.step()
    assert isinstance(model.datacollector, QuarterCollector)
    assert [row[-1] for row in model.datacollector._agent_records[1]] == [0, 0, 0, 0]


def test_the_readme_example_runs(capsys):
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Mesa", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    exec(compile(block, "README.md", "exec"), {})
    count, winner = capsys.readouterr().out.split()
    assert int(count) == 2 * 2 * 8 * 4 and winner in ("random", "persona")
