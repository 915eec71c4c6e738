"""Rich renderables for the terminal: status tables, findings, the explanation of a target."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from swtrack.assess.interval import ratio_text
from swtrack.assess.model import Assessment, StatusReport
from swtrack.findings import CATALOGUE, Report, Severity
from swtrack.load.tracker import Tracker
from swtrack.model.base import in_language
from swtrack.render.status import gap_text, latest_text, pace_text
from swtrack.render.text import COLOUR, as_of_line, findings_count, following, number, qualified, status_text, word


def status_table(
    report: StatusReport, tracker: Tracker, lang: str, width: int, *, wide: bool = False
) -> RenderableType:
    """Every plan's targets, one line each, fitted to width cells (wide: every column, nothing cut)."""
    from swtrack.render.fit import status_lines

    return Group(*status_lines(report, tracker, lang, width, wide=wide))


def _row(table: Table, *cells: str) -> None:
    """A table row whose cells are plain text: rich reads markup in a str cell ([link=…], [bold]),
    and a unit, area or URL from the data must show as written."""
    table.add_row(*(Text(c) for c in cells))


def findings_table(report: Report, lang: str = "en", *, errors_only: bool = False) -> RenderableType:
    """Each finding on one line with its hint on the next, then the count; errors_only leaves
    the warnings out of the list (the count still has them)."""
    if not report.findings:
        return Text(word("clean", lang), style="green")
    lines: list[RenderableType] = []
    for f, followers in report.folded():
        if errors_only and f.severity is not Severity.ERROR:
            continue
        style = "red" if f.severity is Severity.ERROR else "yellow"
        head = Text.assemble((f"{f.location}: ", "bold"), (f"{f.severity.value} ", style), (f"[{f.code}] ", "cyan"))
        head.append(f.message)
        lines.append(head)
        hint = f.hint if f.hint is not None else CATALOGUE[f.code][1]
        lines.append(Text(f"    hint: {hint}", style="dim"))
        if followers:
            lines.append(Text(f"    {following(followers, lang)}", style="bold"))
    lines.append(Text(findings_count(len(report.errors), len(report.warnings), lang)))
    return Group(*lines)


