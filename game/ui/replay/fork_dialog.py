"""Forks from the replay viewer: the dialog, and the worker that plays a fork.

"Run from here" and "Play from here" open the same ``ForkDialog`` at the
viewer's current frame: one drop-down per seat (any registered agent at any
level; in play mode also ``person``) and an optional seed. A run is played by
a ``ForkJob`` in a worker thread (``game.play.run_fork``, the same code as
``frenemies fork``), so the window keeps drawing and can cancel it; the
finished fork is written atomically to the replays folder and the viewer
opens it at the fork frame. Play mode hands a ``game.replay.ForkStart`` to the
play scene instead (see ``game.ui.replay.browser``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIDropDownMenu, UILabel, UITextEntryLine, UIWindow

from agents import builtin_agents
from game.play import run_fork
from game.replay import Frame, default_out, write_atomic
from game.rules import SEATS, FrenemiesError

from ..config import PERSON, levels_of


class ForkCancelled(Exception):
    """Raised from the fork's hook to stop the worker (the window asked)."""


def agent_options(with_person: bool) -> list[str]:
    """Every registered agent, at each of its levels; ``person`` first when a person may sit."""
    out = [PERSON] if with_person else []
    for code in builtin_agents():
        out += [code] + [f"{code}@{lv}" for lv in levels_of(code)]
    return out


class ForkJob:
    """Plays a fork in a worker thread; the window polls ``done``, ``progress``, ``error`` and ``path``."""

    def __init__(self, data: dict[str, Any], frame: Frame, agents: Sequence[str], parent: Path, parent_sha: str,
                 seed: int | None, out_dir: Path, frame_text: str) -> None:
        self.data, self.frame, self.agents = data, frame, list(agents)
        self.parent, self.parent_sha, self.seed = Path(parent), parent_sha, seed
        self.out_dir, self.frame_text = Path(out_dir), frame_text
        self.progress = "starting"
        self.done = False
        self.error = ""
        self.path: Path | None = None
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, name="frenemies-fork", daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> bool:
        self._thread.join(timeout)
        return self.done

    # hooks called by the model in the worker thread
    def on_decision(self, model: Any, *args: Any) -> None:
        if self._cancel.is_set():
            raise ForkCancelled()

    def on_quarter(self, model: Any, label: str, state: Any) -> None:
        self.progress = f"played {label}"

    def _run(self) -> None:
        try:
            result = run_fork(self.data, self.frame, self.agents, self.parent.name, self.parent_sha, self.seed,
                              hooks=[self], where=str(self.parent))
            path = default_out(self.parent, self.frame_text, self.out_dir)
            write_atomic(path, result.text())
            self.path = path
            self.progress = "saved"
        except ForkCancelled:
            self.error = "cancelled"
        except FrenemiesError as exc:
            self.error = str(exc)
        except OSError as exc:
            self.error = f"could not save the fork: {exc.strerror or exc}"
        except Exception as exc:  # a bug in an agent or the game: report it in the window
            self.error = f"the fork stopped: {type(exc).__name__}: {exc}"
        finally:
            self.done = True


@dataclass
class ForkRequest:
    """What the dialog asks for: the seat controllers (agent specs or ``person``) and an optional seed."""

    controllers: tuple[str, ...]
    seed: int | None


