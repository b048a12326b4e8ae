"""The floors read bottom-up: rules -> agents -> replay -> play -> tournament / ui / env -> cli.

Every import in ``game/`` and ``agents/`` (top-level, inside functions and
under ``TYPE_CHECKING`` alike: a deferred import is still a dependency) is
resolved to a project module and checked against the floor of the module
that makes it. The checker is tested on planted imports, so it can fail.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("game", "agents")

#: floor of each wing; a module may import its own wing and lower floors only
FLOORS = {"rules": 0, "version": 0, "agents": 1, "replay": 2, "play": 3, "tournament": 4, "ui": 4, "env": 4,
          "cli": 5, "__main__": 6, "game": 0.5}


def wing(module: str) -> str:
    """``game.replay.reader`` -> ``replay``; ``agents.planner`` -> ``agents``; ``game`` -> ``game``."""
    parts = module.split(".")
    if parts[0] == "agents":
        return "agents"
    return parts[1] if len(parts) > 1 else "game"


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    return {module_name(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")}


def imports_of(source: str, module: str, is_package: bool, known: set[str]) -> set[str]:
    """Project modules imported anywhere in ``source`` (resolved to the deepest known module)."""
    package = module if is_package else module.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        for t in targets:
            while t and t not in known:
                t = t.rpartition(".")[0]
            if t and t != module:
                out.add(t)
    return out


def graph(extra: dict[str, str] | None = None) -> dict[str, set[str]]:
    """module -> project modules it imports; ``extra`` adds planted source lines to a module."""
    mods = project_modules()
    known = set(mods)
    out = {}
    for name, path in mods.items():
        source = path.read_text(encoding="utf-8") + "\n" + (extra or {}).get(name, "")
        out[name] = imports_of(source, name, path.name == "__init__.py", known)
    return out


def violations(g: dict[str, set[str]]) -> list[str]:
    """Every import that reaches up a floor or sideways into a peer wing, or past ``game.rules``'s face."""
    bad = []
    for mod, deps in sorted(g.items()):
        mine = wing(mod)
        for dep in sorted(deps):
            theirs = wing(dep)
            if theirs == mine:
                continue
            if mine == "rules" or FLOORS[theirs] >= FLOORS[mine]:
                bad.append(f"{mod} imports {dep} ({mine} may not import {theirs})")
            elif dep.startswith("game.rules."):
                bad.append(f"{mod} imports {dep} (outside the rules, use the public face game.rules)")
    return bad


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Import circles (Tarjan's strongly connected components with more than one module)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(g.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return out


def test_every_wing_imports_only_lower_floors():
    assert violations(graph()) == []


def test_no_import_circles():
    assert cycles(graph()) == []


@pytest.mark.parametrize("module, line, needle", [
    ("game.replay.reader", "from game.play import setup_game", "replay may not import play"),
    ("game.ui.app", "from game.cli.support import REPLAY_DIR", "ui may not import cli"),
    ("game.rules.state", "from game.version import __version__", "rules may not import version"),
    ("game.rules.engine", "import agents", "rules may not import agents"),
    ("game.tournament.worker", "from game.ui import run", "tournament may not import ui"),
    ("agents.planner", "def f():\n    from game.replay import load", "agents may not import replay"),
    ("game.ui.board", "from game.rules.deals import leased_in", "use the public face game.rules"),
])
def test_the_checker_catches_a_planted_import(module, line, needle):
    assert any(needle in v for v in violations(graph({module: line})))


def test_the_checker_catches_a_planted_circle():
    found = cycles(graph({"game.replay.format": "from .reader import walk"}))
    assert ["game.replay.format", "game.replay.reader"] in found


def test_game_top_level_is_a_few_plain_modules():
    """Wings are packages: no ``tournament_*`` / ``replay_*`` / ``cli_*`` families at the top."""
    plain = sorted(p.name for p in (ROOT / "game").glob("*.py"))
    assert len(plain) <= 8, plain
    for prefix in ("tournament_", "replay_", "cli_"):
        assert not [n for n in plain if n.startswith(prefix)], plain
    assert not [p.name for p in (ROOT / "game" / "ui").glob("replay_*.py")]
