"""Drawing the quarter report (``game.ui.report``) over the board: the person's highlights in words, the
quarter's news, and a table of every company's change split into its causes."""

from __future__ import annotations

import pygame

from .look import ACCENT, BAD, GOOD, MUTED, PANEL, SEAT_COLOURS, TEXT, Fonts, draw_mark, draw_text, mix, panel, wrap
from .report import PARTS, QuarterReport

HEADS = {"cash": "cash", "data centres": "data ctrs", "Stargate": "Stargate", "loans": "loans",
         "OpenAI stake": "OAI stake", "business": "business"}


def _money(x: float) -> str:
    return f"{'+' if x >= 0 else '-'}{abs(x):,.1f}"


def draw_report(surface: pygame.Surface, report: QuarterReport, f: Fonts, first: bool) -> pygame.Rect:
    """The report as a panel in the middle of the window, as tall as what it says; returns its rectangle."""
    w, h = surface.get_size()
    dim = pygame.Surface((w, h), pygame.SRCALPHA)
    dim.fill((0, 0, 0, 150))
    surface.blit(dim, (0, 0))
    width = min(w - f.px(60), f.px(1000))
    text_w = width - f.px(32)
    body, bold, small, head = f.get(14), f.get(14, True), f.get(12.5), f.get(11.5, True)
    lines: list[tuple[str, pygame.font.Font, tuple[int, int, int], int]] = []   # text, font, colour, indent
    for n, line in enumerate(report.highlights):
        font = bold if n == 0 else body
        lines += [(piece, font, TEXT, 0) for piece in wrap(line, font, text_w)]
    if report.happened:
        lines += [("", small, MUTED, 0), ("WHAT HAPPENED", head, MUTED, 0)]
        for line in report.happened[:5]:
            lines += [(piece, small, MUTED, f.px(12)) for piece in wrap(line, small, text_w - f.px(12))[:2]]
        if len(report.happened) > 5:
            lines.append((f"... and {len(report.happened) - 5} more in the feed", small, MUTED, f.px(12)))
    table_h = head.get_linesize() + f.px(4) + 4 * f.px(30) + f.px(24)
    height = (f.px(40) + sum(font.get_linesize() for _, font, _, _ in lines) + f.px(14) + table_h
              + small.get_linesize() + f.px(24))
    rect = pygame.Rect(0, 0, width, min(h - f.px(60), height))
    rect.center = (w // 2, h // 2)
    inner = panel(surface, rect, f"{report.label}: the quarter in brief", f, fill=PANEL,
                  border=mix(PANEL, SEAT_COLOURS[report.seat], 0.7))
    y = inner.y
    for text, font, colour, indent in lines:
        draw_text(surface, text, (inner.x + indent, y), font, colour)
        y += font.get_linesize()
    y += f.px(10)
    _table(surface, report, f, pygame.Rect(inner.x, y, inner.w, table_h))
    hint = "Space, Enter or Q: back to the game   ·   Q shows the last report again any time"
    if first:
        hint += "   ·   the menu (Esc) turns them off"
    draw_text(surface, hint, (inner.x, inner.bottom - small.get_linesize()), small, ACCENT, max_width=inner.w)
    return rect


def _table(surface: pygame.Surface, report: QuarterReport, f: Fonts, rect: pygame.Rect) -> None:
    """Every company: value change, score (and rank), and the change of each part of its value ($B)."""
    head, cell = f.get(11.5, True), f.get(13)
    cols = ["company", "value $B", "score", *[HEADS[p] for p in PARTS]]
    xs = [0.0, 0.19, 0.30, 0.44, 0.53, 0.62, 0.71, 0.80, 0.90]
    for c, x in zip(cols, xs):
        draw_text(surface, c, (rect.x + int(rect.w * x), rect.y), head, MUTED)
    y = rect.y + head.get_linesize() + f.px(4)
    row_h = f.px(30)
    for row in report.companies:
        s = row.seat
        if s == report.seat:
            pygame.draw.rect(surface, mix(PANEL, SEAT_COLOURS[s], 0.15),
                             pygame.Rect(rect.x - f.px(4), y - f.px(2), rect.w + f.px(8), row_h), border_radius=f.px(4))
        cy = y + row_h // 2 - f.px(2)
        draw_mark(surface, s, (rect.x + f.px(9), cy), f.px(8), f)
        draw_text(surface, s.label, (rect.x + f.px(22), cy), cell, TEXT, anchor="midleft")
        dv = row.value[1] - row.value[0]
        draw_text(surface, _money(dv), (rect.x + int(rect.w * xs[1]), cy), cell, GOOD if dv >= 0 else BAD,
                  anchor="midleft")
        (sb, sa), ra = row.score, row.rank[1]
        draw_text(surface, f"{sa:.1f} ({sa - sb:+.1f}) #{ra}", (rect.x + int(rect.w * xs[2]), cy), cell,
                  GOOD if sa >= sb else BAD, anchor="midleft")
        for x, p in zip(xs[3:], PARTS):
            d = row.parts[p]
            draw_text(surface, "·" if abs(d) < 0.05 else _money(d), (rect.x + int(rect.w * x), cy), cell,
                      MUTED if abs(d) < 0.05 else (GOOD if d > 0 else BAD), anchor="midleft")
        y += row_h
    draw_text(surface, "Others' figures are your estimates of them. Value = the parts on the right; business = "
              "revenue at a multiple.", (rect.x, y + f.px(4)), f.get(11.5), MUTED, max_width=rect.w)


__all__ = ["draw_report"]
