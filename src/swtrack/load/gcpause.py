"""Pausing Python's cyclic garbage collector while many acyclic objects are built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Rows, findings and result models hold no reference cycles; building hundreds of thousands
    of them would otherwise set off full collections that rescan every live object again and again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
