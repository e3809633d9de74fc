"""Byte-level mutations, the base every format's fuzzing starts from (see :mod:`fuzz_mutate`).

Every mutator is ``(data, rnd, pool) → bytes``: ``rnd`` is a ``random.Random`` seeded by the case
recipe, ``pool`` the other seeds of the format (for splicing).
"""

from __future__ import annotations

import random
from typing import Callable, Sequence

Mutator = Callable[[bytes, random.Random, Sequence[bytes]], bytes]

#: Largest output of one mutation that grows the input (keeps a case's file reasonable).
MAX_GROWTH = 4 << 20
INTERESTING = (b"\x00", b"\xff", b"\x7f", b"\x80", b"\xff\xff", b"\x00\x00", b"\xff\xff\xff\x7f",
               b"\x00\x00\x00\x80", b"\xff\xff\xff\xff", b"\xfe\xff", b"\xef\xbb\xbf")


# --- bytes ------------------------------------------------------------------------------------

def pos(data: bytes, rnd: random.Random) -> int:
    return rnd.randrange(len(data) + 1)


def flip(data: bytes, rnd: random.Random, pool=()) -> bytes:
    if not data:
        return data
    out = bytearray(data)
    for _ in range(rnd.choice((1, 2, 4, 16))):
        i = rnd.randrange(len(out))
        out[i] ^= 1 << rnd.randrange(8)
    return bytes(out)


def interesting(data: bytes, rnd: random.Random, pool=()) -> bytes:
    i, value = pos(data, rnd), rnd.choice(INTERESTING)
    return data[:i] + value + data[i + len(value):]


def delete(data: bytes, rnd: random.Random, pool=()) -> bytes:
    i = pos(data, rnd)
    return data[:i] + data[i + rnd.randint(1, max(1, len(data) // 8)):]


def duplicate(data: bytes, rnd: random.Random, pool=()) -> bytes:
    i = pos(data, rnd)
    chunk = data[i:i + rnd.randint(1, 4096)]
    times = rnd.choice((1, 2, 10, 100))
    return data[:i] + chunk * min(times, MAX_GROWTH // max(len(chunk), 1)) + data[i:]


def insert(data: bytes, rnd: random.Random, pool=()) -> bytes:
    i = pos(data, rnd)
    return data[:i] + rnd.randbytes(rnd.randint(1, 64)) + data[i:]


def truncate(data: bytes, rnd: random.Random, pool=()) -> bytes:
    return data[:int(len(data) * rnd.random() ** 0.3)]


def splice(data: bytes, rnd: random.Random, pool: Sequence[bytes] = ()) -> bytes:
    if not pool:
        return flip(data, rnd)
    other = rnd.choice(pool)
    return data[:pos(data, rnd)] + other[pos(other, rnd):]


BYTE_MUTATORS: dict[str, Mutator] = {
    "bytes.flip": flip, "bytes.interesting": interesting, "bytes.delete": delete,
    "bytes.duplicate": duplicate, "bytes.insert": insert, "bytes.truncate": truncate,
    "bytes.splice": splice,
}
