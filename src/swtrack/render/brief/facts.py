"""What the brief says about one target: its status group, the figure that decides it, what would settle it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from swtrack.assess.change import period_start
from swtrack.assess.context import STALE_DAYS
from swtrack.assess.model import SEVERITY_ORDER, Assessment, Status, Used
from swtrack.load.rows import Event
from swtrack.load.tracker import Tracker
from swtrack.model.areas import LEVEL_WORDS
from swtrack.model.base import in_language
from swtrack.model.dates import PartialDate
from swtrack.model.plan import IncreaseTarget, Plan, TargetBase
from swtrack.render.brief.words import BRIEF, w
from swtrack.render.numbers import number_for
from swtrack.render.status import QUALIFIER_MARK, bounds_mark, goal_text
from swtrack.render.text import STATUS, WORDS
from swtrack.safe import md_text

# Statuses are grouped by value, not by enum member, so statuses added to the enum later slot in:
# a status in no group is shown under "needs attention", where it cannot be overlooked.
MET_GROUP = ("met", "overshoot", "met_late", "met_by")
ATTENTION_GROUP = (
    "missed",
    "overdue",
    "moving_away",
    "off_track",
    "needs_acceleration",
    "met_by_substitute",
    "stale",
    "inconclusive",
)
UNKNOWN_GROUP = ("no_data", "stale", "inconclusive", "not_judged_yet")
OTHER_GROUP = ("on_track", "tracked")
UNIT_KINDS = ("coverage", "range", "per_capita")


def group_of(status: Status) -> str:
    """met, attention, unknown or other: the first-screen heading a status falls under."""
    if status.value in MET_GROUP:
        return "met"
    if status.value in OTHER_GROUP:
        return "other"
    if status.value in ATTENTION_GROUP:
        return "attention"
    if status.value in UNKNOWN_GROUP:
        return "unknown"
    return "attention"


def status_rank(status: Status) -> int:
    """Worst first; a status the ranking does not know yet goes just after the missed ones."""
    order = [s.value for s in SEVERITY_ORDER]
    if status.value in order:
        return order.index(status.value) * 2
    if status.value in ATTENTION_GROUP:
        return ATTENTION_GROUP.index(status.value) * 2 + 1
    return 1


def status_word(status: Status, lang: str) -> str:
    return STATUS[lang].get(status) or status.value.replace("_", " ")


def counts(assessments: list[Assessment], lang: str) -> str:
    """Counts by status, worst first: 未按期达成 1，无数据 22."""
    seen = sorted({a.status for a in assessments}, key=status_rank)
    parts = [f"{status_word(s, lang)} {sum(a.status is s for a in assessments)}" for s in seen]
    return ("，" if lang == "zh" else ", ").join(parts)


def join(items: list[str], lang: str, limit: int | None = None) -> str:
    if not items:
        return w("none", lang)
    shown = items if limit is None else items[:limit]
    text = ("、" if lang == "zh" else ", ").join(shown)
    if limit is not None and len(items) > limit:
        text += (" " if lang == "en" else "") + w("and_more", lang, n=len(items) - limit)
    return text


def figure(value: float, qualifier: str, lang: str) -> str:
    """A value with its qualifier in words: 超过 2,900 / about 100."""
    v = number_for(value, lang)
    if not qualifier:
        return v
    key = f"q_{qualifier}"
    try:
        return w(key, lang, v=v)
    except KeyError:
        return f"{QUALIFIER_MARK.get(qualifier, qualifier)}{v}"


@dataclass
class Sources:
    """Numbers every source URL in order of first citation, with the figures taken from it."""

    labels: dict[str, str] = field(default_factory=dict)  # measure id → its label in the brief's language
    numbers: dict[str, int] = field(default_factory=dict)
    grades: dict[str, list[str]] = field(default_factory=dict)
    lines: dict[str, list[str]] = field(default_factory=dict)

    def _add(self, url: str, grade: str, line: str) -> int:
        if url not in self.numbers:
            self.numbers[url] = len(self.numbers) + 1
        grades = self.grades.setdefault(url, [])
        if grade not in grades:
            grades.append(grade)
        lines = self.lines.setdefault(url, [])
        if line not in lines:
            lines.append(line)
        return self.numbers[url]

    def cite(self, used: list[Used], lang: str, *, grade: bool = True) -> str:
        refs: list[int] = []
        grades: list[str] = []
        for u in used:
            measure = self.labels.get(u.measure, u.measure)
            at = w("at", lang, file=u.file, line=u.line)
            line = w(
                "figure_line",
                lang,
                date=u.date,
                area=u.area,
                measure=measure,
                figure=figure(u.value, u.qualifier, lang),
                at=at,
            )
            n = self._add(u.source_url, u.grade, line)
            if n not in refs:
                refs.append(n)
            if u.grade not in grades:
                grades.append(u.grade)
        text = " ".join(f"[{n}]" for n in refs)
        if grade and grades:
            g = w("grade", lang, grade="/".join(sorted(grades)))
            text += f"（{g}）" if lang == "zh" else f" ({g})"
        return text

    def cite_event(self, e: Event, lang: str) -> str:
        status = BRIEF[lang].get(f"ev_{e.status}", e.status)
        at = w("at", lang, file=e.file, line=e.line)
        evidence = in_language(e.evidence, e.evidence_zh, lang)
        line = w("event_figure", lang, date=e.date, ref=e.ref, status=status, evidence=evidence, at=at)
        n = self._add(e.source_url, e.grade, line)
        g = w("grade", lang, grade=e.grade)
        return f"[{n}]" + (f"（{g}）" if lang == "zh" else f" ({g})")


def proxy_mark(u: Used, tracker: Tracker, lang: str, *, key: str = "proxy") -> str:
    """A proxy's measure and, where the catalogue says it, whether it is a lower or an upper bound:
    plain text for a chart (key='chart'), markdown otherwise."""
    measure = measure_label(tracker, u.measure, lang)
    direction = WORDS[lang].get(f"proxy_{u.direction}") if u.direction else None
    if key == "chart":
        return (
            w("chart_proxy_dir", lang, measure=measure, direction=direction)
            if direction
            else w("chart_proxy", lang, measure=measure)
        )
    measure = md_text(measure)
    return (
        w("proxy_dir", lang, measure=measure, direction=direction)
        if direction
        else w("proxy_of", lang, measure=measure)
    )


def bracket(text: str, lang: str) -> str:
    return f"（{text}）" if lang == "zh" else f" ({text})"


def measure_label(tracker: Tracker, measure: str, lang: str) -> str:
    m = tracker.measures.get(measure)
    return m.label.get(lang) if m is not None else measure


def area_name(tracker: Tracker, plan: Plan) -> str:
    city = tracker.areas.top(plan.jurisdiction)
    return city.name if city else plan.jurisdiction


def latest_event(tracker: Tracker, ref: str, as_of: str) -> Event | None:
    day = date.fromisoformat(as_of)
    events = [e for e in tracker.events if e.ref == ref and e.date.end <= day]
    return max(events, key=lambda e: (e.date.end, e.line), default=None)


def goal(a: Assessment, target: TargetBase, lang: str) -> str:
    """The goal with its deadline: 目标为 2020-12-31 前 ≥ 4万 / target ≥ 40,000 by 2020-12-31."""
    if a.deadline:
        by = w("by", lang, deadline=a.deadline)
    elif a.kind == "per_capita":
        by = ""
    else:
        by = w("each_year", lang)
    return w("fact_goal", lang, goal=goal_text(target, lang, wan=lang == "zh"), by=by)


def deciding_fact(a: Assessment, target: TargetBase, tracker: Tracker, sources: Sources, lang: str) -> str:
    """The one figure (or fact) that decides a target's status, with its date, qualifier and source."""
    sep = "；" if lang == "zh" else "; "
    if a.kind == "milestone" and a.substitute:
        instead = next(e for e in tracker.events if e.ref == a.target and e.status == "substitute")
        fact = w(
            "fact_substitute",
            lang,
            date=instead.date,
            evidence=in_language(instead.evidence, instead.evidence_zh, lang),
            cite=sources.cite_event(instead, lang),
        )
        return fact + (sep + goal(a, target, lang) if a.deadline else "")
    if a.kind == "milestone":
        e = latest_event(tracker, a.target, a.as_of)
        fact = (
            w(
                "fact_event",
                lang,
                date=e.date,
                evidence=md_text(in_language(e.evidence, e.evidence_zh, lang)),
                cite=sources.cite_event(e, lang),
            )
            if e is not None
            else w("fact_no_event", lang)
        )
        return fact + (sep + goal(a, target, lang) if a.deadline else "")
    if a.kind == "recurring":
        due = sum(y.state != "pending" for y in a.years)
        held = sum(y.state == "held" for y in a.years)
        fact = w("fact_years", lang, held=held, due=due)
        missed = [str(y.year) for y in a.years if y.state == "missed"]
        return fact + (sep + w("fact_not_held", lang, years=join(missed, lang)) if missed else "")
    if a.kind in UNIT_KINDS and a.units_total:
        when = max((u.date for u in a.units if u.date), default="")
        key = "fact_persons" if a.kind == "per_capita" else "fact_units_listed" if a.units_open else "fact_units"
        when = (f"（{when}）" if lang == "zh" else f" ({when})") if when else ""
        fact = w(key, lang, met=a.units_met, total=a.units_total, date=when)
        if a.units_unknown:
            fact += ("，" if lang == "zh" else ", ") + w("fact_units_unknown", lang, n=a.units_unknown)
        if a.units_open:
            fact += ("，" if lang == "zh" else "; ") + w("fact_units_open", lang)
        short = [md_text(u.unit) for u in a.units if u.state == "short"]
        if short:
            fact += sep + w("units_short", lang, names=join(short, lang, 3))
        cite = sources.cite(a.used, lang)
        return fact + (f" {cite}" if cite else "") + sep + goal(a, target, lang)
    if a.kind == "composition" and a.shares and all(s.share is not None for s in a.shares):
        worst = max(a.shares, key=lambda s: abs((s.share or 0) - s.target) - s.tolerance)
        fact = w(
            "fact_share",
            lang,
            part=md_text(worst.label[lang]),
            share=f"{(worst.share or 0):.0%}",
            target=f"{worst.target:.0%}",
            date=a.latest.date if a.latest else "—",
        )
        return f"{fact} {sources.cite(a.used, lang)}"
    if a.kind == "composition" and a.shares:
        missing = [md_text(s.label[lang]) for s in a.shares if s.value is None]
        if missing:
            return w("fact_mix_missing", lang, parts=join(missing, lang)) + sep + goal(a, target, lang)
    if a.kind == "ratio" and a.value is not None and a.latest is not None:
        same_day = [u for u in a.used if u.date == a.latest.date]
        shown = f"{bounds_mark(a.bounds)}{a.value:.2f}"  # a quotient of a bounded figure is bounded too
        fact = w("fact_ratio", lang, value=shown, date=a.latest.date, cite=sources.cite(same_day, lang))
        return fact + sep + (goal(a, target, lang) if a.target_value is not None else w("fact_no_number", lang))
    if a.kind == "increase" and a.value is not None and a.latest is not None and a.baseline is not None:
        shown = number_for(a.value, lang)
        if a.bounds is not None and a.bounds[0] != a.bounds[1]:
            shown = ("≥" if a.bounds[1] is None else "~") + shown
        cite = sources.cite(a.used, lang)
        fact = w("fact_increase", lang, value=shown, start=a.baseline.date, date=a.latest.date, cite=cite)
        return fact + sep + goal(a, target, lang)
    u = a.judged_on or a.latest
    if u is None:
        if a.status is Status.TRACKED:
            return w("fact_no_number", lang)
        return w("fact_none", lang) + sep + goal(a, target, lang)
    fact = w("fact_figure", lang, figure=figure(u.value, u.qualifier, lang), date=u.date, cite=sources.cite([u], lang))
    if u.proxy:
        fact += bracket(proxy_mark(u, tracker, lang), lang)
    later = a.latest
    if later is not None and later != u and PartialDate.parse(later.date).end > PartialDate.parse(u.date).end:
        then = figure(later.value, later.qualifier, lang)
        fact += sep + w("fact_then", lang, figure=then, date=later.date, cite=sources.cite([later], lang))
    if a.bounds is not None and a.bounds[0] != a.bounds[1]:
        low, high = (
            number_for(v, lang) if v is not None else ("−∞" if i == 0 else "∞") for i, v in enumerate(a.bounds)
        )
        fact += sep + w("fact_range", lang, low=low, high=high)
    if a.status is Status.TRACKED or getattr(target, "value", 0) is None:
        return fact + sep + w("fact_no_number", lang)
    return fact + sep + goal(a, target, lang)


