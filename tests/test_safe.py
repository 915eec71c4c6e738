"""The escaping functions and the safe file name of swtrack/safe.py, and that every writer uses them."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from swtrack.safe import (
    csv_cell,
    csv_cell_read,
    file_name,
    gh_data,
    html_text,
    is_http,
    md_cell,
    md_image,
    md_link,
    md_text,
    svg_text,
)

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "swtrack"


def test_html_text() -> None:
    assert html_text("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert html_text('"><img src=x onerror=a>') == "&quot;&gt;&lt;img src=x onerror=a&gt;"
    assert html_text("a'b&c") == "a&#x27;b&amp;c"
    assert html_text("a\x00b") == "a\ufffdb"


def test_svg_text_is_one_line_of_xml() -> None:
    assert svg_text('<svg onload="x">\r\n\r\n1') == "&lt;svg onload=&quot;x&quot;&gt; 1"
    assert svg_text("a\x00\x1bb\u202e") == "a\ufffd\ufffdb\ufffd"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<script>alert(1)</script>", "\\<script>alert(1)\\</script>"),
        ("](javascript:alert(1))", "\\](javascript:alert(1))"),
        ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
        ("a\r\n# b\n- c", "a \\# b - c"),
        ("# heading", "\\# heading"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("1. one", "1\\. one"),
        ("12) one", "12\\) one"),
        ("> quote", "\\> quote"),
        ("===", "\\==="),
        ("---", "\\---"),
        ("a|b", "a\\|b"),
        ("*em* _em_ ~~del~~ `code`", "\\*em\\* \\_em\\_ \\~\\~del\\~\\~ \\`code\\`"),
        ("snake_case 2015-12-31 0.67 -0.26 R&D", "snake_case 2015-12-31 0.67 -0.26 R&D"),
        ("&lt; &#60;", "\\&lt; \\&\\#60;"),
        ("trailing\\", "trailing\\\\"),
        ("北京市  东城区", "北京市 东城区"),
    ],
)
def test_md_text(text: str, shown: str) -> None:
    assert md_text(text) == shown


def test_md_cell_keeps_a_row_one_row() -> None:
    assert md_cell("a | b\r\nc\rd\ne") == "a \\| b c d e"
    assert md_cell(">300,000*") == ">300,000\\*"  # a cell cannot start a quote: > stays


def folded(text: str) -> str:
    """The text as md_cell shows it: control and format characters as U+FFFD, spaces folded."""
    marked = "".join(
        c if c in "\t\n\r" or unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Zl", "Zp") else "\ufffd" for c in text
    )
    return " ".join(marked.split())


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_md_text_shows_exactly_the_text_in_a_list_item(text: str) -> None:
    # In a list item, where the brief puts data, the text is one paragraph of plain text: no link,
    # emphasis, code, HTML, heading or nested list; and it shows the text itself, spaces folded.
    tokens = MarkdownIt("commonmark", {"html": True}).enable("strikethrough").parse(f"- label: {md_text(text)}\n")
    assert [t.type for t in tokens] == [
        "bullet_list_open",
        "list_item_open",
        "paragraph_open",
        "inline",
        "paragraph_close",
        "list_item_close",
        "bullet_list_close",
    ]
    children = tokens[3].children or []
    assert {c.type for c in children} == {"text"}
    assert "".join(c.content for c in children) == "label: " + folded(text) if folded(text) else "label:"


def test_links_only_for_http() -> None:
    assert md_link("https://example.org/a?b=1") == "<https://example.org/a?b=1>"
    assert md_link("HTTP://example.org") == "<HTTP://example.org>"
    assert md_link("javascript:alert(1)") == "javascript:alert(1)"
    assert md_link("data:text/html,<script>") == "data:text/html,\\<script>"
    assert md_link("https://x.org/<script>") == "https://x.org/\\<script>"
    assert md_link("https://x.org/\r\n# h") == "https://x.org/ \\# h"
    assert not is_http("file:///etc/passwd") and not is_http("//example.org") and not is_http("https://a b")
    assert md_image("图 ](javascript:x)", "简报 (1)-BJ-01.svg") == (
        "![图 \\](javascript:x)](%E7%AE%80%E6%8A%A5%20%281%29-BJ-01.svg)"
    )


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-1+2", "'-1+2"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("＝1+2", "'＝1+2"),
        ("-5", "-5"),
        ("-1,234.5", "-1,234.5"),
        ("北京", "北京"),
        (12, 12),
        ("", ""),
    ],
)
def test_csv_cell(value: object, written: object) -> None:
    assert csv_cell(value) == written
    if isinstance(written, str):
        assert csv_cell_read(written) == value


def test_gh_data_keeps_one_command_on_one_line() -> None:
    assert gh_data("a\r\n::error::x %") == "a%0D%0A::error::x %25"


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("北京市-2020-12-31", "北京市-2020-12-31"),
        ("东城区 (旧)", "东城区 (旧)"),
        ("../../escape/x", "_.._escape_x-" + "hash"),
        ("/etc/passwd", "_etc_passwd-hash"),
        ("..", "hash"),
        ("", "hash"),
        (".hidden", "hidden-hash"),
        ("a\x00b", "a_b-hash"),
        ("a\nb", "a_b-hash"),
        ("CON", "_CON-hash"),
        ("nul.txt", "_nul.txt-hash"),
        ("C:\\x", "C__x-hash"),
    ],
)
def test_file_name(name: str, safe: str) -> None:
    import hashlib

    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    assert file_name(name, ".csv") == safe.replace("hash", digest) + ".csv"


def test_file_name_cuts_long_names_and_keeps_names_apart() -> None:
    long = "区" * 300
    cut = file_name(long, ".xlsx")
    assert len(cut.encode()) <= 150 + 5 and cut.startswith("区" * 47) and cut.endswith(".xlsx")
    assert file_name(long) == file_name(long)  # deterministic
    assert file_name(long) != file_name(long + "x")
    assert file_name("a/b") != file_name("a\\b") != file_name("a:b")  # collapse to a_b, apart by hash


@given(st.text(max_size=300))
def test_file_name_is_always_one_plain_name(name: str) -> None:
    safe = file_name(name, ".csv")
    assert "/" not in safe and "\\" not in safe and "\x00" not in safe
    assert not safe.startswith(".") and safe not in (".csv", "..csv")
    assert len(safe.encode()) <= 160
    assert Path(safe).name == safe


# --- every writer uses them ---------------------------------------------------------------------

# What marks a module that writes an output format (a file, or text another program reads).
WRITES = {
    "markdown": re.compile(r'f"#{1,6} |"\| "|md_table\(|!\[|f"- |f"\{level\} '),
    "html": re.compile(r"<!DOCTYPE|MarkdownIt\("),
    "svg": re.compile(r"<svg|<text "),
    "csv": re.compile(r"csv\.writer\("),
    "xlsx": re.compile(r"Workbook\(\)|create_sheet\("),
    "workflow commands": re.compile(r'"::|::\{'),
}
# The functions of safe.py that escape for each format (any one of them is how a module uses it).
ESCAPERS = {
    "markdown": ("md_text", "md_cell", "md_link", "md_image", "md_table"),
    "html": ("html_text",),
    "svg": ("svg_text",),
    "csv": ("csv_cell",),
    "xlsx": ("xlsx_cell",),
    "workflow commands": ("gh_data", "gh_property"),
}


# Text for a terminal, not a format another program reads (rich Text shows markup as it is); and the
# tracker's own files (init's registry CSV), which swtrack reads back: their text is kept exactly.
TERMINAL = ("render/console.py", "cli/scaffold.py")


def writer_modules() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "safe.py" or path.relative_to(PACKAGE).as_posix() in TERMINAL:
            continue
        text = path.read_text(encoding="utf-8")
        formats = [f for f, pattern in WRITES.items() if pattern.search(text)]
        if formats:
            found[path.relative_to(PACKAGE).as_posix()] = formats
    return found


def test_the_writers_are_found() -> None:
    found = writer_modules()
    for module in (
        "render/status.py",
        "render/diff.py",
        "render/github.py",
        "render/svg.py",
        "render/brief/html.py",
        "render/brief/detail.py",
        "render/brief/__init__.py",
        "render/brief/summary.py",
        "exchange/request.py",
    ):
        assert module in found, module
    assert "csv" in found["render/status.py"] and "xlsx" in found["exchange/request.py"]


@pytest.mark.parametrize("module", sorted(writer_modules()))
def test_every_writer_escapes_with_safe(module: str) -> None:
    """A module that writes markdown, HTML, SVG, CSV, xlsx or workflow commands calls the escaping
    function of that format from swtrack.safe (md_table escapes every cell with md_cell)."""
    text = (PACKAGE / module).read_text(encoding="utf-8")
    uses = set(re.findall(r"\b(\w+)\(", text))
    imported = "swtrack.safe" in text or "md_table" in text
    for fmt in writer_modules()[module]:
        if module == "exchange/sheets.py" and fmt == "csv":
            continue  # reads CSV only
        assert imported and uses & set(ESCAPERS[fmt]), f"{module} writes {fmt} without {ESCAPERS[fmt]}"


def test_the_csv_writers_escape_every_cell() -> None:
    # Every csv.writer's rows go through csv_cell, in each module that makes one for a reader.
    for module in ("render/status.py", "exchange/request.py"):
        text = (PACKAGE / module).read_text(encoding="utf-8")
        rows = re.findall(r"writer\.writerow\((.*)", text)
        assert rows
        data_rows = [r for r in rows if "COLUMNS" not in r and '"plan"' not in r]
        assert data_rows and all("csv_cell" in r or r.strip() == "" for r in data_rows), (module, rows)


def test_workbook_cells_are_set_only_through_xlsx_cell() -> None:
    text = (PACKAGE / "exchange" / "request.py").read_text(encoding="utf-8")
    assert "ws.append(" not in text and ".value =" not in text
    assert re.search(r"xlsx_cell\(ws\.cell\(", text)
