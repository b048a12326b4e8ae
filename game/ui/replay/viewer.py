"""The replay viewer scene: the board renderer over a replay, with transport controls.

The board is the play scene's renderer (``game.ui.board``) given the full
state (``viewer=None``: every figure exact). Around it: the decision just
made with its rationale, the feed, a score and leverage chart, a seek bar of
the quarters coloured by what happened, and the transport buttons. Keys are
listed in the help overlay (``?``; see ``panels.HOTKEYS``).

Seeking: ``Timeline.state_at`` rebuilds any frame from the checkpoint at the
start of its quarter, so a jump costs well under a millisecond of rules work
plus one board render (``benchmarks/seek.py``). The board is drawn into a
cached surface only when the frame or the window size changes.

Playback runs ``BASE_RATE`` decisions a second at 1x; speeds go from 0.5x to
16x. Forks: "Run from here" (F) and "Play from here" (P) open a
``fork_dialog.ForkDialog`` at the current frame.
"""

from __future__ import annotations

from pathlib import Path

import pygame
import pygame_gui

from game.replay import Frame, Timeline, file_sha256
from game.rules import FrenemiesError

from ..app import App, Scene, SceneFactory
from ..board import BoardData, BoardRenderer, layout_board
from ..look import ACCENT, BAD, BG, GOOD, MUTED, PANEL, TEXT, WARN, draw_text, mix
from ..widgets import button
from .browser import open_replay, play_from_here
from .fork_dialog import ForkDialog, ForkJob
from .panels import ChartScale, SeekBar, draw_banner, draw_chart, draw_decision, draw_help, draw_legend, hover_text

SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
BASE_RATE = 2.0   # decisions a second at 1x
NOTICE_S = 6.0



