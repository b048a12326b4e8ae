"""Resuming a game someone left: "Save and leave", closing the window or Ctrl-C write an ``-unfinished``
replay; the title's Continue (and ``frenemies play --resume FILE``) plays it on from where it stopped.

A resumed game is a fork of the unfinished file at its last decision (``game.replay.end_frame``) with the
same seats: the same people, the same AI specs, the parent's chance seed, so the events still to come are
the ones the game would have drawn. Its replay names the unfinished file as its parent and repeats its
decisions, so it verifies on its own. No pygame here beyond the app handle."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from game.replay import REPLAY_DIR, end_frame, file_sha256, load
from game.rules import SEATS, FrenemiesError

from .config import PERSON, is_person

UNFINISHED = "-unfinished"
LEFT = re.compile(r"-unfinished(-\d+)?$")   # the name of a game left before its end (a fork of one has it inside)


class ResumeError(FrenemiesError):
    """A file that cannot be resumed (one line)."""


def saved_games_dir(app: Any) -> Path:
    """Where the app saves games (``replays/`` unless it was given another folder)."""
    return Path(app.replay_dir) if getattr(app, "replay_dir", None) else REPLAY_DIR


def newest_unfinished(directory: Path) -> Path | None:
    """The most recently saved ``*-unfinished*.json`` game in ``directory`` not yet played on, if any."""
    directory = Path(directory)
    if not directory.is_dir():
        return None
    found = [p for p in directory.glob(f"*{UNFINISHED}*.json") if p.is_file() and not p.name.startswith(".")
             and LEFT.search(p.stem) and not played_on(p)]
    return max(found, key=lambda p: (p.stat().st_mtime, p.name)) if found else None


def played_on(path: Path) -> bool:
    """Whether a game was already resumed: its continuation is a fork named after it
    (``fork-STEM-at-...``, ``game.replay.default_out``), finished or left again."""
    return any(Path(path).parent.glob(f"fork-{glob_escape(Path(path).stem)}-at-*.json"))


def glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


def resume_plan(path: Path) -> tuple[dict[str, Any], Any, tuple[str, ...]]:
    """The replay's data, the frame it stopped at and its seats' controllers (people as ``person``).

    Refuses, in one line, a file that is not a replay, a finished game, and a game with nobody at the screen
    (an all-AI game is resumed with ``frenemies fork``)."""
    path = Path(path)
    data = load(path)
    if data.get("result"):
        raise ResumeError(f"{path.name}: this game is finished; open it with 'Watch a replay' instead")
    agents = data.get("agents") or {}
    controllers = tuple(PERSON if is_person(str(agents.get(s.label, ""))) else str(agents.get(s.label, ""))
                        for s in SEATS)
    if not any(c == PERSON for c in controllers):
        raise ResumeError(f"{path.name}: nobody played this game at the screen; use 'frenemies fork' to play it on")
    if not all(controllers):
        raise ResumeError(f"{path.name}: the replay does not say who played every seat")
    return data, end_frame(data), controllers


def resume_scene(app: Any, path: Path) -> Any:
    """The play scene of the game saved in ``path``, where it stopped, built but not shown (``ResumeError``
    or another one-line ``FrenemiesError`` if it cannot be)."""
    from .replay.browser import play_scene_from

    data, frame, controllers = resume_plan(path)
    return play_scene_from(app, data, frame, controllers, Path(path), file_sha256(path))


def resume(app: Any, path: Path) -> None:
    """Switch the window to the game saved in ``path``, where it stopped."""
    app.switch(resume_scene(app, path))


__all__ = ["ResumeError", "UNFINISHED", "newest_unfinished", "resume", "resume_plan", "resume_scene", "saved_games_dir"]
