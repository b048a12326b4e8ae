"""Frame times of the game window while AI seats think (``make frames``).

DESIGN §5 asks the front end to keep at least 30 frames per second while an AI
thinks. This opens the real window (SDL's dummy video driver unless a display
is wanted), starts a sprint-2025 game with one person seat and three AI seats,
answers the person's turns with the Space key (pass / reject / hold) through
posted events, and records the duration of every frame. Frames are split into
those drawn while an AI was thinking and the rest.

Agents measured (``--agents``, comma separated): ``busy`` is defined here, a
deliberately slow search-like agent that runs pure-Python random playouts on
copies of its view for ``--think`` seconds per decision (it holds the GIL the
way a planner does); any registry spec works too (``planner@hard``). By
default: ``busy`` and, when registered, ``planner@hard``.

    python benchmarks/frames.py                       # ~20 s per agent
    python benchmarks/frames.py --agents planner@hard --seconds 40 --size 1920x1080

Results print as a table and go to ``benchmarks/out/frames.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from agents import Agent, Decision, builtin_agents  # noqa: E402
from game.rules import Observation, apply_unchecked, legal_choices  # noqa: E402

BUSY_THINK_S = 0.8


class BusyAgent(Agent):
    """A slow, search-like test agent: random playouts on copies of its view for ``BUSY_THINK_S`` seconds."""

    code, description, difficulty = "busy", "benchmark: pure-Python playouts for a fixed time", "-"

    def act(self, obs: Observation) -> Decision:
        end = time.perf_counter() + BUSY_THINK_S
        playouts = 0
        while time.perf_counter() < end:
            s = obs.view.copy()
            for _ in range(24):
                if s.is_over():
                    break
                legal = legal_choices(s)
                apply_unchecked(s, legal[int(self.rng.integers(len(legal)))])
            playouts += 1
        return Decision(obs.legal[int(self.rng.integers(len(obs.legal)))], f"{playouts} playouts")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = min(len(ordered) - 1, max(0, int(round(q / 100.0 * (len(ordered) - 1)))))
    return ordered[k]


def summarise(frames: list[float]) -> dict[str, float]:
    if not frames:
        return {"frames": 0}
    ms = [f * 1000.0 for f in frames]
    return {"frames": len(frames), "fps_mean": round(len(frames) / sum(frames), 1),
            "ms_mean": round(statistics.fmean(ms), 2), "ms_p50": round(percentile(ms, 50), 2),
            "ms_p95": round(percentile(ms, 95), 2), "ms_p99": round(percentile(ms, 99), 2),
            "ms_max": round(max(ms), 2), "share_over_33ms": round(sum(m > 1000 / 30 for m in ms) / len(ms), 4)}


def measure(spec: str, seconds: float, size: tuple[int, int], fps: int, seed: int, mode: str = "process") -> dict:
    """Play with three ``spec`` opponents for ``seconds`` and time every frame."""
    import pygame

    from game.ui.autopilot import Driver
    from game.ui.config import PERSON, GameConfig
    from game.ui.play_scene import PlayScene
    from game.ui.scenes import make_app

    out_dir = ROOT / "benchmarks" / "out" / "frames-replays"
    out_dir.mkdir(parents=True, exist_ok=True)
    config = GameConfig("sprint-2025", seed, (spec, spec, spec, PERSON))  # the person moves last in seat order
    app = make_app(lambda a: PlayScene(a, config), size=size, replay_dir=out_dir, pace=0.0, fps=fps, session_mode=mode)
    driver = Driver(app)
    thinking, idle = [], []
    decisions, was_thinking = 0, None
    end = time.perf_counter() + seconds
    try:
        while time.perf_counter() < end and app.scene.name == "play":
            scene = app.scene
            before = scene.thinking
            t0 = time.perf_counter()
            app.step()
            dt = time.perf_counter() - t0   # the real duration (App.step clamps its own dt at 0.25 s)
            if before is not None and scene.thinking is not None:
                thinking.append(dt)
            elif scene.panel is not None:
                idle.append(dt)
            if scene.thinking is not None and scene.thinking != was_thinking:
                decisions += 1
            was_thinking = scene.thinking
            if scene.panel is not None and scene.turn is not None:
                pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_SPACE, mod=0, unicode=" ",
                                                     scancode=0))
    finally:
        if app.running:
            app.quit()
        pygame.display.quit()
    del driver
    return {"agent": spec, "size": f"{size[0]}x{size[1]}", "fps_cap": fps, "mode": mode,
            "ai_decisions_seen": decisions,
            "while_ai_thinks": summarise(thinking), "person_turn_idle": summarise(idle)}


def main(argv: list[str] | None = None) -> int:
    global BUSY_THINK_S
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--agents", default=None, help="agents to measure (default: busy, and planner@hard if registered)")
    p.add_argument("--seconds", type=float, default=20.0, help="seconds of play per agent")
    p.add_argument("--think", type=float, default=BUSY_THINK_S, help="seconds per decision of the busy agent")
    p.add_argument("--size", default="1280x720", help="window size, e.g. 1920x1080")
    p.add_argument("--fps", type=int, default=60, help="the window's frame cap (0: uncapped)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--mode", default="process", choices=("process", "thread"),
                   help="where the game runs: a child process (the window's default) or a thread")
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "frames.json")
    args = p.parse_args(argv)
    BUSY_THINK_S = args.think
    size = tuple(int(x) for x in args.size.lower().split("x"))
    if args.agents:
        specs = [s.strip() for s in args.agents.split(",") if s.strip()]
    else:
        specs = ["busy"] + (["planner@hard"] if "planner" in builtin_agents() else [])
    specs = ["__main__:BusyAgent" if s == "busy" else s for s in specs]
    results = []
    print(f"{'agent':22} {'frames':>7} {'fps':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7} "
          f"{'>33ms':>6}  (while an AI thinks; {args.size}, cap {args.fps} fps, game in a {args.mode})")
    for spec in specs:
        res = measure(spec, args.seconds, size, args.fps, args.seed, args.mode)
        res["agent"] = "busy" if spec.endswith(":BusyAgent") else spec
        if res["agent"] == "busy":
            res["busy_think_s"] = BUSY_THINK_S
        results.append(res)
        t = res["while_ai_thinks"]
        if t.get("frames"):
            print(f"{res['agent']:22} {t['frames']:7d} {t['fps_mean']:6.1f} {t['ms_p50']:7.1f} {t['ms_p95']:7.1f} "
                  f"{t['ms_p99']:7.1f} {t['ms_max']:7.1f} {t['share_over_33ms']:6.1%}  "
                  f"({res['ai_decisions_seen']} AI decisions)")
        else:
            print(f"{res['agent']:22} no frames while an AI was thinking")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(f".{args.out.name}.tmp")
    tmp.write_text(json.dumps({"python": sys.version.split()[0], "results": results}, indent=1) + "\n",
                   encoding="utf-8")
    os.replace(tmp, args.out)
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
