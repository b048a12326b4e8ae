"""The rules reference behind ``?`` / F1 in every scene: the game in short, and the keys of the screen you are
on. The app draws it over any scene (``App.help_open``); the replay viewer keeps its own key help on ``?``
and shows this one on F1."""

from __future__ import annotations

import pygame

from .look import ACCENT, MUTED, PANEL, TEXT, Fonts, draw_text, panel, wrap

RULES: tuple[tuple[str, str], ...] = (
    ("The game", "Microsoft, OpenAI, SoftBank and Oracle, 2025 to 2030. Each plays for its own value: your score "
                 "is your company's value at the end against its start (100 = par growth). Highest score wins."),
    ("A quarter", "Events first. Then two rounds of talks: on its turn a company puts a package to one other "
                  "company or passes; the other accepts, rejects or counters, back and forth as far as their trust "
                  "allows (more trust, more exchanges). Then every company picks one move, sealed, and the "
                  "quarter resolves: contracts pay, data centres come online, OpenAI trains, users and revenue "
                  "move, levers settle."),
    ("Packages", "One to six terms and a cash price either way: compute (GW for quarters at a price, or built to "
                 "order), a stake in OpenAI, Microsoft's consent to the conversion, more IP access, the AGI clause "
                 "(panel or drop), the revenue share, releasing exclusivity or the right of first refusal, a "
                 "delivery promise, open books, a loan, money into Stargate. Nobody can sign what they cannot pay from "
                 "cash and unused credit: cash below zero is credit drawn, and becomes debt when the quarter ends."),
    ("Levers", "OpenAI needs Microsoft's consent to convert; past the 2025Q4 deadline SoftBank's round shrinks "
               "and conversion costs more. OpenAI may declare AGI (ends Microsoft's access if it stands); "
               "Microsoft may dispute it. Microsoft may match rival compute deals (ROFR). Promises are not "
               "enforced, but breaking one is seen by all and costs trust."),
    ("What you see", "Your own figures exactly; others' hidden figures (OpenAI's capability, Microsoft's own "
                     "models) are estimates marked ~. Every estimate in a preview is worked out from your view."),
)

KEYS: dict[str, tuple[tuple[str, str], ...]] = {
    "title": (("Space", "new game"), ("L", "learn to play: a guided first game"), ("C", "continue a game you left"),
              ("R", "watch a replay"), ("Esc", "quit")),
    "setup": (("1-4", "pick your company"), ("Space", "start"), ("Esc", "back")),
    "play": (("Left / Right", "counterparty"), ("Up / Down, A", "pick and add a term (1-9 add directly)"),
             ("+ / -", "cash $1B (Shift: $5B)"), ("Enter", "send the package"), ("Space", "pass, reject, confirm"),
             ("1 / 2 / 3", "accept, reject, counter"), ("U", "undo a change to the draft"), ("S", "a suggestion"),
             ("Q", "the last quarter report"),
             ("P", "pause the AIs"), ("H", "hide the coach (guided game)"),
             ("Esc", "menu: save and leave")),
    "results": (("Space twice", "new game"), ("T twice", "title"), ("Esc twice", "quit")),
}
CLOSE = (("F1, ? or Esc", "close this help"),)


def draw_help(surface: pygame.Surface, f: Fonts, scene: str) -> None:
    """The reference over the whole window: the rules on the left, this screen's keys on the right."""
    w, h = surface.get_size()
    dim = pygame.Surface((w, h), pygame.SRCALPHA)
    dim.fill((0, 0, 0, 170))
    surface.blit(dim, (0, 0))
    rect = pygame.Rect(f.px(40), f.px(40), w - f.px(80), h - f.px(80))
    inner = panel(surface, rect, "Rules in brief  ·  F1 or ? any time", f, fill=PANEL, border=ACCENT)
    left_w = int(inner.w * 0.64)
    y = inner.y
    head, body = f.get(14, True), f.get(13)
    for title, text in RULES:
        draw_text(surface, title, (inner.x, y), head, ACCENT)
        y += head.get_linesize()
        for line in wrap(text, body, left_w):
            draw_text(surface, line, (inner.x, y), body, TEXT)
            y += body.get_linesize()
        y += f.px(6)
    x = inner.x + left_w + f.px(24)
    y = inner.y
    draw_text(surface, "Keys here", (x, y), head, ACCENT)
    y += head.get_linesize() + f.px(2)
    for key, what in KEYS.get(scene, ()) + CLOSE:
        draw_text(surface, key, (x, y), f.get(13, True), TEXT)
        for line in wrap(what, body, inner.right - x - f.px(110)):
            draw_text(surface, line, (x + f.px(110), y), body, MUTED)
            y += body.get_linesize()
        y += f.px(3)
    draw_text(surface, "The full rules: docs/RULES.md", (x, inner.bottom - body.get_linesize()), body, MUTED)


__all__ = ["KEYS", "RULES", "draw_help"]
