"""The brief's first screen: where each plan stands, what is met, what needs attention, what is unknown."""

from __future__ import annotations

from swtrack.assess.model import Assessment, StatusReport
from swtrack.dates import PartialDate
from swtrack.plan import Plan, TargetBase
from swtrack.render.brief.facts import (
    Sources,
    counts,
    deciding_fact,
    group_of,
    join,
    settling_data,
    status_rank,
    status_word,
)
from swtrack.render.brief.words import w
from swtrack.tracker import Tracker

GROUPS = ("met", "attention", "unknown", "other")


def standing(plan: Plan, mine: list[Assessment], as_of: str, lang: str) -> str:
    """Two sentences on where a plan stands: counts by status, then by what they mean and how fresh the data is."""
    first = w("standing", lang, title=plan.title.get(lang), as_of=as_of, n=len(mine), counts=counts(mine, lang))
    sizes = {g: sum(group_of(a.status) == g for a in mine) for g in GROUPS}
    groups = [w(f"group_{g}", lang, n=sizes[g]) for g in GROUPS if sizes[g]]
    dates = [u.date for a in mine for u in a.used]
    newest = (
        w("newest", lang, date=max(dates, key=lambda d: PartialDate.parse(d).end)) if dates else w("newest_none", lang)
    )
    second = w("standing_two", lang, groups=("、" if lang == "zh" else ", ").join(groups), newest=newest)
    if lang == "en":
        second = second[:1].upper() + second[1:]
    return f"{first}{second}" if lang == "zh" else f"{first} {second}"


def item(a: Assessment, target: TargetBase, tracker: Tracker, sources: Sources, lang: str) -> str:
    fact = deciding_fact(a, target, tracker, sources, lang)
    return w("item", lang, ref=a.target, label=a.label[lang], status=status_word(a.status, lang), fact=fact)


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
        out += [standing(plan, mine, report.as_of, lang), ""]
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
        needs.setdefault(need, []).append(
            f"{a.target} {a.label[lang]}（{status_word(a.status, lang)}）"
            if lang == "zh"
            else f"{a.target} {a.label[lang]} ({status_word(a.status, lang)})"
        )
    out += ["", f"{level}# {w('unknown_head', lang)}", ""]
    out += [f"- {w('unknown_item', lang, need=need, refs=join(refs, lang))}" for need, refs in needs.items()] or [
        w("none_unknown", lang)
    ]
    out.append("")
    return out
