"""The board's sections other than the company panels: timeline, trust web,
levers, contracts ledger and feed. Each is one function ``draw_X(surface,
rect, data, fonts)`` that reads a ``BoardData`` (what the board shows, defined
here so the renderer in ``game.ui.board`` imports its parts and not the reverse)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import pygame

from game.replay import FeedLine
from game.rules import SEATS, Agi, GameState, Seat, exchanges_allowed

from .look import (ACCENT, BAD, BG, BORDER, FAINT, GOOD, MUTED, PANEL, PANEL_DARK, SEAT_COLOURS, TEXT, WARN, Fonts,
                   draw_mark, draw_text, mix, panel, pill, trust_colour, wrap)

M, O, S, R = Seat.MICROSOFT, Seat.OPENAI, Seat.SOFTBANK, Seat.ORACLE


@dataclass
class BoardData:
    """What the board shows. ``viewer`` None means the state is complete (a replay or a finished game)."""

    view: GameState
    viewer: Seat | None
    controllers: Sequence[str] = ("", "", "", "")
    feed: Sequence[FeedLine] = ()
    active: Seat | None = None
    note: str = ""
    feed_title: str = "Feed"

    def exact(self, seat: Seat) -> bool:
        """Whether ``seat``'s private figures are shown exactly (else: a public estimate)."""
        if self.viewer is None or seat not in (M, O):
            return True
        return self.view.sees_private(self.viewer, seat)


EVENT_NAMES = {"stargate-announced": "Stargate announced", "conversion-deadline": "Conversion deadline",
               "ip-horizon": "IP horizon"}
EVENT_COLOURS = {"stargate-announced": SEAT_COLOURS[S], "conversion-deadline": WARN, "ip-horizon": SEAT_COLOURS[M],
                 "news": MUTED}


# ---------------------------------------------------------------- timeline
def upcoming(data: "BoardData") -> list[tuple[int, str, str]]:
    """Scripted events and lever dates from the current quarter on: (quarter, kind, short text)."""
    v = data.view
    scen, q = v.scenario, v.quarter
    out: list[tuple[int, str, str]] = []
    for e in scen.scripted:
        at = scen.index_of(e.quarter)
        if at > q or (at == q and e.kind != "stargate-announced"):
            name = EVENT_NAMES.get(e.kind) or e.text.split(":")[0]
            out.append((at, e.kind, name))
    if v.ip_access and q <= v.ip_horizon < scen.quarters and not any(k == "ip-horizon" for _, k, _ in out):
        out.append((v.ip_horizon, "ip-horizon", "IP rights expire"))
    return sorted(out)


def draw_timeline(surface: pygame.Surface, rect: pygame.Rect, data: "BoardData", f: Fonts) -> None:
    """Every quarter of the game as a cell; the current one lit, scripted events marked ahead."""
    v = data.view
    scen, q, n = v.scenario, v.quarter, v.scenario.quarters
    inner = panel(surface, rect, None, f)
    small, tiny = f.get(12), f.get(10.5, True)
    year_h = small.get_linesize()
    cell_y, cell_h = inner.y + year_h, max(f.px(16), inner.h - 2 * year_h - f.px(2))
    cell_w = inner.w / n
    events = {}
    for at, kind, _ in upcoming(data):
        events.setdefault(at, kind)
    past_events = _past_event_quarters(data)
    for i in range(n):
        x0 = inner.x + int(i * cell_w)
        cell = pygame.Rect(x0 + 1, cell_y, int((i + 1) * cell_w) - int(i * cell_w) - 2, cell_h)
        label = scen.label(i)
        if i < q:
            fill, ink = PANEL_DARK, FAINT
        elif i == q and not v.is_over():
            fill, ink = mix(ACCENT, PANEL, 0.25), (255, 255, 255)
        else:
            fill, ink = mix(PANEL, BORDER, 0.5), MUTED
        pygame.draw.rect(surface, fill, cell, border_radius=f.px(3))
        if label.endswith("Q1") or i == 0:
            draw_text(surface, label[:4], (cell.x + 2, inner.y - f.px(1)), small, TEXT if i >= q else FAINT)
        qtxt = label[4:] if cell_w < f.px(60) else label
        draw_text(surface, qtxt, cell.center, tiny, ink, anchor="center", max_width=cell.w - 2)
        if i in events:
            c = EVENT_COLOURS.get(events[i], MUTED)
            d = f.px(4)
            cx, cy = cell.centerx, cell.bottom
            pygame.draw.polygon(surface, c, [(cx, cy - d), (cx + d, cy), (cx, cy + d), (cx - d, cy)])
        if i in past_events:
            pygame.draw.circle(surface, MUTED, (cell.right - f.px(5), cell.y + f.px(5)), f.px(2))
    ahead = upcoming(data)
    text = "Ahead: " + "  ·  ".join(f"{scen.label(at)} {name}" for at, _, name in ahead[:4]) if ahead else \
        "Ahead: no scripted events left"
    if v.is_over():
        text = "Game over"
    draw_text(surface, text, (inner.x, cell_y + cell_h + f.px(3)), small, MUTED, max_width=inner.w)


