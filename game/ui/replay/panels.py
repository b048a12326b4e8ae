"""What the replay viewer draws around the board: the seek bar, the decision
panel, the score and leverage chart, and the help overlay.

Plain functions over a ``Timeline`` (``game.replay.timeline``) and a frame,
drawn with the game's look (``game.ui.look``). The seek bar also answers
"which frame is under this x?" so the scene can turn clicks and drags into
jumps.
"""

from __future__ import annotations

from typing import Sequence

import pygame

from game.rules import SEATS, GameState

from ..chart import nice_ticks
from ..look import (ACCENT, BAD, BORDER, FAINT, GOOD, MUTED, PANEL, PANEL_DARK, SEAT_COLOURS, TEXT, WARN, Fonts,
                   draw_mark, draw_text, mix, panel, wrap)
from game.replay import Timeline
from game.replay.timeline import MARK_NAMES, MARKS, Point

MARK_COLOURS = {"deal": GOOD, "conversion": ACCENT, "deadline": WARN, "agi-declared": (176, 124, 232),
                "agi-disputed": BAD, "shock": (236, 112, 175)}

HOTKEYS = (
    ("Space", "play / pause"),
    ("Right  /  Left", "one decision forward / back"),
    ("Shift + Right  /  Left", "one quarter forward / back"),
    ("+  /  -", "faster / slower (0.5x to 16x)"),
    ("Home  /  End", "start / end of the game"),
    ("Click or drag the bar", "jump to any point"),
    ("F", "run from here: other agents play on (a fork)"),
    ("P", "play from here: take a seat yourself"),
    ("?", "this help"),
    ("Esc", "close help / back to the list"),
)

SHORT_NAMES = {"deal": "deal", "conversion": "conversion", "deadline": "deadline", "agi-declared": "AGI declared",
               "agi-disputed": "AGI disputed", "shock": "shock"}

LEVERAGE_NOTE = ("Leverage: each company's share of the compute at the table that it controls "
                 "(owned, its Stargate share, leased in, less leased out).")


# ---------------------------------------------------------------- seek bar
class SeekBar:
    """The quarters of the game as cells coloured by what happened in each."""

    def __init__(self, rect: pygame.Rect, timeline: Timeline) -> None:
        self.rect, self.tl = pygame.Rect(rect), timeline
        self.n = timeline.scenario.quarters

    def cell(self, q: int) -> pygame.Rect:
        x0 = self.rect.x + int(q * self.rect.w / self.n)
        x1 = self.rect.x + int((q + 1) * self.rect.w / self.n)
        return pygame.Rect(x0 + 1, self.rect.y, max(1, x1 - x0 - 2), self.rect.h)

    def frame_at_x(self, x: int) -> int:
        """The frame a click or drag at ``x`` means (proportional inside a quarter)."""
        pos = (x - self.rect.x) / max(1, self.rect.w) * self.n
        pos = max(0.0, min(self.n - 1e-9, pos))
        q = int(pos)
        if q >= len(self.tl.quarter_start):
            return self.tl.last_frame
        return self.tl.frame_at(q, pos - q)

    def x_of(self, frame: int) -> int:
        """Where ``frame`` sits on the bar."""
        tl = self.tl
        q = tl.quarter_at(frame)
        n = tl.frames_in(q)
        frac = (frame - tl.quarter_start[q]) / n if n else 0.0
        return self.rect.x + int((q + frac) * self.rect.w / self.n)

    def quarter_at_x(self, x: int) -> int | None:
        if not self.rect.collidepoint(x, self.rect.centery):
            return None
        return min(self.n - 1, int((x - self.rect.x) / max(1, self.rect.w) * self.n))

    def draw(self, surface: pygame.Surface, frame: int, f: Fonts, hover: int | None = None) -> None:
        """Cells, marks and the position marker."""
        self.draw_cells(surface, frame, f, hover)
        self.draw_marker(surface, frame, f)

    def draw_cells(self, surface: pygame.Surface, frame: int, f: Fonts, hover: int | None = None) -> None:
        """The quarters (lit up to ``frame``'s quarter), their marks and the fork point."""
        tl = self.tl
        now = tl.quarter_at(frame)
        tiny = f.get(10, True)
        band_top = self.rect.y + tiny.get_linesize()
        for q in range(self.n):
            c = self.cell(q)
            played = q < len(tl.quarter_start)
            fill = mix(PANEL, BORDER, 0.55) if played else PANEL_DARK
            if played and q <= now:
                fill = mix(fill, ACCENT, 0.18)
            if q == hover:
                fill = mix(fill, TEXT, 0.12)
            pygame.draw.rect(surface, fill, c, border_radius=f.px(3))
            label = tl.scenario.label(q)
            text = label if c.w > tiny.size(label)[0] + 4 else label[4:] if c.w > tiny.size("Q4")[0] + 2 else ""
            if text:
                draw_text(surface, text, (c.centerx, c.y + 1), tiny, TEXT if played else FAINT, anchor="midtop")
            marks = [m for m in MARKS if m in tl.marks[q]]
            if marks:
                inner = pygame.Rect(c.x + 2, band_top, c.w - 4, c.bottom - band_top - 2)
                h = inner.h / len(marks)
                for k, m in enumerate(marks):
                    y0 = inner.y + int(k * h)
                    band = pygame.Rect(inner.x, y0, inner.w, max(2, inner.y + int((k + 1) * h) - y0 - 1))
                    pygame.draw.rect(surface, MARK_COLOURS[m], band, border_radius=f.px(2))
        if tl.fork_frame is not None:  # where the fork's own agents took over
            fx = self.x_of(tl.fork_frame)
            pygame.draw.line(surface, WARN, (fx, self.rect.y), (fx, self.rect.bottom), max(2, f.px(2)))
            draw_text(surface, "fork", (fx + f.px(3), self.rect.bottom - tiny.get_linesize()), tiny, WARN)

    def draw_marker(self, surface: pygame.Surface, frame: int, f: Fonts) -> None:
        """Where ``frame`` is: a white line with a knob."""
        x = self.x_of(frame)
        pygame.draw.line(surface, (255, 255, 255), (x, self.rect.y - f.px(3)), (x, self.rect.bottom + f.px(3)),
                         max(2, f.px(2)))
        pygame.draw.circle(surface, (255, 255, 255), (x, self.rect.y - f.px(3)), f.px(4))


