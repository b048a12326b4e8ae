"""Worker pools for the long benchmark runs that stop with the run.

A run stopped with ``kill`` (SIGTERM: a job scheduler, a helper's time limit, ``pkill``) used to leave its pool's
workers behind: Python ends on SIGTERM without unwinding, so ``with Pool(...)`` never reached ``terminate()``,
and the orphans went on playing their games at full CPU for as long as the game took (seen: three workers of
a killed strength run still at 66% CPU each an hour later, under the next run's timings). Here SIGTERM is
turned into ``SystemExit`` while the pool is open, so the pool's ``with`` block ends it like Ctrl-C does.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from multiprocessing import Pool
from typing import Any, Iterator


def _stop(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


@contextmanager
def stopping_pool(workers: int) -> Iterator[Any]:
    """``multiprocessing.Pool(workers)`` whose workers are terminated however the run ends, SIGTERM included
    (the handler is installed only in the main thread, where Python allows it, and put back after)."""
    main = threading.current_thread() is threading.main_thread()
    before = signal.signal(signal.SIGTERM, _stop) if main else None
    try:
        with Pool(workers) as pool:
            yield pool
    finally:
        if main:
            signal.signal(signal.SIGTERM, before if before is not None else signal.SIG_DFL)