def _past_event_quarters(data: "BoardData") -> set[int]:
    scen = data.view.scenario
    out = set()
    for line in data.view.log:
        head, sep, _ = line.partition(" event: ")
        if sep:
            try:
                out.add(scen.index_of(head))
            except ValueError:
                continue
    return out


# ---------------------------------------------------------------- trust web
def draw_trust(surface: pygame.Surface, rect: pygame.Rect, data: "BoardData", f: Fonts) -> None:
    """OpenAI in the middle (everyone's counterparty), the others around it; edges coloured by trust."""
    v = data.view
    inner = panel(surface, rect, "Trust  ·  packages a quarter", f)
    cx, cy = inner.centerx, inner.centery + f.px(6)
    rad = min(inner.w / 2 - f.px(22), inner.h / 2 - f.px(16))
    pos = {O: (cx, cy)}
    for seat, angle in ((M, -90.0), (S, 150.0), (R, 30.0)):
        a = math.radians(angle)
        pos[seat] = (cx + rad * math.cos(a) * 1.1, cy + rad * math.sin(a) * 0.95 + f.px(4))
    font = f.get(11.5, True)
    for a in SEATS:
        for b in SEATS:
            if a >= b:
                continue
            t = min(v.trust[a][b], v.trust[b][a])
            colour = trust_colour(t)
            width = max(1, int(f.px(1) + t * f.px(6)))
            pygame.draw.line(surface, colour, pos[a], pos[b], width)
    for a in SEATS:
        for b in SEATS:
            if a >= b:
                continue
            t = min(v.trust[a][b], v.trust[b][a])
            mx, my = (pos[a][0] + pos[b][0]) / 2, (pos[a][1] + pos[b][1]) / 2
            if O in (a, b):  # spoke labels sit nearer the outer end, clear of the hub
                other = b if a == O else a
                mx, my = pos[O][0] * 0.4 + pos[other][0] * 0.6, pos[O][1] * 0.4 + pos[other][1] * 0.6
            text = f"{t:.2f} · {exchanges_allowed(v, a, b)}"
            w, h = font.size(text)
            box = pygame.Rect(0, 0, w + f.px(6), h)
            box.center = (int(mx), int(my))
            pygame.draw.rect(surface, PANEL_DARK, box, border_radius=f.px(4))
            pygame.draw.rect(surface, trust_colour(t), box, width=1, border_radius=f.px(4))
            draw_text(surface, text, box.center, font, TEXT, anchor="center")
    for seat in SEATS:
        draw_mark(surface, seat, (int(pos[seat][0]), int(pos[seat][1])), f.px(15), f)


