"""One target explained for the terminal: every line within the width, in the reader's language.

Text wraps between words (never inside a number, date or URL); sources are numbered footnotes
with the whole URL on a line of its own (the one line that may pass the width); measures are
named, not given by id.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.cells import cell_len
from rich.text import Text

from swtrack.assess.interval import ratio_text
from swtrack.assess.model import Assessment, Used
from swtrack.load.tracker import Tracker
from swtrack.model.base import in_language
from swtrack.render.fit import pad
from swtrack.render.numbers import number
from swtrack.render.say import Sayer
from swtrack.render.states import unit_state, year_state
from swtrack.render.status import gap_basis, gap_text, latest_text, pace_text, projected_text
from swtrack.render.text import COLOUR, as_of_line, kind_name, method_name, qualified, status_text, unit_name, word
from swtrack.render.wrap import wrap, wrap_items

YES_NO = {"zh": ("是", "否"), "en": ("yes", "no")}
# The column headers of explain's tables.
HEADERS = {
    "zh": {
        "date": "日期", "area": "地区", "value": "数值", "grade": "等级", "source": "来源",
        "phase": "阶段", "end": "截止", "expected": "应达", "from": "依据", "met": "达到",
        "part": "部分", "share": "比例", "target": "目标", "band": "区间", "inside": "在区间内",
        "unit": "单位", "state": "情况", "how": "说明", "year": "年份", "evidence": "证据",
    },
    "en": {
        "date": "date", "area": "area", "value": "value", "grade": "grade", "source": "source",
        "phase": "phase", "end": "end", "expected": "expected", "from": "from", "met": "met",
        "part": "part", "share": "share", "target": "target", "band": "band", "inside": "inside",
        "unit": "unit", "state": "state", "how": "how", "year": "year", "evidence": "evidence",
    },
}  # fmt: skip
PER_YEAR = {"zh": "/年", "en": "/yr"}


@dataclass
class Sources:
    """The sources an explanation cites, numbered in order of first citation."""

    numbers: dict[str, int] = field(default_factory=dict)
    # Where in the tracker each source is cited (file and line), in order.
    places: dict[str, list[str]] = field(default_factory=dict)

    def cite(self, url: str, where: str) -> str:
        if url not in self.numbers:
            self.numbers[url] = len(self.numbers) + 1
            self.places[url] = []
        if where and where not in self.places[url]:
            self.places[url].append(where)
        return f"[{self.numbers[url]}]"


def table(headers: list[str], body: list[list[str]], width: int) -> list[str]:
    """Columns two cells apart, each as wide as its widest cell; the last column wraps to the
    width under itself."""
    widths = [max(cell_len(r[i]) for r in [headers, *body]) for i in range(len(headers))]
    start = sum(widths[:-1]) + 2 * (len(widths) - 1)
    if start > width - 10:
        # Too wide for columns: each row as one paragraph of named cells.
        return [
            line
            for row in body
            for line in wrap(
                " · ".join(f"{h} {c}" for h, c in zip(headers, row, strict=True) if c), width, "    ", "  "
            )
        ]
    lines = []
    for row in [headers, *body]:
        head = "  ".join(pad(c, widths[i]) for i, c in enumerate(row[:-1]))
        head = head + "  " if len(row) > 1 else head
        lines.extend(wrap(row[-1], width, " " * start, head))
    return lines


def explain_lines(a: Assessment, tracker: Tracker, lang: str, width: int, over: str = "") -> list[Text]:
    """The clause, its wording, the status and the rule, the figures behind them and the notes,
    then the sources: each line at most width cells (but a footnote's long URL). `over` names the
    level of areas a coverage or range target is judged over (每个县级单位)."""
    zh = lang == "zh"
    sayer = Sayer(tracker)
    sayer.parts = {s.label["en"]: s.label["zh"] for s in a.shares}

    def say(text: str) -> str:
        return sayer.say(text) if zh else text

    def w(key: str) -> str:
        return word(key, lang)

    colon = "：" if zh else ": "
    head = HEADERS[lang]
    sources = Sources()
    out: list[Text] = []

    def para(text: str, style: str = "", first: str = "") -> None:
        out.extend(Text(line, style=style) for line in wrap(text, width, "  ", first))

    def heading(text: str) -> None:
        out.append(Text(text, style="bold"))

    heading(f"{a.target} · {a.label[lang]}")
    para(as_of_line(a.as_of, a.as_of_basis, lang))
    due = a.deadline or "—"
    if a.deadline_inferred:
        due += f" ({w('inferred')})" if not zh else f"（{w('inferred')}）"
    parts = [
        f"{w('clause')}{colon}{a.clause}",
        f"{w('kind')}{colon}{kind_name(a.kind, lang)}" + ((f"（{over}）" if zh else f" ({over})") if over else ""),
        f"{w('due')}{colon}{due}",
    ]
    para(" · ".join(parts))
    para(f"{w('wording')}{colon}{a.wording}")
    if a.note:
        para(f"{w('note')}{colon}{in_language(a.note, a.note_zh or '', lang)}")
    status = Text(f"{w('status')}{colon}")
    status.append(status_text(a.status, lang), style=COLOUR[a.status])
    out.append(status)
    para(f"{w('rule')}{colon}{say(a.rule)}")
    for cut in a.breaks:
        rows = _places([f"{cut.before.file}:{cut.before.line}", f"{cut.after.file}:{cut.after.line}"], lang)
        text = f"{w('series_break')}{colon}{cut.before.date} → {cut.after.date}"
        text += (f"（{cut.change:+.0%}，{cut.months} 个月；{'、'.join(rows)}）" if zh
                 else f" ({cut.change:+.0%}, {cut.months} months; {'; '.join(rows)})")  # fmt: skip
        para(text, "yellow")
    if a.kind == "milestone":
        # The deciding events (or what was done instead), each in the reader's language, its source a
        # numbered footnote with its grade beside it.
        for e in a.events:
            told = in_language(e.evidence, e.evidence_zh, lang)
            cite = sources.cite(e.source_url, f"{e.file}:{e.line}")
            grade = f"（{w('grade')} {e.grade}）{cite}" if zh else f" ({w('grade')} {e.grade}) {cite}"
            if e.status == "substitute":
                para(f"{w('substitute')}{colon}{told}{grade}", COLOUR[a.status])
            else:
                para(f"{w('evidence')}{colon}{e.date} {told}{grade}")
    facts = _facts(a, lang, say)
    if facts:
        key_width = max(cell_len(k) for k, _ in facts)
        for key, value in facts:
            out.extend(Text(line) for line in wrap(value, width, " " * (key_width + 2), pad(key, key_width) + "  "))
    if a.phases:
        heading(w("phases"))
        plan = tracker.plan(a.plan)
        yes, no = YES_NO[lang]
        body = []
        for ph in a.phases:
            phase = plan.phase(ph.phase)
            observed = "—" if ph.observed is None else qualified(ph.observed, ph.observed_qualifier, lang)
            met = "—" if ph.met is None else (yes if ph.met else no)
            name = phase.name.get(lang) if phase else ph.phase
            row = [ph.end, number(ph.expected, lang), w(ph.expected_from), observed, ph.observed_date or "—", met, name]
            body.append(row)
        cols = ["end", "expected", "from", "value", "date", "met", "phase"]
        out.extend(Text(line) for line in table([head[c] for c in cols], body, width))
    if a.shares:
        heading(w("shares"))
        yes, no = YES_NO[lang]
        body = []
        for s in a.shares:
            share = "—" if s.share is None else f"{s.share:.1%}"
            if s.share_low is not None and s.share_high is not None and s.share_low != s.share_high:
                share = f"{s.share_low:.1%}–{s.share_high:.1%}"
            inside = "—" if s.inside is None else (yes if s.inside else no)
            band = "—" if s.band is None else f"{s.band[0]:.1%}–{s.band[1]:.1%}"
            target = f"{s.target:.0%} ± {s.tolerance:.0%}"
            body.append([number(s.value, lang), share, target, band, inside, s.label[lang]])
        cols = ["value", "share", "target", "band", "inside", "part"]
        out.extend(Text(line) for line in table([head[c] for c in cols], body, width))
    if a.units:
        heading(w("units"))
        body = []
        for unit in a.units:
            value = "—" if unit.value is None else qualified(unit.value, unit.qualifier, lang)
            name = unit.unit if unit.area in ("", unit.unit) else f"{unit.unit}（{unit.area}）"
            body.append([name, value, unit_state(unit.state, lang), unit.date or "—", say(unit.derived)])
        cols = ["unit", "value", "state", "date", "how"]
        out.extend(Text(line) for line in table([head[c] for c in cols], body, width))
    if a.years:
        heading(w("years"))
        body = [[str(y.year), year_state(y.state, lang), in_language(y.evidence, y.evidence_zh, lang)] for y in a.years]
        out.extend(Text(line) for line in table([head[c] for c in ("year", "state", "evidence")], body, width))
    if a.used:
        heading(w("observations"))
        out.extend(Text(line) for line in _used(a.used, tracker, lang, width, sources, sayer))
    notes = a.notes
    if notes:
        heading(w("notes"))
        for note in notes:
            para(say(note), first="- ")
    if sources.numbers:
        heading(w("sources"))
        sep = "；" if zh else "; "
        for url, number_of in sources.numbers.items():
            mark = f"[{number_of}] "
            out.append(Text(f"{mark}{url}"))
            if sources.places[url]:
                indent = " " * len(mark)
                places = _places(sources.places[url], lang)
                out.extend(Text(line, style="dim") for line in wrap_items(places, width, sep, indent, indent))
    return out


def _places(places: list[str], lang: str) -> list[str]:
    """file:line citations grouped by file: "data/observations.csv 第 2、4 行"."""
    lines: dict[str, list[int]] = {}
    for place in places:
        file, _, line = place.rpartition(":")
        lines.setdefault(file, []).append(int(line))
    out = []
    for file, numbers in lines.items():
        shown = ("、" if lang == "zh" else ", ").join(str(n) for n in sorted(numbers))
        if lang == "zh":
            out.append(f"{file} 第 {shown} 行")
        else:
            out.append(f"{file}, line{'s' if len(numbers) > 1 else ''} {shown}")
    return out


def _facts(a: Assessment, lang: str, say: object) -> list[tuple[str, str]]:
    """The numbers behind the status, each with its name."""
    zh = lang == "zh"

    def w(key: str) -> str:
        return word(key, lang)

    per_year = PER_YEAR[lang]
    rows: list[tuple[str, str]] = []
    if a.target_value is not None:
        symbol = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}.get(a.comparator or "", a.comparator or "")
        rows.append((w("goal"), f"{symbol} {number(a.target_value, lang)}".strip()))
    if a.band is not None:
        rows.append((w("band"), f"{number(a.band[0], lang)} – {number(a.band[1], lang)}"))
    if a.value is not None:
        shown = number(a.value, lang)
        if a.kind == "increase":
            shown = latest_text(a, lang)
        elif a.kind == "ratio" and a.latest is not None:
            # The quotient (marked where a figure behind it is a bound), not the numerator's row.
            shown = f"{latest_text(a, lang)} · {a.latest.date}"
        elif a.latest is not None and a.kind not in ("coverage", "range", "per_capita", "recurring", "composition"):
            proxy = (f"（{w('proxy')}）" if zh else f" ({w('proxy')})") if a.latest.proxy else ""
            shown = f"{qualified(a.latest.value, a.latest.qualifier, lang)}{proxy} · {a.latest.date}"
        rows.append((w("latest"), shown))
    if a.bounds is not None and a.bounds[0] != a.bounds[1]:
        lo, hi = a.bounds
        rows.append(
            (w("bounds"), f"{'−∞' if lo is None else number(lo, lang)} – {'∞' if hi is None else number(hi, lang)}")
        )
    if a.gap is not None:
        basis = gap_basis(a, lang)
        rows.append((w("gap"), gap_text(a, lang) + (f" · {basis}" if basis else "")))
    if a.share_achieved is not None:
        rows.append((w("progress"), f"{a.share_achieved:.1%}"))
    if a.expected_now is not None:
        rows.append((w("expected"), number(a.expected_now, lang)))
    if a.baseline is not None:
        b = a.baseline
        origin = word(f"origin_{b.origin}", lang)
        told = f"{qualified(b.value, b.qualifier, lang)} · {b.date} · {origin} · {b.source}"
        if b.note:
            note = in_language(b.note, b.note_zh, lang)
            told += f"（{note}）" if zh else f" ({note})"
        rows.append((w("baseline"), told))
    if a.pace is not None:
        p = a.pace
        rows.append((w("required"), f"{number(p.required, lang)}{per_year}（{method_name(p.method, lang)}）" if zh
                     else f"{number(p.required, lang)}{per_year} ({method_name(p.method, lang)})"))  # fmt: skip
        rows.append((w("achieved"), f"{number(p.achieved, lang)}{per_year}"))
        rows.append(("R", ratio_text(p.ratio, 3)))
        if p.ratio_low is not None and p.ratio_high is not None and p.ratio_low != p.ratio_high:
            rows.append((w("r_range"), pace_text(a)))
        if p.fallback:
            rows.append(("", say(p.fallback) if callable(say) else p.fallback))
        if p.required_from_now is not None:
            rows.append((w("from_now"), f"{number(p.required_from_now, lang)}{per_year}"))
        rows.append((w("projected"), projected_text(a, lang)))
        rows.append((w("reach"), p.reach_date or "—"))
    return rows


def _used(used: list[Used], tracker: Tracker, lang: str, width: int, sources: Sources, sayer: Sayer) -> list[str]:
    """The figures used, under a heading per measure (its name, unit, and whether a proxy)."""
    zh = lang == "zh"
    head = HEADERS[lang]
    measures = tracker.measures
    lines: list[str] = []
    by_measure: dict[str, list[Used]] = {}
    for u in used:
        by_measure.setdefault(u.measure, []).append(u)
    rows: list[tuple[str, list[str] | None]] = []
    headers = [head["date"], head["area"], head["value"], head["grade"], head["source"]]
    for measure, items in by_measure.items():
        m = measures.get(measure)
        name = m.label.get(lang) if m else measure
        extra = [unit_name(m.unit, lang)] if m else []
        first = items[0]
        if first.proxy:
            extra += [word("proxy", lang), word("proxy_" + (first.direction or "unknown"), lang)]
        title = name + ((f"（{'，'.join(extra)}）" if zh else f" ({', '.join(extra)})") if extra else "")
        rows.append((title, None))
        for u in items:
            cite = sources.cite(u.source_url, f"{u.file}:{u.line}")
            rows.append(("", [u.date, u.area, qualified(u.value, u.qualifier, lang), u.grade, cite]))
    body = [r for _, r in rows if r is not None]
    widths = [max(cell_len(r[i]) for r in [headers, *body]) for i in range(len(headers))]

    def row_text(cells: list[str]) -> str:
        return "  ".join(pad(c, widths[i], right=i == 2) for i, c in enumerate(cells)).rstrip()

    lines.append("  " + row_text(headers))
    for title, r in rows:
        if r is None:
            lines.extend(wrap(title, width, "  "))
        else:
            lines.append("  " + row_text(r))
    del sayer
    return lines
