"""The rules core stays pure: no pygame, no Mesa (checked statically and at import)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

RULES = Path(__file__).resolve().parents[1] / "game" / "rules"


def test_rules_source_imports_neither_pygame_nor_mesa():
    for path in RULES.glob("*.py"):
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in ("pygame", "mesa", "pygame_gui"), f"{path.name} imports {name}"


def test_importing_and_playing_the_core_loads_neither():
    code = ("import sys\nfrom game.rules import load_scenario, new_game, legal_choices, apply\n"
            "s = new_game(load_scenario('sprint-2025'), 1)\n"
            "while not s.is_over(): apply(s, legal_choices(s)[0])\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('pygame', 'mesa', 'pygame_gui')]\n"
            "print(','.join(bad))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
