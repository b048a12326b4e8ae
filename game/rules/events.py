"""Events: the scenario's scripted ones and a seeded random deck.

Chance is explicit: ``draw_events`` turns the game seed and the quarter into
a list of ``Event`` values (one numpy Generator per quarter and purpose, so
nothing else can shift the draws); ``apply_event`` carries one out. Tests
apply the events they want instead of patching dice.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Callable

import numpy as np

from . import streams
from .ledger import external
from .seats import Seat
from .state import Contract, GameState

M, O, S, R = Seat.MICROSOFT, Seat.OPENAI, Seat.SOFTBANK, Seat.ORACLE
STREAM_EVENTS, STREAM_SIGNAL, STREAM_ARBITRATION, STREAM_ORDER = 1, 2, 3, 4


@dataclass(frozen=True, slots=True)
class Event:
    """One event: its kind, a target seat where it has one, and public text."""

    kind: str
    target: int
    text: str


def chance(seed: int, quarter: int, stream: int) -> np.random.Generator:
    """The Generator for one purpose in one quarter, derived from the game seed."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(quarter, stream))))


def uniforms(seed: int, quarter: int, stream: int, n: int) -> tuple[float, ...]:
    """The first ``n`` draws of ``chance(seed, quarter, stream).random()``, worked out without making the
    Generator (``streams``: a tenth of its cost) and kept: a planner replays the same imagined quarter once
    for every candidate it compares (common random numbers). The draws are the Generator's, in its order."""
    key = (seed, quarter, stream, n)
    out = _DRAWS.get(key)
    if out is None:
        out = _keep(key, lambda q: streams.uniforms(seed, (q, stream), n))
    return out


def normals(seed: int, quarter: int, stream: int, sd: float, n: int) -> tuple[float, ...]:
    """``chance(seed, quarter, stream).normal(0.0, sd, size=n)``, kept as ``uniforms`` keeps its draws."""
    key = (seed, quarter, stream, n, sd)
    out = _DRAWS.get(key)
    if out is None:
        out = _keep(key, lambda q: streams.normals(seed, (q, stream), sd, n))
    return out


def _keep(key: tuple, draw: Callable[[int], tuple[float, ...]]) -> tuple[float, ...]:
    """Keep and return the draws of ``key`` (``draw(quarter)``), and for a stream drawn at every quarter's
    close, the draws of the quarters after it up to the end of its block: drawn one at a time, each at its
    quarter's close, where nothing of the last one is still in the processor's caches, a draw cost about
    twice what it costs in a run of them (``_BLOCK`` quarters: a game's three runs, and little to spare at
    the end of a short scenario)."""
    seed, quarter, stream = key[0], key[1], key[2]
    quarters = (range(quarter, quarter - quarter % _BLOCK + _BLOCK)
                if stream in _EVERY_QUARTER and 0 <= quarter < 256 else (quarter,))
    if len(_DRAWS) + len(quarters) > 50_000:
        _DRAWS.clear()
    rest = key[3:]
    for q in quarters:
        _DRAWS[(seed, q, stream, *rest)] = draw(q)
    return _DRAWS[key]


#: draws by (seed, quarter, stream, how many[, sd]): a pure function of its key, so sharing it changes nothing
_DRAWS: dict[tuple, tuple[float, ...]] = {}
_BLOCK = 8
_EVERY_QUARTER = frozenset({STREAM_EVENTS, STREAM_SIGNAL})


def draw_events(state: GameState) -> list[Event]:
    """Scripted events of this quarter, then at most one card from the random deck."""
    scen = state.scenario
    out = [Event(e.kind, -1, e.text) for e in scen.scripted if scen.index_of(e.quarter) == state.quarter]
    draw = uniforms(state.seed, state.quarter, STREAM_EVENTS, 3)  # at most three: card or not, which, target
    if draw[0] < scen.event_chance:
        kinds, cdf = _deck(scen.deck)
        kind = kinds[bisect_right(cdf, draw[1])]  # rng.choice(len(kinds), p=p), see _deck
        target = O if kind != "research-breakthrough" or draw[2] < 0.6 else M
        out.append(Event(kind, int(target), _TEXT[kind].format(lab=Seat(target).label)))
    return out


