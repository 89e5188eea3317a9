"""The desktop app (PySide6). Importing it first guards the interpreter against a PySide6 reference-count bug."""

from __future__ import annotations

import ctypes
import sys

# PySide6 6.12 hands back None from every method that returns nothing (setText, processEvents, setTabOrder, ...)
# and True from Signal.emit() without adding a reference, so each such call takes one of their references away.
# Before Python 3.12 None, True and False are ordinary objects: None has about 46,000 references at start and an
# opened card makes ~100 such calls, True a few thousand and every signal emitted from Python costs one — a day at
# the counter (or one big change report refreshing thousands of list rows) ran a count to zero and the interpreter
# aborted ("Fatal Python error: none_dealloc" / "bool_dealloc"). From 3.12 they are immortal; before, they get
# references enough for ever (they are static objects, never freed either way).
RESERVE = 1 << 60
NONE_RESERVE = RESERVE  # the name the first version of this guard used


def keep_none_alive() -> bool:
    """Give None, True and False a reserve of references on CPython before 3.12; whether any was needed."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    needed = False
    for singleton in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(singleton))  # ob_refcnt, the first field of every object
        if count.value < RESERVE // 2:
            count.value += RESERVE
            needed = True
    return needed


keep_none_alive()
