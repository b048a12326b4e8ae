"""A quarter's chance stream, worked out in plain integers: the same numbers numpy draws.

Every random figure of a game comes from ``events.chance(seed, quarter, stream)``: a numpy Generator over
``PCG64(SeedSequence(seed, spawn_key=(quarter, stream)))``. Making one (hashing the seed sequence, seeding the
bit generator) took about 14 microseconds, for the three or four numbers a quarter draws from it, and a planner
makes one for every quarter it imagines (a game of random agents runs 2% fewer instructions without them: more
was claimed for this from a sampling profiler than a count bore out). This module does the same
arithmetic in Python integers, as numpy's ``SeedSequence`` (its entropy pool, ``mix_entropy``,
``generate_state``) and ``PCG64`` (its 128-bit LCG with the XSL-RR output, and ``Generator.random``'s 53-bit
doubles) define it, with the part that depends on the seed alone worked out once per seed. For a normal draw
(numpy's ziggurat) it hands the seeded state to one numpy ``PCG64`` kept for the purpose. ``test_mechanics``
holds every draw to the Generator's own, for seeds and keys of every size.
"""

from __future__ import annotations

import threading
from typing import Sequence

import numpy as np

_MASK32, _MASK64, _MASK128 = (1 << 32) - 1, (1 << 64) - 1, (1 << 128) - 1
_INIT_A, _MULT_A, _INIT_B, _MULT_B = 0x43B0D7E5, 0x931E8875, 0x8B51F9DD, 0x58F38DED
_MIX_L, _MIX_R = 0xCA01F9DD, 0x4973F715
_POOL = 4  # numpy's DEFAULT_POOL_SIZE
_PCG_MULT = 0x2360ED051FC65DA44385DF649FCCF645  # PCG_DEFAULT_MULTIPLIER_128
_DOUBLE = 1.0 / 9007199254740992.0  # 2**-53: Generator.random's (next_uint64 >> 11) * 2**-53


def _constants(first: int, mult: int, n: int) -> list[int]:
    """The hash constant before each of ``n`` hashing steps (it is multiplied on at every step, whatever the
    data, so the sequence is fixed): ``out[i]`` is xored in at step ``i`` and ``out[i + 1]`` multiplies."""
    out = [first]
    for _ in range(n):
        out.append(out[-1] * mult & _MASK32)
    return out


_A = _constants(_INIT_A, _MULT_A, 64)
_B = _constants(_INIT_B, _MULT_B, 8)


def _words(n: int) -> list[int]:
    """numpy's ``_int_to_uint32_array``: a non-negative integer as 32-bit words, least significant first."""
    if n < 0:
        raise ValueError("a chance stream's seed and key are non-negative integers")
    if n == 0:
        return [0]
    out = []
    while n:
        out.append(n & _MASK32)
        n >>= 32
    return out


def _reach(i: int) -> None:
    """Make sure ``_A`` holds the constant of step ``i`` (a seed or key of many words takes more steps)."""
    while len(_A) <= i:
        _A.append(_A[-1] * _MULT_A & _MASK32)


def _hashmix(value: int, step: int) -> int:
    """numpy's ``hashmix`` at hashing step ``step`` (``_A`` must reach ``step + 1``)."""
    v = (value ^ _A[step]) * _A[step + 1] & _MASK32
    return v ^ (v >> 16)


def _mix(x: int, y: int) -> int:
    """numpy's ``mix`` of two 32-bit words."""
    r = (_MIX_L * x - _MIX_R * y) & _MASK32
    return r ^ (r >> 16)


def _mix_in(mixer: list[int], word: int, step: int) -> int:
    """``mix_entropy``'s last loop for one entropy word: mixed into every pool word (steps ``step`` on)."""
    _reach(step + _POOL)
    a = _A
    for d in range(_POOL):  # mixer[d] = _mix(mixer[d], _hashmix(word, step)), written out: it runs at every draw
        v = (word ^ a[step]) * a[step + 1] & _MASK32
        v ^= v >> 16
        r = (_MIX_L * mixer[d] - _MIX_R * v) & _MASK32
        mixer[d] = r ^ (r >> 16)
        step += 1
    return step


