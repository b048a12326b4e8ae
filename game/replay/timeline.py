"""A replay laid out for watching: frames, checkpoints, marks, feed and chart data.

No pygame here (the seek benchmark and tests use it directly). A *frame* is a
point in the game: frame 0 is the start, frame k the state after the replay's
first k decisions. ``Timeline`` re-simulates the replay once when it is built
(a 24-quarter game takes a few milliseconds) and keeps

- a checkpoint (a ``GameState.copy()``) at the start of every quarter, so
  ``state_at(k)`` copies the nearest checkpoint and applies at most one
  quarter's decisions (a few dozen microseconds each): any jump is instant;
- each decision with its seat, notation, rationale and fault;
- the feed (``game.replay.feed``) and where each frame's feed ends;
- what happened in each quarter (deals signed, conversion, the deadline
  passing, AGI declared or disputed, shocks), for the seek bar's colours;
- every company's score and leverage at each quarter boundary, for the chart.

*Leverage* is a viewer measure, not a rule: a company's share of the compute
at the table that it controls (GW owned, plus its share of Stargate by money
paid in, plus GW leased in, less GW leased out; Azure capacity given to OpenAI
counts as Microsoft's lease to OpenAI). Compute is the scarce resource the
game is about (fact F3), so this is what each side can bargain with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from game.rules import (SEATS, Act, GameState, Scenario, Seat, leased_in, leased_out, outcome, parse,
                        score, venture_share)

from .feed import FeedBuilder, FeedLine
from .format import reseed_points, scenario_of
from .reader import Move, Visitor, apply_recorded, walk

M, O = Seat.MICROSOFT, Seat.OPENAI

#: seek-bar categories, in drawing order (bottom stripe first)
MARKS = ("deal", "conversion", "deadline", "agi-declared", "agi-disputed", "shock")
MARK_NAMES = {"deal": "deal signed", "conversion": "conversion", "deadline": "deadline passed",
              "agi-declared": "AGI declared", "agi-disputed": "AGI disputed", "shock": "shock"}


@dataclass(frozen=True, slots=True)
class Step:
    """One recorded decision: it takes the game from frame ``frame - 1`` to ``frame``."""

    frame: int
    quarter: int
    index: int          # 0-based, within its quarter
    seat: Seat
    choice: str
    rationale: str
    fault: str
    feed_end: int       # feed lines that exist once this decision is made


@dataclass(frozen=True, slots=True)
class Point:
    """Chart data at one frame: per-seat score and leverage (share 0..1)."""

    frame: int
    quarter: int
    scores: tuple[float, ...]
    leverage: tuple[float, ...]


def controlled_compute(state: GameState, seat: Seat) -> float:
    """GW ``seat`` can bargain with: owned, its Stargate share, leased in, less leased out."""
    co = state.companies[seat]
    gw = co.compute_owned + venture_share(state, seat) * state.venture_gw + leased_in(state, seat)
    gw -= leased_out(state, seat)
    if seat == M:
        gw -= co.azure_to_openai
    elif seat == O:
        gw += state.companies[M].azure_to_openai
    return max(0.0, gw)


def leverage(state: GameState) -> tuple[float, ...]:
    """Each seat's share of the table's controlled compute (sums to 1 when there is any)."""
    gw = [controlled_compute(state, s) for s in SEATS]
    total = sum(gw)
    return tuple(g / total if total > 0 else 0.25 for g in gw)


def point(frame: int, state: GameState) -> Point:
    return Point(frame, state.quarter, tuple(score(state, s) for s in SEATS), leverage(state))


class Timeline:
    """A loaded replay, ready to seek (see the module doc)."""

    def __init__(self, data: dict[str, Any], where: str = "replay") -> None:
        self.data, self.where = data, where
        self.scenario: Scenario = scenario_of(data, where)
        self.agents = tuple(str(data.get("agents", {}).get(s.label, "?")) for s in SEATS)
        self.steps: list[Step] = []
        self.quarter_start: list[int] = []           # first frame of each quarter reached
        self.checkpoints: list[GameState] = []       # state at quarter_start[q]
        self.marks: list[set[str]] = [set() for _ in range(self.scenario.quarters)]
        self.points: list[Point] = []                # at every quarter_start and at the last frame
        self.feed: list[FeedLine] = []
        self.mismatch = ""                           # first quarter that does not re-simulate as recorded
        parent = data.get("parent") or {}
        pagents = parent.get("agents") or {}
        self.parent_agents = tuple(str(pagents.get(s.label, "?")) for s in SEATS) if pagents else self.agents
        self.fork_frame: int | None = None           # where a fork's own agents take over
        self._reseeds = reseed_points(data, self.scenario, where)
        self._build()
        if parent.get("frame"):
            fr = parent["frame"]
            try:
                q = self.scenario.index_of(str(fr.get("quarter")))
                if 0 <= q < len(self.quarter_start):
                    self.fork_frame = self.clamp(self.quarter_start[q] + int(fr.get("decision", 0)))
            except (ValueError, TypeError):
                self.fork_frame = None

    # ------------------------------------------------------------ building
    def _build(self) -> None:
        """One walk of the replay through the reader, with ``_Builder`` as its visitor."""
        builder = _Builder(self)
        self.final = walk(self.data, builder, where=self.where)
        if self.points[-1].frame != self.last_frame:
            self.points.append(point(self.last_frame, self.final))

    def _check_hash(self, quarter: int, state: GameState) -> None:
        """Note the first quarter whose recorded digest differs (a replay from other rules)."""
        recs = self.data["quarters"]
        if not self.mismatch and quarter < len(recs) and recs[quarter].get("hash") != state.digest():
            self.mismatch = self.scenario.label(quarter)

    def _checkpoint(self, frame: int, state: GameState) -> None:
        self.quarter_start.append(frame)
        self.checkpoints.append(state.copy())
        self.points.append(point(frame, state))

    def _mark_log(self, lines: Sequence[str], scripted: set[str], quarter: int) -> None:
        for text in lines:
            when, sep, what = text.partition(" event: ")
            if sep:
                if what not in scripted:
                    self._mark(self._index(when, quarter), "shock")
            elif text.startswith("Signed:"):
                self._mark(quarter, "deal")
            elif text.startswith("Conversion deadline passes"):
                self._mark(quarter, "deadline")

    def _mark_decision(self, quarter: int, choice: Any, new_log: Sequence[str], scripted: set[str]) -> None:
        if isinstance(choice, Act):
            kind = {"declare-agi": "agi-declared", "dispute-agi": "agi-disputed",
                    "request-conversion": "conversion"}.get(choice.move)
            if kind:
                self._mark(quarter, kind)
        self._mark_log(new_log, scripted, quarter)

    def _index(self, label: str, fallback: int) -> int:
        try:
            return self.scenario.index_of(label)
        except ValueError:
            return fallback

    def _mark(self, quarter: int, kind: str) -> None:
        if 0 <= quarter < len(self.marks):
            self.marks[quarter].add(kind)

    # ------------------------------------------------------------ queries
    @property
    def last_frame(self) -> int:
        return len(self.steps)

    def clamp(self, frame: int) -> int:
        return max(0, min(self.last_frame, int(frame)))

    def quarter_at(self, frame: int) -> int:
        """Index of the quarter shown at ``frame`` (the checkpoint it is rebuilt from)."""
        frame = self.clamp(frame)
        lo, hi = 0, len(self.quarter_start) - 1
        while lo < hi:  # last quarter_start <= frame
            mid = (lo + hi + 1) // 2
            if self.quarter_start[mid] <= frame:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def state_at(self, frame: int) -> GameState:
        """A fresh state at ``frame``: nearest checkpoint, then at most one quarter of decisions."""
        frame = self.clamp(frame)
        q = self.quarter_at(frame)
        state = self.checkpoints[q].copy()
        for step in self.steps[self.quarter_start[q]:frame]:
            apply_recorded(state, self._reseeds, step.quarter, step.index, parse(step.choice))
        return state

    def agents_at(self, frame: int) -> tuple[str, ...]:
        """Who was playing at ``frame``: a fork's parent agents before the fork frame, else the replay's."""
        if self.fork_frame is not None and frame < self.fork_frame:
            return self.parent_agents
        return self.agents

    def step_into(self, frame: int) -> Step | None:
        """The decision that led to ``frame`` (None at the start)."""
        frame = self.clamp(frame)
        return self.steps[frame - 1] if frame > 0 else None

    def step_after(self, frame: int) -> Step | None:
        """The decision about to be made at ``frame`` (None at the end)."""
        frame = self.clamp(frame)
        return self.steps[frame] if frame < len(self.steps) else None

    def quarter_frame(self, quarter: int) -> int:
        """First frame of ``quarter`` (clamped to the quarters played)."""
        q = max(0, min(len(self.quarter_start) - 1, quarter))
        return self.quarter_start[q]

    def frames_in(self, quarter: int) -> int:
        """Decisions recorded in ``quarter``."""
        if not 0 <= quarter < len(self.quarter_start):
            return 0
        end = self.quarter_start[quarter + 1] if quarter + 1 < len(self.quarter_start) else self.last_frame
        return end - self.quarter_start[quarter]

    def frame_at(self, quarter: int, fraction: float = 0.0) -> int:
        """The frame ``fraction`` (0..1) of the way through ``quarter``: what a click on the seek bar means."""
        if quarter >= len(self.quarter_start):
            return self.last_frame
        n = self.frames_in(quarter)
        return self.clamp(self.quarter_start[quarter] + min(n - 1 if n else 0, int(max(0.0, fraction) * n)))

    def next_quarter(self, frame: int) -> int:
        q = self.quarter_at(frame)
        return self.quarter_start[q + 1] if q + 1 < len(self.quarter_start) else self.last_frame

    def previous_quarter(self, frame: int) -> int:
        q = self.quarter_at(frame)
        start = self.quarter_start[q]
        if frame > start:
            return start
        return self.quarter_start[q - 1] if q > 0 else 0

    def feed_at(self, frame: int, keep: int = 120) -> Sequence[FeedLine]:
        """The last ``keep`` feed lines as they stood at ``frame``."""
        frame = self.clamp(frame)
        end = self.steps[frame - 1].feed_end if frame > 0 else self._feed_start
        return self.feed[max(0, end - keep):end]

    def chart(self, frame: int, current: GameState | None = None) -> list[Point]:
        """Chart points up to ``frame``: every quarter boundary reached, then the frame itself."""
        frame = self.clamp(frame)
        pts = [p for p in self.points if p.frame <= frame]
        if not pts or pts[-1].frame != frame:
            pts.append(point(frame, current if current is not None else self.state_at(frame)))
        return pts

    def winner(self) -> str:
        """The winner as the game played it (re-simulated), "" for an unfinished game."""
        return outcome(self.final).winner.label if self.final.is_over() else ""


class _Builder(Visitor):
    """Lays a replay out for the timeline as the reader walks it: steps, feed, marks, checkpoints."""

    def __init__(self, tl: Timeline) -> None:
        self.tl = tl
        self.scripted = {e.text for e in tl.scenario.scripted}
        self.feed = FeedBuilder(tl.agents)

    def begin(self, state: GameState) -> None:
        tl = self.tl
        tl.feed.extend(self.feed.log_lines(state.label(), state.log))
        tl._feed_start = len(tl.feed)
        tl._mark_log(state.log, self.scripted, 0)
        tl._checkpoint(0, state)

    def move(self, m: Move, state: GameState) -> None:
        tl, rec = self.tl, m.record
        rationale = str(rec.get("rationale", ""))
        tl.feed.extend(self.feed.decision(m.label, m.seat, m.choice, rationale, rec.get("fault"), m.new_log,
                                          m.resolved))
        tl._mark_decision(m.quarter, m.choice, m.new_log, self.scripted)
        tl.steps.append(Step(m.frame, m.quarter, m.index, m.seat, rec["choice"], rationale,
                             str(rec.get("fault") or ""), len(tl.feed)))
        if m.resolved:
            tl._check_hash(m.quarter, state)
        if m.resolved and not state.is_over():
            tl._checkpoint(m.frame, state)
