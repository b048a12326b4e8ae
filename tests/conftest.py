"""Shared fixtures: scenarios without random events, and small drivers that
walk a state to the phase a test needs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from game.rules import load_scenario
from game.rules.scenario import replace

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")


@pytest.fixture(scope="session")
def sprint():
    return load_scenario("sprint-2025")


@pytest.fixture(scope="session")
def calm(sprint):
    """The sprint scenario with the random deck switched off: mechanics tests see only what they set up."""
    return replace(sprint, event_chance=0.0)


@pytest.fixture(scope="session")
def calm_full():
    return replace(load_scenario("stargate-2025"), event_chance=0.0)
