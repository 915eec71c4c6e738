"""Turning pydantic validation errors into findings that point at YAML lines."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from swtrack.findings import Report
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
                f"unknown key '{key}' at {where}{suffix}",
                file=doc.path,
                line=line,
                column=col,
                hint=f"Rename it to '{guess}'." if guess else None,
            )
        elif etype == "missing":
            line, col = doc.mark(loc[:-1])
            report.add(
                "missing-key",
                f"'{loc[-1]}' is required at {where}",
                file=doc.path,
                line=line,
                column=col,
            )
        elif etype == "union_tag_invalid":
            line, col = doc.mark((*loc, "kind"))
            ctx = err.get("ctx") or {}
            report.add(
                "invalid-value",
                f"unknown kind {ctx.get('tag')!r} at {where}; expected one of {ctx.get('expected_tags')}",
                file=doc.path,
                line=line,
                column=col,
            )
        else:
            line, col = doc.mark(loc)
            msg = err["msg"].removeprefix("Value error, ")
            hint = _quoted_hint(etype, err.get("input"), loc)
            if hint is not None:
                msg = f"{msg}, not the quoted text {err['input']!r}"
            report.add("invalid-value", f"{where}: {msg}", file=doc.path, line=line, column=col, hint=hint)


def _quoted_hint(etype: str, value: Any, loc: Loc) -> str | None:
    """A hint for a number or a true/false written in quotes, which YAML reads as text."""
    if not isinstance(value, str) or etype not in ("float_type", "int_type", "bool_type"):
        return None
    key = str(loc[-1]) if loc else "value"
    plain = value.strip()
    if etype == "bool_type":
        return f"Write it without quotes: {key}: {plain.lower()}." if plain.lower() in ("true", "false") else None
    try:
        float(plain)
    except ValueError:
        return None
    return f"Write the number without quotes: {key}: {plain}."
