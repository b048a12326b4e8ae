"""Watching replays: the entry points the title scene and the command line use.

- ``ReplayScene(app)``: the list of replays in the replays folder, newest
  first, with date, scenario, agents and winner. Opening a file that cannot be
  read (missing, corrupt, truncated, too large, another format version, or
  decisions that do not re-simulate) shows a dialog with the one-line reason
  and stays on the list. Back returns to the title scene.
- ``open_replay(app, path, back=None, frame=0)``: load a file and switch to the
  viewer (the ``"viewer"`` scene); on failure, the list with the dialog.
- ``play_from_here(app, data, frame, controllers, path, sha)``: a fork in which
  people take seats, played in the play scene.

The folder is ``app.replay_dir`` (the repository's ``replays/`` by default).
``game.ui.run_viewer`` opens a window on one file (``frenemies replay FILE``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

import pygame
import pygame_gui
from pygame_gui.windows import UIMessageWindow

from game.replay import REPLAY_DIR, ReplayError, Timeline, load, prepare
from game.rules import FrenemiesError, Seat

from ..app import App, Scene, SceneFactory
from ..config import GameConfig
from ..look import ACCENT, BAD, FAINT, MUTED, PANEL, PANEL_DARK, SEAT_COLOURS, TEXT, draw_mark, draw_text, mix, panel
from ..play_scene import session_class
from ..widgets import button
from .files import ReplayInfo, scan


def replay_dir(app: App) -> Path:
    return Path(app.replay_dir) if getattr(app, "replay_dir", None) else REPLAY_DIR


def load_timeline(path: Path) -> Timeline:
    """Load and re-simulate a replay file; ``ReplayError`` (one line) on any problem."""
    try:
        return Timeline(load(path), str(path))
    except FrenemiesError as exc:
        raise ReplayError(str(exc)) from None
    except Exception as exc:  # a replay that breaks the viewer is still just a bad file to the person
        raise ReplayError(f"{Path(path).name}: cannot be shown ({type(exc).__name__}: {exc})") from None


def open_replay(app: App, path: Path, back: SceneFactory | None = None, frame: int = 0, notice: str = "") -> bool:
    """Switch to the viewer on ``path``; on failure switch to the list with a dialog. Returns success."""
    try:
        tl = load_timeline(Path(path))
    except ReplayError as exc:
        app.switch(ReplayScene(app, error=str(exc)))
        return False
    app.go("viewer", tl, Path(path), back=back, frame=frame, notice=notice)
    return True


def play_from_here(app: App, data: dict[str, Any], frame: Any, controllers: Sequence[str], path: Path, sha: str,
                   seed: int | None = None) -> None:
    """Start the play scene from ``frame`` of a replay, people in the ``person`` seats.

    The session is the kind a new game gets (by default the game in a child process, so the AIs never stall
    drawing); it saves under the fork naming scheme. Raises a one-line ``FrenemiesError`` if the frame
    cannot be forked."""
    app.switch(play_scene_from(app, data, frame, controllers, path, sha, seed))


def play_scene_from(app: App, data: dict[str, Any], frame: Any, controllers: Sequence[str], path: Path, sha: str,
                    seed: int | None = None) -> Scene:
    """The play scene ``play_from_here`` shows, built but not shown (a window can open on it)."""
    start = prepare(data, frame, list(controllers), path.name, sha, seed, str(path))
    config = GameConfig(str(data.get("scenario", "")), start.model_seed, tuple(controllers))
    session = session_class(app)(config, replay_dir(app), pace=app.pace, start=start)
    return app.make("play", config, session=session)


class ReplayScene(Scene):
    """The list of saved replays (newest first). Enter or double-click opens one in the viewer."""

    name = "replays"

    def __init__(self, app: App, directory: Path | None = None, error: str = "",
                 back: SceneFactory | None = None) -> None:
        super().__init__(app)
        self.directory = Path(directory) if directory else replay_dir(app)
        self.back = back
        self.entries: list[ReplayInfo] = scan(self.directory)
        self.selected = 0
        self.top = 0
        self.error = error
        self.dialog: UIMessageWindow | None = None
        self._last_click = (-1, 0)

    # ------------------------------------------------------------ layout
    def list_rect(self) -> pygame.Rect:
        w, h = self.app.size
        px = self.app.px
        return pygame.Rect(px(24), px(84), w - px(48), h - px(84) - px(72))

    def row_h(self) -> int:
        return self.app.px(52)

    def visible_rows(self) -> int:
        return max(1, (self.list_rect().h - self.app.px(40)) // self.row_h())

    def build(self) -> None:
        w, h = self.app.size
        px = self.app.px
        y = h - px(56)
        self.widgets["open"] = button(self.manager, pygame.Rect(w - px(24) - px(160), y, px(160), px(40)),
                                      "Open  [Enter]", "Watch the selected replay", enabled=bool(self.entries),
                                      object_id="#primary")
        self.widgets["refresh"] = button(self.manager, pygame.Rect(w - px(24) - px(330), y, px(160), px(40)),
                                         "Refresh  [F5]", "Read the folder again")
        self.widgets["back"] = button(self.manager, pygame.Rect(px(24), y, px(140), px(40)), "Back  [Esc]",
                                      "Back to the title screen")
        if self.error:
            self.show_error(self.error)

    def show_error(self, message: str) -> None:
        """A dialog with the one-line reason; closing it leaves the list as it was."""
        self.error = message
        if self.dialog is not None and self.dialog.alive():
            self.dialog.kill()
        w, h = self.app.size
        px = self.app.px
        rect = pygame.Rect((w - px(520)) // 2, (h - px(240)) // 2, px(520), px(240))
        text = message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        self.dialog = UIMessageWindow(rect, f"<b>This replay cannot be opened.</b><br><br>{text}", self.manager,
                                      window_title="Cannot open replay", always_on_top=True)

    def close_dialog(self) -> None:
        if self.dialog is not None and self.dialog.alive():
            self.dialog.kill()
        self.dialog, self.error = None, ""

    # ------------------------------------------------------------ actions
    def refresh(self) -> None:
        self.entries = scan(self.directory)
        self.selected = min(self.selected, max(0, len(self.entries) - 1))
        if "open" in self.widgets:
            (self.widgets["open"].enable if self.entries else self.widgets["open"].disable)()

    def open_selected(self) -> None:
        if not self.entries:
            return
        info = self.entries[self.selected]
        if info.error:
            self.show_error(info.error)
            return
        try:
            tl = load_timeline(info.path)
        except ReplayError as exc:  # e.g. gone since the list was read, or decisions that do not re-simulate
            self.show_error(str(exc).replace(str(info.path), info.name))
            return
        directory, back = self.directory, self.back
        self.app.go("viewer", tl, info.path, back=lambda app: ReplayScene(app, directory, back=back))

    def go_back(self) -> None:
        if self.back is not None:
            self.app.switch(self.back(self.app))
            return
        self.app.go("title")

    def select(self, index: int) -> None:
        if not self.entries:
            return
        self.selected = max(0, min(len(self.entries) - 1, index))
        rows = self.visible_rows()
        if self.selected < self.top:
            self.top = self.selected
        elif self.selected >= self.top + rows:
            self.top = self.selected - rows + 1

    def row_at(self, pos: tuple[int, int]) -> int | None:
        rect = self.list_rect()
        body_y = rect.y + self.app.px(36)
        if not rect.collidepoint(pos) or pos[1] < body_y:
            return None
        i = self.top + (pos[1] - body_y) // self.row_h()
        return i if i < len(self.entries) else None

    # ------------------------------------------------------------ events
    def handle(self, event: pygame.event.Event) -> None:
        if self.dialog is not None:
            if (event.type == pygame_gui.UI_WINDOW_CLOSE and event.ui_element is self.dialog) or \
                    (event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_SPACE)):
                self.close_dialog()
            elif not self.dialog.alive():
                self.close_dialog()
            return
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            el = event.ui_element
            if el is self.widgets.get("open"):
                self.open_selected()
            elif el is self.widgets.get("refresh"):
                self.refresh()
            elif el is self.widgets.get("back"):
                self.go_back()
        elif event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.go_back()
            elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.open_selected()
            elif event.key == pygame.K_DOWN:
                self.select(self.selected + 1)
            elif event.key == pygame.K_UP:
                self.select(self.selected - 1)
            elif event.key == pygame.K_PAGEDOWN:
                self.select(self.selected + self.visible_rows())
            elif event.key == pygame.K_PAGEUP:
                self.select(self.selected - self.visible_rows())
            elif event.key == pygame.K_F5:
                self.refresh()
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            i = self.row_at(event.pos)
            if i is not None:
                now = pygame.time.get_ticks()
                double = self._last_click[0] == i and now - self._last_click[1] < 450
                self.select(i)
                self._last_click = (i, now)
                if double:
                    self.open_selected()
        elif event.type == pygame.MOUSEWHEEL:
            most = max(0, len(self.entries) - self.visible_rows())
            self.top = max(0, min(most, self.top - event.y))

    def update(self, dt: float) -> None:
        if self.dialog is not None and not self.dialog.alive():
            self.close_dialog()

    # ------------------------------------------------------------ drawing
    def draw(self, surface: pygame.Surface) -> None:
        f, px = self.fonts, self.app.px
        draw_text(surface, "Watch a replay", (px(24), px(20)), f.get(24, True), TEXT)
        draw_text(surface, f"{self.directory}   ·   newest first   ·   Enter or double-click to watch",
                  (px(24), px(54)), f.get(13), MUTED, max_width=surface.get_width() - px(48))
        rect = self.list_rect()
        inner = panel(surface, rect, None, f, fill=PANEL_DARK)
        cols = self.columns(inner)
        head = f.get(12, True)
        for name, x in cols:
            draw_text(surface, name.upper(), (x, inner.y), head, FAINT)
        y0 = rect.y + px(36)
        if not self.entries:
            draw_text(surface, "No replays here yet. Play a game, or run 'make samples' / "
                               "'python replays/make_samples.py'.", (inner.x, y0 + px(8)), f.get(14), MUTED,
                      max_width=inner.w)
        for row, info in enumerate(self.entries[self.top:self.top + self.visible_rows()]):
            index = self.top + row
            r = pygame.Rect(rect.x + px(4), y0 + row * self.row_h(), rect.w - px(8), self.row_h() - px(4))
            self.draw_row(surface, r, info, cols, index == self.selected)
        if len(self.entries) > self.visible_rows():
            draw_text(surface, f"{self.top + 1}-{min(len(self.entries), self.top + self.visible_rows())} of "
                               f"{len(self.entries)} (scroll or Page Up/Down)", (inner.right, rect.bottom + px(4)),
                      f.get(12), MUTED, anchor="topright")

    def columns(self, inner: pygame.Rect) -> list[tuple[str, int]]:
        w = inner.w
        return [("Replay", inner.x), ("Date", inner.x + int(w * 0.34)), ("Game", inner.x + int(w * 0.47)),
                ("Agents", inner.x + int(w * 0.62)), ("Winner", inner.x + int(w * 0.86))]

    def draw_row(self, surface: pygame.Surface, r: pygame.Rect, info: ReplayInfo, cols: list[tuple[str, int]],
                 selected: bool) -> None:
        f, px = self.fonts, self.app.px
        fill = mix(PANEL, ACCENT, 0.22) if selected else PANEL
        pygame.draw.rect(surface, fill, r, border_radius=px(5))
        if selected:
            pygame.draw.rect(surface, ACCENT, r, width=1, border_radius=px(5))
        big, small = f.get(14, True), f.get(12)
        top, low = r.y + px(5), r.y + px(5) + big.get_linesize()
        xs = [x for _, x in cols] + [r.right - px(8)]
        widths = [xs[i + 1] - xs[i] - px(10) for i in range(len(cols))]
        draw_text(surface, info.name, (xs[0], top), big, TEXT if not info.error else BAD, max_width=widths[0])
        sub = info.error or (f"fork of {info.parent}" if info.parent else "")
        draw_text(surface, sub, (xs[0], low), small, BAD if info.error else MUTED,
                  max_width=(r.right - xs[0] - px(10)) if info.error else widths[0])
        draw_text(surface, info.date() if info.mtime else "", (xs[1], top), f.get(13), MUTED, max_width=widths[1])
        if info.error:
            return
        draw_text(surface, info.scenario, (xs[2], top), f.get(13), TEXT, max_width=widths[2])
        draw_text(surface, info.progress_text(), (xs[2], low), small, MUTED, max_width=widths[2])
        draw_text(surface, info.agents_text(), (xs[3], top), f.get(13), TEXT, max_width=widths[3])
        if info.winner:
            try:
                seat = Seat.parse(info.winner)
            except ValueError:
                seat = None
            x = xs[4]
            if seat is not None:
                rad = px(9)
                draw_mark(surface, seat, (x + rad, top + big.get_linesize() // 2), rad, f)
                x += 2 * rad + px(6)
            draw_text(surface, info.winner, (x, top), big, SEAT_COLOURS.get(seat, TEXT) if seat is not None else TEXT,
                      max_width=widths[4])
        else:
            draw_text(surface, "no result", (xs[4], top), f.get(13), FAINT, max_width=widths[4])


__all__ = ["ReplayScene", "open_replay", "play_from_here", "load_timeline"]
