"""Agent registry: built-ins by code, plug-ins by dotted path
(``mypkg.mod:MyAgent``) or by the ``frenemies.agents`` entry-point group."""

from __future__ import annotations

import importlib
import re
from importlib.metadata import entry_points
from typing import Callable

from game.rules import FrenemiesError

from .base import Agent


class AgentError(FrenemiesError):
    """An agent name that cannot be resolved or constructed."""


_REGISTRY: dict[str, type[Agent]] = {}


def register(code: str, description: str, difficulty: str = "-") -> Callable[[type[Agent]], type[Agent]]:
    """Class decorator: make an agent available under ``code``."""
    def wrap(cls: type[Agent]) -> type[Agent]:
        cls.code, cls.description, cls.difficulty = code, description, difficulty
        _REGISTRY[code] = cls
        return cls
    return wrap


#: modules of built-in agents, imported on first use (each registers itself)
BUILTIN_MODULES = ("random_agent", "passive", "personas", "negotiator", "planner")
#: each built-in code and the module that registers it, in registration order: a game of ``random`` agents
#: imports ``random_agent`` alone (importing all five, the planner's search and the personas' tables, was
#: half of a one-game process's first game). ``test_registry`` holds this table to what the modules register.
BUILTIN_CODES: dict[str, str] = {"random": "random_agent", "passive": "passive", "persona": "personas",
                                 "microsoft": "personas", "openai": "personas", "softbank": "personas",
                                 "oracle": "personas", "negotiator": "negotiator", "planner": "planner"}


_LOADED: list[bool] = []


def _load_builtins() -> None:
    """Import the built-in modules, once (a game looks the built-ins up a dozen times while it sets up)."""
    if _LOADED:
        return
    for name in BUILTIN_MODULES:
        importlib.import_module(f"{__package__}.{name}")
    _LOADED.append(True)


def builtin_agent(code: str) -> type[Agent] | None:
    """The built-in agent class registered as ``code`` (its module imported if it was not), or None when
    ``code`` names no built-in."""
    module = BUILTIN_CODES.get(code) if type(code) is str else None
    if module is None:
        return None
    cls = _REGISTRY.get(code)
    if cls is None:
        importlib.import_module(f"{__package__}.{module}")
        cls = _REGISTRY.get(code)
    return cls


def is_registered_code(code: str) -> bool:
    """Whether ``code`` names a built-in or a class registered so far (``code in builtin_agents()``, without
    importing every built-in)."""
    return code in BUILTIN_CODES or code in _REGISTRY


def is_registered_class(cls: type) -> bool:
    """``cls in builtin_agents().values()`` without importing every built-in: a class that exists was
    registered when it was made, if at all, so the classes registered so far are the only ones it can be."""
    return cls in _REGISTRY.values()


def is_registered_instance(policy: object) -> bool:
    """``isinstance(policy, tuple(builtin_agents().values()))`` without importing every built-in (an
    instance's classes, and so any registered class it belongs to, are imported already)."""
    return isinstance(policy, tuple(_REGISTRY.values()))


def builtin_agents() -> dict[str, type[Agent]]:
    """Registered built-in agents by code, in registration order (the built-ins first, in ``BUILTIN_CODES``'
    order, however they were imported)."""
    _load_builtins()
    table = {code: _REGISTRY[code] for code in BUILTIN_CODES if code in _REGISTRY}
    table.update(_REGISTRY)
    return table


def _plugin(spec: str) -> type[Agent]:
    module_name, _, attr = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:  # a broken plug-in must not crash the CLI
        raise AgentError(f"cannot import agent module {module_name!r}: {type(exc).__name__}: {exc}") from None
    obj = getattr(module, attr, None)
    if obj is None:
        raise AgentError(f"module {module_name!r} has no attribute {attr!r}")
    return obj


def resolve(spec: str) -> type[Agent]:
    """The agent class for a code, a dotted path or an entry-point name."""
    spec = spec.strip()
    base = spec.split("@")[0]
    cls = builtin_agent(base) or _REGISTRY.get(base)
    if cls is not None:
        return cls
    table = builtin_agents()
    if base in table:
        return table[base]
    if ":" in spec:
        return _plugin(spec)
    for ep in entry_points(group="frenemies.agents"):
        if ep.name == spec:
            try:
                return ep.load()
            except Exception as exc:
                raise AgentError(f"cannot load agent entry point {spec!r}: {type(exc).__name__}: {exc}") from None
    raise AgentError(f"unknown agent {spec!r} (known: {', '.join(table)}; or a dotted path like mypkg.mod:MyAgent)")


def make_agent(spec: str) -> Agent:
    """A fresh agent instance for ``spec`` (``code``, ``code@level``, or a plug-in)."""
    cls = resolve(spec)
    level = spec.split("@")[1] if "@" in spec and ":" not in spec else None
    try:
        agent = cls(level) if level is not None else cls()
    except Exception as exc:
        raise AgentError(f"cannot construct agent {spec!r}: {type(exc).__name__}: {exc}") from None
    if not callable(getattr(agent, "act", None)):
        raise AgentError(f"agent {spec!r} has no act(observation) method")
    return agent


def parse_agent_list(text: str, count: int = 4, resolve_names: bool = True) -> list[str]:
    """Split ``a,b,c,d`` and check every name resolves (one line error otherwise). ``resolve_names=False``
    only splits and counts: the caller checks the names without importing plug-ins into this process
    (``game.play.check_agents``)."""
    names = [t.strip() for t in text.split(",") if t.strip()]
    if len(names) != count:
        raise AgentError(f"expected {count} agents separated by commas, got {len(names)}: {text!r}")
    for name in names:
        if resolve_names:
            resolve(name)
        elif not SPEC.fullmatch(name):
            raise AgentError(f"unknown agent {name[:60]!r} (a code, code@level, module:Class or entry-point name)")
    return names


#: what an agent name may look like (replays record it; game.replay checks the same shape)
SPEC = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.:@-]{0,99}")
