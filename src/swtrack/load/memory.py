"""Giving freed memory back to the operating system.

A national table is read in dozens of pieces and then joined into one array per column. The
pieces are freed, but glibc keeps freed blocks of that size in the process's heap, where the
joined arrays cannot use them: the process would hold the table twice. malloc_trim hands
those free pages back. Elsewhere than glibc this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable
from functools import cache


@cache
def _trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        found: Callable[[int], int] = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return None
    return found


def give_back() -> None:
    """Return the heap's free pages to the operating system, where the C library allows it."""
    trim = _trim()
    if trim is not None:
        trim(0)
