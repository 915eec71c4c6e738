"""Turning pydantic validation errors into findings that point at YAML lines."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from swtrack.findings import Report, Say
from swtrack.load.yamlfile import Loc, YamlDoc


def did_you_mean(word: str, choices: typing.Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def data_loc(data: Any, loc: tuple[int | str, ...]) -> Loc:
    """Drop the discriminator tags pydantic puts in a loc (targets.3.threshold.value)."""
    out: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict):
            if part in node:
                out.append(part)
                node = node[part]
            elif node.get("kind") == part:
                continue
            else:
                out.append(part)
                node = None
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
        else:
            out.append(part)
            node = None
    return tuple(out)


def _unwrap(tp: Any) -> list[Any]:
    """The concrete classes a field annotation may hold."""
    origin = get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return [c for a in get_args(tp) for c in _unwrap(a)]
    return [tp]


def allowed_keys(model: type[BaseModel], data: Any, loc: Loc) -> list[str]:
    """The keys the model accepts in the mapping at loc (loc names the mapping)."""
    candidates: list[Any] = [model]
    node = data
    for part in loc:
        nxt: list[Any] = []
        for cand in candidates:
            origin = get_origin(cand)
            if isinstance(part, int) and origin is list:
                nxt.extend(_unwrap(get_args(cand)[0]))
            elif isinstance(cand, type) and issubclass(cand, BaseModel) and isinstance(part, str):
                field = next((f for n, f in cand.model_fields.items() if (f.alias or n) == part), None)
                if field is not None:
                    nxt.extend(_unwrap(field.annotation))
        node = _child(node, part)
        candidates = nxt
    models = [c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)]
    kind = node.get("kind") if isinstance(node, dict) else None
    if kind is not None and len(models) > 1:
        chosen = [m for m in models if _kind_of(m) == kind]
        models = chosen or models
    keys: list[str] = []
    for m in models:
        keys.extend(f.alias or k for k, f in m.model_fields.items() if (f.alias or k) not in keys)
    return keys


def _child(node: Any, part: str | int) -> Any:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def _kind_of(model: type[BaseModel]) -> str | None:
    field = model.model_fields.get("kind")
    if field is None:
        return None
    args = get_args(field.annotation)
    return str(args[0]) if args else None


# Pydantic's error types in Chinese, each filled from the error's context; a type without its
# Chinese is said in a Chinese sentence that quotes pydantic's English as it was said (〔原文〕).
_TYPES_ZH = {
    "string_type": "应为文字",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数，不能带小数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "finite_number": "应为有限的数",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "literal_error": "应为以下之一：{expected}",
    "enum": "应为以下之一：{expected}",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应不小于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应不大于 {le}",
    "multiple_of": "应为 {multiple_of} 的倍数",
    "string_too_short": "至少要有 {min_length} 个字符",
    "string_too_long": "最多 {max_length} 个字符",
    "string_pattern_mismatch": "不符合格式 {pattern}",
    "too_short": "至少要有 {min_length} 项",
    "too_long": "最多 {max_length} 项",
    "list_type": "应为列表",
    "tuple_type": "应为列表",
    "set_type": "应为列表",
    "dict_type": "应为映射（key: value）",
    "model_type": "应为映射（key: value）",
    "model_attributes_type": "应为映射（key: value）",
    "union_tag_not_found": "缺少用来区分类型的键 {discriminator}",
}
# Our own validators' words (model/), in Chinese.
_VALUE_ERRORS_ZH = {
    "give exactly one of 'areas' or 'register'": "'areas' 和 'register' 必须给出且只给出一个",
    "a date is written YYYY-MM-DD, YYYY-MM or YYYY": "日期写作 YYYY-MM-DD、YYYY-MM 或 YYYY",
}


def _shown(value: Any) -> str:
    """A value of an error's context as the Chinese sentence writes it: 0, not 0.0; a list of
    choices ('a', 'b' or 'c') with 、."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace(" or ", ", ").replace(", ", "、")


