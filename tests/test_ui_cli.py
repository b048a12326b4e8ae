"""``frenemies play`` checks its setup before any window opens: a bad opponent,
seat, scenario or pace is one line on stderr and exit code 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_play(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    return subprocess.run([sys.executable, "-m", "game", "play", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)


@pytest.mark.parametrize("args, words", [
    (("--opponents", "nobody,random,random"), "unknown agent 'nobody'"),
    (("--as", "Narnia"), "unknown seat 'Narnia'"),
    (("--opponents", "random,random"), "expects 3 agents"),
    (("--scenario", "no-such-scenario", "--as", "OpenAI"), "unknown scenario"),
    (("--pace", "-1", "--as", "OpenAI"), "--pace"),
    (("--opponents", "planner@impossible,random,random"), "planner@impossible"),
], ids=["opponent", "seat", "count", "scenario", "pace", "level"])
def test_malformed_setup_is_one_line_and_exit_2(args, words):
    proc = run_play(*args)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("frenemies: error:"), proc.stderr
    assert words in lines[0]
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_config_from_command_line_places_people_and_agents():
    from game.rules import Seat
    from game.ui.config import PERSON, from_command_line

    cfg = from_command_line("SoftBank", "random,person,passive", 9, "sprint-2025")
    assert cfg.controllers == ("random", PERSON, PERSON, "passive")
    assert cfg.people == (Seat.OPENAI, Seat.SOFTBANK) and cfg.seed == 9
