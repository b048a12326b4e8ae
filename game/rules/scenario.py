"""Scenarios: the frozen description of a game, apart from any state.

A scenario is data (``assets/scenarios/*.toml``) read with ``tomllib`` and
validated field by field against the dataclasses below, so a wrong type, a
missing key or an out-of-range value is reported as one line naming the file,
the key and what was expected.  Nothing here changes during a game.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import tomllib
import unicodedata
from dataclasses import MISSING, dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any, get_type_hints

from .errors import ScenarioError
from .files import read_regular
from .seats import SEATS

SCENARIO_DIR = Path(__file__).resolve().parents[2] / "assets" / "scenarios"

EVENT_KINDS = (
    "rival-model-shock",
    "gpu-shortage",
    "demand-surge",
    "antitrust-probe",
    "staff-departure",
    "grid-delay",
    "research-breakthrough",
)
SCRIPTED_KINDS = ("stargate-announced", "conversion-deadline", "ip-horizon", "news")


def quarter_label(start_year: int, start_q: int, index: int) -> str:
    """The calendar name (``2026Q3``) of the quarter ``index`` rounds in (every observation carries one:
    each name is formatted once)."""
    key = (start_year, start_q, index)
    label = _LABELS.get(key)
    if label is None:
        q = start_q - 1 + index
        label = f"{start_year + q // 4}Q{q % 4 + 1}"
        if len(_LABELS) < 10_000:
            _LABELS[key] = label
    return label


_LABELS: dict[tuple[int, int, int], str] = {}


@dataclass(frozen=True, slots=True)
class Economy:
    """World prices and rates, shared by every company ($B, GW, quarters)."""

    gw_build_cost: float
    gw_asset_value: float
    build_lag: int
    gw_opex: float
    spot_price: float
    lease_price: float
    azure_price_openai: float
    product_value_per_gw: float
    debt_rate: float
    loan_rate: float
    users_per_gw: float
    arpu: float
    api_ratio: float
    oai_opex: float
    frontier_start: float
    frontier_growth: float
    train_rate: float
    plan_b_rate: float
    plan_b_cost: float
    user_growth: float
    reach_growth: float
    multiple_openai: float
    multiple_microsoft: float
    multiple_oracle: float
    signal_noise: float
    multi_cloud_gw: float
    multi_cloud_price: float
    build_boost: float
    arbitration_noise: float
    panel_bar: float
    legal_cost: float
    delay_boost: float
    # Optional (older scenario files and replays lack them): 0 means the open
    # market takes any amount of idle capacity at the spot price.
    spot_demand: float = 0.0
    spot_demand_growth: float = 0.0
    # Optional: 0 means no ceiling on ChatGPT's users / the spot price as Stargate's rent.
    user_ceiling: float = 0.0
    venture_rent: float = 0.0
    delay_penalty: float = 0.0
    # Optional: Copilot reach (millions) one GW of Microsoft's own capacity serves; 0 means its products
    # use any capacity it owns (no demand limit).
    reach_per_gw: float = 0.0
    # Optional: how fast serving a user gets dearer as the model improves (reasoning models think longer per
    # answer): users one GW serves fall as (frontier_start / capability) ** inference_exp; 0 keeps it fixed.
    inference_exp: float = 0.0


@dataclass(frozen=True, slots=True)
class Terms:
    """The contract levers in force at the start (facts F1, F6, F10-F15)."""

    revenue_share: float
    api_cut: float
    msft_stake: float
    msft_profit_cap: float
    unconverted_discount: float
    deadline_discount: float
    deadline_debt: float
    foundation_stake: float
    ip_horizon: str
    conversion_deadline: str
    agi_capability: float
    agi_profit_test: float
    sb_pledge: float
    sb_pledge_cut: float
    tranche: float
    round_post_money: float
    azure_to_openai: float
    azure_step: float
    # Optional: the share of OpenAI that outside holders (the earlier rounds' investors) take on top of the
    # foundation's when it converts only after the deadline; 0 (older scenarios) means a late conversion
    # costs nothing more than the deadline itself.
    late_conversion_stake: float = 0.0


@dataclass(frozen=True, slots=True)
class CompanySetup:
    """One company's starting figures and its capex menu."""

    cash: float
    debt: float
    compute_owned: float
    capability: float
    users: float
    reach: float
    external_income: float
    credit: float
    capex_levels: tuple[float, ...]
    par: float
    #: $B of other holdings that count in the company's value and do not change in the game (optional)
    holdings: float = 0.0


