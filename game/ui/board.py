"""The board: one renderer for the play scene and the replay viewer.

Entry point::

    from game.ui.board import BoardData, BoardRenderer, layout_board
    from game.ui.look import Fonts, scale_for

    fonts = Fonts(scale_for(surface.get_size()))
    layout = layout_board(pygame.Rect(0, 40, w, h - 40), scale=fonts.scale)   # feed gets a right column
    BoardRenderer(fonts).draw(surface, layout, BoardData(view, viewer, controllers, feed))

``view`` is a ``GameState``: in play, the person's ``Observation.view`` (others'
hidden figures are public estimates and are marked ``~``); in a replay, the
full state with ``viewer=None`` (every figure exact). ``feed`` is a sequence of
``game.ui.feed.FeedLine``. The renderer only reads what it is given: it knows
nothing about scenes, threads or widgets, and drawing is pure pygame (call it
when the data changes and cache the surface; it is not meant to run every
frame). Sections: the quarter timeline with scripted events ahead, four company
panels, the trust web, the levers, the contracts ledger and the feed; they are
drawn by ``game.ui.board_sections``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pygame

from game.rules import (SEATS, GameState, Seat, credit_left, leased_out, openai_compute, product_demand, score,
                        serving_capacity, spot_demand, spot_sold)
from game.rules import leased_in as contract_leased_in


from . import board_sections as sections
from .board_sections import BoardData
from .look import (ACCENT, BORDER, FAINT, MUTED, PANEL, SEAT_COLOURS, TEXT, Fonts, draw_mark, draw_text, mix,
                   panel)

M, O, S, R = Seat.MICROSOFT, Seat.OPENAI, Seat.SOFTBANK, Seat.ORACLE


@dataclass
class BoardLayout:
    """Where each section goes (absolute rects on the target surface)."""

    timeline: pygame.Rect
    companies: tuple[pygame.Rect, ...]
    trust: pygame.Rect
    levers: pygame.Rect
    contracts: pygame.Rect
    feed: pygame.Rect
    scale: float = 1.0
    extra: dict[str, pygame.Rect] = field(default_factory=dict)


def layout_board(rect: pygame.Rect, feed_rect: pygame.Rect | None = None, scale: float = 1.0) -> BoardLayout:
    """Split ``rect`` into the board's sections. Without ``feed_rect`` the feed takes a right-hand column."""
    gap = max(4, int(8 * scale))
    rect = pygame.Rect(rect)
    if feed_rect is None:
        fw = int(rect.w * 0.27)
        feed_rect = pygame.Rect(rect.right - fw, rect.y, fw, rect.h)
        rect = pygame.Rect(rect.x, rect.y, rect.w - fw - gap, rect.h)
    tl_h = int(62 * scale)
    timeline = pygame.Rect(rect.x, rect.y, rect.w, tl_h)
    top = timeline.bottom + gap
    comp_h = int((rect.bottom - top) * 0.46)
    cw = (rect.w - 3 * gap) // 4
    companies = tuple(pygame.Rect(rect.x + i * (cw + gap), top, cw, comp_h) for i in range(4))
    low = top + comp_h + gap
    lh = rect.bottom - low
    trust_w = min(int(rect.w * 0.3), int(lh * 1.15))
    rest = rect.w - trust_w - 2 * gap
    lever_w = int(rest * 0.46)
    trust = pygame.Rect(rect.x, low, trust_w, lh)
    levers = pygame.Rect(trust.right + gap, low, lever_w, lh)
    contracts = pygame.Rect(levers.right + gap, low, rect.right - levers.right - gap, lh)
    return BoardLayout(timeline, companies, trust, levers, contracts, pygame.Rect(feed_rect), scale)


