"""The brief's detail: every phase and every target (clause, wording, figures, grades, chart), then the sources."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date

from swtrack.assess.model import Assessment, StatusReport
from swtrack.load.tracker import Tracker
from swtrack.model.base import in_language
from swtrack.model.dates import PartialDate
from swtrack.model.plan import Plan, TargetBase
from swtrack.render.brief.charts import chart_for
from swtrack.render.brief.facts import (
    UNIT_KINDS,
    Sources,
    bracket,
    counts,
    deciding_fact,
    figure,
    join,
    measure_label,
    proxy_mark,
    settling_data,
    status_word,
)
from swtrack.render.brief.words import w
from swtrack.render.numbers import number_for
from swtrack.render.status import pace_text, projected_text
from swtrack.render.svg import time_chart
from swtrack.render.text import method_name
from swtrack.safe import file_name, md_image, md_link, md_text

SERIES_MEASURE_KINDS = ("threshold", "approx")


@dataclass
class Charts:
    """How charts are written: 'svg' files beside the brief, 'inline' SVG in the text, 'html' (a
    placeholder in the text, the SVG in `inline`, for an HTML page rendered with raw HTML off), or 'none'."""

    mode: str
    prefix: str = "chart"
    files: dict[str, str] = field(default_factory=dict)
    inline: dict[str, str] = field(default_factory=dict)
    # Random, so that no text of the data can hold it; it never reaches the output.
    nonce: str = field(default_factory=lambda: "swtrackchart" + secrets.token_hex(12))

    def embed(self, html: str) -> str:
        """A placeholder paragraph for a block of HTML swtrack built and escaped itself (a chart, the
        first screen's table); the page puts the block in its place after rendering the markdown."""
        placeholder = f"{self.nonce}n{len(self.inline)}"
        self.inline[placeholder] = html
        return placeholder


def _figures(a: Assessment, target: TargetBase, tracker: Tracker, sources: Sources, lang: str) -> str:
    """Every figure a target used, oldest first, each with its qualifier, source and grade."""
    own = getattr(target, "measure", None) if a.kind in SERIES_MEASURE_KINDS else None
    parts = []
    broken = {(b.after.file, b.after.line): b for b in a.breaks}
    for u in sorted(a.used, key=lambda u: (PartialDate.parse(u.date).end, u.measure, u.line)):
        name = "" if u.measure == own or u.proxy else md_text(measure_label(tracker, u.measure, lang)) + " "
        text = f"{u.date} {name}{figure(u.value, u.qualifier, lang)} {sources.cite([u], lang)}"
        if u.proxy:
            text += bracket(proxy_mark(u, tracker, lang), lang)
        cut = broken.get((u.file, u.line))
        if cut is not None:
            # A figure that breaks the series after the one before it: two definitions, perhaps.
            change = f"{cut.change:+.0%}"
            text += bracket(w("series_break", lang, before=cut.before.date, change=change, months=cut.months), lang)
        parts.append(text)
    return ("；" if lang == "zh" else "; ").join(parts)


def target_block(
    a: Assessment,
    plan: Plan,
    target: TargetBase,
    tracker: Tracker,
    sources: Sources,
    charts: Charts,
    lang: str,
    level: str,
) -> list[str]:
    colon = "：" if lang == "zh" else ": "
    as_of = date.fromisoformat(a.as_of)
    head = f"{a.target} {md_text(a.label[lang])}{colon}{status_word(a.status, lang)}"
    out = [f"{level} {head}", ""]
    out.append(f"- {w('clause', lang)}{colon}{md_text(a.clause)}")
    out.append(f"- {w('wording', lang)}{colon}{md_text(a.wording)}")
    out.append(f"- {w('finding', lang)}{colon}{deciding_fact(a, target, tracker, sources, lang)}")
    if a.note:
        out.append(f"- {w('note', lang)}{colon}{md_text(in_language(a.note, a.note_zh or '', lang))}")
    if a.kind not in UNIT_KINDS and a.used:
        out.append(f"- {w('figures', lang)}{colon}{_figures(a, target, tracker, sources, lang)}")
    if a.kind in ("coverage", "range") and a.units:
        short = [md_text(u.unit) for u in a.units if u.state == "short"]
        unknown = [md_text(u.unit) for u in a.units if u.state in ("no_data", "unknown")]
        units = [w("units_short", lang, names=join(short, lang, 12))] if short else []
        units += [w("units_unknown", lang, names=join(unknown, lang, 12))] if unknown else []
        if units:
            out.append(f"- {w('units_line', lang)}{colon}" + ("；" if lang == "zh" else "; ").join(units))
    if (
        a.pace is not None
        and a.deadline
        and a.kind in SERIES_MEASURE_KINDS
        and PartialDate.parse(a.deadline).end > as_of
    ):
        pace = w(
            "pace_line",
            lang,
            ratio=pace_text(a),
            projected=projected_text(a, lang),
            deadline=a.deadline,
        )
        out.append(f"- {w('pace', lang)}{colon}{pace}")
    if a.status.value in ("no_data", "not_judged_yet", "stale", "inconclusive"):
        out.append(f"- {w('needs', lang)}{colon}{settling_data(a, plan, target, tracker, lang)}")
    out.append("")
    chart = chart_for(a, plan, target, tracker, lang) if charts.mode != "none" else None
    if chart is not None:
        svg = time_chart(chart, lambda v: number_for(v, lang))
        if charts.mode == "svg":
            name = file_name(f"{charts.prefix}-{a.target}", ".svg")
            charts.files[name] = svg
            out += [md_image(chart.title, name), ""]
        elif charts.mode == "html":
            out += [charts.embed(svg), ""]
        else:
            out += [svg.rstrip("\n"), ""]
    return out


def detail(
    report: StatusReport,
    plans: list[Plan],
    targets: dict[str, tuple[Plan, TargetBase]],
    tracker: Tracker,
    sources: Sources,
    charts: Charts,
    lang: str,
) -> list[str]:
    colon = "：" if lang == "zh" else ": "
    out = [f"## {w('detail', lang)}", ""]
    out += [f"{w('method', lang)}{colon}{w('method_line', lang, method=method_name(report.method, lang))}", ""]
    if charts.mode != "none":
        out += [w("chart_caption", lang), ""]
    as_of = date.fromisoformat(report.as_of)
    many = len(plans) > 1
    for plan in plans:
        if many:
            out += [f"### {md_text(plan.title.get(lang))}", ""]
        level = "####" if many else "###"
        mine = [a for a in report.assessments if a.plan == plan.id]
        groups: list[tuple[str, date | None, list[Assessment]]] = [
            (md_text(p.name.get(lang)), p.end.end, [a for a in mine if targets[a.target][1].phase == p.id])
            for p in plan.phases
        ]
        for a in mine:
            if targets[a.target][1].phase is None and a.deadline is not None:
                groups.append((w("due_group", lang, deadline=a.deadline), PartialDate.parse(a.deadline).end, [a]))
        groups.append((w("yearly", lang), None, [a for a in mine if a.deadline is None]))
        for name, end, group in groups:
            if not group:
                continue
            out += [f"{level} {name}", ""]
            key = "yearly_line" if end is None else "due_line" if end <= as_of else "open_line"
            out += [w(key, lang, end=end.isoformat() if end else "", n=len(group), counts=counts(group, lang)), ""]
            for a in group:
                out += target_block(a, plan, targets[a.target][1], tracker, sources, charts, lang, level + "#")
    return out


def sources_section(sources: Sources, lang: str) -> list[str]:
    if not sources.numbers:
        return []
    out = [f"## {w('sources', lang)}", "", w("sources_intro", lang), ""]
    for url, n in sources.numbers.items():
        grades = w("grade", lang, grade="/".join(sorted(sources.grades[url])))
        figures = ("；" if lang == "zh" else "; ").join(sources.lines[url])
        out.append(f"{n}. " + w("source_line", lang, url=md_link(url), grades=grades, figures=md_text(figures)))
    out.append("")
    return out
