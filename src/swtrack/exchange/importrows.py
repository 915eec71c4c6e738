"""The data rows under a header: one snapshot row per figure, total rows checked, changes noted by cell."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from swtrack.exchange.cellnumbers import QUALIFIER_WORDS, SCALES, normalise_number, plain_number, read_number
from swtrack.exchange.importer import (
    HEADER_MAP,
    TOTAL_WORDS,
    Change,
    Column,
    Imported,
    Layout,
    Origin,
    Problem,
    normalise_date,
    read_header,
    request_date,
    request_source,
)
from swtrack.exchange.importnotes import note, unit_note
from swtrack.exchange.request_text import UNIT_WORDS
from swtrack.exchange.sheets import (
    HEADER_SCAN,
    Sheet,
    cell_ref,
    clean_header,
    column_index,
    header_key,
    is_instructions,
)
from swtrack.findings import Say, SwtrackError
from swtrack.load.snapshots import TableSpec


def build_import(
    sheets: list[Sheet],
    layout: Layout,
    *,
    fill: dict[str, str],
    source: str,
    sheet: str | None = None,
    check_totals: bool = True,
    progress: Callable[[list[tuple[int, list[str]]]], Iterable[tuple[int, list[str]]]] = lambda rows: rows,
) -> Imported:
    """Read every sheet with a header row (or the one named) into normalised rows."""
    if sheet is not None:
        chosen = [s for s in sheets if s.name == sheet]
        if not chosen:
            raise SwtrackError(f"{source} has no sheet '{sheet}'; sheets: {', '.join(s.name for s in sheets)}")
    else:
        chosen = [s for s in sheets if not s.hidden and not is_instructions(s)]
    out = Imported(spec=layout.spec, rows=[], origins=[])
    read = 0
    for sh in chosen:
        header = read_header(sh, layout, source) if sh.rows else None
        if header is None:
            if sh.rows:
                out.notes.append(note("skipped", sheet=sh.name, n=HEADER_SCAN))
            continue
        at, columns = header
        columns = _explicit_measure(columns, layout, fill, source, (sh.name, sh.rows[at][0]), out)
        _require(columns, fill, layout.spec, source, cell_ref(sh.name, sh.rows[at][0]))
        reader = _SheetReader(sh, columns, layout, fill, out)
        reader.request = request_date(sh, at, columns, Path(source).stem), source
        reader.read(progress(sh.rows[at + 1 :]), check_totals)
        read += 1
    if not read:
        names = ", ".join(f"'{s.name}'" for s in chosen) or "(none)"
        raise SwtrackError(
            f"{source}: no header row in sheet {names}: none of the first {HEADER_SCAN} rows names a known column "
            f"({', '.join(list(HEADER_MAP)[:8])} …); give --header-row N, and --map COLUMN=FIELD for its columns"
        )
    return out


def _explicit_measure(
    columns: list[Column], layout: Layout, fill: dict[str, str], source: str, at: tuple[str, int], out: Imported
) -> list[Column]:
    """--measure wins over a header that names a measure: a sheet whose only figures are one column
    headed by a measure's name (持证社会工作者) reads it as --measure's, with a note; with several
    such columns and no value column, --measure could mean any of them, and that is an error. A column
    given its measure with --map keeps it: that option names the column, --measure does not."""
    wanted, (sheet, row) = fill.get("measure", ""), at
    mapped = {c.index for c in columns if {header_key(c.header), clean_header(c.header)[0]} & set(layout.mapping)}
    named = [c for c in columns if c.role == "measure" and c.index not in mapped]
    if not wanted or not named or any(c.role == "field" and c.target == "value" for c in columns):
        return columns
    if all(c.target == wanted for c in named):
        return columns
    if len(named) > 1:
        where = cell_ref(sheet, row)
        heads = ", ".join(f"'{c.header}' ({c.target})" for c in named)
        raise SwtrackError(
            f"{source} {where}: --measure {wanted}, but the columns {heads} each name a measure; map the one "
            f"that holds {wanted} with --map 'COLUMN={wanted}' and leave out the others with --ignore, "
            "or drop --measure"
        )
    col = named[0]
    where = cell_ref(sheet, row, col.index)
    out.notes.append(note("as_measure", where=where, header=col.header, wanted=wanted, named=col.target))
    return [Column(c.index, c.header, c.unit, "field", "value") if c is col else c for c in columns]


def _require(columns: list[Column], fill: dict[str, str], spec: TableSpec, source: str, where: str) -> None:
    present = {c.target for c in columns if c.role == "field"} | {k for k, v in fill.items() if v}
    if any(c.role == "measure" for c in columns):
        present |= {"measure", "value"}
    missing = [c for c in spec.required if c not in present]
    if missing:
        raise SwtrackError(
            f"{source} {where}: the {spec.name} table needs {', '.join(missing)}: add the column(s) or give them "
            "with --as-of / --source / --grade / --measure / --register"
        )


def is_total(cells: list[str]) -> str | None:
    """The word that makes a row a total row (合计, 总计 …), if one of its cells is one."""
    for cell in cells:
        word = re.sub(r"\s+", "", cell)
        for total in TOTAL_WORDS:
            if word == total or (word.endswith(total) and len(word) <= 6):
                return word
    return None


class _SheetReader:
    """The data rows under one header: rows out, total rows checked, every change noted by cell."""

    def __init__(self, sheet: Sheet, columns: list[Column], layout: Layout, fill: dict[str, str], out: Imported):
        self.sheet, self.layout, self.fill, self.out = sheet, layout, fill, out
        self.fields = [c for c in columns if c.role == "field"]
        self.measure_cols = [c for c in columns if c.role == "measure"]
        self.value_col = next((c for c in self.fields if c.target == "value"), None)
        self.named = {c.index for c in columns}
        # Where a 合计 is a word of a sentence, not the label of a total row.
        self.free_text = {c.index for c in self.fields if c.target in ("note", "source_url", "evidence")}
        self.blank = 0
        # For a filled request: the date it asked for and the file, the source of rows without one.
        self.request: tuple[str | None, str] = (None, "")
        self.own_source = 0
        self.request_source_example = ""
        for c in columns:
            self._note_unit(c)

    def ref(self, row: int, column: int | None = None) -> str:
        return cell_ref(self.sheet.name, row, column)

    def _note_unit(self, c: Column) -> None:
        if not c.unit or c.role == "ignored" or (c.role == "field" and c.target != "value"):
            return
        scale = SCALES.get(c.unit[0], 1) if len(c.unit) > 1 or c.unit in SCALES else 1
        header_row = self.sheet.rows[0][0]
        for n, cells in self.sheet.rows:
            if c.index < len(cells) and cells[c.index] == c.header:
                header_row = n
                break
        named = c.target if c.role == "measure" else None
        self.out.notes.append(unit_note(self.ref(header_row, c.index), c.header, named, c.unit, scale))
        measure = self.layout.measures.get(c.target if c.role == "measure" else self.fill.get("measure", ""))
        if measure is not None:
            plain = c.unit[1:] if scale != 1 else c.unit
            if plain != measure.unit and plain not in UNIT_WORDS.get(measure.unit, ()):
                self.out.problems.append(
                    Problem(
                        self.ref(header_row, c.index),
                        "header-unit",
                        Say(
                            f"the header gives the unit '{c.unit}'; the measure {measure.id} counts {measure.unit}",
                            f"表头给出的单位是 '{c.unit}'；指标 {measure.id} 的单位是 {measure.unit}",
                        ),
                        Say(
                            "Check that the column holds the measure it is read as (--map COLUMN=MEASURE).",
                            "核对该列是否就是读入的指标（--map COLUMN=MEASURE）。",
                        ),
                        "warning",
                    )
                )

    def _get(self, cells: list[str], c: Column) -> str:
        return cells[c.index].strip() if c.index < len(cells) else ""

    def read(self, rows: Iterable[tuple[int, list[str]]], check_totals: bool) -> None:
        items: list[tuple[int, list[str], str | None]] = []
        for n, cells in rows:
            total = is_total([v for i, v in enumerate(cells) if i not in self.free_text])
            if total is None and not any(self._get(cells, c) for c in self.fields + self.measure_cols):
                continue  # a footer (填表人 …) or a row of row numbers only
            items.append((n, cells, total))
            if total is None:
                self._row(n, cells)
        if self.blank:
            self.out.notes.append(note("blank", sheet=self.sheet.name, n=self.blank))
        if self.own_source:
            example = self.request_source_example
            self.out.notes.append(note("own_source", sheet=self.sheet.name, n=self.own_source, example=example))
        if check_totals:
            for i, (n, cells, word) in enumerate(items):
                if word is not None:
                    self._check_total(n, cells, word, _section(items, i))

    def _row(self, n: int, cells: list[str]) -> None:
        for i, value in enumerate(cells):
            if value and i not in self.named:
                self.out.problems.append(
                    Problem(
                        self.ref(n, i),
                        "no-header",
                        Say(
                            f"'{value}' stands under no header; it was not read", f"'{value}' 所在的列没有表头；未读入"
                        ),
                        Say(
                            "Give the column a header, or delete the cell from a copy of the file.",
                            "给该列加上表头，或在文件的副本中删除该单元格。",
                        ),
                        "warning",
                    )
                )
        base = {k: v for k, v in self.fill.items() if v}
        at: dict[str, int] = {}
        filled: set[str] = set()
        for c in self.fields:
            at[c.target] = c.index
            if value := self._get(cells, c):
                base[c.target] = value
                filled.add(c.target)
        answered = [c for c in self.measure_cols if self._get(cells, c)]
        if self.value_col is None and not self.measure_cols:
            self._emit(n, base, at, filled, None)
        elif self.value_col is not None and (
            "value" in filled or (not self.measure_cols and {"source_url", "note", "qualifier"} & filled)
        ):
            self._emit(n, base, at, filled, self.value_col)
        elif not answered:
            self.blank += 1
        for c in answered:
            row = base | {"measure": c.target, "value": self._get(cells, c)}
            self._emit(n, row, at | {"value": c.index}, filled | {"value"}, c)

    def _emit(self, n: int, row: dict[str, str], at: dict[str, int], filled: set[str], col: Column | None) -> None:
        row = dict(row)
        headers = {c.target: c.header for c in self.fields} | ({"value": col.header} if col is not None else {})
        given = frozenset(k for k in row if k not in filled)
        origin = Origin(self.sheet.name, n, at, headers=headers, given=given)
        first = len(self.out.changes)
        if "measure" in row and row["measure"] not in self.layout.measures:
            found = self.layout.measure_names.get(clean_header(row["measure"])[0])
            if found is not None:
                self._changed(origin, "measure", row, found)
        if "value" in row and "value" in filled:
            self._value(origin, row, col)
        word = row.get("qualifier", "")
        if word in QUALIFIER_WORDS:
            self._changed(origin, "qualifier", row, QUALIFIER_WORDS[word])
        if "date" in filled:
            self._changed(origin, "date", row, normalise_date(row["date"]))
        elif "date" in row:
            row["date"] = normalise_date(row["date"])  # --as-of, read as a date already
        asked, file = self.request
        if asked is not None and not row.get("source_url", "").strip():
            # An office's figures sent back in the request are their own source: the office, the request, the file.
            row["source_url"] = request_source(asked or row.get("date", ""), row.get("area", ""), file)
            self.request_source_example = row["source_url"]
            self.own_source += 1
        # A row's normalised cells listed from left to right, as the sheet shows them.
        self.out.changes[first:] = sorted(self.out.changes[first:], key=lambda c: column_index(c.cell))
        if origin.written:
            unit = f"（{col.unit}）" if col is not None and col.unit[:1] in SCALES else ""  # 3.2 in 万人
            said = [
                f'原文: "{text}"{unit}' if name == "value" else f'原文（{headers.get(name, name)}）: "{text}"'
                for name, text in sorted(origin.written.items(), key=lambda kv: at.get(kv[0], -1))
            ]
            row["note"] = "; ".join(p for p in (row.get("note", "").strip(), *said) if p)
        self.out.rows.append(row)
        self.out.origins.append(origin)

    def _changed(self, origin: Origin, name: str, row: dict[str, str], new: str, qualifier: str = "") -> None:
        """A field's text replaced by its normalised form, listed with the cell and the original text."""
        if new == row[name]:
            return
        self.out.changes.append(Change(origin.ref(name), origin.headers.get(name, name), row[name], new, qualifier))
        if name in ("value", "date"):
            origin.written[name] = row[name]
        row[name] = new

    def _value(self, origin: Origin, row: dict[str, str], col: Column | None) -> None:
        """The value cell in plain digits, with its qualifier; a unit after the number is taken off when
        it is the measure's, and is a finding at the cell when it is not."""
        unit = col.unit if col is not None else ""
        scale = SCALES.get(unit[0], 1) if unit and (len(unit) > 1 or unit in SCALES) else 1
        plain = unit[1:] if scale != 1 else unit
        measure = self.layout.measures.get(row.get("measure", ""))
        words = UNIT_WORDS.get(measure.unit, ()) if measure is not None else ()
        reading = read_number(row["value"], tuple(w for w in (plain, *words) if w))
        if reading.problem == "unit":
            wanted = f"{measure.unit} ({'、'.join(words)})" if measure is not None and words else "no unit"
            what = f"the measure {measure.id} counts {wanted}" if measure is not None else "no measure is known"
            unit_zh = f"{measure.unit}（{'、'.join(words)}）" if measure is not None and words else "不带单位的数"
            what_zh = f"指标 {measure.id} 的单位是 {unit_zh}" if measure is not None else "不知道是哪个指标"
            self.out.problems.append(
                Problem(
                    origin.ref("value"),
                    "unit-mismatch",
                    Say(
                        f"'{row['value']}' is in {reading.unit}; {what}",
                        f"'{row['value']}' 的单位是 {reading.unit}；{what_zh}",
                    ),
                    Say(
                        "Check that the figure belongs to this measure; write the number alone, or in the "
                        "measure's unit.",
                        "核对该数字是否属于这个指标；只写数字，或用该指标的单位。",
                    ),
                    header=origin.headers.get("value", ""),
                )
            )
        if reading.number is None:
            return
        number = reading.number
        if scale != 1:
            number = plain_number(float(number) * scale)
        qualifier = reading.qualifier if reading.qualifier and not row.get("qualifier") else ""
        self._changed(origin, "value", row, number, qualifier)
        if qualifier:
            row["qualifier"] = qualifier

    def _check_total(self, n: int, cells: list[str], word: str, parts: list[tuple[int, list[str]]]) -> None:
        """A total row against the sum of the rows above it (below it, when it heads the table)."""
        if not parts:
            return
        span = f"rows {parts[0][0]}–{parts[-1][0]}" if len(parts) > 1 else f"row {parts[0][0]}"
        span_zh = f"第 {parts[0][0]}–{parts[-1][0]} 行" if len(parts) > 1 else f"第 {parts[0][0]} 行"
        columns = self.measure_cols + ([self.value_col] if self.value_col is not None else [])
        measure_col = next((c for c in self.fields if c.target == "measure"), None)
        for c in columns:
            total = _exact(self._get(cells, c), c.unit)
            if total is None:
                continue
            group = parts
            if c is self.value_col and measure_col is not None:
                key = self._get(cells, measure_col)
                group = [(m, r) for m, r in parts if self._get(r, measure_col) == key]
            values = [_exact(self._get(r, c), c.unit) for _, r in group]
            if not group or any(v is None for v in values):
                self.out.notes.append(note("total_unchecked", where=self.ref(n, c.index), word=word))
                continue
            added = sum(v for v in values if v is not None)
            if abs(added - total) > 1e-9 * max(1.0, abs(total)):
                self.out.problems.append(
                    Problem(
                        self.ref(n, c.index),
                        "total-mismatch",
                        Say(
                            f"the {word} row gives {plain_number(total)} but {span} add up to {plain_number(added)}",
                            f"{word}行为 {plain_number(total)}，但{span_zh}相加为 {plain_number(added)}",
                        ),
                        Say(
                            "Check the rows and the total with the office that sent them (the total row itself is "
                            "not imported); to import the rows as they are, give --no-total-check.",
                            "与报送单位核对各行和合计（合计行本身不导入）；如要按原样导入各行，请加 --no-total-check。",
                        ),
                    )
                )
            else:
                where = self.ref(n, c.index)
                self.out.notes.append(note("total_sum", where=where, word=word, span=span, span_zh=span_zh))


def _exact(text: str, unit: str) -> float | None:
    """A cell's number when it is exact (no 约, 余 …); None otherwise."""
    number, qualifier = normalise_number(text, (unit,) if unit else ())
    if qualifier or not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", number):
        return None
    return float(number)


def _section(items: list[tuple[int, list[str], str | None]], at: int) -> list[tuple[int, list[str]]]:
    """The data rows a total at position `at` sums: those since the previous total, or, when none
    come before it, those up to the next total."""
    above: list[tuple[int, list[str]]] = []
    for n, cells, word in reversed(items[:at]):
        if word is not None:
            break
        above.append((n, cells))
    if above:
        return above[::-1]
    below: list[tuple[int, list[str]]] = []
    for n, cells, word in items[at + 1 :]:
        if word is not None:
            break
        below.append((n, cells))
    return below
