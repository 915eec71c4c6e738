"""Reading text files: UTF-8, or GB18030 and BOMs with a warning, never a traceback."""

from __future__ import annotations

import math
import os
from pathlib import Path

from swtrack.findings import Report, SwtrackError

MB = 1024 * 1024
# The largest file of each kind read, in MB, checked before a byte is read. A YAML file is
# composed node by node (about a second per MB, and 70 times its size in memory); a plain CSV
# table is cut into columns from its bytes (the national benchmark's largest table is 12 MB, and
# all of its tables 230 MB). Each can be raised with its SWTRACK_MAX_<KIND>_MB variable.
CAPS_MB: dict[str, tuple[str, int]] = {
    "yaml": ("YAML files in targets/ (plans, the catalogue, area registries)", 10),
    "areas_csv": ("area registries written as CSV", 64),
    "table": ("snapshot tables (observations, units)", 512),
    "events": ("event tables", 32),
    "source": ("a plan's source text", 5),
}
SPLIT = {
    "yaml": "split a plan into several files, or write a large area registry as CSV (docs/areas.md)",
    "areas_csv": "split the registry by jurisdiction, one file each",
    "table": "split the table into a folder of files, data/<table>/*.csv",
    "events": "split the table into a folder of files, data/events/*.csv",
    "source": "keep only the plan's own text in the source file",
}


def cap_bytes(kind: str) -> int:
    """The cap of a kind of file in bytes: its SWTRACK_MAX_<KIND>_MB, else the default."""
    name = f"SWTRACK_MAX_{kind.upper()}_MB"
    text = os.environ.get(name)
    if text is None:
        return CAPS_MB[kind][1] * MB
    try:
        megabytes = float(text)
    except ValueError:
        megabytes = math.nan
    if not math.isfinite(megabytes) or megabytes <= 0:
        # A typo never falls back to the default unseen: the run stops and says which variable.
        raise SwtrackError(
            f"{name}={text!r} is not a size in MB: set it to a positive number such as {2 * CAPS_MB[kind][1]}, "
            "or unset it for the default"
        )
    return int(megabytes * MB)


def too_large(path: Path, display: str, kind: str, report: Report) -> bool:
    """Whether a file is over the cap of its kind (a finding then, and it is not read)."""
    try:
        size = path.stat().st_size
    except OSError:
        return False  # the reader reports it
    cap = cap_bytes(kind)
    if size <= cap:
        return False
    what, default = CAPS_MB[kind]
    report.add(
        "file-too-large",
        f"{display} is {size / MB:,.1f} MB ({size:,} bytes), over the {cap / MB:,.0f} MB cap for {what}; "
        "it was not read",
        file=display,
        hint=f"{SPLIT[kind][0].upper()}{SPLIT[kind][1:]}; or raise the cap, e.g. "
        f"SWTRACK_MAX_{kind.upper()}_MB={max(2 * default, int(size / MB) + 1)} (docs/data-format.md).",
    )
    return True


def read_text(path: Path, display: str, report: Report) -> str | None:
    """Read a text file as UTF-8, accepting a BOM or GB18030 with a warning."""
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        report.add("file-unreadable", f"{display} is a folder, not a file", file=display)
        return None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        report.add("file-unreadable", f"cannot read {display}: {reason}", file=display)
        return None
    return decode(raw, display, report)


def line_of(raw: bytes, offset: int) -> int:
    """The 1-based line a byte offset falls on."""
    return raw.count(b"\n", 0, offset) + 1


def decode(raw: bytes, display: str, report: Report) -> str | None:
    """UTF-8 text, accepting a BOM or GB18030 with a warning; anything else is a finding."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        report.add(
            "file-undecodable",
            "the file is UTF-16 (byte offset 0 holds a UTF-16 byte-order mark)",
            file=display,
            line=1,
            hint="Save the file as UTF-8 (Excel: 'CSV UTF-8').",
        )
        return None
    nul = raw.find(b"\x00")
    if nul >= 0:
        report.add(
            "file-undecodable",
            f"NUL byte at byte offset {nul}: this is not a text file",
            file=display,
            line=line_of(raw, nul),
            hint="Save the file as UTF-8 text; remove the NUL bytes.",
        )
        return None
    skipped = 0
    if raw.startswith(b"\xef\xbb\xbf"):
        report.warn(
            "file-encoding",
            "the file starts with a UTF-8 byte-order mark",
            file=display,
            line=1,
            hint="Save as UTF-8 without BOM.",
        )
        raw, skipped = raw[3:], 3
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        report.add(
            "file-undecodable",
            f"byte offset {first_bad + skipped}: not valid UTF-8 (nor GB18030)",
            file=display,
            line=line_of(raw, first_bad),
        )
        return None
    report.warn(
        "file-encoding",
        f"the file is encoded as GB18030/GBK, not UTF-8 (first non-UTF-8 byte at offset {first_bad + skipped}); "
        "it was read as GB18030",
        file=display,
        line=line_of(raw, first_bad),
        hint="Save as UTF-8 (Excel: 'CSV UTF-8').",
    )
    return text