#: (start year, start quarter, label) -> quarter index (``Scenario.index_of``)
_INDEXES: dict[tuple[int, int, str], int] = {}


@dataclass(frozen=True, slots=True)
class ScriptedEvent:
    """An event fixed by the scenario at a given quarter."""

    quarter: str
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class Scenario:
    """Everything fixed about a game before its first quarter."""

    name: str
    title: str
    description: str
    start_year: int
    start_quarter: int
    quarters: int
    talks: int
    event_chance: float
    economy: Economy
    terms: Terms
    companies: tuple[CompanySetup, ...]
    trust: tuple[tuple[float, ...], ...]
    scripted: tuple[ScriptedEvent, ...]
    deck: tuple[tuple[str, float], ...]
    digest: str
    #: who opens the talks in the first quarter is drawn from the game seed (then the order rotates as
    #: always); False (older scenarios) keeps Microsoft first
    drawn_order: bool = False
    #: the TOML text it was read from (replays embed it); empty for a scenario changed in code
    text: str = field(default="", repr=False, compare=False)

    def label(self, index: int) -> str:
        """Calendar label of quarter ``index``."""
        return quarter_label(self.start_year, self.start_quarter, index)

    def index_of(self, label: str) -> int:
        """Quarter index of a calendar label such as ``2025Q4`` (may lie outside the game). The rules read the
        scenario's own labels (its scripted events, its deadlines) every quarter: each is read once."""
        key = (self.start_year, self.start_quarter, label)
        index = _INDEXES.get(key) if type(label) is str else None
        if index is not None:
            return index
        try:
            year, q = label.upper().split("Q")
            index = (int(year) - self.start_year) * 4 + int(q) - self.start_quarter
        except ValueError as exc:
            raise ValueError(f"not a quarter label: {label!r} (expected e.g. 2025Q4)") from exc
        if type(label) is str:
            if len(_INDEXES) >= 10_000:
                _INDEXES.clear()
            _INDEXES[key] = index
        return index


# ---------------------------------------------------------------- validation

