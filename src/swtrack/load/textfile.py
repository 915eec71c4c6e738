"""Reading text files: UTF-8, or GB18030 and BOMs with a warning, never a traceback."""

from __future__ import annotations

import math
import os
from pathlib import Path

from swtrack.findings import Report, Say, SwtrackError

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
KIND_ZH = {
    "yaml": "targets/ 中的 YAML 文件（规划、目录、地区名录）",
    "areas_csv": "以 CSV 写的地区名录",
    "table": "快照表（observations、units）",
    "events": "事件表",
    "source": "规划原文",
}
SPLIT = {
    "yaml": "split a plan into several files, or write a large area registry as CSV (docs/areas.md)",
    "areas_csv": "split the registry by jurisdiction, one file each",
    "table": "split the table into a folder of files, data/<table>/*.csv",
    "events": "split the table into a folder of files, data/events/*.csv",
    "source": "keep only the plan's own text in the source file",
}
SPLIT_ZH = {
    "yaml": "把规划拆成几个文件，或把大的地区名录写成 CSV（docs/areas.md）",
    "areas_csv": "按辖区拆分名录，每个辖区一个文件",
    "table": "把表拆成一个文件夹中的多个文件：data/<table>/*.csv",
    "events": "把表拆成一个文件夹中的多个文件：data/events/*.csv",
    "source": "原文文件中只保留规划本身的文字",
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
    raised = f"SWTRACK_MAX_{kind.upper()}_MB={max(2 * default, int(size / MB) + 1)}"
    report.add(
        "file-too-large",
        Say(
            f"{display} is {size / MB:,.1f} MB ({size:,} bytes), over the {cap / MB:,.0f} MB cap for {what}; "
            "it was not read",
            f"{display} 有 {size / MB:,.1f} MB（{size:,} 字节），超过上限 {cap / MB:,.0f} MB"
            f"（{KIND_ZH[kind]}）；未读取",
        ),
        file=display,
        hint=Say(
            f"{SPLIT[kind][0].upper()}{SPLIT[kind][1:]}; or raise the cap, e.g. {raised} (docs/data-format.md).",
            f"{SPLIT_ZH[kind]}；或提高上限，如 {raised}（docs/data-format.md）。",
        ),
    )
    return True


def read_text(path: Path, display: str, report: Report) -> str | None:
    """Read a text file as UTF-8, accepting a BOM or GB18030 with a warning."""
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        report.add(
            "file-unreadable", Say(f"{display} is a folder, not a file", f"{display} 是文件夹，不是文件"), file=display
        )
        return None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        said = Say(f"cannot read {display}: {reason}", f"无法读取 {display}〔原文：{reason}〕")
        report.add("file-unreadable", said, file=display)
        return None
    return decode(raw, display, report)


SAVE_UTF8 = Say("Save the file as UTF-8 (Excel: 'CSV UTF-8').", "将文件另存为 UTF-8（Excel：'CSV UTF-8'）。")


def line_of(raw: bytes, offset: int) -> int:
    """The 1-based line a byte offset falls on."""
    return raw.count(b"\n", 0, offset) + 1


def decode(raw: bytes, display: str, report: Report) -> str | None:
    """UTF-8 text, accepting a BOM or GB18030 with a warning; anything else is a finding."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        report.add(
            "file-undecodable",
            Say(
                "the file is UTF-16 (byte offset 0 holds a UTF-16 byte-order mark)",
                "文件是 UTF-16 编码（字节偏移 0 处是 UTF-16 字节顺序标记）",
            ),
            file=display,
            line=1,
            hint=SAVE_UTF8,
        )
        return None
    nul = raw.find(b"\x00")
    if nul >= 0:
        report.add(
            "file-undecodable",
            Say(
                f"NUL byte at byte offset {nul}: this is not a text file",
                f"字节偏移 {nul} 处有 NUL 字节：这不是文本文件",
            ),
            file=display,
            line=line_of(raw, nul),
            hint=Say("Save the file as UTF-8 text; remove the NUL bytes.", "将文件另存为 UTF-8 文本；删除 NUL 字节。"),
        )
        return None
    skipped = 0
    if raw.startswith(b"\xef\xbb\xbf"):
        report.warn(
            "file-encoding",
            Say("the file starts with a UTF-8 byte-order mark", "文件以 UTF-8 字节顺序标记（BOM）开头"),
            file=display,
            line=1,
            hint=Say("Save as UTF-8 without BOM.", "另存为不带 BOM 的 UTF-8。"),
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
            Say(
                f"byte offset {first_bad + skipped}: not valid UTF-8 (nor GB18030)",
                f"字节偏移 {first_bad + skipped}：既不是有效的 UTF-8，也不是 GB18030",
            ),
            file=display,
            line=line_of(raw, first_bad),
        )
        return None
    report.warn(
        "file-encoding",
        Say(
            f"the file is encoded as GB18030/GBK, not UTF-8 (first non-UTF-8 byte at offset {first_bad + skipped}); "
            "it was read as GB18030",
            f"文件是 GB18030/GBK 编码，不是 UTF-8（第一个非 UTF-8 字节在偏移 {first_bad + skipped} 处）；"
            "已按 GB18030 读取",
        ),
        file=display,
        line=line_of(raw, first_bad),
        hint=Say("Save as UTF-8 (Excel: 'CSV UTF-8').", "另存为 UTF-8（Excel：'CSV UTF-8'）。"),
    )
    return text
