"""Findings, reports and the catalogue of finding codes."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class SwtrackError(Exception):
    """A failure that is not a data finding (no tracker folder, bad option)."""


# code -> (title, fix) in English and in Chinese. docs/findings.md lists the same catalogue; a test
# keeps them in step, and one that every zh title and fix is Chinese.
CATALOGUE: dict[str, tuple[str, str]] = {
    "file-unreadable": ("A file cannot be read", "Check the path and its permissions."),
    "file-encoding": ("A file is not UTF-8", "Save the file as UTF-8 without BOM."),
    "file-too-large": (
        "A file is over the size cap of its kind",
        "Split the file, or raise the cap with its SWTRACK_MAX_<KIND>_MB variable (docs/data-format.md).",
    ),
    "file-undecodable": (
        "A file cannot be decoded as text",
        "Save the file as UTF-8 text; binary files do not belong in targets/ or data/.",
    ),
    "folder-missing": ("A tracker folder is missing", "Create it; see docs/data-format.md."),
    "yaml-syntax": ("YAML syntax error", "Fix the YAML at the line and column shown."),
    "yaml-tab": ("Tab character in YAML", "Indent with spaces, never tabs."),
    "yaml-duplicate-key": ("A key appears twice in one mapping", "Keep one of the two keys."),
    "yaml-alias": ("YAML anchors and aliases are not allowed", "Write the value out in full."),
    "yaml-not-mapping": ("The YAML document is not a mapping", "Start the file with `key: value` lines."),
    "unknown-key": ("Unknown key", "Use one of the keys the format defines (docs/plan-format.md)."),
    "missing-key": ("A required key is missing", "Add the key; see docs/plan-format.md."),
    "invalid-value": ("A value has the wrong type or shape", "See docs/plan-format.md for the allowed values."),
    "unknown-measure": ("A measure is not in the catalogue", "Add it to targets/measures.yaml or fix the id."),
    "unknown-register": ("A register is not in the catalogue", "Add it to targets/measures.yaml or fix the id."),
    "unknown-phase": ("A target names a phase the plan does not have", "Use one of the plan's phase ids."),
    "duplicate-id": ("Two items share one id", "Give each plan, target, measure or area its own id."),
    "phases-out-of-order": ("Phases are not in date order", "List phases by their end date."),
    "deadline-before-baseline": ("A target is due before its baseline", "Check the due date and the baseline date."),
    "source-missing": (
        "A plan's source_text file is not there",
        "Put the plan's text in the tracker (sources/) and name it in source_text.",
    ),
    "wording-not-in-source": (
        "A target's wording is not in the plan's source text",
        "Quote the plan as its source text words it (…… marks an omission).",
    ),
    "level-without-units": (
        "A coverage target counts a level of areas the registry does not hold",
        "Add the areas of that level to targets/areas/, or count another level.",
    ),
    "unknown-area": ("An area is not in any area registry", "Use the area's name as the registry spells it."),
    "area-not-valid": (
        "An area did not exist at the row's date",
        "Use the name valid at that date (its predecessor or successor).",
    ),
    "csv-empty": ("A CSV file is empty", "Write at least the header line."),
    "csv-header": ("A header name is blank or repeated", "Give every column one unique name."),
    "missing-column": ("A required column is missing", "Add the column; see docs/data-format.md."),
    "unknown-column": ("A column is not part of the table format", "Remove or rename the column."),
    "ragged-row": ("A row has the wrong number of fields", "Give each row one field per header column."),
    "csv-syntax": ("A CSV row cannot be parsed", "Close the quotes and remove NUL bytes."),
    "csv-blank-line": ("A CSV file has a blank line", "Delete the blank line."),
    "csv-no-rows": ("A CSV table has a header but no rows", "Add rows; a header alone is fine as a template."),
    "cell-whitespace": ("A key cell has spaces around it", "Remove the spaces; they were ignored."),
    "missing-value": ("A required field is empty", "Fill in the field."),
    "bad-number": ("A value is not a plain number", "Write digits only, e.g. 40000 or 0.25."),
    "bad-count": ("A count is negative or fractional", "Counts are whole numbers of 0 or more."),
    "implausible-value": ("A value is beyond any plausible size", "Check the number and its unit."),
    "bad-date": ("A date cannot be read", "Write dates as YYYY-MM-DD (or YYYY-MM, YYYY)."),
    "future-date": ("A date lies in the future", "Check the date; observations describe the past."),
    "bad-choice": ("A value is not one of the allowed choices", "Use one of the values listed."),
    "duplicate-row": ("Two rows have the same key", "Keep one row, or fix the date, area or measure."),
    "repeated-row": ("A row repeats an earlier row exactly", "Delete the copy: one figure or event counted twice."),
    "unknown-ref": ("An event names a target the plans do not have", "Use a target id such as BJ-06."),
    "wrong-event-status": (
        "An event status does not fit the target's kind",
        "Milestones take done/done_by/in_progress/not_done; recurring targets take held/not_held.",
    ),
    "component-exceeds-total": (
        "A component is larger than its total",
        "Check both figures; a part cannot exceed the whole at the same date and area.",
    ),
    "proxy-cycle": (
        "Measures are declared proxies of each other",
        "A proxy stands in for a measure with a wider or narrower definition: keep `proxy_for` on one side only.",
    ),
    "measure-without-data": (
        "A measure a target uses has no data",
        "Add a sourced figure to data/ when one is published (a data gap, not an error).",
    ),
    "series-break": (
        "Two consecutive figures a target reads change more than the series' own pace explains",
        "Check that both count the same thing; if not, file one under a measure of its own.",
    ),
}
CATALOGUE_ZH: dict[str, tuple[str, str]] = {
    "file-unreadable": ("文件无法读取", "检查路径及其权限。"),
    "file-encoding": ("文件不是 UTF-8 编码", "将文件另存为不带 BOM 的 UTF-8。"),
    "file-too-large": (
        "文件超过其类别的大小上限",
        "拆分文件，或用该类别的 SWTRACK_MAX_<KIND>_MB 变量提高上限（docs/data-format.md）。",
    ),
    "file-undecodable": (
        "文件无法按文本解码",
        "将文件另存为 UTF-8 文本；二进制文件不应放在 targets/ 或 data/ 中。",
    ),
    "folder-missing": ("缺少跟踪文件夹", "创建该文件夹；见 docs/data-format.md。"),
    "yaml-syntax": ("YAML 语法错误", "按所示行列修正 YAML。"),
    "yaml-tab": ("YAML 中有制表符", "用空格缩进，不要用制表符。"),
    "yaml-duplicate-key": ("同一映射中一个键出现两次", "两个键只保留一个。"),
    "yaml-alias": ("不允许 YAML 锚点和别名", "把值完整写出。"),
    "yaml-not-mapping": ("YAML 文档不是映射", "文件以 `key: value` 形式的行开头。"),
    "unknown-key": ("未知的键", "使用格式规定的键（docs/plan-format.md）。"),
    "missing-key": ("缺少必需的键", "补上该键；见 docs/plan-format.md。"),
    "invalid-value": ("值的类型或形式不对", "允许的值见 docs/plan-format.md。"),
    "unknown-measure": ("指标不在目录中", "将其加入 targets/measures.yaml，或改正编号。"),
    "unknown-register": ("名册不在目录中", "将其加入 targets/measures.yaml，或改正编号。"),
    "unknown-phase": ("目标引用了规划中没有的阶段", "使用规划中已有的阶段编号。"),
    "duplicate-id": ("两项使用同一编号", "每个规划、目标、指标或地区各用一个编号。"),
    "phases-out-of-order": ("阶段未按日期排序", "按结束日期排列各阶段。"),
    "deadline-before-baseline": ("目标期限早于其基期", "核对期限日期和基期日期。"),
    "source-missing": (
        "规划的 source_text 文件不存在",
        "把规划原文放进跟踪文件夹（sources/），并在 source_text 中写明。",
    ),
    "wording-not-in-source": ("目标的表述不在规划原文中", "按原文的写法引用规划（…… 表示省略）。"),
    "level-without-units": (
        "覆盖类目标统计的地区层级在地区名录中没有",
        "在 targets/areas/ 中补上该层级的地区，或改为统计其他层级。",
    ),
    "unknown-area": ("地区不在任何地区名录中", "按名录中的写法填写地区名称。"),
    "area-not-valid": ("该行日期时地区尚不存在或已撤销", "使用该日期有效的名称（其前身或后继）。"),
    "csv-empty": ("CSV 文件为空", "至少写出表头行。"),
    "csv-header": ("表头名称为空或重复", "每列各用一个不重复的名称。"),
    "missing-column": ("缺少必需的列", "补上该列；见 docs/data-format.md。"),
    "unknown-column": ("该列不属于表格格式", "删除该列或改名。"),
    "ragged-row": ("一行的字段数不对", "每行的字段数与表头列数一致。"),
    "csv-syntax": ("CSV 行无法解析", "闭合引号，删除 NUL 字节。"),
    "csv-blank-line": ("CSV 文件中有空行", "删除空行。"),
    "csv-no-rows": ("CSV 表格只有表头、没有数据行", "添加数据行；只有表头也可作为模板。"),
    "cell-whitespace": ("关键单元格前后有空格", "删除空格；读取时已忽略。"),
    "missing-value": ("必填字段为空", "填写该字段。"),
    "bad-number": ("值不是普通数字", "只写数字，如 40000 或 0.25。"),
    "bad-count": ("计数为负数或小数", "计数是 0 或以上的整数。"),
    "implausible-value": ("值超出任何合理的大小", "核对数字及其单位。"),
    "bad-date": ("日期无法读取", "日期写作 YYYY-MM-DD（或 YYYY-MM、YYYY）。"),
    "future-date": ("日期在将来", "核对日期；观测数据记录的是过去。"),
    "bad-choice": ("值不在允许的选项中", "使用所列的值之一。"),
    "duplicate-row": ("两行的键相同", "保留一行，或改正日期、地区或指标。"),
    "repeated-row": ("一行与前面某行完全相同", "删除副本：同一数字或事件被计了两次。"),
    "unknown-ref": ("事件引用了规划中没有的目标", "使用目标编号，如 BJ-06。"),
    "wrong-event-status": (
        "事件状态与目标类型不符",
        "里程碑用 done/done_by/in_progress/not_done；定期目标用 held/not_held。",
    ),
    "component-exceeds-total": ("分项大于其总数", "核对两个数字；同一日期和地区，部分不能超过整体。"),
    "proxy-cycle": (
        "指标互相声明为替代口径",
        "替代口径代表一个定义更宽或更窄的指标：`proxy_for` 只写在一方。",
    ),
    "measure-without-data": (
        "目标所用指标没有数据",
        "有公开数字时，把有出处的数字加入 data/（这是数据缺口，不是错误）。",
    ),
    "series-break": (
        "目标所依据的两个相邻数据变化超出序列自身增速所能解释的范围",
        "核对两者口径是否一致；若不一致，把其中一个录入其自身的指标。",
    ),
}


class Say(NamedTuple):
    """One sentence in both languages: a finding's message or hint says each (issue 24: in zh,
    every sentence swtrack prints is Chinese), so a new finding cannot be written in one only."""

    en: str
    zh: str


def fix_of(code: str, lang: str) -> str:
    """The catalogue's fix for a code in a language: the hint of a finding that gives none."""
    return (CATALOGUE_ZH if lang == "zh" else CATALOGUE)[code][1]


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    message: str
    message_zh: str
    file: str | None = None
    line: int | None = None
    column: int | str | None = None
    hint: str | None = None
    hint_zh: str | None = None
    # The location (`file:line:column`) of the finding this one follows from: a file or an item
    # that could not be loaded, whose ids every later reference then misses.
    follows: str | None = None

    def __post_init__(self) -> None:
        if self.code not in CATALOGUE or self.code not in CATALOGUE_ZH:
            raise ValueError(f"finding code {self.code!r} is not in the catalogue")
        if (self.hint is None) != (self.hint_zh is None):
            raise ValueError(f"finding {self.code!r} has a hint in one language only")

    def text(self, lang: str) -> str:
        """The message in a language (zh, or en for any other)."""
        return self.message_zh if lang == "zh" else self.message

    def hint_in(self, lang: str) -> str:
        """The finding's own hint in a language, else the catalogue's fix for its code."""
        own = self.hint_zh if lang == "zh" else self.hint
        return own if own is not None else fix_of(self.code, lang)

    @property
    def location(self) -> str:
        parts = [self.file or "-"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "severity": self.severity.value,
            "code": self.code,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "hint": self.hint_in("en"),
            "message_zh": self.message_zh,
            "hint_zh": self.hint_in("zh"),
        }
        if self.follows is not None:
            out["follows"] = self.follows
        return out


