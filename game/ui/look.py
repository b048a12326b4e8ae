"""The game's look: colours, fonts, company marks and small drawing helpers.

Everything that decides how Frenemies looks lives here, so the board, the
scenes and the replay viewer agree. Companies are drawn by the game itself (a
colour, a plain shape and a two-letter monogram), never with a trademarked
logo. Sizes are given for a 1280x720 window and multiplied by ``scale`` (see
``scale_for``) so the layout grows with the window.
"""

from __future__ import annotations

import copy
import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

import pygame

from game.rules import Seat

ASSETS = Path(__file__).resolve().parents[2] / "assets"
FONT_REGULAR = ASSETS / "fonts" / "NotoSans-Regular.ttf"
FONT_BOLD = ASSETS / "fonts" / "NotoSans-Bold.ttf"
THEME_PATH = ASSETS / "theme.json"
MIN_SIZE = (1280, 720)

Colour = tuple[int, int, int]

BG: Colour = (18, 21, 26)
PANEL: Colour = (29, 34, 42)
PANEL_DARK: Colour = (23, 27, 33)
BORDER: Colour = (52, 60, 72)
TEXT: Colour = (230, 233, 238)
MUTED: Colour = (146, 156, 170)
FAINT: Colour = (92, 101, 114)
GOOD: Colour = (92, 190, 120)
WARN: Colour = (240, 180, 70)
BAD: Colour = (228, 92, 80)
ACCENT: Colour = (111, 168, 220)

SEAT_COLOURS: dict[Seat, Colour] = {
    Seat.MICROSOFT: (64, 142, 222),
    Seat.OPENAI: (47, 191, 154),
    Seat.SOFTBANK: (242, 193, 78),
    Seat.ORACLE: (228, 87, 46),
}
MONOGRAMS: dict[Seat, str] = {Seat.MICROSOFT: "MS", Seat.OPENAI: "OA", Seat.SOFTBANK: "SB", Seat.ORACLE: "OR"}
#: one plain shape per company, so colour-blind players can tell them apart too
SHAPES: dict[Seat, str] = {Seat.MICROSOFT: "square", Seat.OPENAI: "circle", Seat.SOFTBANK: "hexagon",
                           Seat.ORACLE: "diamond"}


def scale_for(size: Sequence[int]) -> float:
    """How much bigger than the 1280x720 design the window is (1.0 at the minimum size)."""
    return max(1.0, min(size[0] / MIN_SIZE[0], size[1] / MIN_SIZE[1]))


def mix(a: Colour, b: Colour, t: float) -> Colour:
    """Blend two colours (t=0 gives a, t=1 gives b)."""
    t = min(1.0, max(0.0, t))
    return (int(a[0] + (b[0] - a[0]) * t), int(a[1] + (b[1] - a[1]) * t), int(a[2] + (b[2] - a[2]) * t))


def trust_colour(t: float) -> Colour:
    """Red for distrust, amber in the middle, green for trust."""
    return mix(BAD, WARN, t / 0.5) if t < 0.5 else mix(WARN, GOOD, (t - 0.5) / 0.5)


class Fonts:
    """The shipped font at any size, cached. Sizes are design sizes (720p) times the scale."""

    def __init__(self, scale: float = 1.0) -> None:
        self.scale = scale
        self._cache: dict[tuple[int, bool], pygame.font.Font] = {}

    def px(self, design: float) -> int:
        """A design length in pixels at this scale."""
        return max(1, int(round(design * self.scale)))

    def get(self, size: float, bold: bool = False) -> pygame.font.Font:
        key = (self.px(size), bold)
        font = self._cache.get(key)
        if font is None:
            font = pygame.font.Font(str(FONT_BOLD if bold else FONT_REGULAR), key[0])
            self._cache[key] = font
        return font


def fit(text: str, font: pygame.font.Font, width: int) -> str:
    """``text`` cut with an ellipsis so it renders within ``width`` pixels."""
    if width <= 0:
        return ""
    if font.size(text)[0] <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if font.size(text[:mid] + "…")[0] <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"


