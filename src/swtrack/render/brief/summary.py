"""The brief's first screen: counts by status group for each plan, then what needs action apart from
what needs data, each target with the figure that decides it; then what is met, on track or not judged."""

from __future__ import annotations

from collections.abc import Callable

from swtrack.assess.model import Assessment, PlanSummary, StatusReport
from swtrack.load.tracker import Tracker
from swtrack.model.base import in_language
from swtrack.model.plan import Plan, TargetBase
from swtrack.model.status import GROUP_OF, Group
from swtrack.render.brief.facts import Sources, deciding_fact, settling_data, status_rank, status_word
from swtrack.render.brief.words import w
from swtrack.render.text import GROUP
from swtrack.safe import html_text, md_cell, md_text

# The groups as the table shows them, left to right: what needs a decision first.
ORDER = (Group.NEEDS_ACTION, Group.NEEDS_DATA, Group.ON_TRACK, Group.MET, Group.NOT_JUDGED)


def group_of(a: Assessment) -> Group:
    """The status group of a verdict; a status the vocabulary does not know yet needs action,
    where it cannot be overlooked."""
    return GROUP_OF.get(a.status, Group.NEEDS_ACTION)


def group_word(group: Group, lang: str) -> str:
    """A group's name as a heading: 需要采取行动 / Needs action."""
    text = GROUP[lang][group]
    return text[:1].upper() + text[1:]


def _plan_name(plan: Plan, lang: str) -> str:
    title = plan.title.get(lang)
    if not plan.document_number:
        return title
    return f"{title}（{plan.document_number}）" if lang == "zh" else f"{title} ({plan.document_number})"


Row = tuple[str, str, dict[Group, int]]


def _table_md(rows: list[Row], lang: str) -> list[str]:
    head = [w("col_plan", lang), w("col_as_of", lang), *(group_word(g, lang) for g in ORDER)]
    out = ["| " + " | ".join(head) + " |", "| --- | --- | " + " | ".join("---:" for _ in ORDER) + " |"]
    for name, as_of, counts in rows:
        cells = [md_cell(name), as_of, *(str(counts[g]) for g in ORDER)]
        out.append("| " + " | ".join(cells) + " |")
    return out


def _table_html(rows: list[Row], lang: str) -> list[str]:
    # Raw HTML (one block, no blank line): a class per group colours its column; the words in the
    # header carry the meaning when printed in grey.
    head = [f"<th>{html_text(w(k, lang))}</th>" for k in ("col_plan", "col_as_of")]
    head += [f'<th class="g-{g.value}">{html_text(group_word(g, lang))}</th>' for g in ORDER]
    out = ['<table class="groups">', "<thead><tr>" + "".join(head) + "</tr></thead>", "<tbody>"]
    for name, as_of, counts in rows:
        cells = [f"<th>{html_text(name)}</th>", f'<td class="d">{as_of}</td>']
        cells += [f'<td class="n g-{g.value}{"" if counts[g] else " zero"}">{counts[g]}</td>' for g in ORDER]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out += ["</tbody>", "</table>"]
    return out


def _as_of_note(summaries: list[PlanSummary], lang: str) -> str:
    """Why each plan is judged at its date, and where the newest figure it reads is."""
    bases = sorted({s.as_of_basis for s in summaries})
    one = "_one" if len(summaries) == 1 else ""
    why = ("；" if lang == "zh" else "; ").join(
        w(f"as_of_why_{b}{one if b == 'newest_read' else ''}", lang) for b in bases
    )
    where = [
        w("newest_where", lang, date=s.newest_read.date, file=s.newest_read.file, line=s.newest_read.line)
        for s in summaries
        if s.newest_read is not None
    ]
    text = w("as_of_note", lang, why=why)
    if where:
        text += w("newest_note", lang, where=("；" if lang == "zh" else "; ").join(where))
    return text


def item(a: Assessment, plan: Plan, target: TargetBase, tracker: Tracker, sources: Sources, lang: str) -> str:
    """A target, its status and the figure that decides it (and for one that needs data, what would settle it)."""
    fact = deciding_fact(a, target, tracker, sources, lang)
    text = w("item", lang, ref=a.target, label=md_text(a.label[lang]), status=status_word(a.status, lang), fact=fact)
    if group_of(a) is Group.NEEDS_DATA:
        text += w("item_needs", lang, need=settling_data(a, plan, target, tracker, lang))
    if a.note and group_of(a) is Group.NEEDS_ACTION:
        # The plan file's caveat can change how a shortfall reads (a deadline the tracker inferred).
        text += w("item_note", lang, note=md_text(in_language(a.note, a.note_zh or "", lang)))
    return text


def overview(
    report: StatusReport, plans: list[Plan], lang: str, *, embed: Callable[[str], str] | None = None
) -> list[str]:
    """The table of counts by status group, a row per plan, and why each plan is judged at its date.

    For the HTML page (`embed` given) the table is HTML swtrack builds and escapes itself, put in
    the page where its placeholder stands: the markdown around it is rendered with raw HTML off."""
    rows: list[Row] = []
    for plan, summary in zip(plans, report.plans, strict=True):
        mine = [a for a in report.assessments if a.plan == plan.id]
        counts = {g: sum(group_of(a) is g for a in mine) for g in ORDER}
        rows.append((_plan_name(plan, lang), summary.as_of, counts))
    note = _as_of_note(report.plans, lang)
    if embed is not None:
        return [
            embed("\n".join(_table_html(rows, lang)) + "\n"),
            "",
            embed(f'<p class="note">{html_text(note)}</p>\n'),
            "",
        ]
    return [*_table_md(rows, lang), "", md_text(note), ""]


def by_group(
    report: StatusReport,
    plans: list[Plan],
    targets: dict[str, tuple[Plan, TargetBase]],
    tracker: Tracker,
    sources: Sources,
    lang: str,
) -> list[str]:
    """A section per status group: what needs action, then what needs data, then the rest."""
    out: list[str] = []
    plan_rank = {p.id: i for i, p in enumerate(plans)}
    order = {a.target: i for i, a in enumerate(report.assessments)}
    for group in ORDER:
        chosen = [a for a in report.assessments if group_of(a) is group]
        # Worst first within a plan; the plans in the order of the table.
        chosen.sort(key=lambda a: (plan_rank[a.plan], status_rank(a.status), order[a.target]))
        out += [f"## {group_word(group, lang)}", ""]
        if not chosen:
            out += [w(f"none_{group.value}", lang), ""]
            continue
        out += [f"- {item(a, targets[a.target][0], targets[a.target][1], tracker, sources, lang)}" for a in chosen]
        out.append("")
    return out