class BoardRenderer:
    """Draws a ``BoardData`` into a ``BoardLayout``. Holds only fonts."""

    def __init__(self, fonts: Fonts) -> None:
        self.fonts = fonts

    def draw(self, surface: pygame.Surface, layout: BoardLayout, data: BoardData) -> None:
        """Draw every section (the caller clears the background)."""
        f = self.fonts
        sections.draw_timeline(surface, layout.timeline, data, f)
        ranking = sorted(SEATS, key=lambda s: (-score(data.view, s), int(s)))
        for seat, rect in zip(SEATS, layout.companies):
            self.draw_company(surface, rect, data, seat, ranking.index(seat) + 1)
        sections.draw_trust(surface, layout.trust, data, f)
        sections.draw_levers(surface, layout.levers, data, f)
        sections.draw_contracts(surface, layout.contracts, data, f)
        sections.draw_feed(surface, layout.feed, data.feed, f, data.feed_title)

    # ------------------------------------------------------------ company panels
    def draw_company(self, surface: pygame.Surface, rect: pygame.Rect, data: BoardData, seat: Seat,
                     rank: int) -> None:
        f, v = self.fonts, data.view
        colour = SEAT_COLOURS[seat]
        mine = data.viewer == seat
        border = colour if (data.active == seat or mine) else BORDER
        fill = mix(PANEL, colour, 0.07 if mine else 0.0)
        inner = panel(surface, rect, None, f, fill=fill, border=border)
        if data.active == seat:
            pygame.draw.rect(surface, colour, rect, width=max(2, f.px(2)), border_radius=f.px(6))
        pygame.draw.rect(surface, colour, pygame.Rect(rect.x + f.px(6), rect.y, rect.w - f.px(12), f.px(3)))
        r = f.px(15)
        draw_mark(surface, seat, (inner.x + r, inner.y + r), r, f)
        x = inner.x + 2 * r + f.px(8)
        draw_text(surface, seat.label, (x, inner.y - f.px(1)), f.get(16, True), TEXT, max_width=inner.right - x)
        who = data.controllers[seat] if seat < len(data.controllers) else ""
        draw_text(surface, who, (x, inner.y + f.px(19)), f.get(12), colour if mine else MUTED,
                  max_width=inner.right - x)
        sc = score(v, seat)
        badge = f"#{rank}  {sc:.1f}"
        font_b = f.get(13, True)
        draw_text(surface, badge, (inner.right, inner.y + f.px(1)), font_b, ACCENT if rank == 1 else MUTED,
                  anchor="topright")
        y = inner.y + 2 * r + f.px(8)
        rows = self.company_rows(data, seat)
        label_font, value_font = f.get(12.5), f.get(13, True)
        line = max(label_font.get_linesize(), value_font.get_linesize()) + f.px(1)
        if len(rows) * line > inner.bottom - y:   # closer lines first (a little), then drop the least important
            line = max(max(label_font.get_height(), value_font.get_height()), (inner.bottom - y) // max(1, len(rows)))
        avail = (inner.bottom - y) // line
        if len(rows) > avail:  # keep the most important rows (they come first)
            rows = rows[:max(0, avail)]
        for label, value, estimate in rows:
            draw_text(surface, label, (inner.x, y), label_font, MUTED, max_width=inner.w // 2 + f.px(6))
            shown = f"~{value}" if estimate else value
            draw_text(surface, shown, (inner.right, y), value_font, FAINT if estimate else TEXT, anchor="topright",
                      max_width=inner.w // 2)
            y += line

    def company_rows(self, data: BoardData, seat: Seat) -> list[tuple[str, str, bool]]:
        """(label, value, is_estimate) rows of a company panel, most important first."""
        v = data.view
        co = v.companies[seat]
        building = sum(gw for _, gw in co.pipeline)
        rows: list[tuple[str, str, bool]] = [
            ("Value", f"${co.value:,.0f}B", False),
            ("Cash", f"${co.cash:,.1f}B" if co.cash >= 0 else f"-${-co.cash:,.1f}B credit", False),
            ("Debt", f"${co.debt:,.1f}B", False),
            ("Revenue", f"${co.revenue:,.2f}B/q", False),
            ("Compute owned", f"{co.compute_owned:.2f} GW" + (f" +{building:.2f}" if building > 1e-9 else ""), False),
        ]
        lin, lout = leased_in(v, seat), leased_out(v, seat)
        if seat == M:
            lout += co.azure_to_openai
        rows.append(("Leased in / out", f"{lin:.2f} / {lout:.2f} GW", False))
        if seat == M:
            needs = f" · {product_demand(v):.2f} GW" if v.scenario.economy.reach_per_gw > 0 else ""
            rows += [("Stake in OpenAI", f"{v.stakes[M][O]:.1%}", False),   # Microsoft's biggest asset: kept high
                     ("Plan-B models", f"{co.capability:.1f}", not data.exact(M)),
                     ("Copilot", f"{co.reach:,.0f}M{needs}", False),       # reach, and the GW it needs
                     ("Azure to OpenAI", f"{co.azure_to_openai:.2f} GW", False)]
            if v.venture_paid[M] > 0:
                rows.append(("Stargate paid", f"${v.venture_paid[M]:,.0f}B", False))
        elif seat == O:
            rows += [("Capability", f"{co.capability:.1f}", not data.exact(O)),
                     ("Weekly users", f"{co.users:,.0f}M", False),
                     # serving room depends on capability (a better model is dearer to serve): an estimate
                     # for whoever cannot see OpenAI's figures
                     ("Serving room", f"{serving_capacity(v, openai_compute(v, contract_leased_in(v, O))):,.0f}M",
                      not data.exact(O)),
                     ("Training share", f"{co.training_share:.0%}", False),
                     ("Others' stakes", f"{sum(v.stakes[s][O] for s in SEATS if s != O):.0%}", False)]
            if v.venture_paid[O] > 0:
                rows.append(("Stargate paid", f"${v.venture_paid[O]:,.0f}B", False))
        elif seat == S:
            rows += [("Pledge left", f"${v.sb_pledge:,.0f}B", False),
                     ("Stargate paid", f"${v.venture_paid[S]:,.0f}B", False)]
        else:
            rows.append(("Credit left", f"${credit_left(v, seat):,.0f}B", False))
            demand = spot_demand(v)
            if demand > 0:  # a finite open market: how much of the idle capacity sells
                rows.append(("Spot market", f"{demand:.1f} GW · {spot_sold(v):.0%}", False))
            rows.append(("Stargate paid", f"${v.venture_paid[R]:,.0f}B", False))
        if seat in (S, R):
            rows.append(("Stake in OpenAI", f"{v.stakes[seat][O]:.1%}", False))
        return rows


def leased_in(v: GameState, seat: Seat) -> float:
    """GW ``seat`` uses under contracts in force (leases, outside clouds, prepaid capacity)."""
    total = contract_leased_in(v, seat)
    if seat == O:
        total += v.companies[M].azure_to_openai
    return total