class ViewerScene(Scene):
    """Watch one replay. ``back`` builds the scene that Back/Esc returns to (default: the replay list)."""

    own_help = True      # ? shows the viewer's keys; F1 the app's rules reference

    name = "replay-viewer"

    def __init__(self, app: App, timeline: Timeline, path: Path | None = None, back: SceneFactory | None = None,
                 frame: int = 0, notice: str = "") -> None:
        super().__init__(app)
        self.tl, self.path, self.back = timeline, Path(path) if path else None, back
        self.frame = timeline.clamp(frame)
        self.playing = False
        self.speed_i = SPEEDS.index(1.0)
        self._acc = 0.0
        self.help_open = False
        self.dragging = False
        self.hover_q: int | None = None
        self.dialog: ForkDialog | None = None
        self.job: ForkJob | None = None
        self.notice, self.notice_colour, self._notice_left = notice, GOOD, NOTICE_S if notice else 0.0
        self.chart_scale = ChartScale()
        if timeline.mismatch and not notice:
            self.say(f"This replay does not re-simulate as recorded from {timeline.mismatch} "
                     "(made by another version of the rules?)", BAD)
            self._notice_left = 3 * NOTICE_S
        self._state = timeline.state_at(self.frame)
        self._state_frame = self.frame
        self._cache: pygame.Surface | None = None
        self._cache_key: tuple[int, tuple[int, int]] | None = None
        self._bar_cache: pygame.Surface | None = None
        self._bar_key: tuple | None = None
        self._bar_at = (0, 0)

    # ------------------------------------------------------------ layout and widgets
    def layout(self) -> dict[str, pygame.Rect]:
        w, h = self.app.size
        px = self.app.px
        m, top = px(8), px(44)
        seek_h, bar_h = px(34), px(34)
        bottom = h - m - bar_h - px(8) - seek_h - px(10)
        side_w = max(px(330), int(w * 0.27))
        side_x = w - side_w - m
        decision = pygame.Rect(side_x, top + m, side_w, px(196))   # the choice and most of its reason, uncut
        chart = pygame.Rect(side_x, bottom - px(196), side_w, px(196))
        feed = pygame.Rect(side_x, decision.bottom + m, side_w, chart.y - m - decision.bottom - m)
        seek = pygame.Rect(m, bottom + px(12), w - 2 * m, seek_h)
        return {"bar": pygame.Rect(0, 0, w, top), "board": pygame.Rect(m, top + m, side_x - 2 * m, bottom - top - m),
                "decision": decision, "feed": feed, "chart": chart, "seek": seek,
                "transport": pygame.Rect(m, seek.bottom + px(8), w - 2 * m, bar_h)}

    def build(self) -> None:
        lay, px = self.layout(), self.app.px
        bar, tr = lay["bar"], lay["transport"]
        y, bh = bar.y + px(6), px(32)
        x = bar.right - px(8)
        for key, text, tip, width in (("back", "Back  [Esc]", "Back to the list of replays", 110),
                                      ("help", "?", "Keys and what the colours mean  (?)", 36),
                                      ("play_here", "Play from here  [P]", "Take a seat yourself from this frame "
                                                                           "(a fork you play)", 172),
                                      ("run_here", "Run from here  [F]", "Let chosen agents play on from this frame "
                                                                         "(a fork, saved as a new replay)", 168)):
            x -= px(width)
            self.widgets[key] = button(self.manager, pygame.Rect(x, y, px(width), bh), text, tip,
                                       object_id="#primary" if key == "run_here" else None)
            x -= px(8)
        self.bar_right = x
        x, bw = tr.x, px(42)
        for key, text, tip in (("start", "|\u00ab", "Start of the game  (Home)"),
                               ("q_back", "\u00ab", "One quarter back  (Shift+Left)"),
                               ("back_1", "\u2039", "One decision back  (Left)"),
                               ("play", "Play", "Play / pause  (Space)"),
                               ("fwd_1", "\u203a", "One decision forward  (Right)"),
                               ("q_fwd", "\u00bb", "One quarter forward  (Shift+Right)"),
                               ("end", "\u00bb|", "End of the game  (End)")):
            width = px(72) if key == "play" else bw
            self.widgets[key] = button(self.manager, pygame.Rect(x, tr.y, width, tr.h), text, tip,
                                       object_id="#primary" if key == "play" else None)
            x += width + px(4)
        x += px(12)
        self.widgets["slower"] = button(self.manager, pygame.Rect(x, tr.y, bw, tr.h), "-", "Slower  (-)")
        self.speed_x = x + bw
        x += bw + px(56)
        self.widgets["faster"] = button(self.manager, pygame.Rect(x, tr.y, bw, tr.h), "+", "Faster  (+)")
        self.status_x = x + bw + px(14)
        self._refresh_buttons()
        self._cache = None
        if self.help_open:
            self.set_help(True)
        if self.dialog is not None:  # a resize rebuilt the manager: reopen the dialog
            play = self.dialog.play
            self.dialog = None
            if self.job is None:
                self.open_fork(play)

    def _refresh_buttons(self) -> None:
        if "play" in self.widgets:
            self.widgets["play"].set_text("Pause" if self.playing else "Play")

    # ------------------------------------------------------------ navigation
    @property
    def speed(self) -> float:
        return SPEEDS[self.speed_i]

    def seek(self, frame: int) -> None:
        """Jump to ``frame`` (clamped); the board redraws on the next frame."""
        frame = self.tl.clamp(frame)
        if frame != self.frame:
            self.frame = frame
            self._acc = 0.0

    def state(self):
        """The full state at the current frame (rebuilt from its quarter's checkpoint when the frame moved)."""
        if self._state_frame != self.frame:
            self._state = self.tl.state_at(self.frame)
            self._state_frame = self.frame
        return self._state

    def set_playing(self, on: bool) -> None:
        if on and self.frame >= self.tl.last_frame:
            self.seek(0)
        self.playing = on
        self._acc = 0.0
        self._refresh_buttons()

    def set_help(self, on: bool) -> None:
        """Show or hide the help overlay (the buttons hide under it, so a click cannot reach them)."""
        self.help_open = on
        for widget in self.widgets.values():
            (widget.hide if on else widget.show)()

    def change_speed(self, delta: int) -> None:
        self.speed_i = max(0, min(len(SPEEDS) - 1, self.speed_i + delta))

    def go_back(self) -> None:
        if self.job is not None:
            self.job.cancel()
        if self.back is not None:
            self.app.switch(self.back(self.app))
            return
        self.app.go("replays")

    # ------------------------------------------------------------ forks
    def open_fork(self, play: bool) -> None:
        if self.dialog is not None and self.dialog.alive:
            return
        if self.state().is_over():
            self.say("Nothing to fork here: the game is over at this frame.", WARN)
            return
        self.set_playing(False)
        frame = self.fork_frame()
        title = f"{'Play' if play else 'Run'} from {frame.text(self.tl.scenario)}"
        self.dialog = ForkDialog(self.manager, self.app.size, self.app.px, title, self.tl.agents, play)

    def fork_frame(self) -> Frame:
        q = self.tl.quarter_at(self.frame)
        return Frame(q, self.frame - self.tl.quarter_start[q])

    def start_fork(self) -> None:
        """The dialog's Run/Play button: check the request, then run a job or open the play scene."""
        dialog = self.dialog
        if dialog is None:
            return
        req = dialog.request()
        if isinstance(req, str):
            dialog.say(req)
            return
        if self.path is None:
            dialog.say("this replay has no file to name as the parent")
            return
        frame = self.fork_frame()
        try:
            sha = file_sha256(self.path)
        except OSError as exc:
            dialog.say(f"cannot read {self.path.name}: {exc.strerror}")
            return
        if dialog.play:
            try:
                play_from_here(self.app, self.tl.data, frame, req.controllers, self.path, sha, req.seed)
            except FrenemiesError as exc:
                dialog.say(str(exc))
            return
        out_dir = Path(self.app.replay_dir) if self.app.replay_dir else self.path.parent
        self.job = ForkJob(self.tl.data, frame, req.controllers, self.path, sha, req.seed, out_dir,
                           frame.text(self.tl.scenario))
        dialog.running(self.job)

    def _poll_job(self) -> None:
        job = self.job
        if job is None:
            return
        if self.dialog is not None and not job.done:
            self.dialog.say(f"playing the fork: {job.progress}")
            return
        if not job.done:
            return
        self.job = None
        if job.error or job.path is None:
            if self.dialog is not None:
                self.dialog.kill()
                self.dialog = None
            self.say(f"Fork not made: {job.error or 'unknown error'}", BAD if job.error != "cancelled" else WARN)
            return
        if self.dialog is not None:
            self.dialog.kill()
            self.dialog = None
        open_replay(self.app, job.path, back=self.back, frame=self.frame,
                    notice=f"Fork saved to {job.path.name}: watching it from {job.frame_text}")

    def say(self, text: str, colour=GOOD) -> None:
        self.notice, self.notice_colour, self._notice_left = text, colour, NOTICE_S

    # ------------------------------------------------------------ events
    def handle(self, event: pygame.event.Event) -> None:
        if self.dialog is not None:
            what = self.dialog.handle(event)
            if what == "go":
                self.start_fork()
                return
            if what == "cancel":
                if self.job is not None:
                    self.job.cancel()
                    return
                self.dialog.kill()
                self.dialog = None
                return
            if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE and self.job is None:
                self.dialog.kill()
                self.dialog = None
            elif event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) \
                    and self.job is None:
                self.start_fork()
            return  # the dialog has the keyboard and the mouse
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            self._button(event.ui_element)
            return
        if event.type == pygame.KEYDOWN:
            self._key(event)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and not self.help_open:
            if self.layout()["seek"].inflate(0, self.app.px(8)).collidepoint(event.pos):
                self.dragging = True
                self.seek(self._bar().frame_at_x(event.pos[0]))
        elif event.type == pygame.MOUSEMOTION:
            bar = self._bar()
            self.hover_q = bar.quarter_at_x(event.pos[0]) if bar.rect.inflate(0, 8).collidepoint(event.pos) else None
            if self.dragging:
                self.seek(bar.frame_at_x(event.pos[0]))
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            self.dragging = False

    def _button(self, el) -> None:
        w = self.widgets
        actions = {
            "back": self.go_back, "help": lambda: self.set_help(not self.help_open),
            "run_here": lambda: self.open_fork(False), "play_here": lambda: self.open_fork(True),
            "start": lambda: self.seek(0), "end": lambda: self.seek(self.tl.last_frame),
            "q_back": lambda: self.seek(self.tl.previous_quarter(self.frame)),
            "q_fwd": lambda: self.seek(self.tl.next_quarter(self.frame)),
            "back_1": lambda: self.seek(self.frame - 1), "fwd_1": lambda: self.seek(self.frame + 1),
            "play": lambda: self.set_playing(not self.playing),
            "slower": lambda: self.change_speed(-1), "faster": lambda: self.change_speed(1),
        }
        for key, fn in actions.items():
            if el is w.get(key):
                fn()
                return

    def _key(self, event: pygame.event.Event) -> None:
        k, shift = event.key, bool(event.mod & pygame.KMOD_SHIFT)
        if event.unicode == "?" or k in (pygame.K_F1, pygame.K_h) or (k == pygame.K_SLASH and shift):
            self.set_help(not self.help_open)
        elif k == pygame.K_ESCAPE:
            if self.help_open:
                self.set_help(False)
            else:
                self.go_back()
        elif k == pygame.K_SPACE:
            self.set_playing(not self.playing)
        elif k == pygame.K_RIGHT:
            self.seek(self.tl.next_quarter(self.frame) if shift else self.frame + 1)
        elif k == pygame.K_LEFT:
            self.seek(self.tl.previous_quarter(self.frame) if shift else self.frame - 1)
        elif k in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS) or event.unicode == "+":
            self.change_speed(1)
        elif k in (pygame.K_MINUS, pygame.K_KP_MINUS) or event.unicode == "-":
            self.change_speed(-1)
        elif k == pygame.K_HOME:
            self.seek(0)
        elif k == pygame.K_END:
            self.seek(self.tl.last_frame)
        elif k == pygame.K_f:
            self.open_fork(False)
        elif k == pygame.K_p:
            self.open_fork(True)

    def _bar(self) -> SeekBar:
        return SeekBar(self.layout()["seek"], self.tl)

    # ------------------------------------------------------------ frame
    def update(self, dt: float) -> None:
        self._poll_job()
        if self._notice_left > 0:
            self._notice_left -= dt
        if not self.playing or self.dragging:
            return
        self._acc += dt * BASE_RATE * self.speed
        steps = int(self._acc)
        if steps:
            self._acc -= steps
            self.seek(self.frame + steps)
            if self.frame >= self.tl.last_frame:
                self.set_playing(False)

    def draw(self, surface: pygame.Surface) -> None:
        f, lay = self.fonts, self.layout()
        key = (self.frame, surface.get_size())
        if self._cache is None or self._cache_key != key:
            self._cache = self.render_board(surface.get_size(), lay)
            self._cache_key = key
        surface.blit(self._cache, (0, 0))
        self._draw_seek_bar(surface, lay["seek"])
        tr = lay["transport"]
        font = f.get(13, True)
        draw_text(surface, f"{self.speed:g}x", ((self.speed_x + self.speed_x + f.px(56)) // 2, tr.centery), font,
                  TEXT, anchor="center")
        legend_left = draw_legend(surface, tr.right, tr.centery - f.get(11).get_linesize() // 2, f)
        if self.hover_q is not None:
            status, colour = hover_text(self.tl, self.hover_q), ACCENT
        else:
            step = self.tl.step_after(self.frame)
            q = self.tl.quarter_at(self.frame)
            where = self.tl.scenario.label(q)
            status = f"{where} {self.frame - self.tl.quarter_start[q]}/{self.tl.frames_in(q)}  ·  " \
                     f"frame {self.frame}/{self.tl.last_frame}" + ("" if step else "  ·  end")
            colour = MUTED
        draw_text(surface, status, (self.status_x, tr.centery), f.get(13), colour, anchor="midleft",
                  max_width=max(0, legend_left - self.status_x - f.px(10)))
        if self._notice_left > 0 and self.notice:
            w = surface.get_width()
            draw_banner(surface, pygame.Rect(w // 4, lay["board"].bottom - f.px(40), w // 2, f.px(32)), self.notice,
                        self.notice_colour, f)
        if self.help_open:
            draw_help(surface, f)

    def _draw_seek_bar(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """The seek bar: its cells are cached (they change only with the quarter or the hover)."""
        f = self.fonts
        bar = SeekBar(rect, self.tl)
        q = self.tl.quarter_at(self.frame)
        key = (tuple(rect), q, self.hover_q, f.scale)
        if self._bar_key != key or self._bar_cache is None:
            pad = f.px(8)
            area = rect.inflate(2 * pad, 2 * pad)
            self._bar_cache = pygame.Surface(area.size)
            self._bar_cache.fill(BG)
            local = SeekBar(pygame.Rect(pad, pad, rect.w, rect.h), self.tl)
            local.draw_cells(self._bar_cache, self.frame, f, self.hover_q)
            self._bar_key, self._bar_at = key, area.topleft
        surface.blit(self._bar_cache, self._bar_at)
        bar.draw_marker(surface, self.frame, f)

    def render_board(self, size: tuple[int, int], lay: dict[str, pygame.Rect]) -> pygame.Surface:
        """The board, the side panels and the title bar for the current frame (cached by ``draw``)."""
        f = self.fonts
        surf = self._cache if self._cache is not None and self._cache.get_size() == size else pygame.Surface(size)
        surf.fill(BG)
        state = self.state()
        nxt = self.tl.step_after(self.frame)
        data = BoardData(state, None, self.tl.agents_at(self.frame), self.tl.feed_at(self.frame),
                         nxt.seat if nxt else None)
        BoardRenderer(f).draw(surf, layout_board(lay["board"], lay["feed"], scale=f.scale), data)
        draw_decision(surf, lay["decision"], self.tl, self.frame, f)
        draw_chart(surf, lay["chart"], self.tl, self.frame, state, self.chart_scale, f)
        self._draw_title(surf, lay["bar"])
        return surf

    def _draw_title(self, surface: pygame.Surface, bar: pygame.Rect) -> None:
        f, tl = self.fonts, self.tl
        pygame.draw.rect(surface, mix(BG, PANEL, 0.6), bar)
        pygame.draw.line(surface, (52, 60, 72), bar.bottomleft, bar.bottomright)
        name = self.path.name if self.path else "replay"
        data = tl.data
        bits = [f"Replay  {name}", f"{tl.scenario.title}, seed {data['seed']}"]
        parent = data.get("parent")
        if parent:
            fr = parent.get("frame", {})
            at = fr.get("quarter", "?") + (f":{fr['decision']}" if fr.get("decision") else "")
            bits.append(f"fork of {parent.get('file', '?')} at {at}")
        if tl.winner():
            bits.append(f"winner {tl.winner()}")
        text = "   ·   ".join(bits)
        right = getattr(self, "bar_right", bar.right)
        draw_text(surface, text, (f.px(12), bar.centery), f.get(14, True), TEXT, anchor="midleft",
                  max_width=max(0, right - f.px(24)))

    def leave(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def on_quit(self) -> None:
        self.leave()


__all__ = ["ViewerScene", "SPEEDS", "BASE_RATE"]