def wrap(text: str, font: pygame.font.Font, width: int) -> list[str]:
    """Greedy word wrap to ``width`` pixels (a word longer than a line is cut)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if font.size(trial)[0] <= width:
            line = trial
            continue
        if line:
            lines.append(line)
        line = fit(word, font, width)
    if line:
        lines.append(line)
    return lines or [""]


def draw_text(surface: pygame.Surface, text: str, pos: tuple[int, int], font: pygame.font.Font,
              colour: Colour = TEXT, anchor: str = "topleft", max_width: int | None = None) -> pygame.Rect:
    """Render one line of text at ``pos`` (an anchor of its rect); returns the drawn rect."""
    if max_width is not None:
        text = fit(text, font, max_width)
    image = font.render(text, True, colour)
    rect = image.get_rect(**{anchor: pos})
    surface.blit(image, rect)
    return rect


def panel(surface: pygame.Surface, rect: pygame.Rect, title: str | None, fonts: Fonts,
          fill: Colour = PANEL, border: Colour = BORDER) -> pygame.Rect:
    """A rounded panel with an optional title; returns the content rect inside it."""
    radius = fonts.px(6)
    pygame.draw.rect(surface, fill, rect, border_radius=radius)
    pygame.draw.rect(surface, border, rect, width=1, border_radius=radius)
    pad = fonts.px(8)
    inner = rect.inflate(-2 * pad, -2 * pad)
    if title:
        font = fonts.get(12, bold=True)
        draw_text(surface, title.upper(), (inner.x, inner.y), font, MUTED, max_width=inner.w)
        head = font.get_linesize() + fonts.px(3)
        inner = pygame.Rect(inner.x, inner.y + head, inner.w, max(0, inner.h - head))
    return inner


def _polygon(center: tuple[float, float], radius: float, sides: int, turn: float) -> list[tuple[float, float]]:
    cx, cy = center
    return [(cx + radius * math.cos(turn + 2 * math.pi * k / sides), cy + radius * math.sin(turn + 2 * math.pi * k / sides))
            for k in range(sides)]


def draw_mark(surface: pygame.Surface, seat: Seat, center: tuple[int, int], radius: int, fonts: Fonts,
              dim: bool = False) -> None:
    """The company's mark: its shape in its colour with its monogram on top."""
    colour = SEAT_COLOURS[seat]
    if dim:
        colour = mix(colour, PANEL, 0.55)
    shape = SHAPES[seat]
    cx, cy = center
    if shape == "circle":
        pygame.draw.circle(surface, colour, center, radius)
    elif shape == "square":
        side = int(radius * 1.8)
        pygame.draw.rect(surface, colour, pygame.Rect(cx - side // 2, cy - side // 2, side, side),
                         border_radius=max(2, radius // 4))
    elif shape == "hexagon":
        pygame.draw.polygon(surface, colour, _polygon(center, radius * 1.08, 6, math.pi / 6))
    else:
        pygame.draw.polygon(surface, colour, _polygon(center, radius * 1.14, 4, 0.0))
    font = _mono_font(max(6, int(radius * 0.86)))
    ink = (20, 22, 26) if seat in (Seat.SOFTBANK, Seat.OPENAI) else (255, 255, 255)
    draw_text(surface, MONOGRAMS[seat], (cx, cy + 1), font, ink, anchor="center")


@lru_cache(maxsize=64)
def _mono_font(px: int) -> pygame.font.Font:
    return pygame.font.Font(str(FONT_BOLD), px)


def pill(surface: pygame.Surface, text: str, pos: tuple[int, int], font: pygame.font.Font, colour: Colour,
         anchor: str = "topleft") -> pygame.Rect:
    """A small coloured status tag (e.g. ON / OFF, DECLARED)."""
    w, h = font.size(text)
    pad = max(3, h // 4)
    rect = pygame.Rect(0, 0, w + 2 * pad, h + 2)
    setattr(rect, anchor, pos)
    pygame.draw.rect(surface, mix(colour, PANEL, 0.65), rect, border_radius=h // 2)
    pygame.draw.rect(surface, colour, rect, width=1, border_radius=h // 2)
    draw_text(surface, text, rect.center, font, mix(colour, (255, 255, 255), 0.45), anchor="center")
    return rect


def load_theme(scale: float) -> dict[str, Any]:
    """The pygame_gui theme (``assets/theme.json``) with font paths made absolute and sizes scaled."""
    theme = copy.deepcopy(_raw_theme())
    for block in theme.values():
        font = block.get("font") if isinstance(block, dict) else None
        if not font:
            continue
        for key in ("regular_path", "bold_path"):
            if key in font:
                font[key] = str(ASSETS / font[key])
        if "size" in font:
            font["size"] = str(max(8, int(round(float(font["size"]) * scale))))
    tip = theme.get("tool_tip", {}).get("misc", {})
    if "rect_width" in tip:
        tip["rect_width"] = str(int(float(tip["rect_width"]) * scale))
    return theme


@lru_cache(maxsize=1)
def _raw_theme() -> dict[str, Any]:
    return json.loads(THEME_PATH.read_text(encoding="utf-8"))
