"""The desktop app (PySide6). Importing it first guards the interpreter against a PySide6 reference-count bug."""

from __future__ import annotations

import ctypes
import sys

# PySide6 6.12 returns None from every method that returns nothing (setText, processEvents, setTabOrder, ...)
# without adding a reference to it, so each such call takes one of None's references away. Before Python 3.12 None
# is an ordinary object: with about 46,000 references at start and ~100 calls per opened card, a day at the counter
# (some 500 cards) ran the count to zero and the interpreter aborted ("Fatal Python error: none_dealloc").
# From 3.12 None is immortal; before, it gets references enough for ever (None is never freed either way).
NONE_RESERVE = 1 << 60


def keep_none_alive() -> bool:
    """Give None a reserve of references on CPython before 3.12; whether it was needed."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    count = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt, the first field of every object
    if count.value >= NONE_RESERVE // 2:
        return False
    count.value += NONE_RESERVE
    return True


keep_none_alive()
