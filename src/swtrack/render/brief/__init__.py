"""The progress brief, generated from the assessments alone, as markdown or as one self-contained HTML file.

The first screen counts each plan's targets by status group, says why each plan is judged at its date,
then lists what needs action apart from what needs data (each with the figure that decides it, and
for the latter the data that would settle it), then what is on track, met or not judged; then every
phase and target in detail, with charts of the published figures on a true time axis; then the
numbered sources.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from swtrack.assess.model import StatusReport
from swtrack.load.tracker import Tracker
from swtrack.model.plan import Plan, TargetBase
from swtrack.render.brief.detail import Charts, detail, sources_section
from swtrack.render.brief.facts import Sources
from swtrack.render.brief.summary import by_group, overview
from swtrack.render.brief.words import w
from swtrack.safe import md_text


@dataclass
class Brief:
    """The brief's text (markdown or HTML) and the chart files it links to (name → SVG text)."""

    markdown: str
    files: dict[str, str] = field(default_factory=dict)


def plain_title(plans: list[Plan], lang: str) -> str:
    """The brief's title as plain text (the HTML page's <title>); the heading escapes it as markdown."""
    return w("title", lang, title=plans[0].title.get(lang)) if len(plans) == 1 else w("title_many", lang, n=len(plans))


def _header(
    report: StatusReport, plans: list[Plan], lang: str, stamp: str | None, embed: Callable[[str], str] | None
) -> list[str]:
    colon = "：" if lang == "zh" else ": "
    out = [f"# {md_text(plain_title(plans, lang))}", "", *overview(report, plans, lang, embed=embed)]
    if stamp:
        out += [f"{w('generated', lang)}{colon}{stamp}", ""]
    return out


def render_brief(
    report: StatusReport,
    tracker: Tracker,
    lang: str,
    *,
    charts: str = "none",
    chart_prefix: str = "chart",
    stamp: str | None = None,
    fmt: str = "markdown",
) -> Brief:
    """The brief as markdown or HTML; with charts='svg' the SVG files it links are returned beside it.

    charts: 'svg' (files beside a markdown brief), 'inline' (SVG in the text; what HTML always uses) or 'none'.
    """
    targets: dict[str, tuple[Plan, TargetBase]] = {
        t.id: (p, t) for p, t in tracker.targets() if any(s.plan == p.id for s in report.plans)
    }
    plans = [tracker.plan(s.plan) for s in report.plans]
    labels = {m.id: m.label.get(lang) for m in tracker.catalogue.measures}
    sources = Sources(labels=labels)
    mode = "html" if fmt == "html" and charts != "none" else charts
    chart_set = Charts(mode=mode, prefix=chart_prefix)
    out = _header(report, plans, lang, stamp, chart_set.embed if fmt == "html" else None)
    out += by_group(report, plans, targets, tracker, sources, lang)
    out += detail(report, plans, targets, tracker, sources, chart_set, lang)
    out += sources_section(sources, lang)
    text = "\n".join(out).rstrip("\n") + "\n"
    if fmt == "html":
        from swtrack.render.brief.html import to_html

        return Brief(markdown=to_html(text, lang, plain_title(plans, lang), chart_set.inline))
    return Brief(markdown=text, files=chart_set.files)
