"""Reading text files: UTF-8, or GB18030 and BOMs with a warning, never a traceback."""

from __future__ import annotations

from pathlib import Path

from swtrack.findings import Report


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
