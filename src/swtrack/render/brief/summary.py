"""The brief's first screen: where each plan stands, what is met, what needs attention, what is unknown."""

from __future__ import annotations

from swtrack.assess.model import Assessment, StatusReport
from swtrack.load.tracker import Tracker
from swtrack.model.dates import PartialDate
from swtrack.model.plan import Plan, TargetBase
from swtrack.render.brief.facts import (
    Sources,
    counts,
    deciding_fact,
    figure,
    goal,
    group_of,
    join,
    measure_label,
    settling_data,
    status_rank,
    status_word,
)
from swtrack.render.brief.words import w
from swtrack.safe import md_text

# The counting sentence keeps targets met late or by a later date apart from those met on time.
GROUPS = ("met", "late", "attention", "unknown", "other")
LATE = ("met_late", "met_by")


def headline(
    mine: list[Assessment], targets: dict[str, tuple[Plan, TargetBase]], tracker: Tracker, lang: str
) -> str | None:
    """The newest figure of a counted target (threshold or approximate), with its qualifier and goal."""
    counted = [a for a in mine if a.kind in ("threshold", "approx") and a.latest is not None]
    if not counted:
        return None
    newest = max(counted, key=lambda a: PartialDate.parse(a.latest.date if a.latest else "1").end)
    a, u = newest, newest.latest
    if u is None:
        return None
    proxy = ""
    if u.proxy:
        mark = w("proxy_of", lang, measure=md_text(measure_label(tracker, u.measure, lang)))
        proxy = f"（{mark}）" if lang == "zh" else f" ({mark})"
    figure_text = figure(u.value, u.qualifier, lang)
    return w(
        "headline",
        lang,
        ref=a.target,
        label=md_text(a.label[lang]),
        figure=(" " if lang == "zh" and not u.qualifier else "") + figure_text,
        date=u.date,
        proxy=proxy,
        goal=goal(a, targets[a.target][1], lang),
    )


def standing(
    plan: Plan,
    mine: list[Assessment],
    as_of: str,
    lang: str,
    lead: str | None = None,
) -> str:
    """Two sentences on where a plan stands: counts by status, then by what they mean and how fresh the data is."""
    title = md_text(plan.title.get(lang))
    first = w("standing", lang, title=title, as_of=as_of, n=len(mine), counts=counts(mine, lang))
    sizes = {g: sum(_counted_as(a) == g for a in mine) for g in GROUPS}
    groups = [w(f"group_{g}", lang, n=sizes[g]) for g in GROUPS if sizes[g]]
    dates = [u.date for a in mine for u in a.used]
    newest = lead or (
        w("newest", lang, date=max(dates, key=lambda d: PartialDate.parse(d).end)) if dates else w("newest_none", lang)
    )
    second = w("standing_two", lang, groups=("、" if lang == "zh" else ", ").join(groups), newest=newest)
    if lang == "en":
        second = second[:1].upper() + second[1:]
    return f"{first}{second}" if lang == "zh" else f"{first} {second}"


def _counted_as(a: Assessment) -> str:
    return "late" if a.status.value in LATE else group_of(a.status)


def item(a: Assessment, target: TargetBase, tracker: Tracker, sources: Sources, lang: str) -> str:
    fact = deciding_fact(a, target, tracker, sources, lang)
    return w("item", lang, ref=a.target, label=md_text(a.label[lang]), status=status_word(a.status, lang), fact=fact)


def first_screen(
    report: StatusReport,
    plans: list[Plan],
    targets: dict[str, tuple[Plan, TargetBase]],
    tracker: Tracker,
    sources: Sources,
    lang: str,
    level: str = "##",
) -> list[str]:
    out = [f"{level} {w('summary', lang)}", ""]
    for plan in plans:
        mine = [a for a in report.assessments if a.plan == plan.id]
        lead = headline(mine, targets, tracker, lang)
        out += [standing(plan, mine, report.as_of, lang, lead), ""]
    plan_rank = {p.id: i for i, p in enumerate(plans)}
    met = [a for a in report.assessments if group_of(a.status) == "met"]
    attention = sorted(
        (a for a in report.assessments if group_of(a.status) == "attention"),
        key=lambda a: (status_rank(a.status), plan_rank[a.plan]),
    )
    out += [f"{level}# {w('met_head', lang)}", ""]
    out += [f"- {item(a, targets[a.target][1], tracker, sources, lang)}" for a in met] or [w("none_met", lang)]
    out += ["", f"{level}# {w('attention_head', lang)}", ""]
    out += [f"- {item(a, targets[a.target][1], tracker, sources, lang)}" for a in attention] or [
        w("none_attention", lang)
    ]
    # Unknowns grouped by the data that would settle them: one request often settles several targets.
    needs: dict[str, list[str]] = {}
    for a in report.assessments:
        if a.status.value not in ("no_data", "not_judged_yet", "stale", "inconclusive"):
            continue
        plan, target = targets[a.target]
        need = settling_data(a, plan, target, tracker, lang)
        label = md_text(a.label[lang])
        needs.setdefault(need, []).append(
            f"{a.target} {label}（{status_word(a.status, lang)}）"
            if lang == "zh"
            else f"{a.target} {label} ({status_word(a.status, lang)})"
        )
    out += ["", f"{level}# {w('unknown_head', lang)}", ""]
    out += [f"- {w('unknown_item', lang, need=need, refs=join(refs, lang))}" for need, refs in needs.items()] or [
        w("none_unknown", lang)
    ]
    out.append("")
    return out