_RANGES: dict[str, tuple[float, float]] = {
    "quarters": (2, 80), "talks": (1, 4), "start_quarter": (1, 4), "start_year": (1990, 2200),
    "event_chance": (0.0, 1.0), "build_lag": (0, 12), "revenue_share": (0.0, 0.3), "api_cut": (0.0, 1.0),
    "msft_stake": (0.0, 1.0), "unconverted_discount": (0.0, 1.0),
    "deadline_discount": (0.0, 1.0), "foundation_stake": (0.0, 0.5), "late_conversion_stake": (0.0, 0.3), "arbitration_noise": (0.1, 50.0),
    "api_ratio": (0.0, 5.0), "signal_noise": (0.0, 50.0), "par": (0.05, 20.0),
}
_DEFAULT_RANGE = (0.0, 1e6)
#: Bounds that keep every formula finite over the longest game (80 quarters): divisors stay away from 0, rates
#: that compound each quarter stay small enough that debt, users and values cannot overflow or drown the cash
#: figures in rounding error, and every money or compute figure stays within a few orders of magnitude of the
#: real ones. ``tests/test_scenario.py`` plays random games on scenarios drawn from these bounds and checks
#: that each field of the schema has one.
_RANGES.update({
    # economy: prices and costs in $B per GW or per quarter, rates per quarter
    "gw_build_cost": (0.1, 1000.0), "gw_asset_value": (0.0, 1000.0), "gw_opex": (0.0, 10.0),
    "spot_price": (0.0, 100.0), "lease_price": (0.0, 100.0), "venture_rent": (0.0, 100.0),
    "user_ceiling": (0.0, 1e5), "delay_penalty": (0.0, 0.9), "delay_boost": (0.0, 0.5), "reach_per_gw": (0.0, 1e5), "inference_exp": (0.0, 4.0), "panel_bar": (0.0, 100.0),
    "legal_cost": (0.0, 1000.0),
    "azure_price_openai": (0.0, 100.0), "product_value_per_gw": (0.0, 100.0), "debt_rate": (0.0, 0.1),
    "loan_rate": (0.0, 0.1), "users_per_gw": (0.0, 1e5), "arpu": (0.0, 100.0), "oai_opex": (0.0, 2.0),
    "frontier_start": (1.0, 1000.0), "frontier_growth": (0.0, 50.0), "train_rate": (0.0, 100.0),
    "plan_b_rate": (0.0, 100.0), "plan_b_cost": (0.0, 1000.0), "user_growth": (0.0, 0.5), "reach_growth": (0.0, 0.5),
    "multiple_openai": (0.0, 1000.0), "multiple_microsoft": (0.0, 1000.0), "multiple_oracle": (0.0, 1000.0),
    "multi_cloud_gw": (0.0, 100.0), "multi_cloud_price": (0.0, 100.0), "build_boost": (0.0, 1e4),
    "spot_demand": (0.0, 1e4), "spot_demand_growth": (0.0, 100.0),
    # terms
    "msft_profit_cap": (0.0, 1e5), "agi_capability": (0.0, 1e4), "agi_profit_test": (0.0, 1e5),
    "sb_pledge": (0.0, 1e5), "sb_pledge_cut": (0.0, 1e5), "tranche": (0.0, 1e4), "round_post_money": (1.0, 1e6),
    "azure_to_openai": (0.0, 1000.0), "azure_step": (0.0, 100.0), "deadline_debt": (0.0, 1e4),
    # companies
    "cash": (0.0, 1e5), "debt": (0.0, 1e5), "compute_owned": (0.0, 1000.0), "capability": (0.0, 1000.0),
    "users": (0.0, 1e5), "reach": (0.0, 1e5), "external_income": (0.0, 1e4), "capex_levels": (0.0, 1e4),
    "credit": (0.0, 1e5), "holdings": (0.0, 1e5),
    # the random deck: relative weights
    **{f"deck.{kind}": (0.0, 1000.0) for kind in EVENT_KINDS},
})
#: a scenario's name becomes part of file names (``replays/run-NAME-seed7.json``): a plain word, no path
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
MAX_TEXT_BYTES = 1 << 20  # a scenario file is a few kB; anything past 1 MiB is not one
_TEXT_LIMITS = {"title": 120, "description": 1000, "text": 400}


def _check_value(where: str, key: str, value: Any, typ: Any) -> Any:
    """Coerce one TOML value to ``typ`` or raise a one-line ScenarioError."""
    def bad(expected: str) -> ScenarioError:
        return ScenarioError(f"{where}: key '{key}' expected {expected}, got {value!r}")

    if typ is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad("an integer")
        out: Any = value
    elif typ is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise bad("a number")
        out = float(value)
    elif typ is bool:
        if not isinstance(value, bool):
            raise bad("true or false")
        return value
    elif typ is str:
        if not isinstance(value, str):
            raise bad("a string")
        limit = _TEXT_LIMITS.get(key.rsplit(".", 1)[-1], 200)
        if len(value) > limit or any(unicodedata.category(ch) == "Cc" for ch in value):
            raise bad(f"one line of at most {limit} characters")
        return value
    elif typ == tuple[float, ...]:
        if not isinstance(value, list) or not value or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
            raise bad("a non-empty list of numbers")
        lo, hi = _range(key)
        if not all(lo <= v <= hi for v in value):  # also refuses nan and inf
            raise bad(f"a list of numbers in [{lo:g}, {hi:g}]")
        return tuple(float(v) for v in value)
    else:  # pragma: no cover - schema error, not user error
        raise TypeError(typ)
    lo, hi = _range(key)
    if not lo <= out <= hi:  # also refuses nan and inf, which TOML allows
        raise bad(f"a value in [{lo:g}, {hi:g}]")
    return out