def error_said(err: Any) -> Say:
    """What one pydantic error says, in en (pydantic's words) and zh."""
    msg = str(err["msg"]).removeprefix("Value error, ")
    ctx = err.get("ctx") or {}
    if err["type"] == "value_error":
        said = getattr(ctx.get("error"), "said", None)  # a DateError says itself in both languages
        zh = said.zh if isinstance(said, Say) else _VALUE_ERRORS_ZH.get(msg)
    else:
        template = _TYPES_ZH.get(err["type"])
        shown = {k: _shown(v) for k, v in ctx.items()}
        try:
            zh = None if template is None else template.format(**shown)
        except KeyError:
            zh = None
    return Say(msg, zh if zh is not None else f"值不符合格式〔原文：{msg}〕")


def report_validation_error(exc: ValidationError, doc: YamlDoc, model: type[BaseModel], report: Report) -> None:
    for err in exc.errors(include_url=False):
        loc = data_loc(doc.data, tuple(err["loc"]))
        where = ".".join(str(p) for p in loc) or "(document)"
        etype = err["type"]
        if etype == "extra_forbidden":
            key = str(loc[-1])
            line, col = doc.mark(loc, key=True)
            guess = did_you_mean(key, allowed_keys(model, doc.data, loc[:-1]))
            suffix = f": did you mean {guess}?" if guess else ""
            report.add(
                "unknown-key",
                Say(
                    f"unknown key '{key}' at {where}{suffix}",
                    f"{where} 处有未知的键 '{key}'" + (f"：是否指 {guess}？" if guess else ""),
                ),
                file=doc.path,
                line=line,
                column=col,
                hint=Say(f"Rename it to '{guess}'.", f"改名为 '{guess}'。") if guess else None,
            )
        elif etype == "missing":
            line, col = doc.mark(loc[:-1])
            report.add(
                "missing-key",
                Say(f"'{loc[-1]}' is required at {where}", f"{where} 处缺少必需的 '{loc[-1]}'"),
                file=doc.path,
                line=line,
                column=col,
            )
        elif etype == "union_tag_invalid":
            line, col = doc.mark((*loc, "kind"))
            ctx = err.get("ctx") or {}
            report.add(
                "invalid-value",
                Say(
                    f"unknown kind {ctx.get('tag')!r} at {where}; expected one of {ctx.get('expected_tags')}",
                    f"{where} 处的 kind {ctx.get('tag')!r} 未知；应为以下之一：{ctx.get('expected_tags')}",
                ),
                file=doc.path,
                line=line,
                column=col,
            )
        else:
            line, col = doc.mark(loc)
            said = error_said(err)
            hint = _quoted_hint(etype, err.get("input"), loc)
            en, zh = f"{where}: {said.en}", f"{where}：{said.zh}"
            if hint is not None:
                en, zh = f"{en}, not the quoted text {err['input']!r}", f"{zh}，不能是带引号的文字 {err['input']!r}"
            report.add("invalid-value", Say(en, zh), file=doc.path, line=line, column=col, hint=hint)


def _quoted_hint(etype: str, value: Any, loc: Loc) -> Say | None:
    """A hint for a number or a true/false written in quotes, which YAML reads as text."""
    if not isinstance(value, str) or etype not in ("float_type", "int_type", "bool_type"):
        return None
    key = str(loc[-1]) if loc else "value"
    plain = value.strip()
    if etype == "bool_type":
        if plain.lower() not in ("true", "false"):
            return None
        return Say(f"Write it without quotes: {key}: {plain.lower()}.", f"不加引号写作：{key}: {plain.lower()}。")
    try:
        float(plain)
    except ValueError:
        return None
    return Say(f"Write the number without quotes: {key}: {plain}.", f"数字不加引号写作：{key}: {plain}。")