def settling_data(
    a: Assessment,
    plan: Plan,
    target: TargetBase,
    tracker: Tracker,
    lang: str,
    escape: Callable[[str], str] = md_text,
) -> str:
    """What figure or evidence would settle a target that cannot be judged on the data: markdown,
    or with escape=str plain text (`swtrack gaps`)."""

    def m(mid: str) -> str:
        return escape(measure_label(tracker, mid, lang))

    area = escape(area_name(tracker, plan))
    if a.kind == "milestone" and a.substitute:
        instead = in_language(a.substitute, a.substitute_zh or "", lang)
        return w("need_substitute", lang, wording=escape(target.wording), instead=escape(instead))
    if a.kind == "milestone":
        return w("need_event", lang)
    if a.kind == "recurring":
        return w("need_years", lang)
    if a.kind == "composition":
        parts = [m(s.measure) for s in a.shares if s.value is None] or [m(s.measure) for s in a.shares]
        return w("need_mix", lang, parts=join(parts, lang), area=area)
    if a.kind in ("coverage", "range"):
        measure = m(getattr(target, "measure", ""))
        register = getattr(getattr(target, "units", None), "register_id", None) or ""
        reg = escape(next((r.label.get(lang) for r in tracker.catalogue.registers if r.id == register), register))
        # An open register also needs the count of all its units: the listed ones are not all.
        universe = w("need_universe", lang, register=reg) if a.units_open else ""
        level = getattr(getattr(target, "units", None), "areas", None)
        if level is not None and not a.units_total:
            due = plan.deadline_of(target)
            day = min(date.fromisoformat(a.as_of), due.end) if due else date.fromisoformat(a.as_of)
            words = {"level": LEVEL_WORDS[lang].get(level, level), "area": area, "date": day.isoformat()}
            return w("need_level_units", lang, measure=measure, **words)
        if any(u.state in ("no_data", "unknown") for u in a.units):
            return w("need_units", lang, measure=measure) + universe
        return w("need_register", lang, register=reg, measure=measure) + universe
    if a.kind == "per_capita":
        return w("need_person", lang, measure=m(getattr(target, "measure", "")))
    if a.kind == "ratio":
        num, den = m(getattr(target, "numerator", "")), m(getattr(target, "denominator", ""))
        # Same-date figures exist where the verdict has a quotient: what it lacks is an exact one, or a
        # recent one.
        if a.value is not None and a.status is Status.INCONCLUSIVE:
            return w("need_ratio_exact", lang, num=num, den=den, area=area)
        due = plan.deadline_of(target)
        if a.value is not None and due is not None and date.fromisoformat(a.as_of) >= due.end:
            return w("need_ratio_at", lang, num=num, den=den, area=area, date=due)
        return w("need_ratio", lang, num=num, den=den, area=area)
    measure = m(getattr(target, "measure", ""))
    due = plan.deadline_of(target)
    as_of = date.fromisoformat(a.as_of)
    if isinstance(target, IncreaseTarget):
        missing = missing_increase(a, plan, target, tracker)
        if isinstance(missing, date):
            return w("need_start", lang, measure=measure, area=area, date=missing.isoformat())
        if missing:
            return w("need_flow_years", lang, measure=measure, area=area, years=join(missing, lang))
    if a.status.value == "inconclusive":
        return w("need_exact", lang, measure=measure, area=area, date=due or a.as_of)
    if due is not None and as_of >= due.end:
        return w("need_deadline", lang, measure=measure, area=area, date=due)
    if a.latest is not None:
        return w("need_level", lang, measure=measure, area=area, since=a.latest.date)
    return w("need_level_any", lang, measure=measure, area=area)


def missing_increase(a: Assessment, plan: Plan, target: IncreaseTarget, tracker: Tracker) -> date | list[str]:
    """What an increase lacks: the period's start (a stock with no figure there), or the years of a
    flow with no figure up to the deadline (or the as-of date)."""
    start = period_start(plan, target)
    measure = tracker.measures.get(target.measure)
    if measure is None or measure.change != "flow":
        if a.status is not Status.NO_DATA:
            return []
        days = [PartialDate.parse(u.date).end for u in a.used]
        return [] if any(start - timedelta(days=STALE_DAYS) <= d <= start for d in days) else start
    due = plan.deadline_of(target)
    last = min(date.fromisoformat(a.as_of), due.end) if due else date.fromisoformat(a.as_of)
    seen = {PartialDate.parse(u.date).end.year for u in a.used if u.measure == target.measure}
    return [str(y) for y in range(start.year + 1, last.year + 1) if y not in seen]
