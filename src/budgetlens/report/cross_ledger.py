"""Cross-document findings (a final account against its budget, a year's 上年 figures against the
previous year's document: ``budgetlens crosscheck``) as the reviewer's exports hold them: rows of
their own sheet in the 问题台账 (跨文件核对), and boxes in the annotated PDF of each document whose
note names the other document and where it prints the figure.

Why a record of their own rather than more rows among a document's findings: a cross finding
belongs to two documents. Its 所列数 is printed in one (the checked document: the later year, the
final account) and its 应为 in the other; a reviewer reads both places, and a ledger row that named
one file would hide half the evidence. Each side keeps its own evidence, so the annotated PDF of
either document boxes what that document prints and points at the other for the rest.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from typing import Any, Optional, Sequence

from openpyxl import Workbook

from ..model import Evidence, Finding
from .labels import advice_text, finding_message, shown_value, term, where
from .xlsx_ledger import (LedgerDocument, _number, evidence_lines, heads_with, ledger_workbook,
                          sheet)

#: Column key → (zh header, en header, width): the 跨文件核对 sheet's own columns (the shared
#: ones — 序号, 单位, 问题… — come from xlsx_ledger.COLUMNS).
CROSS_COLUMNS = {
    "checked": ("核对文件", "Checked document", 30), "checked_pages": ("核对文件页码", "Pages", 8),
    "checked_evidence": ("核对文件证据", "Evidence in the checked document", 50),
    "other": ("对照文件", "Compared with", 30), "other_pages": ("对照文件页码", "Pages", 8),
    "other_evidence": ("对照文件证据", "Evidence in the other document", 50),
    "rate": ("执行率%", "Execution rate %", 10),
}
CROSS = ("item", "unit", "rule", "severity", "problem", "checked", "checked_pages",
         "checked_evidence", "other", "other_pages", "other_evidence", "stated", "expected",
         "difference", "rate", "advice")


@dataclass(frozen=True)
class CrossSide:
    """One document of a cross finding: which it is and the evidence it prints."""

    file: str
    year: Optional[int] = None
    kind: Optional[str] = None
    document_id: Optional[int] = None
    evidence: tuple[Evidence, ...] = ()

    def label(self, lang: str = "zh") -> str:
        """``2017年 预算 #1 jiangsu_jcy_2017_yusuan.pdf``: year, kind, library id, file name."""
        year = "" if self.year is None else (f"{self.year}" if lang == "en" else f"{self.year}年")
        kind = term(lang, self.kind) if self.kind else ""
        ident = f"#{self.document_id}" if self.document_id is not None else ""
        name = self.file.replace("\\", "/").rsplit("/", 1)[-1]
        return " ".join(x for x in (year, kind, ident, name) if x)

    @property
    def pages(self) -> tuple[int, ...]:
        return tuple(sorted({e.source.page for e in self.evidence if e.source.page}))


@dataclass(frozen=True)
class CrossEntry:
    """A cross finding: the finding (rule, severity, message, 所列数/应为, evidence of both
    sides), the checked document and the one it is checked against, the execution rate of an
    execution check, and the values of the workbook's extra columns (the review's)."""

    finding: Finding
    checked: CrossSide
    other: CrossSide
    unit: Optional[str] = None
    rate: Optional[str] = None
    extra: tuple[Optional[str], ...] = ()

    def sides_for(self, document_id: int) -> Optional[tuple[CrossSide, CrossSide]]:
        """(this document's side, the other side) for ``document_id``; None if it is neither."""
        if self.checked.document_id == document_id:
            return self.checked, self.other
        if self.other.document_id == document_id:
            return self.other, self.checked
        return None


