"""The 问题台账 (issue ledger) as an XLSX workbook: what reviewers at finance and audit bureaus keep
in Excel/WPS, one item per problem, with the rule's 整改建议 (rectification advice).

Sheets: 问题台账 (one row per item: the findings of one table row or text line together, as the
reviewer pages group them), 检查明细 (one row per finding, with its item's number, for filtering
by rule), 读取存疑 (findings that stand on a table reading which fails its own checks, with their
cause and the severity they would carry: a doubt about the reading is not a defect of the
document, so it never shares a sheet with them), 文件 (every input with its unit, year and
status, so a file that could not be read is not silently absent). Several documents share one
workbook.

Why every text cell is written as a string with Excel's quote prefix: document text is untrusted
(a cell printed as ``=HYPERLINK(…)`` or ``+1`` would otherwise be stored as a formula and run
when the ledger is opened: CSV/formula injection); openpyxl turns any string starting with ``=``
into a formula unless told the cell is a string. Characters XML cannot hold are replaced, and a
cell is cut at Excel's 32,767-character limit with a visible mark.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..model import Finding, Result, Severity, Status
from .items import Item, group_items
from .labels import (DOUBTED, UNKNOWN_CAUSE, advice_text, cause_text, error_text,
                     evidence_name, finding_message, shown_value, split_findings, t, term, where)

#: Excel's limit on the characters of one cell.
CELL_LIMIT = 32_767
_CUT = "…[截断 / cut]"
#: Fill and font colour per severity (Excel's own "bad / neutral / note" styles).
SEVERITY_COLOURS: dict[str, tuple[str, str]] = {Severity.ERROR: ("FFC7CE", "9C0006"),
                                                Severity.WARNING: ("FFEB9C", "9C5700"),
                                                Severity.INFO: ("DDEBF7", "1F4E78")}
#: 读取存疑 rows: violet, a colour no severity of the document's own defects uses.
DOUBT_COLOURS = ("E4DFEC", "5B2C6F")
_HEAD_FILL = PatternFill("solid", fgColor="D9D9D9")
_WRAP = Alignment(wrap_text=True, vertical="top")

# Column key → (zh header, en header, width in characters).
COLUMNS: Mapping[str, tuple[str, str, int]] = {
    "item": ("序号", "No.", 6), "unit": ("单位", "Unit", 24), "year": ("年度", "Year", 7),
    "problem": ("问题", "Issue", 50), "severity": ("严重级别", "Severity", 9),
    "pages": ("页码", "Pages", 8), "evidence": ("证据", "Evidence", 60),
    "advice": ("整改建议", "Advice", 50), "rule": ("规则", "Rule", 26),
    "category": ("类别", "Category", 12), "stated": ("所列数", "Stated", 14),
    "expected": ("应为", "Expected", 14), "difference": ("差额", "Difference", 12),
    "file": ("文件", "File", 36), "status": ("状态", "Status", 8), "kind": ("类型", "Kind", 10),
    "findings": ("问题数", "Findings", 8), "items": ("台账条目", "Items", 8),
    "message": ("说明", "Note", 40), "doubted": ("读取存疑", "Unverified reading", 10),
    "cause": ("存疑原因", "Cause", 18), "cause_text": ("原因说明", "Why the reading is in doubt", 36),
    "as_read": ("按读取结果级别", "Severity as read", 10),
}
LEDGER = ("item", "unit", "year", "problem", "severity", "pages", "evidence", "advice", "rule",
          "category", "stated", "expected", "difference", "file")
DETAIL = ("item", "unit", "year", "problem", "severity", "pages", "evidence", "advice", "rule",
          "category", "stated", "expected", "difference", "file")
#: 读取存疑: one row per finding that stands on a reading in doubt, never mixed with the
#: document's own defects (their severity is at most a warning; ``as_read`` is what it would be).
DOUBT = ("item", "unit", "year", "cause", "cause_text", "as_read", "problem", "severity", "pages",
         "evidence", "advice", "rule", "stated", "expected", "difference", "file")
FILES = ("file", "unit", "year", "kind", "status", "findings", "items", "message", "doubted")
SHEETS = {"ledger": ("问题台账", "Ledger"), "detail": ("检查明细", "Findings"),
          "doubt": ("读取存疑", "Unverified reading"), "files": ("文件", "Files")}


@dataclass(frozen=True)
class LedgerDocument:
    """One document of the ledger: what the workbook needs and no more, so that the command line
    (from a pipeline Result) and the reviewer workspace (from the library, findings rebuilt with
    :func:`~budgetlens.report.items.finding_from_dict`) fill it alike."""

    file: str
    findings: tuple[Finding, ...] = ()
    unit: Optional[str] = None
    year: Optional[int] = None
    kind: Optional[str] = None
    error: Optional[str] = None
    #: Values of the workbook's extra columns (a reviewer's decision, note, who, when), one tuple
    #: per finding in the order of ``findings``; empty when the workbook has none.
    extra: tuple[tuple[Optional[str], ...], ...] = ()

    @classmethod
    def from_result(cls, r: Result, lang: str = "zh") -> "LedgerDocument":
        md = r.disclosure.metadata if r.disclosure else None
        return cls(file=r.file, findings=tuple(r.audit.findings if r.audit else ()),
                   unit=md.unit if md else None, year=md.year if md else None,
                   kind=md.kind if md else None,
                   error=None if r.status == Status.OK else (error_text(r, lang) or r.status))


#: What XML 1.0 cannot hold beyond openpyxl's control characters: lone surrogates (from a bad
#: decode) and the non-characters U+FFFE, U+FFFF.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def safe_text(value: str) -> str:
    """Text a cell can hold: characters XML forbids replaced, cut at Excel's limit."""
    value = _NOT_XML.sub("\ufffd", ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))
    return value if len(value) <= CELL_LIMIT else value[:CELL_LIMIT - len(_CUT)] + _CUT


