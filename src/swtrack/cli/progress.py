"""Progress of long runs on stderr: a rich bar while a person watches, nothing in pipes or CI."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

# step(what, done, total): what is being done and, where it is known, how far (done of total).
Step = Callable[..., None]


def interactive() -> bool:
    """A person is watching stderr: it is a terminal and no CI system says it runs the job."""
    return sys.stderr.isatty() and not os.environ.get("CI")


def _quiet(what: str, done: int | None = None, total: int | None = None) -> None:
    return None


def _shown(bar: Progress) -> Step:
    tasks: dict[str, TaskID] = {}

    def step(what: str, done: int | None = None, total: int | None = None) -> None:
        if what not in tasks:
            # A new step replaces the last: its bar starts empty, pulsing until it has a total.
            for task in tasks.values():
                bar.remove_task(task)
            tasks.clear()
            tasks[what] = bar.add_task(what, total=total)
        bar.update(tasks[what], completed=done or 0, total=total)

    return step


@contextmanager
def progress() -> Iterator[Step]:
    """A step function for the run; the bar, when shown, is cleared when the run ends."""
    if not interactive():
        yield _quiet
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TaskProgressColumn())
    with Progress(*columns, TimeElapsedColumn(), console=Console(stderr=True), transient=True) as bar:
        yield _shown(bar)