def explain(a: Assessment, lang: str, over: str = "") -> RenderableType:
    """A target's assessment in full; `over` names the level of areas a coverage or range target
    is judged over (every 县级单位)."""

    def w(key: str) -> str:
        return word(key, lang)

    out: list[RenderableType] = []
    title = Text(f"{a.target} · {a.label[lang]}", style="bold")
    out.append(title)
    due = a.deadline or "—"
    if a.deadline_inferred:
        due += f" ({w('inferred')})"
    kind = a.kind + (f"（{over}）" if lang == "zh" else f" ({over})") if over else a.kind
    out.append(Text(as_of_line(a.as_of, a.as_of_basis, lang)))
    out.append(Text(f"{w('clause')}: {a.clause} · {w('kind')}: {kind} · {w('due')}: {due}"))
    out.append(Text(f"{w('wording')}: {a.wording}"))
    if a.note:
        out.append(Text(f"{w('note')}: {a.note}"))
    out.append(Text.assemble(f"{w('status')}: ", (status_text(a.status, lang), COLOUR[a.status])))
    out.append(Text(f"{w('rule')}: {a.rule}"))
    for cut in a.breaks:
        text = f"{w('series_break')}: {cut.before.date} → {cut.after.date} "
        text += f"({cut.change:+.0%}, {cut.months} {w('months')}; {cut.before.file}:{cut.before.line}, "
        out.append(Text(text + f"{cut.after.file}:{cut.after.line})", style="yellow"))
    if a.kind == "milestone":
        out.extend(_evidence_lines(a, lang))
    facts = Table(show_header=False, box=None, pad_edge=False)
    facts.add_column()
    facts.add_column(justify="right")
    if a.target_value is not None:
        _row(facts, w("goal"), f"{a.comparator or ''} {number(a.target_value)}".strip())
    if a.band is not None:
        _row(facts, "band", f"{number(a.band[0])} – {number(a.band[1])}")
    if a.value is not None:
        shown = number(a.value)
        if a.kind == "increase":
            shown = latest_text(a)
        elif a.latest is not None and a.kind not in ("coverage", "range", "per_capita", "recurring", "composition"):
            shown = qualified(a.latest.value, a.latest.qualifier, lang) + (f" ({w('proxy')})" if a.latest.proxy else "")
        _row(facts, w("latest"), shown)
    if a.bounds is not None and a.bounds[0] != a.bounds[1]:
        lo, hi = a.bounds
        _row(facts, w("bounds"), f"{'−∞' if lo is None else number(lo)} – {'∞' if hi is None else number(hi)}")
    if a.gap is not None:
        _row(facts, w("gap"), gap_text(a))
    if a.share_achieved is not None:
        _row(facts, w("progress"), f"{a.share_achieved:.1%}")
    if a.expected_now is not None:
        _row(facts, w("expected"), number(a.expected_now))
    if a.baseline is not None:
        b = a.baseline
        _row(facts, w("baseline"), f"{qualified(b.value, b.qualifier, lang)} ({b.date}, {b.origin}, {b.source})")
    if a.pace is not None:
        p = a.pace
        _row(facts, w("required"), f"{p.required:,.4g}/yr ({p.method})")
        _row(facts, w("achieved"), f"{p.achieved:,.4g}/yr")
        _row(facts, "R", ratio_text(p.ratio, 3))
        if p.ratio_low is not None and p.ratio_high is not None and p.ratio_low != p.ratio_high:
            _row(facts, w("r_range"), pace_text(a))
        if p.fallback:
            _row(facts, "", p.fallback)
        if p.required_from_now is not None:
            _row(facts, w("from_now"), f"{p.required_from_now:,.4g}/yr")
        _row(facts, w("projected"), number(p.projected_at_deadline))
        _row(facts, w("reach"), p.reach_date or "—")
    if facts.row_count:
        out.append(facts)
    if a.phases:
        t = Table(title=w("phases"), title_justify="left")
        for col in ("phase", "end", "expected", "from", "observed", "date", "met"):
            t.add_column(col)
        for ph in a.phases:
            met = "—" if ph.met is None else ("yes" if ph.met else "no")
            observed = "—" if ph.observed is None else qualified(ph.observed, ph.observed_qualifier, lang)
            _row(t, ph.phase, ph.end, number(ph.expected), w(ph.expected_from), observed, ph.observed_date or "—", met)
        out.append(t)
    if a.shares:
        t = Table(title=w("shares"), title_justify="left")
        for col in ("part", "value", "share", "target", "band", "inside"):
            t.add_column(col)
        for s in a.shares:
            share = "—" if s.share is None else f"{s.share:.1%}"
            if s.share_low is not None and s.share_high is not None and s.share_low != s.share_high:
                share = f"{s.share_low:.1%}–{s.share_high:.1%}"
            inside = "—" if s.inside is None else ("yes" if s.inside else "no")
            band = "—" if s.band is None else f"{s.band[0]:.1%}–{s.band[1]:.1%}"
            _row(t, s.label[lang], number(s.value), share, f"{s.target:.0%} ± {s.tolerance:.0%}", band, inside)
        out.append(t)
    if a.units:
        t = Table(title=w("units"), title_justify="left")
        for col in ("unit", "area", "value", "state", "date", "how"):
            t.add_column(col)
        for unit in a.units:
            value = "—" if unit.value is None else qualified(unit.value, unit.qualifier, lang)
            _row(t, unit.unit, unit.area, value, unit.state, unit.date or "—", unit.derived)
        out.append(t)
    if a.years:
        t = Table(title=w("years"), title_justify="left")
        t.add_column("year")
        t.add_column("state")
        t.add_column("evidence")
        for y in a.years:
            _row(t, str(y.year), y.state, in_language(y.evidence, y.evidence_zh, lang))
        out.append(t)
    if a.used:
        t = Table(title=w("observations"), title_justify="left")
        for col in ("date", "area", "measure", "value", "grade", "source", "at"):
            t.add_column(col, overflow="fold")
        for u in a.used:
            measure = u.measure + (f" ({w('proxy')}, {w('proxy_' + (u.direction or 'unknown'))})" if u.proxy else "")
            value = qualified(u.value, u.qualifier, lang)
            _row(t, u.date, u.area, measure, value, u.grade, u.source_url, f"{u.file}:{u.line}")
        out.append(t)
    if a.notes:
        out.append(Text(f"{w('notes')}:", style="bold"))
        out.extend(Text(f"- {n}") for n in a.notes)
    return Group(*out)


def _evidence_lines(a: Assessment, lang: str) -> list[Text]:
    """A milestone's deciding events (or what was done instead), each in the output's language
    (in_language: the `_zh` column in zh, the original in en) with its source and grade."""
    out = []
    for e in a.events:
        text = in_language(e.evidence, e.evidence_zh, lang)
        g = f"{word('grade', lang)} {e.grade}"
        where = f"（{e.source_url}，{g}）" if lang == "zh" else f" ({e.source_url}, {g})"
        if e.status == "substitute":
            out.append(Text(f"{word('substitute', lang)}: {text}{where}", style=COLOUR[a.status]))
        else:
            out.append(Text(f"{word('evidence', lang)}: {e.date} {text}{where}"))
    return out
