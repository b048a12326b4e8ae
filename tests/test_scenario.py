"""Scenario files: shipped ones load; bad ones give one line naming file, key and expectation."""

from __future__ import annotations

import re

import pytest

from game.rules import ScenarioError, available_scenarios, load_scenario, parse_scenario
from game.rules.scenario import SCENARIO_DIR


def test_shipped_scenarios_load():
    names = available_scenarios()
    assert {"stargate-2025", "sprint-2025"} <= set(names)
    full = load_scenario("stargate-2025")
    assert full.quarters == 24 and full.label(0) == "2025Q1" and full.label(23) == "2030Q4"
    assert load_scenario("sprint-2025").quarters == 8


def test_every_starting_figure_has_a_source_note():
    text = (SCENARIO_DIR / "stargate-2025.toml").read_text()
    for line in text.splitlines():
        if re.match(r"^[a-z_]+ = ", line) and not line.startswith(("name", "title", "description", "kind", "text", "quarter = \"")):
            assert "#" in line, f"no source note: {line}"


def _mutate(old: str, new: str) -> str:
    text = (SCENARIO_DIR / "stargate-2025.toml").read_text()
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize("old,new,pattern", [
    ("quarters = 24", 'quarters = "many"', r"key 'scenario.quarters' expected an integer"),
    ("quarters = 24", "quarters = 500", r"key 'scenario.quarters' expected a value in \[2, 80\]"),
    ("revenue_share = 0.20", "revenue_share = 1.5", r"key 'terms.revenue_share' expected a value in"),
    ("gw_build_cost = 40.0", "", r"missing key 'economy.gw_build_cost'"),
    ("cash = 40.0", "cash = -3.0", r"key 'companies.microsoft.cash' expected a value in"),
    ('ip_horizon = "2030Q4"', 'ip_horizon = "2030Q9"', r"key 'terms.ip_horizon' expected a quarter"),
    ("grid-delay = 1.5", "grid-delay = 1.5\nmeteor = 1.0", r"unknown key 'deck.meteor'"),
    ('kind = "stargate-announced"', 'kind = "alien-visit"', r"key 'events\[0\].kind' expected one of"),
    ("[trust]", "[trust]\nfoo = 1", r"foo|trust"),
])
def test_invalid_values_are_named(old, new, pattern):
    with pytest.raises(ScenarioError, match=pattern) as err:
        parse_scenario(_mutate(old, new), "bad.toml")
    msg = str(err.value)
    assert msg.startswith("bad.toml: ") and "\n" not in msg


def test_not_toml_and_unknown_name():
    with pytest.raises(ScenarioError, match="not valid TOML"):
        parse_scenario("[[[", "x.toml")
    with pytest.raises(ScenarioError, match="unknown scenario 'nope'"):
        load_scenario("nope")
