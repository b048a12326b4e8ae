"""The window: one pygame display, one pygame_gui manager, one scene at a time.

``App.step()`` runs exactly one frame (events, update, draw, flip), so tests
and the frame benchmark drive the real loop frame by frame; ``App.run()``
just repeats it. A scene builds its widgets in ``build()`` from the current
window size and rebuilds them from its own state after a resize, so layouts
scale with the window (1280x720 and up; smaller sizes are clamped).
"""

from __future__ import annotations

import time
from collections import deque
from pathlib import Path
from typing import Any, Callable, Mapping

import pygame
import pygame_gui

from game.rules import SEATS

from .look import BG, MIN_SIZE, Fonts, draw_mark, load_theme, scale_for

TITLE = "Frenemies"


class Scene:
    """A screen of the game. Subclasses override the hooks they need."""

    #: shown in screenshots and tests
    name = "scene"

    def __init__(self, app: "App") -> None:
        self.app = app
        self.widgets: dict[str, pygame_gui.core.UIElement] = {}

    @property
    def manager(self) -> pygame_gui.UIManager:
        return self.app.manager

    @property
    def fonts(self) -> Fonts:
        return self.app.fonts

    def build(self) -> None:
        """Create this scene's widgets for the current window size (the manager is empty)."""

    def handle(self, event: pygame.event.Event) -> None:
        """React to one event (after pygame_gui has seen it)."""

    def update(self, dt: float) -> None:
        """Advance one frame (poll the game thread, animate)."""

    def draw(self, surface: pygame.Surface) -> None:
        """Draw everything that is not a widget (widgets are drawn on top)."""

    def leave(self) -> None:
        """The scene is being replaced."""

    def on_quit(self) -> None:
        """The window is closing (save what must be saved)."""

    def on_help(self, open_: bool) -> None:
        """The rules reference opened or closed over this scene (the play scene pauses the AIs)."""

    #: a scene that has a help of its own on ``?`` (the replay viewer) keeps the key; F1 still opens this one
    own_help = False

    def typing(self) -> bool:
        """Whether a text box has the keyboard (then shortcuts are off)."""
        return any(isinstance(w, pygame_gui.elements.UITextEntryLine) and w.is_focused for w in self.widgets.values())


#: builds a scene for an app (a ``Scene`` subclass itself, or any callable taking the app first)
SceneFactory = Callable[..., Scene]