def _range(key: str) -> tuple[float, float]:
    """The accepted range of dotted ``key``: its own entry (``deck.grid-delay``), else its field name's."""
    return _RANGES.get(key) or _RANGES.get(key.rsplit(".", 1)[-1], _DEFAULT_RANGE)


def _unknown(table: dict, known: Any, where: str, path: str, hint: str = "") -> None:
    """Refuse the first key of ``table`` not in ``known``, naming it."""
    extra = sorted(str(k) for k in table if k not in known)
    if extra:
        raise ScenarioError(f"{where}: unknown key '{path + '.' if path else ''}{extra[0]}'{hint}")


def _hints(cls: type) -> dict[str, Any]:
    """``get_type_hints(cls)`` for one of the scenario's own dataclasses, worked out once per class (it
    evaluates every annotation's text again at each call: a fifth of loading a scenario)."""
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = get_type_hints(cls)
    return hints


_HINTS: dict[type, dict[str, Any]] = {}


def _build(cls: type, table: Any, where: str, path: str) -> Any:
    """Fill dataclass ``cls`` from a TOML table, checking every field."""
    if not isinstance(table, dict):
        raise ScenarioError(f"{where}: key '{path}' expected a table")
    hints = _hints(cls)
    values = {}
    for f in fields(cls):
        key = f"{path}.{f.name}" if path else f.name
        if f.name not in table:
            if f.default is not MISSING:
                continue
            raise ScenarioError(f"{where}: missing key '{key}'")
        values[f.name] = _check_value(where, key, table[f.name], hints[f.name])
    _unknown(table, {f.name for f in fields(cls)}, where, path)
    return cls(**values)


