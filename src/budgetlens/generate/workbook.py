"""The template workbook (issue #11 item 1a): write a workbook to fill, and read a filled one as
inputs.

One sheet per side of each declared table (rules/generate/tables.toml; the tables of the
template in rules/templates.toml), with its fixed rows labelled and room for code rows; a sheet for
the unit (name, year, kind, level, 职能, 机构设置), one for prior-year figures and reasons, one for
the figures only the narrative states. Codes and figures carry data validation. Every figure read
keeps its cell (``表5!D7``) as its source, so a gate finding names the cell to correct.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..rules import generate_words
from ..rules.generate_words import GenerateWords
from ..rules.measures import describe, kind_of
from .build import code_names, document_tables
from .fill import _code_rows, for_kind
from .inputs import Inputs
from .spec import Side, Spec, TableSpec, load_spec

MARK = "budgetlens-generate-template"
#: the 项目 sheet's columns: heading, Project field (a 决算's adds the 自评得分)
#: ``listed``: 否 for a project the 项目支出表 does not list (one only a 绩效目标表 or 自评表 names,
#: or another unit's: its amount is no part of the 项目支出 total); blank or 是 lists it
PROJECT_COLUMNS = {"budget": (("项目名称", "name"), ("项目金额", "amount"), ("绩效目标", "target"),
                              ("主要绩效指标", "indicators"), ("列入项目支出表", "listed")),
                   "final": (("项目名称", "name"), ("项目金额", "amount"), ("绩效目标", "target"),
                             ("主要绩效指标", "indicators"), ("绩效自评得分", "score"),
                             ("列入项目支出表", "listed"))}
_BLANK_PROJECT_ROWS = 50
_BLANK_CODE_ROWS = 60
_CODE = re.compile(r"^\s*(\d{3,7})\b\s*(.*)$")


def words() -> GenerateWords:
    """The workbook's sheet names and labels (rules/generate/words.toml): looked up when a
    workbook is written and when one is read, so both sides always use the same declaration."""
    return generate_words.load_generate_words()


def listed_words() -> dict[bool, str]:
    """The 项目 sheet's listed column: True → 是, False → 否 (as declared)."""
    listed = words().listed
    return {True: listed["yes"], False: listed["no"]}


def choices(spec: Spec) -> tuple[dict[str, str], dict[str, str]]:
    """The info sheet's kind and level words → their keys (预算 → budget, 部门 → department):
    document.toml's [kind.*] phase and [level.*] name, the words the documents print."""
    return ({w: k for k, w in spec.phase.items()}, {w: k for k, w in spec.level_names.items()})


def _label(path: tuple[str, ...], amount: str) -> str:
    return "/".join(p.replace("{amount}", amount) for p in path)


def _side_sheet(wb: Workbook, title: str, heading: str, side: Side, amount: str,
                inputs: Optional[Inputs], names: dict[str, str]) -> None:
    ws = wb.create_sheet(title)
    ws.cell(1, 1, heading).font = Font(bold=True)
    keys = [_label(k, amount) for k in side.keys]
    labels = keys + [_label(c.path, amount) for c in side.columns]
    for k, text in enumerate(labels, 1):
        ws.cell(2, k, text).font = Font(bold=True)
        ws.column_dimensions[ws.cell(2, k).column_letter].width = 28 if k <= len(keys) else 16
    r = 3
    for row in side.rows:
        if row.codes:
            codes = _code_rows(side, row.codes, row.digits, inputs) if inputs else []
            for code in codes:
                key = [code, names.get(code, "")] if len(keys) == 2 else [names.get(code, code)]
                measures = [f"{c.prefix or row.codes}.{code}{c.suffix}" for c in side.columns]
                _write_row(ws, r, key[:len(keys)], measures, side, inputs)
                r += 1
            r += _BLANK_CODE_ROWS
            continue
        _write_row(ws, r, ([""] * (len(keys) - 1) + [row.label])[:len(keys)], list(row.cells), side,
                   inputs)
        r += 1
    _validate(ws, len(keys), len(labels), max(r, 3 + _BLANK_CODE_ROWS))


def _write_row(ws: Worksheet, r: int, key: list[str], measures: list[str], side: Side,
               inputs: Optional[Inputs]) -> None:
    for k, text in enumerate(key, 1):
        if text:
            ws.cell(r, k, text)
    if inputs is None:
        return
    for i, (m, col) in enumerate(zip(measures, side.columns)):
        v = inputs.values.get((m, col.basis)) if m else None
        if v is not None:
            ws.cell(r, len(key) + 1 + i, float(v.value) if v.kind != "count" else int(v.value))


