"""YAML reading that keeps line/column marks, refuses aliases and duplicate keys."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from swtrack.findings import Report, Say
from swtrack.load.textfile import read_text, too_large

Loc = tuple[str | int, ...]


@dataclass
class YamlDoc:
    """A parsed YAML document with the (line, column) of every key and value, 1-based."""

    path: str
    data: Any
    value_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def mark(self, loc: Loc, *, key: bool = False) -> tuple[int | None, int | None]:
        """The nearest mark for loc: the key itself when asked, else its value, else a parent."""
        marks = self.key_marks if key else self.value_marks
        probe = tuple(loc)
        while probe:
            if probe in marks:
                return marks[probe]
            if probe in self.key_marks:
                return self.key_marks[probe]
            probe = probe[:-1]
        return (1, 1)


# libyaml parses many times faster than the pure-Python parser; both give the same marks.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 64  # far deeper than any plan; deeper documents are refused before they are composed
# Nodes (scalars, lists, mappings) a document may hold: a national registry of 42,000 areas in
# YAML holds about 400,000. More are refused before they are composed.
MAX_NODES = 2_000_000


# What the YAML parser says (libyaml's and PyYAML's words), in Chinese; anything else is quoted.
_SYNTAX_ZH = {
    "mapping values are not allowed in this context": "此处不允许映射值（冒号前后是否少了空格或引号？）",
    "mapping values are not allowed here": "此处不允许映射值（冒号前后是否少了空格或引号？）",
    "could not find expected ':'": "找不到应有的 ':'",
    "did not find expected key": "找不到应有的键（缩进是否对齐？）",
    "did not find expected '-' indicator": "找不到应有的 '-' 列表标记（缩进是否对齐？）",
    "did not find expected node content": "找不到应有的节点内容",
    "found character that cannot start any token": "遇到不能作为开头的字符",
    "found unexpected end of stream": "文件意外结束（引号或括号是否没有闭合？）",
    "found unexpected ':'": "遇到意外的 ':'",
    "found undefined tag handle": "遇到未定义的标签",
    "expected <block end>, but found '<block mapping start>'": "缩进不一致：应结束一个块，却开始了新的映射",
    "expected <block end>, but found '<scalar>'": "缩进不一致：应结束一个块，却遇到了值",
    "expected <block end>, but found '-'": "缩进不一致：应结束一个块，却遇到了 '-'",
    "while scanning a quoted scalar": "引号中的文字没有闭合",
    "found unknown escape character": "遇到未知的转义字符",
}


# What a YAML document may hold instead of a mapping, in Chinese.
_KIND_ZH = {"list": "列表", "str": "一段文字", "int": "整数", "float": "数字", "bool": "布尔值", "date": "日期"}


def _syntax(problem: str) -> Say:
    """A parser's complaint in both languages; one without its Chinese is quoted as it was said."""
    zh = _SYNTAX_ZH.get(problem)
    return Say(problem, zh if zh is not None else f"YAML 无法解析〔原文：{problem}〕")


def _at(mark: Any) -> tuple[int | None, int | None]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (None, None)


def _reader_position(text: str, position: int) -> tuple[int, int]:
    """Line and column of a reader error; libyaml counts UTF-8 bytes, the Python reader characters."""
    if _Loader is yaml.SafeLoader:
        before = text[:position]
    else:
        before = text.encode("utf-8")[:position].decode("utf-8", "replace")
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def _scan(text: str, display: str, report: Report) -> bool:
    """One pass over the parser's events: refuse aliases and runaway nesting before composing."""
    depth = nodes = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
            nodes += 1
            if nodes > MAX_NODES:
                line, col = _at(event.start_mark)
                msg = Say(
                    f"the document holds more than {MAX_NODES:,} values; it was not read",
                    f"文档中的值超过 {MAX_NODES:,} 个；未读取",
                )
                hint = Say(
                    "Split it into several files, or write a large area registry as CSV (docs/areas.md).",
                    "拆成几个文件，或把大的地区名录写成 CSV（docs/areas.md）。",
                )
                report.add("file-too-large", msg, file=display, line=line, column=col, hint=hint)
                return False
        if isinstance(event, yaml.AliasEvent):
            line, col = _at(event.start_mark)
            msg = Say("an alias (*name) repeats an anchored value", "别名（*name）重复了一个锚点的值")
            report.add("yaml-alias", msg, file=display, line=line, column=col)
            return False
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                line, col = _at(event.start_mark)
                msg = Say(f"the document is nested more than {MAX_DEPTH} levels deep", f"文档嵌套超过 {MAX_DEPTH} 层")
                report.add("yaml-syntax", msg, file=display, line=line, column=col)
                return False
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return True


