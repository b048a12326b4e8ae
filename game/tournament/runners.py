"""Runners: play scheduled games in this process, in local worker processes,
or on Ray, and hand the results back *in game-index order*.

Every runner plays the same ``play_chunk`` on the same ``GameSpec``s, so the
backend changes only the wall time, never a result. Games go out in chunks
of consecutive indices through a bounded window: at most ``window`` chunks
are in flight or waiting for an earlier chunk, so memory stays flat however
many games a tournament has, and the driver can write ``games.jsonl`` in
index order (the file is then always a prefix of the schedule, which makes
resuming trivial and files byte-identical across backends).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from itertools import islice
from typing import Any, Iterable, Iterator, Protocol

from .schedule import GameSpec, TournamentError
from .worker import Job, Played, play_chunk

BACKENDS = ("local", "ray")
MAX_CHUNK = 8


class Runner(Protocol):
    """Where games are played: ``slots`` games can run at once."""

    slots: int
    name: str

    def submit(self, job: Job, specs: list[GameSpec]) -> Any: ...
    def wait_some(self, handles: list[Any]) -> list[Any]: ...
    def result(self, handle: Any) -> list[Played]: ...
    def close(self) -> None: ...


class InlineRunner:
    """One worker: play in this process (no start-up cost, no copying)."""

    slots, name = 1, "local, 1 worker"

    def submit(self, job: Job, specs: list[GameSpec]) -> "_Done":
        return _Done(play_chunk(job, specs))

    def wait_some(self, handles: list[Any]) -> list[Any]:
        return handles

    def result(self, handle: "_Done") -> list[Played]:
        return handle.played

    def close(self) -> None:
        pass


class _Done:
    """An already finished chunk (hashable, unlike a list)."""

    __slots__ = ("played",)

    def __init__(self, played: list[Played]) -> None:
        self.played = played


def _worker_init(driver_pid: int) -> None:
    """Workers leave Ctrl-C to the driver, which stops the pool cleanly, and
    exit on their own if the driver is killed (``kill -9`` leaves no orphans)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_driver, args=(driver_pid,), daemon=True, name="driver-watch").start()


def _exit_with_driver(driver_pid: int) -> None:
    while True:
        time.sleep(1.0)
        try:
            os.kill(driver_pid, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:  # the pid now belongs to someone else: the driver is gone
            os._exit(1)


class ProcessRunner:
    """``K`` local worker processes (forkserver where available, else spawn:
    never plain fork, which would copy the driver's state and threads)."""

    def __init__(self, workers: int) -> None:
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        self.slots, self.name = workers, f"local, {workers} worker processes"
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_worker_init,
                                        initargs=(os.getpid(),))

    def submit(self, job: Job, specs: list[GameSpec]) -> Future:
        return self.pool.submit(play_chunk, job, specs)

    def wait_some(self, handles: list[Future]) -> list[Future]:
        return list(wait(handles, return_when=FIRST_COMPLETED).done)

    def result(self, handle: Future) -> list[Played]:
        return handle.result()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def ray_module() -> Any:
    """Import Ray, or explain in one line how to get it."""
    try:
        import ray
    except ImportError:
        raise TournamentError("--backend ray needs Ray: pip install 'frenemies[ray]' (or use --backend local)") from None
    return ray


class RayRunner:
    """Ray tasks: a local Ray instance with ``workers`` CPUs, or the cluster in ``RAY_ADDRESS``."""

    def __init__(self, workers: int) -> None:
        ray = self.ray = ray_module()
        self.started = False
        if not ray.is_initialized():
            quiet = {"logging_level": logging.ERROR, "log_to_driver": False}
            address = os.environ.get("RAY_ADDRESS")
            try:
                if address:
                    ray.init(address=address, **quiet)
                else:
                    ray.init(address="local", num_cpus=workers, include_dashboard=False, **quiet)
            except Exception as exc:  # a cluster that cannot be reached is bad input, not a bug
                where = f"the Ray cluster at RAY_ADDRESS={address}" if address else "a local Ray instance"
                raise TournamentError(f"cannot start {where}: {type(exc).__name__}: {exc}".splitlines()[0]) from None
            self.started = True
        cpus = int(ray.cluster_resources().get("CPU", workers)) or 1
        self.slots = max(1, cpus)
        self.name = f"ray, {cpus} CPUs" + (f" at {os.environ['RAY_ADDRESS']}" if os.environ.get("RAY_ADDRESS") else "")
        self.remote = ray.remote(num_cpus=1, max_retries=3)(play_chunk)
        self.job_ref: Any = None

    def submit(self, job: Job, specs: list[GameSpec]) -> Any:
        if self.job_ref is None:  # ship the scenario text to the object store once
            self.job_ref = self.ray.put(job)
        return self.remote.remote(self.job_ref, specs)

    def wait_some(self, handles: list[Any]) -> list[Any]:
        done, _ = self.ray.wait(handles, num_returns=1)
        return done

    def result(self, handle: Any) -> list[Played]:
        return self.ray.get(handle)

    def close(self) -> None:
        if self.started:
            self.ray.shutdown()


def make_runner(backend: str, workers: int) -> Runner:
    """The runner for ``--backend`` and ``--workers``."""
    if backend == "ray":
        return RayRunner(workers)
    if backend != "local":
        raise TournamentError(f"unknown backend {backend!r} (choose from {', '.join(BACKENDS)})")
    return InlineRunner() if workers == 1 else ProcessRunner(workers)


def chunk_size(games: int, slots: int) -> int:
    """Chunks big enough to hide per-task overhead, small enough to balance load and show progress."""
    return max(1, min(MAX_CHUNK, games // (slots * 16)))


def run_ordered(runner: Runner, job: Job, specs: Iterable[GameSpec], games: int) -> Iterator[list[Played]]:
    """Play ``specs`` on ``runner``; yield finished games in index order, chunk by chunk."""
    size = 1 if isinstance(runner, InlineRunner) else chunk_size(games, runner.slots)
    window = 1 if isinstance(runner, InlineRunner) else runner.slots * 3
    source = iter(specs)
    pending: dict[Any, int] = {}
    ready: dict[int, list[Played]] = {}
    submitted = delivered = 0
    exhausted = False
    while True:
        while not exhausted and submitted - delivered < window:
            chunk = list(islice(source, size))
            if not chunk:
                exhausted = True
                break
            pending[runner.submit(job, chunk)] = submitted
            submitted += 1
        if not pending:
            return
        for handle in runner.wait_some(list(pending)):
            ready[pending.pop(handle)] = runner.result(handle)
        while delivered in ready:
            yield ready.pop(delivered)
            delivered += 1