def cross_row(n: int, entry: CrossEntry, lang: str) -> dict[str, Any]:
    """One row of the 跨文件核对 sheet (extra columns ``x0``… from the entry's ``extra``)."""
    f = entry.finding
    row = {f"x{k}": v for k, v in enumerate(entry.extra)}
    return {**row, "item": n, "unit": entry.unit, "rule": f.rule,
            "severity": term(lang, f.severity), "problem": finding_message(f, lang),
            "checked": entry.checked.label(lang),
            "checked_pages": ", ".join(map(str, entry.checked.pages)),
            "checked_evidence": evidence_lines(entry.checked.evidence, lang),
            "other": entry.other.label(lang),
            "other_pages": ", ".join(map(str, entry.other.pages)),
            "other_evidence": evidence_lines(entry.other.evidence, lang),
            "stated": _number(shown_value(f.stated, lang)),
            "expected": _number(shown_value(f.expected, lang)),
            "difference": _number(f.difference),
            "rate": entry.rate, "advice": advice_text(f, lang), "_severity": f.severity}


def other_note(entry: CrossEntry, document_id: int, lang: str = "zh") -> str:
    """The line of an annotation's note that names the other document and where it prints its
    part of the finding (page, table cell, value)."""
    sides = entry.sides_for(document_id)
    if sides is None:
        return ""
    _, there = sides
    places = []
    for e in there.evidence:
        spot = where(e, lang)
        if spot:
            places.append(f"{spot} = {e.value}" if e.value is not None else spot)
    head = "Cross-document, compared with" if lang == "en" else "跨文件核对，对照文件"
    tail = ("; ".join(places) if lang == "en" else "；".join(places)) or \
        ("(no page)" if lang == "en" else "（无页码）")
    return f"{head}: {there.label(lang)} — {tail}" if lang == "en" else \
        f"{head}：{there.label(lang)}，{tail}"


def for_annotation(entries: Sequence[CrossEntry], document_id: int,
                   lang: str = "zh") -> list[tuple[Finding, str]]:
    """Each entry naming ``document_id`` as a finding holding only this document's evidence
    (what its page can box), with the note line naming the other document."""
    out = []
    for entry in entries:
        sides = entry.sides_for(document_id)
        if sides is None or not sides[0].evidence:
            continue
        out.append((replace(entry.finding, evidence=sides[0].evidence),
                    other_note(entry, document_id, lang)))
    return out


#: The sheet's name (zh, en).
SHEET = ("跨文件核对", "Cross-document")


def add_cross_sheet(wb: Workbook, entries: Sequence[CrossEntry], lang: str = "zh",
                    extra_columns: Sequence[tuple[str, str]] = ()) -> None:
    """The 跨文件核对 sheet, placed before the 文件 sheet (the last). Written even when there are
    no entries: an empty sheet says the library held none for these documents, where a missing
    one would leave the reviewer asking whether they were looked for."""
    heads = {**heads_with(extra_columns), **CROSS_COLUMNS}
    added = tuple(f"x{k}" for k in range(len(extra_columns)))
    for e in entries:
        if len(e.extra) not in (0, len(extra_columns)):
            raise ValueError(f"{e.finding.rule}: extra needs {len(extra_columns)} values")
    rows = [cross_row(n, e, lang) for n, e in enumerate(entries, 1)]
    ws = sheet(wb, SHEET[1 if lang == "en" else 0], CROSS + added, rows, lang, heads)
    wb.move_sheet(ws, offset=-1)


def ledger_with_cross(documents: Sequence[LedgerDocument], entries: Sequence[CrossEntry],
                      lang: str = "zh", extra_columns: Sequence[tuple[str, str]] = ()) -> bytes:
    """The ledger of ``documents`` with the 跨文件核对 sheet, as XLSX bytes (the reviewer's
    download of a document from the library, where cross findings are kept)."""
    wb = ledger_workbook(documents, lang, extra_columns)
    add_cross_sheet(wb, entries, lang, extra_columns)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


__all__ = ["SHEET", "add_cross_sheet", "ledger_with_cross", "CROSS", "CROSS_COLUMNS", "CrossEntry", "CrossSide", "cross_row", "for_annotation",
           "other_note"]
