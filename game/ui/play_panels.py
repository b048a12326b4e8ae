"""The play scene's drawn parts that need no widgets: how a quarter runs (beside the waiting message) and the
hot-seat hand-over screen."""

from __future__ import annotations

import pygame

from game.rules import GameState, Seat

from .look import ACCENT, BG, MUTED, PANEL, SEAT_COLOURS, TEXT, Fonts, draw_mark, draw_text, mix


def draw_steps(surface: pygame.Surface, rect: pygame.Rect, view: GameState | None, label: str, f: Fonts) -> None:
    """How a quarter runs, with the current step lit: a reminder while the AIs move."""
    if view is None:
        return
    talks = view.scenario.talks
    steps = ["Events of the quarter are drawn"] + [f"Talks, round {t + 1}: each company may propose once"
                                                   for t in range(talks)]
    steps += ["Moves and capex, chosen at once and sealed", "Resolution: contracts pay, builds come online"]
    if view.phase.value == "act":
        now = 1 + talks
    elif view.is_over():
        now = len(steps) - 1
    else:
        now = 1 + min(view.talk, talks - 1)
    draw_text(surface, f"{label}: how the quarter runs", (rect.x, rect.y), f.get(12, True), MUTED)
    font = f.get(13)
    y = rect.y + font.get_linesize() + f.px(4)
    for n, text in enumerate(steps):
        colour = TEXT if n == now else MUTED if n > now else (92, 101, 114)
        if n == now:
            pygame.draw.rect(surface, mix(PANEL, ACCENT, 0.18),
                             pygame.Rect(rect.x - f.px(4), y - f.px(1), rect.w + f.px(8), font.get_linesize() + f.px(2)),
                             border_radius=f.px(4))
        draw_text(surface, f"{n + 1}. {text}", (rect.x, y), font, colour, max_width=rect.w)
        y += font.get_linesize() + f.px(3)
    y += f.px(8)
    for tip in ("Hover a button to see what it does, or why it is off.",
                "Space confirms, Esc opens the menu, P pauses the AIs."):
        draw_text(surface, tip, (rect.x, y), f.get(12), MUTED, max_width=rect.w)
        y += f.get(12).get_linesize()


def draw_handover(surface: pygame.Surface, seat: Seat, label: str, f: Fonts) -> None:
    """The screen between two people's turns: nothing of the board shows."""
    w, h = surface.get_size()
    surface.fill(mix(BG, SEAT_COLOURS[seat], 0.08))
    draw_mark(surface, seat, (w // 2, h // 2 - f.px(110)), f.px(40), f)
    draw_text(surface, f"Pass the screen to {seat.label}'s player", (w // 2, h // 2 - f.px(50)),
              f.get(30, True), TEXT, anchor="midtop")
    draw_text(surface, "The board is hidden so nobody sees another company's private figures.",
              (w // 2, h // 2), f.get(15), MUTED, anchor="midtop")
    draw_text(surface, "Each company sees its own figures exactly and estimates of the others', so the "
              "scores differ from screen to screen.", (w // 2, h // 2 + f.px(108)), f.get(13), MUTED,
              anchor="midtop", max_width=w - f.px(40))
    draw_text(surface, f"{label}", (w // 2, h // 2 + f.px(136)), f.get(14), ACCENT, anchor="midtop")


__all__ = ["draw_handover", "draw_steps"]
