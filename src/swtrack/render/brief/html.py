"""The brief as one self-contained HTML page: inline CSS and SVG, print styles for A4, nothing fetched."""

from __future__ import annotations

from swtrack.render.svg import CJK_FONTS
from swtrack.safe import html_text

CSS = f"""
:root {{ color-scheme: light; }}
body {{ font-family: {CJK_FONTS}; color: #111; background: #fff; line-height: 1.55; margin: 0; }}
main {{ max-width: 1000px; margin: 0 auto; padding: 8mm 10mm; }}
h1 {{ font-size: 1.6em; margin: 0 0 .4em; }}
p.note {{ font-size: .88em; color: #333; margin: .3em 0; }}
h2 {{ font-size: 1.3em; border-bottom: 2px solid #111; padding-bottom: .15em; margin-top: 1.6em; }}
h3 {{ font-size: 1.12em; margin-top: 1.3em; }}
h4, h5 {{ font-size: 1em; margin: 1.1em 0 .3em; }}
ul {{ padding-left: 1.3em; }}
li {{ margin: .15em 0; }}
a {{ color: #0b3d91; overflow-wrap: anywhere; }}
svg {{ display: block; max-width: 100%; height: auto; margin: .6em 0 1em; }}
strong {{ font-weight: 700; }}
table.groups {{ border-collapse: collapse; width: 100%; margin: .4em 0 .6em; font-size: .95em; }}
table.groups th, table.groups td {{ border: 1px solid #999; padding: .25em .45em; vertical-align: middle; }}
table.groups thead th {{ font-weight: 700; text-align: center; white-space: nowrap; }}
table.groups tbody th {{ text-align: left; font-weight: 400; }}
table.groups td.d {{ white-space: nowrap; }}
table.groups td.n {{ text-align: center; font-size: 1.35em; font-weight: 700; min-width: 3.2em; }}
table.groups td.zero {{ color: #777; font-weight: 400; background: #fff; }}
.g-needs_action {{ background: #f8d0d0; }}
.g-needs_data {{ background: #fbe3b5; }}
.g-on_track {{ background: #d5ecd5; }}
.g-met {{ background: #cfe0f5; }}
.g-not_judged {{ background: #e6e6e6; }}
thead .g-needs_action {{ border-top: 4px solid #b00000; }}
thead .g-needs_data {{ border-top: 4px solid #b36b00; }}
thead .g-on_track {{ border-top: 4px solid #2e7d32; }}
thead .g-met {{ border-top: 4px solid #0b3d91; }}
thead .g-not_judged {{ border-top: 4px solid #666; }}
@page {{ size: A4; margin: 15mm 14mm; }}
@media print {{
  main {{ max-width: none; padding: 0; }}
  table.groups {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; break-inside: avoid; }}
  body {{ font-size: 10.5pt; }}
  h1, h2, h3, h4, h5 {{ break-after: avoid; page-break-after: avoid; }}
  svg, li {{ break-inside: avoid; page-break-inside: avoid; }}
  a {{ color: #111; text-decoration: none; }}
}}
""".strip()


def to_html(markdown: str, lang: str, title: str, charts: dict[str, str] | None = None) -> str:
    """The markdown brief as one HTML document, its charts inline.

    The markdown is rendered with raw HTML off: whatever the text holds is shown as text, and only
    http(s) URLs become links. A chart stands in the markdown as a paragraph of its own placeholder
    (a random word no text can hold: see Charts) and its SVG, already escaped, takes that place.
    """
    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark", {"html": False}).render(markdown)
    for placeholder, svg in (charts or {}).items():
        paragraph = f"<p>{placeholder}</p>\n"
        if body.count(paragraph) != 1:
            raise AssertionError(f"chart placeholder {placeholder} not found once in the brief")
        body = body.replace(paragraph, svg)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{"zh-Hans" if lang == "zh" else "en"}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html_text(title)}</title>\n"
        f"<style>\n{CSS}\n</style>\n"
        "</head>\n"
        "<body>\n<main>\n"
        f"{body}"
        "</main>\n</body>\n</html>\n"
    )
