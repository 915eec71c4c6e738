"""Writing outputs atomically (temporary files beside the targets, then renames, as one set); a folder locked
while it is written."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path


class WriteError(Exception):
    """An output that cannot be written, or must not be replaced: one line, naming the path."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def check_target(path: Path) -> None:
    """Refuse to replace anything but a regular file: a rename over a device, a FIFO or a symbolic
    link would silently turn it into a plain file."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror}") from None
    if not stat.S_ISREG(mode):
        raise WriteError(f"{path} is {_kind(mode)}: swtrack replaces only regular files; choose another path")


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT, SIGTERM and SIGHUP held back while a set of files is renamed into place, so that
    a stop arrives before the first rename or after the last, never between two."""
    import signal

    held = {signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", signal.SIGTERM)}
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _temporary(path: Path, payload: bytes) -> str:
    import tempfile

    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    # A short prefix: the temporary name must fit where the target's own name just fits.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=folder)
    try:
        # mkstemp makes the file private (0600); give it the mode a plain open() would, or the old file's.
        os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def write_files(files: Mapping[Path, str | bytes]) -> None:
    """Write a set of files (a brief and its charts) so that readers see the old set or the new one:
    every target checked, every file written to a temporary file, and only then all renamed, in the
    order given (the file that names the others last). A failure leaves the old files and no
    temporary file; an OSError becomes a WriteError that says what happened and to which path."""
    for path in files:
        check_target(path)
    written: list[tuple[str, Path]] = []
    current = next(iter(files), Path("."))
    try:
        for path, data in files.items():
            current = path
            payload = data.encode("utf-8") if isinstance(data, str) else data
            written.append((_temporary(path, payload), path))
        with _signals_held():
            for tmp, path in written:
                current = path
                os.replace(tmp, path)
    except BaseException as exc:
        for tmp, _ in written:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(exc, OSError):
            raise WriteError(f"cannot write {current}: {exc.strerror or exc}") from None
        raise


def write_atomic(path: Path, data: str | bytes) -> None:
    """Replace path with data so that readers see the old file or the new one, never half of one."""
    write_files({path: data})


@contextlib.contextmanager
def locked(folder: Path, waiting: Callable[[], None] = lambda: None) -> Iterator[None]:
    """Hold an exclusive advisory lock (flock) on a folder while the block runs; `waiting` is called
    once when another process holds it and this one waits. A folder, not a lock file beside the data
    file: nothing is left behind, the folder exists before anything is written, and a lock on the
    tracker covers its reading and checking as well as the write."""
    import fcntl

    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
