"""Small pygame_gui helpers shared by the scenes.

``ReasonButton`` is a ``UIButton`` that still shows its tooltip while
disabled: an illegal choice stays on screen, greyed out, and hovering it says
why it is not allowed (pygame_gui's own buttons ignore the mouse when
disabled). Its tooltip opens above the button where there is room:
pygame_gui opens it below, where it covered the Accept and Send buttons under
the package rows and the "Replay saved to" line under the results buttons
(issue 14, finding 10).
"""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.core import UIElement
from pygame_gui.elements import UIButton, UIDropDownMenu, UILabel


class ReasonButton(UIButton):
    """A button whose tooltip also works while it is disabled (the tooltip says why)."""

    def can_hover(self) -> bool:
        return self.alive() and not self.is_selected and not self.held

    def on_hovered(self) -> None:
        if self.is_enabled:
            super().on_hovered()
        else:
            UIElement.on_hovered(self)

    tip_bottom: int | None = None    # where the tooltip's bottom goes (above a block of buttons); None: above me

    def while_hovering(self, time_delta: float, mouse_pos: tuple[float, float]) -> None:
        had = self.tool_tip
        super().while_hovering(time_delta, mouse_pos)
        tip = self.tool_tip
        if tip is not None and tip is not had:          # just opened: above the button when it fits there
            bottom = self.tip_bottom if self.tip_bottom is not None else self.rect.top
            top = bottom - tip.rect.height - TIP_GAP
            if top >= 0:
                tip.set_position((tip.rect.x, top))


TIP_GAP = 4   # pixels between a button and its tooltip


def button(manager: pygame_gui.UIManager, rect: pygame.Rect, text: str, tip: str | None = None,
           enabled: bool = True, object_id: str | None = None, selected: bool = False,
           tip_bottom: int | None = None) -> ReasonButton:
    """A button; disabled ones keep their tooltip (the reason). ``tip_bottom``: open the tooltip above that
    height (the top of the block of buttons it belongs to, so it covers none of them)."""
    b = ReasonButton(rect, text, manager, tool_tip_text=tip, object_id=object_id)
    b.tip_bottom = tip_bottom
    if not enabled:
        b.disable()
    if selected:
        b.select()
    return b


def label(manager: pygame_gui.UIManager, rect: pygame.Rect, text: str, object_id: str | None = None) -> UILabel:
    return UILabel(rect, text, manager, object_id=object_id)


def dropdown(manager: pygame_gui.UIManager, rect: pygame.Rect, options: list[str], current: str,
             limit: int | None = None) -> UIDropDownMenu:
    """A drop-down of plain strings (the caller maps text back to values)."""
    return UIDropDownMenu(options, current if current in options else options[0], rect, manager,
                          expansion_height_limit=limit)
