"""A line chart of each company's score over the quarters, drawn with pygame.

Plain pygame rather than matplotlib: it renders in a millisecond, scales with
the window and uses the game's own colours and font. The replay viewer can
use it too (``draw_score_chart``)."""

from __future__ import annotations

import math
from typing import Sequence

import pygame

from game.rules import SEATS, Seat

from .look import BORDER, FAINT, MUTED, SEAT_COLOURS, TEXT, Fonts, draw_mark, draw_text, panel


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering [lo, hi]."""
    span = max(hi - lo, 1e-9)
    raw = span / max(1, count)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first, last = math.floor(lo / step), math.ceil(hi / step)
    if last == first:
        last += 1
    return [round(k * step, 6) for k in range(first, last + 1)]


def draw_score_chart(surface: pygame.Surface, rect: pygame.Rect, labels: Sequence[str],
                     series: dict[Seat, Sequence[float]], fonts: Fonts, highlight: Seat | None = None,
                     title: str = "Score by quarter  (100 = par growth)") -> None:
    """Lines per company over ``labels`` (x) with a y axis of scores; ``highlight`` is drawn thicker."""
    f = fonts
    inner = panel(surface, rect, title, f)
    small = f.get(11.5)
    values = [v for s in series.values() for v in s]
    if not values or len(labels) < 2:
        draw_text(surface, "Not enough quarters to chart.", inner.topleft, small, MUTED)
        return
    ticks = nice_ticks(min(values), max(values))
    lo, hi = ticks[0], ticks[-1] if ticks[-1] > ticks[0] else ticks[0] + 1
    left = inner.x + max(small.size(f"{t:g}")[0] for t in ticks) + f.px(8)
    legend_h = small.get_linesize() + f.px(8)
    plot = pygame.Rect(left, inner.y + f.px(4), inner.right - left - f.px(6),
                       inner.h - small.get_linesize() - legend_h - f.px(10))

    def xy(i: int, v: float) -> tuple[int, int]:
        x = plot.x + plot.w * i / (len(labels) - 1)
        y = plot.bottom - plot.h * (v - lo) / (hi - lo)
        return int(x), int(y)

    for t in ticks:
        y = xy(0, t)[1]
        pygame.draw.line(surface, BORDER, (plot.x, y), (plot.right, y))
        draw_text(surface, f"{t:g}", (plot.x - f.px(6), y), small, FAINT, anchor="midright")
    every = max(1, math.ceil(len(labels) / max(1, plot.w // f.px(54))))
    for i, lab in enumerate(labels):
        if i % every == 0 or i == len(labels) - 1:
            x = xy(i, lo)[0]
            pygame.draw.line(surface, BORDER, (x, plot.bottom), (x, plot.bottom + f.px(4)))
            anchor = "topleft" if i == 0 else "topright" if i == len(labels) - 1 else "midtop"
            draw_text(surface, lab, (x, plot.bottom + f.px(5)), small, MUTED, anchor=anchor)
    order = [s for s in SEATS if s != highlight] + ([highlight] if highlight is not None else [])
    for seat in order:
        pts = [xy(i, v) for i, v in enumerate(series.get(seat, []))]
        if len(pts) >= 2:
            width = f.px(4) if seat == highlight else f.px(2)
            pygame.draw.lines(surface, SEAT_COLOURS[seat], False, pts, width)
        for p in pts[-1:]:
            pygame.draw.circle(surface, SEAT_COLOURS[seat], p, f.px(4))
    x = plot.x
    ly = inner.bottom - small.get_linesize()
    for seat in SEATS:
        r = f.px(6)
        draw_mark(surface, seat, (x + r, ly + small.get_linesize() // 2), r, f)
        last = series.get(seat, [0.0])[-1]
        rect_t = draw_text(surface, f"{seat.label} {last:.1f}", (x + 2 * r + f.px(5), ly), small,
                           TEXT if seat == highlight else MUTED)
        x = rect_t.right + f.px(16)