def _seeded(seed: int) -> tuple[tuple[int, ...], int]:
    """The pool once the seed's own words are in (all of ``mix_entropy`` that reads no spawn key, for a key
    that is not empty, so the seed's words are padded to the pool's size) and the hashing steps taken."""
    kept = _SEEDED.get(seed)
    if kept is not None:
        return kept
    run = _words(seed)
    run += [0] * (_POOL - len(run))
    _reach(_POOL + _POOL * (_POOL - 1) + 1)
    mixer = [_hashmix(run[i], i) for i in range(_POOL)]
    step = _POOL
    for src in range(_POOL):
        for dst in range(_POOL):
            if src != dst:
                mixer[dst] = _mix(mixer[dst], _hashmix(mixer[src], step))
                step += 1
    for word in run[_POOL:]:
        step = _mix_in(mixer, word, step)
    if len(_SEEDED) >= 4096:
        _SEEDED.clear()
    kept = _SEEDED[seed] = (tuple(mixer), step)
    return kept


_SEEDED: dict[int, tuple[tuple[int, ...], int]] = {}


def pool(seed: int, key: Sequence[int]) -> list[int]:
    """``SeedSequence(seed, spawn_key=key).pool`` for a key that is not empty."""
    base, step = _seeded(seed)
    mixer = list(base)
    for k in key:
        for word in _words(k):
            step = _mix_in(mixer, word, step)
    return mixer


def pcg_state(seed: int, key: Sequence[int]) -> tuple[int, int]:
    """``PCG64(SeedSequence(seed, spawn_key=key))``'s (state, increment): ``generate_state(4, uint64)`` split
    into the initial state and the stream, then ``pcg_setseq_128_srandom_r``."""
    mixer = pool(seed, key)
    b = _B  # generate_state's own hash: the same steps as ``_hashmix``, from its own constants
    w = []
    for i in range(8):
        v = (mixer[i & 3] ^ b[i]) * b[i + 1] & _MASK32
        w.append(v ^ (v >> 16))
    # the eight 32-bit words read as four little-endian 64-bit ones: seed high, seed low, inc high, inc low
    init = (w[0] | w[1] << 32) << 64 | (w[2] | w[3] << 32)
    inc = ((w[4] | w[5] << 32) << 64 | (w[6] | w[7] << 32)) << 1 & _MASK128 | 1
    state = (inc + init) & _MASK128  # state 0 stepped once is the increment; then the initial state is added
    return (state * _PCG_MULT + inc) & _MASK128, inc


def uniforms(seed: int, key: Sequence[int], n: int) -> tuple[float, ...]:
    """``Generator(PCG64(SeedSequence(seed, spawn_key=key))).random(n)``, as Python floats."""
    state, inc = pcg_state(seed, key)
    out = []
    for _ in range(n):
        state = (state * _PCG_MULT + inc) & _MASK128
        rot = state >> 122
        x = ((state >> 64) ^ state) & _MASK64
        x = ((x >> rot) | (x << (64 - rot))) & _MASK64
        out.append((x >> 11) * _DOUBLE)
    return tuple(out)


def normals(seed: int, key: Sequence[int], sd: float, n: int) -> tuple[float, ...]:
    """``Generator(PCG64(SeedSequence(seed, spawn_key=key))).normal(0.0, sd, size=n)``, as Python floats: the
    seeded state is handed to a kept ``PCG64`` (numpy's ziggurat draws the normals)."""
    state, inc = pcg_state(seed, key)
    with _LOCK:  # one kept generator: an agent's thread left running past its budget may draw too
        _BITS.state = {"bit_generator": "PCG64", "state": {"state": state, "inc": inc}, "has_uint32": 0,
                       "uinteger": 0}
        return tuple(float(x) for x in _GEN.normal(0.0, sd, size=n))


_BITS = np.random.PCG64(0)
_GEN = np.random.Generator(_BITS)
_LOCK = threading.Lock()
