"""Text broken into lines of at most a width in cells, never inside a number, date or URL."""

from __future__ import annotations

import re

from rich.cells import cell_len

# CJK characters and full-width forms: each may start a line on its own.
_CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u3000-\u303f"
_TOKEN = re.compile(rf"[ \t]+|[^\s{_CJK}]+|[{_CJK}]")
# Punctuation that never starts a line (kept with what precedes it) or ends one (kept with
# what follows it).
_CLOSE = set("，。；：、）」』”’》！？…,.;:)%")
_OPEN = set("（「『“‘《(")


def tokens(text: str) -> list[str]:
    """Words, numbers, dates and URLs whole, CJK characters one by one, closing punctuation kept
    with what it closes and opening punctuation with what it opens; spaces as their own tokens."""
    out: list[str] = []
    for tok in _TOKEN.findall(text):
        if out and not out[-1].isspace() and not tok.isspace() and (tok[0] in _CLOSE or out[-1][-1] in _OPEN):
            out[-1] += tok
        else:
            out.append(tok)
    return out


def wrap(text: str, width: int, indent: str = "", first: str = "") -> list[str]:
    """text in lines of at most width cells: the first line starts with `first`, the others with
    `indent`. A token wider than a line (a long URL) gets a line of its own, whole."""
    lines: list[str] = []
    line, used, pending = first, cell_len(first), ""
    start = True  # nothing but the prefix on the line yet
    for tok in tokens(text):
        if tok.isspace():
            pending = " " if not start else ""
            continue
        size = cell_len(tok)
        if not start and used + cell_len(pending) + size > width:
            lines.append(line.rstrip())
            line, used, pending, start = indent, cell_len(indent), "", True
        line += pending + tok
        used += cell_len(pending) + size
        pending, start = "", False
    lines.append(line.rstrip())
    return lines


def wrap_items(items: list[str], width: int, sep: str, indent: str = "", first: str = "") -> list[str]:
    """Items joined by sep, broken only between items (an area's name stays whole)."""
    lines: list[str] = []
    line, start = first, True
    for i, item in enumerate(items):
        piece = item + (sep if i < len(items) - 1 else "")
        if not start and cell_len(line) + cell_len(piece.rstrip()) > width:
            lines.append(line.rstrip())
            line, start = indent, True
        line += piece
        start = False
    lines.append(line.rstrip())
    return lines