def _problem(report: Report, display: str, text: str, exc: yaml.MarkedYAMLError) -> None:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    col = mark.column + 1 if mark else None
    source_line = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
    if mark and "\t" in source_line[: mark.column + 1]:
        said = Say("a tab character where YAML needs spaces", "YAML 需要空格的地方用了制表符")
        report.add("yaml-tab", said, file=display, line=line, column=col)
    else:
        report.add("yaml-syntax", _syntax(exc.problem or str(exc)), file=display, line=line, column=col)


def load_yaml(path: Path, display: str, report: Report) -> YamlDoc | None:
    """Parse one YAML file; every problem becomes a finding and None is returned."""
    if too_large(path, display, "yaml", report):
        return None
    text = read_text(path, display, report)
    if text is None:
        return None
    if not text.strip():
        report.add("yaml-not-mapping", Say("the file is empty", "文件为空"), file=display, line=1)
        return None
    try:
        if not _scan(text, display, report):
            return None
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        _problem(report, display, text, exc)
        return None
    except yaml.reader.ReaderError as exc:
        line, column = _reader_position(text, exc.position)
        if isinstance(exc.character, int):
            msg = Say(
                f"character #x{exc.character:04x} is not allowed in YAML",
                f"YAML 中不允许字符 #x{exc.character:04x}",
            )
        else:
            msg = _syntax(str(exc))
        hint = Say("Remove the control character.", "删除该控制字符。")
        report.add("yaml-syntax", msg, file=display, line=line, column=column, hint=hint)
        return None
    except yaml.YAMLError as exc:
        report.add("yaml-syntax", _syntax(str(exc).splitlines()[0]), file=display, line=1)
        return None
    if node is None:
        said = Say("the file holds no YAML document", "文件中没有 YAML 文档")
        report.add("yaml-not-mapping", said, file=display, line=1)
        return None
    doc = YamlDoc(path=display, data=None)
    ok = [True]
    try:
        doc.data = _to_python(node, (), doc, report, ok)
    finally:
        # The constructor remembers every node it built a value for; forget them, or every
        # document read would stay in memory with all its nodes.
        _constructor.constructed_objects.clear()
    if not ok[0]:
        return None
    if not isinstance(doc.data, dict):
        report.add(
            "yaml-not-mapping",
            Say(
                f"the document is a {type(doc.data).__name__}, not a mapping",
                f"文档是{_KIND_ZH.get(type(doc.data).__name__, type(doc.data).__name__)}，不是映射",
            ),
            file=display,
            line=node.start_mark.line + 1,
            column=node.start_mark.column + 1,
        )
        return None
    return doc


_constructor = yaml.SafeLoader("")
_STR = "tag:yaml.org,2002:str"


def _to_python(node: yaml.Node, loc: Loc, doc: YamlDoc, report: Report, ok: list[bool]) -> Any:
    where = (node.start_mark.line + 1, node.start_mark.column + 1)
    doc.value_marks[loc] = where
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR:
            return node.value  # what the constructor gives for a string, without its dispatch
        try:
            return _constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            said = _syntax(str(exc).splitlines()[0])
            report.add("yaml-syntax", said, file=doc.path, line=where[0], column=where[1])
            ok[0] = False
            return None
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, (*loc, i), doc, report, ok) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key_at = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key_node.tag == "tag:yaml.org,2002:merge":
                said = Say("merge keys (<<) are not allowed", "不允许合并键（<<）")
                report.add("yaml-alias", said, file=doc.path, line=key_at[0])
                ok[0] = False
                continue
            key = _to_python(key_node, (*loc, "<key>"), doc, report, ok)
            if not isinstance(key, (str, int)):
                msg = Say("a mapping key must be a plain word", "映射的键必须是普通的词")
                report.add("invalid-value", msg, file=doc.path, line=key_at[0], column=key_at[1])
                ok[0] = False
                continue
            if key in out:
                msg = Say(
                    f"key '{key}' repeats the key on line {first_line[key]}",
                    f"键 '{key}' 与第 {first_line[key]} 行的键重复",
                )
                report.add("yaml-duplicate-key", msg, file=doc.path, line=key_at[0], column=key_at[1])
                ok[0] = False
                continue
            first_line[key] = key_at[0]
            doc.key_marks[(*loc, key)] = key_at
            out[key] = _to_python(value_node, (*loc, key), doc, report, ok)
        doc.value_marks.pop((*loc, "<key>"), None)
        return out
    return None  # pragma: no cover - pyyaml has no other node kinds
