"""Read a filled template workbook (:mod:`.workbook`) as inputs. Every figure keeps its cell
(``表5!D7``) as its source; a figure that is not a number is a diagnostic naming the cell, never
an exception.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Optional

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from ..model import Claim, Diagnostic, Fact, Severity, Source
from ..rules.measures import kind_of
from .inputs import Inputs, Project, build_inputs
from .spec import RowSpec, Side, Spec, load_spec
from .fill import for_kind
from .workbook import (CHANGE_COLUMNS, OTHER_COLUMNS, PROJECT_COLUMNS, _CODE, _sheet_title, _tables,
                       choices, listed_words, words)


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = str(path)
        self.notes: list[Diagnostic] = []
        self.facts: list[Fact] = []
        self.claims: list[Claim] = []

    def source(self, ws: Worksheet, row: int, col: int, value: Any) -> Source:
        coord = ws.cell(row, col).coordinate
        return Source(self.path, table=ws.parent.sheetnames.index(ws.title), row=row - 1,
                      column=col - 1, text=f"{ws.title}!{coord}={value}")

    def number(self, ws: Worksheet, row: int, col: int) -> Optional[Decimal]:
        value = ws.cell(row, col).value
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return Decimal(str(value).replace(",", "").strip())
        except InvalidOperation:
            coord = f"{ws.title}!{ws.cell(row, col).coordinate}"
            self.notes.append(Diagnostic("generate-workbook-not-a-number", Severity.ERROR,
                                         f"{coord} 不是数字：{value!r}",
                                         f"{coord} is not a number: {value!r}",
                                         self.source(ws, row, col, value)))
            return None

    def add(self, ws: Worksheet, row: int, col: int, measure: str, basis: str, label: str = "") -> None:
        value = self.number(ws, row, col)
        if value is not None and measure:
            self.facts.append(Fact(measure, basis, value, self.source(ws, row, col, value),
                                   kind=kind_of(measure) or "money", origin="input", label=label))


def _info(ws: Worksheet, reader: _Reader, spec: Spec) -> tuple[dict, dict]:
    """The unit's metadata and profile from the info sheet, its fields found by their declared
    labels (rules/generate/words.toml [info]); a kind or level word read back as its key."""
    meta: dict[str, Any] = {}
    profile: dict[str, list] = {}
    fields = {label: field for field, label in words().info.items()}
    kinds, levels = choices(spec)
    for r in range(1, ws.max_row + 1):
        field, value = fields.get(ws.cell(r, 1).value), ws.cell(r, 2).value
        if field is None or value is None or str(value).strip() == "":
            continue
        text = str(value).strip()
        if field in ("functions", "organisation"):
            profile.setdefault(field, []).append((text, reader.source(ws, r, 2, text)))
        else:
            meta[field] = kinds.get(text, levels.get(text, text))
    if "year" in meta:
        try:
            meta["year"] = int(str(meta["year"]).removesuffix(words().year["suffix"]))
        except ValueError:
            reader.notes.append(Diagnostic("generate-workbook-bad-year", Severity.ERROR,
                                           f"{ws.title}!B2 年度无法识别：{meta['year']}",
                                           f"{ws.title}!B2: not a year: {meta['year']}"))
            meta["year"] = 0
    return meta, profile


def _row_spec(side: Side, keys: list[str], names: dict[str, str]) -> tuple[Optional[RowSpec], str]:
    """Which declared row a sheet row is, and its code ("" for a fixed row)."""
    text = keys[-1] if keys else ""
    code = ""
    if len(keys) == 2 and keys[0]:
        code = keys[0].split(".")[0]
    elif keys and (m := _CODE.match(text)):
        code = m.group(1)
    elif text in names:
        code = names[text]
    for spec in side.rows:
        if code and spec.codes and len(code) in spec.digits:
            return spec, code
        if not code and not spec.codes and spec.label == text:
            return spec, ""
    if not keys:  # a side without key columns (三公): its one row
        return next((s for s in side.rows if not s.codes), None), ""
    return None, code


def _side(ws: Worksheet, side: Side, reader: _Reader, names: dict[str, str]) -> None:
    n_keys = len(side.keys)
    for r in range(3, ws.max_row + 1):
        keys = [str(ws.cell(r, k + 1).value or "").strip() for k in range(n_keys)]
        if n_keys and not any(keys):
            continue
        spec, code = _row_spec(side, keys, names)
        if spec is None:
            continue
        label = f"{code} {keys[-1]}".strip() if code else ""
        for i, col in enumerate(side.columns):
            measure = (f"{col.prefix or spec.codes}.{code}{col.suffix}" if spec.codes else spec.cells[i])
            reader.add(ws, r, n_keys + 1 + i, measure, col.basis, label)


#: a reason column → the basis of the change it explains
_REASON_BASIS = {"reasons": "change_prior", "variance_reasons": "change_initial_budget"}


def _measures(ws: Worksheet, reader: _Reader, columns: tuple[tuple[str, str], ...]) -> None:
    """A sheet of measures by row; its columns as :data:`CHANGE_COLUMNS` declares them."""
    for r in range(2, ws.max_row + 1):
        measure = str(ws.cell(r, 2).value or "").strip()
        if not measure:
            continue
        for k, (_text, what) in enumerate(columns, 3):
            if what not in _REASON_BASIS:
                reader.add(ws, r, k, measure, what)
                continue
            why = ws.cell(r, k).value
            if why and str(why).strip():
                reader.claims.append(Claim("reason", str(why).strip(), reader.source(ws, r, k, why),
                                           measure, _REASON_BASIS[what]))


def _projects(ws: Worksheet, reader: _Reader, columns: tuple[tuple[str, str], ...]) -> list[Project]:
    """The 项目 rows: a row with a name and an amount; its amount cell is its source."""
    out, not_listed = [], listed_words()[False]
    fields = [name for _text, name in columns]
    for r in range(2, ws.max_row + 1):
        name = str(ws.cell(r, 1).value or "").strip()
        if not name:
            continue
        amount = reader.number(ws, r, 2)
        if amount is None:
            continue
        texts = {f: str(ws.cell(r, k).value or "").strip() for k, f in enumerate(fields, 1)
                 if f in ("target", "indicators")}  # columns the template may leave out
        score = reader.number(ws, r, fields.index("score") + 1) if "score" in fields else None
        score_at = reader.source(ws, r, fields.index("score") + 1, score) if score is not None else None
        listed = str(ws.cell(r, fields.index("listed") + 1).value or "").strip() != not_listed
        out.append(Project(name, amount, reader.source(ws, r, 2, amount), score=score,
                           score_source=score_at, listed=listed, target=texts.get("target", ""),
                           indicators=texts.get("indicators", "")))
    return out


def from_workbook(path: str | Path, *, kind: Optional[str] = None, level: Optional[str] = None,
                  template: Optional[str] = None) -> Inputs:
    """Inputs from a filled template workbook."""
    wb = load_workbook(path, data_only=True)
    reader, spec, sheet = _Reader(Path(path)), load_spec(), words().sheets
    info = sheet["info"]
    meta, profile = _info(wb[info], reader, spec) if info in wb.sheetnames else ({}, {})
    kind = kind or meta.get("kind") or "budget"
    level = level or meta.get("level") or "department"
    template = template or meta.get("template") or "national"
    from .build import code_names

    names = {name: code for code, name in code_names(build_inputs("", {}, [], [])).items()}
    for number, t in _tables(spec, kind, level, template):
        for i, side in enumerate(t.sides):
            title = _sheet_title(number, len(t.sides), i)
            if title in wb.sheetnames:
                _side(wb[title], for_kind(side, kind), reader, names)
    for which, columns in (("changes", CHANGE_COLUMNS[kind]), ("others", OTHER_COLUMNS),
                           ("assets", OTHER_COLUMNS), ("staff", OTHER_COLUMNS)):
        if sheet[which] in wb.sheetnames:
            _measures(wb[sheet[which]], reader, columns)
    inputs = build_inputs(str(path), meta, reader.facts, reader.claims, profile, kind=kind,
                          level=level, template=template)
    if sheet["projects"] in wb.sheetnames:
        inputs.projects = _projects(wb[sheet["projects"]], reader, PROJECT_COLUMNS[kind])
    from .workbook_indicators import read_sheet

    if sheet["indicators"] in wb.sheetnames:
        inputs.projects = read_sheet(wb[sheet["indicators"]], reader, kind, inputs.projects)
    inputs.diagnostics += reader.notes
    return inputs
