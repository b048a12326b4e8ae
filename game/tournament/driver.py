"""Running a tournament: validate, resume, play the missing games, summarise.

The pieces of ``game.tournament``, one module each:

- ``schedule``: game ``i``'s seed and seating (a pure function of the
  settings, so any worker can play any game);
- ``worker``: the worker side (plays games, returns JSON records);
- ``runners``: in-process, local processes, Ray; results come back in
  game-index order through a bounded window;
- ``store``: the output directory (manifest, fsync'd games log with
  torn-line recovery, replays, atomic writes);
- ``stats`` / ``report`` / ``plots``: streaming statistics, summary.json,
  results.csv, rich tables, PNG plots.

This module (``driver``) wires them together: validate everything first (so bad input
never touches an existing directory), resume from what is on disk, play the
missing games with a progress bar, then summarise.
"""

from __future__ import annotations

import re
import time
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)
from rich.text import Text

from game.play import DEFAULT_BUDGET_S

from .report import (build_summary, head_to_head_table, seat_table, standings_table,
                                    write_results_csv, write_summary)
from .runners import BACKENDS, make_runner, ray_module, run_ordered
from .schedule import TournamentError, game_specs
from .store import REPLAYS, GamesLog, Settings, open_manifest, prepare_dir, write_replay
from .worker import Job