@lru_cache(maxsize=32)
def parse_scenario(text: str, where: str = "<scenario>") -> Scenario:
    """Validate scenario TOML text and build the frozen ``Scenario``.

    Cached by text: a tournament or a benchmark starts thousands of games from the same file, and a
    ``Scenario`` is frozen, so every game may share one."""
    if len(text) > MAX_TEXT_BYTES:
        raise ScenarioError(f"{where}: {len(text)} characters is too long for a scenario (limit 1 MiB)")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{where}: not valid TOML ({str(exc).splitlines()[0] if str(exc) else 'syntax'})") from None
    except RecursionError:
        raise ScenarioError(f"{where}: not valid TOML (nested too deeply)") from None
    head = data.get("scenario")
    if not isinstance(head, dict):
        raise ScenarioError(f"{where}: missing table '[scenario]'")
    head_keys = (("name", str), ("title", str), ("description", str), ("start_year", int),
                 ("start_quarter", int), ("quarters", int), ("talks", int), ("event_chance", float))
    for key, typ in head_keys:
        if key not in head:
            raise ScenarioError(f"{where}: missing key 'scenario.{key}'")
        head[key] = _check_value(where, f"scenario.{key}", head[key], typ)
    head["drawn_order"] = _check_value(where, "scenario.drawn_order", head.get("drawn_order", False), bool)
    _unknown(head, {k for k, _ in head_keys} | {"drawn_order"}, where, "scenario")
    if not NAME_PATTERN.fullmatch(head["name"]):
        raise ScenarioError(f"{where}: key 'scenario.name' expected a plain name (letters, digits, '.', '_', '-'; "
                            f"at most 64, not starting with '.' or '-'), got {head['name']!r}")
    economy = _build(Economy, data.get("economy"), where, "economy")
    terms = _build(Terms, data.get("terms"), where, "terms")
    comps = data.get("companies")
    if not isinstance(comps, dict):
        raise ScenarioError(f"{where}: missing table '[companies]'")
    _unknown(comps, {seat.label.lower() for seat in SEATS}, where, "companies")
    companies = []
    for seat in SEATS:
        key = seat.label.lower()
        if key not in comps:
            raise ScenarioError(f"{where}: missing table 'companies.{key}'")
        setup = _build(CompanySetup, comps[key], where, f"companies.{key}")
        if len(setup.capex_levels) != 4 or setup.capex_levels[0] != 0:
            raise ScenarioError(f"{where}: key 'companies.{key}.capex_levels' expected 4 levels starting at 0")
        companies.append(setup)
    trust_table = data.get("trust")
    if not isinstance(trust_table, dict):
        raise ScenarioError(f"{where}: missing table '[trust]'")
    if set(trust_table) != {"matrix"}:
        extra = sorted(set(trust_table) - {"matrix"})
        raise ScenarioError(f"{where}: unknown key 'trust.{extra[0]}'" if extra else f"{where}: missing key 'trust.matrix'")
    trust_rows = trust_table["matrix"]
    if (not isinstance(trust_rows, list) or len(trust_rows) != 4
            or any(not isinstance(r, list) or len(r) != 4 for r in trust_rows)):
        raise ScenarioError(f"{where}: key 'trust.matrix' expected a 4x4 list of numbers in [0, 1]")
    trust = []
    for i, row in enumerate(trust_rows):
        vals = []
        for j, v in enumerate(row):
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 1:
                raise ScenarioError(f"{where}: key 'trust.matrix[{i}][{j}]' expected a number in [0, 1], got {v!r}")
            vals.append(float(v))
        trust.append(tuple(vals))
    scen_partial = dict(start_year=head["start_year"], start_quarter=head["start_quarter"])
    scripted = []
    events = data.get("events", [])
    if not isinstance(events, list) or len(events) > 4 * head["quarters"] + 8:
        raise ScenarioError(f"{where}: key 'events' expected a list of at most {4 * head['quarters'] + 8} events")
    for n, ev in enumerate(events):
        if not isinstance(ev, dict):
            raise ScenarioError(f"{where}: key 'events[{n}]' expected a table")
        e = _build(ScriptedEvent, ev, where, f"events[{n}]")
        if e.kind not in SCRIPTED_KINDS:
            raise ScenarioError(f"{where}: key 'events[{n}].kind' expected one of {', '.join(SCRIPTED_KINDS)}, got {e.kind!r}")
        _quarter_index(e.quarter, scen_partial, where, f"events[{n}].quarter")
        scripted.append(e)
    deck_table = data.get("deck")
    if not isinstance(deck_table, dict):
        raise ScenarioError(f"{where}: missing table '[deck]'")
    deck = []
    for kind in EVENT_KINDS:
        if kind not in deck_table:
            raise ScenarioError(f"{where}: missing key 'deck.{kind}'")
        deck.append((kind, _check_value(where, f"deck.{kind}", deck_table[kind], float)))
    unknown = sorted(set(deck_table) - set(EVENT_KINDS))
    if unknown:
        raise ScenarioError(f"{where}: unknown key 'deck.{unknown[0]}' (event kinds: {', '.join(EVENT_KINDS)})")
    if sum(w for _, w in deck) <= 0:
        raise ScenarioError(f"{where}: key 'deck' expected at least one positive weight")
    for key in ("ip_horizon", "conversion_deadline"):
        _quarter_index(getattr(terms, key), scen_partial, where, f"terms.{key}")
    unknown_top = sorted(set(data) - {"scenario", "economy", "terms", "companies", "trust", "events", "deck"})
    if unknown_top:
        raise ScenarioError(f"{where}: unknown table '{unknown_top[0]}'")
    return Scenario(
        name=head["name"], title=head["title"], description=head["description"],
        start_year=head["start_year"], start_quarter=head["start_quarter"], quarters=head["quarters"],
        talks=head["talks"], event_chance=head["event_chance"], economy=economy, terms=terms,
        companies=tuple(companies), trust=tuple(trust), scripted=tuple(scripted), deck=tuple(deck),
        digest=hashlib.sha256(text.encode("utf-8")).hexdigest(), drawn_order=head["drawn_order"], text=text,
    )


