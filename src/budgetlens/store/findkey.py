"""The stable key of a finding: what lets a reviewer's decision on one version of a document count
for "the same finding" in a corrected version ingested later.

A finding is the same when the same rule (id) fails for the same measure and basis at the same
place *as the reader names it*: the anchor of its evidence (the first piece: the total, the stated
figure) in a table of the same role (``budget_gpb_expense``…), in the row of the same
classification code — or, for a row without a code, the same label with whitespace, full-width
forms and list numbering (一、 (二) 3.) taken away — and under the same column heading. A figure in
the narrative is anchored by its own measure and basis (a finding about the form of a sentence,
with no measure — a wrong year — by the sentence itself, normalised, its figures masked). Never part of the key: page and line
numbers (a corrected file moves them), table and row indexes (a table added before it shifts
them), the message and the figures (the correction changes them), evidence beyond the anchor (a
row added to the parts must not make the finding another one).

Two findings of one document with the same key (rare: the same rule on two tables of one role)
are told apart by their order: the second gets ``#2``.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import unicodedata
from typing import Optional

from sqlalchemy import Connection, select

from .schema import DocTable, EvidenceRow, FactRow, FindingRow

#: A classification code printed at the start of a row label (类 3 digits … 项 7, 经济 3–5).
CODE = re.compile(r"^(\d{3,9})(?!\d)")
#: List numbering before a label: 一、 （二） (3) 4. 5．
NUMBERING = re.compile(r"^(?:[(（]?[一二三四五六七八九十百\d]+[)）]|[一二三四五六七八九十百\d]+[、.．])")
SEPARATOR = " / "
#: Documents whose keys a process keeps (oldest dropped first).
CACHE_MAX = 256
_CACHE: dict[tuple, dict[int, str]] = {}
_LOCK = threading.Lock()
#: Figures in a quoted sentence (what a correction changes), masked in a sentence's key.
DIGITS = re.compile(r"\d[\d,.，]*")


def normalise(text: str) -> str:
    """A label as compared: NFKC (full-width to half-width), no whitespace, no list numbering."""
    flat = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))
    return NUMBERING.sub("", flat, count=1)


def row_part(label: str) -> str:
    """The row of a cell label ("row label / column heading"): its code when it prints one."""
    row = label.split(SEPARATOR, 1)[0]
    flat = normalise(row)
    code = CODE.match(re.sub(r"\s+", "", unicodedata.normalize("NFKC", row)))
    return "code:" + code.group(1) if code else "label:" + flat


def column_part(label: str) -> str:
    parts = label.split(SEPARATOR, 1)
    return normalise(parts[1]) if len(parts) > 1 else ""


def key_of(rule: str, measure: str, basis: str, anchor: Optional[dict]) -> str:
    """The key (a short hash of the parts, so it fits an index) of one finding."""
    where: list = ["document"]
    if anchor is not None and anchor.get("table_role") is not None:
        label = anchor.get("label") or ""
        where = ["table", anchor["table_role"] or "", row_part(label), column_part(label)]
    elif anchor is not None:
        where = ["text", anchor.get("measure") or "", anchor.get("basis") or ""]
        if not anchor.get("measure"):  # a form finding (a wrong year…): its sentence is its place
            where.append(DIGITS.sub("#", normalise(anchor.get("text") or "")))
    raw = json.dumps([rule, measure, basis, where], ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


def finding_keys(conn: Connection, document_id: int) -> dict[int, str]:
    """finding id → key, for every finding of a document (in finding id order).

    Why cached: a stored document never changes (a new reading is a new document), so its keys
    are computed once per process — the labels of a 16,000-fact document cost a page view about
    a tenth of a second. The cache is keyed by the database, the document and its findings (ids,
    rules, measures), so a reused id can never be given another document's keys."""
    findings = tuple(tuple(r) for r in conn.execute(
        select(FindingRow.id, FindingRow.rule, FindingRow.measure, FindingRow.basis)
        .where(FindingRow.document_id == document_id).order_by(FindingRow.id)))
    cache = (conn.engine.url.render_as_string(hide_password=False), document_id, findings)
    found = _CACHE.get(cache)
    if found is None:
        found = _keys(conn, document_id, findings)
        with _LOCK:  # the site computes keys in several threads
            while len(_CACHE) >= CACHE_MAX:
                _CACHE.pop(next(iter(_CACHE)))
            _CACHE[cache] = found
    return dict(found)


def _keys(conn: Connection, document_id: int, findings: tuple) -> dict[int, str]:
    anchors = _anchors(conn, document_id, [f[0] for f in findings])
    out: dict[int, str] = {}
    seen: dict[str, int] = {}
    for fid, rule, measure, basis in findings:
        key = key_of(rule, measure, basis, anchors.get(fid))
        seen[key] = seen.get(key, 0) + 1
        out[fid] = key if seen[key] == 1 else f"{key}#{seen[key]}"
    return out


def _anchors(conn: Connection, document_id: int, ids: list[int]) -> dict[int, dict]:
    """Each finding's first evidence (``position`` 0, as the store numbers it), with its table's
    role and its cell's printed label."""
    if not ids:
        return {}
    first: dict[int, dict] = {}
    rows = conn.execute(select(EvidenceRow.finding_id, EvidenceRow.measure, EvidenceRow.basis,
                               EvidenceRow.table_idx, EvidenceRow.row, EvidenceRow.col,
                               EvidenceRow.text)
                        .where(EvidenceRow.finding_id.in_(ids), EvidenceRow.position == 0)
                        ).mappings()
    for r in rows:
        first.setdefault(r["finding_id"], dict(r))
    # rows unpacked, not Result.tuples() (deprecated in SQLAlchemy 2.1, typed differently in 2.0)
    roles: dict[int, Optional[str]] = {
        idx: role for idx, role in conn.execute(
            select(DocTable.idx, DocTable.role).where(DocTable.document_id == document_id))}
    cells = {(a["table_idx"], a["row"], a["col"]) for a in first.values()
             if a["table_idx"] is not None and a["row"] is not None}
    labels = _labels(conn, document_id, cells)
    for a in first.values():
        if a["table_idx"] is None:
            continue
        a["table_role"] = roles.get(a["table_idx"]) or f"table:{a['table_idx']}"
        a["label"] = labels.get((a["table_idx"], a["row"], a["col"]), "")
    return first


def _labels(conn: Connection, document_id: int, cells: set) -> dict[tuple, str]:
    if not cells:
        return {}
    # rows and tables as two short lists, the exact cells picked here: one tuple-IN parameter per
    # cell cost more to compile than the query took
    stmt = (select(FactRow.table_idx, FactRow.row, FactRow.col, FactRow.label)
            .where(FactRow.document_id == document_id,
                   FactRow.table_idx.in_({c[0] for c in cells}),
                   FactRow.row.in_({c[1] for c in cells})))
    out: dict[tuple, str] = {}
    for t, r, c, label in conn.execute(stmt):
        if (t, r, c) in cells:
            out.setdefault((t, r, c), label or "")
    return out