def put(ws: Worksheet, row: int, col: int, value: Any) -> None:
    """Write one cell: numbers as numbers, everything else as a string that no spreadsheet
    evaluates (data type ``s`` plus the quote prefix, which keeps it text even when edited)."""
    cell = ws.cell(row=row, column=col)
    if value is None or value == "":
        return
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        cell.value = value
        return
    cell.value = safe_text(str(value))
    cell.data_type = "s"
    cell.quotePrefix = True


def _number(text: Optional[str]) -> Any:
    """A stated/expected figure as a number when it is a plain decimal (so the column sorts and
    sums), shown with the decimals it was printed with; anything else stays text."""
    if text is None:
        return None
    try:
        d = Decimal(text.replace(",", ""))
    except (InvalidOperation, AttributeError):
        return text
    exponent = d.as_tuple().exponent
    if not isinstance(exponent, int):  # NaN or Infinity ('n', 'N', 'F'): not a figure
        return text
    return (float(d), max(0, -exponent))


def evidence_lines(evidence: Sequence, lang: str) -> str:
    """Each piece of evidence on a line: place, what it is, value, and the quoted text."""
    lines = []
    for e in evidence:
        head = " ".join(p for p in (where(e, lang), evidence_name(e, lang)) if p)
        value = f" = {e.value}" if e.value is not None else ""
        quote = f"「{e.source.text}」" if lang != "en" else f"“{e.source.text}”"
        lines.append(f"{head}{value} {quote}".strip())
    return "\n".join(lines)


def _joined(values: Sequence[Optional[str]]) -> Any:
    """One finding's value as itself; several numbered as the 问题 cell numbers their findings."""
    if len(values) == 1:
        return _number(values[0])
    lines = [f"{i}. {v}" for i, v in enumerate(values, 1) if v is not None]
    return "\n".join(lines) or None


def _listed(texts: Sequence[str]) -> str:
    """One text as itself; several numbered 1. 2. … (the order of the item's findings)."""
    return texts[0] if len(texts) == 1 else "\n".join(f"{i}. {x}" for i, x in enumerate(texts, 1))


def _numbered(texts: Sequence[str]) -> str:
    unique = list(dict.fromkeys(x for x in texts if x))
    return unique[0] if len(unique) == 1 else "\n".join(f"{i}. {x}" for i, x in enumerate(unique, 1))


def _item_row(n: int, item: Item, doc: LedgerDocument, lang: str,
              extra: Mapping[int, tuple]) -> dict[str, Any]:
    fs = item.findings
    return {**_extra_cells(fs, extra, several=True),
        "item": n, "unit": doc.unit, "year": doc.year,
        "problem": _listed([finding_message(f, lang) for f in fs]),
        "severity": term(lang, item.severity), "pages": ", ".join(str(p) for p in item.pages),
        "evidence": evidence_lines(item.evidence, lang),
        "advice": _numbered([advice_text(f, lang) for f in fs]),
        "rule": "\n".join(dict.fromkeys(f.rule for f in fs)),
        "category": ", ".join(dict.fromkeys(term(lang, f.category) for f in fs)),
        "stated": _joined([shown_value(f.stated, lang) for f in fs]),
        "expected": _joined([shown_value(f.expected, lang) for f in fs]),
        "difference": _joined([f.difference for f in fs]), "file": doc.file,
        "_severity": item.severity,
    }


