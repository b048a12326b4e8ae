"""Replays: the file format, the one reader and its visitors, the viewer's timeline, fork frames, text.

    format     the JSON file: header, quarter records, load/check, atomic writes
    recorder   the hook that records a game as it is played
    reader     the one walk over a replay's decisions; verify and states are visitors
    timeline   a replay laid out for watching (frames, checkpoints, marks, feed, chart)
    feed       decisions and log lines as the board's feed shows them
    frames     fork frames: a point in a game and the exact state there
    text       a replay printed quarter by quarter in the terminal

Nothing here plays a game (no agents, no Mesa): ``game.play`` does.
"""

from .feed import FeedBuilder, FeedLine
from .format import (FORMAT, FORMAT_VERSION, MAX_BYTES, REPLAY_DIR, ReplayError, check, dumps, fresh_path, fsync_dir, load,
                     read_regular, safe_stem,
                     reseed_points, result_dict, scenario_of, write_atomic)
from .frames import (ForkError, ForkRecorder, ForkStart, Frame, Rebuilt, check_parent, default_out, end_frame, file_sha256,
                     parse_frame, prepare, rebuild)
from .reader import (Move, Verification, Verifier, Visitor, apply_recorded, decision_records, moves, states, verify,
                     walk)
from .recorder import ReplayRecorder
from .timeline import Timeline

__all__ = [
    "FeedBuilder", "FeedLine", "FORMAT", "FORMAT_VERSION", "MAX_BYTES", "REPLAY_DIR", "ReplayError", "check", "dumps",
    "fresh_path", "fsync_dir", "load", "read_regular", "safe_stem", "reseed_points", "result_dict", "scenario_of", "write_atomic", "ForkError", "ForkStart", "end_frame",
    "Frame", "Rebuilt", "check_parent", "default_out", "file_sha256", "parse_frame", "prepare", "rebuild", "Move",
    "apply_recorded",
    "Verification", "Verifier", "Visitor", "decision_records", "moves", "states", "verify", "walk", "ForkRecorder",
    "ReplayRecorder", "Timeline",
]