def _deck(deck: tuple[tuple[str, float], ...]) -> tuple[tuple[str, ...], list[float]]:
    """The deck's kinds and the cumulative distribution numpy's ``Generator.choice(n, p=p)`` draws a card
    from (``p`` the weights over their sum), worked out once per deck. ``choice`` with ``p`` does
    ``cdf = p.cumsum(); cdf /= cdf[-1]`` and returns ``cdf.searchsorted(self.random(), side="right")``:
    the same arrays made here and searched with ``bisect_right`` on the same draw give the same card from
    the same stream (``test_mechanics`` holds the two together), without ``choice``'s checks of ``p`` at
    every draw (a third of a quarter's chance)."""
    made = _DECKS.get(deck)
    if made is None:
        weights = np.array([w for _, w in deck], dtype=float)
        p = weights / weights.sum()
        cdf = p.cumsum()
        cdf /= cdf[-1]
        made = _DECKS[deck] = (tuple(k for k, _ in deck), [float(x) for x in cdf])
    return made


_DECKS: dict[tuple, tuple[tuple[str, ...], list[float]]] = {}


_TEXT = {
    "rival-model-shock": "A rival lab releases a frontier model; ChatGPT growth stalls",
    "gpu-shortage": "GPU shortage: every build in progress slips a quarter",
    "demand-surge": "Demand surge: AI usage jumps across products",
    "antitrust-probe": "Antitrust probe into Microsoft-OpenAI ties: some deals frozen for two quarters",
    "staff-departure": "Senior researchers leave OpenAI",
    "grid-delay": "Grid interconnect delays: Oracle and Stargate builds slip a quarter",
    "research-breakthrough": "{lab} reports a research breakthrough",
}


def apply_event(state: GameState, event: Event) -> None:
    """Carry out one event and log its public text."""
    kind, q = event.kind, state.quarter
    oai, msft = state.companies[O], state.companies[M]
    if kind == "stargate-announced":
        state.stargate = True
    elif kind == "rival-model-shock":
        state.frontier += 4.0
        oai.users *= 0.95
    elif kind == "gpu-shortage":
        for co in state.companies:
            co.pipeline = [(t + 1, gw) for t, gw in co.pipeline]
        state.venture_pipeline = [(t + 1, gw) for t, gw in state.venture_pipeline]
        _slip_builds(state, tuple(range(4)))
    elif kind == "demand-surge":
        oai.users *= 1.08
        msft.reach *= 1.05
    elif kind == "antitrust-probe":
        state.antitrust_until = q + 2
        external(state, M, -1.0)
    elif kind == "staff-departure":
        oai.capability = max(1.0, oai.capability - 3.0)
    elif kind == "grid-delay":
        state.companies[R].pipeline = [(t + 1, gw) for t, gw in state.companies[R].pipeline]
        state.venture_pipeline = [(t + 1, gw) for t, gw in state.venture_pipeline]
        _slip_builds(state, (int(R),))
    elif kind == "research-breakthrough":
        state.companies[event.target].capability += 5.0
    text = event.text
    if kind == "conversion-deadline" and state.converted:  # the scenario's warning is moot once OpenAI converted
        text = "Conversion deadline this quarter: OpenAI has converted already, so nothing changes"
    state.note(f"{state.label()} event: {text}")


def _slip_builds(state: GameState, providers: tuple[int, ...]) -> None:
    """Compute built to order starts when its capacity does: a slipped build moves its contract too."""
    q = state.quarter
    state.contracts = [Contract(c.kind, c.a, c.b, c.start + 1, c.end + 1, c.gw, c.amount, c.price, c.build)
                       if c.build and c.start >= q and int(c.a) in providers else c for c in state.contracts]
