"""The officer's answer to a refusal as a sheet of a workbook: 补充输入, one row per missing input
(``budgetlens generate INPUT --supply-sheet BOOK.xlsx`` writes it; ``--supply BOOK.xlsx`` reads it).

WHY a sheet beside the TOML: a finance officer works in the platform's spreadsheets, and the
example workbook (``--template-workbook``) is where the rest of the inputs are typed; the sheet is
added to that workbook (or written as a new one), so the answer travels with the inputs. Rows carry
the same section and key as the TOML (``reasons`` / ``expense.general.project``), the item's name,
why the gate needs it and, where ``--correct`` would write a reason, that text; the officer fills
the last column only. A figure's cell is validated as a decimal, the year as a whole number. Each
value read keeps its cell (``补充输入!F3``) as its source, so a finding about it names the cell.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from ..model import Diagnostic, Severity, Source
from ..rules import generate_words


def sheet_name() -> str:
    """The sheet's name (rules/generate/words.toml [sheets] supply): the one declaration the
    sheet is written under and looked for by."""
    return generate_words.load_generate_words().sheets["supply"]

#: (heading, width); the sheet's columns in order — the value is the last
COLUMNS = (("节 / section", 18), ("键 / key", 34), ("名称 / item", 28), ("原因 / why it is needed", 60),
           ("--correct 可写为 / --correct would write", 40), ("填写 / value", 50))
VALUE = len(COLUMNS)  # 1-based column of the value


def _book(path: Path) -> Workbook:
    """The workbook the sheet goes into: ``path`` when it is one (the sheet replaced), else new."""
    if path.is_file():
        wb = load_workbook(path)
        if sheet_name() in wb.sheetnames:
            del wb[sheet_name()]
        return wb
    wb = Workbook()
    wb.remove(wb.active)
    return wb


def write_sheet(path: str | Path, missing: Iterable, hints: Optional[dict] = None) -> Path:
    """Write the ready-to-fill 补充输入 sheet of ``missing`` (:class:`.supply.Missing`) into the
    workbook at ``path``; ``hints``: measure → the reason ``--correct`` would write."""
    path, hints = Path(path), hints or {}
    wb = _book(path)
    ws = wb.create_sheet(sheet_name(), 0)  # first: the sheet the officer opens
    for c, (head, width) in enumerate(COLUMNS, 1):
        ws.cell(1, c, head).font = Font(bold=True)
        ws.column_dimensions[ws.cell(1, c).column_letter].width = width
    decimal = DataValidation(type="decimal", allow_blank=True, error="请填写数字 / a number")
    whole = DataValidation(type="whole", operator="between", formula1="1900", formula2="2100",
                           allow_blank=True, error="请填写年度 / a year")
    ws.add_data_validation(decimal)
    ws.add_data_validation(whole)
    for r, m in enumerate(missing, 2):
        for c, text in enumerate((m.section, m.key, m.label, m.why, hints.get(m.key, "")), 1):
            ws.cell(r, c, text)
        value = ws.cell(r, VALUE).coordinate
        if m.section.startswith("figures."):
            decimal.add(value)
        elif (m.section, m.key) == ("metadata", "year"):
            whole.add(value)
    ws.freeze_panes = "A2"
    wb.save(path)
    return path


def _error(code: str, zh: str, en: str, src: Optional[Source] = None) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, zh, en, src)


def sheet_entries(path: str | Path) -> tuple[list[tuple[str, str, object, Source]], list[Diagnostic]]:
    """(section, key, value, source) of every filled row of the workbook's 补充输入 sheet, each
    source its value cell; a workbook without the sheet is a diagnostic naming it."""
    name = Path(path).name
    try:
        wb = load_workbook(path, data_only=True)
    except Exception as exc:  # noqa: BLE001 — any unreadable workbook is the officer's to fix
        return [], [_error("generate-supply-unreadable", f"无法读取补充输入 {name}：{exc}",
                           f"cannot read the supplied inputs {name}: {exc}")]
    sheet = sheet_name()
    if sheet not in wb.sheetnames:
        return [], [_error("generate-supply-unreadable", f"{name} 中没有“{sheet}”表",
                           f"{name} has no {sheet!r} sheet")]
    ws, out = wb[sheet], []
    for r, row in enumerate(ws.iter_rows(min_row=2, max_col=VALUE, values_only=True), 2):
        section, key, value = row[0], row[1], row[VALUE - 1]
        if not section or not key or value is None or str(value).strip() == "":
            continue  # a row left empty counts as not given
        cell = ws.cell(r, VALUE).coordinate
        out.append((str(section).strip(), str(key).strip(), value,
                    Source(str(path), table=wb.sheetnames.index(sheet), row=r - 1, column=VALUE - 1,
                           text=f"{sheet}!{cell}={value}")))
    return out, []
