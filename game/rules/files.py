"""Reading a file someone handed us (a scenario, a replay, a tournament's records) without trusting it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import FrenemiesError


def read_regular(path: str | Path, limit: int, what: str = "file",
                 error: type[FrenemiesError] = FrenemiesError) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes, else a one-line ``error``.

    A FIFO, a device (a symlink to ``/dev/zero``), a socket or a directory is refused before anything is read:
    the file is opened non-blocking (so opening a FIFO cannot hang), checked with ``fstat`` on the open
    descriptor (so it cannot be swapped after the check), and read up to ``limit + 1`` bytes at most."""
    p = Path(path)
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise error(f"{p}: no such {what}") from None
    except IsADirectoryError:
        raise error(f"{p}: is a directory, not a {what}") from None
    except OSError as exc:
        raise error(f"{p}: cannot read ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        mode = info.st_mode
        if stat.S_ISDIR(mode):
            raise error(f"{p}: is a directory, not a {what}")
        if not stat.S_ISREG(mode):
            raise error(f"{p}: not a regular file (a pipe, device or socket), not a {what}")
        if info.st_size > limit:
            raise error(f"{p}: {info.st_size} bytes is larger than the {limit // (1024 * 1024)} MiB {what} limit")
        chunks, size = [], 0
        while size <= limit:  # it may grow while we read
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise error(f"{p}: larger than the {limit // (1024 * 1024)} MiB {what} limit")
        return b"".join(chunks)
    except OSError as exc:
        raise error(f"{p}: cannot read ({exc.strerror})") from None
    finally:
        os.close(fd)