def _quarter_index(label: str, head: dict, where: str, key: str) -> int:
    try:
        year, q = label.upper().split("Q")
        qi = int(q)
        if not 1 <= qi <= 4:
            raise ValueError
        return (int(year) - head["start_year"]) * 4 + qi - head["start_quarter"]
    except ValueError:
        raise ScenarioError(f"{where}: key '{key}' expected a quarter like 2025Q4, got {label!r}") from None


def available_scenarios() -> list[str]:
    """Names of the scenarios shipped in ``assets/scenarios/``, sorted."""
    return sorted(p.stem for p in SCENARIO_DIR.glob("*.toml"))


def load_scenario(name_or_path: str | Path) -> Scenario:
    """Load a scenario by shipped name (``stargate-2025``) or by path to a TOML file.

    A file loaded before is not read again while its ``stat`` (size, modification time, inode, device) is
    what it was: every game of a tournament or a benchmark loads its scenario, and finding, opening and
    reading the file (and hashing its text for ``parse_scenario``'s cache) was 1% of a game of random
    agents. Any change to the file, or its disappearance, goes the whole way again."""
    key = name_or_path if type(name_or_path) is str else None
    kept = _LOADED.get(key) if key is not None else None
    if kept is not None:
        try:
            info = os.stat(kept[0])
        except OSError:
            info = None
        if info is not None and _signature(info) == kept[1]:
            return kept[2]
    scenario, path, info = _load(name_or_path)
    if key is not None and info is not None:
        if len(_LOADED) >= 64:
            _LOADED.clear()
        _LOADED[key] = (path, _signature(info), scenario)
    return scenario


def _signature(info: os.stat_result) -> tuple:
    """What says a file is still the one read: its size, modification time, inode and device."""
    return (info.st_size, info.st_mtime_ns, info.st_ino, info.st_dev)


#: a name or path as given -> (the file, its stat signature when read, the scenario read from it)
_LOADED: dict[str, tuple] = {}


def _load(name_or_path: str | Path) -> tuple[Scenario, Path, os.stat_result | None]:
    """``load_scenario`` the whole way: (the scenario, its file, the file's ``stat`` from before it was read,
    or None where that could not be had)."""
    text_name = str(name_or_path)
    path = Path(text_name)
    if not (text_name.endswith(".toml") or path.is_file()):
        path = SCENARIO_DIR / f"{text_name}.toml"
        if not NAME_PATTERN.fullmatch(text_name) or not path.is_file():
            raise ScenarioError(
                f"unknown scenario {text_name!r} (shipped: {', '.join(available_scenarios())}; or give a path to a .toml file)")
    try:
        info: os.stat_result | None = os.stat(path)  # before the read: a change during it is seen next time
    except OSError:
        info = None
    raw = read_regular(path, MAX_TEXT_BYTES, "scenario", ScenarioError)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError(f"{path}: not UTF-8 text") from None
    return parse_scenario(text, str(path)), path, info


def replace(scenario: Scenario, **changes: Any) -> Scenario:
    """A copy of ``scenario`` with some top-level fields changed (for tests and tuning).

    The copy keeps no source text (it would not describe the copy), so it cannot be recorded in a replay."""
    return dataclasses.replace(scenario, text="", **changes)