@dataclass
class Report:
    """Findings collected while loading and validating, in a stable order."""

    findings: list[Finding] = field(default_factory=list)

    def add(
        self,
        code: str,
        message: Say,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        column: int | str | None = None,
        hint: Say | None = None,
        severity: Severity = Severity.ERROR,
        follows: str | None = None,
    ) -> None:
        self.findings.append(
            Finding(
                code=code,
                severity=severity,
                message=message.en,
                message_zh=message.zh,
                file=None if file is None else str(file),
                line=line,
                column=column,
                hint=None if hint is None else hint.en,
                hint_zh=None if hint is None else hint.zh,
                follows=follows,
            )
        )

    def warn(
        self,
        code: str,
        message: Say,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        column: int | str | None = None,
        hint: Say | None = None,
        follows: str | None = None,
    ) -> None:
        self.add(
            code,
            message,
            file=file,
            line=line,
            column=column,
            hint=hint,
            severity=Severity.WARNING,
            follows=follows,
        )

    def extend(self, other: Report) -> None:
        self.findings.extend(other.findings)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    def errors_in(self, file: str) -> bool:
        return any(f.file == file and f.severity is Severity.ERROR for f in self.findings)

    def sorted(self) -> list[Finding]:
        def key(f: Finding) -> tuple[str, int, str, str]:
            return (f.file or "", f.line or 0, str(f.column or ""), f.code)

        return sorted(self.findings, key=key)

    def folded(self) -> list[tuple[Finding, list[Finding]]]:
        """The findings in the order a reader needs them: first each root cause with the findings
        that follow from it, then the rest in place order. A finding whose root is not in the
        report stands on its own."""
        roots: dict[str, Finding] = {}
        for f in self.sorted():
            if f.follows is None and f.severity is Severity.ERROR:
                roots.setdefault(f.location, f)
        followers: dict[str, list[Finding]] = {}
        alone: list[Finding] = []
        for f in self.sorted():
            if f.follows is not None and f.follows in roots:
                followers.setdefault(f.follows, []).append(f)
            else:
                alone.append(f)
        led = [roots[at] for at in roots if at in followers]
        first = [(root, followers[root.location]) for root in led]
        skip = {id(root) for root in led}
        return first + [(f, []) for f in alone if id(f) not in skip]

    def ok(self, *, strict: bool = False) -> bool:
        return not self.errors and not (strict and self.warnings)