DEFAULT_OUT_ROOT = Path("tournaments")


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How to run a tournament; none of these change a result."""

    out: Path
    workers: int = 1
    backend: str = "local"
    save_replays: bool = False
    quiet: bool = False
    mirror: bool = False
    recheck: bool = False   # re-play every game already logged and compare it with its line


@dataclass
class RunReport:
    """What a run did: the summary, where it is, and how fast this session played."""

    summary: dict[str, Any]
    summary_path: Path
    resumed_from: int
    played: int
    elapsed_s: float
    runner: str

    @property
    def games_per_s(self) -> float:
        return self.played / self.elapsed_s if self.elapsed_s > 0 else 0.0


def make_settings(agents: list[str], games: int, seed: int, scenario: str,
                  budget_s: float = DEFAULT_BUDGET_S) -> Settings:
    """Check the inputs that decide the results; one-line ``FrenemiesError`` on any problem."""
    from game.play import check_agents
    from game.rules import load_scenario

    names = [a.strip() for a in agents if a.strip()]
    if not names:
        raise TournamentError("--agents needs at least one agent (see 'frenemies agents')")
    seen = set()
    for name in names:
        if name in seen:
            raise TournamentError(f"agent {name!r} is listed twice (use --mirror AGENT to seat one agent everywhere)")
        seen.add(name)
    check_agents(names)  # unknown agent -> AgentError, one line (plug-ins are looked for in a probe process)
    if games < 1:
        raise TournamentError(f"--games must be at least 1, got {games}")
    if not 0 <= seed < 2**63:
        raise TournamentError(f"--seed must be a non-negative integer below 2**63, got {seed}")
    if budget_s <= 0:
        raise TournamentError("--budget must be a positive number of seconds")
    scen = load_scenario(scenario)
    return Settings(tuple(names), games, seed, scenario, scen.digest, float(budget_s))


def default_out(settings: Settings) -> Path:
    """``tournaments/SCENARIO_AGENTS_seedS`` (agent names made file-name safe)."""
    scen = re.sub(r"[^A-Za-z0-9@._-]+", "-", Path(settings.scenario).stem)
    agents = "-".join(re.sub(r"[^A-Za-z0-9@._]+", "_", a) for a in settings.agents)[:80]
    return DEFAULT_OUT_ROOT / f"{scen}_{agents}_seed{settings.seed}"


class RateColumn(ProgressColumn):
    """Games per second over the recent past (rich's own speed estimate)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} games/s" if speed else "- games/s", style="progress.data.speed")


def _progress(console: Console) -> Progress:
    return Progress(TextColumn("[bold]games"), BarColumn(), MofNCompleteColumn(), RateColumn(),
                    TextColumn("ETA"), TimeRemainingColumn(), TextColumn("elapsed"), TimeElapsedColumn(),
                    console=console, transient=False)


def _job(settings: Settings, save_replays: bool) -> Job:
    from game.rules import load_scenario

    return Job(load_scenario(settings.scenario).text, settings.scenario, settings.budget_s, save_replays)


def run_tournament(settings: Settings, options: RunOptions, err: Console | None = None) -> RunReport:
    """Play every missing game of ``settings`` into ``options.out`` and write the summary files."""
    err = err or Console(stderr=True, quiet=options.quiet)
    if options.workers < 1:
        raise TournamentError(f"--workers must be at least 1, got {options.workers}")
    if options.backend not in BACKENDS:
        raise TournamentError(f"unknown backend {options.backend!r} (choose from {', '.join(BACKENDS)})")
    if options.backend == "ray":
        ray_module()  # missing Ray: one line before anything is touched
    job = _job(settings, options.save_replays)
    out = options.out
    with prepare_dir(out):  # one writer per directory: a second run stops here, having changed nothing
        return _run_locked(settings, options, job, err)


def _run_locked(settings: Settings, options: RunOptions, job: Job, err: Console) -> RunReport:
    out = options.out
    open_manifest(out, settings, write=False)  # other settings: stop before touching anything
    log = GamesLog(out)
    done = log.recover(settings)               # every kept line checked before anything is written
    if done and options.recheck:
        _recheck(settings, options, job, log, done, err)
    open_manifest(out, settings)
    if log.torn_bytes:
        err.print(f"[yellow]note:[/] dropped a torn last line ({log.torn_bytes} bytes) from an interrupted run")
    if done:
        err.print(f"resuming: {done} of {settings.games} games already played in {out}")
    if settings.games % settings.rotations:
        err.print(f"[yellow]note:[/] {settings.games} games is not a multiple of {settings.rotations} rotations; "
                  "the last seed is not played in every seating, so seats are slightly unbalanced")
    if options.save_replays:
        (out / REPLAYS).mkdir(exist_ok=True)
    played, start, runner_name = 0, time.perf_counter(), "none (all games already played)"
    if done < settings.games:
        played, runner_name = _play_missing(settings, options, job, log, done, err)
    elapsed = time.perf_counter() - start
    summary = build_summary(out, settings)
    path = write_summary(out, summary)
    write_results_csv(out, summary)
    from .plots import write_plots

    write_plots(out, summary)
    return RunReport(summary, path, done, played, elapsed, runner_name)


def _play_missing(settings: Settings, options: RunOptions, job: Job, log: GamesLog, done: int,
                  err: Console) -> tuple[int, str]:
    """Play games ``done .. games-1``, appending each chunk to the log in index order."""
    runner = make_runner(options.backend, options.workers)
    played = 0
    progress = _progress(err)
    try:
        with progress:
            task = progress.add_task("games", total=settings.games, completed=done)
            specs = game_specs(settings.seed, settings.agents, done, settings.games)
            for chunk in run_ordered(runner, job, specs, settings.games - done):
                stray = next((g.record["game_version"] for g in chunk
                              if g.record["game_version"] != settings.game_version), None)
                if stray is not None:
                    raise TournamentError(f"a worker runs frenemies {stray}, this driver {settings.game_version}; "
                                          "install the same version on every node")
                if options.save_replays:
                    for game in chunk:
                        write_replay(options.out, game.record["index"], game.replay or "")
                log.append([game.record for game in chunk])
                played += len(chunk)
                progress.advance(task, len(chunk))
    except KeyboardInterrupt:
        err.print(f"interrupted after {done + played} of {settings.games} games; "
                  "run the same command again to resume")
        raise
    except BrokenProcessPool:  # a worker process was killed from outside (the OOM killer, kill -9)
        raise TournamentError(f"a worker process died after {done + played} of {settings.games} games (killed "
                              "from outside?); run the same command again to resume") from None
    finally:
        log.close()
        runner.close()
    return played, runner.name


def _recheck(settings: Settings, options: RunOptions, job: Job, log: GamesLog, done: int, err: Console) -> None:
    """Re-play games ``0 .. done-1`` and compare each with its logged line (everything but the timing): a line
    forged with a recomputed check digest is caught here. One line and exit 2 on the first difference."""
    from .store import iter_records, seal

    runner = make_runner(options.backend, options.workers)
    replay_job = Job(job.scenario_text, job.scenario_where, job.budget_s, False)
    try:
        logged = iter_records(log.path)
        for chunk in run_ordered(runner, replay_job, game_specs(settings.seed, settings.agents, 0, done), done):
            for game in chunk:
                line = next(logged)
                if seal(game.record)["check"] != line["check"]:
                    raise TournamentError(f"{log.path} line {line['index'] + 1} is not what game {line['index']} "
                                          "plays (re-played with --recheck); the file was edited: move it away or "
                                          "choose another --out")
    finally:
        runner.close()
    err.print(f"rechecked: the {done} logged games re-play exactly as logged")


def print_report(report: RunReport, options: RunOptions, out: Console) -> None:
    """Final tables on stdout (``--quiet``: only the summary path)."""
    if options.quiet:
        print(report.summary_path)
        return
    summary = report.summary
    if not out.is_terminal:  # a file or pipe: wide enough that intervals do not wrap
        out.width = max(out.width, 132)
    if options.mirror:
        out.print(f"Seat balance: {summary['standings'][0]['agent']} in all four seats, {summary['games']} games "
                  f"of {summary['settings']['scenario']} (Wilson 95% intervals; 25% = balanced)")
        out.print(seat_table(summary))
    else:
        out.print(standings_table(summary))
        out.print(seat_table(summary))
        if len(summary["standings"]) > 1:
            out.print(head_to_head_table(summary))
    if report.played:
        out.print(f"played {report.played} games in {report.elapsed_s:.1f}s ({report.games_per_s:.1f} games/s, "
                  f"{report.runner})")
    out.print(f"summary: {report.summary_path}")
