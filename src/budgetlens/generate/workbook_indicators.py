"""The workbook's 绩效指标 sheet: one row per indicator of a project's 绩效目标表 / 绩效自评表.

WHY a sheet of its own rather than columns of the 项目 sheet: a project has several indicators,
each with its levels, value, weight and (决算) actual and score; one row per indicator is how the
forms print them and how finance staff keep them. The 项目名称 column is validated against the
项目 sheet's names, 一级指标 against the declared list, weights and scores as 0–100; every cell read
keeps its place (``绩效指标!H5``) so a gate finding (a 总分 that is not the sum) names it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Optional

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..model import Diagnostic, Severity
from ..rules import generate_words
from .indicators import Indicator
from .inputs import Inputs, Project

if TYPE_CHECKING:  # workbook_read imports this module
    from .workbook_read import _Reader

#: the sheet's columns: the [performance] label of its heading, the Indicator field
COLUMNS = {"budget": (("name", "project"), ("level1", "level1"), ("level2", "level2"),
                      ("level3", "name"), ("target_value", "target"), ("weight", "weight")),
           "final": (("name", "project"), ("level1", "level1"), ("level2", "level2"),
                     ("level3", "name"), ("year_target_value", "target"), ("actual_value", "actual"),
                     ("self_weight", "weight"), ("indicator_score", "score"))}
_BLANK_ROWS = 200
_NUMBERS = ("weight", "score")


def write_sheet(wb: Workbook, kind: str, inputs: Optional[Inputs], labels: Mapping[str, str],
                projects_sheet: str) -> None:
    """The sheet, filled with the inputs' indicators when given, under data validation."""
    ws = wb.create_sheet(generate_words.load_generate_words().sheets["indicators"])
    columns = COLUMNS[kind]
    for k, (label, _f) in enumerate(columns, 1):
        ws.cell(1, k, labels[label]).font = Font(bold=True)
        ws.column_dimensions[ws.cell(1, k).column_letter].width = 30 if k in (1, 4) else 14
    r = 2
    for p in inputs.projects if inputs else ():
        for ind in p.indicator_rows:
            for k, (_label, f) in enumerate(columns, 1):
                value = p.name if f == "project" else getattr(ind, f)
                if value not in (None, ""):
                    ws.cell(r, k, float(value) if f in _NUMBERS else value)
            r += 1
    last = r + _BLANK_ROWS
    names = DataValidation(type="list", formula1=f"'{projects_sheet}'!$A$2:$A${last}",
                           allow_blank=True, showErrorMessage=True,
                           error="请选择项目支出与绩效目标表中的项目 / a project of the 项目 sheet")
    levels = DataValidation(type="list", formula1='"' + labels["level1_options"] + '"',
                            allow_blank=True, showErrorMessage=True,
                            error="请选择一级指标 / choose a first-level indicator")
    points = DataValidation(type="decimal", operator="between", formula1="0", formula2="100",
                            allow_blank=True, showErrorMessage=True, error="分值为0–100 / 0–100 points")
    for dv in (names, levels, points):
        ws.add_data_validation(dv)
    names.add(f"A2:A{last}")
    levels.add(f"B2:B{last}")
    for k, (_label, f) in enumerate(columns, 1):
        if f in _NUMBERS:
            letter = ws.cell(1, k).column_letter
            points.add(f"{letter}2:{letter}{last}")


def read_sheet(ws: Worksheet, reader: _Reader, kind: str, projects: list[Project]) -> list[Project]:
    """The projects with the indicator rows the sheet gives them; a row naming no project of the
    项目 sheet is an error naming its cell."""
    columns = [f for _label, f in COLUMNS[kind]]
    rows: dict[str, list[Indicator]] = {}
    known = {p.name for p in projects}
    for r in range(2, ws.max_row + 1):
        cells = {f: ws.cell(r, k).value for k, f in enumerate(columns, 1)}
        project = str(cells["project"] or "").strip()
        if not project or not str(cells["name"] or "").strip():
            continue
        if project not in known:
            coord = f"{ws.title}!A{r}"
            reader.notes.append(Diagnostic(
                "generate-workbook-unknown-project", Severity.ERROR,
                f"{coord} 项目“{project}”不在项目支出与绩效目标表中",
                f"{coord}: project {project!r} is not on the 项目 sheet", reader.source(ws, r, 1, project)))
            continue
        numbers = {f: reader.number(ws, r, columns.index(f) + 1) for f in _NUMBERS if f in columns}
        place = columns.index("score" if "score" in columns else "target") + 1
        rows.setdefault(project, []).append(Indicator(
            str(cells["name"]).strip(), _text(cells["target"]), _text(cells["level1"]),
            _text(cells["level2"]), _text(cells.get("actual")), numbers.get("weight"),
            numbers.get("score"), reader.source(ws, r, place, ws.cell(r, place).value)))
    return [replace(p, indicator_rows=tuple(rows.get(p.name, ()))) if p.name in rows else p
            for p in projects]


def _text(value: object) -> str:
    """A cell as printed: a number typed without its unit keeps its digits (95, not 95.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
