"""Data is data: one escaping function per output format, and one safe file name, for every writer.

Text from a plan, a registry or a table (a title, a label, an area name, evidence, a URL) is never
markup, a formula, a link to anything but http(s), or a path in what swtrack writes. Every writer
passes data text through the function of its format here; nothing else escapes.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from typing import Any

# --- HTML and SVG ----------------------------------------------------------------------------


def _controls(text: str, keep: str = "") -> str:
    """Control and format characters (NUL, escape, bidi overrides …) made visible as U+FFFD."""
    return "".join(
        c if c in keep or unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Zl", "Zp") else "\ufffd" for c in text
    )


def html_text(text: str) -> str:
    """HTML text or a quoted attribute value: & < > " ' as entities."""
    return html.escape(_controls(text, keep="\t\n"), quote=True)


def svg_text(text: str) -> str:
    """SVG (XML) text or a quoted attribute value, on one line: XML forbids control characters, and a
    blank line would end the SVG where it sits inline in markdown."""
    return html.escape(" ".join(_controls(text, keep="\t\n\r").split()), quote=True)


# --- Markdown --------------------------------------------------------------------------------

# Inline markup wherever it stands: code, emphasis, links and images, raw HTML and autolinks,
# table cells, strikethrough, headings (and the closing #s of one), character references.
_MD_ALWAYS = re.compile(r"([\\`*\[\]<|~#]|&(?=#?[0-9A-Za-z]+;))")
# An underscore is inert between two letters or digits (snake_case); anywhere else it may emphasise.
_MD_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# What starts a block where a value begins a line (after a list marker, too): a list item, a heading
# underline or thematic break, a quote; and an ordered list item (1. or 1) and a space).
_MD_BLOCK = re.compile(r"^(?:[-+](?= |$)|=+$|-+$|>)")
_MD_ORDERED = re.compile(r"^(\d{1,9})(?=[.)](?: |$))")
_HTTP = re.compile(r"^https?://[^\s<>\"'`\\]+$", re.IGNORECASE)


def md_cell(text: str) -> str:
    """A markdown table cell: on one line (any line break or run of spaces is one space), every
    character markdown reads as inline markup escaped with a backslash, | too: no cell ends early."""
    flat = " ".join(_controls(text, keep="\t\n\r").split())
    return _MD_UNDERSCORE.sub(r"\\_", _MD_ALWAYS.sub(r"\\\1", flat))


def md_text(text: str) -> str:
    """Markdown inline text that shows exactly what it holds: a cell's escapes (md_cell), and where it
    begins a line (after a list marker, too), nothing that would start a list, a quote or a heading."""
    escaped = md_cell(text)
    if _MD_BLOCK.match(escaped):
        return "\\" + escaped
    return _MD_ORDERED.sub(r"\1\\", escaped, count=1)


def is_http(url: str) -> bool:
    """Whether a URL may become a link: http or https, no spaces, quotes or angle brackets."""
    return _HTTP.match(url) is not None


def md_link(url: str) -> str:
    """An http(s) URL as a markdown autolink; anything else (javascript:, data:, a path) as inert text."""
    return f"<{url}>" if is_http(url) else md_text(url)


def md_image(alt: str, file: str) -> str:
    """An image of a file beside the markdown: its alt text escaped, its name percent-encoded."""
    from urllib.parse import quote

    return f"![{md_text(alt)}]({quote(file)})"


# --- GitHub workflow commands ----------------------------------------------------------------


def gh_data(text: str) -> str:
    """The message of a workflow command (::error …::message): a line break cannot start another command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def gh_property(text: str) -> str:
    """A property of a workflow command (file=…,title=…): no : or , ends it early."""
    return gh_data(text).replace(":", "%3A").replace(",", "%2C")


# --- Spreadsheets ----------------------------------------------------------------------------

# What a spreadsheet reads as the start of a formula (OWASP, CSV injection), in ASCII and full width.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
_PLAIN_NUMBER = re.compile(r"^-?\d[\d,]*(\.\d+)?%?$")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would read a text cell as a formula (a plain negative number is a number)."""
    return text.startswith(FORMULA_START) and not _PLAIN_NUMBER.match(text)


def csv_cell(value: object) -> object:
    """A CSV cell: text a spreadsheet would run as a formula gets a leading ' (Excel and WPS then show
    it as text); numbers, dates and other text are left as they are."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def csv_cell_read(text: str) -> str:
    """A CSV cell read back: the ' that csv_cell put before a formula-like text taken off again."""
    return text[1:] if text.startswith("'") and is_formula_like(text[1:]) else text


# openpyxl refuses these in a cell; XML 1.0 cannot hold them.
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xlsx_cell(cell: Any, value: object) -> None:
    """Set an openpyxl cell: text is always a string cell (never a formula, whatever it starts with),
    marked as typed with a leading ' when it looks like one, so that editing it keeps it text."""
    if not isinstance(value, str):
        cell.value = value
        return
    text = _XLSX_ILLEGAL.sub("\ufffd", value)
    cell.value = text
    cell.data_type = "s"
    if is_formula_like(text):
        cell.quotePrefix = True


# --- File names ------------------------------------------------------------------------------

# A name longer than this (in UTF-8 bytes) is cut and gets a hash: file systems allow 255, and the
# temporary file beside it and a suffix need room.
NAME_BYTES = 150
_PATH_CHARS = re.compile(r'[/\\:*?"<>|]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def file_name(name: str, suffix: str = "") -> str:
    """A name from data as one safe file name inside its folder: no separator, no .., no control
    character, no name Windows reserves, not hidden, at most NAME_BYTES bytes. Chinese stays as it is;
    a name that had to change (or be cut) gets 8 hex digits of its hash, so two names that clean to
    the same text still name two files, and the same name always the same file."""
    clean = _PATH_CHARS.sub("_", _controls(name).replace("\ufffd", "_"))
    clean = clean.strip(" .")
    if clean.split(".")[0].upper() in _RESERVED:
        clean = "_" + clean
    if clean != name or not clean or len(clean.encode("utf-8")) > NAME_BYTES:
        digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        cut = clean.encode("utf-8")[: NAME_BYTES - 9].decode("utf-8", "ignore")
        clean = f"{cut}-{digest}" if cut else digest
    return clean + suffix