# ---------------------------------------------------------------- levers
def lever_rows(data: "BoardData") -> list[tuple[str, str, tuple[int, int, int], str]]:
    """(name, status tag, tag colour, detail) for each contract lever."""
    v = data.view
    scen, q = v.scenario, v.quarter
    deadline = scen.index_of(scen.terms.conversion_deadline)
    rows = []
    if v.converted:
        rows.append(("Conversion", "CONVERTED", GOOD, "OpenAI is a for-profit"))
    else:
        detail = "deadline passed: round cut" if v.deadline_passed else \
            f"deadline {scen.label(deadline)}" + (f" ({deadline - q} q)" if deadline > q else " (now)")
        rows.append(("Conversion", "CONSENTED" if v.consent else "BLOCKED", WARN if v.consent else BAD,
                     ("consented · " if v.consent else "needs Microsoft · ") + detail))
    if v.agi_clause == "dropped":
        rows.append(("AGI clause", "DROPPED", MUTED, "access cannot be revoked by a declaration"))
    else:
        tag = {Agi.NONE: ("NOT DECLARED", MUTED), Agi.DECLARED: ("DECLARED", WARN), Agi.DISPUTED: ("DISPUTED", WARN),
               Agi.UPHELD: ("UPHELD", BAD), Agi.REJECTED: ("REJECTED", MUTED)}[v.agi]
        panel_bar = scen.economy.panel_bar if v.agi_clause == "panel" else 0.0
        judge = "expert panel" if v.agi_clause == "panel" else "arbitration"
        detail = {Agi.NONE: f"{judge}: capability ~{scen.terms.agi_capability + panel_bar:.0f}, "
                            f"${scen.terms.agi_profit_test:.0f}B profits",
                  Agi.DECLARED: "Microsoft may dispute this quarter", Agi.DISPUTED: "in arbitration",
                  Agi.UPHELD: "Microsoft lost access", Agi.REJECTED: "arbitration said no"}[v.agi]
        rows.append(("AGI clause", tag[0], tag[1], detail))
    rows.append(("API exclusivity", "AZURE ONLY" if v.exclusivity else "WAIVED", SEAT_COLOURS[M] if v.exclusivity
                 else MUTED, f"Microsoft's cut of API revenue {scen.terms.api_cut:.0%}" if v.exclusivity else
                 "OpenAI sells its API anywhere"))
    frozen = v.antitrust_until > q
    rows.append(("Microsoft ROFR", ("FROZEN" if frozen else "ON") if v.rofr else "WAIVED",
                 (WARN if frozen else SEAT_COLOURS[M]) if v.rofr else MUTED,
                 f"antitrust probe until {scen.label(v.antitrust_until - 1)}" if frozen else
                 "first claim on OpenAI's new compute" if v.rofr else "OpenAI may rent freely"))
    rows.append(("IP access", f"UNTIL {scen.label(v.ip_horizon)}" if v.ip_access else "ENDED",
                 GOOD if v.ip_access else BAD, "Microsoft's rights to OpenAI's models"))
    rows.append(("Revenue share", f"{v.revenue_share:.0%}", ACCENT, "of OpenAI revenue to Microsoft"))
    rows.append(("SoftBank round", f"${v.sb_pledge:.0f}B LEFT", SEAT_COLOURS[S] if v.sb_pledge > 0 else MUTED,
                 f"${v.sb_released:.0f}B released so far"))
    building = sum(gw for _, gw in v.venture_pipeline)
    rows.append(("Stargate", "ANNOUNCED" if v.stargate else "NOT YET", SEAT_COLOURS[S] if v.stargate else MUTED,
                 f"{v.venture_gw:.2f} GW online, {building:.2f} building" if v.stargate else "awaits its announcement"))
    if v.converted:
        rows.insert(0, ("Structure", "CONVERTED", GOOD, f"Microsoft {v.stakes[M][O]:.0%}, foundation and investors "
                                                        f"{v.outside:.0%}"))
    elif v.consent > 0:
        rows.insert(0, ("Structure", "CONSENT GIVEN", ACCENT, f"converting gives Microsoft {v.consent:.0%}"))
    if v.delivery_until > q:
        rows.append(("Model delivery", "PROMISED", GOOD, f"on time until {scen.label(v.delivery_until - 1)} "
                                                        "(a promise, not enforced)"))
    elif v.delayed:
        rows.append(("Model delivery", "DELAYED", BAD, "Microsoft's products lag a quarter"))
    return rows