def _finding_row(n: int, f: Finding, doc: LedgerDocument, lang: str,
                 extra: Mapping[int, tuple]) -> dict[str, Any]:
    pages = sorted({e.source.page for e in f.evidence if e.source.page})
    return {**_extra_cells((f,), extra, several=False),"item": n, "unit": doc.unit, "year": doc.year, "problem": finding_message(f, lang),
            "severity": term(lang, f.severity), "pages": ", ".join(str(p) for p in pages),
            "evidence": evidence_lines(f.evidence, lang), "advice": advice_text(f, lang),
            "rule": f.rule, "category": term(lang, f.category), "stated": _number(shown_value(f.stated, lang)),
            "expected": _number(shown_value(f.expected, lang)), "difference": _number(f.difference),
            "file": doc.file, "_severity": f.severity}


def _doubt_row(n: int, f: Finding, doc: LedgerDocument, lang: str,
               extra: Mapping[int, tuple]) -> dict[str, Any]:
    """A 读取存疑 finding: its cause (code and words) and the severity it would carry were the
    reading sure, beside what the detail sheet gives a finding; no 整改建议 — the document may
    have nothing to correct, the reading is what to check."""
    return {**_finding_row(n, f, doc, lang, extra), "cause": f.cause or UNKNOWN_CAUSE, "cause_text": cause_text(f.cause, lang),
            "as_read": term(lang, f.severity_as_read) if f.severity_as_read else None,
            "_severity": DOUBTED}


def _file_row(doc: LedgerDocument, items: int, doubted: int, lang: str) -> dict[str, Any]:
    status = t(lang, "ok") if doc.error is None else t(lang, "failed")
    return {"file": doc.file, "unit": doc.unit, "year": doc.year,
            "kind": term(lang, doc.kind) if doc.kind else None, "status": status,
            "findings": len(doc.findings) - doubted, "items": items, "doubted": doubted,
            "message": doc.error, "_severity": "error" if doc.error else None}


def sheet(wb: Workbook, name: str, columns: Sequence[str], rows: Sequence[dict], lang: str,
           heads: Mapping[str, tuple[str, str, int]], first: bool = False) -> Worksheet:
    """One sheet: bold grey header, frozen under it, filters over every column, widths set,
    text wrapped at the top of its cell, the severity (or status) cell coloured."""
    ws = wb.active if first else wb.create_sheet()
    ws.title = name
    for c, key in enumerate(columns, 1):
        zh, en, width = heads[key]
        put(ws, 1, c, en if lang == "en" else zh)
        ws.cell(1, c).font = Font(bold=True)
        ws.cell(1, c).fill = _HEAD_FILL
        ws.column_dimensions[get_column_letter(c)].width = width
    for r, row in enumerate(rows, 2):
        for c, key in enumerate(columns, 1):
            _put_value(ws, r, c, row.get(key))
            ws.cell(r, c).alignment = _WRAP
        _colour(ws, r, columns, row.get("_severity"))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, len(rows) + 1)}"
    return ws


def _put_value(ws: Worksheet, r: int, c: int, value: Any) -> None:
    if isinstance(value, tuple):  # (number, decimals) from _number
        put(ws, r, c, value[0])
        ws.cell(r, c).number_format = "#,##0" + ("." + "0" * value[1] if value[1] else "")
    else:
        put(ws, r, c, value)


def _colour(ws: Worksheet, r: int, columns: Sequence[str], severity: Optional[str]) -> None:
    if severity not in SEVERITY_COLOURS and severity != DOUBTED:
        return
    fill, font = SEVERITY_COLOURS.get(severity or "", DOUBT_COLOURS)
    key = "severity" if "severity" in columns else "status"
    cell = ws.cell(r, columns.index(key) + 1)
    cell.fill = PatternFill("solid", fgColor=fill)
    cell.font = Font(color=font, bold=severity == Severity.ERROR)


