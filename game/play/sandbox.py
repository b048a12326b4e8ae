"""The agent's side of an agent process: build one agent, then answer the game's questions.

This module runs in a child process that holds nothing of the game but what its seat is shown: its
observations (copies, unpickled from the game process) and its own random stream. It is the only code of the
child that is not the agent's. Replies go back as small JSON documents (a choice in notation and a one-line
rationale, or a fault), never as pickles: the game process reads them with ``json`` and parses the notation
itself, so nothing the agent builds ever reaches the engine.

The child ignores Ctrl-C (the person at the terminal means the game, which stops its agents itself) and
exits as soon as the game process is gone (its lifeline pipe reads end-of-file), even while the agent is
busy.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import signal
import threading
from typing import Any

from agents.base import Decision
from agents.registry import AgentError, resolve
from game.rules import known_notation

from .reply import DRAWN, Reply

MAX_REPLY = 1 << 16


def plain(value: Any, limit: int) -> str:
    """One printable line of at most ``limit`` characters, as an exact ``str`` (runs in the agent's context:
    ``str()`` of an agent's object may run its code)."""
    text = str(value)
    if type(text) is str and text.isascii() and text.isprintable():
        return text[:limit].strip()
    text = "".join(ch if ch.isprintable() else " " for ch in text[: 4 * limit])
    return text.encode("utf-8", "replace").decode("utf-8")[:limit].strip()


def describe(exc: BaseException) -> str:
    """``Type: message`` for any exception, even one whose message raises."""
    try:
        name = plain(type(exc).__name__, 60)
    except BaseException:  # noqa: BLE001 - a hostile exception class
        name = "an exception"
    try:
        message = plain(exc, 160)
    except BaseException:  # noqa: BLE001 - its message raised too
        message = "(its message raised an exception too)"
    return f"{name}: {message}" if message else name


def answer(policy: Any, obs: Any) -> dict[str, Any]:
    """Ask ``policy`` and reduce whatever it does to plain data: ``{"choice", "why"}`` (and ``"pick"``, the
    answer's place among ``obs``'s legal choices when it is one of those very objects) or ``{"fault"}``: the
    ``answer_reply`` of an agent process, for its JSON.

    Everything that touches the agent's objects happens there, in the agent's own thread or process, where a
    watchdog can cut it off: its ``act``, its return value's ``str``, its exception's message."""
    reply = answer_reply(policy, obs)
    if reply.fault:
        return {"fault": reply.fault}
    out: dict[str, Any] = {"choice": reply.text, "why": reply.why}
    if reply.pick >= 0:
        out["pick"] = reply.pick
    return out


def _asked(policy: Any, obs: Any) -> tuple[Any, Any]:
    """The agent's answer and its reason as it gave them (a ``Decision`` unpacked; no reason otherwise)."""
    reply = policy.act(obs)
    if isinstance(reply, Decision):
        return reply.choice, reply.rationale
    return reply, ""


def _place(choice: Any, obs: Any) -> int:
    """Where ``choice`` stands among the choices ``obs`` showed, by identity (a hint only): ``DRAWN`` for the
    engine's own draw (``Observation.draw``: legal by construction, whether or not the list was made too),
    else its place in the legal list, else -1."""
    if choice is not None and choice is getattr(obs, "__dict__", {}).get("_drawn"):
        return DRAWN
    legal = getattr(obs, "_legal", None)
    if type(legal) is tuple:
        for i, c in enumerate(legal):
            if c is choice:
                return i
    return -1


def _why_line(why: Any) -> str:
    """A reason as one printable line (``str`` of an agent's object runs here, in the agent's context)."""
    return "" if why is None or (type(why) is str and not why) else plain(why, 200)


def answer_reply(policy: Any, obs: Any, pick_only: bool = False) -> Reply:
    """Ask ``policy`` and reduce its answer straight into a ``Reply`` (for an agent asked in this process: a
    dictionary and the look-ups back out of it were a tenth of the plumbing of a question); ``answer`` gives
    the same as plain data for an agent process's JSON. ``pick_only``: the caller reads an answer found among
    the choices shown from its place (``pick``) alone, so its notation is not written (``text`` is empty)."""
    try:
        choice, why = _asked(policy, obs)
        pick = _place(choice, obs)
        # one of the choices shown: its notation is not needed, or may be known (the engine's own objects)
        text = ("" if pick_only and pick != -1 else (pick != -1 and known_notation(choice))
                or plain(choice, 1000))
        return Reply(text, _why_line(why), "", False, pick)
    except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt from the agent too
        return Reply(fault=f"raised {describe(exc)}"[:300])


def answer_offered(policy: Any, obs: Any) -> tuple | Reply:
    """``answer_reply`` for a trusted agent shown the engine's own choices, asked in the game's thread (the
    game loop's common question): where the answer is one of the very objects the engine offered (its draw,
    or an element of the legal list it built), ``(that object, why)``, ``why`` made one line here, in the
    agent's context; for anything else the ``Reply`` ``answer_reply`` gives (its notation written here too),
    read the long way by the caller. One tuple instead of a ``Reply`` and the look-ups back out of it, at
    every decision of a game of built-ins."""
    try:
        choice = policy.act(obs)  # ``_asked`` and ``_why_line`` written out: two calls fewer at every decision
        why = ""
        if isinstance(choice, Decision):
            choice, why = choice.choice, choice.rationale
            if why is None or (type(why) is str and not why):
                why = ""
            else:
                why = plain(why, 200)
        if choice is not None and choice is obs.__dict__.get("_drawn") or _place(choice, obs) != -1:
            return choice, why  # the very object: the engine's draw, or the element of its list
        return Reply(plain(choice, 1000), why, "", False, -1)
    except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt from the agent too
        return Reply(fault=f"raised {describe(exc)}"[:300])


def start(policy: Any, seat: Any, rng: Any) -> dict[str, str]:
    """Call the agent's ``reset`` if it has one (the protocol makes it optional); else hand it the seat and
    stream as attributes, as ``Agent.reset`` would."""
    try:
        reset = getattr(policy, "reset", None)
        if callable(reset):
            reset(seat, rng)
        else:
            try:
                policy.seat, policy.rng = seat, rng
            except Exception:  # noqa: BLE001 - an object with __slots__ or read-only attributes
                pass
        return {"ok": "started"}
    except BaseException as exc:  # noqa: BLE001
        return {"fault": f"reset raised {describe(exc)}"}


def build(spec: str) -> Any:
    """The agent for ``spec``, constructed as ``agents.make_agent`` does (level after ``@`` for built-ins)."""
    cls = resolve(spec)
    level = spec.split("@")[1] if "@" in spec and ":" not in spec else None
    agent = cls(level) if level is not None else cls()
    if not callable(getattr(agent, "act", None)):
        raise AgentError(f"agent {spec!r} has no act(observation) method")
    return agent


# ------------------------------------------------------------ the child process
class _Scenario(pickle.Unpickler):
    """Observations arrive without their scenario (sent once, at reset): it is put back here."""

    scenario: Any = None

    def persistent_load(self, pid: Any) -> Any:
        if pid == "scenario":
            return self.scenario
        raise pickle.UnpicklingError(f"unknown persistent id {pid!r}")


def _send(conn: Any, message: dict[str, Any]) -> None:
    conn.send_bytes(json.dumps(message, ensure_ascii=True).encode("ascii")[:MAX_REPLY])


def _die_with_parent(lifeline: Any) -> None:
    """Exit the moment the game process is gone, whatever the agent is doing."""
    try:
        lifeline.recv_bytes()
    except BaseException:  # noqa: BLE001 - EOF: the game process closed or died
        pass
    os._exit(0)


def main(spec: str, conn: Any, lifeline: Any, probe: bool = False) -> None:
    """The child's body: build the agent (``probe``: only find it), say ready or broken, then serve."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_die_with_parent, args=(lifeline,), daemon=True, name="lifeline").start()
    try:
        agent = resolve(spec) if probe else build(spec)
    except AgentError as exc:
        _send(conn, {"unknown": str(exc)})
        os._exit(0)
    except BaseException as exc:  # noqa: BLE001 - a constructor that raises, exits or is interrupted
        _send(conn, {"broken": f"could not be built: raised {describe(exc)}"})
        os._exit(0)
    _send(conn, {"ready": "yes"})
    if probe:
        os._exit(0)
    unpickler_scenario = None
    while True:
        try:
            raw = conn.recv_bytes()
        except BaseException:  # noqa: BLE001 - the game process is gone
            os._exit(0)
        reader = _Scenario(io.BytesIO(raw))
        reader.scenario = unpickler_scenario
        kind, *args = reader.load()
        if kind == "reset":
            seat, rng, unpickler_scenario = args
            _send(conn, start(agent, seat, rng))
        elif kind == "act":
            _send(conn, answer(agent, args[0]))
        else:
            os._exit(0)