def _validate(ws: Worksheet, n_keys: int, n_cols: int, last: int) -> None:
    """Figures must be numbers; codes 3, 5 or 7 digits."""
    money = DataValidation(type="decimal", operator="between", formula1="-1000000000",
                           formula2="1000000000", error="请填写数字（万元）/ a figure in 10k yuan",
                           showErrorMessage=True)
    ws.add_data_validation(money)
    money.add(f"{ws.cell(3, n_keys + 1).coordinate}:{ws.cell(last, n_cols).coordinate}")
    if n_keys == 2:
        code = DataValidation(type="custom", formula1="AND(LEN(A3)>=3,LEN(A3)<=7,ISNUMBER(--A3))",
                              error="科目编码为3、5或7位数字 / a 3-, 5- or 7-digit code",
                              showErrorMessage=True)
        ws.add_data_validation(code)
        code.add(f"A3:A{last}")


def _info_sheet(wb: Workbook, spec: Spec, kind: str, level: str, template: str,
                inputs: Optional[Inputs]) -> None:
    label = words().info
    ws = wb.create_sheet(words().sheets["info"], 0)
    profile = inputs.profile if inputs else {}
    rows = [(label["unit"], inputs.unit if inputs else ""),
            (label["year"], inputs.year if inputs else ""), (label["kind"], spec.phase[kind]),
            (label["level"], spec.level_names[level]), (label["template"], template)]
    for which in ("functions", "organisation"):
        rows += [(label[which], text) for text, _src in profile.get(which, [("", None)])]
    for r, (key, value) in enumerate(rows, 1):
        ws.cell(r, 1, key).font = Font(bold=True)
        ws.cell(r, 2, value)
    ws.column_dimensions["B"].width = 80
    for cell, words_of in zip(("B3", "B4"), choices(spec)):
        dv = DataValidation(type="list", formula1='"' + ",".join(words_of) + '"', showErrorMessage=True)
        ws.add_data_validation(dv)
        dv.add(cell)


#: the columns of the 上年数与原因 sheet after 指标 | 指标代码: (heading, basis or reason kind);
#: a 决算's sheet adds the 年初预算数 and the reason it differs from the 决算数
CHANGE_COLUMNS = {"budget": (("上年数", "prior"), ("变动原因", "reasons")),
                  "final": (("上年数", "prior"), ("变动原因", "reasons"),
                            ("年初预算数", "initial_budget"), ("决算数与年初预算数差异原因", "variance_reasons"))}
OTHER_COLUMNS = (("本年数", "current"),)


def _measure_sheet(wb: Workbook, title: str, measures: tuple[str, ...],
                   columns: tuple[tuple[str, str], ...], inputs: Optional[Inputs]) -> None:
    ws = wb.create_sheet(title)
    for k, (text, _what) in enumerate((("指标", ""), ("指标代码", "")) + columns, 1):
        ws.cell(1, k, text).font = Font(bold=True)
    for r, m in enumerate(measures, 2):
        ws.cell(r, 1, describe(m, "zh"))
        ws.cell(r, 2, m)
        for k, (_text, what) in enumerate(columns, 3):
            if inputs is None:
                continue
            if what.endswith("reasons"):
                why = getattr(inputs, what).get(m)
                if why:
                    ws.cell(r, k, why[0])
            elif (v := inputs.values.get((m, what))) is not None:
                ws.cell(r, k, float(v.value) if v.kind != "count" else int(v.value))
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 30
    for k, (_text, what) in enumerate(columns, 3):
        ws.column_dimensions[ws.cell(1, k).column_letter].width = 40 if what.endswith("reasons") else 14
    _validate_measures(ws, measures, columns)


def _validate_measures(ws: Worksheet, measures: tuple[str, ...],
                       columns: tuple[tuple[str, str], ...]) -> None:
    """A count (辆, 台, 个) must be a whole number ≥ 0; money a number."""
    count = DataValidation(type="whole", operator="between", formula1="0", formula2="1000000000",
                           error="请填写非负整数 / a whole number ≥ 0", showErrorMessage=True)
    money = DataValidation(type="decimal", operator="between", formula1="-1000000000",
                           formula2="1000000000", error="请填写数字（万元）/ a figure in 10k yuan",
                           showErrorMessage=True)
    ws.add_data_validation(count)
    ws.add_data_validation(money)
    for r, m in enumerate(measures, 2):
        for k, (_text, what) in enumerate(columns, 3):
            if not what.endswith("reasons"):
                (count if kind_of(m) == "count" else money).add(ws.cell(r, k).coordinate)


