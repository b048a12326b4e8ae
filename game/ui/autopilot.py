"""Drive the real window from code: clicks and key presses as posted pygame events.

Tests (a scripted person who plays a whole game through the widgets) and the
frame-time benchmark use this; nothing here reaches into a scene to make a
choice for it. Works under ``SDL_VIDEODRIVER=dummy``.
"""

from __future__ import annotations

import time
from typing import Callable

import pygame
from pygame_gui.core import UIElement
from pygame_gui.elements import UIDropDownMenu, UITextEntryLine

from .app import App


class DriverTimeout(AssertionError):
    """The window did not reach the expected state in time."""


class Driver:
    """Posts input to an ``App`` and runs its frames."""

    def __init__(self, app: App, read_reports: bool = True) -> None:
        """``read_reports``: while waiting, close each quarter report as it opens (a person reads it and
        presses Space), counting them in ``reports_read``; False leaves them on screen for a test to look at."""
        self.app = app
        self.read_reports = read_reports
        self.reports_read = 0

    def frames(self, n: int = 1) -> None:
        for _ in range(n):
            self.app.step()

    def until(self, done: Callable[[], bool], timeout: float = 20.0, what: str = "condition") -> None:
        """Run frames until ``done()`` is true (raise ``DriverTimeout`` after ``timeout`` seconds)."""
        end = time.monotonic() + timeout
        while True:
            if self.read_reports and getattr(self.app.scene, "report", None) is not None:
                self.reports_read += 1          # read, and back to the game (before judging the screen)
                self.key(pygame.K_SPACE, frames=1)
                continue
            if done():
                return
            if time.monotonic() > end:
                raise DriverTimeout(f"timed out waiting for {what} (scene {self.app.scene.name})")
            if not self.app.running:
                raise DriverTimeout(f"the window closed while waiting for {what}")
            self.app.step()
            time.sleep(0.001)

    def click_at(self, pos: tuple[int, int], frames: int = 2) -> None:
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
        self.frames(frames)

    def click(self, element: UIElement, frames: int = 2) -> None:
        """Click the centre of a widget (it must be visible and enabled to react, as for a person)."""
        if not element.alive():
            raise DriverTimeout("clicked a widget that is gone")
        self.click_at(element.rect.center, frames)

    def hover(self, element: UIElement, timeout: float = 5.0) -> None:
        """Rest the mouse on a widget until its tooltip shows (disabled widgets too: they explain why)."""
        pygame.mouse.set_pos(element.rect.center)
        self.until(lambda: element.tool_tip is not None, timeout, "a tooltip")
        self.frames(1)

    def key(self, key: int, text: str = "", frames: int = 2) -> None:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=text, scancode=0))
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0, unicode=text, scancode=0))
        self.frames(frames)

    def type(self, entry: UITextEntryLine, text: str) -> None:
        """Focus a text entry, clear it and type ``text``."""
        self.click(entry)
        for _ in range(len(entry.get_text()) + 2):
            self.key(pygame.K_BACKSPACE, frames=1)
            self.key(pygame.K_DELETE, frames=1)
        for ch in text:
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
            self.frames(1)
        self.key(pygame.K_RETURN)

    def pick(self, menu: UIDropDownMenu, option: str) -> None:
        """Open a drop-down and click one of its options (nothing to do if it is already chosen)."""
        if menu.selected_option[0] == option:
            return
        self.click(menu.current_state.selected_option_button)
        self.until(lambda: getattr(menu.current_state, "options_selection_list", None) is not None,
                   5.0, "the drop-down to open")
        self.frames(2)  # let the list lay its items out before aiming at one
        items = menu.current_state.options_selection_list.item_list
        for item in items:
            if item["text"] == option:
                if item["button_element"] is None:
                    raise DriverTimeout(f"option {option!r} is scrolled out of view")
                self.click(item["button_element"], frames=2)
                self.until(lambda: not menu.alive() or menu.current_state is menu.menu_states["closed"], 5.0,
                           "the drop-down to close")   # (a scene may rebuild it on the change)
                self.frames(3)  # the change event arrives a frame or two later
                return
        raise DriverTimeout(f"no option {option!r} in {[i['text'] for i in items]}")