def draw_legend(surface: pygame.Surface, right: int, y: int, f: Fonts) -> int:
    """The seek bar's colour key, right-aligned at ``right``; returns its left edge."""
    font = f.get(11)
    x = right
    for m in reversed(MARKS):
        name = SHORT_NAMES[m]
        x -= font.size(name)[0]
        draw_text(surface, name, (x, y), font, MUTED)
        s = f.px(9)
        x -= s + f.px(4)
        pygame.draw.rect(surface, MARK_COLOURS[m], pygame.Rect(x, y + (font.get_linesize() - s) // 2, s, s),
                         border_radius=f.px(2))
        x -= f.px(12)
    return x


def hover_text(tl: Timeline, q: int) -> str:
    """What the tooltip over a seek-bar cell says."""
    label = tl.scenario.label(q)
    if q >= len(tl.quarter_start):
        return f"{label}: not played in this replay"
    what = ", ".join(MARK_NAMES[m] for m in MARKS if m in tl.marks[q]) or "quiet quarter"
    return f"{label}: {what}  ({tl.frames_in(q)} decisions)"


# ---------------------------------------------------------------- decision panel
def draw_decision(surface: pygame.Surface, rect: pygame.Rect, tl: Timeline, frame: int, f: Fonts) -> None:
    """The decision that led to this frame, with its rationale (and fault), and who moves next."""
    step = tl.step_into(frame)
    if step is not None:
        n = tl.frames_in(step.quarter)
        title = f"Decision {step.index + 1} of {n}  ·  {tl.scenario.label(step.quarter)}"
    else:
        title = "Start of the game"
    inner = panel(surface, rect, title, f)
    big, why_font, small = f.get(14, True), f.get(12.5), f.get(11.5)
    y = inner.y
    if step is None:
        draw_text(surface, "No decision yet: the opening events are on the board.", (inner.x, y), why_font, MUTED,
                  max_width=inner.w)
        y += why_font.get_linesize()
    else:
        r = f.px(10)
        draw_mark(surface, step.seat, (inner.x + r, y + big.get_linesize() // 2), r, f)
        x = inner.x + 2 * r + f.px(6)
        who = tl.agents_at(step.frame - 1)[step.seat]
        # a long package wraps onto a second line (it used to be cut), the agent after it
        head = wrap(f"{step.seat.label}: {step.choice}", big, inner.right - x)
        if len(head) > 2:
            head = head[:1] + [head[1] + " …"]
        for n, piece in enumerate(head):
            t = draw_text(surface, piece, (x, y), big, TEXT, max_width=inner.right - x)
            if n < len(head) - 1:
                y += big.get_linesize()
        if inner.right - t.right > small.size(f"  ({who})")[0]:
            draw_text(surface, f"  ({who})", (t.right, y + f.px(2)), small, SEAT_COLOURS[step.seat])
        else:
            y += big.get_linesize()
            draw_text(surface, f"({who})", (x, y), small, SEAT_COLOURS[step.seat], max_width=inner.right - x)
        y += big.get_linesize()
        lines: list[tuple[str, tuple[int, int, int]]] = []
        if step.fault:
            lines += [(t, BAD) for t in wrap(f"Fault: {step.fault}", why_font, inner.w)]
        why = step.rationale or "(no rationale recorded)"
        lines += [(t, MUTED if step.rationale else FAINT) for t in wrap(f"\u201c{why}\u201d", why_font, inner.w)]
        room = max(1, (inner.bottom - y - small.get_linesize()) // why_font.get_linesize())
        for t, colour in lines[:room]:
            draw_text(surface, t, (inner.x, y), why_font, colour, max_width=inner.w)
            y += why_font.get_linesize()
    nxt = tl.step_after(frame)
    foot = f"Next: {nxt.seat.label} ({tl.agents_at(frame)[nxt.seat]})" if nxt else \
        ("Game over" if tl.final.is_over() else "End of the recording (unfinished game)")
    draw_text(surface, foot, (inner.x, inner.bottom - small.get_linesize()), small, FAINT, max_width=inner.w)


# ---------------------------------------------------------------- chart
class ChartScale:
    """Axes that fit what is shown so far and only grow during play (so they rarely jump)."""

    def ticks(self, pts: Sequence[Point]) -> tuple[list[float], list[float]]:
        scores = [v for p in pts for v in p.scores]
        score_ticks = nice_ticks(min(0.0, min(scores)), max(scores), 3)
        top = max(v for p in pts for v in p.leverage)
        return score_ticks, nice_ticks(0.0, max(0.05, top), 2)


def _x(tl: Timeline, frame: int, plot: pygame.Rect) -> int:
    q = tl.quarter_at(frame)
    n = tl.frames_in(q)
    frac = (frame - tl.quarter_start[q]) / n if n else 0.0
    return plot.x + int(plot.w * (q + frac) / tl.scenario.quarters)


def draw_chart(surface: pygame.Surface, rect: pygame.Rect, tl: Timeline, frame: int, state: GameState,
               scale: ChartScale, f: Fonts) -> None:
    """Every company's score and leverage, quarter by quarter up to this frame."""
    inner = panel(surface, rect, "Score and leverage", f)
    small = f.get(10.5)
    pts = tl.chart(frame, state)
    legend_h = small.get_linesize() + f.px(2)
    gap = f.px(6)
    h = (inner.h - legend_h - gap) // 2
    label_w = max(small.size("Leverage")[0], small.size("Score")[0])
    left = inner.x + label_w + f.px(30)
    top_plot = pygame.Rect(left, inner.y + f.px(4), inner.right - left - f.px(4), h - f.px(8))
    low_plot = pygame.Rect(left, inner.y + h + gap + f.px(4), top_plot.w, h - f.px(8))
    score_ticks, leverage_ticks = scale.ticks(pts)
    _plot(surface, top_plot, tl, pts, [p.scores for p in pts], score_ticks, "Score", "{:g}", f)
    _plot(surface, low_plot, tl, pts, [p.leverage for p in pts], leverage_ticks, "Leverage", "{:.0%}", f)
    x = inner.x
    y = inner.bottom - small.get_linesize()
    last = pts[-1]
    for seat in SEATS:
        r = f.px(5)
        draw_mark(surface, seat, (x + r, y + small.get_linesize() // 2), r, f)
        t = draw_text(surface, f"{last.scores[seat]:.0f} · {last.leverage[seat]:.0%}", (x + 2 * r + f.px(3), y),
                      small, MUTED)
        x = t.right + f.px(9)


def _plot(surface: pygame.Surface, plot: pygame.Rect, tl: Timeline, pts: Sequence[Point],
          values: Sequence[Sequence[float]], ticks: Sequence[float], name: str, fmt: str, f: Fonts) -> None:
    small = f.get(10.5)
    lo, hi = ticks[0], ticks[-1] if ticks[-1] > ticks[0] else ticks[0] + 1
    pygame.draw.rect(surface, PANEL_DARK, plot)
    for t in (lo, hi):
        y = plot.bottom - int(plot.h * (t - lo) / (hi - lo))
        pygame.draw.line(surface, BORDER, (plot.x, y), (plot.right, y))
        draw_text(surface, fmt.format(t), (plot.x - f.px(4), y), small, FAINT, anchor="midright")
    draw_text(surface, name, (plot.x - f.px(4) - small.size(fmt.format(hi))[0] - f.px(4), plot.centery), small,
              MUTED, anchor="midright")
    for seat in SEATS:
        line = [(_x(tl, p.frame, plot), plot.bottom - int(plot.h * (min(hi, max(lo, v[seat])) - lo) / (hi - lo)))
                for p, v in zip(pts, values)]
        if len(line) >= 2:
            pygame.draw.lines(surface, SEAT_COLOURS[seat], False, line, max(1, f.px(2)))
        pygame.draw.circle(surface, SEAT_COLOURS[seat], line[-1], f.px(3))


# ---------------------------------------------------------------- help overlay
def draw_help(surface: pygame.Surface, f: Fonts) -> None:
    """Dim the screen and list the hotkeys, the seek bar's colours and what leverage means."""
    w, h = surface.get_size()
    dim = pygame.Surface((w, h), pygame.SRCALPHA)
    dim.fill((0, 0, 0, 170))
    surface.blit(dim, (0, 0))
    key_font, text_font, head, small = f.get(14, True), f.get(14), f.get(20, True), f.get(12.5)
    line = key_font.get_linesize() + f.px(4)
    note = wrap(LEVERAGE_NOTE, small, f.px(640) - 2 * f.px(8))
    height = (head.get_linesize() + f.px(10) + line * (len(HOTKEYS) + 2) + f.px(12)
              + small.get_linesize() * len(note) + 2 * f.px(8) + f.px(6))
    box = pygame.Rect(0, 0, f.px(640), height)
    box.center = (w // 2, h // 2)
    inner = panel(surface, box, None, f, fill=PANEL, border=ACCENT)
    draw_text(surface, "Replay viewer keys", (inner.x, inner.y), head, TEXT)
    draw_text(surface, "press ? or Esc to close", (inner.right, inner.y + f.px(6)), f.get(12), MUTED,
              anchor="topright")
    y = inner.y + head.get_linesize() + f.px(10)
    col = inner.x + f.px(230)
    for key, what in HOTKEYS:
        draw_text(surface, key, (inner.x, y), key_font, ACCENT)
        draw_text(surface, what, (col, y), text_font, TEXT, max_width=inner.right - col)
        y += line
    y += f.px(8)
    draw_text(surface, "Seek bar colours", (inner.x, y), key_font, TEXT)
    y += line
    x = inner.x
    for m in MARKS:
        s = f.px(11)
        pygame.draw.rect(surface, MARK_COLOURS[m], pygame.Rect(x, y + f.px(3), s, s), border_radius=f.px(2))
        t = draw_text(surface, MARK_NAMES[m], (x + s + f.px(5), y), small, MUTED)
        x = t.right + f.px(14)
    y += line + f.px(4)
    for t in note:
        draw_text(surface, t, (inner.x, y), small, MUTED)
        y += small.get_linesize()


def draw_banner(surface: pygame.Surface, rect: pygame.Rect, text: str, colour: tuple[int, int, int],
                f: Fonts) -> None:
    """A one-line notice strip (fork saved, replay does not verify, ...)."""
    pygame.draw.rect(surface, mix(PANEL, colour, 0.25), rect, border_radius=f.px(5))
    pygame.draw.rect(surface, colour, rect, width=1, border_radius=f.px(5))
    draw_text(surface, text, (rect.x + f.px(10), rect.centery), f.get(13, True), TEXT, anchor="midleft",
              max_width=rect.w - f.px(20))


__all__ = ["SeekBar", "draw_legend", "hover_text", "draw_decision", "ChartScale", "draw_chart", "draw_help",
           "draw_banner", "MARK_COLOURS", "HOTKEYS"]
