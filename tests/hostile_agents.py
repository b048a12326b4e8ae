"""Agents that try to break a run or to see what they should not (issue 13). Loaded by dotted path
(``hostile_agents:Sleeper``), so they run as untrusted plug-ins do: each in a process of its own.

Each one that looks for something reports what it found in its rationale, so a test can read the replay."""

from __future__ import annotations

import gc
import os
import sys
import time

from agents import Agent, Decision
from agents.random_agent import RandomAgent
from game.rules import Accept, Pass, Phase


class Sleeper(Agent):
    """Never answers."""

    def act(self, obs):
        time.sleep(3600)


class Spinner(Agent):
    """Never answers, and keeps a core busy while it does not."""

    def act(self, obs):
        while True:
            pass


class Exits(Agent):
    """sys.exit() in the middle of a game."""

    def act(self, obs):
        sys.exit(3)


class Interrupts(Agent):
    """Raises KeyboardInterrupt itself (nobody pressed Ctrl-C)."""

    def act(self, obs):
        raise KeyboardInterrupt


class HardExit(Agent):
    """os._exit(0): the process is gone without a trace."""

    def act(self, obs):
        os._exit(0)


class ExitsInConstructor(Agent):
    def __init__(self) -> None:
        raise SystemExit("not today")


class RaisesInReset(Agent):
    def reset(self, seat, rng):
        raise RuntimeError("no reset for me")

    def act(self, obs):
        return obs.legal[0]


class _Nasty(Exception):
    def __str__(self):
        raise ValueError("and my message raises too")


class NastyMessage(Agent):
    """An exception whose message itself raises."""

    def act(self, obs):
        raise _Nasty()


class _Everything:
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = object.__hash__


class EqualToEverything(Agent):
    """Returns an object that compares equal to every choice."""

    def act(self, obs):
        return _Everything()


class ForgesADraw(RandomAgent):
    """A subclass of ``random`` (a caller's code, not the built-in) that writes an illegal choice where the
    engine keeps its own draw (``Observation.draw``) and answers with it, as if the engine had drawn it."""

    def act(self, obs):
        forged = Pass() if obs.phase is not Phase.PROPOSE else Accept()  # never legal in that phase
        obs.__dict__["_drawn"] = forged
        return forged


class _PastTheEnd:
    """A stream whose numbers are not in [0, 1)."""

    def random(self):
        return 1.0


class DrawsPastTheEnd(RandomAgent):
    """A subclass of ``random`` that hands the engine's draw a stream of its own giving 1.0: once an endless
    draw, now an error the seat faults with."""

    def act(self, obs):
        return obs.draw(_PastTheEnd())


class ActOnly:
    """The README's minimal agent: a class with act and nothing else (no base class, no reset)."""

    def act(self, obs):
        return obs.legal[0]


class Mutator(Agent):
    """Rewrites the frozen choices it is shown (object.__setattr__), then answers one of them."""

    def act(self, obs):
        for choice in obs.legal:
            for name in getattr(type(choice), "__slots__", ()):
                value = getattr(choice, name)
                if isinstance(value, int) and not isinstance(value, bool):
                    object.__setattr__(choice, name, value + 1)
        if obs.pending is not None:
            for name in getattr(type(obs.pending), "__slots__", ()):
                if name == "size":
                    object.__setattr__(obs.pending, name, 99)
        return obs.legal[-1]


class SeedReader(Agent):
    """Reads the game seed from its own stream and tries to use it: if the seed it recovers rebuilds the
    game's opening (the public capability signal), it knows the hidden capability and the chance draws."""

    def act(self, obs):
        from game.rules import new_game

        seq = self.rng.bit_generator.seed_seq
        candidates = {int(seq.entropy) % 2**63, *(int(k) for k in getattr(seq, "spawn_key", ()))}
        for cand in candidates:
            try:
                world = new_game(obs.view.scenario, cand)
            except Exception:
                continue
            if world.signal == obs.view.signal and world.companies[1].capability != obs.view.signal:
                return Decision(obs.legal[0], f"seed found: {cand}")
        return Decision(obs.legal[0], f"no seed: entropy {str(seq.entropy)[:20]}")


class Snooper(Agent):
    """Walks its call stack and every object in its process looking for the real game state (a state whose
    chance seed is not the zero the view shows)."""

    def act(self, obs):
        from game.rules import GameState

        found = []
        frame = sys._getframe()
        while frame is not None:
            for value in list(frame.f_locals.values()):
                if isinstance(value, GameState) and value.seed != 0:
                    found.append("stack")
                if hasattr(value, "state") and isinstance(getattr(value, "state", None), GameState):
                    found.append("stack-model")
            frame = frame.f_back
        for obj in gc.get_objects():
            if isinstance(obj, GameState) and obj.seed != 0:
                found.append("heap")
                break
        return Decision(obs.legal[0], "found the real state: " + ",".join(sorted(set(found))) if found
                        else "found nothing")