def _project_sheet(wb: Workbook, kind: str, inputs: Optional[Inputs]) -> None:
    """One row per 项目: name, amount (万元), 绩效目标, indicators (and a 决算's 自评得分 0–100)."""
    ws = wb.create_sheet(words().sheets["projects"])
    columns = PROJECT_COLUMNS[kind]
    for k, (text, _field) in enumerate(columns, 1):
        ws.cell(1, k, text).font = Font(bold=True)
        ws.column_dimensions[ws.cell(1, k).column_letter].width = 14 if k in (2, 5) else 40
    projects, listed_word = inputs.projects if inputs else [], listed_words()
    for r, p in enumerate(projects, 2):
        for k, (_text, name) in enumerate(columns, 1):
            value = listed_word[p.listed] if name == "listed" else getattr(p, name)
            if value not in (None, ""):
                ws.cell(r, k, float(value) if name in ("amount", "score") else value)
    last = len(projects) + 1 + _BLANK_PROJECT_ROWS
    money = DataValidation(type="decimal", operator="between", formula1="0", formula2="1000000000",
                           error="请填写项目金额（万元）/ the amount in 10k yuan", showErrorMessage=True)
    ws.add_data_validation(money)
    money.add(f"B2:B{last}")
    if kind == "final":
        score = DataValidation(type="decimal", operator="between", formula1="0", formula2="100",
                               error="自评得分为0–100 / a score of 0–100", showErrorMessage=True)
        ws.add_data_validation(score)
        score.add(f"E2:E{last}")
    listed = DataValidation(type="list", formula1=f'"{",".join(listed_word.values())}"',
                            allow_blank=True)
    ws.add_data_validation(listed)
    column = ws.cell(1, len(columns)).column_letter
    listed.add(f"{column}2:{column}{last}")


def _sheet_title(number: int, n_sides: int, side: int) -> str:
    return f"表{number}" + ("" if n_sides == 1 else ("-收入" if side == 0 else "-支出"))


def _tables(spec: Spec, kind: str, level: str, template: str) -> list[tuple[int, TableSpec]]:
    """Every table the document may print (those printed only with figures too), numbered."""
    return [(i, spec.tables[family]) for i, (family, _role, _m)
            in enumerate(document_tables(spec, kind, level, template), 1)]


def write_template(path: Path, kind: str = "budget", level: str = "department",
                   template: str = "national", inputs: Optional[Inputs] = None) -> None:
    """The workbook to fill for a document of this kind, level and template; with ``inputs``
    it is filled with them (a published document's figures, to be corrected and regenerated)."""
    spec = load_spec()
    wb = Workbook()
    wb.remove(wb.active)
    _info_sheet(wb, spec, kind, level, template, inputs)
    year = "{year}" + words().year["suffix"]
    amount = spec.amount[kind].replace(year, "").replace("{year}", "") or spec.phase[kind]
    names = code_names(inputs) if inputs else {}
    for number, t in _tables(spec, kind, level, template):
        heading = t.title[kind].replace("{unit}", "").replace(year, "").replace(
            "{level}", spec.level_names[level])
        for i, side in enumerate(t.sides):
            _side_sheet(wb, _sheet_title(number, len(t.sides), i), heading, for_kind(side, kind),
                        amount, inputs,
                        names)
    sheet = words().sheets
    _measure_sheet(wb, sheet["changes"], spec.workbook_changes, CHANGE_COLUMNS[kind], inputs)
    _measure_sheet(wb, sheet["others"], spec.workbook_others, OTHER_COLUMNS, inputs)
    _measure_sheet(wb, sheet["assets"], spec.workbook_assets, OTHER_COLUMNS, inputs)
    _measure_sheet(wb, sheet["staff"], spec.workbook_staff, OTHER_COLUMNS, inputs)
    _project_sheet(wb, kind, inputs)
    from .workbook_indicators import write_sheet

    write_sheet(wb, kind, inputs, spec.perf, sheet["projects"])
    wb.properties.keywords = MARK
    wb.save(path)


def is_template(path: str | Path) -> bool:
    if not str(path).lower().endswith(".xlsx"):
        return False
    try:
        return load_workbook(path, read_only=True).properties.keywords == MARK
    except Exception:  # not a workbook we can open: not ours
        return False