class App:
    """The window and its loop. ``first`` builds the opening scene.

    Scenes never import each other: they move on with ``app.go(name, ...)``, which looks the name up in
    ``scenes`` (``game.ui.scenes.registry()`` fills it; ``game.ui.scenes.make_app`` builds an app with it)."""

    def __init__(self, first: SceneFactory, size: tuple[int, int] = MIN_SIZE,
                 replay_dir: Path | None = None, pace: float = 0.4, fps: int = 60,
                 session_mode: str = "process", scenes: Mapping[str, SceneFactory] | None = None) -> None:
        """``session_mode``: "process" runs each game in a child process (the default: drawing never waits on
        the GIL), "thread" in a thread of this process (tests that inspect the game's true state use it)."""
        self.scenes: dict[str, SceneFactory] = dict(scenes or {})
        pygame.display.init()
        pygame.font.init()
        pygame.key.set_repeat(350, 40)
        self.size = (max(MIN_SIZE[0], size[0]), max(MIN_SIZE[1], size[1]))
        self.window = pygame.display.set_mode(self.size, pygame.RESIZABLE)
        pygame.display.set_caption(TITLE)
        pygame.display.set_icon(_icon())
        self.replay_dir = replay_dir
        self.pace, self.fps = pace, fps
        self.session_mode = session_mode
        self.defaults = None   # a GameConfig from the command line that prefills the setup scene
        self.clock = pygame.time.Clock()
        self.fonts = Fonts(scale_for(self.size))
        self.manager = self._make_manager()
        self.running = True
        self.help_open = False        # the rules reference (F1 / ?) over the scene
        self.exit_code = 0
        self.messages: list[str] = []   # printed on the terminal when the window closes
        self.frame_times: deque[float] = deque(maxlen=100_000)
        self._last = time.perf_counter()
        self.scene: Scene = first(self)
        self.scene.build()

    @property
    def scale(self) -> float:
        return self.fonts.scale

    def px(self, design: float) -> int:
        return self.fonts.px(design)

    def _make_manager(self) -> pygame_gui.UIManager:
        manager = pygame_gui.UIManager(self.size, load_theme(self.fonts.scale), enable_live_theme_updates=False)
        # text boxes use <b>: load the bold face at their size up front (pygame_gui warns otherwise)
        manager.preload_fonts([{"name": "noto_sans", "point_size": int(round(14 * self.fonts.scale)),
                                "style": "bold", "antialiased": "1"}])
        return manager

    # ------------------------------------------------------------ scenes and window
    def make(self, name: str, *args: Any, **kwargs: Any) -> Scene:
        """Build the scene registered as ``name`` (without showing it)."""
        try:
            factory = self.scenes[name]
        except KeyError:
            raise KeyError(f"no scene named {name!r} (registered: {', '.join(sorted(self.scenes)) or 'none'})") from None
        return factory(self, *args, **kwargs)

    def go(self, name: str, *args: Any, **kwargs: Any) -> None:
        """Switch to the scene registered as ``name``: how scenes move on without importing each other."""
        self.switch(self.make(name, *args, **kwargs))

    def switch(self, scene: Scene) -> None:
        """Replace the current scene (its widgets go, the new one builds)."""
        self.set_help(False)
        self.scene.leave()
        self.manager.clear_and_reset()
        self.scene = scene
        scene.build()

    def resize(self, size: tuple[int, int]) -> None:
        """Follow a window resize: rescale fonts and theme, rebuild the scene's widgets."""
        size = (max(MIN_SIZE[0], int(size[0])), max(MIN_SIZE[1], int(size[1])))
        if size != self.window.get_size():
            self.window = pygame.display.set_mode(size, pygame.RESIZABLE)
        if size == self.size:
            return
        self.size = size
        self.fonts = Fonts(scale_for(size))
        self.manager = self._make_manager()
        self.scene.widgets = {}
        self.scene.build()

    def quit(self) -> None:
        """Close the window at the end of this frame (the scene saves what it must)."""
        if self.running:
            self.scene.on_quit()
            self.running = False

    # ------------------------------------------------------------ the loop
    def step(self) -> float:
        """Run one frame; returns its duration in seconds."""
        now = time.perf_counter()
        dt = min(0.25, now - self._last)
        self._last = now
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                self.quit()
                continue
            if event.type == pygame.VIDEORESIZE:
                self.resize((event.w, event.h))
                continue
            if self._help_key(event):
                continue
            self.manager.process_events(event)
            self.scene.handle(event)
            if not self.running:
                break
        if not self.running:
            return dt
        self.scene.update(dt)
        self.manager.update(dt)
        self.window.fill(BG)
        self.scene.draw(self.window)
        self.manager.draw_ui(self.window)
        if self.help_open:
            from .help import draw_help

            draw_help(self.window, self.fonts, self.scene.name)
        pygame.display.flip()
        if self.fps:
            self.clock.tick(self.fps)
        self.frame_times.append(dt)
        return dt

    def _help_key(self, event: pygame.event.Event) -> bool:
        """F1 or ? toggles the rules reference; while it is open it takes every key and click. True: the
        event was the help's."""
        if event.type == pygame.KEYDOWN and not self.scene.typing():
            wants = event.key == pygame.K_F1 or (event.unicode == "?" and not self.scene.own_help)
            if wants or (self.help_open and event.key == pygame.K_ESCAPE):
                self.set_help(not self.help_open)
                return True
        return self.help_open and event.type in (pygame.KEYDOWN, pygame.KEYUP, pygame.MOUSEBUTTONDOWN,
                                                 pygame.MOUSEBUTTONUP, pygame.TEXTINPUT)

    def set_help(self, open_: bool) -> None:
        if open_ != self.help_open:
            self.help_open = open_
            self.scene.on_help(open_)

    def run(self) -> int:
        """Run until the window closes; returns the exit code."""
        try:
            while self.running:
                self.step()
        except KeyboardInterrupt:  # Ctrl-C in the terminal: still save what was played
            self.quit()
            raise
        finally:
            pygame.display.quit()
        return self.exit_code

    def screenshot(self, path: Path) -> None:
        """Save what is on screen now (used by tests)."""
        pygame.image.save(self.window, str(path))


def _icon() -> pygame.Surface:
    """The window icon: the four company marks in a grid."""
    surf = pygame.Surface((64, 64), pygame.SRCALPHA)
    fonts = Fonts(1.0)
    for n, seat in enumerate(SEATS):
        draw_mark(surf, seat, (16 + 32 * (n % 2), 16 + 32 * (n // 2)), 13, fonts)
    return surf