def _extra_cells(findings: Sequence[Finding], extra: Mapping[int, tuple],
                 several: bool) -> dict[str, Any]:
    """The extra columns' cells (keys ``x0``, ``x1``…) for one finding or an item's findings:
    one value when they agree, else numbered like the 问题 cell."""
    rows = [extra.get(id(f), ()) for f in findings]
    width = max((len(r) for r in rows), default=0)
    out: dict[str, Any] = {}
    for k in range(width):
        values = [r[k] if k < len(r) else None for r in rows]
        distinct = set(values)
        if not several or len(distinct) == 1:
            out[f"x{k}"] = values[0]
        else:
            out[f"x{k}"] = "\n".join(f"{i}. {v}" for i, v in enumerate(values, 1) if v)
    return out


def heads_with(extra_columns: Sequence[tuple[str, str]]) -> dict[str, tuple[str, str, int]]:
    heads = dict(COLUMNS)
    heads.update({f"x{k}": (zh, en, 16) for k, (zh, en) in enumerate(extra_columns)})
    return heads


def _extra_by_finding(doc: LedgerDocument, n_columns: int) -> dict[int, tuple]:
    """A document's extra values by finding; a count that does not match is the caller's bug."""
    if not doc.extra:
        return {}
    if len(doc.extra) != len(doc.findings) or any(len(x) != n_columns for x in doc.extra):
        raise ValueError(f"{doc.file}: extra needs one tuple of {n_columns} values per finding "
                         f"({len(doc.findings)} findings, {len(doc.extra)} tuples)")
    return {id(f): tuple(x) for f, x in zip(doc.findings, doc.extra)}


def ledger_workbook(documents: Sequence[LedgerDocument], lang: str = "zh",
                    extra_columns: Sequence[tuple[str, str]] = ()) -> Workbook:
    """The workbook of the given documents: items numbered across the workbook in document
    order, worst first within a document (the order a reviewer works through them).
    ``extra_columns`` — (zh, en) headers, e.g. (("复核结论", "Decision"),) — are added to the
    ledger and detail sheets, filled from each document's ``extra``."""
    ledger: list[dict[str, Any]] = []
    detail: list[dict[str, Any]] = []
    doubt: list[dict[str, Any]] = []
    files: list[dict[str, Any]] = []
    n = 0
    for doc in documents:
        extra = _extra_by_finding(doc, len(extra_columns))
        own, by_cause = split_findings(doc.findings)
        items = group_items(own)
        for item in items:
            n += 1
            ledger.append(_item_row(n, item, doc, lang, extra))
            detail += [_finding_row(n, f, doc, lang, extra) for f in item.findings]
        doubted = [f for group in by_cause.values() for f in group]
        doubt += [_doubt_row(len(doubt) + 1, f, doc, lang, extra) for f in doubted]
        files.append(_file_row(doc, len(items), len(doubted), lang))
    wb = Workbook()
    pick = 1 if lang == "en" else 0
    heads = heads_with(extra_columns)
    added = tuple(f"x{k}" for k in range(len(extra_columns)))
    sheet(wb, SHEETS["ledger"][pick], LEDGER + added, ledger, lang, heads, first=True)
    sheet(wb, SHEETS["detail"][pick], DETAIL + added, detail, lang, heads)
    sheet(wb, SHEETS["doubt"][pick], DOUBT + added, doubt, lang, heads)
    sheet(wb, SHEETS["files"][pick], FILES, files, lang, heads)
    return wb


def ledger_bytes(documents: Sequence[LedgerDocument], lang: str = "zh",
                 extra_columns: Sequence[tuple[str, str]] = ()) -> bytes:
    """The workbook as XLSX bytes (for a download)."""
    buf = io.BytesIO()
    ledger_workbook(documents, lang, extra_columns).save(buf)
    return buf.getvalue()


def render_audit(results: Sequence[Result], lang: str = "zh") -> bytes:
    """The ledger of pipeline Results as XLSX bytes: the ``xlsx`` audit renderer."""
    return ledger_bytes([LedgerDocument.from_result(r, lang) for r in results], lang)


def write_ledger(results: Sequence[Result], path: Path | str, lang: str = "zh") -> int:
    """Write the ledger of pipeline Results to ``path``; returns the number of items."""
    Path(path).write_bytes(render_audit(results, lang))
    return sum(len(group_items(split_findings(r.audit.findings)[0])) for r in results if r.audit)


__all__ = ["COLUMNS", "LEDGER", "LedgerDocument", "advice_text", "heads_with", "ledger_bytes",
           "ledger_workbook", "put", "render_audit", "safe_text", "sheet", "write_ledger"]