class ForkDialog:
    """A pygame_gui window: four drop-downs, a seed box, Run/Play and Cancel."""

    def __init__(self, manager: pygame_gui.UIManager, size: tuple[int, int], px: Any, title: str,
                 current: Sequence[str], play: bool) -> None:
        self.play, self.manager = play, manager
        self.options = agent_options(with_person=play)
        w, h = px(470), px(352)  # rows below plus the title bar
        self.window = UIWindow(pygame.Rect((size[0] - w) // 2, (size[1] - h) // 2, w, h), manager,
                               window_display_title=title, draggable=True, always_on_top=True)
        cw = self.window.get_container().get_size()[0]
        pad, row, lab_w = px(14), px(40), px(110)
        y = px(10)
        hint = "Who plays on from this frame:" if not play else "Take a seat (person) and pick the others:"
        UILabel(pygame.Rect(pad, y, cw - 2 * pad, px(26)), hint, manager, container=self.window,
                object_id="#muted")
        y += px(32)
        self.drops: list[UIDropDownMenu] = []
        for n, seat in enumerate(SEATS):
            UILabel(pygame.Rect(pad, y, lab_w, px(32)), seat.label, manager, container=self.window)
            start = PERSON if play and n == _first_person_seat(current) else current[n]
            if start not in self.options:  # a plug-in agent: offer it too
                self.options.append(start)
            dd = UIDropDownMenu(self.options, start, pygame.Rect(pad + lab_w, y, cw - 2 * pad - lab_w, px(32)),
                                manager, container=self.window, expansion_height_limit=px(220))
            self.drops.append(dd)
            y += row
        UILabel(pygame.Rect(pad, y, lab_w, px(32)), "Seed", manager, container=self.window)
        self.seed_box = UITextEntryLine(pygame.Rect(pad + lab_w, y, cw - 2 * pad - lab_w, px(32)), manager,
                                        container=self.window, placeholder_text="keep the game's chance")
        self.seed_box.set_allowed_characters("numbers")
        y += row
        self.message = UILabel(pygame.Rect(pad, y, cw - 2 * pad, px(28)), "", manager, container=self.window,
                               object_id="#muted")
        y += px(34)
        bw = (cw - 3 * pad) // 2
        self.go = UIButton(pygame.Rect(pad, y, bw, px(38)), "Play from here" if play else "Run from here",
                           manager, container=self.window, object_id="#primary")
        self.cancel = UIButton(pygame.Rect(2 * pad + bw, y, bw, px(38)), "Cancel", manager, container=self.window)
        self.say("Your game is saved to the replays folder." if play else
                 "Saved as a new replay, then opened here.")
        self.job: ForkJob | None = None

    @property
    def alive(self) -> bool:
        return self.window.alive()

    def kill(self) -> None:
        if self.window.alive():
            self.window.kill()

    def say(self, text: str) -> None:
        self.message.set_text(text)

    def select(self, seat: int, option: str) -> None:
        """Choose ``option`` for ``seat`` (tests and keyboard use; same as picking it in the drop-down)."""
        dd = self.drops[seat]
        rect, container = dd.relative_rect, dd.ui_container
        dd.kill()
        self.drops[seat] = UIDropDownMenu(self.options, option, rect, self.manager, container=container,
                                          expansion_height_limit=dd.expansion_height_limit)

    def request(self) -> ForkRequest | str:
        """The request, or a one-line reason it cannot be run."""
        ctl = tuple(_selected(dd) for dd in self.drops)
        text = self.seed_box.get_text().strip()
        seed = None
        if text:
            try:
                seed = int(text)
            except ValueError:
                return f"seed must be a whole number, got {text!r}"
            if not 0 <= seed < 2**63:
                return "seed must be a non-negative integer below 2**63"
        if self.play and PERSON not in ctl:
            return "choose 'person' for at least one seat to play from here"
        return ForkRequest(ctl, seed)

    def running(self, job: ForkJob) -> None:
        """Switch to the running look: inputs off, Cancel stops the job."""
        self.job = job
        for dd in self.drops:
            dd.disable()
        self.seed_box.disable()
        self.go.disable()
        self.say("playing the fork ...")

    def handle(self, event: pygame.event.Event) -> str | None:
        """``"go"``, ``"cancel"`` or None for a pygame_gui event aimed at this dialog."""
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.go:
                return "go"
            if event.ui_element is self.cancel:
                return "cancel"
        if event.type == pygame_gui.UI_WINDOW_CLOSE and event.ui_element is self.window:
            return "cancel"
        return None


def _selected(dd: UIDropDownMenu) -> str:
    opt = dd.selected_option
    return opt[0] if isinstance(opt, tuple) else str(opt)


def _first_person_seat(current: Sequence[str]) -> int:
    """The seat a person takes by default: OpenAI (the game's usual seat)."""
    return 1 if len(current) > 1 else 0