def draw_levers(surface: pygame.Surface, rect: pygame.Rect, data: "BoardData", f: Fonts) -> None:
    inner = panel(surface, rect, "Levers", f)
    name_font, tag_font, detail_font = f.get(12.5, True), f.get(10.5, True), f.get(11.5)
    rows = lever_rows(data)
    step = max(name_font.get_linesize() + detail_font.get_linesize() - f.px(5), 1)
    if step * len(rows) > inner.h:  # squeeze: drop the detail line
        step = name_font.get_linesize() + f.px(2)
        details = False
    else:
        details = True
        step = min(step + f.px(6), inner.h // max(1, len(rows)))
    y = inner.y
    for name, tag, colour, detail in rows:
        if y + name_font.get_linesize() > inner.bottom:
            break
        draw_text(surface, name, (inner.x, y), name_font, TEXT, max_width=inner.w // 2)
        pill(surface, tag, (inner.right, y + f.px(1)), tag_font, colour, anchor="topright")
        if details:
            draw_text(surface, detail, (inner.x, y + name_font.get_linesize() - f.px(4)), detail_font, MUTED,
                      max_width=inner.w)
        y += step


# ---------------------------------------------------------------- contracts
def contract_terms(data: "BoardData", c) -> str:
    scen = data.view.scenario
    if c.kind == "compute":
        start = f" from {scen.label(c.start)}" if c.start > data.view.quarter else ""
        return f"{c.gw:g} GW at ${c.price:g}B/GW/q{start}"
    if c.kind == "outside-cloud":
        return f"{c.gw:g} GW at ${c.amount:.2f}B/q"
    if c.kind == "loan":
        return f"${c.amount:g}B lent"
    if c.kind == "info":
        return "private figures shared"
    if c.kind == "delivery":
        return "on-time models promised"
    return c.kind


def draw_contracts(surface: pygame.Surface, rect: pygame.Rect, data: "BoardData", f: Fonts) -> None:
    """Contracts in force (soonest expiry first), then recently ended ones; broken promises in red."""
    v = data.view
    q, scen = v.quarter, v.scenario
    live = [c for c in v.contracts if c.end > q]
    done = [c for c in v.history if c.end >= q - 2]
    inner = panel(surface, rect, f"Contracts  ({len(live)} in force, {len(v.broken)} promises broken)", f)
    head, small = f.get(12.5, True), f.get(11.5)
    line = head.get_linesize() + small.get_linesize() - f.px(2)
    breach_lines = v.broken[-2:]
    bottom = inner.bottom - len(breach_lines) * small.get_linesize()
    y = inner.y
    rows = sorted(live, key=lambda c: (c.end, c.kind)) + list(reversed(done))
    if not rows:
        draw_text(surface, "No contracts yet. Deals signed in talks appear here.", (inner.x, y), small, MUTED,
                  max_width=inner.w)
    shown = 0
    for c in rows:
        if y + line > bottom:
            draw_text(surface, f"+{len(rows) - shown} more", (inner.right, bottom - small.get_linesize()),
                      small, MUTED, anchor="topright")
            break
        alive = c in live
        d = f.px(5)
        pygame.draw.circle(surface, SEAT_COLOURS[c.a], (inner.x + d, y + head.get_linesize() // 2), d)
        pygame.draw.circle(surface, SEAT_COLOURS[c.b], (inner.x + 3 * d + f.px(2), y + head.get_linesize() // 2), d)
        x = inner.x + 4 * d + f.px(8)
        who = f"{c.a.code} to {c.b.code}" if c.a != c.b else c.a.code
        draw_text(surface, f"{c.kind}  {who}", (x, y), head, TEXT if alive else FAINT, max_width=inner.right - x)
        if alive:
            until = "to the end" if c.end >= scen.quarters else f"until {scen.label(c.end - 1)}"
        else:
            until = f"ended {scen.label(max(c.end - 1, 0))}"
        draw_text(surface, f"{contract_terms(data, c)}  ·  {until}", (x, y + head.get_linesize() - f.px(2)), small,
                  MUTED if alive else FAINT, max_width=inner.right - x)
        y += line + f.px(2)
        shown += 1
    yb = bottom
    for text in breach_lines:
        draw_text(surface, text, (inner.x, yb), small, BAD, max_width=inner.w)
        yb += small.get_linesize()


# ---------------------------------------------------------------- feed
def draw_feed(surface: pygame.Surface, rect: pygame.Rect, feed: Sequence[FeedLine], f: Fonts,
              title: str = "Feed") -> None:
    """Newest line at the bottom; AI rationales in quotes under their move."""
    inner = panel(surface, rect, title, f)
    font, why_font, tag_font = f.get(12.5), f.get(12), f.get(10.5, True)
    lh, wh = font.get_linesize(), why_font.get_linesize()
    indent = f.px(16)
    width = inner.w - indent
    gap = tag_font.get_linesize()              # room for a quarter's label between its lines and the last's
    starts = _new_quarter(feed)
    blocks: list[tuple[FeedLine, list[str], list[str], bool]] = []
    used = 0
    for k in range(len(feed) - 1, -1, -1):
        item = feed[k]
        lines = wrap(item.text, font, width)
        why = wrap(f"\u201c{item.rationale}\u201d", why_font, width - f.px(8)) if item.rationale else []
        label = gap if starts[k] else 0
        h = len(lines) * lh + len(why) * wh + f.px(3) + label
        if used + h > inner.h and why:         # no room for the reason: the line itself, rather than a gap
            why = []
            h = len(lines) * lh + f.px(3) + label
        if used + h > inner.h:
            break
        blocks.append((item, lines, why, starts[k]))
        used += h
    if blocks and blocks[-1][3]:               # the top line needs no label above it: nothing to tell it from
        blocks[-1] = (*blocks[-1][:3], False)
        used -= gap
    y = inner.bottom - used
    for item, lines, why, labelled in reversed(blocks):
        if labelled:
            mid = y + gap // 2 - f.px(1)
            pygame.draw.line(surface, BORDER, (inner.x + indent, mid), (inner.right - f.px(46), mid))
            draw_text(surface, item.label, (inner.right, mid), tag_font, FAINT, anchor="midright")
            y += gap
        colour = _feed_colour(item)
        if item.seat is not None:
            pygame.draw.circle(surface, SEAT_COLOURS[item.seat], (inner.x + f.px(5), y + lh // 2), f.px(4))
        elif item.kind == "event":
            d = f.px(5)
            cx, cy = inner.x + f.px(5), y + lh // 2
            pygame.draw.polygon(surface, WARN, [(cx, cy - d), (cx + d, cy), (cx, cy + d), (cx - d, cy)])
        for text in lines:
            draw_text(surface, text, (inner.x + indent, y), font, colour)
            y += lh
        for text in why:
            draw_text(surface, text, (inner.x + indent + f.px(8), y), why_font, MUTED)
            y += wh
        y += f.px(3)
    if not feed:
        draw_text(surface, "Moves, deals and events appear here as they happen.", (inner.x, inner.y), font, MUTED,
                  max_width=inner.w)


def _new_quarter(feed: Sequence[FeedLine]) -> list[bool]:
    """Per line: whether it opens a new quarter in the feed (an event's line does not: it is announced under
    the quarter it belongs to)."""
    out, last = [], None
    for item in feed:
        out.append(last is not None and item.label != last and item.kind != "event")
        if item.kind != "event":
            last = item.label
    return out


def _feed_colour(item: FeedLine) -> tuple[int, int, int]:
    return {"event": (250, 214, 140), "fault": BAD, "signed": GOOD, "sealed": FAINT, "quiet": FAINT,
            "reveal": TEXT, "offer": TEXT}.get(item.kind, (205, 210, 218))


__all__ = ["draw_timeline", "draw_trust", "draw_levers", "draw_contracts", "draw_feed", "upcoming", "lever_rows",
           "BG"]
