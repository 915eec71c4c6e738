"""The swtrack command line: options in, core calls, a renderer out, an exit code.

The modules that define commands (check, exchange, files, report) do not postpone their
annotations (no `from __future__ import annotations`): typer reads every command's annotations
twice while it builds the command line, and written as strings they are evaluated each time,
a quarter of `swtrack --help`'s own time. Written out, they are evaluated once, at import.
"""

from __future__ import annotations

from swtrack.cli import check, exchange, files, report  # noqa: F401  (registers the commands)
from swtrack.cli.app import app

__all__ = ["app", "main"]


def _terminate(signum: int, frame: object) -> None:
    # Turn SIGTERM into an exception so that atomic writes clean up their temporary file.
    raise KeyboardInterrupt


def main() -> None:
    """The console-script entry point."""
    import signal

    signal.signal(signal.SIGTERM, _terminate)
    app()
